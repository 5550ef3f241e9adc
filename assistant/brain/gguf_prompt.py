"""What a GGUF model sees: a fixed prompt (instructions, tool catalogue, worked examples),
and per request the values it names and grammars that admit only well-formed arguments."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from assistant.brain.lexicon import (
    ACTIVITY_TYPES,
    CASE_STATUSES,
    PRIORITIES,
    STAGES,
    lookup,
    normalize,
)
from assistant.brain.slots import find_amount, find_dates, find_percent

MAX_STRING = 48  # characters per string argument
MAX_REQUEST = 400  # characters of the request the model sees
SYSTEM = (
    "You turn a CRM user's request into one JSON action: the tool to call and its "
    "arguments. Copy names, case numbers, dates and amounts from the request; never invent "
    "them."
)
RECORDS = ("account", "contact", "deal", "case")
SHOTS: tuple[tuple[str, dict[str, Any]], ...] = (  # records first, as the grammar has it
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
            "args": {"account": "Vandelay", "due": "next Tuesday", "title": "send the contract"},
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
            "args": {"account": "Vandelay", "amount": 40000, "name": "Vandelay EU rollout"},
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
FREE_TEXT = {"query", "summary", "title", "text", "reason", "resolution", "subject"}


DEADLINE = re.compile(r"\b(?:by|due|until|till|before)\s*$")
CLOSED_SETS = {
    "stage": STAGES,
    "priority": PRIORITIES,
    "status": CASE_STATUSES,
    "type": ACTIVITY_TYPES,
}


def values(request: str, today: date) -> dict[str, list[Any]]:
    """Closed-set values, dates, amounts and percentages the request names, by argument,
    read by the built-in engine's extractors."""
    found: dict[str, list[Any]] = {}
    for arg, table in CLOSED_SETS.items():
        if value := lookup(request, table):
            found[arg] = [value]
    norm = normalize(request)  # find_dates' positions are in this text
    ahead = find_dates(request, today)
    if due := [d for d in ahead if DEADLINE.search(norm[: d.start])] or ahead:
        found["due"] = found["close_date"] = [due[0].value.isoformat()]
    past = find_dates(request, today, past=True)
    if before := [d for d in past if not DEADLINE.search(norm[: d.start])]:
        found["when"] = [before[0].value.isoformat()]  # "by Friday" is a deadline, not when
    if money := find_amount(request):
        found["amount"] = [int(money[0]) if money[0] == int(money[0]) else float(money[0])]
        if money[1]:
            found["currency"] = [money[1]]
    if (percent := find_percent(request)) is not None:
        found["probability"] = [percent]
    return found


def compact(schema: dict[str, Any], hints: dict[str, list[Any]]) -> dict[str, Any]:
    """The arguments the model may write: what the request names (`hints`: argument ->
    values, e.g. records, stages, dates, amounts) as the only choice and required; other
    required arguments; optional free text, bounded. Optional arguments the request does
    not name are left out, so a small model cannot invent a record, a date or a stage."""
    required = set(schema.get("required", []))
    props = {}
    for name, spec in schema.get("properties", {}).items():
        spec = {k: v for k, v in spec.items() if k not in ("title", "description", "default")}
        if "anyOf" in spec:  # Optional[X]: keep X
            spec = next((s for s in spec["anyOf"] if s.get("type") != "null"), spec)
        named = [v for v in hints.get(name, []) if v in spec.get("enum", [v])]
        if named:
            spec = {"enum": named}
            required.add(name)
        elif name not in required and name not in FREE_TEXT:
            continue
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


VALUES = r"""
char ::= [^"\\\x00-\x1f]
integer ::= "-"? [0-9]{1,9}
number ::= "-"? [0-9]{1,12} ("." [0-9]{1,4})?
boolean ::= "true" | "false"
"""


def _value(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return "(" + " | ".join(json.dumps(json.dumps(v)) for v in spec["enum"]) + ")"
    kind = spec.get("type")
    if kind in ("integer", "number", "boolean"):
        return kind
    return f'"\\"" {rest_of_string(spec)}'


def rest_of_string(spec: dict[str, Any]) -> str:
    """GBNF for a bounded JSON string after its opening quote."""
    return f'char{{0,{spec.get("maxLength", MAX_STRING)}}} "\\""'


def args_grammar(schema: dict[str, Any], *, after: bool, lead: str = "") -> str:
    """GBNF for the rest of a JSON object once `{` (and, when `after`, some properties) is
    written: `lead` (a GBNF fragment), the required properties in order, any of the
    optional ones in order, `}`."""
    props = schema["properties"]
    required = [n for n in props if n in schema["required"]]
    optional = [n for n in props if n not in schema["required"]]

    def pair(name: str) -> str:
        return f"{json.dumps(json.dumps(name) + ': ')} {_value(props[name])}"

    body = []
    for name in required:
        body.append(('", " ' if after else "") + pair(name))
        after = True
    rules = [VALUES]
    # opt-I-more: optional properties from I on, something written before; opt-I-first: not.
    for i, name in enumerate(optional):
        rules.append(f'opt-{i}-more ::= ", " {pair(name)} opt-{i + 1}-more | opt-{i + 1}-more')
        rules.append(f"opt-{i}-first ::= {pair(name)} opt-{i + 1}-more | opt-{i + 1}-first")
    n = len(optional)
    rules += [f'opt-{n}-more ::= ""', f'opt-{n}-first ::= ""']
    tail = "opt-0-more" if after else "opt-0-first"
    rules.append(f'root ::= {lead} {" ".join(body)} {tail} "}}"')
    return "\n".join(rules) + "\n"


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
