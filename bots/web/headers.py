"""Security headers on every HTTP response, and the WebSocket origin check."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
}
# Host websites load the widget's script and stylesheet from us; everything else stays ours.
EMBEDDABLE = frozenset({"/widget.js", "/widget.css"})


class SecurityHeaders:
    """ASGI middleware adding CSP and friends to every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        corp = b"cross-origin" if scope["path"] in EMBEDDABLE else b"same-origin"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                extra.append((b"cross-origin-resource-policy", corp))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def split_list(value: str) -> list[str]:
    return [item.strip().rstrip("/").lower() for item in value.split(",") if item.strip()]


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """Browsers always send Origin on a WebSocket: it must be our own site or a listed one.

    A missing Origin means a non-browser client (curl, a load test); those cannot ride on a
    visitor's browser, so cross-site WebSocket hijacking does not apply to them.
    """
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin in allowed:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and bool(host) and parts.netloc == host.lower()
