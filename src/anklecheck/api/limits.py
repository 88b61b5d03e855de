"""A body size limit in front of the app (pure ASGI, so nothing oversized is ever parsed).

A stated Content-Length over the limit is refused at once; a body sent without one (chunked) is
counted as it arrives and refused as soon as it passes the limit.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from anklecheck.api.errors import body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


# Given the path and the limit: an HTML page to refuse with instead of the JSON error (web pages).
PageFor = Callable[[str, int], bytes | None]


class BodyLimit:
    def __init__(self, app: App, max_bytes: int, page: PageFor | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        page = self.page(scope["path"], self.max_bytes) if self.page else None
        if page is not None:
            await _send(send, 413, b"text/html; charset=utf-8", page)
            return
        content = json.dumps(
            body(
                "payload_too_large",
                f"the request body is over the limit of {self.max_bytes} bytes",
                "body",
                "Send less; a complaint's text is at most 10,000 characters.",
            )
        ).encode()
        await _send(send, 413, b"application/json", content)


async def _send(send: Send, status: int, content_type: bytes, content: bytes) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


def _replay(data: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}
        return await receive()  # after the body: disconnects

    return replay
