"""Retrieval evaluation: labelled queries over the small demo, BM25 vs dense vs hybrid.

Each line of `queries.jsonl` is {"q", "as", "cat", "rel"}: the query, who asks (an email or
"anonymous"), a category, and the relevant records by stable keys, never raw ids:
`{"article": slug}`, `{"case": subject, "account": name}`, `{"activity": text fragment,
"account": name}` (account optional) or `{"any": fragment}` (every article, case or activity
whose text holds it). Labels resolve within what the asker may see. Scores are per record:
recall@5 = relevant records in the top 5 / min(relevant, 5); MRR@10; binary nDCG@10.
"""

from __future__ import annotations

import functools
import json
import math
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import func, or_, select

from assistant.crm import scope
from assistant.crm.db import Store
from assistant.crm.models import Account, Activity, Article, Base, Case
from assistant.crm.principal import ANONYMOUS, Principal, principal_for_email
from assistant.demo.seed import seed_demo
from retrieval.embedder import get_embedder
from retrieval.index import Fusion, SearchIndex

QUERIES = Path(__file__).with_name("queries.jsonl")
SEED, AS_OF = 7, date(2026, 11, 25)
GRID = [Fusion(b, d, k) for k in (20, 60) for b, d in ((1, 1), (1.5, 1), (2, 1), (3, 1), (1, 2))]


@dataclass
class Query:
    text: str
    who: str
    cat: str
    rel: list[dict]


def load_queries(path: Path = QUERIES) -> list[Query]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Query(r["q"], r["as"], r["cat"], r["rel"]) for r in rows]


def _like(column, fragment: str):
    return func.lower(column).contains(fragment.lower(), autoescape=True)


def resolve(session, p: Principal, rel: list[dict]) -> set[str]:
    """Record keys ("cases:12") that the labels name, within what `p` may see."""
    keys: set[str] = set()
    for item in rel:
        acc = []
        if "account" in item:
            acc = [Account.name == item["account"]]
        if "article" in item:
            q = select(Article.id).where(scope.articles(p), Article.slug == item["article"])
            keys |= {f"articles:{i}" for i in session.scalars(q)}
        if "case" in item:
            q = select(Case.id).join(Account).where(scope.cases(p), Case.subject == item["case"])
            keys |= {f"cases:{i}" for i in session.scalars(q.where(*acc))}
        frag = item.get("activity") or item.get("any")
        if frag:
            q = select(Activity.id).join(Account, Account.id == Activity.account_id)
            q = q.where(scope.activities(p), _like(Activity.summary, frag), *acc)
            keys |= {f"activities:{i}" for i in session.scalars(q)}
        if "any" in item:
            frag = item["any"]
            q = select(Case.id).where(
                scope.cases(p), or_(_like(Case.subject, frag), _like(Case.description, frag))
            )
            keys |= {f"cases:{i}" for i in session.scalars(q)}
            q = select(Article.id).where(
                scope.articles(p), or_(_like(Article.body, frag), _like(Article.title, frag))
            )
            keys |= {f"articles:{i}" for i in session.scalars(q)}
    return keys


