"""Knowledge base search."""

from __future__ import annotations

from assistant.crm.knowledge import ArticleHit, search_articles
from tools.context import Citation, ToolContext


def search_knowledge(ctx: ToolContext, query: str, limit: int = 3) -> list[ArticleHit]:
    """Search the knowledge base for how-to and troubleshooting answers.

    Answer only from the excerpts returned and cite the article title and url. If nothing
    relevant comes back, say you could not find it; do not guess.

    Args:
        query: The question or keywords, e.g. "reset password" or "E-4012".
        limit: Most articles to return (1-5).
    """
    with ctx.store.read() as s:
        hits = search_articles(s, ctx.principal, query, limit=max(1, min(limit, 5)))
    for hit in hits:
        ctx.cite(Citation(title=hit.title, url=hit.url))
    return hits
