"""Property: hybrid search never hands a caller a chunk of another tenant, nor an internal
one to a customer or visitor, whatever the tenants and the query.

Each example builds tenants (an account owned by its own rep, a portal contact, cases with
public and internal comments, calls) and articles of both visibilities in a fresh store and
index; every record carries a random token. Queries are made of other tenants' tokens,
internal tokens and plain words; results (and the tools' JSON) may hold only allowed tokens.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.crm.db import Store
from assistant.crm.enums import ActivityType, CaseStatus, Channel, Role, Visibility
from assistant.crm.models import Account, Activity, Article, Base, Case, Contact, User
from assistant.crm.principal import ANONYMOUS, principal_for_email
from assistant.crm.writes.cases import case_number
from retrieval.index import SearchIndex
from tools.context import ToolContext
from tools.registry import BY_NAME, call

pytestmark = pytest.mark.timeout(900)
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
TOKEN = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=8, max_size=8)

# per tenant: cases as lists of comment visibilities (True = internal), number of calls
TENANT = st.tuples(
    st.lists(st.lists(st.booleans(), max_size=3), min_size=1, max_size=2), st.integers(0, 2)
)


def build(store: Store, tenants, articles: list[bool], tokens: list[str]):
    """Insert the world; returns {token: (tenant index or None, visible to its customer)}."""
    tok = iter(tokens)
    owner: dict[str, tuple[int | None, bool]] = {}
    with store.write() as s:
        for t, (cases, calls) in enumerate(tenants):
            rep = User(email=f"rep{t}@northwind.example", name=f"Rep {t}", role=Role.REP)
            s.add(rep)
            s.flush()
            acc = Account(name=f"Tenant {t}", owner_id=rep.id)
            s.add(acc)
            s.flush()
            contact = Contact(
                account_id=acc.id,
                first_name="C",
                last_name=str(t),
                email=f"c{t}@tenant{t}.example",
                portal_access=True,
            )
            s.add(contact)
            s.flush()
            for comments in cases:
                word = next(tok)
                case = Case(
                    number="tmp",
                    account_id=acc.id,
                    contact_id=contact.id,
                    subject=f"Problem {word}",
                    description=f"Details {word} here",
                    status=CaseStatus.OPEN,
                    opened_at=NOW,
                )
                s.add(case)
                s.flush()
                case.number = case_number(case.id)
                owner[word] = (t, True)
                for internal in comments:
                    word = next(tok)
                    s.add(
                        Activity(
                            type=ActivityType.NOTE,
                            occurred_at=NOW,
                            account_id=acc.id,
                            case_id=case.id,
                            summary=f"Comment {word}",
                            internal=internal,
                        )
                    )
                    owner[word] = (t, not internal)
            for _ in range(calls):
                word = next(tok)
                s.add(
                    Activity(
                        type=ActivityType.CALL,
                        occurred_at=NOW,
                        account_id=acc.id,
                        contact_id=contact.id,
                        summary=f"Call about {word}",
                    )
                )
                owner[word] = (t, False)  # calls are not case activities: staff only
        for i, internal in enumerate(articles):
            word = next(tok)
            vis = Visibility.INTERNAL if internal else Visibility.PUBLIC
            s.add(
                Article(
                    slug=f"a{i}",
                    title=f"Guide {word}",
                    body=f"## Intro\n\nAll {word}.",
                    visibility=vis,
                    tags=[],
                )
            )
            owner[word] = (None, not internal)
    return owner


def needed(tenants, articles) -> int:
    return sum(len(c) + sum(len(x) for x in c) + calls for c, calls in tenants) + len(articles)


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tenants=st.lists(TENANT, min_size=2, max_size=3),
    articles=st.lists(st.booleans(), min_size=1, max_size=3),
    data=st.data(),
)
def test_no_chunk_of_another_tenant_or_internal_reaches_a_customer(
    embedder, tenants, articles, data
):
    tokens = data.draw(
        st.lists(
            TOKEN,
            min_size=needed(tenants, articles),
            max_size=needed(tenants, articles),
            unique=True,
        ),
        label="tokens",
    )
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store = Store.open(f"sqlite:///{home / 'crm.db'}")
        Base.metadata.create_all(store.engine)
        owner = build(store, tenants, articles, tokens)
        idx = SearchIndex(store, home=home, embedder=embedder)
        idx.rebuild()
        t = data.draw(st.integers(0, len(tenants) - 1), label="tenant")
        with store.read() as s:
            customer = principal_for_email(s, f"c{t}@tenant{t}.example")
            rep = principal_for_email(s, f"rep{t}@northwind.example")
        foreign = [w for w, (ten, _v) in owner.items() if ten is not None and ten != t]
        hidden = [w for w, (_t, visible) in owner.items() if not visible]
        words = data.draw(
            st.lists(
                st.sampled_from(["problem", "details", "comment", "guide", "call", "about"]),
                max_size=3,
            )
        )
        queries = [
            " ".join(foreign) or "problem",
            " ".join(hidden) or "guide",
            *foreign[:4],
            *hidden[:4],
            " ".join(words) or "comment",
        ]
        for q in queries:
            for p in (customer, ANONYMOUS):
                forbidden = set(foreign) | set(hidden)
                if p is ANONYMOUS:
                    forbidden |= {w for w, (ten, _v) in owner.items() if ten is not None}
                for h in idx.search(p, q, limit=10):
                    assert not h.chunk.internal, (p.role, q)
                    assert not forbidden & set(h.chunk.text.split()), (p.role, q, h.chunk.text)
                ctx = ToolContext(store=store, principal=p, channel=Channel.CLI, search=idx)
                for tool in ("search_knowledge", "search_interactions"):
                    if p is ANONYMOUS and tool == "search_interactions":
                        continue
                    _text, out = call(BY_NAME[tool], ctx, {"query": q, "limit": 10})
                    dumped = json.dumps(out) + json.dumps([c.model_dump() for c in ctx.citations])
                    assert not any(w in dumped for w in forbidden), (p.role, tool, q)
            for h in idx.search(rep, q, limit=10):  # a rep: other books stay out, articles in
                assert not set(foreign) & set(h.chunk.text.split()), ("rep", q)
        # sanity: the customer does find their own case
        mine = next(w for w, (ten, vis) in owner.items() if ten == t and vis)
        assert idx.search(customer, mine, limit=3)
        store.dispose()
