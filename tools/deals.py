"""Write tools on deals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from assistant.crm import refs
from assistant.crm.actions import Proposal
from assistant.crm.writes import CreateDeal, MoveDealStage, UpdateDeal
from assistant.dates import parse_day
from assistant.errors import InvalidInput
from tools.context import ToolContext
from tools.records import StageName


def _amount(value: float | str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise InvalidInput(f"Amount {value!r} is not a number; give digits like 48000.") from exc


def create_deal(
    ctx: ToolContext,
    account: str,
    name: str,
    amount: float,
    currency: str = "USD",
    stage: StageName = "prospecting",
    close_date: str | None = None,
) -> Proposal:
    """Create a new deal (opportunity) on an account. Proposes the write; the user must
    confirm it.

    Args:
        account: The account's name or id.
        name: Deal name, e.g. "Acme EU expansion".
        amount: Deal value, digits only.
        currency: ISO currency code.
        stage: Starting pipeline stage (open stages only).
        close_date: Expected close date, e.g. 2027-03-31 or "end of Q1".
    """
    with ctx.store.read() as s:
        account_id = refs.account(s, ctx.principal, account).id
    close = parse_day(close_date, today=ctx.now().date()) if close_date else None
    return ctx.propose(
        CreateDeal(
            account_id=account_id,
            name=name,
            amount=_amount(amount),
            currency=currency.upper(),
            stage=stage,
            close_date=close,
        )
    )


def update_deal(
    ctx: ToolContext,
    deal: str,
    name: str | None = None,
    amount: float | None = None,
    currency: str | None = None,
    close_date: str | None = None,
    probability: int | None = None,
) -> Proposal:
    """Change a deal's name, amount, currency, close date or win probability (not its stage:
    use move_deal_stage). Proposes the write; the user must confirm it.

    Args:
        deal: The deal's name or id.
        name: New name.
        amount: New value, digits only.
        currency: New ISO currency code.
        close_date: New expected close date.
        probability: New win probability in percent (0-100).
    """
    with ctx.store.read() as s:
        deal_id = refs.deal(s, ctx.principal, deal).id
    close = parse_day(close_date, today=ctx.now().date()) if close_date else None
    return ctx.propose(
        UpdateDeal(
            deal_id=deal_id,
            name=name,
            amount=_amount(amount),
            currency=currency.upper() if currency else None,
            close_date=close,
            probability=probability,
        )
    )


def move_deal_stage(ctx: ToolContext, deal: str, stage: StageName) -> Proposal:
    """Move a deal to another pipeline stage (also to closed_won or closed_lost). Proposes the
    write; the user must confirm it.

    Args:
        deal: The deal's name or id.
        stage: The new stage.
    """
    with ctx.store.read() as s:
        deal_id = refs.deal(s, ctx.principal, deal).id
    return ctx.propose(MoveDealStage(deal_id=deal_id, stage=stage))
