"""The request engine on requests written the way people type in chat."""

from __future__ import annotations

import pytest

from assistant.brain.shorthand import expand
from assistant.crm.enums import Channel
from evals.brain.run import NOW
from tools.context import ToolContext

PRIYA = "priya@northwind.example"
SOFIA = "sofia@northwind.example"
DANA = "dana@acme.example"


@pytest.fixture
def plan(brain, demo, who):
    def run(email: str, text: str):
        ctx = ToolContext(store=demo, principal=who(email), channel=Channel.CLI, clock=NOW)
        return brain.plan_for(ctx, text, [])

    return run


def test_shorthand_is_spelled_out_but_names_stay():
    assert expand("fu w dana tmrw pls") == "follow up with dana tomorrow please"
    assert expand("any tix for acme?") == "any tickets for acme?"
    assert expand("bump case 10002 and #10003") == "bump CS-10002 and CS-10003"
    assert expand("call u tmrw", keep={"u"}) == "call u tomorrow"
    assert expand("10002 to urgent", case_numbers={"10002"}) == "CS-10002 to urgent"
    assert expand("bump it to 10002 usd", case_numbers={"10002"}) == "bump it to 10002 usd"


def test_possessive_names_resolve(plan):
    result = plan(PRIYA, "whats dana's email")
    assert result.calls == [{"name": "find_contacts", "args": {"query": "Dana Ruiz"}}]


def test_bare_case_number_and_terse_priority_change(plan):
    result = plan(SOFIA, "10001 -> urgent pls")
    assert result.calls == [
        {"name": "update_case", "args": {"case": "CS-10001", "priority": "urgent"}}
    ]


def test_a_case_the_caller_cannot_see_is_not_looked_up(plan):
    result = plan(DANA, "whats the status of CS-10002")
    assert result.calls == [] and "can't find case CS-10002" in result.say


def test_customer_asking_to_escalate_adds_a_comment(plan):
    result = plan(DANA, "CS-10001 still broken, pls add that 40 users are locked out")
    assert [c["name"] for c in result.calls] == ["comment_on_case"]
    assert "40 users are locked out" in result.calls[0]["args"]["text"]


def test_resolution_said_before_the_command(plan):
    result = plan(SOFIA, "CS-10001 the new certificate fixed it for everyone, resolve it")
    [call] = result.calls
    assert call["name"] == "resolve_case" and "certificate" in call["args"]["resolution"]


def test_second_instruction_reuses_the_record_of_the_first(plan):
    result = plan(SOFIA, "set CS-10001 to pending and add a comment that dana will retest on fri")
    by_tool = {c["name"]: c["args"] for c in result.calls}
    assert by_tool["update_case"]["status"] == "pending"
    assert by_tool["comment_on_case"]["case"] == "CS-10001"


def test_summary_keeps_what_was_said_before_the_comma(plan):
    result = plan(PRIYA, "log mtg w dana yday demoed the audit logs, she liked the export")
    [call] = result.calls
    assert call["args"]["summary"].lower().startswith("demoed the audit logs")
    assert call["args"]["when"] == "2026-11-24" and call["args"]["type"] == "meeting"


@pytest.mark.parametrize("text", ["merge the acme deals into one", "whats the weather today"])
def test_out_of_scope_requests_are_declined(plan, text):
    result = plan(PRIYA, text)
    assert result.calls == [] and result.say


def test_a_shared_first_name_is_settled_by_the_company_named(plan, demo):
    from sqlalchemy import select

    from assistant.crm.models import Contact

    with demo.write() as s:
        initech = s.scalar(
            select(Contact.account_id).where(Contact.email == "bill@initech.example")
        )
        s.add(
            Contact(account_id=initech, first_name="Dana", last_name="Smith", email="ds@i.example")
        )
    result = plan(PRIYA, "call w dana at initech, she wants the sso guide")
    assert result.calls[0]["args"]["contact"] == "Dana Smith"
    assert "Dana Ruiz" in plan(PRIYA, "call w dana, she wants the sso guide").say
