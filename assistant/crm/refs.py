"""Resolve what a user or model calls a record ("Acme", "42", "CS-1042") within scope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from assistant.crm import scope
from assistant.crm.models import Account, Case, Contact, Deal
from assistant.crm.principal import Principal
from assistant.errors import InvalidInput, NotFound

T = TypeVar("T")
MAX_CHOICES = 5
MAX_ID = 2**63 - 1


def _one(session: Session, query: Select, *, ref: str, kind: str, label) -> T:
    rows: Sequence = session.scalars(query.limit(MAX_CHOICES + 1)).unique().all()
    if not rows:
        raise NotFound(f"No {kind} matching {ref!r} that you can see.")
    if len(rows) > 1:
        choices = "; ".join(label(r) for r in rows[:MAX_CHOICES])
        raise InvalidInput(
            f"{ref!r} matches several {kind}s: {choices}. Say which one (use the id)."
        )
    return rows[0]


def _by_name(
    session: Session,
    model,
    visible: ColumnElement[bool],
    ref: str,
    kind: str,
    label,
    names: list[ColumnElement],
):
    ref = ref.strip()
    if not ref:
        raise InvalidInput(f"Give the {kind}'s name or id.")
    if ref.isascii() and ref.isdecimal():
        if int(ref) > MAX_ID:
            raise NotFound(f"No {kind} matching {ref!r} that you can see.")
        return _one(
            session,
            select(model).where(model.id == int(ref), visible),
            ref=ref,
            kind=kind,
            label=label,
        )
    lowered = ref.lower()
    exact = select(model).where(visible, or_(*[func.lower(n) == lowered for n in names]))
    rows = session.scalars(exact.limit(MAX_CHOICES + 1)).unique().all()
    if len(rows) == 1:
        return rows[0]
    pattern = f"%{lowered}%"
    like = select(model).where(visible, or_(*[func.lower(n).like(pattern) for n in names]))
    return _one(session, like.order_by(model.id), ref=ref, kind=kind, label=label)


def account(session: Session, p: Principal, ref: str | int) -> Account:
    return _by_name(
        session,
        Account,
        scope.accounts(p),
        str(ref),
        "account",
        lambda a: f"{a.name} (id {a.id})",
        [Account.name],
    )


def contact(session: Session, p: Principal, ref: str | int) -> Contact:
    full = Contact.first_name + " " + Contact.last_name
    return _by_name(
        session,
        Contact,
        scope.contacts(p),
        str(ref),
        "contact",
        lambda c: f"{c.name} at {c.account.name} (id {c.id})",
        [full, Contact.email, Contact.first_name, Contact.last_name],
    )


def deal(session: Session, p: Principal, ref: str | int) -> Deal:
    return _by_name(
        session,
        Deal,
        scope.deals(p),
        str(ref),
        "deal",
        lambda d: f"{d.name} (id {d.id}, {d.stage.value})",
        [Deal.name],
    )


def case(session: Session, p: Principal, ref: str | int) -> Case:
    text = str(ref).strip()
    if text.upper().startswith("CS-"):
        query = select(Case).where(scope.cases(p), Case.number == text.upper())
        return _one(session, query, ref=text, kind="case", label=lambda c: c.number)
    return _by_name(
        session,
        Case,
        scope.cases(p),
        text,
        "case",
        lambda c: f"{c.number} {c.subject!r} ({c.status.value})",
        [Case.subject],
    )
