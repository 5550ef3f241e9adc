"""Handoff to a person: a case with the transcript, support notified, the assistant silent
until a person hands the conversation back; leads from anonymous visitors."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from scripted import say
from sqlalchemy import select
from webchat import DANA, Chat, by_type, served

from assistant.crm import handoff
from assistant.crm.audit import WriteContext
from assistant.crm.enums import Channel, ConversationOwner, Lifecycle, Priority
from assistant.crm.models import Account, Activity, Case, Contact, Conversation
from assistant.crm.principal import principal_for_email
from assistant.crm.writes import CommentOnCase
from assistant.signals import handoff_reason
from bots.web.notify import SlackNotifier


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I want to talk to a human", "requested"),
        ("Can you put me through to an agent?", "requested"),
        ("agent", "requested"),
        ("this is useless", "upset"),
        ("WHY DOES NOTHING WORK HERE", "upset"),
        ("How do I configure SSO with Okta?", None),
        ("Can a person on my team reset passwords?", None),
        ("I'm not angry, just curious about invoices", None),
    ],
)
def test_handoff_signals_come_from_the_customers_words(text, reason):
    assert handoff_reason(text) == reason


def staff_reply(store, case_id: int, text: str) -> None:
    with store.read() as s:
        sofia = principal_for_email(s, "sofia@northwind.example")
    op = CommentOnCase(case_id=case_id, text=text)
    wc = WriteContext(principal=sofia, channel=Channel.CLI, tool="comment_on_case", actor="sofia")
    with store.write() as s:
        op.apply(s, wc, op.load(s, sofia))


def conversation(store) -> Conversation:
    with store.read() as s:
        return s.scalars(select(Conversation)).one()


def test_asking_for_a_person_hands_off_and_the_assistant_stays_silent_until_handed_back(
    demo, settings
):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello(server.token(DANA))
            await chat.ask("My SSO login still fails with E-4012.")
            got = await chat.ask("I want to talk to a human please")
            handed = got[-1]
            assert handed["type"] == "handoff" and handed["owner"] == "human"
            assert handed["case"] in handed["text"] and "won't need to repeat" in handed["text"]
            assert not by_type(got, "turn")  # the assistant did not answer
            assert (await chat.ask("It affects 300 people."))[-1]["type"] == "delivered"
            conv = conversation(server.store)
            assert conv.owner == ConversationOwner.HUMAN
            staff_reply(server.store, conv.handoff_case_id, "Hi Dana, we're on it.")
            agent = (await chat.until("agent"))[-1]
            assert agent == {"type": "agent", "author": "Sofia Alvarez", "text": agent["text"]}
            with server.store.read() as s:
                sofia = principal_for_email(s, "sofia@northwind.example")
            handoff.hand_back(server.store, handed["case"], sofia)
            back = (await chat.until("owner"))[-1]
            assert back["owner"] == "ai"
            assert (await chat.ask("Thanks! Any workaround?"))[-1]["text"] == "Try the SSO guide."
        with server.store.read() as s:
            case = s.get(Case, conv.handoff_case_id)
            notes = s.scalars(select(Activity.summary).where(Activity.case_id == case.id)).all()
        assert case.number == handed["case"] and case.account.name == "Acme Corp"
        assert case.contact.email == DANA and case.channel.value == "chat"
        assert "E-4012" in case.description and "talk to a human" in case.description
        assert "It affects 300 people." in notes
        assert server.notifier.sent and handed["case"] in server.notifier.sent[0]

    steps = [say("Sorry to hear that. Let me check."), say("Try the SSO guide.")]
    with served(demo, settings, *steps) as server:
        asyncio.run(scenario(server))


def test_repeated_failures_hand_off(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello(server.token(DANA))
            first = await chat.ask("why is SSO broken?")
            assert first[-1]["error"] is True
            await chat.send(type="message", text="why is SSO broken??")
            got = await chat.until("handoff")
            assert "couldn't help" in got[-1]["text"]

    steps = [{"fail": "server_error"}, {"fail": "timeout"}]
    with served(demo, settings, *steps) as server:
        asyncio.run(scenario(server))
    assert conversation(demo).handoff_reason.value == "failures"


def test_an_upset_customer_is_handed_off_with_high_priority(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello(server.token(DANA))
            got = await chat.ask("This is ridiculous, SSO has been down for days!!!")
            assert got[-1]["type"] == "handoff" and "sorry for the trouble" in got[-1]["text"]

    with served(demo, settings) as server:
        asyncio.run(scenario(server))
    with demo.read() as s:
        case = s.get(Case, conversation(demo).handoff_case_id)
    assert case.priority == Priority.HIGH


@pytest.mark.parametrize("email", ["new.visitor@initrode.example", DANA])
def test_an_anonymous_visitor_leaves_details_then_reaches_a_person(demo, settings, email):
    """A claimed email that belongs to a contact is never linked to that contact."""
    acme = select(Case).join(Account).where(Account.name == "Acme Corp")
    with demo.read() as s:
        acme_cases = len(s.scalars(acme).all())

    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            await chat.send(type="handoff")
            assert (await chat.until("need_details"))[-1]["text"].startswith("A person can")
            await chat.send(type="lead", name="Ana Visitor", email="not-an-email")
            assert (await chat.until("error"))[-1]["code"] == "details"
            await chat.send(
                type="lead", name="Ana Visitor", email=email, company="Initrode", message="Pricing?"
            )
            got = await chat.until("handoff")
            assert by_type(got, "lead_saved")[0]["text"].startswith("Thanks, Ana.")

    with served(demo, settings) as server:
        asyncio.run(scenario(server))
    conv = conversation(demo)
    with demo.read() as s:
        lead = s.get(Contact, conv.lead_contact_id)
        case = s.get(Case, conv.handoff_case_id)
        assert lead.account.lifecycle == Lifecycle.LEAD and lead.account.name == "Initrode"
        assert case.account_id == lead.account_id and case.contact_id == lead.id
        assert lead.email == (None if email == DANA else email)
        assert s.scalar(select(Contact.id).where(Contact.email == DANA)) != lead.id
        assert len(s.scalars(acme).all()) == acme_cases


def test_slack_notifier_posts_to_the_support_channel():
    posted = []

    class SlackApi(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["content-length"])).decode()
            posted.append((self.path, self.headers.get("authorization"), body))
            reply = json.dumps({"ok": True, "channel": "C1", "ts": "1.0"}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    server = ThreadingHTTPServer(("127.0.0.1", 0), SlackApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/"
        SlackNotifier("xoxb-test", "#support", base_url=url).notify("Chat handoff: case CS-1")
        SlackNotifier("xoxb-test", "#support", base_url="http://127.0.0.1:9/api/").notify("lost")
    finally:
        server.shutdown()
        server.server_close()
    assert len(posted) == 1
    path, auth, body = posted[0]
    assert path == "/api/chat.postMessage" and auth == "Bearer xoxb-test"
    assert "support" in body and "CS-1" in body


def test_two_tabs_both_see_a_staff_reply_and_the_thread_keeps_it_once(demo, settings):
    async def scenario(server):
        async with Chat(server) as first:
            await first.hello(server.token(DANA))
            await first.send(type="handoff")
            started = (await first.until("conversation"))[-1]
            await first.until("handoff")
            resume = {"conversation": started["conversation"], "resume_key": started["resume_key"]}
            async with Chat(server) as second:
                ready = await second.hello(server.token(DANA), **resume)
                assert ready["owner"] == "human"
                staff_reply(server.store, conversation(server.store).handoff_case_id, "On it.")
                for tab in (first, second):
                    assert (await tab.until("agent"))[-1]["text"] == "On it."
        async with Chat(server) as later:  # after a reload the reply is in the history
            ready = await later.hello(server.token(DANA), **resume)
        agents = [h for h in ready["history"] if h["role"] == "agent"]
        assert agents == [{"role": "agent", "author": "Sofia Alvarez", "text": "On it."}]

    with served(demo, settings) as server:
        asyncio.run(scenario(server))
