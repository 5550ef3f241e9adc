"""`deskhand index`, `deskhand kb import` and `deskhand eval retrieval`."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from assistant.cli.runtime import errors_as_messages, fail, open_store, out, settings
from assistant.crm.enums import Visibility

kb_app = typer.Typer(help="Manage the knowledge base.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the assistant on labelled sets.", no_args_is_help=True)


@contextmanager
def progress_bar(label: str):
    """A rich progress bar over records, showing chunks so far; yields an update callback."""
    with Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[chunks]:>8,} chunks"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=out,
    ) as bar:
        task = bar.add_task(label, total=None, chunks=0)

        def update(done: int, total: int, chunks: int) -> None:
            bar.update(task, completed=done, total=total, chunks=chunks)

        yield update


def _open_index(cfg, store):
    from retrieval.index import SearchIndex

    return SearchIndex.from_settings(cfg, store)


def index(
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help=(
                "Build the index again from the store (vectors already in Chroma are "
                "reused unless they came from other model weights)."
            ),
        ),
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Report drift between the store and the index.")
    ] = False,
) -> None:
    """Build the search index, bring it up to date, or check it against the store.

    Without options: builds the index the first time, then applies changes since the last run.
    The index is derived data: deleting it loses nothing (`--rebuild` makes it again).
    """
    cfg = settings()
    store = open_store(cfg)
    idx = _open_index(cfg, store)
    with errors_as_messages():
        if check:
            _check(idx)
            return
        if rebuild or not idx.is_built():
            with progress_bar("indexing records") as update:
                n = idx.rebuild(update)
            counts = ", ".join(f"{v:,} {k}" for k, v in idx.stats().items())
            out.print(f"Indexed {n:,} chunks ({counts}) with {cfg.embedder}.")
            return
        stats = idx.sync()
    out.print(
        f"Index up to date: {stats.events} changes applied ({stats.added} chunks added, "
        f"{stats.removed} removed, {stats.embedded} embedded)."
    )


def _check(idx) -> None:
    if not idx.is_built():
        fail("The search index has not been built; run `deskhand index`.")
    with progress_bar("checking records") as update:
        drift = idx.check(update)
    out.print(
        f"store implies {drift.expected:,} chunks; the index holds {drift.indexed:,}; "
        f"{drift.pending_events:,} changes waiting in the outbox."
    )
    if drift.clean:
        out.print("[green]No drift: the index matches the store.[/green]")
        return
    for label, keys in (("missing or outdated", drift.missing), ("stale", drift.stale)):
        if keys:
            shown = ", ".join(keys[:10]) + (" …" if len(keys) > 10 else "")
            out.print(f"[yellow]{len(keys):,} records {label}[/yellow]: {escape(shown)}")
    out.print("Run `deskhand index` to apply pending changes, or `deskhand index --rebuild`.")
    raise typer.Exit(1)


@kb_app.command("import")
def kb_import(
    path: Annotated[Path, typer.Argument(help="A folder (searched recursively) or one file.")],
    visibility: Annotated[
        Visibility,
        typer.Option(help="Visibility of articles that do not say (default: internal)."),
    ] = Visibility.INTERNAL,
) -> None:
    """Import articles from Markdown (front matter), HTML or JSON files; upsert by slug."""
    from assistant.crm.kb_import import import_articles, read_path

    cfg = settings()
    store = open_store(cfg)
    with errors_as_messages():
        sources = read_path(path, default=visibility)
        result = import_articles(store, sources)
    out.print(
        f"Imported {len(sources)} articles: {len(result.created)} new, "
        f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
    )
    idx = _open_index(cfg, store)
    with errors_as_messages():
        if idx.is_built():
            stats = idx.sync()
            out.print(f"Search index updated ({stats.added} chunks added).")
        else:
            out.print("Run `deskhand index` to make them searchable.")


@eval_app.command("retrieval")
def eval_retrieval(
    write: Annotated[Path | None, typer.Option(help="Write the report here (Markdown).")] = Path(
        "docs/retrieval-eval.md"
    ),
    embedder: Annotated[
        str | None, typer.Option(help="minilm or e5-small (default: DESKHAND_EMBEDDER).")
    ] = None,
) -> None:
    """Recall@5, MRR@10 and nDCG@10 of BM25, dense and hybrid on the labelled demo queries.

    Builds its own demo company (seed 7, as of 2026-11-25) and index in a temporary folder;
    your data is not touched.
    """
    from evals.retrieval.run import run_eval
    from retrieval.index import Fusion

    cfg = settings()
    fusion = Fusion(cfg.fusion_bm25_weight, cfg.fusion_dense_weight, cfg.fusion_rrf_k)
    with errors_as_messages():
        report = run_eval(
            embedder=embedder or cfg.embedder,
            model_cache=cfg.model_cache or cfg.home / "models",
            fusion=fusion,
            console=out,
        )
    if write:
        write.parent.mkdir(parents=True, exist_ok=True)
        write.write_text(report, encoding="utf-8")
        out.print(f"Report written to {write}")


def register(app: typer.Typer) -> None:
    app.command()(index)
    app.add_typer(kb_app, name="kb")
    app.add_typer(eval_app, name="eval")
