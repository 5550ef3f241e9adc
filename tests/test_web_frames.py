"""Answer tokens reach the widget in fewer frames, in order, and never wait for the next one."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from bots.web.frames import FLUSH_S, TokenFrames


class Recorder:
    """Stands in for a ChatSession: records the frames it is asked to send."""

    def __init__(self) -> None:
        self.frames: list[tuple[float, str]] = []
        self.tasks: set[asyncio.Task] = set()
        self.hub = SimpleNamespace(background=self._background)

    def _background(self, work) -> None:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def send(self, type: str, **data) -> None:
        assert type == "token"
        self.frames.append((time.monotonic(), data["text"]))


def test_first_token_goes_at_once_and_a_burst_shares_a_frame():
    async def scenario() -> Recorder:
        session = Recorder()
        frames = TokenFrames(session)
        for word in ["The", " answer", " is", " here."]:
            await frames.add(word)
        assert [text for _, text in session.frames] == ["The"]
        await asyncio.sleep(FLUSH_S * 3)  # no more tokens: the rest goes out on its own
        return session

    session = asyncio.run(scenario())
    assert [text for _, text in session.frames] == ["The", " answer is here."]
    assert session.frames[1][0] - session.frames[0][0] < FLUSH_S * 2


def test_a_steady_stream_keeps_its_order_in_fewer_frames():
    words = [f"w{i} " for i in range(40)]

    async def scenario() -> Recorder:
        session = Recorder()
        frames = TokenFrames(session)
        for word in words:  # 40 tokens/s, like a hosted model
            await frames.add(word)
            await asyncio.sleep(0.025)
        await frames.flush()  # what the answer does before its final message
        return session

    session = asyncio.run(scenario())
    assert "".join(text for _, text in session.frames) == "".join(words)
    assert len(session.frames) < 30
