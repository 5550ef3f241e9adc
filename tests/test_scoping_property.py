"""Property: no read tool ever shows a principal a record of another tenant.

Each example builds a few tenants in an empty store (a tenant is the book of one generated rep:
accounts with contacts, deals, cases, activities and tasks, every record carrying a distinctive
random token), then runs every read tool for a rep, a manager of the other team, a customer
contact and an anonymous visitor, with queries made of other tenants' tokens, names, emails,
ids and case numbers. No result (and no error text, beyond the echoed query) may name a record
outside what the principal may see, and reports must add up to exactly their own records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from assistant.crm.db import Store
from assistant.crm.enums import (
    ActivityType,
    CaseStatus,
    Channel,
    Lifecycle,
    Priority,
    Role,
    Stage,
    Visibility,
)
from assistant.crm.models import (
    Account,
    Activity,
    Article,
    Base,
    Case,
    Contact,
    Deal,
    Task,
    Team,
    User,
)
from assistant.crm.principal import ANONYMOUS, Principal, principal_for_email
from assistant.crm.writes.cases import case_number
from tools.context import ToolContext
from tools.registry import BY_NAME, call

SearchIndex = pytest.importorskip("retrieval.index").SearchIndex

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
# Tokens are 8 consonants: they never occur in fixed text (JSON keys, enum values, dates) and,
# all having the same length, none is part of another.
TOKEN = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=8, max_size=8)
OPEN_STAGES = [s for s in Stage if not s.is_closed]
READ_TOOLS = (
    "find_accounts",
    "find_contacts",
    "find_deals",
    "find_cases",
    "account_overview",
    "search_knowledge",
    "search_interactions",
    "pipeline_summary",
    "support_metrics",
)


class WordHashEmbedder:
    """A tiny deterministic bag-of-words embedder: the index's scoping does not depend on the
    model, and this one needs no weights and takes microseconds."""

    name = "wordhash"
    dim = 384
    min_similarity = 0.1

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def embed_documents(self, texts) -> np.ndarray:
        return (
            np.stack([self._vector(t) for t in texts])
            if len(texts)
            else np.zeros((0, self.dim), dtype=np.float32)
        )

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


EMBEDDER = WordHashEmbedder()


# --- the generated world -----------------------------------------------------------------------


@dataclass
class AccountSpec:
    contacts: list[bool]  # portal access of each contact
    deals: list[tuple[Stage, int, str]]  # stage, amount, currency
    cases: list[tuple[CaseStatus, bool]]  # status, owned by support
    activities: list[tuple[int, int | None, bool]]  # contact index, case index, internal
    tasks: int


@dataclass
class TenantSpec:
    team: int
    accounts: list[AccountSpec]


@dataclass
class Built:
    """What was inserted, with every record's account and tokens."""

    account_tenant: dict[int, int] = field(default_factory=dict)
    account_team: dict[int, int] = field(default_factory=dict)
    tokens: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (kind, id) -> toks
    account_of: dict[tuple[str, int], int] = field(default_factory=dict)  # (kind, id) -> account
    internal_activities: set[int] = field(default_factory=set)
    case_activities: set[int] = field(default_factory=set)
    open_deals: dict[int, list[tuple[Decimal, str]]] = field(default_factory=dict)  # by account
    cases_by_account: dict[int, int] = field(default_factory=dict)
    portal_contacts: list[tuple[int, str]] = field(default_factory=list)  # (contact id, email)
    rep_emails: dict[int, str] = field(default_factory=dict)  # tenant -> rep email
    manager_emails: dict[int, str] = field(default_factory=dict)  # team -> manager email
    queries: list[str] = field(default_factory=list)
    internal_article_tokens: set[str] = field(default_factory=set)
    public_article_tokens: set[str] = field(default_factory=set)

    def add(self, kind: str, rid: int, account: int | None, *toks: str) -> None:
        self.tokens[(kind, rid)] = list(toks)
        if account is not None:
            self.account_of[(kind, rid)] = account


