"""One widget connection: hello, then the visitor's messages until they leave or go idle.

The conversation is created lazily (on the first message, handoff or details), so page views
that never chat leave nothing in the store. Turns run as tasks, one at a time per
conversation, so confirmations and feedback are handled while an answer streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool as run
from starlette.websockets import WebSocket, WebSocketDisconnect

from assistant.crm import conversations
from assistant.crm.enums import ConversationOwner
from assistant.crm.models import Conversation
from assistant.crm.principal import ANONYMOUS, Principal
from assistant.errors import NotFound
from bots.web import history, identity, people, talk
from bots.web.hub import Hub
from bots.web.protocol import IDLE, INCOMING, POLICY, TEXTS, TOO_BIG, Hello, Incoming

log = logging.getLogger(__name__)
HELLO_TIMEOUT_S = 10.0
MAX_BAD_MESSAGES = 5


class Closed(Exception):
    """The connection is over (the visitor left, went idle, or broke the protocol)."""


class ChatSession:
    """The state of one connection; `bots.web.talk` holds what each message does."""

    def __init__(self, hub: Hub, ws: WebSocket, ip: str):
        self.hub = hub
        self.ws = ws
        self.ip = ip
        self.visitor = identity.Visitor(ANONYMOUS)
        self.conv: Conversation | None = None
        self.owner = ConversationOwner.AI
        self.ended = False
        self.turn: asyncio.Task[None] | None = None
        self.queued = False  # a message waits for the answer before it
        self.relay: asyncio.Task[None] | None = None
        self.pending_handoff: Any = None
        self.shown = 0  # the last staff reply on the handoff case this visitor has seen
        self.closed = False
        self._bad = 0
        self._send_lock = asyncio.Lock()

    @property
    def principal(self) -> Principal:
        return self.visitor.principal

    async def send(self, type: str, **data: Any) -> None:
        """Send one message; a gone visitor is not an error (the turn still finishes)."""
        if self.closed:
            return
        try:
            async with self._send_lock:
                await self.ws.send_text(json.dumps({"type": type, **data}, ensure_ascii=False))
        except (WebSocketDisconnect, RuntimeError, OSError):
            self.closed = True

    async def error(self, code: str, **fmt: Any) -> None:
        await self.send("error", code=code, text=TEXTS[code].format(**fmt))

    async def close(self, code: int, reason: str = "") -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(RuntimeError, OSError):
                await self.ws.close(code=code, reason=reason)
        raise Closed(reason)

    # --- receiving ---------------------------------------------------------------------------
    async def receive(self, timeout: float) -> Incoming | None:
        try:
            raw = await asyncio.wait_for(self.ws.receive(), timeout)
        except TimeoutError:
            return None
        if raw["type"] == "websocket.disconnect":
            self.closed = True
            raise Closed("left")
        text = raw.get("text") or (raw.get("bytes") or b"").decode("utf-8", "replace")
        if len(text.encode()) > self.hub.settings.web_max_frame_bytes:
            await self.close(TOO_BIG, "message too big")
        try:
            return INCOMING.validate_json(text)
        except ValidationError:
            self._bad += 1
            log.info("malformed chat message from %s (%d)", self.ip, self._bad)
            if self._bad >= MAX_BAD_MESSAGES:
                await self.close(POLICY, "malformed messages")
            await self.error("bad_request")
            return await self.receive(timeout)

    async def run(self) -> None:
        try:
            hello = await self.receive(HELLO_TIMEOUT_S)
            if not isinstance(hello, Hello):
                await self.close(POLICY, "hello expected")
            await self.start(hello)
            while True:
                message = await self.receive(self.hub.settings.web_idle_timeout_s)
                if message is None:
                    await self.close(IDLE, "idle")
                await talk.dispatch(self, message)
        except Closed:
            pass
        finally:
            self.closed = True
            if self.relay:
                self.relay.cancel()
            if self.turn and not self.turn.done():
                self.hub.background(self.turn)  # let the answer finish and be saved

    # --- the conversation --------------------------------------------------------------------
    async def start(self, hello: Hello) -> None:
        hub = self.hub
        secret = hub.settings.widget_secret.get_secret_value()
        self.visitor = await run(identity.visitor_for, hub.store, secret, hello.token)
        if hello.conversation and hello.resume_key:
            try:
                self.conv = await run(
                    conversations.resume,
                    hub.store,
                    self.principal,
                    hello.conversation,
                    hello.resume_key,
                )
            except NotFound:
                log.info("%s could not resume %s; starting afresh", self.ip, hello.conversation)
        items = await run(history.load, hub.store, self.conv.thread_id) if self.conv else []
        if self.conv:
            self.owner = self.conv.owner
            self.shown = self.conv.relayed_activity_id
        host = self.ws.headers.get("host", "")
        await self.send(
            "ready",
            conversation=self.conv.id if self.conv else None,
            visitor={"name": self.principal.name, "signed_in": self.visitor.signed_in},
            owner=self.owner.value,
            notice=self.visitor.notice,
            history=items,
            link_hosts=hub.link_hosts(host),
            max_chars=hub.settings.max_message_chars,
        )
        if self.owner == ConversationOwner.HUMAN:
            self.relay = asyncio.create_task(people.relay(self))

    async def conversation(self) -> Conversation:
        """The conversation, started on first use (its resume key is sent once)."""
        if self.conv is None:
            started = await run(conversations.start, self.hub.store, self.principal)
            self.conv = started.conversation
            await self.send(
                "conversation", conversation=self.conv.id, resume_key=started.resume_key
            )
            log.info("conversation %s started for %s", self.conv.id, self.principal.key)
        return self.conv
