"""A chat model that plays a fixed list of steps: for tests, demos and external checks.

Steps (a JSON list in `DESKHAND_MODEL=scripted:PATH`), one per model call:
    {"tool": NAME, "args": {...}}             call one tool
    {"tools": [{"tool": ..., "args": ...}]}   call several tools at once
    {"say": TEXT}                             answer and end the turn
    {"fail": "timeout" | "rate_limit" | "server_error"}   fail like a provider would
    {"malformed": TEXT}                       a tool call whose arguments are not JSON
    {"sleep": SECONDS, ...}                   wait first, then do the rest of the step
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import openai
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from assistant.errors import InvalidInput, ProviderError
from assistant.streaming import stream_message

Step = dict[str, Any]
STEP_KEYS = {"tool", "tools", "say", "fail", "malformed", "sleep", "args"}


def load_script(path: str | Path) -> list[Step]:
    """Read and check a script file."""
    try:
        steps = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"Cannot read the script {path}: {exc}") from exc
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        raise InvalidInput(f"The script {path} must be a JSON list of step objects.")
    for i, step in enumerate(steps):
        if not step.keys() <= STEP_KEYS or not step.keys() & (STEP_KEYS - {"sleep", "args"}):
            raise InvalidInput(f"Step {i} of {path} is not a known step: {step}")
    return steps


def _provider_failure(kind: str) -> Exception:
    request = httpx.Request("POST", "http://scripted.invalid/v1/chat/completions")
    if kind == "timeout":
        return openai.APITimeoutError(request=request)
    status = {"rate_limit": 429, "server_error": 500}.get(kind, 500)
    cls = openai.RateLimitError if status == 429 else openai.InternalServerError
    return cls(f"scripted {kind}", response=httpx.Response(status, request=request), body=None)


class ScriptedChatModel(BaseChatModel):
    """Plays `steps` in order, one per call, across turns."""

    steps: list[Step]
    _position: int = PrivateAttr(default=0)

    @property
    def _llm_type(self) -> str:
        return "deskhand-scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        return self

    def _next(self) -> Step:
        if self._position >= len(self.steps):
            raise ProviderError("The scripted model has no steps left.")
        step = self.steps[self._position]
        self._position += 1
        if delay := step.get("sleep"):
            time.sleep(float(delay))
        if kind := step.get("fail"):
            raise _provider_failure(kind)
        return step

    @staticmethod
    def _message(step: Step) -> AIMessage:
        if "say" in step:
            return AIMessage(content=str(step["say"]))
        if "malformed" in step:
            return AIMessage(
                content="",
                invalid_tool_calls=[
                    {
                        "name": "unknown",
                        "args": str(step["malformed"]),
                        "id": _call_id(),
                        "error": "arguments are not valid JSON",
                        "type": "invalid_tool_call",
                    }
                ],
            )
        calls = step.get("tools") or [step]
        return AIMessage(
            content="",
            tool_calls=[
                {
                    "name": c["tool"],
                    "args": dict(c.get("args") or {}),
                    "id": _call_id(),
                    "type": "tool_call",
                }
                for c in calls
            ],
        )

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._message(self._next()))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield from stream_message(self._message(self._next()), run_manager)


def _call_id() -> str:
    return f"call_{uuid.uuid4().hex[:12]}"
