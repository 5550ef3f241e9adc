"""Support cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.crm.enums import CaseChannel, CaseStatus, Priority
from assistant.crm.models.base import Base, Versioned, str_enum
from assistant.crm.models.people import Account, Contact, User


class Case(Versioned, Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus), index=True)
    priority: Mapped[Priority] = mapped_column(str_enum(Priority), default=Priority.NORMAL)
    channel: Mapped[CaseChannel] = mapped_column(str_enum(CaseChannel), default=CaseChannel.WEB)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(index=True)
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    escalation_count: Mapped[int] = mapped_column(default=0)
    satisfaction: Mapped[int | None] = mapped_column(doc="CSAT 1-5 given by the customer.")

    account: Mapped[Account] = relationship(lazy="joined")
    contact: Mapped[Contact | None] = relationship(lazy="joined")
    owner: Mapped[User | None] = relationship(lazy="joined")
