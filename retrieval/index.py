"""`SearchIndex`: hybrid, scoped search over chunks, kept fresh from the CRM outbox.

Chroma holds the chunks and vectors durably (and shares them between processes); each
process keeps a `ChunkTable` and a BM25 index in memory, loaded from Chroma once, and ranks
there: BM25 and exact cosine, each restricted to the caller's rows, fused by weighted
reciprocal rank; survivors are re-checked against the store (see `retrieval.scoping`).
The index is derived data: `rebuild` recreates it from the store at any time.
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
from retrieval.bm25 import Lexical
from retrieval.chunking import SOURCES, Chunk, Kind, chunks_of, dependents, iter_all
from retrieval.embedder import Embedder, get_embedder
from retrieval.scoping import Current, allowed_now, visible_mask
from retrieval.table import KIND_CODE, ChunkTable
from retrieval.vectors import VectorStore, make_client

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "bm25", "dense"]
Progress = Callable[[int, int, int], None]  # records done, records total, chunks so far


class IndexNotBuilt(DeskhandError):
    """Search was asked of an index that was never built."""


@dataclass(frozen=True)
class Fusion:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank) over the rankings."""

    bm25: float = 1.5
    dense: float = 1.0
    k: int = 20


@dataclass
class Hit:
    chunk: Chunk
    score: float
    bm25_rank: int | None
    dense_rank: int | None
    record: dict = field(default_factory=dict)  # the store's current labels (see scoping)


@dataclass
class SyncStats:
    events: int = 0
    records: int = 0
    added: int = 0
    removed: int = 0
    embedded: int = 0


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


