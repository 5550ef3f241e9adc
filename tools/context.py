"""The runtime context every tool reads the caller from (never from its arguments)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from assistant.crm.actions import Proposal, propose
from assistant.crm.db import Store
from assistant.crm.enums import Channel
from assistant.crm.models import utcnow
from assistant.crm.principal import Principal
from assistant.crm.writes import WriteOp
from assistant.errors import DeskhandError


class TurnClosed(DeskhandError):
    """A tool ran after its turn ended."""


class Citation(BaseModel):
    """A source an answer rests on, for front ends to render as a link or label."""

    title: str
    url: str | None = None
    kind: str = "article"
    # Interactions (activity, comment, case) also say what, when and with whom.
    type: str | None = None
    date: str | None = None
    account: str | None = None


@dataclass
class ToolContext:
    """Bound per turn by the channel: who is asking, where, and what the turn collected."""

    store: Store
    principal: Principal
    channel: Channel
    thread_id: str | None = None
    pending_ttl_s: int = 3600
    clock: datetime | None = None
    proposals: list[Proposal] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    closed: bool = False
    turn_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    # The retrieval index (retrieval.index.SearchIndex); None falls back to the store. Typed
    # loosely because LangChain builds a pydantic schema of this context for every tool.
    search: Any = None

    def now(self) -> datetime:
        return self.clock or utcnow()

    def propose(self, op: WriteOp) -> Proposal:
        if self.closed:  # the turn already ended (e.g. timed out); nobody will see this
            raise TurnClosed("This turn has ended; nothing was proposed.")
        proposal = propose(
            self.store,
            self.principal,
            op,
            channel=self.channel,
            thread_id=self.thread_id,
            ttl_s=self.pending_ttl_s,
            turn_id=self.turn_id,
        )
        self.proposals.append(proposal)
        return proposal

    def cite(self, citation: Citation) -> None:
        if citation not in self.citations:
            self.citations.append(citation)
