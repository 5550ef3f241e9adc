"""Helpers shared by the search-index tests."""

from __future__ import annotations

from assistant.crm.db import Store
from assistant.crm.principal import Principal, principal_for_email


def person(store: Store, email: str) -> Principal:
    """The principal a channel would bind for `email`."""
    with store.read() as s:
        return principal_for_email(s, email)


def keys(hits) -> list[str]:
    """The chunk keys of search hits, best first."""
    return [h.chunk.key for h in hits]
