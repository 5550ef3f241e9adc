"""Writes on support cases: open, comment, update, escalate, resolve."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import Field
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from assistant.crm import refs
from assistant.crm.audit import WriteContext, record, snapshot
from assistant.crm.enums import ActivityType, CaseChannel, CaseStatus, Priority
from assistant.crm.models import Activity, Case, utcnow
from assistant.crm.principal import Principal
from assistant.crm.writes.base import Targets, WriteOp, require_case_write
from assistant.errors import InvalidInput, NotAllowed

PRIORITY_RANK = list(Priority)


def case_number(case_id: int) -> str:
    return f"CS-{10000 + case_id}"


def _comment(
    session: Session, wc: WriteContext, case: Case, text: str, *, internal: bool
) -> Activity:
    p = wc.principal
    note = Activity(
        type=ActivityType.CHAT if p.role == "customer" else ActivityType.NOTE,
        occurred_at=utcnow(),
        user_id=p.user_id,
        contact_id=p.contact_id,
        account_id=case.account_id,
        case_id=case.id,
        summary=text,
        internal=internal,
    )
    session.add(note)
    record(session, wc, note, before=None)
    return note


class OpenCase(WriteOp):
    tool = "open_case"
    account_id: int
    contact_id: int | None = None
    subject: str = Field(min_length=3, max_length=300)
    description: str = Field("", max_length=8000)
    priority: Priority = Priority.NORMAL
    channel: CaseChannel = CaseChannel.CHAT

    def load(self, session: Session, p: Principal) -> Targets:
        account = refs.account(session, p, self.account_id)
        if p.role == "customer":
            if self.contact_id not in (None, p.contact_id):
                raise NotAllowed("You can open cases for yourself only.")
        elif p.role not in ("admin", "support") and account.owner_id != p.user_id:
            raise NotAllowed(f"You cannot open cases for {account.name}; support can.")
        contact = refs.contact(session, p, self.contact_id) if self.contact_id else None
        if contact is not None and contact.account_id != account.id:
            raise InvalidInput(f"{contact.name} is not a contact of {account.name}.")
        return {"account": account, "contact": contact}

    def preview(self, t: Targets) -> str:
        who = f" for {t['contact'].name}" if t["contact"] else ""
        return (
            f"Open a {self.priority.value}-priority case at {t['account'].name}{who}: "
            f"{self.subject!r}."
        )

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        contact_id = wc.principal.contact_id or self.contact_id
        case = Case(
            number=f"new-{uuid.uuid4().hex[:12]}",
            account_id=self.account_id,
            contact_id=contact_id,
            subject=self.subject,
            description=self.description,
            status=CaseStatus.NEW,
            priority=self.priority,
            channel=self.channel,
            owner_id=wc.principal.user_id if wc.principal.role == "support" else None,
            opened_at=utcnow(),
        )
        session.add(case)
        session.flush()
        # The number derives from the id; setting it as loaded state keeps the new case at
        # version 1 (the row is written with it below, in the same flush as the audit).
        number = case_number(case.id)
        session.execute(update(Case).where(Case.id == case.id).values(number=number))
        set_committed_value(case, "number", number)
        record(session, wc, case, before=None)
        return {
            "case_id": case.id,
            "case_number": case.number,
            "summary": f"Opened case {case.number}: {case.subject!r}.",
        }


class CommentOnCase(WriteOp):
    tool = "comment_on_case"
    case_id: int
    text: str = Field(min_length=1, max_length=8000)
    internal: bool = False

    def load(self, session: Session, p: Principal) -> Targets:
        case = refs.case(session, p, self.case_id)
        require_case_write(p, case, customer_ok=True)
        if self.internal and not p.is_staff:
            raise NotAllowed("Only staff can add internal notes.")
        if case.status == CaseStatus.CLOSED:
            raise InvalidInput(f"Case {case.number} is closed; open a new case instead.")
        return {"case": case}

    def preview(self, t: Targets) -> str:
        kind = "an internal note" if self.internal else "a comment"
        return f"Add {kind} to case {t['case'].number} ({t['case'].subject!r}): {self.text!r}"

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        case: Case = t["case"]
        before = snapshot(case)
        note = _comment(session, wc, case, self.text, internal=self.internal)
        staff = wc.principal.is_staff
        if staff and not self.internal and case.first_response_at is None:
            case.first_response_at = note.occurred_at
        if not staff and case.status in (CaseStatus.PENDING, CaseStatus.RESOLVED):
            case.status = CaseStatus.OPEN
        if session.is_modified(case):
            record(session, wc, case, before=before)
        return {
            "case_number": case.number,
            "activity_id": note.id,
            "summary": f"Added a comment to case {case.number}.",
        }


class UpdateCase(WriteOp):
    tool = "update_case"
    case_id: int
    status: CaseStatus | None = None
    priority: Priority | None = None
    subject: str | None = Field(None, min_length=3, max_length=300)

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude={"case_id"}, exclude_none=True)

    def load(self, session: Session, p: Principal) -> Targets:
        case = refs.case(session, p, self.case_id)
        require_case_write(p, case)
        if not self.changes():
            raise InvalidInput("Say what to change: status, priority or subject.")
        return {"case": case}

    def preview(self, t: Targets) -> str:
        case = t["case"]
        parts = []
        for key, value in self.changes().items():
            old = getattr(case, key)
            parts.append(f"{key}: {getattr(old, 'value', old)} → {getattr(value, 'value', value)}")
        return f"Update case {case.number} ({case.subject!r}): " + "; ".join(parts) + "."

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        case = t["case"]
        before = snapshot(case)
        for key, value in self.changes().items():
            setattr(case, key, value)
        now = utcnow()
        if case.status == CaseStatus.RESOLVED and case.resolved_at is None:
            case.resolved_at = now
        if case.status == CaseStatus.CLOSED and case.closed_at is None:
            case.closed_at = now
        if case.status.is_open:
            case.resolved_at = case.closed_at = None
        record(session, wc, case, before=before)
        return {"case_number": case.number, "summary": f"Updated case {case.number}."}


class EscalateCase(WriteOp):
    tool = "escalate_case"
    case_id: int
    reason: str = Field(min_length=3, max_length=2000)

    def load(self, session: Session, p: Principal) -> Targets:
        case = refs.case(session, p, self.case_id)
        require_case_write(p, case)
        if not case.status.is_open:
            raise InvalidInput(f"Case {case.number} is {case.status.value}; reopen it first.")
        return {"case": case}

    def new_priority(self, case: Case) -> Priority:
        rank = PRIORITY_RANK.index(case.priority)
        return PRIORITY_RANK[max(rank, PRIORITY_RANK.index(Priority.HIGH))]

    def preview(self, t: Targets) -> str:
        case = t["case"]
        return (
            f"Escalate case {case.number} ({case.subject!r}), escalation "
            f"#{case.escalation_count + 1}, priority {self.new_priority(case).value}: "
            f"{self.reason!r}"
        )

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        case = t["case"]
        before = snapshot(case)
        case.escalation_count += 1
        case.priority = self.new_priority(case)
        _comment(session, wc, case, f"Escalated: {self.reason}", internal=True)
        record(session, wc, case, before=before)
        return {
            "case_number": case.number,
            "escalations": case.escalation_count,
            "summary": f"Escalated case {case.number} (escalation #{case.escalation_count}).",
        }


class ResolveCase(WriteOp):
    tool = "resolve_case"
    case_id: int
    resolution: str = Field(min_length=3, max_length=4000)

    def load(self, session: Session, p: Principal) -> Targets:
        case = refs.case(session, p, self.case_id)
        require_case_write(p, case)
        if not case.status.is_open:
            raise InvalidInput(f"Case {case.number} is already {case.status.value}.")
        return {"case": case}

    def preview(self, t: Targets) -> str:
        case = t["case"]
        return f"Resolve case {case.number} ({case.subject!r}) with: {self.resolution!r}"

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        case = t["case"]
        before = snapshot(case)
        note = _comment(session, wc, case, f"Resolution: {self.resolution}", internal=False)
        case.status = CaseStatus.RESOLVED
        case.resolved_at = note.occurred_at
        case.first_response_at = case.first_response_at or note.occurred_at
        record(session, wc, case, before=before)
        return {"case_number": case.number, "summary": f"Resolved case {case.number}."}
