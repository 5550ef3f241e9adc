"""A derived copy of the loaded index on local disk, so a process starts in seconds.

Reading 100k chunks and vectors back from Chroma and building BM25 took about two minutes;
a snapshot holds the same rows as numpy files (vectors memory-mapped), the bm25s index and
the chunks as JSON. `meta.json` says what it was made from: the embedder, the Chroma
collection (a rebuild makes a new one) and the outbox watermark. A snapshot is used only
when those match and it is not ahead of Chroma; changes since its watermark are then
replayed from the outbox like any other sync. Deleting it loses nothing.

Each save writes a new folder and then points `CURRENT` at it (an atomic rename), so
several processes may save and load side by side (the vectors file is memory-mapped, so
processes on one machine share its pages).
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

import numpy as np

from retrieval.bm25 import Lexical
from retrieval.chunking import Chunk
from retrieval.table import COLUMNS, ChunkTable

log = logging.getLogger(__name__)

FORMAT = 1
FIELDS = [f.name for f in fields(Chunk)]
_ROW = attrgetter(*FIELDS)


@dataclass
class Frozen:
    """What a snapshot writes, taken under the index lock; rows appended later are not in it."""

    chunks: list[Chunk]
    segments: list[np.ndarray]  # the vectors of rows 0..n-1, in order
    codes: np.ndarray
    columns: dict[str, np.ndarray]
    lexical: Lexical

    @classmethod
    def of(cls, t: ChunkTable, lexical: Lexical) -> Frozen:
        n, nb = t.n, len(t.base)
        columns = {c: getattr(t, c)[:n].copy() for c in COLUMNS}
        segments = [t.base, t.extra[: n - nb]]
        return cls(t.chunks[:n], segments, t.codes[:, :n], columns, copy.copy(lexical))


def save(folder: Path, f: Frozen, meta: dict) -> Path:
    """Write `f` as the current snapshot in `folder` (slow: call it outside the index lock)."""
    n = len(f.chunks)
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    part.mkdir()
    dim = f.segments[0].shape[1]
    out = np.lib.format.open_memmap(part / "vectors.npy", "w+", np.float32, (n, dim))
    start = 0
    for seg in f.segments:
        out[start : start + len(seg)] = seg
        start += len(seg)
    out.flush()
    del out
    np.save(part / "codes.npy", np.ascontiguousarray(f.codes))
    np.savez(part / "columns.npz", **f.columns)
    rows = [_ROW(c) for c in f.chunks]
    (part / "chunks.json").write_text(json.dumps({"fields": FIELDS, "rows": rows}), "utf-8")
    f.lexical.save(part / "lexical")
    meta = meta | {"format": FORMAT, "rows": n}
    (part / "meta.json").write_text(json.dumps(meta), "utf-8")
    done = folder / part.name.removeprefix("tmp-")
    part.rename(done)
    pointer = folder / f"CURRENT.{done.name}"
    pointer.write_text(done.name, "utf-8")
    pointer.replace(folder / "CURRENT")
    _tidy(folder, keep=done.name)
    return done


def load(folder: Path) -> tuple[ChunkTable, Lexical, dict] | None:
    """The saved table, BM25 index and meta; None when there is no usable snapshot."""
    if not (folder / "CURRENT").exists():
        return None
    try:
        where = folder / (folder / "CURRENT").read_text("utf-8").strip()
        meta = json.loads((where / "meta.json").read_text("utf-8"))
        if meta.get("format") != FORMAT:
            return None
        saved = json.loads((where / "chunks.json").read_text("utf-8"))
        if saved["fields"] != FIELDS:
            return None
        chunks = [Chunk(*row) for row in saved["rows"]]
        base = np.load(where / "vectors.npy", mmap_mode="r")
        # Map every page now (one read per 4 KiB): otherwise the first searches pay a page
        # fault for each candidate row. The pages stay shared with other processes.
        base.reshape(-1)[:: 4096 // base.itemsize].sum()
        codes = np.load(where / "codes.npy")
        with np.load(where / "columns.npz") as cols:
            columns = {c: cols[c].copy() for c in COLUMNS}
        lexical = Lexical()
        lexical.load(where / "lexical")
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("index snapshot in %s unreadable; loading from Chroma", folder, exc_info=True)
        return None
    if not len(chunks) == len(base) == codes.shape[1] == meta["rows"]:
        return None
    table = ChunkTable.restore(chunks, base, codes, columns)
    for row in range(lexical.n_main, table.n):  # rows BM25 held in its delta when saved
        if table.alive[row]:
            lexical.add(row, chunks[row].text)
    return table, lexical, meta


def _tidy(folder: Path, *, keep: str) -> None:
    """Remove snapshots other than ours and the current one: finished ones after a minute,
    unfinished ones after ten (another process may be writing one, or have just made it
    current)."""
    current = (folder / "CURRENT").read_text("utf-8").strip()
    for path in folder.iterdir():
        if not path.is_dir() or path.name in (keep, current):
            continue
        age = time.time() - path.stat().st_mtime
        if age > (600 if path.name.startswith("tmp-") else 60):
            shutil.rmtree(path, ignore_errors=True)
