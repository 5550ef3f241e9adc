"""What a principal may see, as SQL clauses added to every query.

Outside scope means "not found": services filter with these clauses and never
check visibility after loading a row.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select, true

from assistant.crm.enums import Visibility
from assistant.crm.models import Account, Activity, Article, Case, Contact, Deal, Task
from assistant.crm.principal import Principal


def _owner_ids(p: Principal) -> frozenset[int]:
    """Users whose accounts the principal sees as their book (rep: self; manager: team)."""
    if p.role == "rep" and p.user_id is not None:
        return frozenset({p.user_id})
    if p.role == "manager":
        return p.team_user_ids | ({p.user_id} if p.user_id else set())
    return frozenset()


def book_account_ids(p: Principal):
    """Subquery of account ids in the principal's book (rep and manager)."""
    return select(Account.id).where(Account.owner_id.in_(_owner_ids(p)))


def accounts(p: Principal) -> ColumnElement[bool]:
    if p.role in ("admin", "support"):
        return true()
    if p.role in ("rep", "manager"):
        return Account.owner_id.in_(_owner_ids(p))
    if p.role == "customer":
        return Account.id == p.account_id
    return false()


def contacts(p: Principal) -> ColumnElement[bool]:
    if p.role in ("admin", "support"):
        return true()
    if p.role in ("rep", "manager"):
        return Contact.account_id.in_(book_account_ids(p))
    if p.role == "customer":
        return Contact.id == p.contact_id
    return false()


def deals(p: Principal) -> ColumnElement[bool]:
    if p.role == "admin":
        return true()
    if p.role in ("rep", "manager"):
        return Deal.account_id.in_(book_account_ids(p))
    return false()


def cases(p: Principal) -> ColumnElement[bool]:
    if p.role in ("admin", "support"):
        return true()
    if p.role == "rep":
        return Case.account_id.in_(book_account_ids(p))
    if p.role == "manager":
        return or_(Case.account_id.in_(book_account_ids(p)), Case.owner_id.in_(_owner_ids(p)))
    if p.role == "customer":
        return Case.account_id == p.account_id
    return false()


def activities(p: Principal) -> ColumnElement[bool]:
    if p.role == "admin":
        return true()
    if p.role in ("rep", "manager"):
        return Activity.account_id.in_(book_account_ids(p))
    if p.role == "support":
        return Activity.case_id.is_not(None)
    if p.role == "customer":
        own_cases = select(Case.id).where(Case.account_id == p.account_id)
        return Activity.case_id.in_(own_cases) & Activity.internal.is_(False)
    return false()


def tasks(p: Principal) -> ColumnElement[bool]:
    if p.role == "admin":
        return true()
    if p.role in ("rep", "manager"):
        return or_(Task.owner_id.in_(_owner_ids(p)), Task.account_id.in_(book_account_ids(p)))
    if p.role == "support":
        return Task.owner_id == p.user_id
    return false()


def articles(p: Principal) -> ColumnElement[bool]:
    if p.is_staff:
        return true()
    return Article.visibility == Visibility.PUBLIC
