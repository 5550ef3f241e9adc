"""The human side of a chat: handoff to support, their replies, and visitors' contact details."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool as run

from assistant import threads
from assistant.crm import handoff, leads
from assistant.crm.enums import ConversationOwner, HandoffReason
from bots.web.protocol import TEXTS, Details

if TYPE_CHECKING:
    from bots.web.session import ChatSession

log = logging.getLogger(__name__)
APOLOGY = {
    HandoffReason.FAILURES: TEXTS["handoff_failures"],
    HandoffReason.UPSET: TEXTS["handoff_upset"],
}


async def hand_off(session: ChatSession, reason: HandoffReason) -> None:
    """Give the conversation to a person: a case with the transcript, support notified."""
    hub = session.hub
    conv = await session.conversation()
    try:
        done = await run(handoff.hand_off, hub.store, conv.id, session.principal, reason)
    except handoff.NeedsContactDetails:
        session.pending_handoff = reason
        await session.send("need_details", text=TEXTS["need_details"])
        return
    session.pending_handoff = None
    text = APOLOGY.get(reason, "") + TEXTS["handoff"].format(case=done.case_number)
    await run(threads.append, hub.store, conv.thread_id, [handoff.marked("notice", text)])
    session.owner = ConversationOwner.HUMAN
    session.shown = done.last_activity_id
    await session.send("handoff", case=done.case_number, owner="human", text=text)
    log.info("conversation %s handed to a person: %s (%s)", conv.id, done.case_number, reason)
    who = session.principal.label() if session.visitor.signed_in else "a web visitor"
    hub.background(
        run(
            hub.notifier.notify,
            f"Chat handoff: case {done.case_number} ({'new' if done.opened else 'updated'}), "
            f"{handoff.REASON_TEXT[reason]}; {who}. Reply by commenting on the case; "
            f"`deskhand handback {done.case_number} --as YOU` returns the chat to the assistant.",
        )
    )
    if session.relay is None or session.relay.done():
        session.relay = asyncio.create_task(relay(session))


async def relay(session: ChatSession) -> None:
    """While a person owns the chat: show their replies, and notice when they hand it back."""
    hub, conv_id = session.hub, session.conv.id
    try:
        while not session.closed and session.owner == ConversationOwner.HUMAN:
            await asyncio.sleep(hub.relay_interval_s)
            state = await run(handoff.poll, hub.store, conv_id, after=session.shown)
            for reply in state.replies:
                await session.send("agent", author=reply.author, text=reply.text)
                session.shown = reply.activity_id
            if state.owner == ConversationOwner.AI:
                session.owner = ConversationOwner.AI
                await session.send("owner", owner="ai", text=TEXTS["back_to_ai"])
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("relaying replies to %s failed", conv_id)


async def leave_details(session: ChatSession, message: Details) -> None:
    if session.visitor.signed_in:
        await session.send("notice", text=TEXTS["lead_signed_in"])
        return
    try:
        lead = leads.LeadDetails(
            name=message.name.strip(),
            email=message.email,
            company=(message.company or "").strip() or None,
            message=(message.message or "").strip() or None,
        )
    except ValidationError:
        await session.send("error", code="details", text=TEXTS["details_invalid"])
        return
    conv = await session.conversation()
    await run(leads.leave_details, session.hub.store, conv.id, session.principal, lead)
    first = lead.name.split(" ")[0]
    await session.send("lead_saved", text=TEXTS["lead_saved"].format(name=first, email=lead.email))
    if session.pending_handoff:
        await hand_off(session, session.pending_handoff)
