"""What every command needs: settings, logging, the store, the caller."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console

from assistant.crm.db import Store
from assistant.crm.principal import Principal, principal_for_email
from assistant.errors import DeskhandError, StoreUnavailable
from assistant.settings import Settings

err = Console(stderr=True)
out = Console(highlight=False)


def settings() -> Settings:
    return Settings()


def setup_logging(cfg: Settings) -> None:
    """Log to DESKHAND_HOME/deskhand.log; only warnings reach the terminal."""
    # Model weights must come from installed packages; a download attempt fails fast.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    root = logging.getLogger()
    log_path = (cfg.home / "deskhand.log").resolve()
    for handler in list(root.handlers):
        if getattr(handler, "_deskhand", False):
            if getattr(handler, "baseFilename", None) == str(log_path):
                return
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG)
    cfg.home.mkdir(parents=True, exist_ok=True)
    file = logging.FileHandler(log_path, encoding="utf-8")
    file.setLevel(cfg.log_level.upper())
    file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.CRITICAL)  # the CLI prints its own friendly errors
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    for handler in (file, console):
        handler._deskhand = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    for noisy in ("httpx", "httpcore", "openai", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


@contextmanager
def errors_as_messages() -> Iterator[None]:
    """Turn deliberate errors into a one-line message and exit code 1."""
    try:
        yield
    except DeskhandError as exc:
        fail(str(exc))


def open_store(cfg: Settings, *, must_exist: bool = True) -> Store:
    setup_logging(cfg)
    store = Store.open(cfg.resolved_database_url(), busy_timeout_ms=cfg.busy_timeout_ms)
    try:
        migrated = store.is_migrated()
    except StoreUnavailable as exc:
        fail(str(exc))
    if must_exist and not migrated:
        fail(
            "The store is not set up. Run `deskhand init --demo` (demo company) or "
            "`deskhand init` (empty) first."
        )
    return store


def principal(store: Store, email: str) -> Principal:
    try:
        with store.read() as session:
            return principal_for_email(session, email)
    except StoreUnavailable as exc:
        fail(str(exc))
    except DeskhandError as exc:
        fail(f"{exc} Run `deskhand users` to list who can sign in.")
