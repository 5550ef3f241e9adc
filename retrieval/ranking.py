"""Ranking within the caller's rows: dense candidates, and reciprocal rank fusion.

Exact cosine over a large scope means reading every allowed vector (a quarter of 100k x 384
floats for a rep's book: tens of ms on a busy core). Above `EXACT_ROWS` rows the dense
ranking first takes the rows whose sign codes are nearest the query's (Hamming distance over
48 bytes a row; `PRESELECT` rows, or 2% of a large scope), then ranks those by exact cosine.
On the large demo's 100k MiniLM vectors the hybrid top 10 stayed 99.7% the same as with
exact cosine everywhere (docs/retrieval-eval.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from retrieval.table import ChunkTable, sign_codes

EXACT_ROWS = 4000
PRESELECT = 1000  # at least; 2% of the rows for large scopes


@dataclass(frozen=True)
class Fusion:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank) over the rankings."""

    bm25: float = 1.5
    dense: float = 1.0
    k: int = 20


def dense_top(
    t: ChunkTable, rows: np.ndarray, qvec: np.ndarray, depth: int, *, floor: float
) -> np.ndarray:
    """Live rows among `rows` of the `depth` best cosines above `floor`, best first."""
    keep = max(PRESELECT, 2 * depth, rows.size // 50)
    if rows.size > max(EXACT_ROWS, 2 * keep):
        q = sign_codes(qvec[None, :])[:, 0]
        codes = t.codes[:, : t.n] if rows.size == t.n else np.take(t.codes, rows, axis=1)
        dist = np.bitwise_count(codes ^ q[:, None]).sum(axis=0, dtype=np.uint16)
        rows = rows[np.argpartition(dist, keep)[:keep]]
    rows = rows[t.alive[rows]]
    # einsum, not BLAS: OpenBLAS's threads wake slowly on a busy machine (ms for a µs job).
    sims = np.einsum("ij,j->i", t.vectors(rows), qvec)
    return top(rows, sims, depth, floor=floor)


def top(rows: np.ndarray, scores: np.ndarray, depth: int, *, floor: float) -> np.ndarray:
    """Rows of the `depth` best scores above `floor`, best first."""
    keep = scores > floor
    rows, scores = rows[keep], scores[keep]
    if rows.size > depth:
        part = np.argpartition(-scores, depth)[:depth]
        rows, scores = rows[part], scores[part]
    return rows[np.argsort(-scores, kind="stable")]


def fuse(
    fusion: Fusion, bm25: np.ndarray | None, dense: np.ndarray | None
) -> Iterator[tuple[int, float, int | None, int | None]]:
    """(row, score, BM25 rank, dense rank), best first, from two best-first row lists.

    Equal scores keep the order rows were first seen in (the BM25 list, then the dense one).
    """
    pairs = (("bm25", fusion.bm25, bm25), ("dense", fusion.dense, dense))
    lists = [(name, w, o) for name, w, o in pairs if o is not None]
    if not any(o.size for _n, _w, o in lists):
        return
    rows = np.concatenate([o for _n, _w, o in lists])
    gain = np.concatenate([w / (fusion.k + np.arange(1, o.size + 1)) for _n, w, o in lists])
    unique, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    score = np.bincount(inverse, weights=gain, minlength=unique.size)
    ranks = {"bm25": np.full(unique.size, -1), "dense": np.full(unique.size, -1)}
    start = 0
    for name, _w, o in lists:
        ranks[name][inverse[start : start + o.size]] = np.arange(o.size)
        start += o.size
    b_ranks, d_ranks = ranks["bm25"].tolist(), ranks["dense"].tolist()
    for i in np.lexsort((first, -score)).tolist():
        b, d = b_ranks[i], d_ranks[i]
        yield int(unique[i]), float(score[i]), None if b < 0 else b, None if d < 0 else d
