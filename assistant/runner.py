"""`Assistant`: the one entry point every front end calls to run a turn.

A turn runs synchronously in a worker thread (LangGraph's sync path costs a third of its
async one here); front ends consume its events either blocking (`ask`) or from an event
loop (`stream_turn`). Both enforce the turn's wall-time bound.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from langchain_core.language_models import BaseChatModel

from assistant.agent import build_agent
from assistant.crm.db import Store
from assistant.crm.enums import Channel
from assistant.crm.principal import Principal
from assistant.events import Event, TurnResult
from assistant.providers import build_chat_model
from assistant.settings import Settings
from assistant.turn import Turn
from assistant.workers import Workers

Emit = Callable[[Event], None]


class Assistant:
    """Runs turns for any principal and channel over one store and one model."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        model: BaseChatModel | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ):
        self.settings = settings
        self.clock = clock  # pins "now" for evals and demos; None means the real time
        self.store = store
        self._model = model
        self._agents: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._workers = Workers("deskhand-turn")

    @property
    def model(self) -> BaseChatModel:
        with self._lock:
            if self._model is None:
                self._model = build_chat_model(self.settings)
            return self._model

    @property
    def search(self) -> Any:
        """The retrieval index over this store (`retrieval.index.SearchIndex`), opened lazily;
        servers keep it fresh with `retrieval.sync.BackgroundSyncer(assistant.search)`."""
        with self._lock:
            if getattr(self, "_search", None) is None:
                from retrieval.index import SearchIndex

                self._search = SearchIndex.from_settings(self.settings, self.store)
            return self._search

    def agent_for(self, role: str) -> Any:
        model = self.model
        with self._lock:
            if role not in self._agents:
                self._agents[role] = build_agent(model, role)
            return self._agents[role]

    def _start(
        self, principal: Principal, channel: Channel, text: str, thread_id: str | None, emit: Emit
    ) -> Turn:
        turn = Turn(self, principal, channel)
        self._workers.submit(turn.pump, text, thread_id, emit)
        return turn

    def ask(
        self,
        principal: Principal,
        channel: Channel,
        text: str,
        *,
        thread_id: str | None = None,
        on_event: Emit | None = None,
    ) -> TurnResult:
        """Run one turn to the end, blocking (CLI, Slack workers, tests)."""
        events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        turn = self._start(principal, channel, text, thread_id, events.put)
        deadline = time.monotonic() + self.settings.turn_timeout_s
        while True:
            try:
                event = events.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                event = turn.abandon()
            if on_event:
                on_event(event)
            if event.kind in ("final", "error"):
                return TurnResult.model_validate(event.data)

    async def stream_turn(
        self,
        principal: Principal,
        channel: Channel,
        text: str,
        *,
        thread_id: str | None = None,
    ) -> AsyncIterator[Event]:
        """Run one turn, yielding tokens, tool progress, proposals, then `final` or `error`."""
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[Event | None] = asyncio.Queue()

        def emit(event: Event) -> None:
            loop.call_soon_threadsafe(events.put_nowait, event)

        turn = self._start(principal, channel, text, thread_id, emit)
        # One timer for the turn (None in the queue), not a timeout per event.
        timer = loop.call_later(self.settings.turn_timeout_s, events.put_nowait, None)
        try:
            while True:
                event = await events.get()
                if event is None:  # abandoning writes to the store: not on the event loop
                    event = await asyncio.to_thread(turn.abandon)
                yield event
                if event.kind in ("final", "error"):
                    return
        finally:
            timer.cancel()
