"""Hand the turn's ToolContext to the built-in engine, which resolves names in scope."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest

from tools.context import ToolContext

current: ContextVar[ToolContext | None] = ContextVar("deskhand_tool_context", default=None)


class ShareContext(AgentMiddleware):
    """Makes the caller's context visible to the model call (never to the model's output)."""

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], Any]) -> Any:
        token = current.set(request.runtime.context if request.runtime else None)
        try:
            return handler(request)
        finally:
            current.reset(token)
