"""Read knowledge articles from Markdown files with a small front-matter block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.crm.enums import Visibility
from assistant.errors import InvalidInput

FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


@dataclass(frozen=True)
class ArticleSource:
    slug: str
    title: str
    body: str
    visibility: Visibility
    tags: list[str] = field(default_factory=list)


def parse_markdown(text: str, *, slug: str) -> ArticleSource:
    match = FRONT.match(text)
    if not match:
        raise InvalidInput(f"{slug}: missing the '---' front-matter block.")
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    if "title" not in meta:
        raise InvalidInput(f"{slug}: front matter has no title.")
    try:
        visibility = Visibility(meta.get("visibility", "internal"))
    except ValueError as exc:
        raise InvalidInput(f"{slug}: visibility must be public or internal.") from exc
    tags = [t.strip() for t in meta.get("tags", "").strip("[]").split(",") if t.strip()]
    return ArticleSource(
        slug=slug,
        title=meta["title"],
        body=text[match.end() :].strip(),
        visibility=visibility,
        tags=tags,
    )


def load_folder(folder: Path) -> list[ArticleSource]:
    return [
        parse_markdown(p.read_text(encoding="utf-8"), slug=p.stem)
        for p in sorted(folder.glob("*.md"))
    ]
