"""Retrieval: hybrid search over the demo, scoping, freshness through the outbox, drift,
knowledge import, the tools and their citations."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scripted import call, say
from searching import keys, person
from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from assistant.cli import app
from assistant.crm import actions, audit, scope
from assistant.crm.db import Store
from assistant.crm.enums import ActivityType, Channel
from assistant.crm.models import Account, Activity, Article, Case, OutboxEvent
from assistant.crm.principal import ANONYMOUS
from assistant.crm.writes.work import LogActivity
from retrieval.index import SearchIndex
from retrieval.scoping import visible_mask
from tools.context import ToolContext
from tools.registry import BY_NAME
from tools.registry import call as call_tool

# The first test builds the session's demo index (~1,300 chunks): allow for a slow machine.
pytestmark = pytest.mark.timeout(900)

PEOPLE = [
    "admin@northwind.example",
    "priya@northwind.example",
    "tom@northwind.example",
    "marcus@northwind.example",
    "sofia@northwind.example",
    "dana@acme.example",
    "hank@globex.example",
]


@pytest.fixture
def demo_index(indexed_home: Path, embedder):
    store = Store.open(f"sqlite:///{indexed_home / 'deskhand.db'}")
    idx = SearchIndex(store, home=indexed_home, embedder=embedder)
    yield store, idx
    store.dispose()


def test_hybrid_finds_exact_codes_names_and_meaning(demo_index):
    store, idx = demo_index
    admin = person(store, "admin@northwind.example")
    hits = idx.search(admin, "INV-2026-0412", limit=5)
    assert hits and all("INV-2026-0412" in h.chunk.text for h in hits)
    hits = idx.search(admin, "what did Globex say about pricing?", limit=3)
    assert hits[0].record["account"] == "Globex"
    hits = idx.search(ANONYMOUS, "I forgot my password", kinds=("article",), limit=1)
    assert hits[0].record["slug"] == "how-to-reset-your-password"
    assert idx.search(admin, "qwzxv plrkt", limit=5) == []


def test_mask_matches_sql_scope_for_every_role(demo_index):
    """The numpy pre-filter selects exactly the records the SQL scope clauses allow."""
    store, idx = demo_index
    t = idx._require()
    for email in PEOPLE:
        p = person(store, email)
        with store.read() as s:
            mask = visible_mask(s, p, t)
            allowed = {
                "articles": set(s.scalars(select(Article.id).where(scope.articles(p)))),
                "activities": set(s.scalars(select(Activity.id).where(scope.activities(p)))),
                "cases": set(s.scalars(select(Case.id).where(scope.cases(p)))),
            }
        seen = {c.key for row, c in enumerate(t.chunks) if mask[row]}
        expected = {f"{src}:{i}" for src, ids in allowed.items() for i in ids}
        live = {c.key for row, c in enumerate(t.chunks) if t.alive[row]}
        assert seen == expected & live, email


def test_customer_sees_only_own_cases_and_public_articles(demo_index):
    store, idx = demo_index
    dana = person(store, "dana@acme.example")
    for q in ["SSO E-4012", "pricing discount", "webhook timeouts", "invoice", "renewal"]:
        for h in idx.search(dana, q, limit=10):
            c = h.chunk
            assert not c.internal, q
            assert c.kind in ("article", "case", "comment"), q
            if c.kind != "article":
                assert h.record["account"] == "Acme Corp", q


def test_rebuild_is_idempotent(demo_index):
    store, idx = demo_index
    before = idx.vectors.all_ids()
    assert idx.rebuild() == len(before)
    assert idx.vectors.all_ids() == before
    with store.write() as s:  # replaying every change embeds nothing and changes nothing
        s.execute(update(OutboxEvent).values(processed_at=None))
    stats = idx.sync()
    assert (stats.added, stats.removed, stats.embedded) == (0, 0, 0)
    assert idx.vectors.all_ids() == before
    assert idx.check().clean


def _log_call(store: Store, email: str, account: str, text: str) -> int:
    p = person(store, email)
    with store.read() as s:
        account_id = s.scalar(select(Account.id).where(Account.name == account))
    op = LogActivity(
        type=ActivityType.CALL,
        summary=text,
        occurred_at=datetime(2026, 11, 24, 10, tzinfo=UTC),
        account_id=account_id,
    )
    proposal = actions.propose(store, p, op, channel=Channel.CLI, thread_id=None, ttl_s=600)
    done = actions.confirm(store, proposal.id, p, channel=Channel.CLI)
    return done.result["activity_id"]


def test_update_and_delete_reach_the_index_through_the_outbox(demo_index):
    store, idx = demo_index
    priya = person(store, "priya@northwind.example")
    idx.search(priya, "warm up", limit=1)  # loaded and synced, as in a running server
    activity_id = _log_call(
        store, "priya@northwind.example", "Acme Corp", "Dana mentioned the zorblax migration."
    )
    committed = time.monotonic()
    hits = idx.search(priya, "zorblax", limit=3)
    assert time.monotonic() - committed <= 1.0
    assert keys(hits) == [f"activities:{activity_id}"]
    assert hits[0].record["type"] == "call" and hits[0].record["account"] == "Acme Corp"

    with store.write() as s:  # an edit, recorded the way every deskhand write is
        a = s.get(Activity, activity_id)
        before = audit.snapshot(a)
        a.summary = "Dana now talks about the quuxbar rollout instead."
        wc = audit.WriteContext(priya, Channel.CLI, tool="test", actor="test")
        audit.record(s, wc, a, before=before)
    assert idx.search(priya, "zorblax", limit=3) == []
    assert keys(idx.search(priya, "quuxbar", limit=3)) == [f"activities:{activity_id}"]

    with store.write() as s:
        s.execute(delete(Activity).where(Activity.id == activity_id))
        s.add(OutboxEvent(entity_type="activities", entity_id=activity_id, op="delete"))
    assert idx.search(priya, "quuxbar", limit=3) == []
    assert not any(i.startswith(f"activities:{activity_id}:") for i in idx.vectors.all_ids())
    assert idx.check().clean


def test_stale_rows_never_leak_between_change_and_sync(demo_index):
    """A case moved to another account disappears for the old customer before any sync."""
    store, idx = demo_index
    dana = person(store, "dana@acme.example")
    assert idx.search(dana, "SSO login fails after upgrade", kinds=("case",), limit=3)
    idx.stale_after_s = 3600  # no sync on read: the index still holds the old account
    with store.write() as s:
        globex = s.scalar(select(Account.id).where(Account.name == "Globex"))
        s.execute(
            update(Case)
            .where(Case.subject == "SSO login fails after upgrade")
            .values(account_id=globex, version=Case.version + 1)
        )
    hits = idx.search(dana, "SSO login fails after upgrade", kinds=("case",), limit=10)
    assert all(h.record["account"] == "Acme Corp" for h in hits)
    assert "SSO login fails after upgrade" not in json.dumps([h.chunk.text for h in hits])


def test_drift_check_reports_changes_that_bypassed_the_outbox(demo_index):
    store, idx = demo_index
    assert idx.check().clean
    with store.write() as s:  # written behind deskhand's back: no outbox row
        s.execute(update(Case).where(Case.id == 1).values(subject="Renamed", version=9))
    drift = idx.check()
    assert drift.missing == ["cases:1"] and drift.stale == ["cases:1"]
    idx.sync()
    assert not idx.check().clean  # no event, nothing to apply
    idx.rebuild()
    assert idx.check().clean


def test_tools_cite_sources_and_say_when_nothing_is_found(demo_index):
    store, idx = demo_index
    admin = person(store, "admin@northwind.example")
    ctx = ToolContext(store=store, principal=admin, channel=Channel.CLI, search=idx)
    text, out = call_tool(BY_NAME["search_interactions"], ctx, {"query": "E-4012"})
    assert out["ok"] and out["result"]
    kinds = {c.kind for c in ctx.citations}
    assert kinds <= {"activity", "case", "comment"} and ctx.citations[0].date
    assert all(c.account for c in ctx.citations)
    text, out = call_tool(BY_NAME["search_knowledge"], ctx, {"query": "reset my password"})
    assert out["result"][0]["url"] == "/kb/how-to-reset-your-password"
    assert any(c.url == "/kb/how-to-reset-your-password" for c in ctx.citations)
    text, out = call_tool(BY_NAME["search_interactions"], ctx, {"query": "qwzxv plrkt"})
    assert out == {"ok": True, "result": []} and "No matching" in text
    overview = call_tool(
        BY_NAME["account_overview"], ctx, {"account": "Globex", "topic": "pricing"}
    )[1]["result"]
    assert overview["relevant_history"][0]["account"] == "Globex"


def test_search_interactions_respects_account_scope(demo_index):
    store, idx = demo_index
    dana = person(store, "dana@acme.example")
    ctx = ToolContext(store=store, principal=dana, channel=Channel.CLI, search=idx)
    _text, out = call_tool(
        BY_NAME["search_interactions"], ctx, {"query": "webhook", "account": "Globex"}
    )
    assert out == {"ok": False, "error": "No account matching 'Globex' that you can see."}


def test_kb_import_markdown_html_json(demo_index, tmp_path: Path):
    from assistant.crm.enums import Visibility
    from assistant.crm.kb_import import import_articles, read_path

    store, idx = demo_index
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "vpn.md").write_text(
        "---\ntitle: Connecting through the flurbo VPN\nvisibility: public\ntags: [vpn]\n---\n"
        "## Steps\n\nOpen the flurbo client and sign in.\n"
    )
    (folder / "legacy.html").write_text(
        "<html><head><title>x</title><meta name='visibility' content='internal'></head><body>"
        "<h1>Legacy grommet pricing</h1><h2>Rules</h2><p>Grommet discounts stop at 5%.</p>"
        "</body></html>"
    )
    (folder / "more.json").write_text(
        json.dumps(
            [
                {
                    "title": "Snorkel mode",
                    "body": "Enable snorkel mode in settings.",
                    "visibility": "public",
                    "tags": ["beta"],
                }
            ]
        )
    )
    sources = read_path(folder, default=Visibility.INTERNAL)
    result = import_articles(store, sources)
    assert sorted(result.created) == ["legacy", "snorkel-mode", "vpn"]
    assert sorted(import_articles(store, sources).unchanged) == ["legacy", "snorkel-mode", "vpn"]
    dana = person(store, "dana@acme.example")
    sofia = person(store, "sofia@northwind.example")
    hits = idx.search(dana, "flurbo VPN", kinds=("article",), limit=3)
    assert hits[0].record["slug"] == "vpn"
    for q in ("grommet discounts", "legacy grommet pricing"):
        assert all(h.record["slug"] != "legacy" for h in idx.search(dana, q, limit=10))
    assert idx.search(sofia, "grommet discounts", limit=1)[0].record["slug"] == "legacy"
    with store.read() as s:
        article = s.scalar(select(Article).where(Article.slug == "legacy"))
        assert article.body.startswith("## Rules") and article.visibility == Visibility.INTERNAL


def test_ask_json_returns_citations(indexed_home: Path, monkeypatch, tmp_path: Path):
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps(
            [
                call("search_interactions", query="E-4012 SSO outage", account="Acme Corp"),
                call("search_knowledge", query="E-4012"),
                say("Dana reported E-4012 after the upgrade [1]."),
            ]
        )
    )
    monkeypatch.setenv("DESKHAND_HOME", str(indexed_home))
    monkeypatch.setenv("DESKHAND_MODEL", f"scripted:{script}")
    result = CliRunner().invoke(
        app, ["ask", "--as", "priya@northwind.example", "--json", "has anyone seen E-4012?"]
    )
    assert result.exit_code == 0, result.output
    turn = json.loads(result.stdout)
    cited = turn["citations"]
    interactions = [c for c in cited if c["kind"] in ("activity", "case", "comment")]
    assert interactions and all(c["account"] == "Acme Corp" and c["date"] for c in interactions)
    assert any(c["kind"] == "article" and c["url"].startswith("/kb/") for c in cited)


def test_index_command_builds_checks_and_syncs(indexed_home: Path, monkeypatch):
    monkeypatch.setenv("DESKHAND_HOME", str(indexed_home))
    runner = CliRunner()
    out = runner.invoke(app, ["index", "--check"])
    assert out.exit_code == 0 and "No drift" in out.stdout, out.output
    out = runner.invoke(app, ["index"])
    assert out.exit_code == 0 and "Index up to date" in out.stdout, out.output
    store = Store.open(f"sqlite:///{indexed_home / 'deskhand.db'}")
    with store.write() as s:
        s.execute(update(Case).where(Case.id == 2).values(subject="Changed quietly"))
    store.dispose()
    out = runner.invoke(app, ["index", "--check"])
    assert out.exit_code == 1 and "cases:2" in out.stdout
    out = runner.invoke(app, ["index", "--rebuild"])
    assert out.exit_code == 0 and "Indexed" in out.stdout, out.output
    assert runner.invoke(app, ["index", "--check"]).exit_code == 0


def test_background_syncer_indexes_a_confirmed_write_within_a_second(demo_index):
    from retrieval.sync import BackgroundSyncer

    store, idx = demo_index
    idx.sync()  # loaded, as in a running server
    with BackgroundSyncer(idx, interval_s=0.1):
        activity_id = _log_call(
            store, "priya@northwind.example", "Acme Corp", "Dana asked about the plimbus pilot."
        )
        committed = time.monotonic()
        prefix = f"activities:{activity_id}:"
        while not any(c.id.startswith(prefix) for c in idx._table.chunks):
            assert time.monotonic() - committed < 1.0, "not indexed within a second"
            time.sleep(0.02)
    assert any(i.startswith(prefix) for i in idx.vectors.all_ids())


def test_kb_import_command_makes_articles_searchable(indexed_home: Path, monkeypatch, tmp_path):
    monkeypatch.setenv("DESKHAND_HOME", str(indexed_home))
    kb = tmp_path / "kb"  # not tmp_path itself: it holds the data folder (index snapshot files)
    kb.mkdir()
    (kb / "faq.json").write_text(
        json.dumps({"title": "Wibble quota", "body": "The wibble quota is 7.", "tags": "faq"})
    )
    runner = CliRunner()
    out = runner.invoke(app, ["kb", "import", str(kb), "--visibility", "public"])
    assert out.exit_code == 0, out.output
    assert "1 new" in out.stdout and "Search index updated (1 chunks added)" in out.stdout
    out = runner.invoke(app, ["kb", "import", str(kb / "missing")])
    assert out.exit_code == 1 and "does not exist" in out.output


def test_web_server_keeps_the_index_fresh_without_searches(indexed_home: Path):
    """`deskhand serve`'s app starts the background syncer with its lifespan and stops it."""
    import threading

    from webchat import served

    from assistant.runner import Assistant
    from assistant.scripted import ScriptedChatModel
    from assistant.settings import Settings

    store = Store.open(f"sqlite:///{indexed_home / 'deskhand.db'}")
    settings = Settings(home=indexed_home)
    bot = Assistant(settings, store, model=ScriptedChatModel(steps=[]))
    idx = bot.search
    with served(store, settings, assistant=bot):
        deadline = time.monotonic() + 120
        while idx._table is None:  # the syncer loads the index first
            assert time.monotonic() < deadline, "the server did not load the index"
            time.sleep(0.05)
        activity_id = _log_call(
            store, "priya@northwind.example", "Acme Corp", "Dana asked about the frindle pilot."
        )
        committed = time.monotonic()
        prefix = f"activities:{activity_id}:"
        while True:
            with idx._lock:  # the syncer thread changes the table
                if any(i.startswith(prefix) for i in idx._table.row_of):
                    break
            assert time.monotonic() - committed < 1.0, "not searchable within a second"
            time.sleep(0.02)
        priya = person(store, "priya@northwind.example")
        assert keys(idx.search(priya, "frindle pilot", limit=1)) == [f"activities:{activity_id}"]
    assert not any(t.name == "deskhand-index" for t in threading.enumerate())
    store.dispose()
