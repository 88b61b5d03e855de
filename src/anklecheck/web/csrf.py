"""CSRF protection for every POST form: a double-submit token.

A random token lives in a cookie (HttpOnly, SameSite=Strict) and in a hidden field of each form;
a POST is accepted only when both are present and equal. No server secret is needed, so any
worker on any host accepts a form another one rendered.
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING

from anklecheck.errors import AnklecheckError

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

COOKIE = "anklecheck_csrf"
FIELD = "csrf_token"


class CsrfError(AnklecheckError):
    """A form sent without the token of the page it came from (or with cookies blocked)."""

    hint = "Go back, reload the page and send the form again. anklecheck needs cookies enabled for its forms."

    def __init__(self) -> None:
        super().__init__("this form has expired or did not come from anklecheck")


def token(request: Request) -> str:
    """The visitor's token: the cookie's, or a new one (set on the response by `remember`)."""
    existing = request.cookies.get(COOKIE, "")
    if _valid(existing):
        return existing
    made: str = getattr(request.state, "csrf_new", "") or secrets.token_urlsafe(32)
    request.state.csrf_new = made
    return made


def remember(request: Request, response: Response) -> None:
    made = getattr(request.state, "csrf_new", "")
    if made:
        secure = request.url.scheme == "https"
        response.set_cookie(COOKIE, made, httponly=True, samesite="strict", secure=secure, path="/")


def check(request: Request, sent: object) -> None:
    cookie = request.cookies.get(COOKIE, "")
    if not (_valid(cookie) and isinstance(sent, str) and hmac.compare_digest(cookie, sent)):
        raise CsrfError


def _valid(value: str) -> bool:
    return 32 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()
