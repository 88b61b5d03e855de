"""The one error shape of the API, and the one place that maps errors to it::

    {"error": {"code": "...", "message": "...", "field": "..." | null, "hint": "..." | null}}

| error (anklecheck.errors or HTTP)        | status | code                |
|------------------------------------------|--------|---------------------|
| InvalidInputError, request validation    | 422    | invalid_input       |
| UnknownIdError                           | 422    | unknown_id          |
| NotFoundError, unknown route             | 404    | not_found           |
| ConflictError                            | 409    | conflict            |
| body over the limit                      | 413    | payload_too_large   |
| StorageError                             | 503    | storage_unavailable |
| KnowledgePackError, EvaluationError, any other exception | 500 | internal_error |

No stack trace or exception text of an unexpected error reaches a client; it is logged instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from anklecheck.errors import (
    AnklecheckError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    StorageError,
    UnknownIdError,
)

if TYPE_CHECKING:
    from fastapi import FastAPI, Request
    from starlette.responses import JSONResponse

log = logging.getLogger("anklecheck.api")

STATUS: list[tuple[type[AnklecheckError], int, str]] = [
    (UnknownIdError, 422, "unknown_id"),
    (InvalidInputError, 422, "invalid_input"),
    (NotFoundError, 404, "not_found"),
    (ConflictError, 409, "conflict"),
    (StorageError, 503, "storage_unavailable"),
]
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large", 415: "unsupported_media_type"}


def body(code: str, message: str, field: str | None = None, hint: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, "hint": hint or None}}


def response(status: int, content: dict[str, Any]) -> JSONResponse:
    from starlette.responses import JSONResponse

    return JSONResponse(content, status_code=status)


def classify(error: AnklecheckError) -> tuple[int, str]:
    for kind, status, code in STATUS:
        if isinstance(error, kind):
            return status, code
    return 500, "internal_error"


def error_field(error: AnklecheckError) -> str | None:
    field = getattr(error, "field", None)  # an UnknownIdError may be told the body field it came from
    if isinstance(field, str):
        return field
    return error.kind if isinstance(error, UnknownIdError) else None


async def on_anklecheck_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AnklecheckError)
    status, code = classify(error)
    if status == 500:  # a broken pack or a bug: the client learns only that it is not their fault
        log.error("internal error: %s", error)
        return response(500, body("internal_error", "internal error", hint="Try again later; it has been logged."))
    return response(status, body(code, error.message, error_field(error), error.hint))


async def on_validation_error(_request: Request, error: Exception) -> JSONResponse:
    errors: list[Any] = list(getattr(error, "errors", list)())
    first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request"}
    location = [_part(part) for part in first.get("loc", ()) if _named(part)]
    field = ".".join(location).replace(".[", "[") or "body"
    message = f"{field}: {first.get('msg', 'invalid')}"
    if first.get("type") == "json_invalid":
        message, field = "the body is not valid JSON", "body"
    return response(422, body("invalid_input", message, field, "See /docs for the expected body."))


def _named(part: object) -> bool:
    """A part of an error location that names a field (not "body", nor a union member's tag such
    as "constrained-int" or "AgeValue")."""
    if isinstance(part, int):
        return True
    text = str(part)
    return text not in ("body", "query", "path") and text.isidentifier() and not text[0].isupper()


def _part(part: object) -> str:
    return f"[{part}]" if isinstance(part, int) else str(part)


async def on_http_error(request: Request, error: Exception) -> JSONResponse:
    status = int(getattr(error, "status_code", 500))
    if status == 400:  # FastAPI's "error parsing the body": a malformed body, like any other bad input
        return response(422, body("invalid_input", "the body is not valid JSON", "body", "Send a JSON object."))
    code = HTTP_CODES.get(status, "http_error")
    detail = getattr(error, "detail", "") or code.replace("_", " ")
    answer = response(status, body(code, str(detail), hint="See /docs for the endpoints." if status == 404 else None))
    answer.headers.update(getattr(error, "headers", None) or {})
    if status == 405:  # Allow lists every method of the path, not only those of the first route matched
        answer.headers["allow"] = ", ".join(_allowed(request))
    return answer


def _allowed(request: Request) -> list[str]:
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


async def on_unexpected(_request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=error)
    return response(500, body("internal_error", "internal error", hint="Try again later; it has been logged."))


def install(app: FastAPI) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    app.add_exception_handler(AnklecheckError, on_anklecheck_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)


DESCRIPTIONS = {
    404: "Unknown id",
    409: "A different answer already has this number",
    413: "Body over the size limit",
    422: "Invalid input: the field is named",
    503: "The database is unavailable",
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses of a route, for the OpenAPI document (all share one shape)."""
    from anklecheck.api.models import ErrorResponse

    return {status: {"model": ErrorResponse, "description": DESCRIPTIONS[status]} for status in (413, 422, *statuses)}
