"""The shape of a write: validated arguments that load, preview and apply themselves."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from assistant.crm.audit import WriteContext
from assistant.crm.models import Account, Base, Case
from assistant.crm.principal import Principal
from assistant.errors import NotAllowed

Targets = dict[str, Base]


class WriteOp(BaseModel):
    """Arguments of one write, with ids already resolved within the caller's scope.

    `load` re-reads the targets under the caller's scope and checks permission; it runs
    both when the write is proposed and again when it is confirmed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    tool: ClassVar[str]

    def load(self, session: Session, p: Principal) -> Targets:
        raise NotImplementedError

    def preview(self, targets: Targets) -> str:
        raise NotImplementedError

    def apply(self, session: Session, wc: WriteContext, targets: Targets) -> dict[str, Any]:
        raise NotImplementedError

    @staticmethod
    def versions(targets: Targets) -> dict[str, int]:
        return {
            f"{obj.__tablename__}:{obj.id}": obj.version
            for obj in targets.values()
            if obj is not None and hasattr(obj, "version")
        }


def owns_account(p: Principal, account: Account) -> bool:
    return p.role == "admin" or (p.role == "rep" and account.owner_id == p.user_id)


def require_account_write(p: Principal, account: Account) -> None:
    if not owns_account(p, account):
        raise NotAllowed(f"You cannot change records of {account.name}; its owner can.")


def require_deal_write(p: Principal, account: Account) -> None:
    if owns_account(p, account):
        return
    if p.role == "manager" and account.owner_id in p.team_user_ids | {p.user_id}:
        return
    raise NotAllowed(f"You cannot change deals of {account.name}; its owner or their manager can.")


def require_case_write(p: Principal, case: Case, *, customer_ok: bool = False) -> None:
    if p.role in ("admin", "support") or owns_account(p, case.account):
        return
    if customer_ok and p.role == "customer" and case.account_id == p.account_id:
        return
    raise NotAllowed(f"You cannot change case {case.number}; support can.")


def money(amount, currency: str) -> str:
    return f"{amount:,.2f} {currency}".replace(".00 ", " ")
