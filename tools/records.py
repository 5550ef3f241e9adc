"""Read tools: find records and the account overview."""

from __future__ import annotations

from typing import Literal

from assistant.crm import queries
from assistant.crm.enums import CaseStatus, Priority, Stage
from assistant.crm.views import AccountOverview, AccountView, CaseView, ContactView, DealView
from assistant.dates import parse_moment
from tools import interactions
from tools.context import ToolContext

StageName = Literal[
    "prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"
]
CaseStatusName = Literal["new", "open", "pending", "resolved", "closed"]
PriorityName = Literal["low", "normal", "high", "urgent"]


def find_accounts(
    ctx: ToolContext,
    query: str = "",
    lifecycle: Literal["lead", "customer", "churned"] | None = None,
    limit: int = 10,
) -> list[AccountView]:
    """Find customer accounts by name.

    Use to look up a company before acting on it. Returns only accounts you may see.

    Args:
        query: Part of the account name, e.g. "acme". Empty lists all.
        lifecycle: Only accounts in this lifecycle.
        limit: Most results to return (1-50).
    """
    with ctx.store.read() as s:
        return queries.find_accounts(
            s, ctx.principal, query=query, lifecycle=lifecycle, limit=max(1, min(limit, 50))
        )


def find_contacts(
    ctx: ToolContext, query: str = "", account: str | None = None, limit: int = 10
) -> list[ContactView]:
    """Find people at customer accounts by name or email.

    Args:
        query: Part of the person's name or email, e.g. "dana".
        account: Only contacts of this account (name or id).
        limit: Most results to return (1-50).
    """
    with ctx.store.read() as s:
        return queries.find_contacts(
            s, ctx.principal, query=query, account=account, limit=max(1, min(limit, 50))
        )


def find_deals(
    ctx: ToolContext,
    query: str = "",
    account: str | None = None,
    stage: StageName | None = None,
    open_only: bool = False,
    limit: int = 10,
) -> list[DealView]:
    """Find deals (opportunities) by name, account or pipeline stage.

    Args:
        query: Part of the deal name, e.g. "renewal".
        account: Only deals of this account (name or id).
        stage: Only deals in this stage.
        open_only: Leave out closed won and closed lost deals.
        limit: Most results to return (1-50).
    """
    with ctx.store.read() as s:
        return queries.find_deals(
            s,
            ctx.principal,
            query=query,
            account=account,
            stage=Stage(stage) if stage else None,
            open_only=open_only,
            limit=max(1, min(limit, 50)),
        )


def find_cases(
    ctx: ToolContext,
    query: str = "",
    account: str | None = None,
    status: CaseStatusName | None = None,
    priority: PriorityName | None = None,
    open_only: bool = False,
    limit: int = 10,
) -> list[CaseView]:
    """Find support cases by words in the subject or description, number, account or status.

    Args:
        query: Words from the subject or description, or a case number like CS-10042.
        account: Only cases of this account (name or id).
        status: Only cases with this status.
        priority: Only cases with this priority.
        open_only: Only new, open and pending cases.
        limit: Most results to return (1-50).
    """
    with ctx.store.read() as s:
        return queries.find_cases(
            s,
            ctx.principal,
            query=query,
            account=account,
            status=CaseStatus(status) if status else None,
            priority=Priority(priority) if priority else None,
            open_only=open_only,
            limit=max(1, min(limit, 50)),
        )


def account_overview(
    ctx: ToolContext, account: str, since: str | None = None, topic: str | None = None
) -> AccountOverview:
    """The full picture of one account: contacts, open deals, open cases, open tasks and the
    latest interactions in chronological order.

    Use for "what's going on with X" or "what happened with X last month".

    Args:
        account: The account's name or id.
        since: Only interactions since this day, e.g. "30 days ago", "2026-10-01"; default the
            latest ten.
        topic: Also list this account's past interactions most relevant to a topic, e.g.
            "pricing" or "SSO outage" (cite them by type, date and account).
    """
    start = parse_moment(since, now=ctx.now()) if since else None
    with ctx.store.read() as s:
        overview = queries.account_overview(
            s, ctx.principal, account, since=start, activity_limit=25 if start else 10
        )
    if topic and ctx.search is not None and ctx.search.is_built():
        return interactions.with_history(ctx, overview, topic)
    return overview
