"""Manager summaries: pipeline and support figures, computed in code."""

from __future__ import annotations

from assistant.crm.reports import PipelineSummary, SupportMetrics
from assistant.crm.reports import pipeline_summary as _pipeline
from assistant.crm.reports import support_metrics as _support
from tools.context import ToolContext


def pipeline_summary(ctx: ToolContext) -> PipelineSummary:
    """Pipeline by stage with amounts, weighted forecast, deals closing and won this quarter,
    and overdue open deals, for the deals you may see (your book, or your team's).
    """
    with ctx.store.read() as s:
        return _pipeline(s, ctx.principal, today=ctx.now().date())


def support_metrics(ctx: ToolContext, days: int = 30) -> SupportMetrics:
    """Support figures for the cases you may see: open cases by status and priority, opened and
    resolved in the window, escalations, average open-case age, median first response and time
    to resolve, cases closed per owner, average satisfaction.

    Args:
        days: Size of the window in days (1-365).
    """
    with ctx.store.read() as s:
        return _support(s, ctx.principal, days=max(1, min(days, 365)), now=ctx.now())
