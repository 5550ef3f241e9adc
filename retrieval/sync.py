"""Keeping the index fresh in a running process: a thread that applies the outbox."""

from __future__ import annotations

import logging
import threading

from retrieval.index import SearchIndex

log = logging.getLogger(__name__)


class BackgroundSyncer:
    """Calls `index.sync()` every `interval_s` until stopped (servers run one of these).

    The first pass loads the index, so a server's first search does not wait for it. A
    change committed by any process is searchable within about `interval_s` plus the time
    to embed it, with or without searches; an index with nothing on disk is left alone.
    """

    def __init__(self, index: SearchIndex, *, interval_s: float = 0.25):
        self.index = index
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.errors = 0

    def start(self) -> BackgroundSyncer:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="deskhand-index", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def __enter__(self) -> BackgroundSyncer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.index.is_built():
                    self.index.sync()
            except Exception:  # a busy database or a slow Chroma server: try again next tick
                self.errors += 1
                log.warning("index sync failed; retrying", exc_info=self.errors <= 3)
            self._stop.wait(self.interval_s)
