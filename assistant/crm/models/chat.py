"""Customer conversations: who owns one (the assistant or a person) is explicit state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.crm.enums import ConversationOwner, HandoffReason
from assistant.crm.models.base import Base, str_enum, utcnow


class Conversation(Base):
    """A customer chat (web widget) around one thread, with its ownership and handoff state."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), doc="SHA-256 of the resume key.")
    principal_key: Mapped[str] = mapped_column(String(60), index=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id"), index=True)
    owner: Mapped[ConversationOwner] = mapped_column(
        str_enum(ConversationOwner), default=ConversationOwner.AI
    )
    lead_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id"), doc="The lead an anonymous visitor left their details as."
    )
    handoff_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    handoff_reason: Mapped[HandoffReason | None] = mapped_column(str_enum(HandoffReason))
    failures: Mapped[int] = mapped_column(default=0, doc="Failed answers in a row.")
    relayed_activity_id: Mapped[int] = mapped_column(
        default=0, doc="Last staff reply on the handoff case shown in the chat."
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    ended_at: Mapped[datetime | None]
