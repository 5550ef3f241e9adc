"""Sentence embeddings for intent matching: the same MiniLM instance retrieval uses."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def embed(texts: list[str], *, cache_dir: Path | None = None) -> np.ndarray:
    """Unit-length embeddings, one row per text (ONNX Runtime when the export is cached)."""
    from retrieval.embedder import get_embedder

    model = get_embedder("minilm", cache_dir=cache_dir)
    if len(texts) == 1:
        return model.embed_query(texts[0]).reshape(1, -1)
    return model.embed_documents(texts)
