"""Turn the names a model gives for related records into ids, within the caller's scope."""

from __future__ import annotations

from assistant.crm import refs
from tools.context import ToolContext


def resolve_links(
    ctx: ToolContext,
    *,
    account: str | None = None,
    contact: str | None = None,
    deal: str | None = None,
    case: str | None = None,
) -> dict[str, int | None]:
    with ctx.store.read() as s:
        p = ctx.principal
        return {
            "account_id": refs.account(s, p, account).id if account else None,
            "contact_id": refs.contact(s, p, contact).id if contact else None,
            "deal_id": refs.deal(s, p, deal).id if deal else None,
            "case_id": refs.case(s, p, case).id if case else None,
        }
