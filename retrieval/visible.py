"""The rows each principal may see, cached between searches.

Working out a principal's rows costs SQL (their accounts and cases) and a scan of every row;
both are kept per principal and only the rows appended since are scanned on the next search.
An entry is dropped when the table is replaced, after `ttl_s`, or when an applied outbox
event may change who sees what (`invalidate`): account owners for a rep's or manager's book,
cases for a customer's or a team's cases, any other entity for everyone. A stale entry can
only let extra candidates in (removed by the SQL re-check of the hits, `retrieval.recheck`)
or leave some out until it expires; it can never show a record the caller may not see now.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Select

from assistant.crm.db import Store
from assistant.crm.principal import Principal
from retrieval.recheck import statements
from retrieval.scoping import Sets, mask_of, scope_sets
from retrieval.table import ChunkTable

# Events about these change only their own chunks (columns of the table), never the sets.
ROW_ONLY = frozenset({"activities", "articles"})
# The tables behind each role's sets (`retrieval.scoping.scope_sets`).
DEPENDS = {
    "rep": frozenset({"accounts"}),
    "manager": frozenset({"accounts", "cases"}),
    "customer": frozenset({"cases"}),
}


@dataclass
class Visible:
    """Rows 0..n-1 that a principal may see (dead rows may linger: check `alive`)."""

    table: ChunkTable
    sets: Sets
    epoch: int
    born: float
    mask: np.ndarray
    rows: np.ndarray
    recheck: dict[str, Select]  # `retrieval.recheck.statements` of this principal

    @property
    def n(self) -> int:
        return len(self.mask)


class ScopeCache:
    def __init__(self, *, size: int = 128, ttl_s: float = 30.0):
        self.size = size
        self.ttl_s = ttl_s
        self.epoch = 0
        self._entries: OrderedDict[Principal, Visible] = OrderedDict()

    def invalidate(self, changed: Iterable[str] | None = None) -> None:
        """Who sees what may have changed: outbox events about these tables (None: any)."""
        tables = None if changed is None else set(changed) - ROW_ONLY
        if tables is not None and not tables:
            return
        if tables is None or tables - {"accounts", "cases"}:
            self.epoch += 1
            self._entries.clear()
            return
        for p in [p for p in self._entries if DEPENDS.get(p.role, frozenset()) & tables]:
            del self._entries[p]

    def visible(self, p: Principal, t: ChunkTable, store: Store) -> Visible:
        """`p`'s rows in `t` (callers hold the index lock)."""
        v = self._entries.get(p)
        now = time.monotonic()
        if v is None or v.table is not t or v.epoch != self.epoch or now - v.born > self.ttl_s:
            sets: Sets = {}
            if p.role in ("customer", "rep", "manager"):
                with store.read() as s:
                    sets = scope_sets(s, p)
            empty = np.zeros(0, dtype=bool)
            recheck = v.recheck if v is not None else statements(p)
            v = Visible(t, sets, self.epoch, now, empty, np.zeros(0, dtype=np.int64), recheck)
        if v.n < t.n:
            more = mask_of(p, v.sets, t, v.n, t.n)
            v.rows = np.concatenate([v.rows, v.n + np.flatnonzero(more)])
            v.mask = np.concatenate([v.mask, more])
        self._entries[p] = v
        self._entries.move_to_end(p)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return v
