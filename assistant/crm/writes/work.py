"""Writes on the day's work: logging activities and creating tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field
from sqlalchemy.orm import Session

from assistant.crm import refs
from assistant.crm.audit import WriteContext, record
from assistant.crm.enums import ActivityType
from assistant.crm.models import Account, Activity, Task
from assistant.crm.principal import Principal
from assistant.crm.writes.base import (
    Targets,
    WriteOp,
    owns_account,
    require_account_write,
    require_case_write,
)
from assistant.errors import InvalidInput, NotAllowed


class Linked(WriteOp):
    """A write attached to an account and optionally a contact, deal and case in it."""

    account_id: int | None = None
    contact_id: int | None = None
    deal_id: int | None = None
    case_id: int | None = None

    def load_links(self, session: Session, p: Principal) -> Targets:
        t: Targets = {}
        if self.case_id is not None:
            t["case"] = refs.case(session, p, self.case_id)
        if self.contact_id is not None:
            t["contact"] = refs.contact(session, p, self.contact_id)
        if self.deal_id is not None:
            t["deal"] = refs.deal(session, p, self.deal_id)
        account_ids = {x.account_id for x in t.values()}
        if self.account_id is not None:
            account_ids.add(self.account_id)
        if len(account_ids) != 1:
            raise InvalidInput(
                "Name the account (or a contact, deal or case) this is about, "
                "and make sure they belong together."
            )
        t["account"] = refs.account(session, p, account_ids.pop())
        return t

    def check_write(self, p: Principal, t: Targets) -> None:
        account: Account = t["account"]
        if owns_account(p, account):
            return
        if "case" in t and p.role == "support":
            require_case_write(p, t["case"])
            return
        if p.role == "support":
            raise NotAllowed("Support can log activities and tasks on cases only; name the case.")
        require_account_write(p, account)

    @staticmethod
    def about(t: Targets) -> str:
        parts = [t["contact"].name] if "contact" in t else []
        parts.append(t["account"].name)
        if "deal" in t:
            parts.append(f"deal {t['deal'].name!r}")
        if "case" in t:
            parts.append(f"case {t['case'].number}")
        return ", ".join(parts)


class LogActivity(Linked):
    tool = "log_activity"
    type: ActivityType
    summary: str = Field(min_length=3, max_length=8000)
    occurred_at: datetime
    outcome: str | None = Field(None, max_length=200)

    def load(self, session: Session, p: Principal) -> Targets:
        t = self.load_links(session, p)
        self.check_write(p, t)
        return t

    def preview(self, t: Targets) -> str:
        outcome = f" Outcome: {self.outcome}." if self.outcome else ""
        return (
            f"Log a {self.type.value} with {self.about(t)} on "
            f"{self.occurred_at:%Y-%m-%d %H:%M} UTC: {self.summary!r}.{outcome}"
        )

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        activity = Activity(
            type=self.type,
            occurred_at=self.occurred_at,
            user_id=wc.principal.user_id,
            account_id=t["account"].id,
            contact_id=self.contact_id,
            deal_id=self.deal_id,
            case_id=self.case_id,
            summary=self.summary,
            outcome=self.outcome,
            internal=self.case_id is not None,
        )
        session.add(activity)
        record(session, wc, activity, before=None)
        return {
            "activity_id": activity.id,
            "summary": f"Logged the {self.type.value} with {self.about(t)}.",
        }


class CreateTask(Linked):
    tool = "create_task"
    title: str = Field(min_length=3, max_length=300)
    due_date: date | None = None

    def load(self, session: Session, p: Principal) -> Targets:
        if p.user_id is None:
            raise NotAllowed("Only staff can create tasks.")
        t = self.load_links(session, p)
        self.check_write(p, t)
        return t

    def preview(self, t: Targets) -> str:
        due = f", due {self.due_date:%a %Y-%m-%d}" if self.due_date else ""
        return f"Create a task {self.title!r} for you ({self.about(t)}){due}."

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        task = Task(
            title=self.title,
            due_date=self.due_date,
            owner_id=wc.principal.user_id,
            account_id=t["account"].id,
            contact_id=self.contact_id,
            deal_id=self.deal_id,
            case_id=self.case_id,
        )
        session.add(task)
        record(session, wc, task, before=None)
        return {"task_id": task.id, "summary": f"Created task {task.title!r} (id {task.id})."}
