"""The chat WebSocket against a real uvicorn: streaming, confirmations, history, feedback."""

from __future__ import annotations

import asyncio

from scripted import call, say
from sqlalchemy import select
from webchat import DANA, Chat, by_type, case_number, served

from assistant.crm.enums import FeedbackKind
from assistant.crm.models import Activity, AuditEntry, Feedback, PendingAction

SSO = "SSO login fails after upgrade"
ANSWER = "Your case about SSO is open; see the sign-in guide."


def sso_steps(number: str) -> list[dict]:
    return [
        call("find_cases", query="SSO"),
        call("search_knowledge", query="SSO sign-in E-4012"),
        say(ANSWER),
        call("comment_on_case", case=number, text="We still see E-4012 this morning."),
        say("I prepared the comment; please confirm it."),
    ]


def test_answer_streams_in_order_with_tool_progress_and_citations(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            ready = await chat.hello(server.token(DANA))
            assert ready["visitor"] == {"name": "Dana Ruiz", "signed_in": True}
            assert ready["conversation"] is None and ready["history"] == []
            got = await chat.ask("What's happening with my SSO case?")
        kinds = [m["type"] for m in got]
        assert kinds[:2] == ["conversation", "turn"]
        tools = [(m["state"], m["name"]) for m in by_type(got, "tool")]
        assert tools == [
            ("start", "find_cases"),
            ("end", "find_cases"),
            ("start", "search_knowledge"),
            ("end", "search_knowledge"),
        ]
        assert by_type(got, "tool")[0]["label"] == "Looking up your cases…"
        last_tool = max(i for i, k in enumerate(kinds) if k == "tool")
        first_token = kinds.index("token")
        assert last_tool < first_token and kinds[-1] == "answer"
        answer = got[-1]
        assert "".join(m["text"] for m in by_type(got, "token")) == ANSWER == answer["text"]
        assert isinstance(answer["id"], int)
        assert answer["citations"] and all(c["url"].startswith("/kb/") for c in answer["citations"])

    with served(demo, settings, *sso_steps(case_number(demo, SSO))) as server:
        asyncio.run(scenario(server))


def test_confirm_runs_the_write_once_and_history_survives_a_reconnect(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello(server.token(DANA))
            first = await chat.ask("What's happening with my SSO case?")
            resume = by_type(first, "conversation")[0]
            got = await chat.ask("Please add that we still see E-4012 this morning.")
            action = by_type(got, "action")[0]["action"]
            assert action["status"] == "pending" and "E-4012" in action["preview"]
            assert got[-1]["actions"][0]["id"] == action["id"]
            await chat.send(type="confirm", action_id=action["id"])
            done = (await chat.until("action_result"))[-1]
            assert done["status"] == "executed" and "Added a comment" in done["text"]
            await chat.send(type="confirm", action_id=action["id"])
            again = (await chat.until("action_result"))[-1]
            assert again["status"] == "failed" and "already" in again["text"]
        async with Chat(server) as chat:  # a reload: same token, stored conversation and key
            ready = await chat.hello(
                server.token(DANA),
                conversation=resume["conversation"],
                resume_key=resume["resume_key"],
            )
        history = ready["history"]
        assert [h["role"] for h in history] == ["user", "assistant", "user", "assistant"]
        assert history[1]["text"] == ANSWER and history[1]["citations"]
        assert history[3]["actions"][0]["status"] == "executed"
        return action["id"]

    number = case_number(demo, SSO)
    with served(demo, settings, *sso_steps(number)) as server:
        action_id = asyncio.run(scenario(server))
    with demo.read() as s:
        comments = s.scalars(select(Activity).where(Activity.summary.like("%E-4012 this%"))).all()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action_id == action_id)).all()
    assert len(comments) == 1 and comments[0].contact_id is not None
    assert {a.channel.value for a in audit} == {"web"}


def test_cancel_changes_nothing(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello(server.token(DANA))
            await chat.ask("status?")
            got = await chat.ask("add a comment")
            action = by_type(got, "action")[0]["action"]
            await chat.send(type="cancel", action_id=action["id"])
            result = (await chat.until("action_result"))[-1]
            assert result["status"] == "cancelled" and "nothing was changed" in result["text"]
            return action["id"]

    with served(demo, settings, *sso_steps(case_number(demo, SSO))) as server:
        action_id = asyncio.run(scenario(server))
    with demo.read() as s:
        assert s.get(PendingAction, action_id).status.value == "cancelled"
        assert not s.scalars(select(Activity).where(Activity.summary.like("%E-4012 this%"))).all()


def test_thumbs_and_csat_are_stored(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello(server.token(DANA))
            answer = (await chat.ask("How do I reset my password?"))[-1]
            await chat.send(type="feedback", message_id=answer["id"], rating="down")
            await chat.until("feedback_saved")
            await chat.send(
                type="feedback", message_id=answer["id"], rating="down", comment="Too vague."
            )
            await chat.until("feedback_saved")
            await chat.send(type="feedback", message_id=9999, rating="up")
            assert (await chat.until("error"))[-1]["code"] == "no_answer"
            await chat.send(type="end")
            assert (await chat.until("ended"))[-1]["csat"] is True
            await chat.send(type="csat", score=4, comment="Quick, thanks")
            await chat.until("csat_saved")
            assert (await chat.ask("one more thing"))[-1]["code"] == "ended"
            return answer["id"]

    with served(demo, settings, say("Use **Forgot password** on the sign-in page.")) as server:
        seq = asyncio.run(scenario(server))
    with demo.read() as s:
        rows = s.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert [(r.kind, r.rating, r.comment) for r in rows] == [
        (FeedbackKind.ANSWER, 1, "Too vague."),
        (FeedbackKind.CSAT, 4, "Quick, thanks"),
    ]
    assert rows[0].message_seq == seq and rows[0].contact_id is not None


def test_without_a_working_model_the_site_runs_and_the_chat_says_how_to_connect_one(demo, settings):
    """A hosted model without a key cannot be built; the turn ends with the provider's text."""
    import httpx

    from assistant.runner import Assistant

    broken = settings.model_copy(update={"model": "openai:gpt-4o-mini"})

    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            got = await chat.ask("hello")
        assert got[-1]["type"] == "answer" and got[-1]["error"] is True
        assert "DESKHAND_API_KEY" in got[-1]["text"]

    with served(demo, broken, assistant=Assistant(broken, demo)) as server:
        assert httpx.get(server.url + "/").status_code == 200
        asyncio.run(scenario(server))
