"""Caps and rate limits answer with the right error texts and close codes."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
from scripted import say
from sqlalchemy import func, select
from webchat import Chat, served

from assistant.crm.models import ThreadMessage
from bots.web import protocol, session
from bots.web.limits import RateLimiter


def test_rate_limiter_slides():
    limiter = RateLimiter(2, window_s=10, max_keys=2)
    assert limiter.allow("a", now=0) and limiter.allow("a", now=1)
    assert not limiter.allow("a", now=5)
    assert limiter.allow("a", now=10.5)  # the first hit left the window
    limiter.allow("b", now=11)
    limiter.allow("c", now=11)  # evicts the least recently used key, "a"
    assert len(limiter._hits) == 2


def test_a_too_long_message_gets_a_clear_error_and_runs_no_turn(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            got = await chat.ask("x" * 4001)
            assert got[-1]["code"] == "too_long" and "4,001 characters" in got[-1]["text"]
            assert (await chat.ask("  "))[-1]["code"] == "empty"

    with served(demo, settings) as server:
        asyncio.run(scenario(server))
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(ThreadMessage)) == 0


def test_a_frame_over_the_cap_closes_with_1009(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            await chat.send(type="message", text="y" * 70_000)
            assert await chat.closed_with() == protocol.TOO_BIG

    with served(demo, settings) as server:
        asyncio.run(scenario(server))


def test_http_bodies_over_64_kib_are_refused(demo, settings):
    with served(demo, settings) as server:
        big = httpx.post(server.url + "/demo/sign-in", content=b"a" * 70_000)
        assert big.status_code == 413

        def chunks():
            for _ in range(20):
                yield b"b" * 8192

        streamed = httpx.post(server.url + "/demo/sign-in", content=chunks())
        assert streamed.status_code == 413
        ok = httpx.post(server.url + "/demo/sign-in?who=dana", content=b"x" * 100)
        assert ok.status_code == 303


def test_messages_per_conversation_and_per_address_are_rate_limited(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            assert (await chat.ask("one"))[-1]["type"] == "answer"
            assert (await chat.ask("two"))[-1]["type"] == "answer"
            slow = (await chat.ask("three"))[-1]
            assert slow["code"] == "slow_down" and "faster than I can answer" in slow["text"]
        async with Chat(server) as chat:  # a new conversation from the same address
            await chat.hello()
            assert (await chat.ask("four"))[-1]["type"] == "answer"
            assert (await chat.ask("five"))[-1]["code"] == "slow_down"  # the address's cap

    steps = [say(f"answer {i}") for i in range(5)]
    with served(
        demo, settings, *steps, web_messages_per_minute=2, web_ip_messages_per_minute=4
    ) as server:
        asyncio.run(scenario(server))


def test_the_session_cap_answers_busy(demo, settings):
    async def scenario(server):
        async with Chat(server) as a, Chat(server) as b:
            await a.hello()
            await b.hello()
            async with Chat(server) as c:
                refused = await c.recv()
                assert refused["code"] == "busy" and "very busy" in refused["text"]
                assert await c.closed_with() == protocol.BUSY
        async with Chat(server) as d:  # the slots are free again
            assert (await d.hello())["type"] == "ready"

    with served(demo, settings, web_max_sessions=2) as server:
        asyncio.run(scenario(server))


def test_connections_per_address_are_rate_limited(demo, settings):
    async def scenario(server):
        for _ in range(2):
            async with Chat(server) as ok:
                assert (await ok.hello())["type"] == "ready"
        async with Chat(server) as third:
            assert (await third.recv())["code"] == "too_many_connections"
            assert await third.closed_with() == protocol.SLOW_DOWN

    with served(demo, settings, web_ip_connections_per_minute=2) as server:
        asyncio.run(scenario(server))


def test_idle_and_silent_connections_are_closed(demo, settings, monkeypatch):
    monkeypatch.setattr(session, "HELLO_TIMEOUT_S", 0.3)

    async def scenario(server):
        async with Chat(server) as chat:
            assert await chat.closed_with() == protocol.POLICY  # never said hello
        async with Chat(server) as chat:
            await chat.send(type="message", text="hi")  # not a hello
            assert await chat.closed_with() == protocol.POLICY
        async with Chat(server) as chat:
            await chat.hello()
            assert await chat.closed_with() == protocol.IDLE

    with served(demo, settings, web_idle_timeout_s=0.5) as server:
        asyncio.run(scenario(server))


def test_malformed_messages_get_an_error_then_the_connection_is_closed(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            await chat.ws.send("{not json")
            assert (await chat.recv())["code"] == "bad_request"
            await chat.send(type="ping")
            assert (await chat.recv())["type"] == "pong"  # still open
            for junk in ("[]", json.dumps({"type": "rm -rf"}), "null", '{"type":"confirm"}'):
                await chat.ws.send(junk)
            assert await chat.closed_with() == protocol.POLICY

    with served(demo, settings) as server:
        asyncio.run(scenario(server))


def test_messages_are_answered_in_order_one_at_a_time(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            await chat.send(type="message", text="first")
            await chat.until("turn")
            await chat.send(type="message", text="second")
            await chat.send(type="message", text="third")  # one waiting is enough
            got = await chat.until("error")
            assert got[-1]["code"] == "wait" and "wait for my answer" in got[-1]["text"]
            first = await chat.until("answer")
            second = await chat.until("answer")
            assert (first[-1]["text"], second[-1]["text"]) == ("One.", "Two.")
            assert second[0]["type"] == "turn"

    with served(demo, settings, {"sleep": 0.5, "say": "One."}, say("Two.")) as server:
        asyncio.run(scenario(server))


def test_a_turn_over_the_wall_time_bound_ends_with_a_fixed_text_and_chat_goes_on(demo, settings):
    async def scenario(server):
        async with Chat(server) as chat:
            await chat.hello()
            slow = await chat.ask("slow")
            assert slow[-1]["error"] and "took longer than 0.5 seconds" in slow[-1]["text"]
            assert not [m for m in slow if m["type"] == "token"]
            fast = await chat.ask("fast")
            assert fast[-1]["type"] == "answer" and fast[-1]["text"] == "Quick."

    steps = ({"sleep": 2, "say": "Too late."}, say("Quick."))
    with served(demo, settings, *steps, turn_timeout_s=0.5) as server:
        asyncio.run(scenario(server))


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://evil.example", False),
        ("null", False),
        ("https://shop.example", True),  # listed in DESKHAND_WEB_ALLOWED_ORIGINS
        (None, True),  # not a browser
    ],
)
def test_websocket_origins(demo, settings, origin, allowed):
    async def scenario(server):
        if not allowed:
            with pytest.raises(websockets.InvalidStatus) as err:
                async with Chat(server, origin=origin):
                    pass
            assert err.value.response.status_code == 403
            return
        async with Chat(server, origin=origin) as chat:
            assert (await chat.hello())["type"] == "ready"

    with served(demo, settings, web_allowed_origins="https://shop.example") as server:
        asyncio.run(scenario(server))


def test_the_servers_own_origin_is_allowed(demo, settings):
    async def scenario(server):
        async with Chat(server, origin=server.url) as chat:
            assert (await chat.hello())["type"] == "ready"

    with served(demo, settings) as server:
        asyncio.run(scenario(server))


def test_worker_processes_share_the_limits_out(demo, settings):
    from bots.web.hub import Hub

    cfg = settings.model_copy(update={"web_workers": 2, "web_ip_connections_per_minute": 5})
    hub = Hub(settings=cfg, store=demo, assistant=None, notifier=None)
    assert hub.sessions.capacity == 250 and hub.ip_connections.limit == 3
    assert hub.conversation_messages.limit == cfg.web_messages_per_minute
