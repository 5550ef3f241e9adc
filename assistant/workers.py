"""Daemon threads reused across turns.

Starting a thread per turn made the caller wait for the new thread to run (`Thread.start`
blocks until it has started), which stalls an event loop for milliseconds under load. Here a
new thread starts only when none is idle; idle ones wait for the next job and leave after a
while. Daemon threads: an abandoned turn never holds up the process's exit.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class Workers:
    """Runs jobs on as many daemon threads as there are jobs at once."""

    def __init__(self, name: str, *, idle_s: float = 60.0):
        self.name = name
        self.idle_s = idle_s
        self._jobs: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = (
            queue.SimpleQueue()
        )
        self._idle = 0
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` on an idle thread, or on a new one when none is idle."""
        with self._lock:
            spawn = self._idle == 0
            if not spawn:
                self._idle -= 1  # that thread is spoken for
        self._jobs.put((fn, args))
        if spawn:
            threading.Thread(target=self._work, name=self.name, daemon=True).start()

    def _work(self) -> None:
        while True:
            try:
                fn, args = self._jobs.get(timeout=self.idle_s)
            except queue.Empty:
                with self._lock:
                    if self._idle > 0:  # no job is on its way to this thread: leave
                        self._idle -= 1
                        return
                continue
            try:
                fn(*args)
            except Exception:  # the thread stays for the next job
                log.exception("%s failed", self.name)
            with self._lock:
                self._idle += 1
