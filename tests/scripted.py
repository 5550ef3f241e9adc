"""Helpers to drive the real agent with a scripted model."""

from __future__ import annotations

from typing import Any

from assistant.crm.db import Store
from assistant.runner import Assistant
from assistant.scripted import ScriptedChatModel
from assistant.settings import Settings


def call(tool: str, **args: Any) -> dict[str, Any]:
    return {"tool": tool, "args": args}


def say(text: str) -> dict[str, Any]:
    return {"say": text}


def assistant(store: Store, settings: Settings, *steps: dict[str, Any]) -> Assistant:
    return Assistant(settings, store, model=ScriptedChatModel(steps=list(steps)))
