"""`deskhand show account` and `deskhand audit`: look at the store directly."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select

from assistant.cli.runtime import errors_as_messages, open_store, out, principal, settings
from assistant.crm import queries
from assistant.crm.models import AuditEntry
from assistant.crm.principal import Principal
from assistant.errors import InvalidInput

show_app = typer.Typer(help="Show one record with everything under it.", no_args_is_help=True)
OPERATOR = Principal(role="admin", email="operator@cli", name="CLI operator")
RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")


@show_app.command("account")
def show_account(
    name_or_id: Annotated[str, typer.Argument(help="Account name (or part of it) or id.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_: Annotated[
        str | None,
        typer.Option("--as", help="See it as this user would; default: everything (operator)."),
    ] = None,
    activities: Annotated[int, typer.Option(help="How many recent activities.")] = 10,
) -> None:
    """Contacts, open deals, open cases, open tasks and recent activities of an account."""
    store = open_store(settings())
    p = principal(store, as_) if as_ else OPERATOR
    with errors_as_messages(), store.read() as s:
        view = queries.account_overview(s, p, name_or_id, activity_limit=activities)
    data = view.model_dump(mode="json")
    if json_out:
        print(
            json.dumps(
                {**data["account"], **{k: v for k, v in data.items() if k != "account"}}, indent=2
            )
        )
        return
    a = view.account
    out.print(
        f"[bold]{escape(a.name)}[/bold] (id {a.id}) — {a.lifecycle}, {a.segment}, "
        f"{a.industry or '-'}, {a.region or '-'}; owner {a.owner}"
    )
    sections = (
        ("Contacts", ("id", "name", "email", "title"), view.contacts),
        ("Open deals", ("id", "name", "stage", "amount", "currency", "close_date"), view.deals),
        ("Open cases", ("number", "subject", "status", "priority", "escalations"), view.cases),
        ("Open tasks", ("id", "title", "due_date", "owner"), view.tasks),
        ("Recent activity", ("occurred_at", "type", "by", "contact", "summary"), view.activities),
    )
    for title, columns, rows in sections:
        table = Table(*columns, title=title, title_justify="left")
        for row in rows:
            table.add_row(*(escape(_cell(getattr(row, c))) for c in columns))
        out.print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def parse_since(text: str, *, now: datetime) -> datetime:
    """'30m', '2h', '7d', '1w' ago, or an ISO date/time."""
    if m := RELATIVE.match(text.strip()):
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[m.group(2)]
        return now - timedelta(**{unit: int(m.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(f"Cannot read --since {text!r}; use e.g. 2h, 7d or 2026-11-01.") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def audit(
    since: Annotated[
        str | None, typer.Option(help="Only entries after this: 2h, 7d or a date.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Most entries to show.")] = 50,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every write made through deskhand: when, who, for whom, channel, tool, what changed."""
    store = open_store(settings())
    with errors_as_messages():
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(limit, 1))
        if since:
            query = query.where(AuditEntry.at >= parse_since(since, now=datetime.now(UTC)))
        with store.read() as s:
            rows = [
                {
                    "id": e.id,
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "on_behalf_of": e.on_behalf_of,
                    "role": e.role,
                    "channel": e.channel.value,
                    "tool": e.tool,
                    "entity": e.entity_type,
                    "entity_id": e.entity_id,
                    "action_id": e.action_id,
                    "before": e.before,
                    "after": e.after,
                }
                for e in s.scalars(query)
            ]
    rows.reverse()
    if json_out:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        out.print("No writes recorded in that window.")
        return
    table = Table("at", "who", "channel", "tool", "entity", "change")
    for r in rows:
        change = (
            ", ".join(
                f"{k}: {(r['before'] or {}).get(k)} → {v}" for k, v in (r["after"] or {}).items()
            )
            if r["before"]
            else "created"
        )
        table.add_row(
            r["at"][:19],
            r["on_behalf_of"],
            r["channel"],
            r["tool"],
            f"{r['entity']} {r['entity_id']}",
            escape(change[:120]),
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(show_app, name="show")
    app.command()(audit)