account_specs = st.builds(
    AccountSpec,
    contacts=st.lists(st.booleans(), min_size=1, max_size=3),
    deals=st.lists(
        st.tuples(
            st.sampled_from(list(Stage)), st.integers(1, 500), st.sampled_from(["USD", "EUR"])
        ),
        max_size=2,
    ),
    cases=st.lists(st.tuples(st.sampled_from(list(CaseStatus)), st.booleans()), max_size=2),
    activities=st.lists(
        st.tuples(st.integers(0, 2), st.one_of(st.none(), st.integers(0, 1)), st.booleans()),
        max_size=3,
    ),
    tasks=st.integers(0, 1),
)


@st.composite
def worlds(draw) -> list[TenantSpec]:
    # Two teams, each with at least one tenant.
    extra = draw(st.lists(st.integers(0, 1), max_size=2))
    teams = [0, 1, *extra]
    tenants = [
        TenantSpec(team=t, accounts=draw(st.lists(account_specs, min_size=1, max_size=2)))
        for t in teams
    ]
    # Somebody must be able to log in as a customer.
    tenants[0].accounts[0].contacts[0] = True
    return tenants


def _count_tokens(tenants: list[TenantSpec]) -> int:
    n = 4  # two articles, two tokens each
    for t in tenants:
        for a in t.accounts:
            n += 1 + 2 * len(a.contacts) + len(a.deals) + 2 * len(a.cases) + len(a.activities)
            n += a.tasks
    return n


def wipe(store: Store) -> None:
    with store.write() as s:
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(delete(table))


def build(store: Store, tenants: list[TenantSpec], tokens: list[str]) -> Built:
    toks = iter(tokens)
    b = Built()
    with store.write() as s:
        teams = [Team(name=f"Team {i}") for i in range(2)]
        s.add_all(teams)
        s.flush()
        support = User(email="support@t.example", name="Sam Support", role=Role.SUPPORT)
        s.add(support)
        for team in range(2):
            b.manager_emails[team] = f"manager{team}@t.example"
            s.add(
                User(
                    email=b.manager_emails[team],
                    name=f"Manager {team}",
                    role=Role.MANAGER,
                    team_id=teams[team].id,
                )
            )
        for ti, tenant in enumerate(tenants):
            b.rep_emails[ti] = f"rep{ti}@t.example"
            rep = User(
                email=b.rep_emails[ti],
                name=f"Rep {ti}",
                role=Role.REP,
                team_id=teams[tenant.team].id,
            )
            s.add(rep)
            s.flush()
            for spec in tenant.accounts:
                tok = next(toks)
                acc = Account(
                    name=f"Acct {tok}",
                    domain=f"{tok}.example",
                    owner_id=rep.id,
                    lifecycle=Lifecycle.CUSTOMER,
                )
                s.add(acc)
                s.flush()
                b.account_tenant[acc.id], b.account_team[acc.id] = ti, tenant.team
                b.add("account", acc.id, acc.id, tok)
                b.queries += [acc.name, str(acc.id)]
                b.open_deals[acc.id] = []
                b.cases_by_account[acc.id] = len(spec.cases)
                contacts = []
                for portal in spec.contacts:
                    first, mail = next(toks), next(toks)
                    c = Contact(
                        account_id=acc.id,
                        first_name=first,
                        last_name="Person",
                        email=f"{mail}@{tok}.example",
                        portal_access=portal,
                    )
                    s.add(c)
                    s.flush()
                    contacts.append(c)
                    b.add("contact", c.id, acc.id, first, mail)
                    b.queries += [c.email, first]
                    if portal:
                        b.portal_contacts.append((c.id, c.email))
                for stage, amount, currency in spec.deals:
                    dtok = next(toks)
                    d = Deal(
                        account_id=acc.id,
                        name=f"Deal {dtok}",
                        stage=stage,
                        amount=Decimal(amount * 1000),
                        currency=currency,
                        close_date=date(2026, 12, 15),
                        probability=50,
                        owner_id=rep.id,
                        closed_at=NOW if stage.is_closed else None,
                    )
                    s.add(d)
                    s.flush()
                    b.add("deal", d.id, acc.id, dtok)
                    b.queries += [d.name, str(d.id)]
                    if not stage.is_closed:
                        b.open_deals[acc.id].append((d.amount, currency))
                cases = []
                for i, (status, owned) in enumerate(spec.cases):
                    subject, words = next(toks), next(toks)
                    c = Case(
                        number=f"tmp-{acc.id}-{i}",
                        account_id=acc.id,
                        contact_id=contacts[i % len(contacts)].id,
                        subject=f"Problem {subject}",
                        description=f"It says {words}.",
                        status=status,
                        priority=Priority.NORMAL,
                        owner_id=support.id if owned else None,
                        opened_at=NOW - timedelta(days=3 + i),
                    )
                    s.add(c)
                    s.flush()
                    c.number = case_number(c.id)
                    cases.append(c)
                    b.add("case", c.id, acc.id, subject, words)
                    b.queries += [c.number, str(c.id), words]
                for contact_ix, case_ix, internal in spec.activities:
                    atok = next(toks)
                    case = cases[case_ix] if case_ix is not None and case_ix < len(cases) else None
                    a = Activity(
                        type=ActivityType.NOTE,
                        occurred_at=NOW - timedelta(days=1),
                        user_id=rep.id,
                        account_id=acc.id,
                        contact_id=contacts[contact_ix % len(contacts)].id,
                        case_id=case.id if case else None,
                        summary=f"Talked about {atok}",
                        internal=internal,
                    )
                    s.add(a)
                    s.flush()
                    b.add("activity", a.id, acc.id, atok)
                    if internal:
                        b.internal_activities.add(a.id)
                    if case is not None:
                        b.case_activities.add(a.id)
                    b.queries.append(atok)
                for _ in range(spec.tasks):
                    ttok = next(toks)
                    t = Task(
                        title=f"Follow up {ttok}",
                        owner_id=rep.id,
                        account_id=acc.id,
                        due_date=date(2026, 12, 1),
                    )
                    s.add(t)
                    s.flush()
                    b.add("task", t.id, acc.id, ttok)
        for visibility in (Visibility.PUBLIC, Visibility.INTERNAL):
            title, word = next(toks), next(toks)
            s.add(
                Article(
                    slug=f"{visibility.value}-{title}",
                    title=f"Guide {title}",
                    body=f"Intro.\n\n## Details\n\nMention {word} here.",
                    visibility=visibility,
                    tags=["generated"],
                )
            )
            bucket = (
                b.public_article_tokens
                if visibility == Visibility.PUBLIC
                else b.internal_article_tokens
            )
            bucket |= {title, word}
            b.queries += [title, word]
    return b


