"""Audit log, outbox, pending actions and conversation threads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.crm.enums import ActionStatus, Channel
from assistant.crm.models.base import Base, str_enum, utcnow


class AuditEntry(Base):
    """One write made through deskhand: who, for whom, where, what, before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), doc="Who confirmed the write.")
    on_behalf_of: Mapped[str] = mapped_column(String(200), doc="Whose authority it ran under.")
    role: Mapped[str] = mapped_column(String(20))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    tool: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    action_id: Mapped[str | None] = mapped_column(String(40), index=True)
    before: Mapped[dict | None]
    after: Mapped[dict | None]


class OutboxEvent(Base):
    """A committed change for the index and notifications to pick up."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    op: Mapped[str] = mapped_column(String(10))
    version: Mapped[int | None]
    processed_at: Mapped[datetime | None] = mapped_column(index=True)


class PendingAction(Base):
    """A write the agent proposed; it runs once, when its principal confirms it."""

    __tablename__ = "pending_actions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    principal_key: Mapped[str] = mapped_column(String(60), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    thread_id: Mapped[str | None] = mapped_column(String(40))
    turn_id: Mapped[str | None] = mapped_column(String(40), doc="Proposals of one turn.")
    tool: Mapped[str] = mapped_column(String(60))
    args: Mapped[dict]
    versions: Mapped[dict]
    preview: Mapped[str] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus), index=True)
    result: Mapped[dict | None]
    decided_at: Mapped[datetime | None]


class Thread(Base):
    """A conversation with one principal through one channel."""

    __tablename__ = "threads"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    principal_key: Mapped[str] = mapped_column(String(60), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ThreadMessage(Base):
    __tablename__ = "thread_messages"
    __table_args__ = (UniqueConstraint("thread_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    message: Mapped[dict] = mapped_column(doc="A LangChain message as a dict.")
    text: Mapped[str | None] = mapped_column(Text)
