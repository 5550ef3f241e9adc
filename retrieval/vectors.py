"""The durable side of the index: a Chroma collection holding every chunk and its vector.

`PersistentClient` in the data directory by default; a Chroma server (`HttpClient`) when
DESKHAND_CHROMA_URL is set, so several deskhand processes or machines share one index.
Collections are created with our own vectors (Chroma's default embedding function downloads
a model) and HNSW parameters fixed at creation (changing them later does not take effect).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from assistant.errors import DeskhandError
from retrieval.chunking import Chunk

log = logging.getLogger(__name__)

HNSW = {"space": "cosine", "ef_construction": 200, "ef_search": 200, "max_neighbors": 32}
PAGE = 2000


class IndexUnavailable(DeskhandError):
    """The vector store cannot be reached or opened."""


def make_client(*, home: Path, url: str | None):
    import chromadb

    cfg = chromadb.Settings(anonymized_telemetry=False)
    try:
        if url:
            parts = urlparse(url if "://" in url else f"http://{url}")
            return chromadb.HttpClient(
                host=parts.hostname or "localhost",
                port=parts.port or (443 if parts.scheme == "https" else 8000),
                ssl=parts.scheme == "https",
                settings=cfg,
            )
        path = home / "index" / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path.resolve()), settings=cfg)
    except Exception as exc:
        log.error("cannot open the vector store: %r", exc)
        where = f"the Chroma server at {url}" if url else f"the index in {home / 'index'}"
        raise IndexUnavailable(
            f"Cannot open {where}. Check DESKHAND_CHROMA_URL and that the server runs, "
            "or delete the index folder and run `deskhand index --rebuild`."
        ) from exc


class VectorStore:
    """One Chroma collection per embedder (vectors of different models do not mix)."""

    def __init__(self, client, name: str, dim: int):
        self.client = client
        self.name = name
        self.dim = dim
        self._col = None

    @property
    def collection(self):
        if self._col is None:
            self._col = self.client.get_or_create_collection(
                self.name,
                embedding_function=None,
                configuration={"hnsw": HNSW},
                metadata={"dim": self.dim, "outbox_id": 0},
            )
        return self._col

    def exists(self) -> bool:
        names = {c if isinstance(c, str) else c.name for c in self.client.list_collections()}
        return self.name in names

    def reset(self) -> None:
        if self.exists():
            self.client.delete_collection(self.name)
        self._col = None

    def count(self) -> int:
        return self.collection.count()

    @property
    def watermark(self) -> int:
        """The highest outbox id whose change this collection holds."""
        return int((self.collection.metadata or {}).get("outbox_id", 0))

    @property
    def build(self) -> str:
        """A token that each full rebuild changes (snapshots of another build are stale)."""
        return str((self.collection.metadata or {}).get("build", ""))

    @property
    def model(self) -> str:
        """Which weights of the embedder made these vectors ("" when not recorded)."""
        return str((self.collection.metadata or {}).get("model", ""))

    def set_state(self, *, outbox_id: int, built: bool, **labels: str) -> None:
        """Record the outbox watermark, and labels such as `build` and `model`."""
        meta = {k: v for k, v in (self.collection.metadata or {}).items() if ":" not in k}
        meta.update(outbox_id=int(outbox_id), built=built, dim=self.dim, **labels)
        self.collection.modify(metadata=meta)

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        for start in range(0, len(chunks), PAGE):
            part = chunks[start : start + PAGE]
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[start : start + PAGE],
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), PAGE):
            self.collection.delete(ids=list(ids[start : start + PAGE]))

    def vectors_of(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of those ids that exist (another process may have embedded them)."""
        if not ids:
            return {}
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        pairs = zip(got["ids"], got["embeddings"], strict=True)
        return {i: np.asarray(v, dtype=np.float32) for i, v in pairs}

    def all_ids(self) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=PAGE * 5, offset=offset)
            out.update(got["ids"])
            if len(got["ids"]) < PAGE * 5:
                return out
            offset += PAGE * 5

    def pages(self) -> Iterator[tuple[list[Chunk], np.ndarray]]:
        """Every stored chunk with its vector, a page at a time."""
        offset = 0
        while True:
            got = self.collection.get(
                include=["embeddings", "documents", "metadatas"], limit=PAGE, offset=offset
            )
            if not got["ids"]:
                return
            chunks = [
                Chunk.from_stored(i, d, m)
                for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            ]
            yield chunks, np.asarray(got["embeddings"], dtype=np.float32).reshape(-1, self.dim)
            if len(got["ids"]) < PAGE:
                return
            offset += PAGE
