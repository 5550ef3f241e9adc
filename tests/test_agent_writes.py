"""Scripted turns through the real agent: proposals, confirmations and their effects."""

from __future__ import annotations

import pytest
from scripted import assistant, call, say
from sqlalchemy import func, select

from assistant.crm import actions
from assistant.crm.enums import Channel, Stage
from assistant.crm.models import Activity, AuditEntry, Deal, OutboxEvent, PendingAction, Task
from assistant.errors import Conflict, NotFound


def deal_named(store, name: str) -> Deal:
    with store.read() as s:
        return s.scalar(select(Deal).where(Deal.name == name))


def count(store, model) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_move_stage_is_proposed_then_confirmed_once(demo, who, settings):
    priya = who("priya@northwind.example")
    bot = assistant(
        demo,
        settings,
        call("move_deal_stage", deal="Acme renewal 2027", stage="negotiation"),
        say("Proposed the move; please confirm."),
    )
    audits_before = count(demo, AuditEntry)

    result = bot.ask(priya, Channel.CLI, "move the Acme renewal to negotiation")

    assert [a["tool"] for a in result.pending_actions] == ["move_deal_stage"]
    assert "from proposal to negotiation" in result.pending_actions[0]["preview"]
    assert deal_named(demo, "Acme renewal 2027").stage == Stage.PROPOSAL
    assert count(demo, AuditEntry) == audits_before

    done = actions.confirm(demo, result.pending_actions[0]["id"], priya, channel=Channel.CLI)
    deal = deal_named(demo, "Acme renewal 2027")
    assert done.status == "executed"
    assert deal.stage == Stage.NEGOTIATION and deal.probability == 75 and deal.version == 2
    with demo.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        outbox = s.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc())).first()
    assert (entry.tool, entry.entity_type, entry.entity_id) == ("move_deal_stage", "deals", deal.id)
    assert entry.before == {"probability": 50, "stage": "proposal"}
    assert entry.after == {"probability": 75, "stage": "negotiation"}
    assert entry.on_behalf_of == "priya@northwind.example" and entry.channel == Channel.CLI
    assert (outbox.entity_type, outbox.entity_id, outbox.version) == ("deals", deal.id, 2)

    with pytest.raises(Conflict):
        actions.confirm(demo, result.pending_actions[0]["id"], priya, channel=Channel.CLI)
    assert deal_named(demo, "Acme renewal 2027").version == 2


def test_log_call_and_task_from_one_request(demo, who, settings):
    priya = who("priya@northwind.example")
    bot = assistant(
        demo,
        settings,
        {
            "tools": [
                call(
                    "log_activity",
                    type="call",
                    contact="Dana",
                    summary="She wants a revised quote by Friday",
                    outcome="asked for revised quote",
                ),
                call(
                    "create_task",
                    title="Send revised quote to Dana",
                    due="2026-11-27",
                    contact="dana@acme.example",
                ),
            ]
        },
        say("I will log the call and create the task once you confirm."),
    )
    activities, tasks = count(demo, Activity), count(demo, Task)
    result = bot.ask(
        priya, Channel.CLI, "log a call with Dana at Acme, she wants a revised quote by Friday"
    )
    assert len(result.pending_actions) == 2
    assert (count(demo, Activity), count(demo, Task)) == (activities, tasks)
    for action in result.pending_actions:
        actions.confirm(demo, action["id"], priya, channel=Channel.CLI)
    with demo.read() as s:
        call_row = s.scalars(select(Activity).order_by(Activity.id.desc())).first()
        task = s.scalars(select(Task).order_by(Task.id.desc())).first()
    assert call_row.contact.name == "Dana Ruiz" and call_row.account.name == "Acme Corp"
    assert call_row.summary == "She wants a revised quote by Friday"
    assert (
        task.due_date.isoformat() == "2026-11-27" and task.owner.email == "priya@northwind.example"
    )


def test_confirm_by_another_user_is_not_found(demo, who, settings):
    priya, tom = who("priya@northwind.example"), who("tom@northwind.example")
    bot = assistant(
        demo,
        settings,
        call("move_deal_stage", deal="Acme renewal 2027", stage="closed_won"),
        say("Confirm please."),
    )
    action_id = bot.ask(priya, Channel.CLI, "we won acme").pending_actions[0]["id"]
    with pytest.raises(NotFound):
        actions.confirm(demo, action_id, tom, channel=Channel.CLI)
    with pytest.raises(NotFound):
        actions.cancel(demo, action_id, tom)
    assert deal_named(demo, "Acme renewal 2027").stage == Stage.PROPOSAL
    with demo.read() as s:
        assert s.get(PendingAction, action_id).status.value == "pending"


def test_stale_version_refuses_to_write(demo, who, settings):
    priya, marcus = who("priya@northwind.example"), who("marcus@northwind.example")
    bot = assistant(
        demo,
        settings,
        call("update_deal", deal="Acme renewal 2027", amount=50000),
        say("Confirm please."),
    )
    stale_id = bot.ask(priya, Channel.CLI, "acme renewal is 50k now").pending_actions[0]["id"]
    other = assistant(
        demo,
        settings,
        call("move_deal_stage", deal="Acme renewal 2027", stage="negotiation"),
        say("Confirm please."),
    )
    moved = other.ask(marcus, Channel.CLI, "move acme").pending_actions[0]["id"]
    actions.confirm(demo, moved, marcus, channel=Channel.CLI)

    with pytest.raises(Conflict, match="changed after this was proposed"):
        actions.confirm(demo, stale_id, priya, channel=Channel.CLI)
    deal = deal_named(demo, "Acme renewal 2027")
    assert deal.amount == 48000 and deal.stage == Stage.NEGOTIATION
    with demo.read() as s:
        assert s.get(PendingAction, stale_id).status.value == "failed"


def test_two_changes_to_one_deal_in_one_turn_both_apply(demo, who, settings):
    priya = who("priya@northwind.example")
    bot = assistant(
        demo,
        settings,
        {
            "tools": [
                call("move_deal_stage", deal="Acme renewal 2027", stage="negotiation"),
                call("update_deal", deal="Acme renewal 2027", amount=52000),
            ]
        },
        say("Confirm both?"),
    )
    result = bot.ask(priya, Channel.CLI, "move acme to negotiation and make it 52k")
    for action in result.pending_actions:
        actions.confirm(demo, action["id"], priya, channel=Channel.CLI)
    deal = deal_named(demo, "Acme renewal 2027")
    assert (deal.stage, deal.amount, deal.version) == (Stage.NEGOTIATION, 52000, 3)
