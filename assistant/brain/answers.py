"""Plain answers from tool results: the figures and sources, stated, never invented."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Render = Callable[[Any, dict[str, Any]], str]
MAX_ITEMS = 8


def _money(amounts: dict[str, Any]) -> str:
    if not amounts:
        return "0"
    return ", ".join(f"{float(v):,.0f} {cur}" for cur, v in sorted(amounts.items()))


def _day(value: str | None) -> str:
    return value[:10] if value else "no date"


def _more(items: list, shown: int) -> str:
    return f"\n…and {len(items) - shown} more." if len(items) > shown else ""


def accounts(result: list[dict], args: dict) -> str:
    lines = [
        f"- {a['name']} ({a['lifecycle']}, {a['segment']}, {a['region'] or 'no region'}; "
        f"owner {a['owner']})"
        for a in result[:MAX_ITEMS]
    ]
    return f"{len(result)} account(s):\n" + "\n".join(lines) + _more(result, MAX_ITEMS)


def contacts(result: list[dict], args: dict) -> str:
    lines = [
        f"- {c['name']} — {c['title'] or 'no title'} at {c['account']}; "
        f"{c['email'] or 'no email'}{', ' + c['phone'] if c['phone'] else ''}"
        for c in result[:MAX_ITEMS]
    ]
    return "\n".join(lines) + _more(result, MAX_ITEMS)


def _deal_line(d: dict) -> str:
    return (
        f"- {d['name']} ({d['account']}): {d['stage'].replace('_', ' ')}, "
        f"{float(d['amount']):,.0f} {d['currency']}, close {_day(d['close_date'])}, "
        f"{d['probability']}% — owner {d['owner']}"
    )


def deals(result: list[dict], args: dict) -> str:
    lines = [_deal_line(d) for d in result[:MAX_ITEMS]]
    return f"{len(result)} deal(s):\n" + "\n".join(lines) + _more(result, MAX_ITEMS)


def _case_line(c: dict) -> str:
    esc = f", escalated {c['escalations']}x" if c["escalations"] else ""
    return (
        f"- {c['number']} {c['subject']!r} ({c['account']}): {c['status']}, "
        f"{c['priority']} priority, opened {_day(c['opened_at'])}{esc}"
    )


def cases(result: list[dict], args: dict) -> str:
    lines = [_case_line(c) for c in result[:MAX_ITEMS]]
    return f"{len(result)} case(s):\n" + "\n".join(lines) + _more(result, MAX_ITEMS)


def overview(result: dict, args: dict) -> str:
    a = result["account"]
    parts = [
        f"{a['name']} — {a['lifecycle']}, {a['segment']}, {a['industry'] or ''} "
        f"({a['region'] or 'no region'}); owner {a['owner']}."
    ]
    people = ", ".join(f"{c['name']} ({c['title'] or 'contact'})" for c in result["contacts"][:6])
    parts.append(f"Contacts: {people or 'none'}.")
    if result["deals"]:
        parts.append("Open deals:\n" + "\n".join(_deal_line(d) for d in result["deals"]))
    else:
        parts.append("No open deals.")
    if result["cases"]:
        parts.append("Open cases:\n" + "\n".join(_case_line(c) for c in result["cases"]))
    else:
        parts.append("No open cases.")
    if result["tasks"]:
        parts.append(
            "Open tasks:\n"
            + "\n".join(
                f"- {t['title']} (due {_day(t['due_date'])}, {t['owner']})" for t in result["tasks"]
            )
        )
    acts = result["activities"]
    if acts:
        parts.append(
            "Latest interactions:\n"
            + "\n".join(
                f"- {_day(x['occurred_at'])} {x['type']}"
                f"{' with ' + x['contact'] if x['contact'] else ''}: {x['summary']}"
                for x in acts
            )
        )
    else:
        parts.append("No interactions in that period.")
    return "\n\n".join(parts)


def knowledge(result: list[dict], args: dict) -> str:
    if not result:
        return (
            "I couldn't find anything about that in the knowledge base. Try other words, "
            "or ask for a person to help."
        )
    top = result[0]
    body = top.get("excerpt") or top.get("text") or ""
    steps = [line for line in body.splitlines() if re.match(r"^\s*(\d+\.|-)\s", line)]
    quoted = "\n".join(steps[:8]) if steps else _first_sentences(body, 3)
    where = f" ({top['section']})" if top.get("section") else ""
    answer = f"From “{top['title']}”{where}:\n\n{quoted}\n\nSource: {top['title']} — {top['url']}"
    others = [f"{h['title']} — {h['url']}" for h in result[1:3]]
    if others:
        answer += "\nSee also: " + "; ".join(others)
    return answer


def _first_sentences(text: str, n: int) -> str:
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return " ".join(re.split(r"(?<=[.!?])\s+", flat)[:n])


def pipeline(result: dict, args: dict) -> str:
    lines = [
        f"Open pipeline: {result['open_deals']} deals, {_money(result['open_amount'])} "
        f"(weighted forecast {_money(result['weighted_forecast'])})."
    ]
    stages = [s for s in result["stages"] if s["deals"]]
    lines += [
        f"- {s['stage'].replace('_', ' ')}: {s['deals']} deal(s), {_money(s['amount'])}"
        for s in stages
    ]
    lines.append(
        f"Closing this quarter: {_money(result['closing_this_quarter'])}. "
        f"Won this quarter: {_money(result['won_this_quarter'])}."
    )
    if result["overdue_open_deals"]:
        lines.append(f"{result['overdue_open_deals']} open deal(s) are past their close date.")
    return "\n".join(lines)


def support(result: dict, args: dict) -> str:
    def fig(value: Any, unit: str) -> str:
        return f"{value} {unit}" if value is not None else "n/a"

    owners = ", ".join(f"{k} {v}" for k, v in list(result["closed_per_owner"].items())[:5])
    prio = ", ".join(f"{k} {v}" for k, v in result["open_by_priority"].items())
    return "\n".join(
        [
            f"Support, last {result['window_days']} days:",
            f"- Open cases: {result['open_cases']} ({prio or 'none'}); "
            f"{result['escalated_open_cases']} of them escalated.",
            f"- Average open-case age: {fig(result['avg_open_case_age_days'], 'days')}.",
            f"- Opened: {result['opened_in_window']}, resolved: {result['resolved_in_window']}.",
            f"- Median first response: {fig(result['median_first_response_hours'], 'hours')}; "
            f"median time to resolve: {fig(result['median_time_to_resolve_hours'], 'hours')}.",
            f"- Resolved per owner: {owners or 'none'}.",
            f"- Average satisfaction: {fig(result['avg_satisfaction'], '/ 5')}.",
        ]
    )


RENDER: dict[str, Render] = {
    "find_accounts": accounts,
    "find_contacts": contacts,
    "find_deals": deals,
    "find_cases": cases,
    "account_overview": overview,
    "search_knowledge": knowledge,
    "pipeline_summary": pipeline,
    "support_metrics": support,
}


EMPTY_KIND = {
    "find_accounts": "accounts",
    "find_contacts": "contacts",
    "find_deals": "deals",
    "find_cases": "cases",
    "search_interactions": "calls, emails or notes",
}


def render(name: str, args: dict[str, Any], outcome: dict[str, Any] | None, text: str) -> str:
    """One tool's result as a sentence or a short list."""
    if outcome is None or not outcome.get("ok"):
        error = (outcome or {}).get("error") or text.removeprefix("Error: ")
        return f"I couldn't do that: {error}"
    result = outcome.get("result")
    if isinstance(result, dict) and result.get("status") == "pending":
        return f"Ready when you confirm: {result['preview']}"
    if result == [] and name != "search_knowledge":
        what = EMPTY_KIND.get(name, "records")
        said = f" matching \u201c{args['query']}\u201d" if args.get("query") else " matching that"
        return f"I found no {what}{said} among the {what} you can see."
    renderer = RENDER.get(name)
    return renderer(result, args) if renderer else str(result)


__all__ = ["render"]
