"""The chat WebSocket: admission (origin, per-address rate, session cap), then a session."""

from __future__ import annotations

import logging

from fastapi import APIRouter, WebSocket

from bots.web.headers import origin_allowed
from bots.web.hub import Hub
from bots.web.protocol import BUSY, POLICY, SLOW_DOWN, TEXTS
from bots.web.session import ChatSession

log = logging.getLogger(__name__)
router = APIRouter()


async def _refuse(ws: WebSocket, code: int, text_key: str) -> None:
    """Accept only to say why, then close: the widget shows the text instead of spinning."""
    await ws.accept()
    await ws.send_json({"type": "error", "code": text_key, "text": TEXTS[text_key]})
    await ws.close(code=code, reason=text_key)


@router.websocket("/chat")
async def chat(ws: WebSocket) -> None:
    hub: Hub = ws.app.state.hub
    ip = ws.client.host if ws.client else "unknown"
    origin = ws.headers.get("origin")
    if not origin_allowed(origin, ws.headers.get("host"), hub.allowed_origins):
        log.warning("chat from %s refused: origin %r is not allowed", ip, origin)
        await ws.close(code=POLICY)  # before accept: the handshake fails with 403
        return
    if not hub.ip_connections.allow(ip):
        log.warning("chat from %s refused: too many connections", ip)
        await _refuse(ws, SLOW_DOWN, "too_many_connections")
        return
    if not hub.sessions.acquire():
        log.warning("chat from %s refused: %d sessions open", ip, hub.sessions.active)
        await _refuse(ws, BUSY, "busy")
        return
    try:
        await ws.accept()
        await ChatSession(hub, ws, ip).run()
    finally:
        hub.sessions.release()
