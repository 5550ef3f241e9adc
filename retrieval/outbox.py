"""Commits of outbox events made in this process, counted so a search here syncs first.

Searches check the outbox at most every `SearchIndex.stale_after_s` (a database round trip
each time otherwise); a change committed by this very process (a call logged in the CLI, a
confirmed action in the server) bumps this counter, so the next search syncs at once.
"""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

from assistant.crm.models import OutboxEvent

_lock = threading.Lock()
_state = {"commits": 0, "watching": False}
_FLAG = "deskhand_outbox"


def watch() -> None:
    """Start counting (idempotent); called when an index is made, never at import."""
    with _lock:
        if not _state["watching"]:
            event.listen(Session, "after_flush", _flushed)
            event.listen(Session, "after_commit", _committed)
            _state["watching"] = True


def commits() -> int:
    """How many commits in this process have added outbox events so far."""
    return _state["commits"]


def _flushed(session: Session, _context) -> None:
    if any(isinstance(obj, OutboxEvent) for obj in session.new):
        session.info[_FLAG] = True


def _committed(session: Session) -> None:
    if session.info.pop(_FLAG, False):
        with _lock:
            _state["commits"] += 1
