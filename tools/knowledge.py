"""Knowledge base search."""

from __future__ import annotations

import logging

from assistant.crm.knowledge import ArticleHit, article_url, search_articles
from retrieval.chunking import body_of
from retrieval.vectors import IndexUnavailable
from tools.context import Citation, ToolContext

log = logging.getLogger(__name__)


def search_knowledge(ctx: ToolContext, query: str, limit: int = 3) -> list[ArticleHit]:
    """Search the knowledge base for how-to and troubleshooting answers.

    Answer only from the excerpts returned and cite the article title and url. If nothing
    relevant comes back, say you could not find it; do not guess.

    Args:
        query: The question or keywords, e.g. "reset password" or "E-4012".
        limit: Most articles to return (1-5).
    """
    limit = max(1, min(limit, 5))
    if _index_ready(ctx):
        hits = _hybrid(ctx, query, limit)
    else:  # no index (not built, or its server is down): BM25 over the store still answers
        with ctx.store.read() as s:
            hits = search_articles(s, ctx.principal, query, limit=limit)
    for hit in hits:
        ctx.cite(Citation(title=hit.title, url=hit.url))
    return hits


def _index_ready(ctx: ToolContext) -> bool:
    if ctx.search is None:
        return False
    try:
        return ctx.search.is_built()
    except IndexUnavailable:
        log.warning("search index unavailable; knowledge search falls back to the store")
        return False


def _hybrid(ctx: ToolContext, query: str, limit: int) -> list[ArticleHit]:
    found = ctx.search.search(ctx.principal, query, kinds=("article",), limit=limit)
    return [
        ArticleHit(
            title=h.record["title"],
            slug=h.record["slug"],
            url=article_url(h.record["slug"]),
            visibility=h.record["visibility"],
            section=h.chunk.section or None,
            excerpt=body_of(h.chunk)[:1200],
            score=round(h.score, 4),
        )
        for h in found
    ]
