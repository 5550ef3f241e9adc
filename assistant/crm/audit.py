"""Audit and outbox rows, added in the same transaction as the change they describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from assistant.crm.enums import Channel
from assistant.crm.models import AuditEntry, Base, OutboxEvent
from assistant.crm.principal import Principal


@dataclass(frozen=True)
class WriteContext:
    """Who is writing, for whom, through what, and which tool and action."""

    principal: Principal
    channel: Channel
    tool: str
    actor: str
    action_id: str | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: Base) -> dict[str, Any]:
    """Column values of a row as JSON-safe data."""
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs}


def record(session: Session, wc: WriteContext, obj: Base, *, before: dict | None) -> None:
    """Flush the change and add its audit entry and outbox event."""
    session.flush()
    after = snapshot(obj)
    entity_type = obj.__tablename__
    if before is not None:
        changed = {k for k in after if after[k] != before.get(k)} - {"updated_at", "version"}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    session.add(
        AuditEntry(
            actor=wc.actor,
            on_behalf_of=wc.principal.label(),
            role=wc.principal.role,
            channel=wc.channel,
            tool=wc.tool,
            entity_type=entity_type,
            entity_id=obj.id,
            action_id=wc.action_id,
            before=before,
            after=after,
        )
    )
    session.add(
        OutboxEvent(
            entity_type=entity_type,
            entity_id=obj.id,
            op="create" if before is None else "update",
            version=getattr(obj, "version", None),
        )
    )
