"""Import knowledge articles from Markdown, HTML or JSON files (an existing help center).

Markdown files carry a front-matter block like the demo's (`title`, `visibility`, `tags`);
HTML files give their title in <title> or the first <h1>, and may carry
<meta name="visibility"> and <meta name="keywords">; JSON files hold one article object or a
list of them (`title`, `body` or `html`, optional `slug`, `visibility`, `tags`). Articles are
upserted by slug; each change is audited and goes through the outbox to the search index.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import select

from assistant.crm.articles import FRONT, ArticleSource, parse_markdown
from assistant.crm.audit import WriteContext, record, snapshot
from assistant.crm.db import Store
from assistant.crm.enums import Channel, Visibility
from assistant.crm.models import Article
from assistant.crm.principal import Principal
from assistant.errors import InvalidInput

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
SUFFIXES[".json"] = "json"
IMPORTER = Principal(role="admin", name="knowledge import")


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug:
        raise InvalidInput(f"Cannot make a slug from {text!r}; give the article a `slug`.")
    return slug[:200]


def _visibility(value: str | None, default: Visibility, where: str) -> Visibility:
    if value is None or value == "":
        return default
    try:
        return Visibility(str(value).strip().lower())
    except ValueError as exc:
        raise InvalidInput(f"{where}: visibility must be public or internal.") from exc


class _HtmlToMarkdown(HTMLParser):
    """Just enough HTML to Markdown for help-center pages: headings, paragraphs, lists."""

    BLOCK = frozenset({"p", "div", "br", "tr", "section", "article", "ul", "ol", "table", "pre"})
    SKIP = frozenset({"script", "style", "nav", "header", "footer"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self._stack: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta[a["name"].lower()] = a.get("content") or ""
        if tag in self.SKIP:
            self._skip += 1
        self._stack.append(tag)
        if tag in ("h2", "h3", "h4"):
            self.out.append("\n\n## ")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self.BLOCK:
            self.out.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        while self._stack and self._stack.pop() != tag:
            pass
        if tag in ("h2", "h3", "h4"):
            self.out.append("\n\n")

    def handle_data(self, data):
        where = self._stack[-1] if self._stack else ""
        if where == "title":
            self.title += data.strip()
        elif where == "h1" and not self._skip:
            self.h1 += data.strip()
        elif not self._skip and "head" not in self._stack:
            self.out.append(re.sub(r"\s+", " ", data))

    def markdown(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_html(text: str, *, slug: str, default: Visibility) -> ArticleSource:
    page = _HtmlToMarkdown()
    page.feed(text)
    title = page.h1 or page.title
    if not title:
        raise InvalidInput(f"{slug}: no <title> or <h1> to take the article title from.")
    tags = [t.strip() for t in page.meta.get("keywords", "").split(",") if t.strip()]
    return ArticleSource(
        slug=slug,
        title=title,
        body=page.markdown(),
        visibility=_visibility(page.meta.get("visibility"), default, slug),
        tags=tags,
    )


def parse_json(text: str, *, name: str, default: Visibility) -> list[ArticleSource]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    items = data if isinstance(data, list) else [data]
    out = []
    for i, item in enumerate(items):
        where = f"{name}[{i}]"
        if not isinstance(item, dict) or not item.get("title"):
            raise InvalidInput(f"{where}: each article needs at least a `title` and a `body`.")
        slug = item.get("slug") or slugify(item["title"])
        if item.get("html") and not item.get("body"):
            body = parse_html(f"<h1>{item['title']}</h1>{item['html']}", slug=slug, default=default)
            body_text = body.body
        else:
            body_text = str(item.get("body") or "").strip()
        if not body_text:
            raise InvalidInput(f"{where}: the article {item['title']!r} has no `body`.")
        tags = item.get("tags") or []
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",") if t.strip()]
        out.append(
            ArticleSource(
                slug=slugify(slug),
                title=str(item["title"]).strip(),
                body=body_text,
                visibility=_visibility(item.get("visibility"), default, where),
                tags=[str(t) for t in tags],
            )
        )
    return out


def read_path(path: Path, *, default: Visibility) -> list[ArticleSource]:
    """Every article in a file or (recursively) a folder, in a stable order."""
    if not path.exists():
        raise InvalidInput(f"{path} does not exist.")
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    files = [f for f in files if f.suffix.lower() in SUFFIXES]
    if not files:
        raise InvalidInput(f"No .md, .html or .json files in {path}.")
    out: list[ArticleSource] = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        kind = SUFFIXES[f.suffix.lower()]
        if kind == "markdown":
            if FRONT.match(text):
                src = parse_markdown(text, slug=slugify(f.stem))
                if "visibility:" not in FRONT.match(text).group(1):
                    src = ArticleSource(src.slug, src.title, src.body, default, src.tags)
                out.append(src)
            else:
                title = re.search(r"^# +(.+)$", text, re.MULTILINE)
                body = re.sub(r"^# +.+$", "", text, count=1, flags=re.MULTILINE).strip()
                out.append(
                    ArticleSource(
                        slugify(f.stem), title.group(1) if title else f.stem, body, default
                    )
                )
        elif kind == "html":
            out.append(parse_html(text, slug=slugify(f.stem), default=default))
        else:
            out.extend(parse_json(text, name=f.name, default=default))
    slugs = [a.slug for a in out]
    if dupes := sorted({s for s in slugs if slugs.count(s) > 1}):
        raise InvalidInput(f"Two articles share the slug {dupes[0]!r}; give them distinct slugs.")
    return out


@dataclass
class ImportResult:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


def import_articles(store: Store, sources: list[ArticleSource]) -> ImportResult:
    """Create or update articles by slug in one transaction, with audit and outbox rows."""
    result = ImportResult([], [], [])
    wc = WriteContext(principal=IMPORTER, channel=Channel.CLI, tool="kb_import", actor="cli")
    with store.write() as s:
        existing = {a.slug: a for a in s.scalars(select(Article))}
        for src in sources:
            a = existing.get(src.slug)
            values = {
                "title": src.title,
                "body": src.body,
                "visibility": src.visibility,
                "tags": list(src.tags),
            }
            if a is None:
                a = Article(slug=src.slug, **values)
                s.add(a)
                record(s, wc, a, before=None)
                result.created.append(src.slug)
            elif any(getattr(a, k) != v for k, v in values.items()):
                before = snapshot(a)
                for k, v in values.items():
                    setattr(a, k, v)
                record(s, wc, a, before=before)
                result.updated.append(src.slug)
            else:
                result.unchanged.append(src.slug)
    return result
