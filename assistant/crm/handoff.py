"""Handing a customer conversation to a person, and back.

`hand_off` opens a case with the transcript (or updates the conversation's earlier case) and
makes a person the conversation's owner; while a person owns it the assistant does not answer.
Staff reply by commenting on the case; `poll` brings those comments into the chat.
`hand_back` returns the conversation to the assistant. Every CRM change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assistant import threads
from assistant.crm.audit import WriteContext, record, snapshot
from assistant.crm.db import Store
from assistant.crm.enums import (
    ActivityType,
    CaseChannel,
    CaseStatus,
    Channel,
    ConversationOwner,
    HandoffReason,
    Priority,
)
from assistant.crm.models import (
    Activity,
    Case,
    Contact,
    Conversation,
    ThreadMessage,
    User,
    utcnow,
)
from assistant.crm.principal import Principal
from assistant.crm.writes import OpenCase
from assistant.errors import DeskhandError, NotAllowed, NotFound

REASON_TEXT = {
    HandoffReason.REQUESTED: "the customer asked for a person",
    HandoffReason.FAILURES: "the assistant failed to help repeatedly",
    HandoffReason.UPSET: "the customer seemed upset",
}
DESCRIPTION_LIMIT = 8000


class NeedsContactDetails(DeskhandError):
    """An anonymous visitor must leave contact details before a person can take over."""


@dataclass(frozen=True)
class Handoff:
    case_id: int
    case_number: str
    opened: bool
    last_activity_id: int = 0  # replies after this one are news to the customer


@dataclass(frozen=True)
class Reply:
    activity_id: int
    author: str
    text: str


def marked(kind: str, text: str, **extra: Any) -> AIMessage:
    """A message in the thread that the assistant did not write (a notice, a person's reply)."""
    return AIMessage(content=text, additional_kwargs={"deskhand": {"kind": kind, **extra}})


def transcript(session: Session, thread_id: str) -> str:
    rows = session.execute(
        select(ThreadMessage.message, ThreadMessage.text)
        .where(ThreadMessage.thread_id == thread_id, ThreadMessage.text.is_not(None))
        .order_by(ThreadMessage.seq)
    ).all()
    lines = []
    for message, text in rows:
        data = message.get("data", {})
        if not text or data.get("tool_calls"):
            continue
        if message.get("type") == "human":
            lines.append(f"Customer: {text}")
        elif message.get("type") == "ai":
            meta = data.get("additional_kwargs", {}).get("deskhand", {})
            lines.append(f"{meta.get('author', 'Assistant')}: {text}")
    return "\n".join(lines)


def _where(session: Session, conv: Conversation, p: Principal) -> tuple[int, int | None, str]:
    """The account, contact and actor a handoff is filed under: never from user input."""
    if p.role == "customer" and p.account_id is not None:
        return p.account_id, p.contact_id, p.label()
    if conv.lead_contact_id is not None:
        lead = session.get(Contact, conv.lead_contact_id)
        return lead.account_id, lead.id, f"{lead.email} (web visitor)"
    raise NeedsContactDetails("Please leave your name and email so a person can get back to you.")


def _comment(
    session: Session, wc: WriteContext, case: Case, contact_id: int | None, text: str
) -> None:
    note = Activity(
        type=ActivityType.CHAT,
        occurred_at=utcnow(),
        contact_id=contact_id,
        account_id=case.account_id,
        case_id=case.id,
        summary=text,
        internal=False,
    )
    session.add(note)
    record(session, wc, note, before=None)
    if case.status in (CaseStatus.PENDING, CaseStatus.RESOLVED):
        before = snapshot(case)
        case.status = CaseStatus.OPEN
        case.resolved_at = None
        record(session, wc, case, before=before)


def hand_off(store: Store, conversation_id: str, p: Principal, reason: HandoffReason) -> Handoff:
    """Make a person the owner: open (or update) a case with the transcript. Idempotent."""
    with store.write() as s:
        conv = s.get(Conversation, conversation_id)
        if conv is None or conv.principal_key != p.key:
            raise NotFound("No such conversation of yours.")
        if conv.owner == ConversationOwner.HUMAN and conv.handoff_case_id:
            case = s.get(Case, conv.handoff_case_id)
            return Handoff(case.id, case.number, False, conv.relayed_activity_id)
        account_id, contact_id, actor = _where(s, conv, p)
        wc = WriteContext(principal=p, channel=Channel.WEB, tool="handoff", actor=actor)
        text = transcript(s, conv.thread_id) or "(no messages yet)"
        header = f"Handed over from the web chat: {REASON_TEXT[reason]}. Conversation {conv.id}."
        if conv.handoff_case_id:
            case = s.get(Case, conv.handoff_case_id)
            _comment(s, wc, case, contact_id, f"{header}\n\n{text}"[-DESCRIPTION_LIMIT:])
            opened = False
        else:
            first = next((ln[10:] for ln in text.splitlines() if ln.startswith("Customer: ")), "")
            subject = f"Chat handoff: {first[:120] or 'customer asked for a person'}"
            body = f"{header}\n\nTranscript:\n{text}"
            if len(body) > DESCRIPTION_LIMIT:
                body = f"{header}\n\nTranscript (end):\n…{text[-(DESCRIPTION_LIMIT - 300) :]}"
            op = OpenCase(
                account_id=account_id,
                contact_id=contact_id,
                subject=subject,
                description=body,
                priority=Priority.HIGH if reason == HandoffReason.UPSET else Priority.NORMAL,
                channel=CaseChannel.CHAT,
            )
            # The account comes from the principal or the visitor's lead, never from input,
            # so the proposal-time permission check (`load`) is not needed here.
            case = s.get(Case, op.apply(s, wc, {})["case_id"])
            opened = True
        last = s.scalar(select(func.max(Activity.id)).where(Activity.case_id == case.id))
        conv.owner = ConversationOwner.HUMAN
        conv.handoff_case_id = case.id
        conv.handoff_reason = reason
        conv.failures = 0
        conv.relayed_activity_id = last or 0
        return Handoff(case.id, case.number, opened, conv.relayed_activity_id)


def customer_message(store: Store, conversation_id: str, p: Principal, text: str) -> None:
    """While a person owns the conversation: keep the message in the thread and on the case."""
    with store.write() as s:
        conv = s.get(Conversation, conversation_id)
        if conv is None or conv.principal_key != p.key or conv.handoff_case_id is None:
            raise NotFound("No such conversation of yours.")
        _account, contact_id, actor = _where(s, conv, p)
        wc = WriteContext(principal=p, channel=Channel.WEB, tool="chat_message", actor=actor)
        _comment(s, wc, s.get(Case, conv.handoff_case_id), contact_id, text)
        thread_id = conv.thread_id
    threads.append(store, thread_id, [HumanMessage(content=text)])


@dataclass(frozen=True)
class Poll:
    owner: ConversationOwner
    replies: list[Reply]


def poll(store: Store, conversation_id: str, *, after: int) -> Poll:
    """Who owns the conversation now, and staff replies on its case newer than `after`.

    Each connection passes the last reply it showed. New replies are also saved to the thread,
    once: by whichever connection first moves the conversation's mark (compare-and-set).
    """
    with store.read() as s:
        conv = s.get(Conversation, conversation_id)
        if conv is None:
            raise NotFound("No such conversation.")
        owner, saved, thread_id = conv.owner, conv.relayed_activity_id, conv.thread_id
        rows = []
        if conv.handoff_case_id is not None:
            rows = s.execute(
                select(Activity.id, Activity.summary, User.name)
                .join(User, User.id == Activity.user_id)
                .where(
                    Activity.case_id == conv.handoff_case_id,
                    Activity.internal.is_(False),
                    Activity.id > min(after, saved),
                )
                .order_by(Activity.id)
            ).all()
    replies = [Reply(r.id, r.name, r.summary) for r in rows]
    unsaved = [r for r in replies if r.activity_id > saved]
    if unsaved:
        with store.write() as s:
            mark = Conversation.relayed_activity_id
            claimed = s.execute(
                update(Conversation)
                .where(Conversation.id == conversation_id, mark == saved)
                .values(relayed_activity_id=unsaved[-1].activity_id)
            ).rowcount
        if claimed:
            messages = [marked("agent", r.text, author=r.author) for r in unsaved]
            threads.append(store, thread_id, messages)
    return Poll(owner, [r for r in replies if r.activity_id > after])


def hand_back(store: Store, ref: str, by: Principal) -> str:
    """Return a conversation (by id, or by its handoff case number) to the assistant."""
    if by.role not in ("support", "admin"):
        raise NotAllowed("Only support staff can hand a conversation back.")
    with store.write() as s:
        query = select(Conversation).where(Conversation.owner == ConversationOwner.HUMAN)
        if ref.startswith("cv_"):
            query = query.where(Conversation.id == ref)
        else:
            query = query.join(Case, Case.id == Conversation.handoff_case_id).where(
                func.upper(Case.number) == ref.strip().upper()
            )
        conv = s.scalars(query.order_by(Conversation.updated_at.desc())).first()
        if conv is None:
            raise NotFound(f"No conversation waiting for a person matches {ref!r}.")
        conv.owner = ConversationOwner.AI
        conv.failures = 0
        conv_id, thread_id = conv.id, conv.thread_id
    threads.append(
        store, thread_id, [marked("notice", "You're chatting with the assistant again.")]
    )
    return conv_id
