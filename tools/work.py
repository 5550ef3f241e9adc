"""Write tools for the day's work: log an activity, create a task."""

from __future__ import annotations

from typing import Literal

from assistant.crm.actions import Proposal
from assistant.crm.writes import CreateTask, LogActivity
from assistant.dates import parse_day, parse_moment
from tools.context import ToolContext
from tools.links import resolve_links


def log_activity(
    ctx: ToolContext,
    type: Literal["call", "email", "meeting", "chat", "note"],
    summary: str,
    account: str | None = None,
    contact: str | None = None,
    deal: str | None = None,
    case: str | None = None,
    when: str | None = None,
    outcome: str | None = None,
) -> Proposal:
    """Log a call, email, meeting, chat or note with a customer. Proposes the write; the user
    must confirm it.

    Name at least the contact or the account; the account is taken from the contact, deal or
    case when not given.

    Args:
        type: What kind of interaction it was.
        summary: What was said or agreed, in the user's words.
        account: The account's name or id.
        contact: The person's name, email or id.
        deal: The related deal's name or id.
        case: The related case number (CS-...) or id.
        when: When it happened, e.g. "yesterday" or an ISO timestamp; default now.
        outcome: Short result, e.g. "asked for revised quote".
    """
    links = resolve_links(ctx, account=account, contact=contact, deal=deal, case=case)
    op = LogActivity(
        type=type,
        summary=summary,
        outcome=outcome,
        occurred_at=parse_moment(when, now=ctx.now()),
        **links,
    )
    return ctx.propose(op)


def create_task(
    ctx: ToolContext,
    title: str,
    due: str | None = None,
    account: str | None = None,
    contact: str | None = None,
    deal: str | None = None,
    case: str | None = None,
) -> Proposal:
    """Create a follow-up task for yourself. Proposes the write; the user must confirm it.

    Args:
        title: What to do, e.g. "Send revised quote to Dana".
        due: Due date, e.g. "Friday", "next Tuesday" or 2026-12-01.
        account: The account's name or id.
        contact: The person's name, email or id.
        deal: The related deal's name or id.
        case: The related case number (CS-...) or id.
    """
    links = resolve_links(ctx, account=account, contact=contact, deal=deal, case=case)
    due_date = parse_day(due, today=ctx.now().date()) if due else None
    return ctx.propose(CreateTask(title=title, due_date=due_date, **links))
