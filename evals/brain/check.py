"""Compare the tool calls a brain made with the expected ones, and check the end state."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from assistant.crm import refs
from assistant.crm.db import Store
from assistant.crm.models import AuditEntry
from assistant.crm.principal import Principal
from assistant.crm.writes import OPS
from assistant.dates import parse_day
from assistant.errors import DeskhandError
from tools.registry import BY_NAME as TOOLS

ADMIN = Principal(role="admin", email="eval@deskhand", name="eval")
RECORD_ARGS = {
    "account": refs.account,
    "contact": refs.contact,
    "deal": refs.deal,
    "case": refs.case,
}
DATE_ARGS = {"due", "close_date", "when"}


@dataclass
class Verdict:
    tool_ok: bool
    args_ok: bool
    problems: list[str] = field(default_factory=list)


def _record_id(store: Store, arg: str, value: Any) -> int | None:
    try:
        with store.read() as s:
            return RECORD_ARGS[arg](s, ADMIN, str(value)).id
    except DeskhandError:
        return None


def default(tool: str, arg: str) -> Any:
    """The value a tool uses when the argument is left out (None when it has none)."""
    spec = TOOLS.get(tool)
    param = inspect.signature(spec.fn).parameters.get(arg) if spec else None
    if param is None or param.default is inspect.Parameter.empty:
        return None
    return param.default


def _same(store: Store, arg: str, expected: Any, actual: Any, today: date) -> bool:
    if actual is None:
        return False
    if arg in RECORD_ARGS:
        want = _record_id(store, arg, expected)
        return want is not None and want == _record_id(store, arg, actual)
    if arg in DATE_ARGS:
        try:
            got = parse_day(
                str(actual)[:10], today=today, prefer="past" if arg == "when" else "future"
            )
        except DeskhandError:
            return False
        return got.isoformat() == str(expected)
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return abs(float(actual) - float(expected)) < 0.01
        except (TypeError, ValueError):
            return False
    return str(actual).lower() == str(expected).lower()


def compare(
    store: Store, expect: list[dict[str, Any]], calls: list[dict[str, Any]], today: date
) -> Verdict:
    """Expected calls match actual ones by tool name (any order) and listed arguments."""
    names = sorted(c["name"] for c in calls)
    tool_ok = names == sorted(e["tool"] for e in expect)
    problems = [] if tool_ok else [f"tools {names} != {sorted(e['tool'] for e in expect)}"]
    args_ok = tool_ok
    unused = list(calls)
    for e in expect:
        candidates = [c for c in unused if c["name"] == e["tool"]]
        best = None
        for c in candidates:
            bad = [
                k
                for k, v in e.get("args", {}).items()
                if not _same(store, k, v, c["args"].get(k, default(e["tool"], k)), today)
            ]
            bad += [
                k
                for k, v in e.get("contains", {}).items()
                if str(v).lower() not in str(c["args"].get(k, "")).lower()
            ]
            if best is None or len(bad) < len(best[1]):
                best = (c, bad)
        if best is None:
            args_ok = False
            continue
        unused.remove(best[0])
        if best[1]:
            args_ok = False
            problems.append(
                f"{e['tool']}: {', '.join(best[1])} "
                f"(got { ({k: best[0]['args'].get(k) for k in best[1]}) })"
            )
    return Verdict(tool_ok=tool_ok, args_ok=args_ok, problems=problems)


def end_state_ok(store: Store, expect: list[dict[str, Any]], action_ids: list[str]) -> bool:
    """Every expected write ran once and touched the expected record with the expected values."""
    writes = [e for e in expect if e["tool"] in WRITE_TOOLS]
    with store.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action_id.in_(action_ids))).all()
    for e in writes:
        rows = [a for a in audit if a.tool == e["tool"]]
        if not rows:
            return False
        for column in ("stage", "priority", "status", "type"):
            if column in e.get("args", {}) and not any(
                (a.after or {}).get(column) == e["args"][column] for a in rows
            ):
                return False
    return len({a.action_id for a in audit}) >= len(writes)


WRITE_TOOLS = frozenset(OPS)
