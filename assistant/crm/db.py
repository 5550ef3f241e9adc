"""Engine and session factories; SQLite gets WAL, foreign keys and BEGIN IMMEDIATE writes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import StoreUnavailable

log = logging.getLogger(__name__)


def make_engine(url: str, *, busy_timeout_ms: int = 10000, echo: bool = False) -> Engine:
    """Create an engine; on SQLite, turn on WAL and foreign keys and emit our own BEGIN."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={
                "check_same_thread": False,
                "timeout": busy_timeout_ms / 1000,
                "isolation_level": None,
            },
        )
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Deferred transactions that later write fail with "database is locked" under
        # concurrency instead of waiting; writers take the lock up front.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Store:
    """The CRM database: `read()` and `write()` hand out sessions in a transaction."""

    engine: Engine

    def __post_init__(self) -> None:
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(writer, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, busy_timeout_ms: int = 10000) -> Store:
        return cls(make_engine(url, busy_timeout_ms=busy_timeout_ms))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads; closing it ends the transaction, loaded objects stay usable."""
        with translate_errors(), self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work commits as one transaction, or not at all."""
        with translate_errors(), self._writer() as session, session.begin():
            yield session

    def is_migrated(self) -> bool:
        """Whether `deskhand init` has run; StoreUnavailable when the database is unreachable."""
        with translate_errors():
            return inspect(self.engine).has_table("alembic_version")

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def translate_errors() -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        log.error("database error: %s", exc)
        text = str(exc.orig) if exc.orig else str(exc)
        if "locked" in text or "busy" in text:
            raise StoreUnavailable("The database is busy; please try again in a moment.") from exc
        if "no such table" in text or "does not exist" in text:
            raise StoreUnavailable(
                "The database is not set up; run `deskhand init` first."
            ) from exc
        raise StoreUnavailable(
            "The database cannot be reached; check DESKHAND_DATABASE_URL and that it is running."
        ) from exc
