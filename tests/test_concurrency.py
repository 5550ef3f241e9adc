"""Concurrent writer processes on one SQLite file never hit "database is locked".

Four processes (spawned, so each has its own engine and connections) act as four reps.
Each runs read-then-write rounds on its own accounts: a read transaction, then a proposal
and its confirmation (LogActivity and CreateTask, alternating). SQLite runs in WAL mode
and writers take the lock up front with BEGIN IMMEDIATE, so they wait instead of failing.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from assistant.crm import actions, migrate
from assistant.crm.db import Store
from assistant.crm.enums import ActionStatus, ActivityType, Channel
from assistant.crm.models import (
    Account,
    Activity,
    AuditEntry,
    OutboxEvent,
    PendingAction,
    Task,
)
from assistant.crm.principal import principal_for_email
from assistant.crm.writes import CreateTask, LogActivity
from assistant.demo.seed import seed_demo
from assistant.errors import StoreUnavailable

REPS = (
    "priya@northwind.example",
    "tom@northwind.example",
    "luis@northwind.example",
    "mei@northwind.example",
)
ROUNDS = 40  # per process; half activities, half tasks
TAG = "concurrency-test"


def _writer(url: str, email: str, rounds: int, start, results) -> None:
    """One rep in its own process: `rounds` read-then-write rounds; reports what happened."""
    report = {"email": email, "done": 0, "locked": [], "crash": None}
    store = Store.open(url)
    try:
        with store.read() as s:
            p = principal_for_email(s, email)
            own = s.scalars(
                select(Account.id).where(Account.owner_id == p.user_id).order_by(Account.id)
            ).all()
        start.wait(timeout=60)
        for i in range(rounds):
            account_id = own[i % len(own)]
            try:
                with store.read() as s:  # the read half: look at the account first
                    s.scalar(
                        select(func.count())
                        .select_from(Activity)
                        .where(Activity.account_id == account_id)
                    )
                if i % 2 == 0:
                    op = LogActivity(
                        account_id=account_id,
                        type=ActivityType.CALL,
                        summary=f"{TAG} {email} call {i}",
                        occurred_at=datetime.now(UTC),
                    )
                else:
                    op = CreateTask(account_id=account_id, title=f"{TAG} {email} task {i}")
                proposal = actions.propose(
                    store, p, op, channel=Channel.CLI, thread_id=None, ttl_s=600
                )
                actions.confirm(store, proposal.id, p, channel=Channel.CLI)
                report["done"] += 1
            except (StoreUnavailable, OperationalError) as exc:
                report["locked"].append(f"round {i}: {exc!r}")
    except BaseException:
        report["crash"] = traceback.format_exc()
    finally:
        store.dispose()
        results.put(report)


@pytest.fixture
def seeded_file(tmp_path: Path) -> str:
    """A migrated SQLite file with the small demo company; returns its URL."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    store = Store.open(url)
    migrate.upgrade(store)
    seed_demo(store, seed=7, size="small", today=date(2026, 11, 25))
    store.dispose()
    return url


def count(store: Store, model, *where) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def run_writers(url: str) -> list[dict]:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(len(REPS)), ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, email, ROUNDS, start, results)) for email in REPS
    ]
    for proc in procs:
        proc.start()
    try:
        reports = [results.get(timeout=120) for _ in procs]
    except queue.Empty:
        reports = []
    for proc in procs:
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()
    assert len(reports) == len(REPS), "a writer process did not report back"
    return reports


def test_concurrent_writer_processes_never_see_locked(seeded_file: str) -> None:
    """4 processes x 40 propose+confirm rounds: no lock errors, every row and audit entry."""
    store = Store.open(seeded_file)
    before = {m: count(store, m) for m in (Activity, Task, AuditEntry, OutboxEvent)}

    started = time.monotonic()
    reports = run_writers(seeded_file)
    elapsed = time.monotonic() - started

    for r in reports:
        assert r["crash"] is None, f"{r['email']} crashed:\n{r['crash']}"
        assert r["locked"] == [], f"{r['email']} hit lock errors: {r['locked'][:3]}"
        assert r["done"] == ROUNDS, r
    per_kind = len(REPS) * ROUNDS // 2
    assert count(store, Activity) == before[Activity] + per_kind
    assert count(store, Task) == before[Task] + per_kind
    assert count(store, AuditEntry) == before[AuditEntry] + 2 * per_kind
    assert count(store, OutboxEvent) == before[OutboxEvent] + 2 * per_kind
    assert (
        count(store, PendingAction, PendingAction.status == ActionStatus.EXECUTED) == 2 * per_kind
    )
    assert count(store, PendingAction, PendingAction.status != ActionStatus.EXECUTED) == 0
    for email in REPS:  # each rep's writes landed under their own name, once each
        assert count(store, Activity, Activity.summary.like(f"{TAG} {email} call %")) == ROUNDS // 2
        assert count(store, Task, Task.title.like(f"{TAG} {email} task %")) == ROUNDS // 2
        assert count(store, AuditEntry, AuditEntry.on_behalf_of == email) == ROUNDS
    store.dispose()
    assert elapsed < 60, f"the writers took {elapsed:.1f}s"
