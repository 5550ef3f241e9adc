"""BM25 over chunk rows: a bm25s index of the bulk plus a small delta kept fresh in memory.

bm25s cannot add documents to a built index, so rows added since the last build (new and
edited records) are scored here with the bulk's statistics (document count, document
frequencies, average length); `rebuild` folds them in when the delta grows. Tokens keep codes
whole as well as in parts: "E-4012" gives `e-4012`, `e` and `4012`, and "INV-2026-0412"
is found by its exact token. Scoring reads only the query tokens' postings (bm25s's
token-major sparse matrix) and only the caller's rows, never a score per row.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

TOKEN = re.compile(r"[^\W_]+(?:[-_./][^\W_]+)*")
_STOP = (
    "a an and are as at be but by can could did do does for from had has have how i if in "
    "into is it its me my no not of on or our so than that the their them then there these "
    "they this to us was we were what when where which who why will with would you your"
)
STOPWORDS = frozenset(_STOP.split())
K1, B = 1.5, 0.75


class Tokenizer:
    def __init__(self) -> None:
        self._stem = Stemmer.Stemmer("english").stemWord

    def __call__(self, text: str) -> list[str]:
        out: list[str] = []
        for tok in TOKEN.findall(text.lower()):
            if tok in STOPWORDS:
                continue
            if re.search(r"[-_./]", tok):
                out.append(tok)  # the exact code, e.g. e-4012, inv-2026-0412
                out.extend(self._stem(p) for p in re.split(r"[-_./]", tok) if p)
            else:
                out.append(self._stem(tok))
        return out


class Lexical:
    """BM25 scores for rows 0..n-1: rows < `n_main` in bm25s, the rest in the delta."""

    def __init__(self) -> None:
        self.tokenize = Tokenizer()
        self.n_main = 0
        self._bm25: bm25s.BM25 | None = None
        self._df: dict[str, int] = {}
        self._avgdl = 1.0
        self._delta: dict[str, dict[int, int]] = {}  # token -> {row: tf}
        self._delta_len: dict[int, int] = {}

    @property
    def delta_size(self) -> int:
        return len(self._delta_len)

    def build(self, texts: Sequence[str]) -> None:
        """Index these texts as rows 0..len-1 and forget the delta."""
        docs = [self.tokenize(t) or ["\x00"] for t in texts]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        bm25 = bm25s.BM25(k1=K1, b=B, method="lucene")
        if docs:
            bm25.index(docs, show_progress=False)
        self._bm25 = bm25 if docs else None
        self._df = dict(df)
        self._avgdl = (sum(len(d) for d in docs) / len(docs)) if docs else 1.0
        self.n_main = len(docs)
        self._delta, self._delta_len = {}, {}

    def add(self, row: int, text: str) -> None:
        """Score this row from the delta (rows >= n_main)."""
        tokens = self.tokenize(text)
        self._delta_len[row] = len(tokens)
        for tok, tf in Counter(tokens).items():
            self._delta.setdefault(tok, {})[row] = tf

    def top(self, query: str, allowed: np.ndarray, depth: int) -> np.ndarray:
        """Rows with `allowed[row]` of the `depth` best BM25 scores (all above 0), best first."""
        tokens = list(dict.fromkeys(self.tokenize(query)))
        rows, scores = self._main(tokens, allowed)
        extra = self._in_delta(tokens, allowed)
        if extra:
            rows = np.concatenate([rows, np.fromiter(extra.keys(), np.int64, len(extra))])
            scores = np.concatenate([scores, np.fromiter(extra.values(), np.float64, len(extra))])
        if rows.size > depth:
            part = np.argpartition(-scores, depth)[:depth]
            rows, scores = rows[part], scores[part]
        return rows[np.argsort(-scores, kind="stable")]

    def _main(self, tokens: list[str], allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        none = np.zeros(0, np.int64), np.zeros(0, np.float64)
        if self._bm25 is None:
            return none
        vocab, sparse = self._bm25.vocab_dict, self._bm25.scores
        ptr = sparse["indptr"]
        ids = [vocab[t] for t in tokens if t in vocab and vocab[t] < len(ptr) - 1]
        if not ids:
            return none
        rows = np.concatenate([sparse["indices"][ptr[i] : ptr[i + 1]] for i in ids])
        vals = np.concatenate([sparse["data"][ptr[i] : ptr[i + 1]] for i in ids])
        keep = allowed[rows]
        rows, vals = rows[keep].astype(np.int64), vals[keep].astype(np.float64)
        if len(ids) == 1:
            return rows, vals
        summed = np.bincount(rows, weights=vals)
        rows = np.flatnonzero(summed)
        return rows, summed[rows]

    def _in_delta(self, tokens: list[str], allowed: np.ndarray) -> dict[int, float]:
        out: dict[int, float] = {}
        if not self._delta_len:
            return out
        n_docs = self.n_main + len(self._delta_len)
        for tok in tokens:
            postings = self._delta.get(tok)
            if not postings:
                continue
            df = self._df.get(tok, 0) + len(postings)
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            for row, tf in postings.items():
                if row < len(allowed) and allowed[row]:
                    norm = K1 * (1 - B + B * self._delta_len[row] / self._avgdl)
                    out[row] = out.get(row, 0.0) + idf * tf / (tf + norm)
        return out

    # --- persistence (see retrieval.snapshot) -------------------------------------------
    def save(self, folder: Path) -> None:
        """Write the bulk index (not the delta) to `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(folder / "bm25s"), show_progress=False)
        meta = {"n_main": self.n_main, "avgdl": self._avgdl}
        (folder / "lexical.json").write_text(json.dumps(meta), encoding="utf-8")

    def load(self, folder: Path) -> None:
        """Read what `save` wrote and forget the delta."""
        meta = json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
        self._bm25, self._df = None, {}
        if meta["n_main"]:
            bm25 = bm25s.BM25.load(str(folder / "bm25s"), show_progress=False)
            counts = np.diff(bm25.scores["indptr"]).tolist()  # documents per token
            self._df = {t: counts[i] for t, i in bm25.vocab_dict.items() if i < len(counts)}
            self._bm25 = bm25
        self.n_main, self._avgdl = meta["n_main"], meta["avgdl"]
        self._delta, self._delta_len = {}, {}
