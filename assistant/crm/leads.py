"""Leads from anonymous visitors who leave their contact details in the chat.

The details are unverified. A new email becomes a lead account and contact owned by the rep
with the fewest leads. An email that already belongs to a contact is never linked to that
contact (anyone can type anyone's email): the visitor gets a separate lead whose contact has
no email, and the claimed address is only written into the note for staff to verify.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, select

from assistant.crm.audit import WriteContext, record
from assistant.crm.db import Store
from assistant.crm.enums import ActivityType, Channel, Lifecycle, Role
from assistant.crm.models import Account, Activity, Contact, Conversation, User, utcnow
from assistant.crm.principal import Principal
from assistant.errors import InvalidInput, NotFound

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class LeadDetails(BaseModel):
    name: str = Field(min_length=1, max_length=160)
    email: str = Field(max_length=200)
    company: str | None = Field(None, max_length=200)
    message: str | None = Field(None, max_length=2000)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()
        if not EMAIL.match(value):
            raise ValueError("not an email address")
        return value


def _owner_id(session) -> int:
    leads = (
        select(func.count(Account.id))
        .where(Account.owner_id == User.id, Account.lifecycle == Lifecycle.LEAD)
        .scalar_subquery()
    )
    owner = session.scalar(
        select(User.id).where(User.role == Role.REP, User.active.is_(True)).order_by(leads, User.id)
    )
    if owner is None:
        raise InvalidInput("There is no sales rep to take the lead.")
    return owner


def leave_details(store: Store, conversation_id: str, p: Principal, details: LeadDetails) -> int:
    """Record the visitor as a lead and tie it to the conversation; returns the contact id."""
    first, _, last = details.name.strip().partition(" ")
    with store.write() as s:
        conv = s.get(Conversation, conversation_id)
        if conv is None or conv.principal_key != p.key:
            raise NotFound("No such conversation of yours.")
        if conv.lead_contact_id is not None:  # one lead per conversation
            return conv.lead_contact_id
        wc = WriteContext(
            principal=p, channel=Channel.WEB, tool="leave_details", actor=f"{details.email} (web)"
        )
        known = s.scalar(select(Contact.id).where(func.lower(Contact.email) == details.email))
        account = Account(
            name=(details.company or f"{details.name} (web lead)")[:200],
            domain=None if known else details.email.split("@", 1)[1],
            owner_id=_owner_id(s),
            lifecycle=Lifecycle.LEAD,
            segment="smb",
        )
        s.add(account)
        record(s, wc, account, before=None)
        contact = Contact(
            account_id=account.id,
            first_name=first[:80],
            last_name=last[:80] or "-",
            email=None if known else details.email,
            title="Web chat visitor",
        )
        s.add(contact)
        record(s, wc, contact, before=None)
        unverified = " (already used by another contact: verify before sharing anything)"
        note = Activity(
            type=ActivityType.CHAT,
            occurred_at=utcnow(),
            account_id=account.id,
            contact_id=contact.id,
            subject="Left contact details in the web chat",
            summary=(
                f"Email given: {details.email}{unverified if known else ''}. "
                f"Message: {details.message or '(none)'}"
            ),
        )
        s.add(note)
        record(s, wc, note, before=None)
        conv.lead_contact_id = contact.id
        return contact.id
