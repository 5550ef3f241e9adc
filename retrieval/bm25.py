"""BM25 over chunk rows: a bm25s index of the bulk plus a small delta kept fresh in memory.

bm25s cannot add documents to a built index, so rows added since the last build (new and
edited records) are scored here with the bulk's statistics (document count, document
frequencies, average length); `rebuild` folds them in when the delta grows. Tokens keep codes
whole as well as in parts: "E-4012" gives `e-4012`, `e` and `4012`, and "INV-2026-0412"
is found by its exact token.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

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

    def scores(self, query: str, n_rows: int) -> np.ndarray:
        """A BM25 score per row (0 where no query token occurs)."""
        out = np.zeros(n_rows, dtype=np.float32)
        tokens = list(dict.fromkeys(self.tokenize(query)))
        if not tokens:
            return out
        if self._bm25 is not None and self.n_main:
            out[: self.n_main] = self._bm25.get_scores(tokens)[: self.n_main]
        if self._delta_len:
            n_docs = self.n_main + len(self._delta_len)
            for tok in tokens:
                postings = self._delta.get(tok)
                if not postings:
                    continue
                df = self._df.get(tok, 0) + len(postings)
                idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
                for row, tf in postings.items():
                    norm = K1 * (1 - B + B * self._delta_len[row] / self._avgdl)
                    if row < n_rows:
                        out[row] += idf * tf / (tf + norm)
        return out
