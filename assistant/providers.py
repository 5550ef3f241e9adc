"""Pick the chat model from settings; only this module knows which provider runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ProviderError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

HOW_TO_CONFIGURE = (
    "No model is configured. Set DESKHAND_MODEL to an OpenAI-compatible model name "
    "(with DESKHAND_BASE_URL and DESKHAND_API_KEY for OpenAI, Ollama, vLLM or a llama.cpp "
    "server), or to scripted:PATH for a scripted model. See 'Connecting a model' in README.md."
)


def describe(settings: Settings) -> str:
    """One line on which brain runs, for `deskhand doctor` and start-up logs."""
    spec = settings.model
    if not spec:
        return "none configured"
    if spec.startswith("scripted:"):
        return f"scripted model from {spec.removeprefix('scripted:')}"
    name = spec.removeprefix("openai:")
    return f"OpenAI-compatible model {name!r} at {settings.base_url or 'api.openai.com'}"


def build_chat_model(settings: Settings) -> BaseChatModel:
    spec = settings.model
    if not spec:
        raise ProviderError(HOW_TO_CONFIGURE)
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
