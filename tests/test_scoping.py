"""Role x tool matrix over the demo company: who is offered what, what each read returns and
which writes go through.

Tools are called the way the agent calls them (tools.registry.call with a ToolContext bound to
a principal). What each principal may see is recomputed here from the raw tables, independently
of assistant.crm.scope, and every result is checked against it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text

from assistant.agent import tool_catalog
from assistant.crm import actions
from assistant.crm.db import Store
from assistant.crm.enums import ActionStatus, Channel, Stage
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
from assistant.crm.principal import ANONYMOUS, Principal, principal_for_email
from tools.context import ToolContext
from tools.registry import BY_NAME, TOOLS, call, specs_for

CLOCK = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)

PEOPLE = {
    "priya": "priya@northwind.example",
    "tom": "tom@northwind.example",
    "marcus": "marcus@northwind.example",
    "sofia": "sofia@northwind.example",
    "admin": "admin@northwind.example",
    "dana": "dana@acme.example",
    "hank": "hank@globex.example",
}
NAMES = (*PEOPLE, "anon")

STAFF = {"rep", "support", "manager", "admin"}
# The access policy, written out by hand: a change to tools.registry must change this too.
TOOL_ROLES: dict[str, set[str]] = {
    "find_accounts": STAFF,
    "find_contacts": STAFF | {"customer"},
    "find_deals": {"rep", "manager", "admin"},
    "find_cases": STAFF | {"customer"},
    "account_overview": STAFF,
    "log_activity": {"rep", "support", "admin"},
    "create_task": {"rep", "support", "admin"},
    "create_deal": {"rep", "manager", "admin"},
    "update_deal": {"rep", "manager", "admin"},
    "move_deal_stage": {"rep", "manager", "admin"},
    "open_case": {"rep", "support", "admin", "customer"},
    "comment_on_case": {"rep", "support", "admin", "customer"},
    "update_case": {"rep", "support", "admin"},
    "escalate_case": {"rep", "support", "admin"},
    "resolve_case": {"rep", "support", "admin"},
    "search_knowledge": STAFF | {"customer", "anonymous"},
    "search_interactions": STAFF | {"customer"},
    "pipeline_summary": {"rep", "manager", "admin"},
    "support_metrics": {"rep", "support", "manager", "admin"},
}
ALL_ROLES = ("rep", "support", "manager", "admin", "customer", "anonymous")
IDENTITY_PARAMS = {
    "user",
    "user_id",
    "role",
    "principal",
    "owner",
    "owner_id",
    "account_scope",
    "scope",
    "email",
    "as_user",
    "on_behalf_of",
    "runtime",
    "ctx",
    "context",
}
WRITE_TOOLS = {
    "log_activity",
    "create_task",
    "create_deal",
    "update_deal",
    "move_deal_stage",
    "open_case",
    "comment_on_case",
    "update_case",
    "escalate_case",
    "resolve_case",
}
READ_TOOLS = set(TOOL_ROLES) - WRITE_TOOLS


# --- helpers ---------------------------------------------------------------------------------


def _people(store: Store) -> dict[str, Principal]:
    with store.read() as s:
        found = {name: principal_for_email(s, email) for name, email in PEOPLE.items()}
    found["anon"] = ANONYMOUS
    return found


@pytest.fixture(scope="module")
def shared(demo_template, tmp_path_factory) -> Iterator[Store]:
    """One demo copy for the whole module, for tests that must not write (reads, refusals):
    reusing one engine keeps SQLAlchemy's statement cache warm."""
    target = tmp_path_factory.mktemp("scoping") / "demo.db"
    shutil.copy(demo_template, target)
    store = Store.open(f"sqlite:///{target}")
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def shared_people(shared) -> dict[str, Principal]:
    return _people(shared)


@pytest.fixture
def people(demo) -> dict[str, Principal]:
    return _people(demo)


def ctx_for(store: Store, p: Principal) -> ToolContext:
    return ToolContext(store=store, principal=p, channel=Channel.CLI, clock=CLOCK)


def run(store: Store, p: Principal, tool: str, **args: Any) -> dict[str, Any]:
    """Call a tool as the agent would; returns {"ok", "result" | "error"}."""
    _text, artifact = call(BY_NAME[tool], ctx_for(store, p), args)
    return artifact


def ok(store: Store, p: Principal, tool: str, **args: Any) -> Any:
    out = run(store, p, tool, **args)
    assert out["ok"], f"{p.label()} {tool}({args}) failed: {out.get('error')}"
    return out["result"]


