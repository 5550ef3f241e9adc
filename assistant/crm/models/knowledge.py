"""Knowledge articles and feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.crm.enums import FeedbackKind, Visibility
from assistant.crm.models.base import Base, Versioned, str_enum, utcnow


class Article(Versioned, Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), index=True)
    tags: Mapped[list] = mapped_column(default=list)


class Feedback(Base):
    """A rating (1-5) with an optional comment on an answer or a case."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FeedbackKind] = mapped_column(
        str_enum(FeedbackKind), default=FeedbackKind.ANSWER, index=True
    )
    rating: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    thread_id: Mapped[str | None] = mapped_column(ForeignKey("threads.id"), index=True)
    message_seq: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
