"""Writes on deals: create, update fields, move stage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field
from sqlalchemy.orm import Session

from assistant.crm import refs
from assistant.crm.audit import WriteContext, record, snapshot
from assistant.crm.enums import DEFAULT_PROBABILITY, Stage
from assistant.crm.models import Deal, StageChange, utcnow
from assistant.crm.principal import Principal
from assistant.crm.writes.base import Targets, WriteOp, money, require_deal_write
from assistant.errors import InvalidInput

CURRENCY = r"^[A-Z]{3}$"


class CreateDeal(WriteOp):
    tool = "create_deal"
    account_id: int
    name: str = Field(min_length=2, max_length=200)
    amount: Decimal = Field(ge=0, le=Decimal("1e11"))
    currency: str = Field("USD", pattern=CURRENCY)
    stage: Stage = Stage.PROSPECTING
    close_date: date | None = None

    def load(self, session: Session, p: Principal) -> Targets:
        account = refs.account(session, p, self.account_id)
        require_deal_write(p, account)
        if self.stage.is_closed:
            raise InvalidInput("A new deal cannot start closed; create it open, then move it.")
        return {"account": account}

    def preview(self, t: Targets) -> str:
        when = f", closing {self.close_date.isoformat()}" if self.close_date else ""
        return (
            f"Create deal {self.name!r} for {t['account'].name}: "
            f"{money(self.amount, self.currency)}, stage {self.stage.value}{when}."
        )

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        account = t["account"]
        deal = Deal(
            account_id=account.id,
            name=self.name,
            stage=self.stage,
            amount=self.amount,
            currency=self.currency,
            close_date=self.close_date,
            probability=DEFAULT_PROBABILITY[self.stage],
            owner_id=wc.principal.user_id or account.owner_id,
        )
        session.add(deal)
        session.flush()
        session.add(
            StageChange(
                deal_id=deal.id,
                from_stage=None,
                to_stage=self.stage,
                changed_by_id=wc.principal.user_id,
            )
        )
        record(session, wc, deal, before=None)
        return {"deal_id": deal.id, "summary": f"Created deal {deal.name!r} (id {deal.id})."}


class UpdateDeal(WriteOp):
    tool = "update_deal"
    deal_id: int
    name: str | None = Field(None, min_length=2, max_length=200)
    amount: Decimal | None = Field(None, ge=0, le=Decimal("1e11"))
    currency: str | None = Field(None, pattern=CURRENCY)
    close_date: date | None = None
    probability: int | None = Field(None, ge=0, le=100)

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude={"deal_id"}, exclude_none=True)

    def load(self, session: Session, p: Principal) -> Targets:
        deal = refs.deal(session, p, self.deal_id)
        require_deal_write(p, deal.account)
        if not self.changes():
            raise InvalidInput(
                "Say what to change: name, amount, currency, close_date or probability."
            )
        return {"deal": deal}

    def preview(self, t: Targets) -> str:
        deal = t["deal"]
        parts = [f"{k}: {getattr(deal, k)} → {v}" for k, v in self.changes().items()]
        return f"Update deal {deal.name!r} (id {deal.id}): " + "; ".join(parts) + "."

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        deal = t["deal"]
        before = snapshot(deal)
        for key, value in self.changes().items():
            setattr(deal, key, value)
        record(session, wc, deal, before=before)
        return {"deal_id": deal.id, "summary": f"Updated deal {deal.name!r}."}


class MoveDealStage(WriteOp):
    tool = "move_deal_stage"
    deal_id: int
    stage: Stage

    def load(self, session: Session, p: Principal) -> Targets:
        deal = refs.deal(session, p, self.deal_id)
        require_deal_write(p, deal.account)
        if deal.stage == self.stage:
            raise InvalidInput(f"Deal {deal.name!r} is already in {self.stage.value}.")
        if deal.stage.is_closed and p.role not in ("manager", "admin"):
            raise InvalidInput(
                f"Deal {deal.name!r} is {deal.stage.value}; ask a manager to reopen it."
            )
        return {"deal": deal}

    def preview(self, t: Targets) -> str:
        deal = t["deal"]
        return (
            f"Move deal {deal.name!r} (id {deal.id}, {money(deal.amount, deal.currency)}) "
            f"from {deal.stage.value} to {self.stage.value}."
        )

    def apply(self, session: Session, wc: WriteContext, t: Targets) -> dict[str, Any]:
        deal = t["deal"]
        before = snapshot(deal)
        previous = deal.stage
        deal.stage = self.stage
        deal.probability = DEFAULT_PROBABILITY[self.stage]
        deal.closed_at = utcnow() if self.stage.is_closed else None
        session.add(
            StageChange(
                deal_id=deal.id,
                from_stage=previous,
                to_stage=self.stage,
                changed_by_id=wc.principal.user_id,
            )
        )
        record(session, wc, deal, before=before)
        return {
            "deal_id": deal.id,
            "summary": f"Moved {deal.name!r} from {previous.value} to {self.stage.value}.",
        }
