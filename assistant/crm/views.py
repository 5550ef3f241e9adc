"""Small typed read models that services return and tools hand to the model."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from assistant.crm import models as m


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class AccountView(View):
    id: int
    name: str
    owner: str
    segment: str
    industry: str | None
    region: str | None
    size: int | None
    lifecycle: str

    @classmethod
    def of(cls, a: m.Account) -> AccountView:
        return cls(
            id=a.id,
            name=a.name,
            owner=a.owner.name,
            segment=a.segment,
            industry=a.industry,
            region=a.region,
            size=a.size,
            lifecycle=a.lifecycle.value,
        )


class ContactView(View):
    id: int
    name: str
    email: str | None
    phone: str | None
    title: str | None
    account: str
    account_id: int
    portal_access: bool

    @classmethod
    def of(cls, c: m.Contact) -> ContactView:
        return cls(
            id=c.id,
            name=c.name,
            email=c.email,
            phone=c.phone,
            title=c.title,
            account=c.account.name,
            account_id=c.account_id,
            portal_access=c.portal_access,
        )


class DealView(View):
    id: int
    name: str
    account: str
    account_id: int
    stage: str
    amount: Decimal
    currency: str
    close_date: date | None
    probability: int
    owner: str
    version: int

    @classmethod
    def of(cls, d: m.Deal) -> DealView:
        return cls(
            id=d.id,
            name=d.name,
            account=d.account.name,
            account_id=d.account_id,
            stage=d.stage.value,
            amount=d.amount,
            currency=d.currency,
            close_date=d.close_date,
            probability=d.probability,
            owner=d.owner.name,
            version=d.version,
        )


class CaseView(View):
    id: int
    number: str
    subject: str
    account: str
    account_id: int
    contact: str | None
    status: str
    priority: str
    channel: str
    owner: str | None
    opened_at: datetime
    escalations: int
    description: str

    @classmethod
    def of(cls, c: m.Case) -> CaseView:
        return cls(
            id=c.id,
            number=c.number,
            subject=c.subject,
            account=c.account.name,
            account_id=c.account_id,
            contact=c.contact.name if c.contact else None,
            status=c.status.value,
            priority=c.priority.value,
            channel=c.channel.value,
            owner=c.owner.name if c.owner else None,
            opened_at=c.opened_at,
            escalations=c.escalation_count,
            description=c.description,
        )


class ActivityView(View):
    id: int
    type: str
    occurred_at: datetime
    by: str | None
    account: str | None
    contact: str | None
    deal_id: int | None
    case_id: int | None
    summary: str
    outcome: str | None

    @classmethod
    def of(cls, a: m.Activity) -> ActivityView:
        return cls(
            id=a.id,
            type=a.type.value,
            occurred_at=a.occurred_at,
            by=a.user.name if a.user else (a.contact.name if a.contact else None),
            account=a.account.name if a.account else None,
            contact=a.contact.name if a.contact else None,
            deal_id=a.deal_id,
            case_id=a.case_id,
            summary=a.summary,
            outcome=a.outcome,
        )


class TaskView(View):
    id: int
    title: str
    due_date: date | None
    owner: str
    status: str
    account_id: int | None

    @classmethod
    def of(cls, t: m.Task) -> TaskView:
        return cls(
            id=t.id,
            title=t.title,
            due_date=t.due_date,
            owner=t.owner.name,
            status=t.status.value,
            account_id=t.account_id,
        )


class AccountOverview(View):
    """The 360 view of one account."""

    account: AccountView
    contacts: list[ContactView]
    deals: list[DealView]
    cases: list[CaseView]
    tasks: list[TaskView]
    activities: list[ActivityView]
