"""The FastAPI application: `create_app()` builds it (uvicorn: ``--factory``).

Stateless apart from the database: every worker loads the knowledge pack and keeps its own
cache of interview steps; sessions live only in the database, so any number of workers on any
number of hosts can serve one PostgreSQL.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from anklecheck import __version__
from anklecheck.api import errors
from anklecheck.api.service import Service

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("anklecheck.api")
DESCRIPTION = """What is likely wrong with an ankle, foot or lower leg after exercise, how urgent it is,
and what to do. **Not a diagnosis.** Every error has one shape:
`{"error": {"code", "message", "field", "hint"}}`. See docs/api.md."""


def create_app(service: Service | None = None, *, purge_on_start: bool = True) -> FastAPI:
    from fastapi import FastAPI

    from anklecheck.api.limits import BodyLimit
    from anklecheck.api.routes import router
    from anklecheck.api.routes_sessions import router as sessions_router
    from anklecheck.web.app import install as install_web

    service = service or Service()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if purge_on_start and service.settings.retention_days:
            _purge(service)
        _settle(service)
        yield
        service.close()

    app = FastAPI(
        title="anklecheck",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.service = service
    errors.install(app)
    app.include_router(router, prefix="/v1")
    app.include_router(sessions_router, prefix="/v1")
    app.openapi = lambda: _openapi(app, service)  # type: ignore[method-assign]
    install_web(app)  # the pages at / (after the API: its routes and error handlers come first)
    app.add_middleware(BodyLimit, max_bytes=service.settings.max_body_bytes, page=_too_large_page)
    return app


def _too_large_page(path: str, max_bytes: int) -> bytes | None:
    """On a web page, a body over the limit gets the web's error page, not the API's JSON."""
    from anklecheck.web.errors import page_bytes
    from anklecheck.web.security import is_web_path

    if not is_web_path(path):
        return None
    return page_bytes(413, f"The form sent more than {max_bytes:,} bytes.", "Describe the problem in fewer words.")


def _settle(service: Service) -> None:
    """Build what the worker keeps for its whole life, then hide it from the cyclic collector.

    Without this, every full collection walked the knowledge pack, FastAPI's models and spaCy's
    vocabulary: about 90 ms a time, a dozen times in 20 s of load, which was the API's whole p99
    (61 ms; 7 ms after). The objects are never freed anyway, so freezing them costs nothing.
    """
    service.checker.parse("sore ankle after a run")  # loads spaCy and the matchers (else: on first text)
    gc.collect()
    gc.freeze()


def _purge(service: Service) -> None:
    from anklecheck.store.repository import utcnow

    erased = service.store.purge(utcnow() - timedelta(days=service.settings.retention_days))
    if erased:
        log.info("purged %d sessions older than %d days", erased, service.settings.retention_days)


def _openapi(app: FastAPI, service: Service) -> dict[str, Any]:
    """The generated document, with the pack's finding and condition ids as enums (so that
    clients and property-based testers know the valid ids)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = schema["components"]["schemas"]
    finding_ids = sorted(service.checker.findings)
    condition_ids = sorted(service.checker.conditions)
    schemas["EvidenceItem"]["properties"]["id"]["enum"] = finding_ids
    schemas["ExplainRequest"]["properties"]["target"]["enum"] = condition_ids
    for parameter in schema["paths"]["/v1/conditions/{condition_id}"]["get"]["parameters"]:
        if parameter["name"] == "condition_id":
            parameter["schema"]["enum"] = condition_ids
    app.openapi_schema = schema
    return schema
