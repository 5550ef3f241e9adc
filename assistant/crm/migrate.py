"""Run the Alembic migrations from code (`deskhand init`, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from alembic import command
from assistant.crm.db import Store, translate_errors

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(store: Store) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["url"] = store.engine.url.render_as_string(hide_password=False)
    return cfg


def _with_connection(store: Store, fn, *args) -> None:
    cfg = alembic_config(store)
    with translate_errors(), store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, *args)


def upgrade(store: Store, revision: str = "head") -> None:
    _with_connection(store, command.upgrade, revision)


def downgrade(store: Store, revision: str = "base") -> None:
    _with_connection(store, command.downgrade, revision)


def check(store: Store) -> None:
    """Raise if the models and the migrations disagree."""
    _with_connection(store, command.check)
