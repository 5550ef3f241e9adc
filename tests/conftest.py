"""Shared fixtures: a fresh store per test, the demo company, principals, a scripted model."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from assistant.crm.db import Store
from assistant.crm.models import Base
from assistant.crm.principal import Principal, principal_for_email
from assistant.demo.seed import seed_demo
from assistant.settings import Settings

PG_URL = os.environ.get("DESKHAND_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AS_OF = "2026-11-25"


@pytest.fixture(autouse=True)
def _no_real_providers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never reach a hosted model: any OpenAI client goes to a closed local port."""
    for var in list(os.environ):
        if var.startswith("DESKHAND_") and var != "DESKHAND_TEST_PG_URL":
            monkeypatch.delenv(var)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-real")
    monkeypatch.setenv("DESKHAND_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def sqlite_store(path: Path) -> Store:
    store = Store.open(f"sqlite:///{path}")
    Base.metadata.create_all(store.engine)
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store with the schema, in a fresh SQLite file."""
    s = sqlite_store(tmp_path / "empty.db")
    yield s
    s.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from datetime import date

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = sqlite_store(path)
    seed_demo(s, seed=7, today=date.fromisoformat(AS_OF))
    s.engine.dispose()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the small demo company (dates anchored to AS_OF)."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_template, target)
    s = Store.open(f"sqlite:///{target}")
    yield s
    s.dispose()


@pytest.fixture
def who(demo: Store):
    """who("priya@northwind.example") -> Principal bound the way a channel binds it."""

    def lookup(email: str) -> Principal:
        with demo.read() as session:
            return principal_for_email(session, email)

    return lookup


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except OperationalError as exc:
        return f"PostgreSQL is not reachable at {PG_URL}: {exc.orig}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema in database `test`, dropped afterwards."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", turn_timeout_s=20)


# --- retrieval: one embedding model and one demo index per test session -------------------------


@pytest.fixture(scope="session")
def embedder(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory):
    """MiniLM, loaded once per session; its ONNX export is kept in pytest's cache folder."""
    from retrieval.embedder import get_embedder

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    cache = getattr(pytestconfig, "cache", None)
    folder = cache.mkdir("deskhand-models") if cache else tmp_path_factory.mktemp("models")
    return get_embedder("minilm", cache_dir=folder)


@pytest.fixture(scope="session")
def demo_index_template(demo_template: Path, embedder, tmp_path_factory) -> Path:
    """A data directory holding a copy of the demo store and its built search index."""
    from retrieval.index import SearchIndex

    home = tmp_path_factory.mktemp("demo-index") / "home"
    home.mkdir()
    shutil.copy(demo_template, home / "deskhand.db")
    s = Store.open(f"sqlite:///{home / 'deskhand.db'}")
    from alembic import command
    from assistant.crm import migrate

    migrate._with_connection(s, command.stamp, "head")  # made by create_all: mark it current
    SearchIndex(s, home=home, embedder=embedder).rebuild()
    s.dispose()
    return home


@pytest.fixture
def indexed_home(demo_index_template: Path, tmp_path: Path, embedder) -> Path:
    """A fresh copy of the demo store and its index (DESKHAND_HOME layout)."""
    from retrieval.embedder import preload

    preload(embedder)  # commands that load "minilm" get this instance, not a second model
    home = tmp_path / "indexed"
    shutil.copytree(demo_index_template, home)
    return home


@pytest.fixture(scope="session")
def brain(embedder):
    """The built-in request engine, warmed once per session (it keeps no per-test state)."""
    from assistant.brain.engine import BuiltinChatModel

    model = BuiltinChatModel()
    model.warm()
    return model
