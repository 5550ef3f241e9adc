"""Errors deskhand raises on purpose.

    DeskhandError
    ├── NotFound            the record does not exist or is outside the caller's scope
    ├── NotAllowed          the caller may see the record but not do this to it
    ├── InvalidInput        an argument is malformed or out of range
    ├── Conflict            the record changed since the action was proposed, or it already ran
    ├── NeedsConfirmation   a write that must be confirmed by the user first
    ├── ProviderError       the model provider failed (timeout, rate limit, bad reply)
    └── StoreUnavailable    the database is down, locked too long or not migrated

The message of each is safe to show the user or the model; details go to the log.
"""

from __future__ import annotations


class DeskhandError(Exception):
    """Base of all deliberate deskhand errors; `str(err)` is safe to show."""


class NotFound(DeskhandError):
    """The record does not exist or the caller may not see it (existence does not leak)."""


class NotAllowed(DeskhandError):
    """The caller may not perform this action."""


class InvalidInput(DeskhandError):
    """An argument is malformed or out of range."""


class Conflict(DeskhandError):
    """The record changed since the action was proposed, or the action already ran."""


class NeedsConfirmation(DeskhandError):
    """A write was proposed and waits for the user's confirmation."""


class ProviderError(DeskhandError):
    """The model provider failed; the message says what the user can do."""


class StoreUnavailable(DeskhandError):
    """The database cannot be used right now."""