# --- what a principal may see ------------------------------------------------------------------


def own_accounts(b: Built, p: Principal) -> set[int]:
    if p.role == "rep":
        tenant = next(t for t, e in b.rep_emails.items() if e == p.email)
        return {a for a, t in b.account_tenant.items() if t == tenant}
    if p.role == "manager":
        team = next(t for t, e in b.manager_emails.items() if e == p.email)
        return {a for a, t in b.account_team.items() if t == team}
    if p.role == "customer":
        return {p.account_id}
    return set()


def customer_may_see_activity(b: Built, rid: int) -> bool:
    """Customers see the public comments on their account's cases, no other activity."""
    return rid in b.case_activities and rid not in b.internal_activities


def forbidden_tokens(b: Built, p: Principal) -> set[str]:
    mine = own_accounts(b, p)
    out: set[str] = set()
    for (kind, rid), toks in b.tokens.items():
        account = b.account_of.get((kind, rid))
        foreign = account not in mine
        hidden_from_customer = p.role == "customer" and (
            kind in ("deal", "task")
            or (kind == "activity" and not customer_may_see_activity(b, rid))
            or (kind == "contact" and rid != p.contact_id)
        )
        if foreign:
            out |= set(toks)
        elif hidden_from_customer:
            # Colleagues' names may show on their shared cases; their emails may not.
            out |= {toks[-1]} if kind == "contact" else set(toks)
    if not p.is_staff:
        out |= b.internal_article_tokens
    return out


def _interactions(hits: list[dict]) -> list[tuple[str, int]]:
    return [
        ("case", h["case_id"]) if h["kind"] == "case" else ("activity", h["activity_id"])
        for h in hits
    ]


