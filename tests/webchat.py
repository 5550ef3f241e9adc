"""Helpers for the web chat tests: a real uvicorn in a thread, a WebSocket client, tokens."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import websockets
from sqlalchemy import select, text

from assistant.crm.db import Store
from assistant.crm.models import Case
from assistant.runner import Assistant
from assistant.scripted import ScriptedChatModel
from assistant.settings import Settings
from bots.web.app import create_app
from bots.web.identity import mint_token
from bots.web.server import running

TIMEOUT = 15.0
DANA = "dana@acme.example"
HANK = "hank@globex.example"


@dataclass
class CollectingNotifier:
    sent: list[str] = field(default_factory=list)

    def notify(self, text: str) -> None:
        self.sent.append(text)


@dataclass
class Served:
    url: str
    settings: Settings
    store: Store
    notifier: CollectingNotifier

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/chat"

    def token(self, email: str, *, ttl_s: int = 600, secret: str | None = None) -> str:
        key = secret or self.settings.widget_secret.get_secret_value()
        return mint_token(key, email, ttl_s=ttl_s)


@contextmanager
def served(
    store: Store,
    settings: Settings,
    *steps: dict[str, Any],
    model: Any = None,
    assistant: Assistant | None = None,
    port: int | None = None,
    **overrides: Any,
) -> Iterator[Served]:
    """A real server over `store`; the scripted model plays `steps` across all turns."""
    settings = settings.model_copy(update=overrides)
    notifier = CollectingNotifier()
    bot = assistant or Assistant(
        settings, store, model=model or ScriptedChatModel(steps=list(steps))
    )
    app = create_app(settings, store, bot, notifier=notifier, relay_interval_s=0.1)
    with running(app, settings, port=port) as url:
        yield Served(url, settings, store, notifier)


class Chat:
    """One widget connection, driven by a test."""

    def __init__(self, server: Served, *, origin: str | None = None):
        self.server = server
        self.headers = {"Origin": origin} if origin else None
        self.ws: Any = None
        self.seen: list[dict[str, Any]] = []

    async def __aenter__(self) -> Chat:
        self.ws = await websockets.connect(
            self.server.ws_url, additional_headers=self.headers, max_size=None, open_timeout=10
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    async def send(self, **message: Any) -> None:
        await self.ws.send(json.dumps(message))

    async def recv(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.seen.append(message)
        return message

    async def until(self, *types: str, timeout: float = TIMEOUT) -> list[dict[str, Any]]:
        """Messages up to and including the first of one of `types`."""
        got = []
        while True:
            message = await self.recv(timeout)
            got.append(message)
            if message["type"] in types:
                return got

    async def hello(self, token: str | None = None, **resume: Any) -> dict[str, Any]:
        await self.send(type="hello", token=token, **resume)
        return await self.recv()

    async def ask(self, text: str) -> list[dict[str, Any]]:
        await self.send(type="message", text=text)
        return await self.until("answer", "error", "handoff", "delivered", "need_details")

    async def closed_with(self, timeout: float = TIMEOUT) -> int:
        """Wait for the server to close the connection; returns the close code."""
        try:
            while True:
                await self.recv(timeout)
        except websockets.ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd else exc.code


def case_number(store: Store, subject: str) -> str:
    with store.read() as s:
        return s.scalar(select(Case.number).where(Case.subject == subject))


def mark_migrated(store: Store) -> None:
    """The demo fixture is built with create_all; readiness wants Alembic's table too."""
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))


def by_type(messages: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [m for m in messages if m["type"] == kind]
