"""Turn CRM records into chunks: text to index plus the metadata that scopes it.

A chunk id is `{source}:{record id}:v{version}:{n}:{hash}`: the record, its version, the
piece number and a hash of what was indexed (so a renamed account or contact, which changes
the text but not the record's version, still gives new ids). Indexing the same record twice
gives the same ids; that is what makes re-indexing idempotent.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.crm.enums import Visibility
from assistant.crm.knowledge import article_url, sections
from assistant.crm.models import Activity, Article, Case

Kind = Literal["article", "activity", "case", "comment"]
KINDS: tuple[Kind, ...] = ("article", "activity", "case", "comment")
SOURCES = ("articles", "activities", "cases")
MAX_WORDS = 160  # MiniLM reads 256 word pieces; ~160 words fit with the heading
WORD = re.compile(r"\S+")
# Link lists between articles: they match every query about their neighbours and answer none.
NAVIGATION = frozenset({"related", "related articles", "see also"})


@dataclass(frozen=True)
class Chunk:
    id: str
    kind: Kind
    source: str  # the table: articles, activities, cases
    record_id: int
    version: int
    text: str  # what is embedded and searched
    title: str  # article title, case subject, activity type
    account_id: int  # -1 when none (articles)
    case_id: int  # -1 when none
    internal: bool  # hidden from customers and visitors
    date: str  # ISO date of the interaction; "" for articles
    section: str  # article section heading; "" otherwise
    url: str  # /kb/{slug} for articles; "" otherwise

    @property
    def key(self) -> str:
        return f"{self.source}:{self.record_id}"

    def metadata(self) -> dict[str, str | int | bool]:
        meta = asdict(self)
        del meta["id"], meta["text"]
        return meta

    @classmethod
    def from_stored(cls, chunk_id: str, text: str, meta: dict) -> Chunk:
        fields = {k: meta[k] for k in cls.__dataclass_fields__ if k in meta}
        return cls(id=chunk_id, text=text, **fields)


def _pieces(text: str, max_words: int = MAX_WORDS) -> list[str]:
    words = WORD.findall(text)
    if len(words) <= max_words:
        return [text.strip()] if text.strip() else []
    step = max_words - 20  # overlap so a sentence cut in two is whole in one piece
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words) - 20, step)]


def _make(source: str, record_id: int, version: int, n: int, kind: Kind, text: str, **meta):
    digest = hashlib.sha1(f"{text}|{sorted(meta.items())}".encode()).hexdigest()[:10]
    chunk_id = f"{source}:{record_id}:v{version}:{n}:{digest}"
    defaults = {"account_id": -1, "case_id": -1, "date": "", "section": "", "url": ""}
    return Chunk(
        id=chunk_id,
        kind=kind,
        source=source,
        record_id=record_id,
        version=version,
        text=text,
        **(defaults | meta),
    )


def article_chunks(a: Article) -> list[Chunk]:
    """One chunk per section (long sections in pieces), each headed by the title."""
    out: list[Chunk] = []
    tags = f"Tags: {', '.join(a.tags)}\n" if a.tags else ""
    for heading, body in sections(a.body):
        if (heading or "").strip().lower() in NAVIGATION:
            continue
        for piece in _pieces(body):
            head = f"{a.title} — {heading}" if heading else a.title
            out.append(
                _make(
                    "articles",
                    a.id,
                    a.version,
                    len(out),
                    "article",
                    f"{head}\n{tags}{piece}",
                    title=a.title,
                    internal=a.visibility != Visibility.PUBLIC,
                    section=heading or "",
                    url=article_url(a.slug),
                )
            )
    return out


def activity_chunks(x: Activity, case_number: str | None = None) -> list[Chunk]:
    kind: Kind = "comment" if x.case_id is not None else "activity"
    account = x.account.name if x.account else "no account"
    day = x.occurred_at.date().isoformat()
    if kind == "comment":
        head = f"Comment on case {case_number or x.case_id} ({account}) on {day}"
    else:
        who = f" with {x.contact.name}" if x.contact else ""
        head = f"{x.type.value.capitalize()}{who} ({account}) on {day}"
    if x.subject:
        head += f": {x.subject}"
    outcome = f" Outcome: {x.outcome}." if x.outcome else ""
    return [
        _make(
            "activities",
            x.id,
            x.version,
            n,
            kind,
            f"{head}\n{piece}{outcome}",
            title=x.type.value,
            account_id=x.account_id if x.account_id is not None else -1,
            case_id=x.case_id if x.case_id is not None else -1,
            internal=bool(x.internal),
            date=day,
        )
        for n, piece in enumerate(_pieces(x.summary) or [""])
    ]


def case_chunks(c: Case) -> list[Chunk]:
    head = (
        f"Case {c.number}: {c.subject} ({c.account.name}; {c.status.value}, "
        f"{c.priority.value} priority) opened {c.opened_at.date().isoformat()}"
    )
    return [
        _make(
            "cases",
            c.id,
            c.version,
            n,
            "case",
            f"{head}\n{piece}",
            title=c.subject,
            account_id=c.account_id,
            case_id=c.id,
            internal=False,
            date=c.opened_at.date().isoformat(),
        )
        for n, piece in enumerate(_pieces(c.description) or [""])
    ]


def _case_numbers(session: Session, case_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    return dict(session.execute(select(Case.id, Case.number).where(Case.id.in_(ids))).all())


def chunks_of(session: Session, source: str, ids: Iterable[int]) -> dict[int, list[Chunk]]:
    """Chunks of these records as the store holds them now; missing records map to []."""
    ids = sorted(set(ids))
    found: dict[int, list[Chunk]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        if source == "articles":
            for a in session.scalars(select(Article).where(Article.id.in_(part))):
                found[a.id] = article_chunks(a)
        elif source == "activities":
            rows = session.scalars(select(Activity).where(Activity.id.in_(part))).all()
            numbers = _case_numbers(session, (x.case_id for x in rows if x.case_id))
            for x in rows:
                found[x.id] = activity_chunks(x, numbers.get(x.case_id))
        elif source == "cases":
            for c in session.scalars(select(Case).where(Case.id.in_(part))).unique():
                found[c.id] = case_chunks(c)
    return found


def dependents(session: Session, entity_type: str, entity_id: int) -> dict[str, set[int]]:
    """Records whose chunks must be redone when this entity changes."""
    if entity_type in SOURCES:
        out = {entity_type: {entity_id}}
        if entity_type == "cases":  # comments carry the case number
            out["activities"] = set(
                session.scalars(select(Activity.id).where(Activity.case_id == entity_id))
            )
        return out
    column = {"accounts": "account_id", "contacts": "contact_id"}.get(entity_type)
    if column is None:
        return {}
    return {
        "activities": set(
            session.scalars(select(Activity.id).where(getattr(Activity, column) == entity_id))
        ),
        "cases": set(session.scalars(select(Case.id).where(getattr(Case, column) == entity_id))),
    }


def all_record_ids(session: Session) -> dict[str, list[int]]:
    return {
        "articles": list(session.scalars(select(Article.id).order_by(Article.id))),
        "activities": list(session.scalars(select(Activity.id).order_by(Activity.id))),
        "cases": list(session.scalars(select(Case.id).order_by(Case.id))),
    }


def iter_all(session: Session, batch: int = 2000) -> Iterator[tuple[int, list[Chunk]]]:
    """(records done, chunks) for every record in the store, in batches."""
    done = 0
    for source, ids in all_record_ids(session).items():
        for start in range(0, len(ids), batch):
            part = ids[start : start + batch]
            chunks = [c for cs in chunks_of(session, source, part).values() for c in cs]
            session.expunge_all()  # keep memory flat on 100k records
            done += len(part)
            yield done, chunks


def body_of(chunk: Chunk) -> str:
    """The chunk's text without its heading lines (title, tags), for excerpts."""
    lines = chunk.text.split("\n")[1:]
    if lines and lines[0].startswith("Tags: "):
        lines = lines[1:]
    return "\n".join(lines).strip()
