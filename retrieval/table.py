"""The in-memory side of the index: one row per chunk, columns as numpy arrays.

Searching scans these columns (exact cosine, BM25, scope masks) instead of asking Chroma:
at 100k chunks Chroma's metadata filter costs ~100 ms a query, a numpy mask well under 1 ms.
Rows are only appended; a replaced or deleted chunk's row is marked dead and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.chunking import KINDS, Chunk

KIND_CODE = {k: i for i, k in enumerate(KINDS)}


class ChunkTable:
    def __init__(self, dim: int, capacity: int = 1024):
        self.dim = dim
        self.n = 0
        self.chunks: list[Chunk] = []
        self.vectors = np.zeros((capacity, dim), dtype=np.float32)
        self.kind = np.zeros(capacity, dtype=np.int8)
        self.account = np.zeros(capacity, dtype=np.int64)
        self.case = np.zeros(capacity, dtype=np.int64)
        self.record = np.zeros(capacity, dtype=np.int64)
        self.internal = np.zeros(capacity, dtype=bool)
        self.alive = np.zeros(capacity, dtype=bool)
        self.row_of: dict[str, int] = {}  # chunk id -> row
        self.rows_of_key: dict[str, list[int]] = {}  # "activities:12" -> live rows

    def __len__(self) -> int:
        return len(self.row_of)

    def _grow(self, need: int) -> None:
        cap = len(self.alive)
        if need <= cap:
            return
        new = max(need, cap * 2)
        for name in ("vectors", "kind", "account", "case", "record", "internal", "alive"):
            old = getattr(self, name)
            grown = np.zeros((new, *old.shape[1:]), dtype=old.dtype)
            grown[:cap] = old
            setattr(self, name, grown)

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> list[int]:
        """Append live rows; returns their row numbers."""
        self._grow(self.n + len(chunks))
        rows = list(range(self.n, self.n + len(chunks)))
        sl = slice(self.n, self.n + len(chunks))
        self.vectors[sl] = vectors
        self.kind[sl] = [KIND_CODE[c.kind] for c in chunks]
        self.account[sl] = [c.account_id for c in chunks]
        self.case[sl] = [c.case_id for c in chunks]
        self.record[sl] = [c.record_id for c in chunks]
        self.internal[sl] = [c.internal for c in chunks]
        self.alive[sl] = True
        for row, c in zip(rows, chunks, strict=True):
            self.chunks.append(c)
            self.row_of[c.id] = row
            self.rows_of_key.setdefault(c.key, []).append(row)
        self.n += len(chunks)
        return rows

    def kill(self, chunk_ids: Sequence[str]) -> None:
        for cid in chunk_ids:
            row = self.row_of.pop(cid, None)
            if row is None:
                continue
            self.alive[row] = False
            key = self.chunks[row].key
            live = [r for r in self.rows_of_key.get(key, []) if r != row]
            if live:
                self.rows_of_key[key] = live
            else:
                self.rows_of_key.pop(key, None)

    def ids_of(self, key: str) -> set[str]:
        return {self.chunks[r].id for r in self.rows_of_key.get(key, [])}

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self.alive[: self.n])

    def compacted(self) -> ChunkTable:
        """A copy holding only live rows (after many edits), in the same order."""
        rows = self.live_rows()
        fresh = ChunkTable(self.dim, capacity=max(len(rows), 1024))
        fresh.add([self.chunks[r] for r in rows], self.vectors[rows])
        return fresh
