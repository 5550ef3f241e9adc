"""Search over interaction history: call notes, emails, meetings, chats, cases, comments."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from assistant.crm import refs
from assistant.crm.views import AccountOverview
from assistant.errors import DeskhandError
from retrieval.chunking import body_of
from retrieval.index import Hit
from tools.context import Citation, ToolContext

KINDS = {
    "any": ("activity", "comment", "case"),
    "activities": ("activity",),
    "cases": ("case", "comment"),
}


class InteractionHit(BaseModel):
    """One interaction that matches, with what the answer should cite."""

    kind: Literal["activity", "comment", "case"]
    type: str  # call, email, meeting, chat, note, or case
    date: str
    account: str | None
    case: str | None  # case number, for cases and their comments
    title: str
    excerpt: str
    activity_id: int | None = None
    case_id: int | None = None
    score: float


class AccountOverviewWithHistory(AccountOverview):
    """The 360 view plus the interactions that best match a topic."""

    relevant_history: list[InteractionHit]


class SearchNotReady(DeskhandError):
    """Interaction search needs the index."""


def to_hit(h: Hit) -> InteractionHit:
    c, r = h.chunk, h.record
    if c.kind == "case":
        return InteractionHit(
            kind="case",
            type="case",
            date=r["date"],
            account=r["account"],
            case=r["number"],
            title=f"Case {r['number']}: {r['subject']} ({r['status']})",
            excerpt=body_of(c)[:800],
            case_id=c.record_id,
            score=round(h.score, 4),
        )
    return InteractionHit(
        kind=c.kind,
        type=r["type"],
        date=r["date"],
        account=r["account"],
        case=r["number"],
        title=c.text.split("\n", 1)[0],
        excerpt=body_of(c)[:800],
        activity_id=c.record_id,
        case_id=r["case_id"],
        score=round(h.score, 4),
    )


def cite(ctx: ToolContext, hit: InteractionHit) -> None:
    what = f"Case {hit.case}" if hit.kind == "case" else hit.type.capitalize()
    if hit.kind == "comment":
        what = f"Comment on case {hit.case}"
    ctx.cite(
        Citation(
            title=" · ".join(x for x in (what, hit.date, hit.account) if x),
            kind=hit.kind,
            type=hit.type,
            date=hit.date,
            account=hit.account,
        )
    )


def find_interactions(
    ctx: ToolContext, query: str, *, account_id: int | None, kinds, limit: int
) -> list[InteractionHit]:
    index = ctx.search
    if index is None or not index.is_built():
        raise SearchNotReady(
            "Searching interaction history is not available: the search index has not been "
            "built. Tell the user an administrator can run `deskhand index`."
        )
    hits = index.search(ctx.principal, query, kinds=kinds, account_id=account_id, limit=limit)
    return [to_hit(h) for h in hits]


def search_interactions(
    ctx: ToolContext,
    query: str,
    account: str | None = None,
    kind: Literal["any", "activities", "cases"] = "any",
    limit: int = 5,
) -> list[InteractionHit]:
    """Search what was said and written: call notes, emails, meetings, chats, notes, support
    cases and case comments, by meaning and by exact words (names, error codes, invoices).

    Use for "what did Globex say about pricing?", "has anyone seen E-4012 after the upgrade?"
    or "what happened with my SSO case?". Answer only from the excerpts returned and cite each
    one you use by its type, date and account. If nothing comes back, say you found nothing;
    do not guess.

    Args:
        query: What to look for, e.g. "pricing pushback" or "E-4012".
        account: Only this account's history (name or id).
        kind: activities (calls, emails, meetings, chats, notes), cases (cases and their
            comments), or any.
        limit: Most results to return (1-10).
    """
    account_id = None
    if account:
        with ctx.store.read() as s:
            account_id = refs.account(s, ctx.principal, account).id
    found = find_interactions(
        ctx, query, account_id=account_id, kinds=KINDS[kind], limit=max(1, min(limit, 10))
    )
    for hit in found:
        cite(ctx, hit)
    return found


def with_history(ctx: ToolContext, overview: AccountOverview, topic: str) -> AccountOverview:
    """The overview plus the account's interactions most relevant to `topic` (cited)."""
    found = find_interactions(
        ctx, topic, account_id=overview.account.id, kinds=KINDS["any"], limit=5
    )
    for hit in found:
        cite(ctx, hit)
    return AccountOverviewWithHistory(**dict(overview), relevant_history=found)
