"""Which chunk rows a principal may see: a mask before ranking, a SQL check after it.

The mask mirrors `assistant.crm.scope` over the chunk columns, with the account and case sets
taken from the store by the same clauses, so a change of owner or team counts at once. Every
hit that survives ranking is then checked again against the store with `scope`'s own SQL
(and its current version): even a stale index row can never reach a caller who may not see
the record now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.crm import scope
from assistant.crm.models import Account, Activity, Article, Case
from assistant.crm.principal import Principal
from retrieval.table import KIND_CODE, ChunkTable

ARTICLE, ACTIVITY, CASE, COMMENT = (
    KIND_CODE[k] for k in ("article", "activity", "case", "comment")
)


def _member(values: np.ndarray, ids: Iterable[int]) -> np.ndarray:
    """values[i] in ids, for small non-negative ids (-1 never matches)."""
    ids = np.fromiter(ids, dtype=np.int64)
    if ids.size == 0:
        return np.zeros(values.shape, dtype=bool)
    top = max(int(ids.max()), int(values.max(initial=0))) + 2
    lut = np.zeros(top, dtype=bool)
    lut[ids + 1] = True
    return lut[values + 1]


def visible_mask(session: Session, p: Principal, t: ChunkTable) -> np.ndarray:
    """True for each live row `p` may see."""
    n = t.n
    alive, kind = t.alive[:n], t.kind[:n]
    account, case, internal = t.account[:n], t.case[:n], t.internal[:n]
    if p.role == "admin":
        return alive.copy()
    articles = kind == ARTICLE
    if not p.is_staff:
        articles &= ~internal
    if p.role == "anonymous":
        return alive & articles
    if p.role == "customer":
        own_cases = session.scalars(select(Case.id).where(scope.cases(p))).all()
        in_own = _member(case, own_cases)
        mine = ((kind == CASE) | ((kind == COMMENT) & ~internal)) & in_own
        return alive & (articles | mine)
    if p.role == "support":
        return alive & (articles | (kind == CASE) | (kind == COMMENT))
    # rep and manager: their book of accounts, plus (manager) cases the team owns
    book = session.scalars(select(Account.id).where(scope.accounts(p))).all()
    in_book = _member(account, book)
    records = in_book & ((kind == ACTIVITY) | (kind == COMMENT) | (kind == CASE))
    if p.role == "manager":
        owners = set(p.team_user_ids) | ({p.user_id} if p.user_id else set())
        team_cases = session.scalars(select(Case.id).where(Case.owner_id.in_(owners))).all()
        records |= (kind == CASE) & _member(case, team_cases)
    return alive & (articles | records)


@dataclass(frozen=True)
class Current:
    """What the store says now about a record a hit came from."""

    version: int
    label: dict


def allowed_now(
    session: Session, p: Principal, keys: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], Current]:
    """The records among `keys` that `p` may see now, with their version and labels."""
    by_source: dict[str, set[int]] = {}
    for source, rid in keys:
        by_source.setdefault(source, set()).add(rid)
    out: dict[tuple[str, int], Current] = {}
    if ids := by_source.get("articles"):
        q = select(Article.id, Article.version, Article.slug, Article.title, Article.visibility)
        for rid, version, slug, title, vis in session.execute(
            q.where(scope.articles(p), Article.id.in_(ids))
        ):
            out["articles", rid] = Current(
                version, {"slug": slug, "title": title, "visibility": vis.value}
            )
    if ids := by_source.get("activities"):
        q = (
            select(Activity.id, Activity.version, Activity.type, Activity.occurred_at)
            .add_columns(Account.id, Account.name, Activity.case_id, Case.number)
            .join(Account, Account.id == Activity.account_id, isouter=True)
            .join(Case, Case.id == Activity.case_id, isouter=True)
        )
        for rid, version, typ, at, acc_id, acc, case_id, number in session.execute(
            q.where(scope.activities(p), Activity.id.in_(ids))
        ):
            out["activities", rid] = Current(
                version,
                {
                    "type": typ.value,
                    "date": at.date().isoformat(),
                    "account": acc,
                    "account_id": acc_id,
                    "case_id": case_id,
                    "number": number,
                },
            )
    if ids := by_source.get("cases"):
        q = select(Case.id, Case.version, Case.number, Case.subject, Case.status, Case.opened_at)
        q = q.add_columns(Account.id, Account.name).join(Account, Account.id == Case.account_id)
        for rid, version, number, subject, status, opened, acc_id, acc in session.execute(
            q.where(scope.cases(p), Case.id.in_(ids))
        ):
            out["cases", rid] = Current(
                version,
                {
                    "number": number,
                    "subject": subject,
                    "status": status.value,
                    "date": opened.date().isoformat(),
                    "account": acc,
                    "account_id": acc_id,
                },
            )
    return out
