"""Write tools on support cases."""

from __future__ import annotations

from assistant.crm import refs
from assistant.crm.actions import Proposal
from assistant.crm.writes import CommentOnCase, EscalateCase, OpenCase, ResolveCase, UpdateCase
from assistant.errors import InvalidInput
from tools.context import ToolContext
from tools.records import CaseStatusName, PriorityName


def _case_id(ctx: ToolContext, case: str) -> int:
    with ctx.store.read() as s:
        return refs.case(s, ctx.principal, case).id


def open_case(
    ctx: ToolContext,
    subject: str,
    description: str = "",
    account: str | None = None,
    contact: str | None = None,
    priority: PriorityName = "normal",
) -> Proposal:
    """Open a new support case. Proposes the write; the user must confirm it.

    A customer's case is always opened on their own account; staff name the account or contact.

    Args:
        subject: One-line summary of the problem.
        description: The details: what happened, error codes, since when.
        account: The account's name or id (staff only).
        contact: The affected person's name, email or id (staff only).
        priority: How urgent it is.
    """
    p = ctx.principal
    with ctx.store.read() as s:
        if p.role == "customer":
            account_id, contact_id = p.account_id, p.contact_id
        else:
            person = refs.contact(s, p, contact) if contact else None
            if account:
                account_id = refs.account(s, p, account).id
            elif person is not None:
                account_id = person.account_id
            else:
                raise InvalidInput("Name the account or contact the case is for.")
            contact_id = person.id if person else None
    return ctx.propose(
        OpenCase(
            account_id=account_id,
            contact_id=contact_id,
            subject=subject,
            description=description,
            priority=priority,
            channel="chat" if p.role == "customer" else "phone",
        )
    )


def comment_on_case(ctx: ToolContext, case: str, text: str, internal: bool = False) -> Proposal:
    """Add a comment to a support case. Proposes the write; the user must confirm it.

    Args:
        case: The case number (CS-...) or id.
        text: The comment.
        internal: True for a note only staff can see.
    """
    return ctx.propose(CommentOnCase(case_id=_case_id(ctx, case), text=text, internal=internal))


def update_case(
    ctx: ToolContext,
    case: str,
    status: CaseStatusName | None = None,
    priority: PriorityName | None = None,
    subject: str | None = None,
) -> Proposal:
    """Change a case's status, priority or subject. Proposes the write; the user must confirm it.

    Args:
        case: The case number (CS-...) or id.
        status: New status.
        priority: New priority.
        subject: New subject line.
    """
    return ctx.propose(
        UpdateCase(case_id=_case_id(ctx, case), status=status, priority=priority, subject=subject)
    )


def escalate_case(ctx: ToolContext, case: str, reason: str) -> Proposal:
    """Escalate a case: counts an escalation, raises priority to at least high and adds an
    internal note with the reason. Proposes the write; the user must confirm it.

    Args:
        case: The case number (CS-...) or id.
        reason: Why it needs escalating.
    """
    return ctx.propose(EscalateCase(case_id=_case_id(ctx, case), reason=reason))


def resolve_case(ctx: ToolContext, case: str, resolution: str) -> Proposal:
    """Mark a case resolved with the resolution the customer will see. Proposes the write; the
    user must confirm it.

    Args:
        case: The case number (CS-...) or id.
        resolution: What fixed it.
    """
    return ctx.propose(ResolveCase(case_id=_case_id(ctx, case), resolution=resolution))
