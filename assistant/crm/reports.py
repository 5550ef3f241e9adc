"""Pipeline and support figures, computed in code over what the caller may see."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.crm import scope
from assistant.crm.enums import Stage
from assistant.crm.models import Case, Deal, utcnow
from assistant.crm.principal import Principal


class StageLine(BaseModel):
    stage: str
    deals: int
    amount: dict[str, Decimal]
    weighted: dict[str, Decimal]


class PipelineSummary(BaseModel):
    """Open pipeline by stage, forecast and this quarter's closes, per currency."""

    as_of: date
    stages: list[StageLine]
    open_deals: int
    open_amount: dict[str, Decimal]
    weighted_forecast: dict[str, Decimal]
    closing_this_quarter: dict[str, Decimal]
    won_this_quarter: dict[str, Decimal]
    overdue_open_deals: int


def quarter_bounds(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + 3
    end = date(day.year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def _add(bucket: dict[str, Decimal], currency: str, value: Decimal) -> None:
    bucket[currency] = bucket.get(currency, Decimal(0)) + value


def pipeline_summary(
    session: Session, p: Principal, *, today: date | None = None
) -> PipelineSummary:
    today = today or utcnow().date()
    q_start, q_end = quarter_bounds(today)
    lines: dict[Stage, StageLine] = {
        s: StageLine(stage=s.value, deals=0, amount={}, weighted={}) for s in Stage
    }
    open_amount: dict[str, Decimal] = {}
    weighted: dict[str, Decimal] = {}
    closing: dict[str, Decimal] = {}
    won: dict[str, Decimal] = {}
    open_deals = overdue = 0
    for d in session.scalars(select(Deal).where(scope.deals(p))):
        line = lines[d.stage]
        line.deals += 1
        share = (d.amount * d.probability / 100).quantize(Decimal("0.01"))
        _add(line.amount, d.currency, d.amount)
        _add(line.weighted, d.currency, share)
        if d.stage.is_closed:
            closed_on = d.closed_at.date() if d.closed_at else d.close_date
            if d.stage == Stage.CLOSED_WON and closed_on and q_start <= closed_on <= q_end:
                _add(won, d.currency, d.amount)
            continue
        open_deals += 1
        _add(open_amount, d.currency, d.amount)
        _add(weighted, d.currency, share)
        if d.close_date and q_start <= d.close_date <= q_end:
            _add(closing, d.currency, d.amount)
        if d.close_date and d.close_date < today:
            overdue += 1
    return PipelineSummary(
        as_of=today,
        stages=list(lines.values()),
        open_deals=open_deals,
        open_amount=open_amount,
        weighted_forecast=weighted,
        closing_this_quarter=closing,
        won_this_quarter=won,
        overdue_open_deals=overdue,
    )


class SupportMetrics(BaseModel):
    """Support figures over a window of days, for the cases the caller may see."""

    window_days: int
    open_cases: int
    by_status: dict[str, int]
    open_by_priority: dict[str, int]
    opened_in_window: int
    resolved_in_window: int
    escalated_open_cases: int
    avg_open_case_age_days: float | None
    median_first_response_hours: float | None
    median_time_to_resolve_hours: float | None
    closed_per_owner: dict[str, int]
    avg_satisfaction: float | None


def _hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def support_metrics(
    session: Session, p: Principal, *, days: int = 30, now: datetime | None = None
) -> SupportMetrics:
    now = now or utcnow()
    since = now - timedelta(days=days)
    by_status: Counter[str] = Counter()
    open_prio: Counter[str] = Counter()
    per_owner: defaultdict[str, int] = defaultdict(int)
    ages, first_resp, resolve, csat = [], [], [], []
    opened = resolved = escalated = 0
    for c in session.scalars(select(Case).where(scope.cases(p))):
        by_status[c.status.value] += 1
        if c.status.is_open:
            open_prio[c.priority.value] += 1
            ages.append((now - c.opened_at).total_seconds() / 86400)
            escalated += c.escalation_count > 0
        if c.opened_at >= since:
            opened += 1
            if c.first_response_at:
                first_resp.append(_hours(c.opened_at, c.first_response_at))
        if c.resolved_at and c.resolved_at >= since:
            resolved += 1
            resolve.append(_hours(c.opened_at, c.resolved_at))
            per_owner[c.owner.name if c.owner else "unassigned"] += 1
            if c.satisfaction:
                csat.append(c.satisfaction)
    return SupportMetrics(
        window_days=days,
        open_cases=sum(open_prio.values()),
        by_status=dict(by_status),
        open_by_priority=dict(open_prio),
        opened_in_window=opened,
        resolved_in_window=resolved,
        escalated_open_cases=escalated,
        avg_open_case_age_days=round(statistics.fmean(ages), 1) if ages else None,
        median_first_response_hours=_median(first_resp),
        median_time_to_resolve_hours=_median(resolve),
        closed_per_owner=dict(sorted(per_owner.items(), key=lambda kv: -kv[1])),
        avg_satisfaction=round(statistics.fmean(csat), 2) if csat else None,
    )


__all__ = ["PipelineSummary", "SupportMetrics", "pipeline_summary", "support_metrics"]
