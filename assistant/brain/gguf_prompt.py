"""What a GGUF model sees: a fixed prompt (instructions, tool catalogue, worked examples) and
per-request grammars that admit only well-formed calls of the shortlisted tools."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

MAX_STRING = 48  # characters per string argument
MAX_REQUEST = 400  # characters of the request the model sees
SYSTEM = (
    "You turn a CRM user's request into one JSON action: the tool to call and its "
    "arguments. Copy names, case numbers, dates and amounts from the request; never invent "
    "them."
)
RECORDS = ("account", "contact", "deal", "case")
SHOTS: tuple[tuple[str, dict[str, Any]], ...] = (  # argument order as the grammar has it
    (
        "log a call with Ana Silva, she wants the price list by Monday",
        {
            "tool": "log_activity",
            "args": {"contact": "Ana Silva", "type": "call", "summary": "wants the price list"},
        },
    ),
    (
        "remind me to send Vandelay the contract next Tuesday",
        {
            "tool": "create_task",
            "args": {"account": "Vandelay", "title": "send the contract", "due": "next Tuesday"},
        },
    ),
    (
        "we won the Vandelay renewal",
        {"tool": "move_deal_stage", "args": {"deal": "Vandelay renewal", "stage": "closed_won"}},
    ),
    (
        "new deal for Vandelay: Vandelay EU rollout, 40k",
        {
            "tool": "create_deal",
            "args": {"account": "Vandelay", "name": "Vandelay EU rollout", "amount": 40000},
        },
    ),
    (
        "escalate CS-20417, they cannot log in",
        {"tool": "escalate_case", "args": {"case": "CS-20417", "reason": "they cannot log in"}},
    ),
    (
        "how do I export contacts to CSV?",
        {"tool": "search_knowledge", "args": {"query": "export contacts to CSV"}},
    ),
    (
        "what's going on with Vandelay",
        {"tool": "account_overview", "args": {"account": "Vandelay"}},
    ),
)
KEY_ARGS = {
    *RECORDS,
    "stage",
    "type",
    "query",
    "due",
    "summary",
    "title",
    "text",
    "amount",
    "status",
    "priority",
    "reason",
    "resolution",
    "subject",
    "when",
    "close_date",
    "probability",
    "currency",
}


def compact(schema: dict[str, Any], names: dict[str, list[str]]) -> dict[str, Any]:
    """Required and key arguments only, strings bounded, records limited to the ones the
    request names (`names`: kind -> names): a small grammar decodes fast, and a small model
    can neither ramble nor invent a record."""
    required = set(schema.get("required", []))
    props = {}
    for name, spec in schema.get("properties", {}).items():
        if name in RECORDS and names.get(name):
            required.add(name)  # a record the request names is an argument the model must fill
        elif name not in required and (name not in KEY_ARGS or name in RECORDS):
            continue
        spec = {k: v for k, v in spec.items() if k not in ("title", "description", "default")}
        if "anyOf" in spec:  # Optional[X]: keep X
            spec = next((s for s in spec["anyOf"] if s.get("type") != "null"), spec)
        if name in RECORDS and names.get(name):
            spec = {"enum": names[name]}
        elif spec.get("type") == "string" and "enum" not in spec:
            spec = {"type": "string", "maxLength": MAX_STRING}
        props[name] = spec
    order = sorted(props, key=lambda n: (n not in RECORDS, "enum" not in props[n]))
    return {
        "type": "object",
        "properties": {n: props[n] for n in order},
        "required": [n for n in order if n in required],
        "additionalProperties": False,
    }


def choice_grammar(tools: Sequence[Any]) -> str:
    """GBNF for the rest of `{"tool":`: the name of one of `tools`."""
    names = " | ".join(json.dumps(json.dumps(t.name)) for t in tools)
    return f'root ::= " " ({names})\n'


def args_grammar(tool: Any, names: dict[str, list[str]]) -> str:
    """GBNF for the JSON arguments of `tool`, after `"args":`."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    schema = compact(tool.tool_call_schema.model_json_schema(), names)
    rules = re.sub(
        r"^root ::=", "call-arguments ::=", json_schema_to_gbnf(json.dumps(schema)), flags=re.M
    )
    return f'{rules}\nroot ::= " " call-arguments\n'


def catalogue() -> list[Any]:
    """Every tool of every role: the prompt lists them all, so it is the same for everyone."""
    from tools.registry import as_langchain, specs_for

    return [as_langchain(spec) for spec in specs_for("admin")]


def fixed_prompt(tools: Sequence[Any]) -> list[dict[str, str]]:
    """System message and worked examples: identical for every request, so cached."""
    lines = "\n".join(f"- {t.name}: {t.description.split('.')[0]}" for t in tools)
    messages = [{"role": "system", "content": f"{SYSTEM}\nTools:\n{lines}"}]
    for request, action in SHOTS:
        messages.append({"role": "user", "content": request})
        messages.append({"role": "assistant", "content": json.dumps(action)})
    return messages
