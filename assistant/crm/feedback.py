"""Customer feedback from chats: thumbs on an answer, CSAT when a conversation ends."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.crm.audit import WriteContext, record, snapshot
from assistant.crm.db import Store
from assistant.crm.enums import Channel, FeedbackKind
from assistant.crm.models import Case, Conversation, Feedback, ThreadMessage
from assistant.crm.principal import Principal
from assistant.errors import InvalidInput, NotFound

COMMENT_LIMIT = 2000


def _conversation(session: Session, conversation_id: str, p: Principal) -> Conversation:
    conv = session.get(Conversation, conversation_id)
    if conv is None or conv.principal_key != p.key:
        raise NotFound("No such conversation of yours.")
    return conv


def _clean(comment: str | None) -> str | None:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LIMIT:
        raise InvalidInput(f"Please keep your comment under {COMMENT_LIMIT:,} characters.")
    return comment or None


def rate_answer(
    store: Store, conversation_id: str, p: Principal, *, seq: int, up: bool, comment: str | None
) -> int | None:
    """Thumbs up (5) or down (1) on one answer; rating it again replaces the rating.

    Returns the answer's previous rating, if it had one.
    """
    comment = _clean(comment)
    with store.write() as s:
        conv = _conversation(s, conversation_id, p)
        message = s.scalar(
            select(ThreadMessage.message).where(
                ThreadMessage.thread_id == conv.thread_id, ThreadMessage.seq == seq
            )
        )
        if not message or message.get("type") != "ai":
            raise NotFound("No such answer in this conversation.")
        row = s.scalar(
            select(Feedback).where(
                Feedback.kind == FeedbackKind.ANSWER,
                Feedback.thread_id == conv.thread_id,
                Feedback.message_seq == seq,
            )
        )
        previous = row.rating if row else None
        if row is None:
            row = Feedback(kind=FeedbackKind.ANSWER, thread_id=conv.thread_id, message_seq=seq)
            s.add(row)
        row.rating = 5 if up else 1
        row.comment = comment
        row.contact_id = p.contact_id or conv.lead_contact_id
        row.case_id = conv.handoff_case_id
        return previous


def rate_conversation(
    store: Store, conversation_id: str, p: Principal, *, score: int, comment: str | None
) -> None:
    """CSAT (1-5) at the end of a conversation; also the handoff case's satisfaction."""
    if not 1 <= score <= 5:
        raise InvalidInput("Choose a score from 1 to 5.")
    comment = _clean(comment)
    with store.write() as s:
        conv = _conversation(s, conversation_id, p)
        s.add(
            Feedback(
                kind=FeedbackKind.CSAT,
                rating=score,
                comment=comment,
                thread_id=conv.thread_id,
                case_id=conv.handoff_case_id,
                contact_id=p.contact_id or conv.lead_contact_id,
            )
        )
        if conv.handoff_case_id is not None:
            case = s.get(Case, conv.handoff_case_id)
            before = snapshot(case)
            case.satisfaction = score
            wc = WriteContext(principal=p, channel=Channel.WEB, tool="csat", actor=p.label())
            record(s, wc, case, before=before)
