"""Teams, users, accounts and contacts."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.crm.enums import Lifecycle, Role
from assistant.crm.models.base import Base, Versioned, str_enum


class Team(Versioned, Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class User(Versioned, Base):
    """A Northwind employee who uses deskhand (rep, support, manager, admin)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    slack_user_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(default=True)

    team: Mapped[Team | None] = relationship(lazy="joined")


class Account(Versioned, Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    domain: Mapped[str | None] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    segment: Mapped[str] = mapped_column(String(40), default="smb")
    industry: Mapped[str | None] = mapped_column(String(80))
    size: Mapped[int | None] = mapped_column(doc="Number of employees.")
    region: Mapped[str | None] = mapped_column(String(40))
    lifecycle: Mapped[Lifecycle] = mapped_column(str_enum(Lifecycle), default=Lifecycle.LEAD)

    owner: Mapped[User] = relationship(lazy="joined")


class Contact(Versioned, Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(200), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(120))
    portal_access: Mapped[bool] = mapped_column(default=False)

    account: Mapped[Account] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"