def not_found(kind: str, ref: str) -> str:
    return f"No {kind} matching {ref!r} that you can see."


def count(store: Store, model) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


COUNTED = (AuditEntry, OutboxEvent, PendingAction, Activity, Case, Deal, Task, StageChange)


def row_counts(store: Store) -> dict[str, int]:
    return {m.__tablename__: count(store, m) for m in COUNTED}


def versions(store: Store) -> dict[str, int]:
    """Sum of versions per mutable table: any update of any row changes it."""
    with store.read() as s:
        return {
            m.__tablename__: s.scalar(select(func.coalesce(func.sum(m.version), 0)))
            for m in (Account, Contact, Deal, Case, Activity, Task)
        }


def deal_by_name(store: Store, name: str) -> Deal:
    with store.read() as s:
        return s.scalars(select(Deal).where(Deal.name == name)).one()


def account_by_name(store: Store, name: str) -> Account:
    with store.read() as s:
        return s.scalars(select(Account).where(Account.name == name)).one()


def fixed_case(store: Store, subject: str) -> Case:
    with store.read() as s:
        return s.scalars(select(Case).where(Case.subject == subject)).one()


ACME_CASE = "SSO login fails after upgrade"
GLOBEX_CASE = "Webhook deliveries timing out (E-5003)"


@dataclass(frozen=True)
class Visible:
    """What a principal may see, computed from the raw tables (not from scope.py)."""

    accounts: frozenset[int]
    contacts: frozenset[int]
    deals: frozenset[int]
    cases: frozenset[int]


def visible(store: Store, p: Principal) -> Visible:
    with store.read() as s:
        rows = lambda sql, **kw: frozenset(s.execute(text(sql), kw).scalars())  # noqa: E731
        every = {t: rows(f"SELECT id FROM {t}") for t in ("accounts", "contacts", "deals", "cases")}
        if p.role in ("admin", "support"):
            deals = every["deals"] if p.role == "admin" else frozenset()
            return Visible(every["accounts"], every["contacts"], deals, every["cases"])
        if p.role == "customer":
            return Visible(
                frozenset({p.account_id}),
                frozenset({p.contact_id}),
                frozenset(),
                rows("SELECT id FROM cases WHERE account_id = :a", a=p.account_id),
            )
        if p.role == "anonymous":
            return Visible(frozenset(), frozenset(), frozenset(), frozenset())
        if p.role == "rep":
            owners = {p.user_id}
        else:  # manager: everyone in the manager's team
            owners = set(rows("SELECT id FROM users WHERE team_id = :t", t=p.team_id))
            assert p.user_id in owners
        owner_list = ",".join(str(int(o)) for o in owners)
        accounts = rows(f"SELECT id FROM accounts WHERE owner_id IN ({owner_list})")
        in_book = f"account_id IN (SELECT id FROM accounts WHERE owner_id IN ({owner_list}))"
        cases = rows(f"SELECT id FROM cases WHERE {in_book}")
        if p.role == "manager":
            cases |= rows(f"SELECT id FROM cases WHERE owner_id IN ({owner_list})")
        return Visible(
            accounts,
            rows(f"SELECT id FROM contacts WHERE {in_book}"),
            rows(f"SELECT id FROM deals WHERE {in_book}"),
            cases,
        )


# --- who is offered which tool ---------------------------------------------------------------


def test_registry_offers_each_tool_to_exactly_the_policy_roles():
    assert {spec.name for spec in TOOLS} == set(TOOL_ROLES)
    assert len(TOOLS) == len(BY_NAME)
    for spec in TOOLS:
        assert set(spec.roles) == TOOL_ROLES[spec.name], spec.name
    for role in ALL_ROLES:
        expected = {name for name, roles in TOOL_ROLES.items() if role in roles}
        assert {spec.name for spec in specs_for(role)} == expected, role
    assert specs_for("anonymous") == [BY_NAME["search_knowledge"]]
    assert specs_for("root") == [] and specs_for("") == []


