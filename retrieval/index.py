"""`SearchIndex`: hybrid, scoped search over chunks, kept fresh from the CRM outbox.

Chroma holds the chunks and vectors durably (and shares them between processes); each
process keeps a `ChunkTable` and a BM25 index in memory, loaded from a local snapshot (or
from Chroma when there is none), and ranks there: BM25 and cosine, each within the caller's
rows (cached per principal), fused by weighted reciprocal rank; survivors are re-checked
against the store (see `retrieval.scoping`). The index is derived data: `rebuild` recreates
it from the store at any time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from sqlalchemy import func, or_, select, update

from assistant.crm.db import Store
from assistant.crm.models import OutboxEvent, utcnow
from assistant.crm.principal import Principal
from assistant.errors import DeskhandError
from retrieval import outbox
from retrieval.bm25 import Lexical
from retrieval.chunking import Chunk, Kind, chunks_of, dependents, iter_all
from retrieval.embedder import Embedder, get_embedder
from retrieval.ranking import Fusion, dense_top, fuse
from retrieval.recheck import Current, allowed_now
from retrieval.refresh import Refresher, SyncStats, record_counts
from retrieval.table import KIND_CODE, ChunkTable
from retrieval.vectors import VectorStore, make_client
from retrieval.visible import ScopeCache

__all__ = ["Drift", "Fusion", "Hit", "IndexNotBuilt", "SearchIndex", "SyncStats"]
log = logging.getLogger(__name__)

Mode = Literal["hybrid", "bm25", "dense"]
Progress = Callable[[int, int, int], None]  # records done, records total, chunks so far


class IndexNotBuilt(DeskhandError):
    """Search was asked of an index that was never built."""


@dataclass
class Hit:
    chunk: Chunk
    score: float
    bm25_rank: int | None
    dense_rank: int | None
    record: dict = field(default_factory=dict)  # the store's current labels (see scoping)


@dataclass
class Drift:
    expected: int
    indexed: int
    missing: list[str]  # record keys whose current chunks are not indexed
    stale: list[str]  # record keys with chunks the store no longer has
    pending_events: int

    @property
    def clean(self) -> bool:
        return not self.missing and not self.stale


class SearchIndex(Refresher):
    """One per process and store; thread-safe (a background syncer may run beside turns).

    `stale_after_s`: a search checks the outbox first when the last check is older than
    this, or when this process has committed an outbox event since (see `retrieval.outbox`).
    """

    def __init__(
        self,
        store: Store,
        *,
        home: Path,
        embedder: str | Embedder = "minilm",
        chroma_url: str | None = None,
        model_cache: Path | None = None,
        fusion: Fusion | None = None,
        stale_after_s: float = 1.0,
    ):
        self.store = store
        self.home = home
        self.fusion = fusion or Fusion()
        self.stale_after_s = stale_after_s
        self._embedder_name = embedder if isinstance(embedder, str) else embedder.name
        self._embedder = None if isinstance(embedder, str) else embedder
        self._model_cache = model_cache or home / "models"
        self._chroma_url = chroma_url
        self._vectors: VectorStore | None = None
        self._lock = threading.RLock()  # the table, BM25 and scope cache, swapped together
        self._sync_lock = threading.RLock()  # one load, sync or rebuild at a time
        self._table: ChunkTable | None = None
        self._lexical = Lexical()
        self._scopes = ScopeCache()
        self._seen = 0  # highest outbox id applied in this process
        self._synced_at = 0.0
        self._commits = -1  # outbox.commits() when the last sync started
        self._saved_rows = 0  # table rows in the latest snapshot this process wrote or read
        self.snapshot_dir = home / "index" / "snapshot" / self._embedder_name
        outbox.watch()

    @classmethod
    def from_settings(cls, settings, store: Store, *, embedder: Embedder | None = None):
        return cls(
            store,
            home=settings.home,
            embedder=embedder or settings.embedder,
            chroma_url=settings.chroma_url,
            model_cache=settings.model_cache,
            fusion=Fusion(
                bm25=settings.fusion_bm25_weight,
                dense=settings.fusion_dense_weight,
                k=settings.fusion_rrf_k,
            ),
        )

    # --- parts, made on first use -------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self._embedder_name, cache_dir=self._model_cache)
        return self._embedder

    @property
    def vectors(self) -> VectorStore:
        if self._vectors is None:
            client = make_client(home=self.home, url=self._chroma_url)
            self._vectors = VectorStore(client, f"deskhand-{self._embedder_name}", dim=384)
        return self._vectors

    def is_built(self) -> bool:
        """Whether `rebuild` has completed once for this embedder (no model is loaded)."""
        if self._table is not None:
            return True
        local = self._vectors is None and not self._chroma_url
        if local and not (self.home / "index" / "chroma").exists():
            return False  # nothing on disk: do not start a Chroma client to say so
        v = self.vectors
        return v.exists() and bool((v.collection.metadata or {}).get("built"))

    def _require(self) -> ChunkTable:
        if self._table is None:
            with self._sync_lock:
                if self._table is None:
                    if not self.is_built():
                        raise IndexNotBuilt(
                            "The search index has not been built yet; run `deskhand index` once."
                        )
                    self._load()
        return self._table

    # --- searching -----------------------------------------------------------------------
    def search(
        self,
        p: Principal,
        query: str,
        *,
        kinds: Iterable[Kind] | None = None,
        account_id: int | None = None,
        limit: int = 10,
        mode: Mode = "hybrid",
        fusion: Fusion | None = None,
    ) -> list[Hit]:
        """The best chunks `p` may see, one per record, best first; [] when none is relevant."""
        query = query.strip()
        if not query:
            return []
        self._require()
        self._sync_if_due()
        qvec = self.embedder.embed_query(query) if mode != "bm25" else None
        floor = self.embedder.min_similarity if mode != "bm25" else 0.0
        fusion = fusion or self.fusion
        depth = max(100, limit * 20)
        with self._lock:
            t, lexical = self._table, self._lexical
            v = self._scopes.visible(p, t, self.store)
            allowed, rows, recheck = v.mask & t.alive[: v.n], v.rows, v.recheck
            if kinds is not None or account_id is not None:
                if kinds is not None:
                    wanted = np.zeros(len(KIND_CODE), dtype=bool)
                    wanted[[KIND_CODE[k] for k in kinds]] = True
                    allowed &= wanted[t.kind[: v.n]]
                if account_id is not None:
                    allowed &= t.account[: v.n] == account_id
                rows = rows[allowed[rows]]  # else dead rows are dropped after ranking
            if rows.size == 0:
                return []
            b = lexical.top(query, allowed, depth) if mode != "dense" else None
            d = dense_top(t, rows, qvec, depth, floor=floor) if mode != "bm25" else None
            hits: list[Hit] = []
            seen: set[str] = set()
            for row, score, b_rank, d_rank in fuse(fusion, b, d):
                chunk = t.chunks[row]
                if chunk.key not in seen:
                    seen.add(chunk.key)
                    hits.append(Hit(chunk, score, b_rank, d_rank))
                    if len(hits) >= limit * 3:
                        break
        return self._verified(p, hits, recheck)[:limit]

    def _verified(self, p: Principal, hits: list[Hit], recheck) -> list[Hit]:
        if not hits:
            return []
        keys = [(h.chunk.source, h.chunk.record_id) for h in hits]
        with self.store.read() as s:
            now: dict[tuple[str, int], Current] = allowed_now(s, p, keys, recheck)
        out = []
        for h in hits:
            cur = now.get((h.chunk.source, h.chunk.record_id))
            if cur is None or cur.version != h.chunk.version:
                continue  # outside the caller's scope now, or changed since it was indexed
            h.record = cur.label
            out.append(h)
        return out

    def _sync_if_due(self) -> None:
        due = outbox.commits() != self._commits
        due = due or time.monotonic() - self._synced_at > self.stale_after_s
        # A sync already running (the background syncer's) applies the same events: skip.
        if due and self._sync_lock.acquire(blocking=False):
            try:
                self.sync()
            finally:
                self._sync_lock.release()

    # --- checking ------------------------------------------------------------------------
    def check(self, progress: Progress | None = None) -> Drift:
        """Compare the chunks the store implies with those the index holds."""
        progress = progress or (lambda *_: None)
        expected: dict[str, str] = {}  # chunk id -> record key
        with self.store.read() as s:
            total = sum(record_counts(s).values())
            for done, chunks in iter_all(s):
                expected.update({c.id: c.key for c in chunks})
                progress(done, total, len(expected))
            pending = s.scalar(select(func.count()).where(OutboxEvent.processed_at.is_(None))) or 0
        indexed = self.vectors.all_ids() if self.vectors.exists() else set()
        missing = sorted({expected[i] for i in expected.keys() - indexed})
        stale = sorted({i.split(":v", 1)[0] for i in indexed - expected.keys()})
        return Drift(len(expected), len(indexed), missing, stale, pending)

    def close(self) -> None:
        """Release a Chroma server's HTTP connections (chromadb's own close leaves them open)."""
        if self._vectors is not None:
            session = getattr(getattr(self._vectors.client, "_server", None), "_session", None)
            if session is not None:
                session.close()
            self._vectors = None

    def stats(self) -> dict[str, int]:
        t = self._require()
        return {
            kind: int(((t.kind[: t.n] == code) & t.alive[: t.n]).sum())
            for kind, code in KIND_CODE.items()
        }

    # --- outbox bookkeeping (used by `Refresher`) ----------------------------------------
    def _pending(self, session, limit: int):
        return session.execute(
            select(OutboxEvent.id, OutboxEvent.entity_type, OutboxEvent.entity_id)
            .where(or_(OutboxEvent.id > self._seen, OutboxEvent.processed_at.is_(None)))
            .order_by(OutboxEvent.id)
            .limit(limit)
        ).all()

    def _mark_processed(self, upto: int, ids: Iterable[int] = ()) -> None:
        ids = list(ids)
        with self.store.write() as s:
            q = update(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
            q = q.where(OutboxEvent.id.in_(ids)) if ids else q.where(OutboxEvent.id <= upto)
            s.execute(q.values(processed_at=utcnow()))

    @staticmethod
    def _changed(session, events) -> dict[tuple[str, int], list[Chunk]]:
        """The current chunks of every record these events touch."""
        targets: dict[str, set[int]] = {}
        for _id, entity_type, entity_id in events:
            for source, ids in dependents(session, entity_type, entity_id).items():
                targets.setdefault(source, set()).update(ids)
        return {
            (source, rid): chunks
            for source, ids in targets.items()
            for rid, chunks in chunks_of(session, source, ids).items()
        }
