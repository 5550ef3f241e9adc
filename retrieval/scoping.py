"""Which chunk rows a principal may see: a mask over the table before ranking.

The mask mirrors `assistant.crm.scope` over the chunk columns, with the account and case sets
taken from the store by the same clauses (and cached per principal, see `retrieval.visible`).
It only narrows the work: every hit that survives ranking is checked again against the store
with `scope`'s own SQL and its current version (`retrieval.recheck`), so neither a stale
index row nor a stale cached mask can bring a caller a record they may not see now.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.crm import scope
from assistant.crm.models import Account, Case
from assistant.crm.principal import Principal
from retrieval.table import KIND_CODE, ChunkTable

ARTICLE, ACTIVITY, CASE, COMMENT = (
    KIND_CODE[k] for k in ("article", "activity", "case", "comment")
)


Sets = dict[str, np.ndarray]  # "book", "cases", "team_cases" -> lookup table by id + 1


def _lut(ids: Iterable[int]) -> np.ndarray:
    ids = np.fromiter(ids, dtype=np.int64)
    lut = np.zeros(int(ids.max(initial=-1)) + 2, dtype=bool)
    lut[ids + 1] = True
    return lut


def _member(values: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """values[i] in the set (ids >= -1; -1 and ids beyond the table never match)."""
    inside = values + 1 < len(lut)
    out = np.zeros(values.shape, dtype=bool)
    out[inside] = lut[values[inside] + 1]
    return out


def scope_sets(session: Session, p: Principal) -> Sets:
    """The account and case ids behind `p`'s scope, from the store's own clauses."""
    if p.role == "customer":
        return {"cases": _lut(session.scalars(select(Case.id).where(scope.cases(p))))}
    if p.role not in ("rep", "manager"):
        return {}
    sets = {"book": _lut(session.scalars(select(Account.id).where(scope.accounts(p))))}
    if p.role == "manager":
        owners = set(p.team_user_ids) | ({p.user_id} if p.user_id else set())
        team = session.scalars(select(Case.id).where(Case.owner_id.in_(owners)))
        sets["team_cases"] = _lut(team)
    return sets


def mask_of(p: Principal, sets: Sets, t: ChunkTable, lo: int = 0, hi: int | None = None):
    """True for each live row in lo..hi that `p` may see, given `scope_sets(p)`."""
    sl = slice(lo, t.n if hi is None else hi)
    alive, kind = t.alive[sl], t.kind[sl]
    account, case, internal = t.account[sl], t.case[sl], t.internal[sl]
    if p.role == "admin":
        return alive.copy()
    articles = kind == ARTICLE
    if not p.is_staff:
        articles &= ~internal
    if p.role == "anonymous":
        return alive & articles
    if p.role == "customer":
        mine = ((kind == CASE) | ((kind == COMMENT) & ~internal)) & _member(case, sets["cases"])
        return alive & (articles | mine)
    if p.role == "support":
        return alive & (articles | (kind == CASE) | (kind == COMMENT))
    if p.role not in ("rep", "manager"):
        return np.zeros(alive.shape, dtype=bool)
    # rep and manager: their book of accounts, plus (manager) cases the team owns
    in_book = _member(account, sets["book"])
    records = in_book & ((kind == ACTIVITY) | (kind == COMMENT) | (kind == CASE))
    if p.role == "manager":
        records |= (kind == CASE) & _member(case, sets["team_cases"])
    return alive & (articles | records)


def visible_mask(session: Session, p: Principal, t: ChunkTable) -> np.ndarray:
    """True for each live row `p` may see."""
    return mask_of(p, scope_sets(session, p), t)
