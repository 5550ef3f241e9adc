"""Scoped read queries behind the find_* tools and the account overview."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from assistant.crm import refs, scope
from assistant.crm.enums import CaseStatus, Priority, Stage, TaskStatus
from assistant.crm.models import Account, Activity, Case, Contact, Deal, Task
from assistant.crm.principal import Principal
from assistant.crm.views import (
    AccountOverview,
    AccountView,
    ActivityView,
    CaseView,
    ContactView,
    DealView,
    TaskView,
)

OPEN_CASE = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING)


def _like(text: str) -> str:
    return f"%{text.strip().lower()}%"


def find_accounts(
    session: Session,
    p: Principal,
    *,
    query: str = "",
    lifecycle: str | None = None,
    limit: int = 10,
) -> list[AccountView]:
    q = select(Account).where(scope.accounts(p))
    if query.strip():
        q = q.where(func.lower(Account.name).like(_like(query)))
    if lifecycle:
        q = q.where(Account.lifecycle == lifecycle)
    return [AccountView.of(a) for a in session.scalars(q.order_by(Account.name).limit(limit))]


def find_contacts(
    session: Session,
    p: Principal,
    *,
    query: str = "",
    account: str | None = None,
    limit: int = 10,
) -> list[ContactView]:
    q = select(Contact).where(scope.contacts(p))
    if query.strip():
        full = func.lower(Contact.first_name + " " + Contact.last_name)
        q = q.where(or_(full.like(_like(query)), func.lower(Contact.email).like(_like(query))))
    if account:
        q = q.where(Contact.account_id == refs.account(session, p, account).id)
    rows = session.scalars(q.order_by(Contact.last_name, Contact.first_name).limit(limit))
    return [ContactView.of(c) for c in rows]


def find_deals(
    session: Session,
    p: Principal,
    *,
    query: str = "",
    account: str | None = None,
    stage: Stage | None = None,
    open_only: bool = False,
    limit: int = 10,
) -> list[DealView]:
    q = select(Deal).where(scope.deals(p))
    if query.strip():
        q = q.where(func.lower(Deal.name).like(_like(query)))
    if account:
        q = q.where(Deal.account_id == refs.account(session, p, account).id)
    if stage:
        q = q.where(Deal.stage == stage)
    if open_only:
        q = q.where(Deal.stage.not_in((Stage.CLOSED_WON, Stage.CLOSED_LOST)))
    rows = session.scalars(q.order_by(Deal.close_date, Deal.id).limit(limit))
    return [DealView.of(d) for d in rows]


def find_cases(
    session: Session,
    p: Principal,
    *,
    query: str = "",
    account: str | None = None,
    status: CaseStatus | None = None,
    priority: Priority | None = None,
    open_only: bool = False,
    limit: int = 10,
) -> list[CaseView]:
    q = select(Case).where(scope.cases(p))
    if query.strip():
        text = query.strip()
        q = q.where(
            or_(
                func.lower(Case.subject).like(_like(text)),
                func.lower(Case.description).like(_like(text)),
                Case.number == text.upper(),
            )
        )
    if account:
        q = q.where(Case.account_id == refs.account(session, p, account).id)
    if status:
        q = q.where(Case.status == status)
    if priority:
        q = q.where(Case.priority == priority)
    if open_only:
        q = q.where(Case.status.in_(OPEN_CASE))
    rows = session.scalars(q.order_by(Case.opened_at.desc()).limit(limit))
    return [CaseView.of(c) for c in rows]


def account_overview(
    session: Session,
    p: Principal,
    account_ref: str | int,
    *,
    activity_limit: int = 10,
    since: datetime | None = None,
) -> AccountOverview:
    """Contacts, open deals, open cases, open tasks and recent activity, oldest first."""
    a = refs.account(session, p, account_ref)
    contacts = session.scalars(
        select(Contact).where(scope.contacts(p), Contact.account_id == a.id).order_by(Contact.id)
    )
    deals = session.scalars(
        select(Deal)
        .where(scope.deals(p), Deal.account_id == a.id)
        .where(Deal.stage.not_in((Stage.CLOSED_WON, Stage.CLOSED_LOST)))
        .order_by(Deal.close_date)
    )
    cases = session.scalars(
        select(Case)
        .where(scope.cases(p), Case.account_id == a.id, Case.status.in_(OPEN_CASE))
        .order_by(Case.opened_at)
    )
    tasks = session.scalars(
        select(Task)
        .where(scope.tasks(p), Task.account_id == a.id, Task.status == TaskStatus.OPEN)
        .order_by(Task.due_date)
    )
    activity_filter = [scope.activities(p), Activity.account_id == a.id]
    if since is not None:
        activity_filter.append(Activity.occurred_at >= since)
    recent = session.scalars(
        select(Activity)
        .where(*activity_filter)
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(activity_limit)
    ).all()
    return AccountOverview(
        account=AccountView.of(a),
        contacts=[ContactView.of(c) for c in contacts],
        deals=[DealView.of(d) for d in deals],
        cases=[CaseView.of(c) for c in cases],
        tasks=[TaskView.of(t) for t in tasks],
        activities=[ActivityView.of(x) for x in reversed(recent)],
    )
