"""The search index's fast paths: the start-up snapshot, cached scopes, the outbox check,
and the sign-code pre-selection of dense candidates. Each must change speed, never results."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from searching import keys, person
from sqlalchemy import select

from assistant.crm import audit
from assistant.crm.db import Store
from assistant.crm.enums import Channel
from assistant.crm.models import Account
from retrieval import ranking
from retrieval.index import SearchIndex
from retrieval.vectors import VectorStore

pytestmark = pytest.mark.timeout(900)


@pytest.fixture
def demo(indexed_home: Path, embedder):
    store = Store.open(f"sqlite:///{indexed_home / 'deskhand.db'}")
    yield store, indexed_home, embedder
    store.dispose()


def forbid_chroma_load(monkeypatch) -> None:
    def refuse(self):
        raise AssertionError("loaded from Chroma, not from the snapshot")

    monkeypatch.setattr(VectorStore, "pages", refuse)


def test_restart_loads_the_snapshot_and_replays_later_changes(demo, monkeypatch):
    store, home, embedder = demo
    first = SearchIndex(store, home=home, embedder=embedder)
    admin = person(store, "admin@northwind.example")
    expected = keys(first.search(admin, "SSO login fails after the upgrade"))
    moved = _move_account(store, "Globex", "priya@northwind.example")
    first.sync()  # applied and in Chroma; the snapshot on disk is now behind
    forbid_chroma_load(monkeypatch)
    second = SearchIndex(store, home=home, embedder=embedder)
    assert keys(second.search(admin, "SSO login fails after the upgrade")) == expected
    assert second._seen == first._seen  # the outbox was replayed past the snapshot
    priya = person(store, "priya@northwind.example")
    assert any(h.record.get("account_id") == moved for h in second.search(priya, "Globex pricing"))


def test_a_snapshot_of_another_build_or_a_broken_one_is_not_used(demo):
    store, home, embedder = demo
    dana = person(store, "dana@acme.example")
    first = SearchIndex(store, home=home, embedder=embedder)
    expected = keys(first.search(dana, "SSO login fails after upgrade"))
    saved = home / "saved-snapshot"
    shutil.copytree(first.snapshot_dir, saved)
    first.rebuild()  # a new build: snapshots of the old one are stale
    shutil.rmtree(first.snapshot_dir)
    shutil.copytree(saved, first.snapshot_dir)
    again = SearchIndex(store, home=home, embedder=embedder)
    assert again._from_snapshot() is None
    assert keys(again.search(dana, "SSO login fails after upgrade")) == expected
    current = (again.snapshot_dir / "CURRENT").read_text()
    (again.snapshot_dir / current / "chunks.json").write_text("{not json")
    broken = SearchIndex(store, home=home, embedder=embedder)
    assert keys(broken.search(dana, "SSO login fails after upgrade")) == expected
    shutil.rmtree(home / "index" / "snapshot")  # derived data: deleting it loses nothing
    bare = SearchIndex(store, home=home, embedder=embedder)
    assert keys(bare.search(dana, "SSO login fails after upgrade")) == expected


def _move_account(store: Store, name: str, to_email: str) -> int:
    """Give an account to another rep the way deskhand writes (audit entry and outbox)."""
    to = person(store, to_email)
    with store.write() as s:
        account = s.scalar(select(Account).where(Account.name == name))
        before = audit.snapshot(account)
        account.owner_id = to.user_id
        audit.record(
            s,
            audit.WriteContext(to, Channel.CLI, tool="test", actor="test"),
            account,
            before=before,
        )
        return account.id


def test_cached_scopes_follow_an_account_to_its_new_rep(demo):
    store, home, embedder = demo
    idx = SearchIndex(store, home=home, embedder=embedder)
    priya, tom = person(store, "priya@northwind.example"), person(store, "tom@northwind.example")
    assert not any(h.record.get("account") == "Globex" for h in idx.search(priya, "Globex pricing"))
    assert any(h.record.get("account") == "Globex" for h in idx.search(tom, "Globex pricing"))
    _move_account(store, "Globex", "priya@northwind.example")
    assert any(h.record.get("account") == "Globex" for h in idx.search(priya, "Globex pricing"))
    assert not any(h.record.get("account") == "Globex" for h in idx.search(tom, "Globex pricing"))


def test_a_commit_in_this_process_is_seen_by_the_next_search(demo):
    """Searches check the outbox only every `stale_after_s`, except after this process's
    own commits of outbox events."""
    store, home, embedder = demo
    idx = SearchIndex(store, home=home, embedder=embedder, stale_after_s=3600)
    priya = person(store, "priya@northwind.example")
    idx.search(priya, "warm up")
    with store.write() as s:
        account = s.scalar(select(Account).where(Account.name == "Acme Corp"))
        before = audit.snapshot(account)
        account.name = "Acme Zygomorph Corp"
        audit.record(
            s, audit.WriteContext(priya, Channel.CLI, tool="t", actor="t"), account, before=before
        )
    started = time.monotonic()
    hits = idx.search(priya, "zygomorph")
    assert hits and all(h.record.get("account") in (None, "Acme Zygomorph Corp") for h in hits)
    assert time.monotonic() - started < 5


def test_sign_code_preselection_keeps_the_results_in_scope_and_near_exact(demo, monkeypatch):
    store, home, embedder = demo
    idx = SearchIndex(store, home=home, embedder=embedder)
    queries = [
        "SSO login fails after upgrade",
        "invoice charged twice",
        "webhook timeouts",
        "renewal pricing discount",
        "how do I reset my password",
    ]
    people = [
        person(store, e)
        for e in ("admin@northwind.example", "dana@acme.example", "priya@northwind.example")
    ]
    exact = {(p.key, q): keys(idx.search(p, q, mode="dense")) for p in people for q in queries}
    monkeypatch.setattr(ranking, "EXACT_ROWS", 0)
    monkeypatch.setattr(ranking, "PRESELECT", 100)  # 400 of ~1,300 rows: the path runs
    same = 0
    for p in people:
        for q in queries:
            hits = idx.search(p, q, mode="dense")
            assert set(keys(hits)) <= set(keys(idx.search(p, q, mode="dense", limit=1000)))
            same += keys(hits)[:1] == exact[p.key, q][:1]
    assert same >= len(people) * len(queries) - 2


def test_a_case_event_refreshes_customers_rows_and_keeps_a_reps(demo):
    from assistant.crm.models import Case

    store, home, embedder = demo
    idx = SearchIndex(store, home=home, embedder=embedder)
    priya, dana = person(store, "priya@northwind.example"), person(store, "dana@acme.example")
    idx.search(priya, "renewal pricing")
    idx.search(dana, "SSO login fails")
    reps_rows = idx._scopes._entries[priya]
    with store.write() as s:  # an Acme case moves to Globex, the way deskhand writes
        case = s.scalar(select(Case).where(Case.subject == "SSO login fails after upgrade"))
        before = audit.snapshot(case)
        case.account_id = s.scalar(select(Account.id).where(Account.name == "Globex"))
        audit.record(
            s, audit.WriteContext(priya, Channel.CLI, tool="t", actor="t"), case, before=before
        )
        case_id = case.id
    assert all(h.record.get("account") != "Globex" for h in idx.search(dana, "SSO login fails"))
    assert idx._scopes._entries[priya] is reps_rows  # a rep's book is about account owners
    t = idx._table
    mine = idx._scopes.visible(dana, t, store)
    assert not (t.case[mine.rows] == case_id).any()