def _property_names(schema: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                names |= set(value)
            names |= _property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names |= _property_names(item)
    return names


@pytest.mark.parametrize("role", ALL_ROLES)
def test_catalog_matches_policy_and_has_no_identity_parameters(role):
    catalog = tool_catalog(role)
    assert {t["name"] for t in catalog} == {n for n, r in TOOL_ROLES.items() if role in r}
    for tool in catalog:
        params = _property_names(tool["parameters"])
        assert not params & IDENTITY_PARAMS, (tool["name"], params & IDENTITY_PARAMS)
        assert not any("confirm" in n for n in params | {tool["name"]}), tool["name"]


# --- reads: every principal x every find tool ------------------------------------------------

FINDERS = {
    "find_accounts": "accounts",
    "find_contacts": "contacts",
    "find_deals": "deals",
    "find_cases": "cases",
}


@pytest.mark.parametrize("name", NAMES)
def test_find_tools_return_exactly_the_visible_records(shared, shared_people, name):
    """Also for tools the role is not offered: a direct call is scoped all the same."""
    p = shared_people[name]
    vis = visible(shared, p)
    for tool, kind in FINDERS.items():
        allowed = getattr(vis, kind)
        got = [row["id"] for row in ok(shared, p, tool, limit=50)]
        assert len(got) == len(set(got))
        assert set(got) <= allowed, (name, tool, set(got) - allowed)
        assert len(got) == min(50, len(allowed)), (name, tool)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("account", ["Acme Corp", "Globex", "Initech"])
def test_account_filters_and_overview_follow_scope(shared, shared_people, name, account):
    p = shared_people[name]
    vis = visible(shared, p)
    acc = account_by_name(shared, account)
    for ref in (account, str(acc.id)):
        if acc.id not in vis.accounts:
            for tool in ("account_overview", "find_contacts", "find_deals", "find_cases"):
                out = run(shared, p, tool, account=ref)
                assert out == {"ok": False, "error": not_found("account", ref)}, (tool, out)
            continue
        view = ok(shared, p, "account_overview", account=ref)
        assert view["account"]["id"] == acc.id
        for key, allowed in (
            ("contacts", vis.contacts),
            ("deals", vis.deals),
            ("cases", vis.cases),
        ):
            ids = {row["id"] for row in view[key]}
            assert ids <= allowed, (key, ids - allowed)
            assert all(row["account_id"] == acc.id for row in view[key])
        assert all(t["account_id"] == acc.id for t in view["tasks"])
        assert all(a["account"] == account for a in view["activities"])
        for tool, kind in (
            ("find_contacts", "contacts"),
            ("find_deals", "deals"),
            ("find_cases", "cases"),
        ):
            rows = ok(shared, p, tool, account=ref, limit=50)
            assert {r["id"] for r in rows} <= getattr(vis, kind)
            assert all(r["account_id"] == acc.id for r in rows)


def test_tom_never_sees_acme(shared, shared_people):
    tom = shared_people["tom"]
    names = {a["name"] for a in ok(shared, tom, "find_accounts", limit=50)}
    assert "Globex" in names and "Acme Corp" not in names and "Initech" not in names
    assert ok(shared, tom, "find_accounts", query="acme") == []
    assert ok(shared, tom, "find_deals", query="Acme renewal") == []
    assert ok(shared, tom, "find_contacts", query="dana") == []
    assert ok(shared, tom, "find_cases", query=ACME_CASE) == []
    acme_number = fixed_case(shared, ACME_CASE).number
    assert ok(shared, tom, "find_cases", query=acme_number) == []


def test_hidden_account_error_is_identical_to_a_missing_one(shared, shared_people):
    priya = shared_people["priya"]
    globex = account_by_name(shared, "Globex")
    hidden = run(shared, priya, "account_overview", account="Globex")
    missing = run(shared, priya, "account_overview", account="Globexx Nowhere")
    assert hidden == {"ok": False, "error": "No account matching 'Globex' that you can see."}
    assert missing["error"].replace("Globexx Nowhere", "Globex") == hidden["error"]
    by_id = run(shared, priya, "account_overview", account=str(globex.id))
    no_id = run(shared, priya, "account_overview", account="987654")
    assert by_id["error"] == not_found("account", str(globex.id))
    assert no_id["error"].replace("987654", str(globex.id)) == by_id["error"]
    text_hidden, _ = call(
        BY_NAME["account_overview"], ctx_for(shared, priya), {"account": "Globex"}
    )
    assert text_hidden == f"Error: {hidden['error']}"


def test_dana_sees_only_acme_cases_and_her_own_contact(shared, shared_people):
    dana = shared_people["dana"]
    acme = account_by_name(shared, "Acme Corp")
    cases = ok(shared, dana, "find_cases", limit=50)
    assert cases and {c["account_id"] for c in cases} == {acme.id}
    assert ok(shared, dana, "find_cases", query="Webhook deliveries") == []
    assert ok(shared, dana, "find_cases", query=fixed_case(shared, GLOBEX_CASE).number) == []
    own = ok(shared, dana, "find_contacts", limit=50)
    assert [c["email"] for c in own] == ["dana@acme.example"]
    assert ok(shared, dana, "find_contacts", query="wile") == []
    assert ok(shared, dana, "find_contacts", query="hank") == []
    assert run(shared, dana, "find_cases", account="Globex")["error"] == not_found(
        "account", "Globex"
    )
    hank = shared_people["hank"]
    assert {c["account"] for c in ok(shared, hank, "find_cases", limit=50)} == {"Globex"}


def _internal_slugs(store: Store) -> set[str]:
    with store.read() as s:
        return set(s.scalars(select(Article.slug).where(Article.visibility == "internal")))


def _internal_titles(store: Store) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(Article.title).where(Article.visibility == "internal")))


