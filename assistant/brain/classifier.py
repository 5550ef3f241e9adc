"""Rank intents for a request: similarity to example requests, boosted by patterns."""

from __future__ import annotations

import json
import threading
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.brain.embedding import embed
from assistant.brain.intents import INTENTS, Intent
from assistant.brain.lexicon import normalize
from assistant.brain.shorthand import expand

PATTERN_BOOST = 0.3
UNMATCHED_PENALTY = 0.1


def labelled_examples() -> list[tuple[str, str]]:
    """Requests labelled with their intent (examples.jsonl, made by evals.brain.examples)."""
    text = resources.files("assistant.brain").joinpath("examples.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [(row["intent"], row["text"]) for row in rows]


class IntentClassifier:
    def __init__(
        self,
        intents: tuple[Intent, ...] = INTENTS,
        *,
        cache_dir: Path | None = None,
        examples: list[tuple[str, str]] | None = None,
    ):
        self.intents = intents
        self.cache_dir = cache_dir
        self.examples = examples  # (intent, request); None: the packaged examples.jsonl
        self._matrix: np.ndarray | None = None
        self._owner: list[int] = []
        self._lock = threading.Lock()

    def _examples(self) -> np.ndarray:
        with self._lock:
            if self._matrix is None:
                texts, owner = [], []
                index = {intent.name: i for i, intent in enumerate(self.intents)}
                for i, intent in enumerate(self.intents):
                    texts.extend(intent.examples)
                    owner.extend([i] * len(intent.examples))
                examples = labelled_examples() if self.examples is None else self.examples
                for name, text in examples:
                    if name in index:
                        texts.append(expand(text))
                        owner.append(index[name])
                self._matrix = embed(texts, cache_dir=self.cache_dir)
                self._owner = owner
            return self._matrix

    def warm(self) -> None:
        self._examples()

    def rank(self, text: str, *, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """(intent, score) best first; scores are cosine similarities plus pattern boosts."""
        matrix = self._examples()
        sims = matrix @ embed([text], cache_dir=self.cache_dir)[0]
        best = np.full(len(self.intents), -1.0)
        np.maximum.at(best, self._owner, sims)
        norm = normalize(text)
        matched = {intent.name for intent in self.intents if intent.matches(norm)}
        # When a request says what it wants in so many words, similarity alone should not win.
        miss = -UNMATCHED_PENALTY if matched else 0.0
        ranked = []
        for i, intent in enumerate(self.intents):
            if allowed is not None and intent.name not in allowed:
                continue
            score = float(best[i]) + (PATTERN_BOOST if intent.name in matched else miss)
            ranked.append((intent.name, round(score, 4)))
        return sorted(ranked, key=lambda x: -x[1])
