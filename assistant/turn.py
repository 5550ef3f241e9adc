"""One agent turn: history in, events out, the thread saved, failures made safe."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import openai
from langchain_core.messages import (
    AIMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langgraph.errors import GraphRecursionError

from assistant import threads
from assistant.crm.actions import cancel_many
from assistant.crm.enums import Channel
from assistant.crm.principal import Principal
from assistant.errors import DeskhandError, InvalidInput, ProviderError
from assistant.events import Event, ToolCallRecord, TurnResult
from assistant.prompts import system_prompt
from assistant.settings import Settings
from assistant.streaming import TokenRelay
from tools.context import ToolContext

if TYPE_CHECKING:
    from assistant.runner import Assistant

log = logging.getLogger(__name__)

NOTHING_CHANGED = "Nothing was changed."
EXPECTED_FAILURES = (DeskhandError, openai.APIError, GraphRecursionError)


def friendly(exc: BaseException, settings: Settings) -> str:
    """The fixed text a user sees for a failure; details stay in the log."""
    if isinstance(exc, DeskhandError):
        return str(exc)
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return f"The model did not answer in time. {NOTHING_CHANGED} Please try again."
    if isinstance(exc, openai.RateLimitError):
        return f"The model provider is busy (rate limited). {NOTHING_CHANGED} Try again shortly."
    if isinstance(exc, openai.AuthenticationError):
        return f"The model provider rejected our API key. {NOTHING_CHANGED} Check DESKHAND_API_KEY."
    if isinstance(exc, openai.APIError):
        return f"The model provider returned an error. {NOTHING_CHANGED} Please try again."
    if isinstance(exc, GraphRecursionError):
        return (
            f"I could not finish this in {settings.max_steps} steps. {NOTHING_CHANGED} "
            "Try a more specific request."
        )
    return f"Something went wrong on our side. {NOTHING_CHANGED} Please try again."


class Turn:
    """Runs in a worker thread; `abandon` may be called from the consumer on timeout."""

    def __init__(self, assistant: Assistant, principal: Principal, channel: Channel):
        self.a = assistant
        self.settings = assistant.settings
        self.principal = principal
        self.channel = channel
        self.thread_id: str | None = None
        self.calls: dict[str, ToolCallRecord] = {}
        self.new_messages: list[Any] = []
        self.ctx: ToolContext | None = None
        self._emit: Callable[[Event], None] = lambda event: None
        self._finished = False
        self._lock = threading.Lock()

    # --- ending a turn (exactly once) --------------------------------------------------------
    def _result(self, answer: str, *, error: bool = False) -> dict[str, Any]:
        ctx = self.ctx
        return TurnResult(
            answer=answer,
            thread=self.thread_id,
            tool_calls=list(self.calls.values()),
            pending_actions=[p.model_dump() for p in ctx.proposals] if ctx else [],
            citations=[c.model_dump() for c in ctx.citations] if ctx else [],
            error=error,
        ).model_dump(mode="json")

    def _claim_end(self) -> bool:
        with self._lock:
            if self._finished:
                return False
            self._finished = True
            if self.ctx:
                self.ctx.closed = True
            return True

    def fail(self, message: str) -> Event | None:
        """End the turn with a safe message: withdraw its proposals, note it in the thread."""
        if not self._claim_end():
            return None
        if self.ctx and self.ctx.proposals:
            cancel_many(self.a.store, [p.id for p in self.ctx.proposals])
            self.ctx.proposals.clear()
        if self.thread_id:
            try:
                threads.append(
                    self.a.store,
                    self.thread_id,
                    [*self.new_messages[:1], AIMessage(content=message)],
                )
            except DeskhandError:
                log.error("could not save the failed turn to %s", self.thread_id)
        return Event(kind="error", data=self._result(message, error=True))

    def abandon(self) -> Event:
        """The consumer's deadline passed: stop here, whatever the worker is doing."""
        log.warning("turn timed out after %ss", self.settings.turn_timeout_s)
        event = self.fail(
            f"That took longer than {self.settings.turn_timeout_s:g} seconds, so "
            f"I stopped. {NOTHING_CHANGED}"
        )
        return event or Event(
            kind="error", data=self._result("The turn already ended.", error=True)
        )

    # --- running -----------------------------------------------------------------------------
    def pump(self, text: str, thread_id: str | None, emit: Callable[[Event], None]) -> None:
        """Worker-thread body: emit every event of the turn, ending in `final` or `error`."""
        self._emit = emit
        try:
            for event in self._events(text, thread_id):
                if self._finished and event.kind != "final":
                    return
                emit(event)
        except Exception as exc:  # every failure ends the turn with a fixed, safe message
            expected = isinstance(exc, EXPECTED_FAILURES)
            log.log(
                logging.WARNING if expected else logging.ERROR,
                "turn failed: %r",
                exc,
                exc_info=not expected,
            )
            if event := self.fail(friendly(exc, self.settings)):
                emit(event)

    def _events(self, text: str, thread_id: str | None) -> Iterator[Event]:
        text = text.strip()
        limit = self.settings.max_message_chars
        if not text:
            raise InvalidInput("Your message is empty.")
        if len(text) > limit:
            raise InvalidInput(
                f"Your message is {len(text):,} characters; the limit is "
                f"{limit:,}. Please shorten it."
            )
        store = self.a.store
        agent = self.a.agent_for(self.principal.role)
        self.thread_id = threads.open_thread(store, self.principal, self.channel, thread_id)
        past = (
            threads.history(store, self.thread_id, limit=self.settings.history_messages)
            if thread_id
            else []
        )
        self.ctx = ToolContext(
            store=store,
            principal=self.principal,
            channel=self.channel,
            thread_id=self.thread_id,
            pending_ttl_s=self.settings.pending_ttl_s,
            clock=self.a.clock() if self.a.clock else None,
            search=self.a.search,
        )
        human = HumanMessage(content=text)
        self.new_messages = [human]
        prompt = SystemMessage(
            content=system_prompt(self.principal, self.channel, today=self.ctx.now().date())
        )
        answer = ""
        seen_proposals = 0
        # Tokens go straight to `emit` from the model's callback; the graph streams updates.
        stream = agent.stream(
            {"messages": [prompt, *past, human]},
            context=self.ctx,
            config={
                "recursion_limit": 2 * self.settings.max_steps,
                "callbacks": [TokenRelay(self._token)],
            },
            stream_mode="updates",
        )
        for payload in stream:
            if self._finished:
                return
            for update in payload.values():
                for message in (update or {}).get("messages", []):
                    self.new_messages.append(message)
                    if isinstance(message, AIMessage):
                        yield from self._on_model_message(message)
                        if not message.tool_calls:
                            answer = message.content if isinstance(message.content, str) else ""
                    elif isinstance(message, ToolMessage):
                        yield self._on_tool_message(message)
            for proposal in self.ctx.proposals[seen_proposals:]:
                yield Event(kind="pending_action", data=proposal.model_dump())
            seen_proposals = len(self.ctx.proposals)
        if not answer.strip():
            raise ProviderError(
                f"The model gave no answer. {NOTHING_CHANGED} Please rephrase your request."
            )
        threads.append(store, self.thread_id, self.new_messages)
        if self._claim_end():
            yield Event(kind="final", data=self._result(answer))

    def _token(self, text: str) -> None:
        if not self._finished:
            self._emit(Event(kind="token", data={"text": text}))

    def _on_model_message(self, message: AIMessage) -> Iterator[Event]:
        if message.invalid_tool_calls:
            raise ProviderError(
                "The model produced a malformed tool call. "
                f"{NOTHING_CHANGED} Please rephrase your request."
            )
        for call in message.tool_calls:
            self.calls[call["id"]] = ToolCallRecord(name=call["name"], args=call["args"], ok=False)
            yield Event(kind="tool_start", data={"name": call["name"], "args": call["args"]})

    def _on_tool_message(self, message: ToolMessage) -> Event:
        record = self.calls.get(message.tool_call_id)
        artifact = message.artifact if isinstance(message.artifact, dict) else None
        if record is not None:
            if artifact is not None:
                record.ok = bool(artifact.get("ok"))
                record.result = artifact.get("result")
                record.error = artifact.get("error")
            else:  # LangChain's own errors: unknown tool, arguments of the wrong type
                record.ok = False
                record.error = str(message.content)[:500]
        name = record.name if record else message.name
        return Event(kind="tool_end", data={"name": name, "ok": bool(record and record.ok)})
