"""The writing half of `SearchIndex`: load, rebuild, sync, compact and snapshot.

One of these runs at a time (`_sync_lock`) and searches go on meanwhile: the slow parts
(reading the store, embedding, writing Chroma, building BM25, saving a snapshot) run outside
the index lock, which is held only to append rows or swap in a new table.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from assistant.crm.models import Activity, Article, Case, OutboxEvent
from retrieval import outbox, snapshot
from retrieval.bm25 import Lexical
from retrieval.chunking import SOURCES, Chunk, iter_all
from retrieval.table import ChunkTable

log = logging.getLogger(__name__)
Progress = Callable[[int, int, int], None]  # records done, records total, chunks so far


@dataclass
class SyncStats:
    events: int = 0
    records: int = 0
    added: int = 0
    removed: int = 0
    embedded: int = 0


def record_counts(session) -> dict[str, int]:
    return {
        source: session.scalar(select(func.count()).select_from(model)) or 0
        for source, model in zip(SOURCES, (Article, Activity, Case), strict=True)
    }


class Refresher:
    """Mixed into `SearchIndex`, whose attributes these methods use."""

    def rebuild(self, progress: Progress | None = None, *, batch: int = 1000) -> int:
        """Index every record of the store again; returns the number of chunks.

        A chunk already in Chroma keeps its vector (its id changes with the record's version
        and text), others are embedded; chunks the store no longer implies are removed.
        """
        progress = progress or (lambda *_: None)
        model = getattr(self.embedder, "variant", "")
        with self._sync_lock:
            if self.vectors.exists() and self.vectors.model != model:
                self.vectors.reset()  # vectors from other (or unrecorded) weights: not reused
            table = ChunkTable(self.vectors.dim)
            with self.store.read() as s:
                top = s.scalar(select(func.max(OutboxEvent.id))) or 0
                total = sum(record_counts(s).values())
                progress(0, total, 0)
                for done, chunks in iter_all(s, batch=batch):
                    table.add(chunks, self._vectors_for(chunks, SyncStats())[0])
                    progress(done, total, len(table))
            self.vectors.delete(sorted(self.vectors.all_ids() - table.row_of.keys()))
            lexical = Lexical()
            lexical.build([c.text for c in table.chunks])
            with self._lock:
                self._table, self._lexical, self._seen = table, lexical, top
                self._scopes.invalidate()
            self._mark_processed(top)
            self.vectors.set_state(outbox_id=top, built=True, build=uuid.uuid4().hex, model=model)
            self._save_snapshot()
            return len(table)

    def _vectors_for(self, chunks: list[Chunk], stats, *, write: bool = True):
        """Vectors of these chunks: from Chroma when stored, else embedded, and the chunks
        that were embedded (written to Chroma here unless `write` is False)."""
        known = self.vectors.vectors_of([c.id for c in chunks])
        todo = [c for c in chunks if c.id not in known]
        made = np.zeros((0, self.vectors.dim), dtype=np.float32)
        if todo:
            made = self.embedder.embed_documents([c.text for c in todo])
            known.update({c.id: v for c, v in zip(todo, made, strict=True)})
            stats.embedded += len(todo)
            if write:
                self.vectors.upsert(todo, made)
        if not chunks:
            return made, todo, made
        return np.vstack([known[c.id] for c in chunks]), todo, made

    # --- loading -------------------------------------------------------------------------
    def _load(self) -> None:
        started = time.perf_counter()
        got = self._from_snapshot()
        if got is None:
            table, seen = ChunkTable(self.vectors.dim), self.vectors.watermark
            for chunks, vecs in self.vectors.pages():
                table.add(chunks, vecs)
            lexical = Lexical()
            lexical.build([c.text for c in table.chunks])
        else:
            table, lexical, seen = got
        with self._lock:
            self._table, self._lexical, self._seen = table, lexical, seen
        took, where = time.perf_counter() - started, "snapshot" if got else "Chroma"
        log.info("loaded %d chunks in %.1fs from the %s", len(table), took, where)
        if got is None:
            self._save_snapshot()
        else:
            self._saved_rows = table.n

    def _fingerprint(self) -> dict:
        v = self.vectors
        return {
            "embedder": self._embedder_name,
            "dim": v.dim,
            "collection": str(v.collection.id),
            "build": v.build,
        }

    def _from_snapshot(self):
        got = snapshot.load(self.snapshot_dir)
        if got is None:
            return None
        table, lexical, meta = got
        mark, count = self.vectors.watermark, self.vectors.count()
        same = all(meta.get(k) == v for k, v in self._fingerprint().items())
        behind_ok = meta["watermark"] < mark or len(table) == count
        if not same or meta["watermark"] > mark or not behind_ok:
            log.info("index snapshot does not match the vector store; loading from Chroma")
            return None
        return table, lexical, meta["watermark"]  # the outbox replays what came after

    def _save_snapshot(self) -> None:
        meta = self._fingerprint()
        with self._lock:
            frozen = snapshot.Frozen.of(self._table, self._lexical)
            meta["watermark"] = self._seen
        try:
            snapshot.save(self.snapshot_dir, frozen, meta)
            self._saved_rows = len(frozen.chunks)
        except OSError:
            log.warning("could not save the index snapshot in %s", self.snapshot_dir, exc_info=True)

    # --- keeping fresh -------------------------------------------------------------------
    def sync(self, *, limit: int = 2000) -> SyncStats:
        """Apply committed changes from the outbox (idempotent; safe in several processes)."""
        stats = SyncStats()
        self._require()
        with self._sync_lock:
            while True:
                self._commits = outbox.commits()  # later commits make the next search sync
                with self.store.read() as s:
                    events = self._pending(s, limit)
                    fresh = self._changed(s, events)
                self._synced_at = time.monotonic()
                if not events:
                    break
                self._apply(fresh, stats, changed={kind for _i, kind, _e in events})
                ids = [e[0] for e in events]
                self._mark_processed(0, ids)
                stats.events += len(events)
                with self._lock:
                    self._seen = max(self._seen, *ids)
                if self._seen > self.vectors.watermark:
                    self.vectors.set_state(outbox_id=self._seen, built=True)
                if len(events) < limit:
                    break
            self._tend()
        return stats

    def _apply(self, fresh: dict[tuple[str, int], list[Chunk]], stats, *, changed) -> None:
        t = self._table  # only a sync changes it, and this one holds the sync lock
        add: list[Chunk] = []
        kill: list[str] = []
        for (source, rid), chunks in fresh.items():
            old = t.ids_of(f"{source}:{rid}")
            new = {c.id for c in chunks}
            if old == new:
                continue
            stats.records += 1
            add.extend(c for c in chunks if c.id not in old)
            kill.extend(old - new)
        vecs, todo, made = self._vectors_for(add, stats, write=False)
        with self._lock:  # searchable now; Chroma follows (a crash before it replays)
            t.kill(kill)
            if add:
                for row, c in zip(t.add(add, vecs), add, strict=True):
                    self._lexical.add(row, c.text)
            self._scopes.invalidate(changed)
        if todo:
            self.vectors.upsert(todo, made)
        if kill:
            self.vectors.delete(kill)
        stats.added += len(add)
        stats.removed += len(kill)

    def _tend(self) -> None:
        """Fold a large BM25 delta into a new table, or snapshot after many new rows."""
        t, lexical = self._table, self._lexical
        if lexical.delta_size > max(2000, lexical.n_main // 4):
            fresh = t.compacted()
            rebuilt = Lexical()
            rebuilt.build([c.text for c in fresh.chunks])
            with self._lock:
                self._table, self._lexical = fresh, rebuilt
            self._save_snapshot()
        elif t.n - self._saved_rows >= max(2000, t.n // 10):
            self._save_snapshot()
