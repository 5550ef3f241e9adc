"""Answer tokens to the widget in fewer WebSocket frames.

The first token goes out at once; after that, what has accumulated goes out at most every
`FLUSH_S`, so a 40 tokens/s stream takes about half the frames (and a busy server sends one
frame for many tokens instead of falling behind). Everything else flushes the tokens first.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bots.web.session import ChatSession

FLUSH_S = 0.05


class TokenFrames:
    def __init__(self, session: ChatSession):
        self.session = session
        self.loop = asyncio.get_running_loop()
        self.parts: list[str] = []
        self.sent_at = float("-inf")
        self.timer: asyncio.TimerHandle | None = None

    async def add(self, text: str) -> None:
        self.parts.append(text)
        if self.timer is not None:
            return  # a flush is due soon and takes this token along
        due = self.sent_at + FLUSH_S
        if due <= self.loop.time():
            await self.flush()
        else:
            self.timer = self.loop.call_at(due, self._due)

    def _due(self) -> None:
        self.timer = None
        self.session.hub.background(self.flush())

    async def flush(self) -> None:
        """Send the waiting tokens now, as one frame. Frames keep their order: the text is
        taken and queued on the session's send lock in one step."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.parts:
            return
        text = "".join(self.parts)
        self.parts.clear()
        self.sent_at = self.loop.time()
        await self.session.send("token", text=text)
