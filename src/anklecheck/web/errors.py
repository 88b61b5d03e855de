"""The one error page of the web app, and the one place that maps errors to it.

The exception handlers of the API (`api/errors.py`) stay in charge of `/v1`, `/docs` and
`/openapi.json`; on every other path the same errors become an HTML page with a status, a
message and a hint. Statuses follow the API's mapping (``classify``); a form without its token
is a 403. Nothing of an unexpected error reaches the page: it is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from anklecheck.api import errors as api_errors
from anklecheck.errors import AnklecheckError, ConflictError, NotFoundError, StorageError
from anklecheck.web.csrf import CsrfError
from anklecheck.web.pages import render_text
from anklecheck.web.security import is_web_path

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.requests import Request
    from starlette.responses import Response

log = logging.getLogger("anklecheck.web")
Handler = Callable[["Request", Exception], Awaitable["Response"]]

TITLES = {
    400: "The request could not be read",
    403: "This form has expired",
    404: "We could not find that page",
    405: "That action is not possible here",
    409: "That answer has already been saved",
    413: "That is too much text",
    422: "Something in the form was not right",
    500: "Something went wrong on our side",
    503: "anklecheck cannot reach its database",
}
HINTS = {
    404: "Check the link. Saved checks are erased on request and after 30 days.",
    405: "Go back to the page you came from.",
    409: "Open the check again: it carries on from the last saved answer.",
    413: "Describe the problem in fewer words (up to 10,000 characters).",
    422: "Go back, correct the form and send it again.",
    500: "Try again later; the problem has been logged.",
    503: "Try again in a few minutes.",
}


def page(status: int, message: str, hint: str = "") -> Response:
    from starlette.responses import HTMLResponse

    body = render_text(
        "error.html", status=status, title=TITLES.get(status, "Something went wrong"), message=message, hint=hint
    )
    return HTMLResponse(body, status_code=status)


def page_bytes(status: int, message: str, hint: str = "") -> bytes:
    return bytes(page(status, message, hint).body)


def for_error(error: Exception) -> Response:
    if isinstance(error, CsrfError):
        return page(403, error.message, error.hint)
    if isinstance(error, AnklecheckError):
        status, _ = api_errors.classify(error)
        if status == 500:
            log.error("internal error: %s", error)
            return page(500, "An internal error stopped this page.", HINTS[500])
        return page(status, _message(error), error.hint or HINTS.get(status, ""))
    status = int(getattr(error, "status_code", 0) or 0)
    if status:  # an HTTP error of the framework: an unknown path or a method not allowed
        return page(status, TITLES.get(status, "Something went wrong") + ".", HINTS.get(status, ""))
    if type(error).__name__ == "RequestValidationError":
        return page(422, "The form was incomplete or a value was not valid.", HINTS[422])
    log.exception("unexpected error", exc_info=error)
    return page(500, "An internal error stopped this page.", HINTS[500])


def _message(error: AnklecheckError) -> str:
    if isinstance(error, NotFoundError):
        return f"There is no saved {error.kind} at this address."
    if isinstance(error, ConflictError):
        return "A different answer was already saved at this step."
    if isinstance(error, StorageError):
        return "Your answers could not be saved or read just now."
    return error.message


def _either(api_handler: Handler) -> Handler:
    async def handler(request: Request, error: Exception) -> Response:
        if is_web_path(request.url.path):
            return for_error(error)
        return await api_handler(request, error)

    return handler


def install(app: FastAPI) -> None:
    """Replace the API's handlers by ones that serve the API's JSON on its paths, pages elsewhere."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    app.add_exception_handler(AnklecheckError, _either(api_errors.on_anklecheck_error))
    app.add_exception_handler(RequestValidationError, _either(api_errors.on_validation_error))
    app.add_exception_handler(HTTPException, _either(api_errors.on_http_error))
    app.add_exception_handler(Exception, _either(api_errors.on_unexpected))
