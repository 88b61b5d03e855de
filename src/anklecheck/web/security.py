"""Security headers for the web pages, as a pure ASGI middleware.

The API (`/v1`), its OpenAPI document and the Swagger UI at `/docs` (which loads from a CDN with
an inline script) keep their own headers: the strict policy applies to the web pages only.
"""

from __future__ import annotations

from anklecheck.api.limits import App, Message, Receive, Scope, Send

API_PREFIXES = ("/v1", "/openapi.json", "/docs")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # The session link is the only key to a session: never send it to another site.
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# Pages hold health answers and per-visitor form tokens: no cache may keep them. Static files
# (versioned with the package) may be cached.
NO_STORE = (b"cache-control", b"no-store")
STATIC_CACHE = (b"cache-control", b"public, max-age=3600")


def is_web_path(path: str) -> bool:
    return not path.startswith(API_PREFIXES)


class SecurityHeaders:
    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_web_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        cache = STATIC_CACHE if scope["path"].startswith("/static/") else NO_STORE

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message["headers"] = [*headers, *HEADERS, cache]
            await send(message)

        await self.app(scope, receive, with_headers)
