"""What a turn streams to front ends, and what it adds up to."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

EventKind = Literal["token", "tool_start", "tool_end", "pending_action", "final", "error"]


class Event(BaseModel):
    """One streamed event: tokens of the answer, tool progress, a proposal, the end."""

    kind: EventKind
    data: dict[str, Any] = Field(default_factory=dict)


class ToolCallRecord(BaseModel):
    name: str
    args: dict[str, Any]
    ok: bool
    result: Any = None
    error: str | None = None


class TurnResult(BaseModel):
    """The whole turn, as `deskhand ask --json` prints it."""

    answer: str
    thread: str | None
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    pending_actions: list[dict[str, Any]] = Field(default_factory=list)
    citations: list[dict[str, Any]] = Field(default_factory=list)
    error: bool = False
