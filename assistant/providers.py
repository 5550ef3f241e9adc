"""Pick the chat model from settings; only this module knows which provider runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ProviderError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


BUILTIN_LIMITS = (
    "built-in request engine (no LLM, runs offline): understands clear requests to log calls "
    "and meetings, create tasks, find and show records, create, update and move deals, open, "
    "comment on, escalate and resolve cases, answer how-to questions from the knowledge base "
    "with a citation, and summarise pipeline and support figures. It asks when unsure and is "
    "not a general chatbot; connect an LLM (DESKHAND_MODEL) for open-ended conversation."
)


def describe(settings: Settings) -> str:
    """One line on which brain runs, for `deskhand doctor` and start-up logs."""
    spec = settings.model
    if not spec or spec == "builtin":
        return BUILTIN_LIMITS
    if spec.startswith("scripted:"):
        return f"scripted model from {spec.removeprefix('scripted:')}"
    if spec.startswith("gguf:"):
        return (
            f"local GGUF model {spec.removeprefix('gguf:')} through llama.cpp: it picks "
            "tools under a JSON-schema grammar; answers come from templates over tool "
            "results. Small models choose tools poorly (see docs/brain-bench.md)."
        )
    name = spec.removeprefix("openai:")
    return f"OpenAI-compatible model {name!r} at {settings.base_url or 'api.openai.com'}"


def build_chat_model(settings: Settings) -> BaseChatModel:
    spec = settings.model
    if not spec or spec == "builtin":
        from assistant.brain.engine import BuiltinChatModel

        return BuiltinChatModel(model_cache=settings.model_cache or settings.home / "models")
    if spec.startswith("gguf:"):
        from assistant.brain.gguf import GgufChatModel, smollm2_path

        path = spec.removeprefix("gguf:")
        return GgufChatModel(path=str(smollm2_path() if path == "smollm2" else Path(path)))
    if spec.startswith("scripted:"):
        from assistant.scripted import ScriptedChatModel, load_script

        return ScriptedChatModel(steps=load_script(spec.removeprefix("scripted:")))
    from langchain_openai import ChatOpenAI

    key = settings.api_key.get_secret_value() if settings.api_key else None
    if key is None and settings.base_url is None:
        raise ProviderError(
            "DESKHAND_MODEL names a hosted model but DESKHAND_API_KEY is not "
            "set; set it, or point DESKHAND_BASE_URL at a local server."
        )
    return ChatOpenAI(
        model=spec.removeprefix("openai:"),
        base_url=settings.base_url,
        api_key=key or "not-needed",
        timeout=settings.model_timeout_s,
        max_retries=1,
        temperature=0,
    )
