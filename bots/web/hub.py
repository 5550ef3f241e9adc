"""Everything the web app's routes share, built once per app by `create_app`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from assistant.crm.db import Store
from assistant.runner import Assistant
from assistant.settings import Settings
from bots.web.headers import split_list
from bots.web.limits import RateLimiter, SessionSlots
from bots.web.notify import Notifier


@dataclass
class Hub:
    settings: Settings
    store: Store
    assistant: Assistant
    notifier: Notifier
    relay_interval_s: float = 2.0
    sessions: SessionSlots = field(init=False)
    ip_connections: RateLimiter = field(init=False)
    ip_messages: RateLimiter = field(init=False)
    conversation_messages: RateLimiter = field(init=False)
    _background: set[asyncio.Task[Any]] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        cfg = self.settings

        def share(limit: int) -> int:  # each worker process enforces its part of a limit
            return max(1, -(-limit // cfg.web_workers))

        self.sessions = SessionSlots(share(cfg.web_max_sessions))
        self.ip_connections = RateLimiter(share(cfg.web_ip_connections_per_minute))
        self.ip_messages = RateLimiter(share(cfg.web_ip_messages_per_minute))
        self.conversation_messages = RateLimiter(cfg.web_messages_per_minute)
        self.allowed_origins = split_list(cfg.web_allowed_origins)
        self.extra_link_hosts = split_list(cfg.web_link_hosts)

    def link_hosts(self, own_host: str) -> list[str]:
        """Hosts the widget may link to: this server and the configured ones."""
        return [own_host.lower(), *self.extra_link_hosts]

    def background(self, work: Awaitable[Any]) -> None:
        """Run `work` without waiting for it, keeping a reference until it is done."""
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
