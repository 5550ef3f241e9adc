"""The built-in request engine through the real agent: plans, questions, answers, follow-ups."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.brain.engine import BuiltinChatModel
from assistant.crm import actions
from assistant.crm.enums import Channel, Stage
from assistant.crm.models import Activity, Contact, Deal, Task
from assistant.runner import Assistant
from evals.brain.run import AS_OF, NOW, plan_only

PRIYA = "priya@northwind.example"


@pytest.fixture
def bot(demo, settings, brain) -> Assistant:
    return Assistant(settings, demo, model=brain, clock=lambda: NOW)


def test_default_brain_is_builtin(settings):
    from assistant.providers import build_chat_model, describe

    assert isinstance(build_chat_model(settings), BuiltinChatModel)
    assert "built-in request engine" in describe(settings) and "not a general chatbot" in describe(
        settings
    )


def test_log_call_with_follow_up_task(bot, demo, who):
    priya = who(PRIYA)
    result = bot.ask(
        priya, Channel.CLI, "log a call with Dana at Acme, she wants a revised quote by Friday"
    )
    assert not result.error
    previews = {a["tool"]: a["preview"] for a in result.pending_actions}
    assert "Log a call with Dana Ruiz, Acme Corp" in previews["log_activity"]
    assert "She wants a revised quote by Friday" in previews["log_activity"]
    assert "Send revised quote to Dana" in previews["create_task"]
    assert f"due Fri {AS_OF.replace(day=27)}" in previews["create_task"]
    assert "Nothing is changed until you confirm" in result.answer
    for action in result.pending_actions:
        actions.confirm(demo, action["id"], priya, channel=Channel.CLI)
    with demo.read() as s:
        call = s.scalars(select(Activity).order_by(Activity.id.desc())).first()
        task = s.scalars(select(Task).order_by(Task.id.desc())).first()
    assert (call.type.value, call.contact.name) == ("call", "Dana Ruiz")
    assert task.due_date.isoformat() == "2026-11-27"


def test_follow_up_resolves_it(bot, demo, who):
    priya = who(PRIYA)
    first = bot.ask(priya, Channel.CLI, "how is the acme renwal doing")
    assert "Acme renewal 2027" in first.answer and "proposal" in first.answer
    second = bot.ask(priya, Channel.CLI, "move it to negotation", thread_id=first.thread)
    assert [a["tool"] for a in second.pending_actions] == ["move_deal_stage"]
    assert "'Acme renewal 2027'" in second.pending_actions[0]["preview"]
    actions.confirm(demo, second.pending_actions[0]["id"], priya, channel=Channel.CLI)
    with demo.read() as s:
        assert (
            s.scalar(select(Deal.stage).where(Deal.name == "Acme renewal 2027"))
            == Stage.NEGOTIATION
        )


def test_ambiguous_name_gets_a_choice_and_no_write(bot, demo, who):
    with demo.write() as s:
        initech = s.scalar(
            select(Contact.account_id).where(Contact.email == "bill@initech.example")
        )
        s.add(
            Contact(
                account_id=initech,
                first_name="Dana",
                last_name="Smith",
                email="dana.smith@initech.example",
            )
        )
    result = bot.ask(who(PRIYA), Channel.CLI, "log a call with dana, all good")
    assert result.tool_calls == [] and result.pending_actions == []
    assert "Dana Ruiz at Acme Corp" in result.answer and "Dana Smith at Initech" in result.answer


@pytest.mark.parametrize(
    "text", ["bananas are a good source of potassium", "delete Acme", "move the deal"]
)
def test_unsure_or_unsupported_never_writes(bot, who, text):
    result = bot.ask(who(PRIYA), Channel.CLI, text)
    assert result.pending_actions == [] and not result.error
    assert result.answer


def test_knowledge_answer_quotes_steps_and_cites(bot, who):
    result = bot.ask(who("dana@acme.example"), Channel.WEB, "how do i reset my password")
    assert "Source: How to reset your password" in result.answer
    assert "1." in result.answer
    assert any(c["title"] == "How to reset your password" for c in result.citations)


def test_customer_cannot_move_deals(bot, who):
    result = bot.ask(who("dana@acme.example"), Channel.WEB, "move the acme renewal to negotiation")
    assert result.tool_calls == [] and "isn't something I can do" in result.answer


def test_records_outside_scope_are_not_found(bot, who):
    result = bot.ask(who("tom@northwind.example"), Channel.CLI, "what happened with acme lately")
    assert "No account matching 'acme' that you can see" in result.answer


def test_pipeline_figures_come_from_the_tool(bot, who):
    result = bot.ask(who("marcus@northwind.example"), Channel.CLI, "how does the pipeline look")
    summary = result.tool_calls[0].result
    total = summary["open_amount"]["USD"]
    assert f"{float(total):,.0f} USD" in result.answer


def test_scenario_suite_meets_the_goals(embedder):
    report = plan_only("scenarios")
    assert report.tool_ok / report.total >= 0.95, report.failures
    assert report.args_ok / report.total >= 0.90, report.failures
