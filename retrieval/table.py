"""The in-memory side of the index: one row per chunk, columns as numpy arrays.

Searching scans these columns (scope masks, BM25 postings, binary codes, exact cosine)
instead of asking Chroma: at 100k chunks Chroma's metadata filter costs ~100 ms a query, a
numpy mask well under 1 ms. Rows are only appended; a replaced or deleted chunk's row is
marked dead and skipped. Vectors live in two segments: `base` (rows loaded from a snapshot,
usually a read-only memory map) and `extra` (rows added since, in memory). Each vector also
has a sign code (one bit per dimension) for a cheap first pass over many rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.chunking import KINDS, Chunk

KIND_CODE = {k: i for i, k in enumerate(KINDS)}
COLUMNS = ("kind", "account", "case", "record", "internal", "alive")
DTYPES = {
    "kind": np.int8,
    "account": np.int64,
    "case": np.int64,
    "record": np.int64,
    "internal": bool,
    "alive": bool,
}


def sign_codes(vectors: np.ndarray) -> np.ndarray:
    """One bit per dimension (positive or not) packed into uint64 words: (words, rows).

    Word-major, so a Hamming distance over many rows is a few long vector operations."""
    bits = np.packbits(np.asarray(vectors).reshape(-1, vectors.shape[-1]) > 0, axis=1)
    pad = (-bits.shape[1]) % 8
    if pad:
        bits = np.pad(bits, ((0, 0), (0, pad)))
    return np.ascontiguousarray(bits.view(np.uint64).T)


class ChunkTable:
    def __init__(self, dim: int, capacity: int = 1024):
        self.dim = dim
        self.n = 0
        self.chunks: list[Chunk] = []
        self.base = np.zeros((0, dim), dtype=np.float32)
        self.extra = np.zeros((capacity, dim), dtype=np.float32)
        self.codes = np.zeros(((dim + 63) // 64, capacity), dtype=np.uint64)
        for name in COLUMNS:
            setattr(self, name, np.zeros(capacity, dtype=DTYPES[name]))
        self.row_of: dict[str, int] = {}  # chunk id -> row
        self.rows_of_key: dict[str, list[int]] = {}  # "activities:12" -> live rows

    @classmethod
    def restore(cls, chunks: list[Chunk], base: np.ndarray, codes, columns) -> ChunkTable:
        """A table over saved rows (see `retrieval.snapshot`); `base` may be a memory map."""
        t = cls(base.shape[1], capacity=0)
        t.base, t.codes, t.chunks, t.n = base, codes, chunks, len(chunks)
        for name in COLUMNS:
            setattr(t, name, columns[name])
        for row, c in enumerate(chunks):
            if t.alive[row]:
                t.row_of[c.id] = row
                t.rows_of_key.setdefault(c.key, []).append(row)
        return t

    def __len__(self) -> int:
        return len(self.row_of)

    def _grow(self, need: int) -> None:
        cap = len(self.alive)
        if need <= cap:
            return
        new = max(need, cap + cap // 4, 1024)
        for name in COLUMNS:
            old = getattr(self, name)
            grown = np.zeros(new, dtype=old.dtype)
            grown[:cap] = old
            setattr(self, name, grown)
        codes = np.zeros((len(self.codes), new), dtype=np.uint64)
        codes[:, :cap] = self.codes
        self.codes = codes
        extra = np.zeros((new - len(self.base), self.dim), dtype=np.float32)
        extra[: self.n - len(self.base)] = self.extra[: self.n - len(self.base)]
        self.extra = extra

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> list[int]:
        """Append live rows; returns their row numbers."""
        self._grow(self.n + len(chunks))
        rows = list(range(self.n, self.n + len(chunks)))
        sl = slice(self.n, self.n + len(chunks))
        lo = self.n - len(self.base)
        self.extra[lo : lo + len(chunks)] = vectors
        self.codes[:, sl] = sign_codes(vectors)
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

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of these rows (any order)."""
        nb = len(self.base)
        if rows.size and rows.max() < nb:
            return self.base[rows]
        if rows.size and rows.min() >= nb:
            return self.extra[rows - nb]
        out = np.empty((rows.size, self.dim), dtype=np.float32)
        low = rows < nb
        out[low] = self.base[rows[low]]
        out[~low] = self.extra[rows[~low] - nb]
        return out

    def all_vectors(self) -> np.ndarray:
        """Rows 0..n-1 as one array (a copy when there are two segments)."""
        extra = self.extra[: self.n - len(self.base)]
        return extra if not len(self.base) else np.concatenate([self.base, extra])

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self.alive[: self.n])

    def compacted(self) -> ChunkTable:
        """A copy holding only live rows (after many edits), in the same order."""
        rows = self.live_rows()
        fresh = ChunkTable(self.dim, capacity=max(len(rows), 1024))
        fresh.add([self.chunks[r] for r in rows], self.vectors(rows))
        return fresh
