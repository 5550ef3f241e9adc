"""Every write deskhand can perform, each proposed first and applied on confirmation."""

from assistant.crm.writes.base import WriteOp
from assistant.crm.writes.cases import (
    CommentOnCase,
    EscalateCase,
    OpenCase,
    ResolveCase,
    UpdateCase,
)
from assistant.crm.writes.deals import CreateDeal, MoveDealStage, UpdateDeal
from assistant.crm.writes.work import CreateTask, LogActivity

OPS: dict[str, type[WriteOp]] = {
    op.tool: op
    for op in (
        LogActivity,
        CreateTask,
        CreateDeal,
        UpdateDeal,
        MoveDealStage,
        OpenCase,
        CommentOnCase,
        UpdateCase,
        EscalateCase,
        ResolveCase,
    )
}

__all__ = [
    "OPS",
    "CommentOnCase",
    "CreateDeal",
    "CreateTask",
    "EscalateCase",
    "LogActivity",
    "MoveDealStage",
    "OpenCase",
    "ResolveCase",
    "UpdateCase",
    "UpdateDeal",
    "WriteOp",
]