class SearchIndex:
    """One per process and store; thread-safe (a background syncer may run beside turns)."""

    def __init__(
        self,
        store: Store,
        *,
        home: Path,
        embedder: str | Embedder = "minilm",
        chroma_url: str | None = None,
        model_cache: Path | None = None,
        fusion: Fusion | None = None,
        stale_after_s: float = 0.0,
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
        self._lock = threading.RLock()
        self._table: ChunkTable | None = None
        self._lexical = Lexical()
        self._seen = 0  # highest outbox id applied in this process
        self._synced_at = 0.0

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
        v = self.vectors
        return v.exists() and bool((v.collection.metadata or {}).get("built"))

    def _require(self) -> ChunkTable:
        if self._table is None:
            if not self.is_built():
                raise IndexNotBuilt(
                    "The search index has not been built yet; run `deskhand index` once."
                )
            self._load()
        return self._table

    def _load(self) -> None:
        started = time.perf_counter()
        table = ChunkTable(self.vectors.dim)
        seen = self.vectors.watermark
        for chunks, vecs in self.vectors.pages():
            table.add(chunks, vecs)
        self._lexical.build([c.text for c in table.chunks])
        self._table, self._seen = table, seen
        log.info("loaded %d chunks in %.1fs", len(table), time.perf_counter() - started)

    # --- building ------------------------------------------------------------------------
    def rebuild(self, progress: Progress | None = None, *, batch: int = 256) -> int:
        """Drop the index and build it from the store; returns the number of chunks."""
        progress = progress or (lambda *_: None)
        embedder = self.embedder
        with self._lock:
            self.vectors.reset()
            table = ChunkTable(self.vectors.dim)
            with self.store.read() as s:
                top = s.scalar(select(func.max(OutboxEvent.id))) or 0
                total = sum(_record_counts(s).values())
                progress(0, total, 0)
                for done, chunks in iter_all(s, batch=batch):
                    vecs = embedder.embed_documents([c.text for c in chunks])
                    self.vectors.upsert(chunks, vecs)
                    table.add(chunks, vecs)
                    progress(done, total, len(table))
            self._lexical.build([c.text for c in table.chunks])
            self._table, self._seen = table, top
            self._mark_processed(top)
            self.vectors.set_state(outbox_id=top, built=True)
            return len(table)

    def _mark_processed(self, upto: int, ids: Iterable[int] = ()) -> None:
        ids = list(ids)
        with self.store.write() as s:
            q = update(OutboxEvent).where(OutboxEvent.processed_at.is_(None))
            q = q.where(OutboxEvent.id.in_(ids)) if ids else q.where(OutboxEvent.id <= upto)
            s.execute(q.values(processed_at=utcnow()))

    # --- keeping fresh -------------------------------------------------------------------
    def sync(self, *, limit: int = 2000) -> SyncStats:
        """Apply committed changes from the outbox (idempotent; safe in several processes)."""
        stats = SyncStats()
        with self._lock:
            self._require()
            while True:
                with self.store.read() as s:
                    events = s.execute(
                        select(OutboxEvent.id, OutboxEvent.entity_type, OutboxEvent.entity_id)
                        .where(or_(OutboxEvent.id > self._seen, OutboxEvent.processed_at.is_(None)))
                        .order_by(OutboxEvent.id)
                        .limit(limit)
                    ).all()
                    targets: dict[str, set[int]] = {}
                    for _id, entity_type, entity_id in events:
                        for source, ids in dependents(s, entity_type, entity_id).items():
                            targets.setdefault(source, set()).update(ids)
                    fresh = {
                        (source, rid): chunks
                        for source, ids in targets.items()
                        for rid, chunks in chunks_of(s, source, ids).items()
                    }
                self._synced_at = time.monotonic()
                if not events:
                    return stats
                self._apply(fresh, stats)
                ids = [e[0] for e in events]
                self._mark_processed(0, ids)
                stats.events += len(events)
                if max(ids) > self._seen:
                    self._seen = max(ids)
                    if self._seen > self.vectors.watermark:
                        self.vectors.set_state(outbox_id=self._seen, built=True)
                if len(events) < limit:
                    return stats

    def _apply(self, fresh: dict[tuple[str, int], list[Chunk]], stats: SyncStats) -> None:
        table = self._table
        add: list[Chunk] = []
        kill: list[str] = []
        for (source, rid), chunks in fresh.items():
            old = table.ids_of(f"{source}:{rid}")
            new = {c.id for c in chunks}
            if old == new:
                continue
            stats.records += 1
            add.extend(c for c in chunks if c.id not in old)
            kill.extend(old - new)
        if not add and not kill:
            return
        known = self.vectors.vectors_of([c.id for c in add])
        todo = [c for c in add if c.id not in known]
        made = self.embedder.embed_documents([c.text for c in todo]) if todo else None
        if todo:
            self.vectors.upsert(todo, made)
            known.update({c.id: v for c, v in zip(todo, made, strict=True)})
        if kill:
            self.vectors.delete(kill)
        table.kill(kill)
        if add:
            rows = table.add(add, np.vstack([known[c.id] for c in add]))
            for row, c in zip(rows, add, strict=True):
                self._lexical.add(row, c.text)
        stats.added += len(add)
        stats.removed += len(kill)
        stats.embedded += len(todo)
        if self._lexical.delta_size > max(2000, self._lexical.n_main // 4):
            self._table = table.compacted()
            self._lexical.build([c.text for c in self._table.chunks])

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
        if time.monotonic() - self._synced_at > self.stale_after_s:
            self.sync()
        qvec = self.embedder.embed_query(query) if mode != "bm25" else None
        fusion = fusion or self.fusion
        with self._lock:
            t = self._require()
            with self.store.read() as s:
                mask = visible_mask(s, p, t)
            if kinds is not None:
                mask &= np.isin(t.kind[: t.n], [KIND_CODE[k] for k in kinds])
            if account_id is not None:
                mask &= t.account[: t.n] == account_id
            rows = np.flatnonzero(mask)
            if rows.size == 0:
                return []
            depth = max(100, limit * 20)
            ranked: dict[int, list] = {}
            if mode != "dense":
                scores = self._lexical.scores(query, t.n)[rows]
                for rank, row in enumerate(_top(rows, scores, depth, floor=1e-9)):
                    ranked.setdefault(int(row), [0.0, None, None])[1] = rank
                    ranked[int(row)][0] += fusion.bm25 / (fusion.k + rank + 1)
            if mode != "bm25":
                if rows.size * 4 < t.n:
                    sims = t.vectors[rows] @ qvec
                else:
                    sims = (t.vectors[: t.n] @ qvec)[rows]
                floor = self.embedder.min_similarity
                for rank, row in enumerate(_top(rows, sims, depth, floor=floor)):
                    ranked.setdefault(int(row), [0.0, None, None])[2] = rank
                    ranked[int(row)][0] += fusion.dense / (fusion.k + rank + 1)
            order = sorted(ranked.items(), key=lambda kv: -kv[1][0])
            hits: list[Hit] = []
            seen: set[str] = set()
            for row, (score, b_rank, d_rank) in order:
                chunk = t.chunks[row]
                if chunk.key in seen:
                    continue
                seen.add(chunk.key)
                hits.append(Hit(chunk, score, b_rank, d_rank))
                if len(hits) >= limit * 3:
                    break
        return self._verified(p, hits)[:limit]

    def _verified(self, p: Principal, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return []
        with self.store.read() as s:
            now: dict[tuple[str, int], Current] = allowed_now(
                s, p, [(h.chunk.source, h.chunk.record_id) for h in hits]
            )
        out = []
        for h in hits:
            cur = now.get((h.chunk.source, h.chunk.record_id))
            if cur is None or cur.version != h.chunk.version:
                continue  # outside the caller's scope now, or changed since it was indexed
            h.record = cur.label
            out.append(h)
        return out

    # --- checking ------------------------------------------------------------------------
    def check(self, progress: Progress | None = None) -> Drift:
        """Compare the chunks the store implies with those the index holds."""
        progress = progress or (lambda *_: None)
        expected: dict[str, str] = {}  # chunk id -> record key
        with self.store.read() as s:
            total = sum(_record_counts(s).values())
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


def _top(rows: np.ndarray, scores: np.ndarray, depth: int, *, floor: float) -> np.ndarray:
    """Rows of the `depth` best scores above `floor`, best first."""
    keep = scores > floor
    rows, scores = rows[keep], scores[keep]
    if rows.size > depth:
        part = np.argpartition(-scores, depth)[:depth]
        rows, scores = rows[part], scores[part]
    return rows[np.argsort(-scores, kind="stable")]


def _record_counts(session) -> dict[str, int]:
    from assistant.crm.models import Activity, Article, Case

    return {
        source: session.scalar(select(func.count()).select_from(model)) or 0
        for source, model in zip(SOURCES, (Article, Activity, Case), strict=True)
    }
