"""Rate limits, the session cap and the HTTP body cap, for one server process.

The limiters live in memory: with several web workers each enforces its own share (put them
in Redis or the database when scaling out; see docs/architecture.md).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RateLimiter:
    """At most `limit` events per key in any `window_s` seconds (sliding window)."""

    def __init__(self, limit: int, window_s: float = 60.0, *, max_keys: int = 100_000):
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str, *, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        hits = self._hits.pop(key, None) or deque()
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        allowed = len(hits) < self.limit
        if allowed:
            hits.append(now)
        self._hits[key] = hits  # most recently used last
        while len(self._hits) > self.max_keys:
            self._hits.popitem(last=False)
        return allowed


class SessionSlots:
    """A cap on concurrent chat connections; over it, new ones are told the server is busy."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.active = 0

    def acquire(self) -> bool:
        if self.active >= self.capacity:
            return False
        self.active += 1
        return True

    def release(self) -> None:
        self.active = max(0, self.active - 1)


class BodyLimit:
    """ASGI middleware: HTTP request bodies over `max_bytes` get 413 (Starlette has no cap).

    A declared Content-Length is checked up front; a streamed (chunked) body is read here, up
    to the cap, before the app sees it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await _too_large(send)
                return
            await self.app(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await _too_large(send)
                return
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send) -> None:
    body = b"Request body too large."
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})
