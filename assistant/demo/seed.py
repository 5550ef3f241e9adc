"""Generate the Northwind Cloud demo company, deterministically for a seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from assistant.crm import models as m
from assistant.crm.articles import load_folder
from assistant.crm.db import Store
from assistant.crm.enums import DEFAULT_PROBABILITY, Stage
from assistant.crm.writes.cases import case_number
from assistant.demo import fixed, phrases
from assistant.errors import Conflict

Size = Literal["small", "large"]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Plan:
    accounts: int
    contacts_per_account: tuple[int, int]
    deals: int
    activities: int
    cases: int
    tasks: int


PLANS: dict[str, Plan] = {
    "small": Plan(
        accounts=36, contacts_per_account=(2, 4), deals=72, activities=900, cases=170, tasks=60
    ),
    "large": Plan(
        accounts=1000,
        contacts_per_account=(2, 5),
        deals=2500,
        activities=100_000,
        cases=20_000,
        tasks=3000,
    ),
}
STAGE_WEIGHTS = {
    Stage.PROSPECTING: 3,
    Stage.QUALIFICATION: 3,
    Stage.PROPOSAL: 3,
    Stage.NEGOTIATION: 2,
    Stage.CLOSED_WON: 3,
    Stage.CLOSED_LOST: 2,
}
BATCH = 5000


class AlreadySeeded(Conflict):
    """The store has data; the demo is loaded into empty stores only."""


def knowledge_folder() -> Path:
    return Path(str(resources.files("assistant.demo") / "knowledge"))


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(m.Account))


def seed_demo(
    store: Store,
    *,
    seed: int = 7,
    size: Size = "small",
    today: date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty store with the demo company; returns row counts per table."""
    with store.write() as session:
        if not is_empty(session):
            raise AlreadySeeded(
                "The store already holds data; keeping it. Use "
                "`deskhand init --demo --reset` to start over."
            )
        gen = _Generator(random.Random(seed), PLANS[size], today or datetime.now(UTC).date())
        counts = gen.write(session, progress or (lambda *_: None))
        if store.engine.dialect.name == "postgresql":
            for table in gen.tables_with_ids:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
                )
    return counts


