"""The explicit list of tools, who is offered which, and their LangChain form."""

from __future__ import annotations

import inspect
import json
import logging
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from langchain.tools import ToolRuntime
from langchain_core.tools import StructuredTool
from pydantic import BaseModel, ValidationError

from assistant.crm.actions import Proposal
from assistant.errors import DeskhandError
from tools import cases, deals, interactions, knowledge, records, reports, work
from tools.context import ToolContext

log = logging.getLogger(__name__)

STAFF = frozenset({"rep", "support", "manager", "admin"})
CUSTOMER = frozenset({"customer"})
EVERYONE = STAFF | CUSTOMER | {"anonymous"}


@dataclass(frozen=True)
class ToolSpec:
    fn: Callable[..., Any]
    roles: frozenset[str]

    @property
    def name(self) -> str:
        return self.fn.__name__


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(records.find_accounts, STAFF),
    ToolSpec(records.find_contacts, STAFF | CUSTOMER),
    ToolSpec(records.find_deals, frozenset({"rep", "manager", "admin"})),
    ToolSpec(records.find_cases, STAFF | CUSTOMER),
    ToolSpec(records.account_overview, STAFF),
    ToolSpec(work.log_activity, frozenset({"rep", "support", "admin"})),
    ToolSpec(work.create_task, frozenset({"rep", "support", "admin"})),
    ToolSpec(deals.create_deal, frozenset({"rep", "manager", "admin"})),
    ToolSpec(deals.update_deal, frozenset({"rep", "manager", "admin"})),
    ToolSpec(deals.move_deal_stage, frozenset({"rep", "manager", "admin"})),
    ToolSpec(cases.open_case, frozenset({"rep", "support", "admin", "customer"})),
    ToolSpec(cases.comment_on_case, frozenset({"rep", "support", "admin", "customer"})),
    ToolSpec(cases.update_case, frozenset({"rep", "support", "admin"})),
    ToolSpec(cases.escalate_case, frozenset({"rep", "support", "admin"})),
    ToolSpec(cases.resolve_case, frozenset({"rep", "support", "admin"})),
    ToolSpec(knowledge.search_knowledge, EVERYONE),
    ToolSpec(interactions.search_interactions, STAFF | CUSTOMER),
    ToolSpec(reports.pipeline_summary, frozenset({"rep", "manager", "admin"})),
    ToolSpec(reports.support_metrics, frozenset({"rep", "support", "manager", "admin"})),
)
BY_NAME = {spec.name: spec for spec in TOOLS}


def specs_for(role: str) -> list[ToolSpec]:
    return [spec for spec in TOOLS if role in spec.roles]


def to_data(result: Any) -> Any:
    """A tool result as JSON-ready data."""
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [to_data(item) for item in result]
    return result


def to_text(result: Any) -> str:
    """What the model reads back from a tool."""
    if isinstance(result, Proposal):
        return (
            f"PROPOSED, NOT DONE YET. Waiting for the user to confirm action {result.id}: "
            f"{result.preview} Tell the user exactly this and that it needs their "
            "confirmation."
        )
    data = to_data(result)
    if data == []:
        return "No matching records that you can see."
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def call(spec: ToolSpec, ctx: ToolContext, args: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Run a tool for a context; returns (text for the model, {"ok", "result" | "error"})."""
    try:
        result = spec.fn(ctx, **args)
    except DeskhandError as exc:
        return f"Error: {exc}", {"ok": False, "error": str(exc)}
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors()
        )
        text = f"Invalid arguments ({problems}). Fix them and try again."
        return f"Error: {text}", {"ok": False, "error": text}
    except Exception:
        log.exception("tool %s failed", spec.name)
        text = f"{spec.name} failed unexpectedly; nothing was changed."
        return f"Error: {text}", {"ok": False, "error": text}
    return to_text(result), {"ok": True, "result": to_data(result)}


def as_langchain(spec: ToolSpec) -> StructuredTool:
    """A LangChain tool whose caller comes from the runtime context, not from the model."""
    hints = typing.get_type_hints(spec.fn)
    params = list(inspect.signature(spec.fn).parameters.values())[1:]
    runtime = inspect.Parameter(
        "runtime", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=ToolRuntime[ToolContext]
    )
    params = [p.replace(annotation=hints[p.name]) for p in params]

    def run(runtime: ToolRuntime[ToolContext], **kwargs: Any) -> tuple[str, dict[str, Any]]:
        return call(spec, runtime.context, kwargs)

    run.__name__ = spec.name
    run.__doc__ = spec.fn.__doc__
    run.__signature__ = inspect.Signature([runtime, *params])
    run.__annotations__ = {
        "runtime": ToolRuntime[ToolContext],
        **{p.name: p.annotation for p in params},
    }
    tool = StructuredTool.from_function(
        run,
        name=spec.name,
        parse_docstring=True,
        response_format="content_and_artifact",
        error_on_invalid_docstring=True,
    )
    tool.description = re.sub(r"(?<!\n)\n(?!\n)", " ", tool.description)
    return tool
