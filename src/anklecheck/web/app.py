"""Mounting the web app on the service's FastAPI app (`api.app.create_app` calls `install`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    from starlette.staticfiles import StaticFiles

    from anklecheck.web import errors
    from anklecheck.web.routes import router
    from anklecheck.web.security import SecurityHeaders

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    app.add_middleware(SecurityHeaders)
