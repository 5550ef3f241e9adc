"""The last word on every hit: is its record in the caller's scope now, at that version?

Ranking runs over in-memory rows that may be stale; before a hit is returned its record is
read again with `assistant.crm.scope`'s own SQL clauses, and dropped unless the caller may see
it now and it has not changed since it was indexed. The statements are built once per
principal with the ids as an expanding parameter, so SQLAlchemy neither rebuilds nor re-keys
them on every search (about 1 ms a statement on this machine).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from assistant.crm import scope
from assistant.crm.models import Account, Activity, Article, Case
from assistant.crm.principal import Principal

IDS = bindparam("ids", expanding=True)


@dataclass(frozen=True)
class Current:
    """What the store says now about a record a hit came from."""

    version: int
    label: dict


def statements(p: Principal) -> dict[str, Select]:
    """One SELECT per source: the records among `:ids` that `p` may see, with labels."""
    articles = select(
        Article.id, Article.version, Article.slug, Article.title, Article.visibility
    ).where(scope.articles(p), Article.id.in_(IDS))
    activities = (
        select(Activity.id, Activity.version, Activity.type, Activity.occurred_at)
        .add_columns(Account.id, Account.name, Activity.case_id, Case.number)
        .join(Account, Account.id == Activity.account_id, isouter=True)
        .join(Case, Case.id == Activity.case_id, isouter=True)
        .where(scope.activities(p), Activity.id.in_(IDS))
    )
    cases = (
        select(Case.id, Case.version, Case.number, Case.subject, Case.status, Case.opened_at)
        .add_columns(Account.id, Account.name)
        .join(Account, Account.id == Case.account_id)
        .where(scope.cases(p), Case.id.in_(IDS))
    )
    return {"articles": articles, "activities": activities, "cases": cases}


def _article(row) -> dict:
    _id, _v, slug, title, vis = row
    return {"slug": slug, "title": title, "visibility": vis.value}


def _activity(row) -> dict:
    _id, _v, typ, at, acc_id, acc, case_id, number = row
    return {
        "type": typ.value,
        "date": at.date().isoformat(),
        "account": acc,
        "account_id": acc_id,
        "case_id": case_id,
        "number": number,
    }


def _case(row) -> dict:
    _id, _v, number, subject, status, opened, acc_id, acc = row
    return {
        "number": number,
        "subject": subject,
        "status": status.value,
        "date": opened.date().isoformat(),
        "account": acc,
        "account_id": acc_id,
    }


LABELS = {"articles": _article, "activities": _activity, "cases": _case}


def allowed_now(
    session: Session,
    p: Principal,
    keys: Iterable[tuple[str, int]],
    prepared: dict[str, Select] | None = None,
) -> dict[tuple[str, int], Current]:
    """The records among `keys` that `p` may see now, with their version and labels.

    `prepared` must be `statements(p)` for this very principal (or None to build them)."""
    prepared = prepared or statements(p)
    by_source: dict[str, set[int]] = {}
    for source, rid in keys:
        by_source.setdefault(source, set()).add(rid)
    out: dict[tuple[str, int], Current] = {}
    for source, ids in by_source.items():
        for row in session.execute(prepared[source], {"ids": sorted(ids)}):
            out[source, row[0]] = Current(row[1], LABELS[source](row))
    return out
