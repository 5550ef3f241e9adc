"""`deskhand init`, `users` and `doctor`."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import func, select

from assistant import providers
from assistant.cli.runtime import errors_as_messages, open_store, out, settings
from assistant.crm import migrate
from assistant.crm.models import Account, User
from assistant.demo.seed import seed_demo


class DemoSize(StrEnum):
    SMALL = "small"
    LARGE = "large"


def init(
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the Northwind Cloud demo company.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Random seed of the demo data.")] = 7,
    size: Annotated[
        DemoSize,
        typer.Option(
            help="small: ~36 accounts; large: 1,000 accounts, 100k activities (benchmarks)."
        ),
    ] = DemoSize.SMALL,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Anchor the demo dates to this day (YYYY-MM-DD); default today."
        ),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Drop every table first. Deletes all data in the store!")
    ] = False,
) -> None:
    """Create or upgrade the database; with --demo, load the demo company."""
    cfg = settings()
    store = open_store(cfg, must_exist=False)
    with errors_as_messages():
        if reset:
            migrate.downgrade(store, "base")
        migrate.upgrade(store)
        out.print(f"Database ready: {store.engine.url.render_as_string(hide_password=True)}")
        if not demo:
            return
        today = date.fromisoformat(as_of) if as_of else None
        with store.read() as s:
            if s.scalar(select(func.count()).select_from(Account)):
                out.print("The store already holds data; keeping it (use --reset to start over).")
                return
        with Progress(
            TextColumn("{task.description:<28}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=out,
            transient=False,
        ) as bar:
            task = bar.add_task("demo company", total=None)

            def progress(label: str, done: int, total: int) -> None:
                bar.update(task, description=label, completed=done, total=total)

            counts = seed_demo(store, seed=seed, size=size.value, today=today, progress=progress)
            bar.update(task, description="demo company loaded")
    out.print("Loaded Northwind Cloud: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    out.print("Next: `deskhand index` builds the search index (knowledge and history).")
    out.print("Try: deskhand chat --as priya@northwind.example")


def users(json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the people who can use deskhand, with their roles and teams."""
    store = open_store(settings())
    with errors_as_messages(), store.read() as s:
        rows = [
            {
                "id": u.id,
                "name": u.name,
                "email": u.email,
                "role": u.role.value,
                "team": u.team.name if u.team else None,
            }
            for u in s.scalars(select(User).where(User.active.is_(True)).order_by(User.id))
        ]
    if json_out:
        print(json.dumps(rows, indent=2))
        return
    table = Table("id", "name", "email", "role", "team")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["email"], r["role"], r["team"] or "")
    out.print(table)
    out.print("Customers with portal access can also use --as with their email.")


def doctor() -> None:
    """Say which brain, database and data directory deskhand is using, and whether they work."""
    cfg = settings()
    out.print(f"data directory : {cfg.home.resolve()}")
    out.print(f"brain          : {providers.describe(cfg)}")
    if cfg.widget_secret_is_default:
        out.print(
            "web chat       : warning: DESKHAND_WIDGET_SECRET is not set; visitor tokens use a "
            "public development key. Set it to a long random value before going live."
        )
    store = open_store(cfg, must_exist=False)
    url = store.engine.url.render_as_string(hide_password=True)
    with errors_as_messages():
        if not store.is_migrated():
            out.print(f"database       : {url} (not set up: run `deskhand init --demo`)")
            return
        with store.read() as s:
            accounts = s.scalar(select(func.count()).select_from(Account))
    out.print(f"database       : {url} (ok, {accounts} accounts)")


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(users)
    app.command()(doctor)
