"""Rendering: one Jinja2 environment (autoescaped), and HTML responses with the form token."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from anklecheck import __version__
from anklecheck.web import csrf

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import HTMLResponse


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("anklecheck.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a missing value is a bug to see in the tests, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, today=date.today)
    return env


def render_text(name: str, **context: Any) -> str:
    context.setdefault("csrf_token", "")
    context.setdefault("path", "/")
    return environment().get_template(name).render(**context)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    from starlette.responses import HTMLResponse

    context.update(csrf_token=csrf.token(request), path=request.url.path)
    response = HTMLResponse(render_text(name, **context), status_code=status)
    csrf.remember(request, response)
    return response