class _Generator:
    def __init__(self, rng: random.Random, plan: Plan, today: date):
        self.rng = rng
        self.plan = plan
        self.today = today
        self.now = datetime.combine(today, time(17, 0), tzinfo=UTC)
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self.tables_with_ids: list[str] = []

    # --- helpers -------------------------------------------------------------------------
    def add(self, model: type, **values: Any) -> int:
        rows = self.rows.setdefault(model, [])
        values.setdefault("id", len(rows) + 1)
        rows.append(values)
        return values["id"]

    def moment(self, days_ago: float) -> datetime:
        day = self.now - timedelta(days=days_ago)
        hour = self.rng.randint(8, 17)
        return day.replace(
            hour=hour, minute=self.rng.choice((0, 15, 30, 45)), second=0, microsecond=0
        )

    def fill(self, template: str, contact: dict, account: dict) -> str:
        return template.format(
            contact=contact["first_name"],
            company=account["name"],
            product_area=self.rng.choice(phrases.PRODUCT_AREAS),
            amount=f"${self.rng.randrange(5, 250) * 1000:,}",
            weekday=self.rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
            year=self.today.year + 1,
        )

    # --- generation ----------------------------------------------------------------------
    def write(self, session: Session, progress: Progress) -> dict[str, int]:
        steps = (
            self.people,
            self.accounts,
            self.deals,
            self.cases,
            self.activities,
            self.tasks,
            self.articles,
        )
        for i, step in enumerate(steps):
            progress(f"generating {step.__name__}", i, len(steps))
            step()
        order = (
            m.Team,
            m.User,
            m.Account,
            m.Contact,
            m.Deal,
            m.StageChange,
            m.Case,
            m.Activity,
            m.Task,
            m.Article,
        )
        total = sum(len(self.rows.get(model, ())) for model in order)
        done = 0
        for model in order:
            rows = self.rows.get(model, [])
            for start in range(0, len(rows), BATCH):
                session.execute(insert(model), rows[start : start + BATCH])
                done += len(rows[start : start + BATCH])
                progress(f"writing {model.__tablename__}", done, total)
            self.tables_with_ids.append(model.__tablename__)
        return {model.__tablename__: len(self.rows.get(model, [])) for model in order}

    def people(self) -> None:
        self.team_ids = {name: self.add(m.Team, name=name) for name in fixed.TEAMS}
        self.user_ids = {}
        for name, email, role, team in fixed.USERS:
            self.user_ids[email] = self.add(
                m.User,
                name=name,
                email=email,
                role=role,
                team_id=self.team_ids.get(team),
                active=True,
            )
        self.rep_ids = [self.user_ids[e] for e in fixed.REPS]
        self.support_ids = [self.user_ids[e] for e in fixed.SUPPORT]

    def accounts(self) -> None:
        rng = self.rng
        self.account_rows: list[dict] = []
        self.contacts_of: dict[int, list[dict]] = {}
        for name, owner, industry, segment, size, region, domain in fixed.ACCOUNTS:
            self._account(
                name=name,
                owner_id=self.user_ids[owner],
                industry=industry,
                segment=segment,
                size=size,
                region=region,
                domain=domain,
                lifecycle="customer",
            )
        for first, last, email, title, account, portal in fixed.CONTACTS:
            acc = next(a for a in self.account_rows if a["name"] == account)
            self._contact(acc, first, last, email, title, portal)
        names = phrases.COMPANY_NAMES
        for i in range(self.plan.accounts - len(fixed.ACCOUNTS)):
            base = names[i % len(names)]
            name = base if i < len(names) else f"{base} {i // len(names) + 1}"
            slug = "".join(ch for ch in base.lower() if ch.isalnum())[:20]
            acc = self._account(
                name=name,
                owner_id=rng.choice(self.rep_ids),
                industry=rng.choice(phrases.INDUSTRIES),
                segment=rng.choice(phrases.SEGMENTS),
                size=rng.choice((15, 40, 120, 300, 800, 2500, 9000)),
                region=rng.choice(phrases.REGIONS),
                domain=f"{slug}{i}.example",
                lifecycle=rng.choices(("customer", "lead", "churned"), (6, 3, 1))[0],
            )
            for _ in range(rng.randint(*self.plan.contacts_per_account)):
                first, last = rng.choice(phrases.FIRST_NAMES), rng.choice(phrases.LAST_NAMES)
                email = f"{first}.{last}.{len(self.rows[m.Contact]) + 1}@{acc['domain']}".lower()
                self._contact(
                    acc, first, last, email, rng.choice(phrases.JOB_TITLES), rng.random() < 0.3
                )

    def _account(self, **values: Any) -> dict:
        created = self.moment(self.rng.randint(400, 1500))
        self.add(m.Account, created_at=created, updated_at=created, version=1, **values)
        row = self.rows[m.Account][-1]
        self.account_rows.append(row)
        self.contacts_of[row["id"]] = []
        return row

    def _contact(
        self, acc: dict, first: str, last: str, email: str, title: str, portal: bool
    ) -> None:
        self.add(
            m.Contact,
            account_id=acc["id"],
            first_name=first,
            last_name=last,
            email=email.replace(" ", "").replace("'", ""),
            title=title,
            phone=f"+1-555-{self.rng.randint(100, 999)}-{self.rng.randint(1000, 9999)}",
            portal_access=portal,
            version=1,
            created_at=self.now,
            updated_at=self.now,
        )
        self.contacts_of[acc["id"]].append(self.rows[m.Contact][-1])

    def _deal(
        self, name: str, acc: dict, stage: Stage, amount: int, currency: str, close_in: int
    ) -> None:
        created = self.moment(
            self.rng.randint(max(close_in, 0) + 30, 400)
            if close_in < 0
            else self.rng.randint(20, 200)
        )
        closed = stage.is_closed
        close_date = self.today + timedelta(days=close_in)
        deal_id = self.add(
            m.Deal,
            account_id=acc["id"],
            name=name,
            stage=stage,
            amount=Decimal(amount),
            currency=currency,
            close_date=close_date,
            probability=DEFAULT_PROBABILITY[stage],
            owner_id=acc["owner_id"],
            created_at=created,
            updated_at=created,
            version=1,
            closed_at=datetime.combine(close_date, time(12), tzinfo=UTC) if closed else None,
        )
        path = [s for s in Stage if not s.is_closed]
        reached = path[: path.index(stage) + 1] if not closed else path[: self.rng.randint(2, 4)]
        if closed:
            reached.append(stage)
        previous = None
        for i, step in enumerate(reached):
            when = created + (self.now - created) * (i / max(len(reached), 1))
            self.add(
                m.StageChange,
                deal_id=deal_id,
                from_stage=previous,
                to_stage=step,
                changed_at=when,
                changed_by_id=acc["owner_id"],
            )
            previous = step

    def deals(self) -> None:
        rng = self.rng
        by_name = {a["name"]: a for a in self.account_rows}
        for name, account, stage, amount, currency, close_in in fixed.DEALS:
            self._deal(name, by_name[account], Stage(stage), amount, currency, close_in)
        stages, weights = zip(*STAGE_WEIGHTS.items(), strict=True)
        generated = self.account_rows[len(fixed.ACCOUNTS) :]
        for i in range(self.plan.deals - len(fixed.DEALS)):
            acc = generated[i % len(generated)] if i < len(generated) else rng.choice(generated)
            stage = stages[i % len(stages)] if i < len(stages) else rng.choices(stages, weights)[0]
            kind = rng.choice(phrases.DEAL_KINDS)
            close_in = rng.randint(-300, -5) if stage.is_closed else rng.randint(-20, 200)
            amount = rng.randrange(4, 300) * 1000
            currency = rng.choices(("USD", "EUR", "GBP"), (8, 2, 1))[0]
            self._deal(
                kind.format(company=acc["name"], year=self.today.year + 1),
                acc,
                stage,
                amount,
                currency,
                close_in,
            )

    def cases(self) -> None:
        rng = self.rng
        by_name = {a["name"]: a for a in self.account_rows}
        emails = {c["email"]: c for cs in self.contacts_of.values() for c in cs}
        self.case_rows: list[dict] = []
        for subject, desc, account, email, status, prio, days in fixed.CASES:
            self._case(by_name[account], emails[email], subject, desc, status, prio, days)
        for _ in range(self.plan.cases - len(fixed.CASES)):
            acc = rng.choice(self.account_rows)
            contact = rng.choice(self.contacts_of[acc["id"]])
            subject, desc = rng.choice(phrases.CASE_TEMPLATES)
            days = rng.uniform(0.2, 365)
            status = (
                "closed"
                if days > 60 and rng.random() < 0.8
                else rng.choices(("new", "open", "pending", "resolved"), (1, 3, 2, 4))[0]
            )
            prio = rng.choices(("low", "normal", "high", "urgent"), (3, 6, 2, 1))[0]
            self._case(acc, contact, subject, self.fill(desc, contact, acc), status, prio, days)

    def _case(
        self, acc: dict, contact: dict, subject: str, desc: str, status: str, prio: str, days: float
    ) -> None:
        rng = self.rng
        opened = (self.now - timedelta(days=days, hours=rng.randint(0, 8))).replace(microsecond=0)
        first = opened + timedelta(hours=rng.uniform(0.2, 30)) if status != "new" else None
        done = status in ("resolved", "closed")
        resolved = (
            min(opened + timedelta(hours=rng.uniform(2, 24 * 12)), self.now) if done else None
        )
        case_id = len(self.rows.get(m.Case, [])) + 1
        owner = rng.choice(self.support_ids) if status != "new" else None
        self.add(
            m.Case,
            id=case_id,
            number=case_number(case_id),
            account_id=acc["id"],
            contact_id=contact["id"],
            subject=subject,
            description=desc,
            status=status,
            priority=prio,
            channel=rng.choice(("email", "phone", "web", "chat")),
            owner_id=owner,
            opened_at=opened,
            first_response_at=first,
            resolved_at=resolved,
            closed_at=resolved if status == "closed" else None,
            escalation_count=rng.choices((0, 1, 2), (8, 2, 1))[0] if prio != "low" else 0,
            satisfaction=rng.choices((1, 2, 3, 4, 5), (1, 1, 2, 4, 5))[0]
            if done and rng.random() < 0.6
            else None,
            version=1,
            created_at=opened,
            updated_at=resolved or first or opened,
        )
        self.case_rows.append(self.rows[m.Case][-1])
        if first:
            self.add(
                m.Activity,
                type="note",
                occurred_at=first,
                user_id=owner,
                account_id=acc["id"],
                contact_id=None,
                case_id=case_id,
                summary=self.fill(rng.choice(phrases.CASE_COMMENTS), contact, acc),
                internal=False,
                version=1,
                created_at=first,
                updated_at=first,
            )

    def activities(self) -> None:
        rng = self.rng
        by_email = {c["email"]: c for cs in self.contacts_of.values() for c in cs}
        last_monday = self.today - timedelta(days=self.today.weekday() + 7)
        for when, kind, email, summary, outcome in fixed.ACTIVITIES:
            contact = by_email[email]
            acc = next(a for a in self.account_rows if a["id"] == contact["account_id"])
            if isinstance(when, str):
                day = last_monday + timedelta(days=int(when.rsplit("+", 1)[1]))
                at = datetime.combine(day, time(15, 30), tzinfo=UTC)
            else:
                at = self.moment(when)
            self._activity(kind, at, acc, contact, summary, outcome)
        templates = {
            "call": phrases.CALL_SUMMARIES,
            "email": phrases.EMAIL_SUMMARIES,
            "meeting": phrases.MEETING_SUMMARIES,
            "note": phrases.NOTE_SUMMARIES,
        }
        kinds, weights = ("call", "email", "meeting", "note"), (5, 6, 2, 1)
        existing = len(self.rows[m.Activity])
        for _ in range(max(self.plan.activities - existing, 0)):
            acc = rng.choice(self.account_rows)
            contact = rng.choice(self.contacts_of[acc["id"]])
            kind = rng.choices(kinds, weights)[0]
            text_ = self.fill(rng.choice(templates[kind]), contact, acc)
            outcome = rng.choice(phrases.CALL_OUTCOMES) if kind == "call" else None
            self._activity(kind, self.moment(rng.uniform(0, 365)), acc, contact, text_, outcome)

    def _activity(
        self, kind: str, at: datetime, acc: dict, contact: dict, summary: str, outcome: str | None
    ) -> None:
        self.add(
            m.Activity,
            type=kind,
            occurred_at=at,
            user_id=acc["owner_id"],
            account_id=acc["id"],
            contact_id=contact["id"],
            summary=summary,
            outcome=outcome,
            internal=False,
            version=1,
            created_at=at,
            updated_at=at,
        )

    def tasks(self) -> None:
        rng = self.rng
        for _ in range(self.plan.tasks):
            acc = rng.choice(self.account_rows)
            contact = rng.choice(self.contacts_of[acc["id"]])
            due = self.today + timedelta(days=rng.randint(-20, 30))
            status = "done" if due < self.today and rng.random() < 0.7 else "open"
            self.add(
                m.Task,
                title=self.fill(rng.choice(phrases.TASK_TEMPLATES), contact, acc),
                due_date=due,
                owner_id=acc["owner_id"],
                status=status,
                account_id=acc["id"],
                contact_id=contact["id"],
                version=1,
                created_at=self.now - timedelta(days=30),
                updated_at=self.now,
                completed_at=self.now if status == "done" else None,
            )

    def articles(self) -> None:
        for src in load_folder(knowledge_folder()):
            self.add(
                m.Article,
                slug=src.slug,
                title=src.title,
                body=src.body,
                visibility=src.visibility,
                tags=src.tags,
                version=1,
                created_at=self.now,
                updated_at=self.now,
            )
