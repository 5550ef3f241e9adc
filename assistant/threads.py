"""Conversation threads kept in the store, so follow-ups ("move it to negotiation") work."""

from __future__ import annotations

import uuid

from langchain_core.messages import BaseMessage, HumanMessage, messages_from_dict, messages_to_dict
from sqlalchemy import func, insert, select, update

from assistant.crm.db import Store
from assistant.crm.enums import Channel
from assistant.crm.models import Thread, ThreadMessage, utcnow
from assistant.crm.principal import Principal
from assistant.errors import NotFound


def open_thread(store: Store, p: Principal, channel: Channel, thread_id: str | None) -> str:
    """The thread to continue (it must be the caller's), or a new one."""
    if thread_id:
        with store.read() as s:
            thread = s.get(Thread, thread_id)
            if thread is None or thread.principal_key != p.key:
                raise NotFound(f"No conversation {thread_id!r} of yours.")
        return thread_id
    new_id = f"th_{uuid.uuid4().hex[:16]}"
    with store.write() as s:
        s.add(Thread(id=new_id, principal_key=p.key, channel=channel))
    return new_id


def history(store: Store, thread_id: str, *, limit: int) -> list[BaseMessage]:
    """The last `limit` messages, starting at a user message so tool results keep their calls."""
    with store.read() as s:
        rows = s.scalars(
            select(ThreadMessage.message)
            .where(ThreadMessage.thread_id == thread_id)
            .order_by(ThreadMessage.seq.desc())
            .limit(limit)
        ).all()
    messages = messages_from_dict(list(reversed(rows)))
    while messages and not isinstance(messages[0], HumanMessage):
        messages.pop(0)
    return messages


def append(store: Store, thread_id: str, messages: list[BaseMessage]) -> None:
    with store.write() as s:
        last = s.scalar(
            select(func.coalesce(func.max(ThreadMessage.seq), 0)).where(
                ThreadMessage.thread_id == thread_id
            )
        )
        now = utcnow()
        rows = [
            {
                "thread_id": thread_id,
                "seq": last + offset,
                "at": now,
                "message": data,
                "text": message.content if isinstance(message.content, str) else None,
            }
            for offset, (message, data) in enumerate(
                zip(messages, messages_to_dict(messages), strict=True), start=1
            )
        ]
        s.execute(insert(ThreadMessage), rows)
        s.execute(update(Thread).where(Thread.id == thread_id).values(updated_at=now))
