"""The LangChain agent: model, role-filtered tools and a system prompt per role and channel."""

from __future__ import annotations

from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel

from tools.context import ToolContext
from tools.registry import as_langchain, specs_for


def build_agent(model: BaseChatModel, role: str) -> Any:
    """A compiled agent graph offering only the tools of `role`.

    The system prompt is passed per turn (it carries the caller's name and today's date),
    and the caller reaches the tools through `context=ToolContext(...)`.
    """
    from assistant.brain.context import ShareContext

    tools = [as_langchain(spec) for spec in specs_for(role)]
    return create_agent(model, tools, context_schema=ToolContext, middleware=[ShareContext()])


def tool_catalog(role: str) -> list[dict[str, Any]]:
    """Name, description and JSON-schema parameters of each tool offered to `role`."""
    catalog = []
    for spec in specs_for(role):
        tool = as_langchain(spec)
        schema = tool.tool_call_schema.model_json_schema()
        schema.pop("title", None)
        schema.pop("description", None)
        catalog.append({"name": tool.name, "description": tool.description, "parameters": schema})
    return catalog
