"""Provider failures, bad tool calls and limits end the turn with a clear message and no write."""

from __future__ import annotations

import pytest
from scripted import assistant, call, say
from sqlalchemy import func, select

from assistant.crm.enums import Channel
from assistant.crm.models import AuditEntry, PendingAction

MOVE = call("move_deal_stage", deal="Acme renewal 2027", stage="negotiation")


def pending_count(store) -> int:
    with store.read() as s:
        return s.scalar(
            select(func.count()).select_from(PendingAction).where(PendingAction.status == "pending")
        )


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("timeout", "did not answer in time"),
        ("rate_limit", "rate limited"),
        ("server_error", "returned an error"),
    ],
)
def test_provider_failure_after_a_proposal_withdraws_it(demo, who, settings, failure, expected):
    bot = assistant(demo, settings, MOVE, {"fail": failure})
    result = bot.ask(who("priya@northwind.example"), Channel.CLI, "move acme to negotiation")
    assert result.error and expected in result.answer and "Nothing was changed" in result.answer
    assert result.pending_actions == []
    assert pending_count(demo) == 0
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_malformed_tool_call_is_reported(demo, who, settings):
    bot = assistant(demo, settings, {"malformed": "%%% not json"})
    result = bot.ask(who("priya@northwind.example"), Channel.CLI, "do something")
    assert result.error and "malformed" in result.answer


def test_unknown_tool_and_bad_arguments_go_back_to_the_model(demo, who, settings):
    bot = assistant(
        demo,
        settings,
        call("delete_everything", table="deals"),
        call("move_deal_stage", deal="Acme renewal 2027", stage="won-ish"),
        say("I could not do that."),
    )
    result = bot.ask(who("priya@northwind.example"), Channel.CLI, "clean up")
    assert not result.error and result.answer == "I could not do that."
    assert [(c.name, c.ok) for c in result.tool_calls] == [
        ("delete_everything", False),
        ("move_deal_stage", False),
    ]
    assert "stage" in result.tool_calls[1].error
    assert pending_count(demo) == 0


def test_tool_error_text_is_actionable(demo, who, settings):
    bot = assistant(
        demo, settings, call("account_overview", account="Nonexistent Ltd"), say("Not found.")
    )
    result = bot.ask(who("priya@northwind.example"), Channel.CLI, "overview of nonexistent")
    assert result.tool_calls[0].error == "No account matching 'Nonexistent Ltd' that you can see."


def test_step_limit_stops_a_runaway_model(demo, who, settings):
    settings.max_steps = 3
    bot = assistant(demo, settings, *[call("find_accounts", query="a")] * 10)
    result = bot.ask(who("priya@northwind.example"), Channel.CLI, "loop forever")
    assert result.error and "3 steps" in result.answer
    assert len(result.tool_calls) <= 3


def test_wall_time_bound(demo, who, settings):
    settings.turn_timeout_s = 0.5
    bot = assistant(demo, settings, {"sleep": 3, "say": "too late"})
    result = bot.ask(who("priya@northwind.example"), Channel.CLI, "slow")
    assert result.error and "took longer than 0.5 seconds" in result.answer


def test_oversized_message_is_refused_before_the_model(demo, who, settings):
    bot = assistant(demo, settings)  # no steps: any model call would fail differently
    result = bot.ask(who("priya@northwind.example"), Channel.CLI, "x" * 5000)
    assert result.error and "limit is 4,000" in result.answer


def test_follow_up_in_a_thread_sees_the_history(demo, who, settings):
    priya = who("priya@northwind.example")
    bot = assistant(
        demo,
        settings,
        call("find_deals", query="acme renewal"),
        say("Acme renewal 2027 is in proposal."),
        call("move_deal_stage", deal="1", stage="negotiation"),
        say("Confirm?"),
    )
    first = bot.ask(priya, Channel.CLI, "how is the acme renewal doing?")
    second = bot.ask(priya, Channel.CLI, "move it to negotiation", thread_id=first.thread)
    assert second.thread == first.thread
    assert "Acme renewal 2027" in second.pending_actions[0]["preview"]
    seen = bot.model  # the scripted model saw the earlier turn in its input
    assert seen is not None
    from assistant.threads import history

    texts = [m.content for m in history(demo, first.thread, limit=50)]
    assert texts[0] == "how is the acme renewal doing?" and "Confirm?" in texts


def test_thread_of_another_user_is_not_found(demo, who, settings):
    bot = assistant(demo, settings, say("hello"), say("hello again"))
    first = bot.ask(who("priya@northwind.example"), Channel.CLI, "hi")
    result = bot.ask(who("tom@northwind.example"), Channel.CLI, "hi", thread_id=first.thread)
    assert result.error and "No conversation" in result.answer


def test_streaming_order(demo, who, settings):
    import asyncio

    bot = assistant(demo, settings, MOVE, say("Please confirm the move."))

    async def kinds():
        return [
            e.kind
            async for e in bot.stream_turn(who("priya@northwind.example"), Channel.CLI, "move acme")
        ]

    seen = asyncio.run(kinds())
    assert seen[:3] == ["tool_start", "tool_end", "pending_action"]
    assert "token" in seen and seen[-1] == "final"
    assert seen.index("pending_action") < seen.index("token")
