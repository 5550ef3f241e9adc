"""Who is asking: bound from the channel, never from the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.crm.enums import Role
from assistant.crm.models import Contact, User
from assistant.errors import NotFound

PrincipalRole = Literal["rep", "support", "manager", "admin", "customer", "anonymous"]
STAFF_ROLES: frozenset[str] = frozenset(r.value for r in Role)


@dataclass(frozen=True)
class Principal:
    """The caller of a turn and every tool in it."""

    role: PrincipalRole
    email: str | None = None
    name: str = "Anonymous visitor"
    user_id: int | None = None
    team_id: int | None = None
    team_user_ids: frozenset[int] = field(default_factory=frozenset)
    contact_id: int | None = None
    account_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def key(self) -> str:
        """A stable identifier used to own threads and pending actions."""
        if self.user_id is not None:
            return f"user:{self.user_id}"
        if self.contact_id is not None:
            return f"contact:{self.contact_id}"
        return "anonymous"

    def label(self) -> str:
        return self.email or self.name


ANONYMOUS = Principal(role="anonymous")


def principal_for_user(session: Session, user: User) -> Principal:
    team_ids: frozenset[int] = frozenset()
    if user.role == Role.MANAGER and user.team_id is not None:
        team_ids = frozenset(
            session.scalars(select(User.id).where(User.team_id == user.team_id)).all()
        )
    return Principal(
        role=user.role.value,
        email=user.email,
        name=user.name,
        user_id=user.id,
        team_id=user.team_id,
        team_user_ids=team_ids,
    )


def principal_for_contact(contact: Contact) -> Principal:
    return Principal(
        role="customer",
        email=contact.email,
        name=contact.name,
        contact_id=contact.id,
        account_id=contact.account_id,
    )


def principal_for_email(session: Session, email: str) -> Principal:
    """A staff user by email, else a contact with portal access; NotFound otherwise."""
    email = email.strip().lower()
    user = session.scalar(select(User).where(User.email == email, User.active.is_(True)))
    if user is not None:
        return principal_for_user(session, user)
    contact = session.scalar(
        select(Contact).where(Contact.email == email, Contact.portal_access.is_(True))
    )
    if contact is not None:
        return principal_for_contact(contact)
    raise NotFound(f"No active user or portal contact with email {email!r}.")