@pytest.mark.parametrize("name", ["dana", "hank", "anon"])
def test_outsiders_never_get_internal_articles(shared, shared_people, name):
    p = shared_people[name]
    internal = _internal_slugs(shared)
    assert "discount-approval-policy" in internal
    queries = [
        "discount approval",
        "discount approval policy",
        "internal price list",
        "refund policy",
        "battlecard Contoso Drive",
        "on-call handbook",
        "reset password",
        "SSO E-4012",
        *_internal_titles(shared),
    ]
    public_seen = 0
    for q in queries:
        hits = ok(shared, p, "search_knowledge", query=q, limit=5)
        assert not {h["slug"] for h in hits} & internal, (q, hits)
        assert all(h["visibility"] == "public" for h in hits)
        public_seen += len(hits)
    assert public_seen > 0  # public answers still come through
    assert (
        ok(shared, p, "search_knowledge", query="reset your password")[0]["slug"]
        == "how-to-reset-your-password"
    )


@pytest.mark.parametrize("name", ["priya", "sofia", "marcus", "admin"])
def test_staff_find_internal_articles(shared, shared_people, name):
    hits = ok(shared, shared_people[name], "search_knowledge", query="discount approval")
    assert "discount-approval-policy" in {h["slug"] for h in hits}


def test_support_sees_no_deals(shared, shared_people):
    sofia = shared_people["sofia"]
    assert "find_deals" not in {s.name for s in specs_for("support")}
    assert ok(shared, sofia, "find_deals", limit=50) == []
    assert ok(shared, sofia, "find_deals", query="Acme renewal") == []
    overview = ok(shared, sofia, "account_overview", account="Acme Corp")
    assert overview["deals"] == []
    assert all(a["case_id"] is not None for a in overview["activities"])
    for tool in ("move_deal_stage", "update_deal"):
        args = {"deal": "Acme renewal 2027"}
        args |= {"stage": "negotiation"} if tool == "move_deal_stage" else {"amount": 1}
        assert run(shared, sofia, tool, **args)["error"] == not_found("deal", "Acme renewal 2027")


def test_marcus_sees_the_east_team_book_but_not_globex(shared, shared_people):
    marcus = shared_people["marcus"]
    with shared.read() as s:
        east = set(
            s.scalars(
                select(Account.name)
                .join(User, Account.owner_id == User.id)
                .where(User.email.in_(["priya@northwind.example", "luis@northwind.example"]))
            )
        )
    got = {a["name"] for a in ok(shared, marcus, "find_accounts", limit=50)}
    assert got == east
    assert {"Acme Corp", "Initech"} <= got and "Globex" not in got
    luis_account = sorted(
        east - {"Acme Corp", "Initech", "Maplestone Credit Union", "Pinecrest Veterinary Group"}
    )[0]
    assert (
        ok(shared, marcus, "account_overview", account=luis_account)["account"]["owner"]
        == "Luis Moreno"
    )
    assert run(shared, marcus, "account_overview", account="Globex")["error"] == not_found(
        "account", "Globex"
    )
    assert ok(shared, marcus, "find_deals", query="Globex expansion") == []


@pytest.mark.parametrize("name", NAMES)
def test_interaction_search_checks_the_account_before_the_index(shared, shared_people, name):
    """Without an index the tool says so, but only about accounts the caller may see: a hidden
    account reads as missing, so the two errors cannot be used to probe for names."""
    p = shared_people[name]
    vis = visible(shared, p)
    for account in ("Acme Corp", "Globex"):
        out = run(shared, p, "search_interactions", query="pricing", account=account)
        assert out["ok"] is False
        if account_by_name(shared, account).id in vis.accounts:
            assert "not available" in out["error"], out
        else:
            assert out["error"] == not_found("account", account)


