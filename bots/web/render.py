"""Knowledge articles as safe HTML: Markdown without raw HTML, images or script links."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup


def markdown() -> MarkdownIt:
    """CommonMark plus tables; raw HTML is escaped, images are off, links are http(s)/relative.

    markdown-it's own `validateLink` already refuses javascript:, vbscript:, file: and data:.
    """
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").disable("image")
    md.add_render_rule("link_open", _link_open)
    return md


def _link_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith(("http://", "https://")):
        token.attrSet("rel", "nofollow noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def to_html(md: MarkdownIt, text: str) -> Markup:
    return Markup(md.render(text))  # html=False: the renderer escapes all input