def _records(tool: str, result: Any) -> list[tuple[str, int]]:
    """(kind, id) of every CRM record in a tool result."""
    kinds = {
        "find_accounts": "account",
        "find_contacts": "contact",
        "find_deals": "deal",
        "find_cases": "case",
    }
    if tool in kinds:
        return [(kinds[tool], row["id"]) for row in result]
    if tool == "search_interactions":
        return _interactions(result)
    if tool == "account_overview":
        pairs = [("account", result["account"]["id"])]
        for key, kind in (
            ("contacts", "contact"),
            ("deals", "deal"),
            ("cases", "case"),
            ("tasks", "task"),
            ("activities", "activity"),
        ):
            pairs += [(kind, row["id"]) for row in result[key]]
        return pairs + _interactions(result.get("relevant_history", []))
    return []


def check_result(
    b: Built,
    p: Principal,
    tool: str,
    args: dict[str, Any],
    out: dict,
    forbidden: set[str],
    mine: set[int],
) -> None:
    where = f"{p.label()} {tool}({args})"
    if not out["ok"]:
        text = out["error"]
        for value in args.values():  # the error may echo the query, nothing more
            if isinstance(value, str) and value:
                text = text.replace(repr(value), "").replace(value, "")
        leaked = {t for t in forbidden if t in text}
        assert not leaked, f"{where} error leaks {leaked}: {out['error']}"
        return
    dumped = json.dumps(out["result"], default=str)
    leaked = {t for t in forbidden if t in dumped}
    assert not leaked, f"{where} leaks {leaked}: {dumped[:2000]}"
    for kind, rid in _records(tool, out["result"]):
        account = b.account_of.get((kind, rid))
        assert account in mine, f"{where} returned {kind} {rid} of account {account}"
        if p.role == "customer":
            assert kind not in ("deal", "task"), f"{where} returned a {kind}"
            if kind == "contact":
                assert rid == p.contact_id, f"{where} returned contact {rid}"
            if kind == "activity":
                assert customer_may_see_activity(b, rid), f"{where} returned activity {rid}"
    if tool == "search_knowledge" and not p.is_staff:
        assert all(hit["visibility"] == "public" for hit in out["result"]), where
    if tool == "pipeline_summary":
        deals = (
            []
            if p.role == "customer" or p.role == "anonymous"
            else [d for a in mine for d in b.open_deals[a]]
        )
        assert out["result"]["open_deals"] == len(deals), where
        totals: dict[str, Decimal] = {}
        for amount, currency in deals:
            totals[currency] = totals.get(currency, Decimal(0)) + amount
        assert {k: Decimal(v) for k, v in out["result"]["open_amount"].items()} == totals, where
    if tool == "support_metrics":
        assert sum(out["result"]["by_status"].values()) == sum(
            b.cases_by_account[a] for a in mine
        ), where


def calls_for(query: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("find_accounts", {"query": query, "limit": 50}),
        ("find_contacts", {"query": query, "limit": 50}),
        ("find_contacts", {"account": query}),
        ("find_deals", {"query": query, "limit": 50}),
        ("find_deals", {"account": query}),
        ("find_cases", {"query": query, "limit": 50}),
        ("find_cases", {"account": query}),
        ("account_overview", {"account": query}),
        ("search_knowledge", {"query": query, "limit": 5}),
        ("search_interactions", {"query": query, "limit": 10}),
        ("search_interactions", {"query": "talked problem says", "account": query}),
        ("account_overview", {"account": query, "topic": "talked problem says"}),
    ]


# --- the property ------------------------------------------------------------------------------