def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """recall@5 (capped at min(|relevant|, 5)), MRR@10 and binary nDCG@10."""
    if not relevant:
        return 0.0, 0.0, 0.0
    recall = len(set(ranked[:5]) & relevant) / min(len(relevant), 5)
    mrr = next((1 / (i + 1) for i, k in enumerate(ranked[:10]) if k in relevant), 0.0)
    dcg = sum(1 / math.log2(i + 2) for i, k in enumerate(ranked[:10]) if k in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return recall, mrr, dcg / ideal


class _CachedQueries:
    """The embedder with query vectors memoised: the fusion grid re-asks the same queries."""

    def __init__(self, inner):
        self._inner = inner
        self.name, self.dim, self.min_similarity = inner.name, inner.dim, inner.min_similarity
        self.embed_query = functools.lru_cache(maxsize=4096)(inner.embed_query)

    def embed_documents(self, texts):
        return self._inner.embed_documents(texts)


def build_demo_index(home: Path, embedder, progress=None) -> tuple[Store, SearchIndex]:
    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(f"sqlite:///{home / 'deskhand.db'}")
    Base.metadata.create_all(store.engine)
    seed_demo(store, seed=SEED, today=AS_OF)
    idx = SearchIndex(store, home=home, embedder=embedder)
    idx.rebuild(progress)
    return store, idx


def evaluate(store: Store, idx: SearchIndex, queries: list[Query], runs, on_query=None):
    """{run name: {category: [recall, mrr, ndcg] means}} for each (name, mode, fusion)."""
    resolved = []
    with store.read() as s:
        for q in queries:
            p = ANONYMOUS if q.who == "anonymous" else principal_for_email(s, q.who)
            rel = resolve(s, p, q.rel)
            if not rel:
                raise ValueError(f"label of {q.text!r} resolves to nothing for {q.who}")
            resolved.append((q, p, rel))
    results: dict[str, dict[str, list[tuple[float, float, float]]]] = {}
    for name, mode, fusion in runs:
        per_cat = results.setdefault(name, {})
        for q, p, rel in resolved:
            hits = idx.search(p, q.text, limit=10, mode=mode, fusion=fusion)
            ranked = [h.chunk.key for h in hits]
            score = metrics(ranked, rel)
            per_cat.setdefault(q.cat, []).append(score)
            per_cat.setdefault("all", []).append(score)
            if on_query:
                on_query()
    return {
        name: {
            cat: [sum(col) / len(col) for col in zip(*rows, strict=True)]
            for cat, rows in cats.items()
        }
        for name, cats in results.items()
    }


def run_eval(*, embedder: str, model_cache: Path, fusion: Fusion, console: Console) -> str:
    """Build the demo index in a temporary folder, evaluate, print, return a Markdown report."""
    queries = load_queries()
    model = _CachedQueries(get_embedder(embedder, cache_dir=model_cache))
    with (
        tempfile.TemporaryDirectory(prefix="deskhand-eval-") as tmp,
        Progress(console=console) as bar,
    ):
        task = bar.add_task("indexing the demo", total=None)
        store, idx = build_demo_index(
            Path(tmp), model, lambda d, t, _c: bar.update(task, completed=d, total=t)
        )
        idx.fusion = fusion
        runs = [("bm25", "bm25", None), ("dense", "dense", None)]
        runs += [(_name(f), "hybrid", f) for f in GRID]
        task = bar.add_task("running queries", total=len(queries) * len(runs))
        table = evaluate(store, idx, queries, runs, lambda: bar.advance(task))
        store.dispose()
    default = idx.fusion
    best = max((n for n in table if n.startswith("hybrid")), key=lambda n: table[n]["all"][2])
    show = ["bm25", "dense", _name(default), best]
    show = list(dict.fromkeys(show))
    _print(console, table, show, len(queries))
    return _report(table, show, queries, embedder, default, best)


def _name(f: Fusion) -> str:
    return f"hybrid bm25:dense={f.bm25:g}:{f.dense:g} k={f.k}"


def _print(console: Console, table, show, n: int) -> None:
    t = Table(title=f"Retrieval on the demo ({n} queries)")
    t.add_column("method")
    for m in ("recall@5", "MRR@10", "nDCG@10"):
        t.add_column(m, justify="right")
    for name in show:
        t.add_row(name, *(f"{v:.3f}" for v in table[name]["all"]))
    console.print(t)


def _report(table, show, queries, embedder, default, best) -> str:
    cats = sorted({q.cat for q in queries})
    lines = [
        "# Retrieval evaluation",
        "",
        f"`deskhand eval retrieval` on the small demo (seed {SEED}, as of {AS_OF}), "
        f"{len(queries)} labelled queries in `evals/retrieval/queries.jsonl`, embedder "
        f"`{embedder}`. Scores are per record (one hit per article, case or activity); "
        "recall@5 is capped at min(relevant, 5).",
        "",
        "| method | recall@5 | MRR@10 | nDCG@10 |",
        "|---|---:|---:|---:|",
    ]
    for name in show:
        r, m, n = table[name]["all"]
        lines.append(f"| {name} | {r:.3f} | {m:.3f} | {n:.3f} |")
    lines += ["", "nDCG@10 by category:", ""]
    lines.append("| method | " + " | ".join(f"{c} ({_count(queries, c)})" for c in cats) + " |")
    lines.append("|---|" + "---:|" * len(cats))
    for name in show:
        lines.append(f"| {name} | " + " | ".join(f"{table[name][c][2]:.3f}" for c in cats) + " |")
    lines += ["", "Every fusion setting tried (nDCG@10 over all queries):", ""]
    lines += ["| fusion | recall@5 | MRR@10 | nDCG@10 |", "|---|---:|---:|---:|"]
    for name in sorted(n for n in table if n.startswith("hybrid")):
        r, m, n = table[name]["all"]
        lines.append(f"| {name} | {r:.3f} | {m:.3f} | {n:.3f} |")
    gap = table[best]["all"][2] - table[_name(default)]["all"][2]
    lines += [
        "",
        f"Default (settings `DESKHAND_FUSION_*`): {_name(default)}; best tried: {best} "
        f"({gap * 100:+.1f} points of nDCG@10 above the default).",
        "",
    ]
    return "\n".join(lines)


def _count(queries, cat: str) -> int:
    return sum(1 for q in queries if q.cat == cat)
