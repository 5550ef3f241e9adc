"""A conversation's history as the widget shows it, rebuilt from the stored thread.

Items: `user` messages, `assistant` answers (with their citations and action cards, cards in
their current state), a person's replies (`agent`) and `notice`s. Tool calls stay hidden.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from assistant.crm.db import Store
from assistant.crm.models import PendingAction, ThreadMessage

LIMIT = 200


def card(action: PendingAction) -> dict[str, Any]:
    result = action.result or {}
    return {
        "id": action.id,
        "preview": action.preview,
        "status": action.status.value,
        "summary": result.get("summary"),
    }


def _collect(data: dict[str, Any], citations: list, action_ids: list) -> None:
    artifact = data.get("artifact") or {}
    result = artifact.get("result") if isinstance(artifact, dict) else None
    if data.get("name") == "search_knowledge" and isinstance(result, list):
        for hit in result:
            cite = {"title": hit.get("title"), "url": hit.get("url")}
            if cite not in citations:
                citations.append(cite)
    elif isinstance(result, dict) and str(result.get("id", "")).startswith("act_"):
        action_ids.append(result["id"])


def load(store: Store, thread_id: str) -> list[dict[str, Any]]:
    with store.read() as s:
        rows = s.execute(
            select(ThreadMessage.seq, ThreadMessage.message)
            .where(ThreadMessage.thread_id == thread_id)
            .order_by(ThreadMessage.seq)
        ).all()
        actions = {
            a.id: card(a)
            for a in s.scalars(select(PendingAction).where(PendingAction.thread_id == thread_id))
        }
    items: list[dict[str, Any]] = []
    citations: list[dict[str, Any]] = []
    action_ids: list[str] = []
    for seq, message in rows:
        kind, data = message.get("type"), message.get("data", {})
        text = data.get("content") if isinstance(data.get("content"), str) else ""
        if kind == "human":
            items.append({"role": "user", "text": text})
            citations, action_ids = [], []
        elif kind == "tool":
            _collect(data, citations, action_ids)
        elif kind == "ai" and text and not data.get("tool_calls"):
            meta = data.get("additional_kwargs", {}).get("deskhand")
            if meta and meta.get("kind") == "agent":
                items.append({"role": "agent", "author": meta.get("author"), "text": text})
            elif meta:
                items.append({"role": "notice", "text": text})
            else:
                items.append(
                    {
                        "role": "assistant",
                        "id": seq,
                        "text": text,
                        "citations": citations,
                        "actions": [actions[a] for a in action_ids if a in actions],
                    }
                )
                citations, action_ids = [], []
    return items[-LIMIT:]
