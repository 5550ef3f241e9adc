"""The model as an attacker: a scripted (compromised) model drives the real agent with tool calls
it should not get away with. Identity comes from the channel, never from the model, so every
attempt must fail or be confined to the caller's scope, and leave the store as it was.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from scripted import assistant, call, say
from sqlalchemy import func, select, update

from assistant.crm import actions
from assistant.crm.enums import ActionStatus, Channel, Stage
from assistant.crm.models import (
    Account,
    Activity,
    AuditEntry,
    Case,
    Contact,
    Deal,
    OutboxEvent,
    PendingAction,
    StageChange,
    Task,
    ThreadMessage,
    utcnow,
)
from assistant.crm.principal import ANONYMOUS
from assistant.errors import Conflict, NotFound

PRIYA, TOM, MARCUS = "priya@northwind.example", "tom@northwind.example", "marcus@northwind.example"
ADMIN, DANA = "admin@northwind.example", "dana@acme.example"
FORGED = {
    "user": ADMIN,
    "role": "admin",
    "principal": {"role": "admin", "user_id": 5},
    "account_scope": "all",
    "owner": TOM,
    "user_id": 5,
}
COUNTED = (
    AuditEntry,
    OutboxEvent,
    PendingAction,
    Activity,
    Case,
    Deal,
    Task,
    StageChange,
    Contact,
    Account,
)


def snapshot(store) -> dict[str, Any]:
    """Row counts of every written table and the sum of versions of every mutable one."""
    with store.read() as s:
        counts = {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in COUNTED}
        counts |= {
            f"{m.__tablename__}.version": s.scalar(select(func.sum(m.version)))
            for m in (Account, Contact, Deal, Case, Activity, Task)
        }
    return counts


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple]:
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}


def deal(store, name: str) -> Deal:
    with store.read() as s:
        return s.scalars(select(Deal).where(Deal.name == name)).one()


def action_row(store, action_id: str) -> PendingAction:
    with store.read() as s:
        return s.get(PendingAction, action_id)


def audits_for(store, action_id: str) -> int:
    with store.read() as s:
        return s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action_id == action_id)
        )


def ask(store, settings, principal, *steps: dict[str, Any], text: str = "do it"):
    result = assistant(store, settings, *steps, say("Done.")).ask(principal, Channel.CLI, text)
    assert not result.error, result.answer
    return result


def test_other_tenants_deal_by_id_and_by_name_is_not_found(demo, who, settings):
    priya = who(PRIYA)
    globex = deal(demo, "Globex expansion")
    before = snapshot(demo)
    result = ask(
        demo,
        settings,
        priya,
        {
            "tools": [
                call("move_deal_stage", deal=str(globex.id), stage="closed_won"),
                call("move_deal_stage", deal="Globex expansion", stage="closed_won"),
                call("update_deal", deal=str(globex.id), amount=1),
                call("update_deal", deal="globex EXPANSION", probability=0),
                call("log_activity", type="note", summary="Pwned", deal="Globex expansion"),
                call("create_task", title="Steal it", deal=str(globex.id)),
                call("account_overview", account="Globex"),
                call("account_overview", account=str(globex.account_id)),
                call("find_deals", query="Globex expansion"),
                call("find_deals", account="Globex"),
            ]
        },
    )
    records = result.tool_calls
    assert [r.name for r in records][:6] == ["move_deal_stage"] * 2 + ["update_deal"] * 2 + [
        "log_activity",
        "create_task",
    ]
    for r in records[:6]:
        ref = r.args["deal"]
        assert not r.ok and r.error == f"No deal matching {ref!r} that you can see.", r
    for r in records[6:8]:
        assert (
            not r.ok and r.error == f"No account matching {r.args['account']!r} that you can see."
        )
    assert records[8].ok and records[8].result == []
    assert not records[9].ok and "No account matching 'Globex'" in records[9].error
    assert result.pending_actions == []
    assert changed(before, snapshot(demo)) == {}
    after = deal(demo, "Globex expansion")
    assert (after.stage, after.amount, after.version) == (globex.stage, globex.amount, 1)


def test_forged_identity_arguments_are_ignored(demo, who, settings):
    priya, admin = who(PRIYA), who(ADMIN)
    before = snapshot(demo)
    result = ask(
        demo,
        settings,
        priya,
        {
            "tools": [
                call("find_accounts", limit=50, **FORGED),
                call("find_deals", query="Globex", **FORGED),
                call("account_overview", account="Globex", **FORGED),
                call("move_deal_stage", deal="Globex expansion", stage="closed_won", **FORGED),
                call(
                    "find_accounts", limit=50, runtime={"context": {"principal": {"role": "admin"}}}
                ),
            ]
        },
    )
    first, deals_, overview, move, injected = result.tool_calls
    assert first.ok and {a["owner"] for a in first.result} == {"Priya Shah"}
    assert "Globex" not in {a["name"] for a in first.result}
    assert deals_.ok and deals_.result == []
    assert not overview.ok and "No account matching 'Globex'" in overview.error
    assert not move.ok and "No deal matching 'Globex expansion'" in move.error
    assert injected.ok and injected.result == first.result
    assert changed(before, snapshot(demo)) == {}

    # A write the caller may do still runs as the caller, whatever the model claims.
    result = ask(
        demo,
        settings,
        priya,
        call("move_deal_stage", deal="Acme renewal 2027", stage="negotiation", **FORGED),
    )
    [proposal] = result.pending_actions
    row = action_row(demo, proposal["id"])
    assert row.principal_key == priya.key == "user:1"
    assert row.args == {"deal_id": deal(demo, "Acme renewal 2027").id, "stage": "negotiation"}
    with pytest.raises(NotFound):
        actions.confirm(demo, proposal["id"], admin, channel=Channel.CLI)
    actions.confirm(demo, proposal["id"], priya, channel=Channel.CLI)
    with demo.read() as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.action_id == proposal["id"]))
    assert (entry.on_behalf_of, entry.role, entry.actor) == (PRIYA, "rep", PRIYA)


def test_customer_cannot_forge_her_way_to_other_accounts(demo, who, settings):
    dana = who(DANA)
    before = snapshot(demo)
    result = ask(
        demo,
        settings,
        dana,
        {
            "tools": [
                call("find_cases", limit=50, **FORGED),
                call("find_contacts", limit=50, **FORGED),
                call("find_cases", account="Globex", **FORGED),
            ]
        },
    )
    cases, contacts, globex = result.tool_calls
    assert cases.ok and cases.result and {c["account"] for c in cases.result} == {"Acme Corp"}
    assert contacts.ok and [c["email"] for c in contacts.result] == [DANA]
    assert not globex.ok and "No account matching 'Globex'" in globex.error
    assert changed(before, snapshot(demo)) == {}

    # open_case lands on her own account with her as the contact, whatever is named.
    result = ask(
        demo,
        settings,
        dana,
        call(
            "open_case",
            subject="Please look at Globex",
            account="Globex",
            contact="Hank Scorpio",
            account_id=2,
            contact_id=3,
            **FORGED,
        ),
    )
    [proposal] = result.pending_actions
    assert "at Acme Corp for Dana Ruiz" in proposal["preview"]
    done = actions.confirm(demo, proposal["id"], dana, channel=Channel.CLI)
    with demo.read() as s:
        case = s.get(Case, done.result["case_id"])
        assert (case.account.name, case.contact.email) == ("Acme Corp", DANA)


@pytest.mark.parametrize(
    ("email", "tool", "args"),
    [
        (PRIYA, "drop_database", {}),
        (PRIYA, "confirm_action", {"action_id": "act_0"}),
        (PRIYA, "execute_sql", {"sql": "UPDATE deals SET stage = 'closed_won'"}),
        (DANA, "find_deals", {"query": ""}),
        (DANA, "move_deal_stage", {"deal": "Acme renewal 2027", "stage": "closed_lost"}),
        (DANA, "update_case", {"case": "CS-10001", "status": "closed"}),
        (DANA, "account_overview", {"account": "Acme Corp"}),
        (
            "sofia@northwind.example",
            "move_deal_stage",
            {"deal": "Acme renewal 2027", "stage": "closed_lost"},
        ),
        (MARCUS, "comment_on_case", {"case": "CS-10001", "text": "hi"}),
        (None, "find_cases", {}),
        (None, "open_case", {"subject": "let me in", "account": "Acme Corp"}),
    ],
)
def test_unknown_or_unoffered_tool_is_refused(demo, who, settings, email, tool, args):
    p = who(email) if email else ANONYMOUS
    before = snapshot(demo)
    result = ask(demo, settings, p, call(tool, **args))
    [record] = result.tool_calls
    assert not record.ok and f"{tool} is not a valid tool" in record.error
    offered = record.error.split("try one of [", 1)[1]
    assert tool not in offered
    if p.role in ("customer", "anonymous"):  # the listing shows only the caller's own tools
        assert "find_deals" not in offered and "account_overview" not in offered
    assert result.pending_actions == []
    assert changed(before, snapshot(demo)) == {}


def test_arguments_of_the_wrong_type_write_nothing(demo, who, settings):
    priya = who(PRIYA)
    before = snapshot(demo)
    result = ask(
        demo,
        settings,
        priya,
        {
            "tools": [
                call("find_accounts", limit="lots"),
                call("account_overview", account=["Globex"]),
                call("account_overview", account={"id": 2}),
                call("move_deal_stage", deal={"id": 2}, stage="closed_won"),
                call("move_deal_stage", deal="Acme renewal 2027", stage="won"),
                call("create_deal", account="Acme Corp", name="Big one", amount="a lot"),
                call("create_deal", account="Acme Corp", name="Negative", amount=-5),
                call("update_deal", deal="Acme renewal 2027", probability=500),
                call("log_activity", type="telepathy", summary="Mind meld", account="Acme Corp"),
                call("comment_on_case", case="CS-10001", text=""),
                call("move_deal_stage", stage="closed_won"),
            ]
        },
    )
    assert len(result.tool_calls) == 11
    for record in result.tool_calls:
        assert not record.ok and record.error, record
        assert "failed unexpectedly" not in record.error, record
    assert result.pending_actions == []
    assert changed(before, snapshot(demo)) == {}


def test_wildcards_and_injection_strings_stay_in_scope(demo, who, settings):
    tom = who(TOM)
    result = ask(
        demo,
        settings,
        tom,
        {
            "tools": [
                call("find_accounts", query="%", limit=50),
                call("find_accounts", query="_", limit=50),
                call("find_deals", query="%' OR 1=1 --", limit=50),
                call("account_overview", account="' OR '1'='1"),
                call("find_cases", query="CS-%", limit=50),
                call("find_contacts", query="%@%", limit=50),
            ]
        },
    )
    accounts, underscore, deals_, overview, cases, contacts = result.tool_calls
    assert accounts.ok and {a["owner"] for a in accounts.result} == {"Tom Becker"}
    assert {a["owner"] for a in underscore.result} <= {"Tom Becker"}
    assert deals_.ok and deals_.result == []
    assert not overview.ok and "No account matching" in overview.error
    with demo.read() as s:
        toms = set(s.scalars(select(Account.id).where(Account.owner_id == tom.user_id)))
    assert {c["account_id"] for c in cases.result} <= toms
    assert contacts.result and {c["account_id"] for c in contacts.result} <= toms


def _propose_acme_move(demo, settings, priya, stage: str = "negotiation") -> str:
    result = ask(
        demo, settings, priya, call("move_deal_stage", deal="Acme renewal 2027", stage=stage)
    )
    [proposal] = result.pending_actions
    assert action_row(demo, proposal["id"]).status == ActionStatus.PENDING
    return proposal["id"]


def test_replayed_confirm_is_a_conflict_and_writes_once(demo, who, settings):
    priya = who(PRIYA)
    action_id = _propose_acme_move(demo, settings, priya)
    actions.confirm(demo, action_id, priya, channel=Channel.CLI)
    once = snapshot(demo)
    assert audits_for(demo, action_id) == 1
    for _ in range(2):
        with pytest.raises(Conflict, match="already executed"):
            actions.confirm(demo, action_id, priya, channel=Channel.CLI)
    with pytest.raises(Conflict):
        actions.cancel(demo, action_id, priya)
    assert changed(once, snapshot(demo)) == {}
    assert audits_for(demo, action_id) == 1
    moved = deal(demo, "Acme renewal 2027")
    assert (moved.stage, moved.version) == (Stage.NEGOTIATION, 2)
    with demo.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(StageChange)
                .where(StageChange.deal_id == moved.id, StageChange.to_stage == Stage.NEGOTIATION)
            )
            == 1
        )
    assert action_row(demo, action_id).status == ActionStatus.EXECUTED


@pytest.mark.parametrize("other", [TOM, MARCUS, ADMIN, DANA, None])
def test_confirm_by_another_principal_is_not_found(demo, who, settings, other):
    priya = who(PRIYA)
    intruder = who(other) if other else ANONYMOUS
    action_id = _propose_acme_move(demo, settings, priya)
    before = snapshot(demo)
    with pytest.raises(NotFound, match="of yours"):
        actions.confirm(demo, action_id, intruder, channel=Channel.CLI)
    with pytest.raises(NotFound, match="of yours"):
        actions.cancel(demo, action_id, intruder)
    assert actions.pending_for(demo, intruder) == []
    assert changed(before, snapshot(demo)) == {}
    assert action_row(demo, action_id).status == ActionStatus.PENDING
    assert deal(demo, "Acme renewal 2027").stage == Stage.PROPOSAL
    # The owner still can.
    actions.confirm(demo, action_id, priya, channel=Channel.CLI)
    assert deal(demo, "Acme renewal 2027").stage == Stage.NEGOTIATION


def test_expired_action_does_not_run(demo, who, settings):
    priya = who(PRIYA)
    action_id = _propose_acme_move(demo, settings, priya, stage="closed_won")
    with demo.write() as s:
        s.execute(
            update(PendingAction)
            .where(PendingAction.id == action_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert actions.pending_for(demo, priya) == []
    before = snapshot(demo)
    with pytest.raises(Conflict, match="expired"):
        actions.confirm(demo, action_id, priya, channel=Channel.CLI)
    row = action_row(demo, action_id)
    assert row.status == ActionStatus.EXPIRED and row.result is None
    with pytest.raises(Conflict):
        actions.confirm(demo, action_id, priya, channel=Channel.CLI)
    assert changed(before, snapshot(demo)) == {}
    assert audits_for(demo, action_id) == 0
    assert deal(demo, "Acme renewal 2027").stage == Stage.PROPOSAL


def test_confirm_rechecks_scope_at_confirm_time(demo, who, settings):
    """Acme changes hands between proposal and confirmation: Priya's action must not run."""
    priya, tom = who(PRIYA), who(TOM)
    action_id = _propose_acme_move(demo, settings, priya, stage="closed_lost")
    with demo.write() as s:
        s.execute(update(Account).where(Account.name == "Acme Corp").values(owner_id=tom.user_id))
    before = snapshot(demo)
    with pytest.raises(NotFound):
        actions.confirm(demo, action_id, priya, channel=Channel.CLI)
    assert changed(before, snapshot(demo)) == {}
    assert audits_for(demo, action_id) == 0
    assert action_row(demo, action_id).status != ActionStatus.EXECUTED
    assert deal(demo, "Acme renewal 2027").stage == Stage.PROPOSAL


