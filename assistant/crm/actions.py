"""Pending actions: a write is proposed with a preview and runs once, when its owner confirms."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assistant.crm.audit import WriteContext
from assistant.crm.db import Store
from assistant.crm.enums import ActionStatus, Channel
from assistant.crm.models import AuditEntry, PendingAction, utcnow
from assistant.crm.principal import Principal
from assistant.crm.writes import OPS, WriteOp
from assistant.errors import Conflict, DeskhandError, NotFound

log = logging.getLogger(__name__)


class Proposal(BaseModel):
    """What the agent gets back from a write tool, and what front ends render."""

    id: str
    tool: str
    preview: str
    status: str = ActionStatus.PENDING.value
    result: dict[str, Any] | None = None


def propose(
    store: Store,
    p: Principal,
    op: WriteOp,
    *,
    channel: Channel,
    thread_id: str | None,
    ttl_s: int,
    turn_id: str | None = None,
) -> Proposal:
    """Validate the write against the store now and save it as a pending action."""
    with store.write() as session:
        targets = op.load(session, p)
        preview = op.preview(targets)
        action = PendingAction(
            id=f"act_{secrets.token_hex(6)}",
            principal_key=p.key,
            channel=channel,
            thread_id=thread_id,
            turn_id=turn_id,
            tool=op.tool,
            args=op.model_dump(mode="json"),
            versions=op.versions(targets),
            preview=preview,
            status=ActionStatus.PENDING,
            expires_at=utcnow() + timedelta(seconds=ttl_s),
        )
        session.add(action)
    log.info("proposed %s %s for %s", action.id, op.tool, p.key)
    return Proposal(id=action.id, tool=op.tool, preview=preview)


def _owned(session: Session, action_id: str, p: Principal) -> PendingAction:
    action = session.get(PendingAction, action_id)
    # Another principal's action is "not found", like any record outside scope.
    if action is None or action.principal_key != p.key:
        raise NotFound(f"No pending action {action_id!r} of yours.")
    return action


def _check_versions(session: Session, action: PendingAction, current: dict[str, int]) -> None:
    """The records must be as proposed, except for changes by sibling proposals of the same
    turn ("move it to proposal and set its probability to 40%")."""
    for key, version in action.versions.items():
        if current.get(key) != version and not _only_siblings(session, action, key):
            raise Conflict(
                f"{key.replace(':', ' ')} changed after this was proposed; "
                "ask again to see its current state."
            )


def _only_siblings(session: Session, action: PendingAction, key: str) -> bool:
    if action.turn_id is None:
        return False
    entity_type, _, entity_id = key.partition(":")
    writers = session.scalars(
        select(AuditEntry.action_id).where(
            AuditEntry.entity_type == entity_type,
            AuditEntry.entity_id == int(entity_id),
            AuditEntry.at >= action.created_at,
        )
    ).all()
    if not writers or None in writers:
        return False
    turns = session.scalars(
        select(PendingAction.turn_id).where(PendingAction.id.in_(set(writers)))
    ).all()
    return len(turns) == len(set(writers)) and all(t == action.turn_id for t in turns)


def confirm(
    store: Store, action_id: str, p: Principal, *, channel: Channel, actor: str | None = None
) -> Proposal:
    """Run a pending action once, in one transaction with its audit and outbox rows."""
    running = False  # past the ownership and state checks: a failure now fails the action
    try:
        with store.write() as session:
            action = _owned(session, action_id, p)
            if action.status != ActionStatus.PENDING:
                raise Conflict(f"Action {action_id} is already {action.status.value}.")
            if action.expires_at < utcnow():
                action.status = ActionStatus.EXPIRED
                action.decided_at = utcnow()
                expired = Proposal(
                    id=action.id,
                    tool=action.tool,
                    preview=action.preview,
                    status=ActionStatus.EXPIRED.value,
                )
            else:
                expired = None
                claimed = session.execute(
                    update(PendingAction)
                    .where(
                        PendingAction.id == action_id, PendingAction.status == ActionStatus.PENDING
                    )
                    .values(status=ActionStatus.EXECUTED, decided_at=utcnow())
                    .execution_options(synchronize_session=False)
                ).rowcount
                if claimed != 1:
                    raise Conflict(f"Action {action_id} was already decided.")
                running = True
                op = OPS[action.tool].model_validate(action.args)
                targets = op.load(session, p)
                _check_versions(session, action, op.versions(targets))
                wc = WriteContext(
                    principal=p,
                    channel=channel,
                    tool=action.tool,
                    actor=actor or p.label(),
                    action_id=action.id,
                )
                result = op.apply(session, wc, targets)
                session.execute(
                    update(PendingAction).where(PendingAction.id == action_id).values(result=result)
                )
        if expired:
            raise Conflict(f"Action {action_id} expired; ask again.")
    except StaleDataError as exc:
        _fail(store, action_id, "changed concurrently")
        raise Conflict(
            "The record changed while this ran; nothing was written. Ask again."
        ) from exc
    except DeskhandError as exc:
        if running:
            _fail(store, action_id, str(exc))
        raise
    log.info("executed %s %s for %s", action_id, action.tool, p.key)
    return Proposal(
        id=action_id,
        tool=action.tool,
        preview=action.preview,
        status=ActionStatus.EXECUTED.value,
        result=result,
    )


def _fail(store: Store, action_id: str, reason: str) -> None:
    with store.write() as session:
        session.execute(
            update(PendingAction)
            .where(PendingAction.id == action_id, PendingAction.status == ActionStatus.PENDING)
            .values(status=ActionStatus.FAILED, decided_at=utcnow(), result={"error": reason})
        )


def cancel(store: Store, action_id: str, p: Principal) -> Proposal:
    with store.write() as session:
        action = _owned(session, action_id, p)
        if action.status != ActionStatus.PENDING:
            raise Conflict(f"Action {action_id} is already {action.status.value}.")
        action.status = ActionStatus.CANCELLED
        action.decided_at = utcnow()
        return Proposal(
            id=action.id, tool=action.tool, preview=action.preview, status=action.status.value
        )


def cancel_many(store: Store, action_ids: list[str]) -> None:
    """Withdraw proposals of a turn that failed, so nobody confirms half a plan."""
    if not action_ids:
        return
    with store.write() as session:
        session.execute(
            update(PendingAction)
            .where(PendingAction.id.in_(action_ids), PendingAction.status == ActionStatus.PENDING)
            .values(status=ActionStatus.CANCELLED, decided_at=utcnow())
        )


def pending_for(store: Store, p: Principal) -> list[Proposal]:
    with store.read() as session:
        rows = session.scalars(
            select(PendingAction)
            .where(
                PendingAction.principal_key == p.key,
                PendingAction.status == ActionStatus.PENDING,
                PendingAction.expires_at > utcnow(),
            )
            .order_by(PendingAction.created_at)
        )
        return [Proposal(id=a.id, tool=a.tool, preview=a.preview) for a in rows]