@pytest.fixture
def index(store: Store, tmp_path) -> SearchIndex:
    """One search index over `store` for all examples of a test; each example rebuilds it."""
    return SearchIndex(store, home=tmp_path / "home", embedder=EMBEDDER)


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tenants=worlds(), data=st.data())
def test_no_read_tool_shows_another_tenant(store, index, tenants, data):
    wipe(store)
    tokens = data.draw(
        st.lists(
            TOKEN, min_size=_count_tokens(tenants), max_size=_count_tokens(tenants), unique=True
        ),
        label="tokens",
    )
    b = build(store, tenants, tokens)
    index.rebuild()
    rep_tenant = data.draw(st.integers(0, len(tenants) - 1), label="rep tenant")
    other_team = 1 - tenants[rep_tenant].team
    _contact_id, customer_email = data.draw(st.sampled_from(b.portal_contacts), label="customer")
    with store.read() as s:
        principals = [
            principal_for_email(s, b.rep_emails[rep_tenant]),
            principal_for_email(s, b.manager_emails[other_team]),
            principal_for_email(s, customer_email),
            ANONYMOUS,
        ]
    queries = data.draw(
        st.lists(st.sampled_from(b.queries), min_size=1, max_size=2, unique=True), label="queries"
    )
    for p in principals:
        mine, forbidden = own_accounts(b, p), forbidden_tokens(b, p)
        ctx = ToolContext(store=store, principal=p, channel=Channel.CLI, clock=NOW, search=index)
        plan = [(tool, {}) for tool in ("pipeline_summary",)]
        plan += [("support_metrics", {"days": 365})]
        plan += [
            (tool, {"limit": 50})
            for tool in ("find_accounts", "find_contacts", "find_deals", "find_cases")
        ]
        plan += [("search_interactions", {"query": "talked problem says", "limit": 10})]
        plan += [
            ("account_overview", {"account": str(a), "topic": "talked problem says"})
            for a in sorted(mine)
        ]
        for q in queries:
            plan += calls_for(q)
        assert {tool for tool, _ in plan} == set(READ_TOOLS)
        for tool, args in plan:
            _text, out = call(BY_NAME[tool], ctx, dict(args))
            check_result(b, p, tool, args, out, forbidden, mine)
        # Whatever is outside the principal's accounts reads exactly like a missing account.
        for q in queries:
            account = next(
                (
                    a
                    for a in b.account_tenant
                    if q in (str(a), f"Acct {b.tokens[('account', a)][0]}")
                ),
                None,
            )
            if account is not None and account not in mine:
                _text, out = call(BY_NAME["account_overview"], ctx, {"account": q})
                assert out == {"ok": False, "error": f"No account matching {q!r} that you can see."}


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tenants=worlds(), data=st.data())
def test_knowledge_search_never_gives_outsiders_internal_articles(store, index, tenants, data):
    """Both ways search_knowledge answers: BM25 over the store, and the hybrid index."""
    wipe(store)
    tokens = data.draw(
        st.lists(
            TOKEN, min_size=_count_tokens(tenants), max_size=_count_tokens(tenants), unique=True
        ),
        label="tokens",
    )
    b = build(store, tenants, tokens)
    index.rebuild()
    _cid, email = b.portal_contacts[0]
    with store.read() as s:
        customer = principal_for_email(s, email)
        rep = principal_for_email(s, b.rep_emails[0])
    internal = sorted(b.internal_article_tokens)
    public = sorted(b.public_article_tokens)
    extra = data.draw(
        st.lists(
            st.sampled_from(["guide", "details", "mention", "intro", "generated", "here"]),
            max_size=3,
        ),
        label="words",
    )

    def search(p: Principal, query: str, engine) -> list[dict]:
        ctx = ToolContext(store=store, principal=p, channel=Channel.CLI, search=engine)
        _t, out = call(BY_NAME["search_knowledge"], ctx, {"query": query, "limit": 5})
        assert out["ok"], out
        return out["result"]

    for engine in (None, index):
        for query in [
            " ".join(internal),
            " ".join([*internal, *public]),
            *internal,
            " ".join(extra) or "guide",
        ]:
            for p in (customer, ANONYMOUS):
                hits = search(p, query, engine)
                assert all(h["visibility"] == "public" for h in hits), (p.role, query, engine)
                assert not any(t in json.dumps(hits) for t in internal), (p.role, query, engine)
        # Sanity: staff do find the internal one, and outsiders the public one.
        assert any(h["visibility"] == "internal" for h in search(rep, internal[0], engine))
        assert [h["visibility"] for h in search(ANONYMOUS, public[0], engine)] == ["public"]