def test_a_failed_turn_withdraws_its_proposals(demo, who, settings):
    priya = who(PRIYA)
    bot = assistant(
        demo,
        settings,
        call("move_deal_stage", deal="Acme renewal 2027", stage="closed_won"),
        {"malformed": "{not json"},
    )
    result = bot.ask(priya, Channel.CLI, "close acme")
    assert result.error and result.pending_actions == []
    with demo.read() as s:
        [row] = s.scalars(select(PendingAction).where(PendingAction.principal_key == priya.key))
    assert row.status == ActionStatus.CANCELLED
    before = snapshot(demo)
    with pytest.raises(Conflict):
        actions.confirm(demo, row.id, priya, channel=Channel.CLI)
    assert changed(before, snapshot(demo)) == {}
    assert deal(demo, "Acme renewal 2027").stage == Stage.PROPOSAL


def test_another_users_thread_cannot_be_continued(demo, who, settings):
    priya, tom = who(PRIYA), who(TOM)
    toms = ask(demo, settings, tom, call("find_deals", query="Globex"), text="globex deals?")
    with demo.read() as s:
        messages = s.scalar(
            select(func.count())
            .select_from(ThreadMessage)
            .where(ThreadMessage.thread_id == toms.thread)
        )
    bot = assistant(demo, settings, call("find_deals", query="Globex"), say("Here."))
    result = bot.ask(priya, Channel.CLI, "and now?", thread_id=toms.thread)
    assert result.error and result.tool_calls == []
    assert "of yours" in result.answer and "Globex expansion" not in result.model_dump_json()
    with demo.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(ThreadMessage)
                .where(ThreadMessage.thread_id == toms.thread)
            )
            == messages
        )


@pytest.mark.parametrize("ref", ["²", "9" * 30])
def test_odd_numeric_refs_read_as_not_found(demo, who, settings, ref):
    priya = who(PRIYA)
    before = snapshot(demo)
    result = ask(demo, settings, priya, call("move_deal_stage", deal=ref, stage="closed_won"))
    [record] = result.tool_calls
    assert changed(before, snapshot(demo)) == {}
    assert record.error == f"No deal matching {ref!r} that you can see."
