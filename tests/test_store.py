"""The store on SQLite and PostgreSQL: migrated schema, demo data, atomic writes, errors.

Every test that takes `backend` runs twice: on a fresh SQLite file and on a fresh
PostgreSQL schema (marked `postgres`; skipped with the reason when no server is running).
The schema always comes from the Alembic migrations, never from `create_all`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from assistant.crm import actions, migrate
from assistant.crm import audit as audit_mod
from assistant.crm.db import Store
from assistant.crm.enums import (
    ActionStatus,
    ActivityType,
    CaseStatus,
    Channel,
    Priority,
    Stage,
    Visibility,
)
from assistant.crm.models import (
    Account,
    Activity,
    Article,
    AuditEntry,
    Case,
    Contact,
    Deal,
    OutboxEvent,
    PendingAction,
    StageChange,
    Task,
    User,
)
from assistant.crm.principal import Principal, principal_for_email
from assistant.crm.writes import CreateDeal, CreateTask, LogActivity, MoveDealStage, OpenCase
from assistant.demo.seed import seed_demo
from assistant.errors import StoreUnavailable

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
PRIYA = "priya@northwind.example"
SOFIA = "sofia@northwind.example"
LEDGER = (AuditEntry, OutboxEvent, Activity)


# --- fixtures and helpers ------------------------------------------------------------------


def migrated_store(url: str) -> Store:
    store = Store.open(url)
    migrate.upgrade(store)
    return store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated store with the small demo company seeded as of TODAY."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    store = migrated_store(url)
    seed_demo(store, seed=7, size="small", today=TODAY)
    yield store
    store.dispose()


def principal(store: Store, email: str) -> Principal:
    with store.read() as s:
        return principal_for_email(s, email)


def count(store: Store, model, *where) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def counts(store: Store, *models) -> dict[str, int]:
    return {m.__tablename__: count(store, m) for m in models}


def max_id(store: Store, model) -> int:
    with store.read() as s:
        return s.scalar(select(func.coalesce(func.max(model.id), 0)))


def one(store: Store, model, *where):
    with store.read() as s:
        return s.scalars(select(model).where(*where)).unique().one()


def run_write(store: Store, p: Principal, op) -> actions.Proposal:
    """Propose a write as `p` and confirm it, as a front end does."""
    proposal = actions.propose(store, p, op, channel=Channel.CLI, thread_id=None, ttl_s=600)
    return actions.confirm(store, proposal.id, p, channel=Channel.CLI)


def table_digest(store: Store, tables: tuple[str, ...]) -> str:
    """A hash of every row of `tables`, in id order (the same data gives the same digest)."""
    h = hashlib.sha256()
    with store.read() as s:
        for table in tables:
            for row in s.execute(text(f"SELECT * FROM {table} ORDER BY id")):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


# --- (a) the demo company ------------------------------------------------------------------


def test_fixed_demo_people(backend: Store) -> None:
    """The named users exist with their roles and teams."""
    with backend.read() as s:
        users = {u.email: u for u in s.scalars(select(User)).unique()}
    expected = {
        "priya@northwind.example": ("Priya Shah", "rep", "East"),
        "tom@northwind.example": ("Tom Becker", "rep", "West"),
        "marcus@northwind.example": ("Marcus Lee", "manager", "East"),
        "sofia@northwind.example": ("Sofia Alvarez", "support", None),
        "admin@northwind.example": ("Ada Admin", "admin", None),
    }
    for email, (name, role, team) in expected.items():
        user = users[email]
        assert (user.name, user.role.value, user.team.name if user.team else None) == (
            name,
            role,
            team,
        ), email
        assert user.active


def test_fixed_demo_accounts_deals_cases(backend: Store) -> None:
    """Acme, Globex and their deal, case and portal contact are as the docs describe them."""
    acme = one(backend, Account, Account.name == "Acme Corp")
    globex = one(backend, Account, Account.name == "Globex")
    assert acme.owner.email == PRIYA
    assert globex.owner.email == "tom@northwind.example"

    dana = one(backend, Contact, Contact.email == "dana@acme.example")
    assert (dana.name, dana.account_id, dana.portal_access) == ("Dana Ruiz", acme.id, True)

    renewal = one(backend, Deal, Deal.name == "Acme renewal 2027")
    assert (renewal.account_id, renewal.stage, renewal.amount, renewal.currency) == (
        acme.id,
        Stage.PROPOSAL,
        Decimal("48000"),
        "USD",
    )
    expansion = one(backend, Deal, Deal.name == "Globex expansion")
    assert (expansion.account_id, expansion.stage, expansion.amount) == (
        globex.id,
        Stage.NEGOTIATION,
        Decimal("120000"),
    )

    sso = one(backend, Case, Case.subject == "SSO login fails after upgrade")
    assert sso.account_id == acme.id
    assert sso.status == CaseStatus.OPEN and sso.status.is_open
    assert sso.priority == Priority.HIGH


def test_initech_has_three_calls_last_week(backend: Store) -> None:
    """Exactly 3 Initech calls fall in the calendar week before the week of TODAY."""
    this_monday = TODAY - timedelta(days=TODAY.weekday())
    start = datetime.combine(this_monday - timedelta(days=7), datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(this_monday, datetime.min.time(), tzinfo=UTC)
    initech = one(backend, Account, Account.name == "Initech")
    calls = count(
        backend,
        Activity,
        Activity.account_id == initech.id,
        Activity.type == ActivityType.CALL,
        Activity.occurred_at >= start,
        Activity.occurred_at < end,
    )
    assert calls == 3


def test_fixed_demo_articles(backend: Store) -> None:
    """The three articles the docs use exist with the right visibility."""
    with backend.read() as s:
        vis = dict(s.execute(select(Article.title, Article.visibility)).all())
    assert vis["How to reset your password"] == Visibility.PUBLIC
    assert vis["Configuring SSO with Okta"] == Visibility.PUBLIC
    assert vis["Discount approval policy"] == Visibility.INTERNAL


def test_demo_volumes(backend: Store) -> None:
    """The small demo is big enough for reports: minimum counts, all stages, recent activity."""
    assert count(backend, Account) >= 30
    assert count(backend, Contact) >= 100
    assert count(backend, Deal) >= 60
    assert count(backend, Case) >= 150
    assert count(backend, Article) >= 40
    assert (
        count(
            backend,
            Activity,
            Activity.occurred_at >= NOW - timedelta(days=365),
            Activity.occurred_at <= NOW,
        )
        >= 800
    )
    with backend.read() as s:
        stages = set(s.scalars(select(Deal.stage).distinct()))
    assert stages == set(Stage)


# --- (b) determinism -----------------------------------------------------------------------

DIGEST_TABLES = (
    "accounts",
    "contacts",
    "deals",
    "deal_stage_changes",
    "cases",
    "activities",
    "tasks",
)


def seeded_digest(path: Path, seed: int) -> str:
    store = migrated_store(f"sqlite:///{path}")
    try:
        seed_demo(store, seed=seed, size="small", today=TODAY)
        return table_digest(store, DIGEST_TABLES)
    finally:
        store.dispose()


def test_seed_is_deterministic(tmp_path: Path) -> None:
    """The same seed gives identical rows in two fresh stores; another seed gives others."""
    first = seeded_digest(tmp_path / "a.db", seed=7)
    again = seeded_digest(tmp_path / "b.db", seed=7)
    other = seeded_digest(tmp_path / "c.db", seed=8)
    assert first == again
    assert other != first


# --- (c) a confirmed write -----------------------------------------------------------------


def test_confirmed_write_commits_row_audit_and_outbox_together(backend: Store) -> None:
    """Moving a deal changes it, bumps its version and adds one audit and one outbox row."""
    priya = principal(backend, PRIYA)
    deal = one(backend, Deal, Deal.name == "Acme renewal 2027")
    before = counts(backend, AuditEntry, OutboxEvent, StageChange)

    proposal = actions.propose(
        backend,
        priya,
        MoveDealStage(deal_id=deal.id, stage=Stage.NEGOTIATION),
        channel=Channel.CLI,
        thread_id=None,
        ttl_s=600,
    )
    assert one(backend, Deal, Deal.id == deal.id).stage == Stage.PROPOSAL
    assert counts(backend, AuditEntry, OutboxEvent, StageChange) == before
    done = actions.confirm(backend, proposal.id, priya, channel=Channel.CLI)
    assert done.status == ActionStatus.EXECUTED.value

    # A separate engine sees only committed data.
    other = Store.open(backend.engine.url.render_as_string(hide_password=False))
    try:
        moved = one(other, Deal, Deal.id == deal.id)
        assert (moved.stage, moved.probability, moved.version) == (
            Stage.NEGOTIATION,
            75,
            deal.version + 1,
        )
        assert counts(other, AuditEntry, OutboxEvent, StageChange) == {
            "audit_log": before["audit_log"] + 1,
            "outbox": before["outbox"] + 1,
            "deal_stage_changes": before["deal_stage_changes"] + 1,
        }
        entry = one(other, AuditEntry, AuditEntry.action_id == proposal.id)
        assert (entry.tool, entry.entity_type, entry.entity_id) == (
            "move_deal_stage",
            "deals",
            deal.id,
        )
        assert (entry.actor, entry.on_behalf_of, entry.role) == (PRIYA, PRIYA, "rep")
        assert entry.before == {"probability": 50, "stage": "proposal"}
        assert entry.after == {"probability": 75, "stage": "negotiation"}
        event = one(other, OutboxEvent, OutboxEvent.id == max_id(other, OutboxEvent))
        assert (event.entity_type, event.entity_id, event.op, event.version) == (
            "deals",
            deal.id,
            "update",
            deal.version + 1,
        )
        assert event.processed_at is None
        action = one(other, PendingAction, PendingAction.id == proposal.id)
        assert action.status == ActionStatus.EXECUTED and action.decided_at is not None
        assert action.result["deal_id"] == deal.id
    finally:
        other.dispose()


# --- (d) a write that fails midway ---------------------------------------------------------


def log_call(account_id: int) -> LogActivity:
    return LogActivity(
        account_id=account_id, type=ActivityType.CALL, summary="Quick check-in.", occurred_at=NOW
    )


@pytest.mark.parametrize(
    ("error", "status_after"),
    [
        (RuntimeError("disk on fire"), ActionStatus.PENDING),
        (
            StoreUnavailable("The database is busy; please try again in a moment."),
            ActionStatus.FAILED,
        ),
    ],
)
def test_write_failing_midway_leaves_nothing(
    backend: Store, monkeypatch: pytest.MonkeyPatch, error: Exception, status_after: ActionStatus
) -> None:
    """The activity, audit and outbox rows are flushed, then apply fails: all roll back.

    An unexpected error leaves the action pending (it can be confirmed again later); a
    deliberate error marks it failed. Either way it is not executed.
    """
    priya = principal(backend, PRIYA)
    acme = one(backend, Account, Account.name == "Acme Corp")
    before = counts(backend, *LEDGER)
    proposal = actions.propose(
        backend, priya, log_call(acme.id), channel=Channel.CLI, thread_id=None, ttl_s=600
    )

    def record_then_fail(session, wc, obj, *, before):
        audit_mod.record(session, wc, obj, before=before)
        session.flush()  # the activity, audit and outbox rows are now in the transaction
        assert obj.id is not None
        raise error

    # `writes.work` imported `record` by name, so patch it where it is looked up.
    monkeypatch.setattr("assistant.crm.writes.work.record", record_then_fail)
    with pytest.raises(type(error)):
        actions.confirm(backend, proposal.id, priya, channel=Channel.CLI)

    assert counts(backend, *LEDGER) == before
    action = one(backend, PendingAction, PendingAction.id == proposal.id)
    assert action.status == status_after
    if status_after == ActionStatus.PENDING:
        assert action.decided_at is None and action.result is None
        monkeypatch.undo()  # the claim was rolled back too, so the action can still run once
        run_again = actions.confirm(backend, proposal.id, priya, channel=Channel.CLI)
        assert run_again.status == ActionStatus.EXECUTED.value
        assert counts(backend, *LEDGER) == {k: v + 1 for k, v in before.items()}
    else:
        assert action.result == {"error": str(error)}


# --- (e) inserts after seeding -------------------------------------------------------------


def test_inserts_after_seeding_get_fresh_ids(backend: Store) -> None:
    """Confirmed creates take the next id after the seeded rows (PostgreSQL sequences moved)."""
    priya = principal(backend, PRIYA)
    sofia = principal(backend, SOFIA)
    acme = one(backend, Account, Account.name == "Acme Corp")
    seeded = {m: max_id(backend, m) for m in (Activity, Task, Deal, StageChange, Case)}

    activity = run_write(backend, priya, log_call(acme.id))
    task = run_write(
        backend,
        priya,
        CreateTask(
            account_id=acme.id, title="Send revised quote", due_date=TODAY + timedelta(days=2)
        ),
    )
    deal = run_write(
        backend,
        priya,
        CreateDeal(account_id=acme.id, name="Acme SSO add-on", amount=Decimal("6000")),
    )
    case = run_write(backend, sofia, OpenCase(account_id=acme.id, subject="Export stuck"))

    assert activity.result["activity_id"] == seeded[Activity] + 1
    assert task.result["task_id"] == seeded[Task] + 1
    assert deal.result["deal_id"] == seeded[Deal] + 1
    assert max_id(backend, StageChange) == seeded[StageChange] + 1
    assert case.result["case_id"] == seeded[Case] + 1
    assert count(backend, AuditEntry) == count(backend, OutboxEvent) == 4


# --- (f) store errors ----------------------------------------------------------------------


def test_unreachable_postgres_raises_store_unavailable() -> None:
    """A closed port gives StoreUnavailable saying what to check, for reads and writes."""
    store = Store.open("postgresql+psycopg://postgres@127.0.0.1:1/test")
    try:
        for session_of in (store.read, store.write):
            with pytest.raises(StoreUnavailable) as info, session_of() as s:
                s.execute(text("SELECT 1"))
            message = str(info.value)
            assert "DESKHAND_DATABASE_URL" in message and "running" in message
            assert "psycopg" not in message and "Traceback" not in message
    finally:
        store.dispose()


def test_unmigrated_sqlite_says_run_init(tmp_path: Path) -> None:
    """A store without tables says to run `deskhand init`, and is not reported as migrated."""
    store = Store.open(f"sqlite:///{tmp_path / 'blank.db'}")
    try:
        assert not store.is_migrated()
        with pytest.raises(StoreUnavailable, match="deskhand init"), store.read() as s:
            s.scalar(select(func.count()).select_from(Account))
    finally:
        store.dispose()
