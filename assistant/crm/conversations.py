"""Customer conversations: start, resume with a secret key, count failures, end.

A conversation wraps one thread. Its id is shown to the visitor's browser together with a
resume key (only its hash is stored), so a conversation can be resumed after a reload or
a dropped connection by the same principal holding the key, and by nobody else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import update

from assistant import threads
from assistant.crm.db import Store
from assistant.crm.enums import Channel, ConversationOwner
from assistant.crm.models import Conversation, utcnow
from assistant.crm.principal import Principal
from assistant.errors import NotFound


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Started:
    conversation: Conversation
    resume_key: str


def start(store: Store, p: Principal, channel: Channel = Channel.WEB) -> Started:
    """A new conversation with its own thread; the resume key is returned once."""
    thread_id = threads.open_thread(store, p, channel, None)
    key = secrets.token_urlsafe(24)
    conv = Conversation(
        id=f"cv_{secrets.token_hex(12)}",
        key_hash=_hash(key),
        principal_key=p.key,
        thread_id=thread_id,
        owner=ConversationOwner.AI,
    )
    with store.write() as s:
        s.add(conv)
    return Started(conv, key)


def resume(store: Store, p: Principal, conversation_id: str, resume_key: str) -> Conversation:
    """The conversation, if `p` owns it and the key matches; NotFound otherwise."""
    with store.read() as s:
        conv = s.get(Conversation, conversation_id)
    if (
        conv is None
        or conv.ended_at is not None
        or conv.principal_key != p.key
        or not hmac.compare_digest(conv.key_hash, _hash(resume_key))
    ):
        raise NotFound("No such conversation of yours.")
    return conv


def count_failure(store: Store, conversation_id: str) -> int:
    """One more failed answer (an error or a thumbs down); returns the count since reset."""
    with store.write() as s:
        conv = s.get(Conversation, conversation_id)
        if conv is None:
            raise NotFound("No such conversation.")
        conv.failures += 1
        return conv.failures


def reset_failures(store: Store, conversation_id: str) -> None:
    with store.write() as s:
        s.execute(update(Conversation).where(Conversation.id == conversation_id).values(failures=0))


def end(store: Store, conversation_id: str) -> None:
    with store.write() as s:
        s.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id, Conversation.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