def _sql_pipeline(store: Store, owner_emails: list[str]) -> tuple[dict, dict]:
    """Open amount per currency and deal count per stage, straight from SQL."""
    marks = ",".join(f":e{i}" for i in range(len(owner_emails)))
    params = {f"e{i}": e for i, e in enumerate(owner_emails)}
    base = (
        "FROM deals d JOIN accounts a ON a.id = d.account_id "
        f"JOIN users u ON u.id = a.owner_id WHERE u.email IN ({marks})"
    )
    with store.read() as s:
        per_stage = dict(
            s.execute(text(f"SELECT d.stage, COUNT(*) {base} GROUP BY d.stage"), params).all()
        )
        open_amount = {
            cur: Decimal(str(total))
            for cur, total in s.execute(
                text(
                    f"SELECT d.currency, SUM(d.amount) {base} AND d.stage NOT IN "
                    "('closed_won', 'closed_lost') GROUP BY d.currency"
                ),
                params,
            ).all()
        }
    return per_stage, open_amount


@pytest.mark.parametrize(
    ("name", "owners"),
    [
        ("tom", ["tom@northwind.example"]),
        ("priya", ["priya@northwind.example"]),
        (
            "marcus",
            ["priya@northwind.example", "luis@northwind.example", "marcus@northwind.example"],
        ),
    ],
)
def test_pipeline_summary_totals_match_sql_over_the_book(shared, shared_people, name, owners):
    summary = ok(shared, shared_people[name], "pipeline_summary")
    per_stage, open_amount = _sql_pipeline(shared, owners)
    assert {
        line["stage"]: line["deals"] for line in summary["stages"] if line["deals"]
    } == per_stage
    assert {k: Decimal(v) for k, v in summary["open_amount"].items()} == open_amount
    assert summary["open_deals"] == sum(n for st, n in per_stage.items() if not Stage(st).is_closed)


def test_tom_pipeline_excludes_acme(demo, people):
    tom, admin = people["tom"], people["admin"]
    acme = deal_by_name(demo, "Acme renewal 2027")
    mine = ok(demo, tom, "pipeline_summary")
    everything = ok(demo, admin, "pipeline_summary")
    proposal = next(x for x in mine["stages"] if x["stage"] == "proposal")
    all_proposal = next(x for x in everything["stages"] if x["stage"] == "proposal")
    assert proposal["deals"] < all_proposal["deals"]
    _, tom_open = _sql_pipeline(demo, ["tom@northwind.example"])
    assert Decimal(mine["open_amount"]["USD"]) == tom_open["USD"]
    # Giving Acme's renewal to Globex moves its amount into Tom's pipeline: it was left out.
    with demo.write() as s:
        s.execute(
            text("UPDATE deals SET account_id = :g WHERE id = :d"),
            {"g": account_by_name(demo, "Globex").id, "d": acme.id},
        )
    moved = ok(demo, tom, "pipeline_summary")
    assert Decimal(moved["open_amount"]["USD"]) == tom_open["USD"] + acme.amount


@pytest.mark.parametrize("name", ["priya", "tom", "marcus", "sofia", "admin"])
def test_support_metrics_count_only_visible_cases(shared, shared_people, name):
    p = shared_people[name]
    metrics = ok(shared, p, "support_metrics", days=365)
    assert sum(metrics["by_status"].values()) == len(visible(shared, p).cases)


# --- writes: propose through the tool, confirm through actions -------------------------------


def _resolve(store: Store, args: dict[str, Any]) -> dict[str, Any]:
    """Fill placeholders like "@deal:Globex expansion" or "@case:<subject>" with real refs."""
    out = {}
    for key, value in args.items():
        if isinstance(value, str) and value.startswith("@"):
            kind, _, ref = value[1:].partition(":")
            if kind == "deal":
                value = str(deal_by_name(store, ref).id)
            elif kind == "case":
                value = fixed_case(store, ref).number
            elif kind == "account":
                value = str(account_by_name(store, ref).id)
        out[key] = value
    return out


