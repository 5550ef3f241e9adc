"""Scoped search over knowledge articles, returning the best-matching section of each."""

from __future__ import annotations

import re

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.crm import scope
from assistant.crm.models import Article
from assistant.crm.principal import Principal
from retrieval.lexical import bm25_scores

HOW_TO = re.compile(r"^\s*(?:how|where|can i|what are the steps)\b", re.IGNORECASE)
STEPS = re.compile(r"^\s*\d+\.\s", re.MULTILINE)
LINK_SECTIONS = frozenset({"related", "related articles", "see also"})
HEADING = re.compile(r"^## +(.+)$", re.MULTILINE)


class ArticleHit(BaseModel):
    title: str
    slug: str
    url: str
    visibility: str
    section: str | None
    excerpt: str
    score: float


def sections(body: str) -> list[tuple[str | None, str]]:
    """Split Markdown into (heading, text) parts; the text before the first heading has none."""
    parts: list[tuple[str | None, str]] = []
    matches = list(HEADING.finditer(body))
    head = body[: matches[0].start()] if matches else body
    if head.strip():
        parts.append((None, head.strip()))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        parts.append((match.group(1).strip(), body[match.end() : end].strip()))
    return parts


def article_url(slug: str) -> str:
    return f"/kb/{slug}"


def search_articles(
    session: Session, p: Principal, query: str, *, limit: int = 3
) -> list[ArticleHit]:
    articles = session.scalars(select(Article).where(scope.articles(p))).all()
    passages: list[tuple[Article, str | None, str]] = []
    for a in articles:
        for heading, text in sections(a.body):
            if heading and heading.lower() in LINK_SECTIONS:
                continue  # lists of other articles' titles match everything and answer nothing
            passages.append((a, heading, text))
    docs = [f"{a.title} {a.title} {' '.join(a.tags)} {h or ''} {t}" for a, h, t in passages]
    scores = bm25_scores(query, docs)
    if HOW_TO.match(query):  # a how-to question is best answered by the steps
        scores = [
            sc * 1.5 if STEPS.search(t) else sc
            for sc, (_, _, t) in zip(scores, passages, strict=True)
        ]
    best: dict[int, ArticleHit] = {}
    for (a, heading, text), score in zip(passages, scores, strict=True):
        if score <= 0 or (a.id in best and best[a.id].score >= score):
            continue
        best[a.id] = ArticleHit(
            title=a.title,
            slug=a.slug,
            url=article_url(a.slug),
            visibility=a.visibility.value,
            section=heading,
            excerpt=text[:1200],
            score=round(score, 3),
        )
    return sorted(best.values(), key=lambda h: -h.score)[:limit]
