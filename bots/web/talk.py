"""What each widget message does: answer with the assistant, decide on proposals, rate."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool as run

from assistant import signals, threads
from assistant.crm import actions, conversations, feedback, handoff
from assistant.crm.enums import Channel, ConversationOwner, HandoffReason
from assistant.crm.models import PendingAction, ThreadMessage
from assistant.errors import DeskhandError, NotFound
from assistant.events import Event
from bots.web import people
from bots.web.frames import TokenFrames
from bots.web.protocol import (
    DEFAULT_TOOL_LABEL,
    TEXTS,
    TOOL_LABELS,
    AskPerson,
    Csat,
    Decide,
    Details,
    End,
    Hello,
    Incoming,
    Ping,
    Rate,
    Say,
)

if TYPE_CHECKING:
    from bots.web.session import ChatSession

log = logging.getLogger(__name__)


async def dispatch(session: ChatSession, message: Incoming) -> None:
    if isinstance(message, Ping):
        await session.send("pong")
        return
    if isinstance(message, Hello):
        await session.error("bad_request")
        return
    if not session.hub.ip_messages.allow(session.ip):
        log.info("rate limited %s (address)", session.ip)
        await session.error("slow_down")
        return
    try:
        await _HANDLERS[type(message)](session, message)
    except DeskhandError as exc:  # their texts are safe to show, by contract (errors.py)
        log.info("chat message %s refused: %s", message.type, exc)
        await session.send("error", code="refused", text=str(exc))
    except Exception:
        log.exception("chat message %s failed", message.type)
        await session.error("server_error")


async def say(session: ChatSession, message: Say) -> None:
    text, limit = message.text.strip(), session.hub.settings.max_message_chars
    if not text:
        return await session.error("empty")
    if len(text) > limit:
        return await session.error("too_long", length=len(text), limit=limit)
    if session.ended:
        return await session.error("ended")
    previous = session.turn if session.turn and not session.turn.done() else None
    if previous and session.queued:  # one answer running and one waiting is enough
        return await session.error("wait")
    conv = await session.conversation()
    if not session.hub.conversation_messages.allow(conv.id):
        log.info("rate limited %s (conversation %s)", session.ip, conv.id)
        return await session.error("slow_down")
    session.queued = previous is not None
    session.turn = asyncio.create_task(answer(session, text, after=previous))


async def answer(session: ChatSession, text: str, *, after: asyncio.Task | None = None) -> None:
    """One visitor message: to the person who owns the chat, to a handoff, or to the assistant.

    Messages of one conversation are answered one after another, in order.
    """
    if after is not None:
        await after  # never raises: every answer handles its own failures
        session.queued = False
    hub, conv, p = session.hub, session.conv, session.principal
    try:
        if session.owner == ConversationOwner.HUMAN:
            await run(handoff.customer_message, hub.store, conv.id, p, text)
            return await session.send("delivered", text=TEXTS["delivered"])
        if reason := signals.handoff_reason(text):
            await run(threads.append, hub.store, conv.thread_id, [HumanMessage(content=text)])
            return await people.hand_off(session, reason)
        await session.send("turn")
        tokens = TokenFrames(session)
        async for event in hub.assistant.stream_turn(
            p, Channel.WEB, text, thread_id=conv.thread_id
        ):
            if event.kind == "token":
                await tokens.add(event.data["text"])
                continue
            await tokens.flush()
            if event.kind != "error":
                await forward(session, event)
                continue
            # Count first, so a message sent right after the answer sees the new state.
            failures = await run(conversations.count_failure, hub.store, conv.id)
            await forward(session, event)
            if failures >= hub.settings.web_handoff_after_failures:
                await people.hand_off(session, HandoffReason.FAILURES)
    except Exception:
        log.exception("answering in %s failed", conv.id)
        await session.error("server_error")


async def forward(session: ChatSession, event: Event) -> None:
    """Tool progress, proposals and the end of a turn (tokens go through `TokenFrames`)."""
    data = event.data
    if event.kind in ("tool_start", "tool_end"):
        name = data.get("name", "")
        state = "start" if event.kind == "tool_start" else "end"
        label = TOOL_LABELS.get(name, DEFAULT_TOOL_LABEL)
        await session.send("tool", state=state, name=name, label=label, ok=data.get("ok"))
    elif event.kind == "pending_action":
        card = {"id": data["id"], "preview": data["preview"], "status": "pending"}
        await session.send("action", action=card)
    elif event.kind == "final":
        seq = await run(_last_answer_seq, session.hub.store, session.conv.thread_id)
        cards = [
            {"id": a["id"], "preview": a["preview"], "status": a["status"]}
            for a in data["pending_actions"]
        ]
        await session.send(
            "answer", id=seq, text=data["answer"], citations=data["citations"], actions=cards
        )
    elif event.kind == "error":
        await session.send("answer", id=None, text=data["answer"], error=True)


def _last_answer_seq(store, thread_id: str) -> int | None:
    with store.read() as s:
        return s.scalar(
            select(func.max(ThreadMessage.seq)).where(ThreadMessage.thread_id == thread_id)
        )


async def count_failure(session: ChatSession) -> None:
    hub = session.hub
    failures = await run(conversations.count_failure, hub.store, session.conv.id)
    if failures >= hub.settings.web_handoff_after_failures:
        await people.hand_off(session, HandoffReason.FAILURES)


def _decide(session: ChatSession, action_id: str, confirm: bool) -> dict[str, Any]:
    store, conv, p = session.hub.store, session.conv, session.principal
    with store.read() as s:
        action = s.get(PendingAction, action_id)
    # Only actions proposed in this very conversation, to this very visitor.
    if conv is None or action is None or action.thread_id != conv.thread_id:
        raise NotFound(TEXTS["action_gone"])
    if confirm:
        done = actions.confirm(store, action_id, p, channel=Channel.WEB)
        return {"status": done.status, "text": (done.result or {}).get("summary", "")}
    actions.cancel(store, action_id, p)
    return {"status": "cancelled", "text": TEXTS["cancelled"]}


async def decide(session: ChatSession, message: Decide) -> None:
    try:
        outcome = await run(_decide, session, message.action_id, message.type == "confirm")
    except NotFound:
        log.info("%s tried %s on %s: not theirs", session.ip, message.type, message.action_id)
        outcome = {"status": "unavailable", "text": TEXTS["action_gone"]}
    except DeskhandError as exc:
        outcome = {"status": "failed", "text": str(exc)}
    await session.send("action_result", id=message.action_id, **outcome)


async def rate(session: ChatSession, message: Rate) -> None:
    hub, up = session.hub, message.rating == "up"
    if session.conv is None:
        return await session.error("no_answer")
    try:
        previous = await run(
            feedback.rate_answer,
            hub.store,
            session.conv.id,
            session.principal,
            seq=message.message_id,
            up=up,
            comment=message.comment,
        )
    except NotFound:
        return await session.error("no_answer")
    await session.send("feedback_saved", id=message.message_id, text=TEXTS["feedback_saved"])
    if up:
        await run(conversations.reset_failures, hub.store, session.conv.id)
    elif previous != 1 and session.owner == ConversationOwner.AI:  # a new thumbs down
        await count_failure(session)


async def end(session: ChatSession, message: End) -> None:
    if session.conv is not None:
        await run(conversations.end, session.hub.store, session.conv.id)
    session.ended = True
    await session.send("ended", csat=session.conv is not None)


async def csat(session: ChatSession, message: Csat) -> None:
    if session.conv is None:
        return await session.error("ended")
    await run(
        feedback.rate_conversation,
        session.hub.store,
        session.conv.id,
        session.principal,
        score=message.score,
        comment=message.comment,
    )
    await session.send("csat_saved", text=TEXTS["csat_saved"])


async def ask_person(session: ChatSession, message: AskPerson) -> None:
    await session.conversation()
    await people.hand_off(session, HandoffReason.REQUESTED)


async def details(session: ChatSession, message: Details) -> None:
    await people.leave_details(session, message)


_HANDLERS = {
    Say: say,
    Decide: decide,
    Rate: rate,
    End: end,
    Csat: csat,
    AskPerson: ask_person,
    Details: details,
}