DENIED: list[tuple[str, str, dict[str, Any], str]] = [
    # (who, tool, args, error): nothing may be proposed or written
    (
        "tom",
        "move_deal_stage",
        {"deal": "Acme renewal 2027", "stage": "negotiation"},
        "No deal matching 'Acme renewal 2027' that you can see.",
    ),
    (
        "tom",
        "move_deal_stage",
        {"deal": "@deal:Acme renewal 2027", "stage": "closed_won"},
        "No deal matching",
    ),
    ("tom", "update_deal", {"deal": "Acme renewal 2027", "amount": 1}, "No deal matching"),
    (
        "tom",
        "create_deal",
        {"account": "Acme Corp", "name": "Sneaky", "amount": 5},
        "No account matching 'Acme Corp'",
    ),
    (
        "tom",
        "log_activity",
        {"type": "call", "summary": "Called Dana", "contact": "Dana Ruiz"},
        "No contact matching 'Dana Ruiz'",
    ),
    ("tom", "comment_on_case", {"case": f"@case:{ACME_CASE}", "text": "hi"}, "No case matching"),
    (
        "sofia",
        "move_deal_stage",
        {"deal": "Acme renewal 2027", "stage": "negotiation"},
        "No deal matching 'Acme renewal 2027' that you can see.",
    ),
    (
        "sofia",
        "create_deal",
        {"account": "Acme Corp", "name": "Upsell", "amount": 5},
        "You cannot change deals of Acme Corp",
    ),
    (
        "sofia",
        "log_activity",
        {"type": "call", "summary": "Called Dana", "account": "Acme Corp"},
        "Support can log activities and tasks on cases only",
    ),
    (
        "sofia",
        "create_task",
        {"title": "Call Dana back", "contact": "dana@acme.example"},
        "Support can log activities and tasks on cases only",
    ),
    (
        "sofia",
        "log_activity",
        {
            "type": "call",
            "summary": "Mixed up",
            "contact": "Hank Scorpio",
            "case": f"@case:{ACME_CASE}",
        },
        "make sure they belong together",
    ),
    (
        "marcus",
        "move_deal_stage",
        {"deal": "Globex expansion", "stage": "closed_won"},
        "No deal matching 'Globex expansion' that you can see.",
    ),
    ("marcus", "update_deal", {"deal": "@deal:Globex expansion", "amount": 1}, "No deal matching"),
    (
        "marcus",
        "create_deal",
        {"account": "Globex", "name": "Sneaky", "amount": 5},
        "No account matching 'Globex'",
    ),
    (
        "marcus",
        "comment_on_case",
        {"case": f"@case:{ACME_CASE}", "text": "hi"},
        "You cannot change case",
    ),
    (
        "marcus",
        "log_activity",
        {"type": "note", "summary": "A note", "account": "Acme Corp"},
        "You cannot change records of Acme Corp",
    ),
    ("priya", "account_overview", {"account": "Globex"}, "No account matching 'Globex'"),
    (
        "priya",
        "create_deal",
        {"account": "Globex", "name": "Sneaky", "amount": 5},
        "No account matching 'Globex'",
    ),
    (
        "priya",
        "update_case",
        {"case": f"@case:{GLOBEX_CASE}", "status": "pending"},
        "No case matching",
    ),
    (
        "priya",
        "open_case",
        {"subject": "Help Globex", "account": "Globex"},
        "No account matching 'Globex'",
    ),
    (
        "priya",
        "log_activity",
        {"type": "call", "summary": "Called", "account": "Acme Corp", "deal": "Globex expansion"},
        "No deal matching",
    ),
    ("dana", "comment_on_case", {"case": f"@case:{GLOBEX_CASE}", "text": "hi"}, "No case matching"),
    (
        "dana",
        "comment_on_case",
        {"case": f"@case:{ACME_CASE}", "text": "psst", "internal": True},
        "Only staff can add internal notes.",
    ),
    (
        "dana",
        "move_deal_stage",
        {"deal": "Acme renewal 2027", "stage": "closed_lost"},
        "No deal matching",
    ),
    (
        "dana",
        "update_case",
        {"case": f"@case:{ACME_CASE}", "priority": "urgent"},
        "You cannot change case",
    ),
    (
        "dana",
        "create_task",
        {"title": "Do it", "account": "Acme Corp"},
        "Only staff can create tasks.",
    ),
    ("hank", "comment_on_case", {"case": f"@case:{ACME_CASE}", "text": "hi"}, "No case matching"),
    (
        "hank",
        "resolve_case",
        {"case": f"@case:{GLOBEX_CASE}", "resolution": "fixed it"},
        "You cannot change case",
    ),
    (
        "anon",
        "open_case",
        {"subject": "Let me in", "account": "Acme Corp"},
        "No account matching 'Acme Corp'",
    ),
    ("anon", "comment_on_case", {"case": f"@case:{ACME_CASE}", "text": "hi"}, "No case matching"),
]


