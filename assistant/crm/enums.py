"""Closed sets of the CRM, as string enums stored by value."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    REP = "rep"
    SUPPORT = "support"
    MANAGER = "manager"
    ADMIN = "admin"


class Lifecycle(StrEnum):
    LEAD = "lead"
    CUSTOMER = "customer"
    CHURNED = "churned"


class Stage(StrEnum):
    PROSPECTING = "prospecting"
    QUALIFICATION = "qualification"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    CLOSED_WON = "closed_won"
    CLOSED_LOST = "closed_lost"

    @property
    def is_closed(self) -> bool:
        return self in (Stage.CLOSED_WON, Stage.CLOSED_LOST)


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)
DEFAULT_PROBABILITY: dict[Stage, int] = {
    Stage.PROSPECTING: 10,
    Stage.QUALIFICATION: 25,
    Stage.PROPOSAL: 50,
    Stage.NEGOTIATION: 75,
    Stage.CLOSED_WON: 100,
    Stage.CLOSED_LOST: 0,
}


class ActivityType(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    CHAT = "chat"
    NOTE = "note"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class CaseStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self in (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING)


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class CaseChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    WEB = "web"
    CHAT = "chat"
    SLACK = "slack"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class Channel(StrEnum):
    """The front end a request came through."""

    CLI = "cli"
    WEB = "web"
    SLACK = "slack"
    SYSTEM = "system"


class ActionStatus(StrEnum):
    PENDING = "pending"
    EXECUTED = "executed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    FAILED = "failed"


class ConversationOwner(StrEnum):
    """Who answers a customer conversation: the assistant, or a person after a handoff."""

    AI = "ai"
    HUMAN = "human"


class HandoffReason(StrEnum):
    REQUESTED = "requested"
    FAILURES = "failures"
    UPSET = "upset"


class FeedbackKind(StrEnum):
    """`answer`: thumbs on one answer (1 down, 5 up); `csat`: 1-5 when a conversation ends."""

    ANSWER = "answer"
    CSAT = "csat"
