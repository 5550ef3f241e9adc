"""The OpenAI-compatible provider over real HTTP: tool calls, streaming and failures."""

from __future__ import annotations

import pytest
from openai_stub import serve

from assistant.crm.enums import Channel
from assistant.runner import Assistant


@pytest.fixture
def endpoint(settings):
    with serve() as (stub, url):
        settings.model = "stub-model"
        settings.base_url = url
        settings.model_timeout_s = 2
        yield stub, settings


def test_tool_call_and_streamed_answer(demo, who, endpoint):
    stub, settings = endpoint
    stub.replies = [
        {"tool": "move_deal_stage", "args": {"deal": "Acme renewal 2027", "stage": "negotiation"}},
        {"text": "Proposed: move Acme renewal 2027 to negotiation. Please confirm."},
    ]
    tokens = []
    result = Assistant(settings, demo).ask(
        who("priya@northwind.example"),
        Channel.CLI,
        "move acme to negotiation",
        on_event=lambda e: tokens.append(e.data["text"]) if e.kind == "token" else None,
    )
    assert not result.error, result.answer
    assert result.pending_actions[0]["tool"] == "move_deal_stage"
    assert len(tokens) > 3 and "".join(tokens).strip() == result.answer.strip()
    sent = stub.requests[0]
    assert sent["model"] == "stub-model" and sent["stream"] is True
    offered = {t["function"]["name"] for t in sent["tools"]}
    assert "move_deal_stage" in offered and "log_activity" in offered
    assert all("runtime" not in t["function"]["parameters"]["properties"] for t in sent["tools"])
    # the tool result went back to the model on the second request
    assert "PROPOSED, NOT DONE YET" in stub.requests[1]["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ({"status": 429}, "rate limited"),
        ({"status": 500}, "returned an error"),
        ({"stall": 5, "text": "late"}, "did not answer in time"),
    ],
)
def test_provider_failures(demo, who, endpoint, reply, expected):
    stub, settings = endpoint
    stub.replies = [reply] * 3  # the client retries once
    result = Assistant(settings, demo).ask(who("priya@northwind.example"), Channel.CLI, "hi")
    assert result.error and expected in result.answer
    assert "stub error" not in result.answer


def test_hosted_model_without_key_says_what_to_set(demo, who, settings):
    settings.model = "gpt-4o-mini"
    result = Assistant(settings, demo).ask(who("priya@northwind.example"), Channel.CLI, "hi")
    assert result.error and "DESKHAND_API_KEY" in result.answer