@pytest.mark.parametrize(
    ("name", "tool", "args", "error"),
    DENIED,
    ids=[f"{n}-{t}-{i}" for i, (n, t, _a, _e) in enumerate(DENIED)],
)
def test_denied_write_is_refused_and_writes_nothing(shared, shared_people, name, tool, args, error):
    p = shared_people[name]
    args = _resolve(shared, args)
    counts, vers = row_counts(shared), versions(shared)
    out = run(shared, p, tool, **args)
    assert out["ok"] is False and error in out["error"], out
    assert row_counts(shared) == counts and versions(shared) == vers


@pytest.mark.parametrize(
    ("name", "tool", "key", "ref", "missing"),
    [
        ("tom", "move_deal_stage", "deal", "Acme renewal 2027", "Acme renewal 2099"),
        ("tom", "move_deal_stage", "deal", "@deal:Acme renewal 2027", "99999"),
        ("marcus", "update_deal", "deal", "Globex expansion", "Globex expansionz"),
        ("dana", "comment_on_case", "case", f"@case:{GLOBEX_CASE}", "CS-99999"),
        ("priya", "find_cases", "account", "Globex", "Globexz"),
    ],
)
def test_out_of_scope_error_reads_like_a_missing_record(
    shared, shared_people, name, tool, key, ref, missing
):
    extra = {
        "move_deal_stage": {"stage": "closed_won"},
        "update_deal": {"amount": 1},
        "comment_on_case": {"text": "hi"},
        "find_cases": {},
    }[tool]
    ref = _resolve(shared, {key: ref})[key]
    hidden = run(shared, shared_people[name], tool, **{key: ref}, **extra)
    absent = run(shared, shared_people[name], tool, **{key: missing}, **extra)
    assert hidden["ok"] is False and absent["ok"] is False
    assert hidden["error"].startswith("No ") and "that you can see" in hidden["error"]
    assert absent["error"].replace(repr(missing), repr(ref)) == hidden["error"]


def propose(store: Store, p: Principal, tool: str, **args: Any) -> dict[str, Any]:
    """Propose through the tool; checks that nothing is written before confirmation."""
    counts, vers = row_counts(store), versions(store)
    proposal = ok(store, p, tool, **args)
    after = row_counts(store)
    assert after["pending_actions"] == counts["pending_actions"] + 1
    assert {k: v for k, v in after.items() if k != "pending_actions"} == {
        k: v for k, v in counts.items() if k != "pending_actions"
    }
    assert versions(store) == vers
    with store.read() as s:
        action = s.get(PendingAction, proposal["id"])
        assert action.status == ActionStatus.PENDING and action.principal_key == p.key
    return proposal


def confirm(store: Store, p: Principal, proposal: dict[str, Any]) -> dict[str, Any]:
    audits = count(store, AuditEntry)
    done = actions.confirm(store, proposal["id"], p, channel=Channel.CLI)
    assert done.status == "executed"
    with store.read() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action_id == proposal["id"])).all()
    assert count(store, AuditEntry) > audits and entries
    assert {(e.on_behalf_of, e.role) for e in entries} == {(p.label(), p.role)}
    return done.result


def test_priya_moves_her_deal(demo, people):
    priya = people["priya"]
    proposal = propose(
        demo, priya, "move_deal_stage", deal="Acme renewal 2027", stage="negotiation"
    )
    confirm(demo, priya, proposal)
    assert deal_by_name(demo, "Acme renewal 2027").stage == Stage.NEGOTIATION


def test_marcus_moves_east_deals(demo, people):
    marcus = people["marcus"]
    confirm(
        demo,
        marcus,
        propose(demo, marcus, "move_deal_stage", deal="Acme renewal 2027", stage="closed_won"),
    )
    assert deal_by_name(demo, "Acme renewal 2027").stage == Stage.CLOSED_WON
    with demo.read() as s:
        luis_deal = s.scalars(
            select(Deal)
            .join(Account)
            .join(User, Account.owner_id == User.id)
            .where(
                User.email == "luis@northwind.example",
                Deal.stage.not_in([Stage.CLOSED_WON, Stage.CLOSED_LOST]),
            )
            .order_by(Deal.id)
        ).first()
    target = Stage.CLOSED_LOST
    confirm(
        demo,
        marcus,
        propose(demo, marcus, "move_deal_stage", deal=str(luis_deal.id), stage=target.value),
    )
    with demo.read() as s:
        assert s.get(Deal, luis_deal.id).stage == target
    result = confirm(
        demo,
        marcus,
        propose(demo, marcus, "create_deal", account="Initech", name="Initech add-on", amount=1200),
    )
    with demo.read() as s:
        assert s.get(Deal, result["deal_id"]).account.name == "Initech"


