"""What the conversation was last about, so "it" and "that deal" resolve to a record."""

from __future__ import annotations

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from assistant.brain.gazetteer import Entity, Gazetteer

REF_ARGS = {"deal": "deal", "contact": "contact", "account": "account", "case": "case"}


def _from_result(result: object, g: Gazetteer, found: dict[str, Entity]) -> None:
    """Records a tool result speaks of, when it speaks of exactly one of a kind."""
    if isinstance(result, dict) and "account" in result and isinstance(result["account"], dict):
        acc = result["account"]
        if entity := g.get("account", acc.get("id")):
            found.setdefault("account", entity)
        for kind, key in (("deal", "deals"), ("case", "cases"), ("contact", "contacts")):
            items = result.get(key) or []
            if len(items) == 1 and (entity := g.get(kind, items[0].get("id"))):
                found.setdefault(kind, entity)
        return
    items = result if isinstance(result, list) else []
    if len(items) != 1 or not isinstance(items[0], dict):
        return
    item = items[0]
    kind = (
        "case"
        if "number" in item
        else "deal"
        if "stage" in item
        else "contact"
        if "email" in item and "account_id" in item
        else "account"
        if "lifecycle" in item
        else None
    )
    if kind and (entity := g.get(kind, item.get("id"))):
        found.setdefault(kind, entity)
        if kind != "account" and (acc := g.get("account", item.get("account_id"))):
            found.setdefault("account", acc)


def recent_records(messages: list[BaseMessage], g: Gazetteer) -> dict[str, Entity]:
    """The latest record of each kind the conversation touched, newest first."""
    found: dict[str, Entity] = {}
    for message in reversed(messages):
        if isinstance(message, ToolMessage) and isinstance(message.artifact, dict):
            _from_result(message.artifact.get("result"), g, found)
        elif isinstance(message, AIMessage):
            for call in message.tool_calls:
                for arg, kind in REF_ARGS.items():
                    value = call["args"].get(arg)
                    if not value or kind in found:
                        continue
                    entity = _resolve(str(value), kind, g)
                    if entity:
                        found[kind] = entity
                        if kind != "account" and (acc := g.get("account", entity.account_id)):
                            found.setdefault("account", acc)
    return found


def _resolve(value: str, kind: str, g: Gazetteer) -> Entity | None:
    if value.isdigit():
        return g.get(kind, int(value))
    mentions = [m for m in g.find(value, kinds={kind}) if m.entity]
    return mentions[0].entity if mentions else None
