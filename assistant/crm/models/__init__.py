"""All ORM models; importing this registers every table on `Base.metadata`."""

from assistant.crm.models.base import Base, utcnow
from assistant.crm.models.cases import Case
from assistant.crm.models.chat import Conversation
from assistant.crm.models.deals import Deal, StageChange
from assistant.crm.models.knowledge import Article, Feedback
from assistant.crm.models.ledger import (
    AuditEntry,
    OutboxEvent,
    PendingAction,
    Thread,
    ThreadMessage,
)
from assistant.crm.models.people import Account, Contact, Team, User
from assistant.crm.models.work import Activity, Task

__all__ = [
    "Account",
    "Activity",
    "Article",
    "AuditEntry",
    "Base",
    "Case",
    "Contact",
    "Conversation",
    "Deal",
    "Feedback",
    "OutboxEvent",
    "PendingAction",
    "StageChange",
    "Task",
    "Team",
    "Thread",
    "ThreadMessage",
    "User",
    "utcnow",
]