@pytest.mark.parametrize("name", ["tom", "admin"])
def test_globex_expansion_moves_for_its_owner_and_admin(demo, people, name):
    p = people[name]
    confirm(
        demo, p, propose(demo, p, "move_deal_stage", deal="Globex expansion", stage="closed_won")
    )
    assert deal_by_name(demo, "Globex expansion").stage == Stage.CLOSED_WON


@pytest.mark.parametrize("subject", [ACME_CASE, GLOBEX_CASE])
def test_sofia_comments_on_any_case(demo, people, subject):
    sofia = people["sofia"]
    case = fixed_case(demo, subject)
    result = confirm(
        demo,
        sofia,
        propose(demo, sofia, "comment_on_case", case=case.number, text="We are looking into it."),
    )
    with demo.read() as s:
        note = s.get(Activity, result["activity_id"])
        assert note.case_id == case.id and note.user_id == sofia.user_id and not note.internal


def test_sofia_logs_and_updates_on_cases(demo, people):
    sofia = people["sofia"]
    case = fixed_case(demo, GLOBEX_CASE)
    result = confirm(
        demo,
        sofia,
        propose(
            demo,
            sofia,
            "log_activity",
            type="call",
            summary="Called Hank about the webhooks",
            case=case.number,
        ),
    )
    with demo.read() as s:
        assert s.get(Activity, result["activity_id"]).case_id == case.id
    confirm(demo, sofia, propose(demo, sofia, "update_case", case=case.number, status="pending"))
    assert fixed_case(demo, GLOBEX_CASE).status.value == "pending"


def test_dana_comments_on_her_own_case(demo, people):
    dana = people["dana"]
    case = fixed_case(demo, ACME_CASE)
    result = confirm(
        demo,
        dana,
        propose(demo, dana, "comment_on_case", case=case.number, text="Still broken for us."),
    )
    with demo.read() as s:
        note = s.get(Activity, result["activity_id"])
        assert (note.case_id, note.contact_id, note.user_id, note.internal) == (
            case.id,
            dana.contact_id,
            None,
            False,
        )


@pytest.mark.parametrize(
    ("name", "named", "home"),
    [
        ("dana", {"account": "Globex", "contact": "Hank Scorpio"}, "Acme Corp"),
        ("dana", {"account": "@account:Globex", "contact": "hank@globex.example"}, "Acme Corp"),
        ("dana", {}, "Acme Corp"),
        ("hank", {"account": "Acme Corp", "contact": "Dana Ruiz"}, "Globex"),
    ],
)
def test_customer_open_case_lands_on_their_account(demo, people, name, named, home):
    p = people[name]
    proposal = propose(
        demo,
        p,
        "open_case",
        subject="Export is slow",
        description="Takes hours.",
        **_resolve(demo, named),
    )
    assert f"at {home} for {p.name}" in proposal["preview"]
    result = confirm(demo, p, proposal)
    with demo.read() as s:
        case = s.get(Case, result["case_id"])
        assert (case.account.name, case.contact_id) == (home, p.contact_id)
    assert case.id in {c["id"] for c in ok(demo, p, "find_cases", query=case.number)}


def test_rep_writes_on_own_book(demo, people):
    priya, tom = people["priya"], people["tom"]
    result = confirm(
        demo,
        priya,
        propose(
            demo,
            priya,
            "log_activity",
            type="call",
            summary="Checked in with Dana",
            contact="Dana Ruiz",
        ),
    )
    with demo.read() as s:
        assert s.get(Activity, result["activity_id"]).account.name == "Acme Corp"
    confirm(
        demo,
        priya,
        propose(
            demo, priya, "comment_on_case", case=fixed_case(demo, ACME_CASE).number, text="On it."
        ),
    )
    confirm(
        demo,
        tom,
        propose(
            demo, tom, "comment_on_case", case=fixed_case(demo, GLOBEX_CASE).number, text="On it."
        ),
    )
