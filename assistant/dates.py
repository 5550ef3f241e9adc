"""Parse the dates people write ("Friday", "next Tuesday", "2026-12-01", "end of Q3")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from assistant.errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
QUARTER_END = re.compile(r"^(?:end of )?q([1-4])(?: (\d{4}))?$")


def parse_day(text: str, *, today: date, prefer: str = "future") -> date:
    """A calendar day from an ISO date or a phrase, relative to `today`."""
    value = text.strip().lower().removeprefix("by ").removeprefix("on ").strip()
    if not value:
        raise InvalidInput("Give a date, e.g. 2026-12-01 or 'next Friday'.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    if value in ("today", "now"):
        return today
    if value == "tomorrow":
        return today + timedelta(days=1)
    if value == "yesterday":
        return today - timedelta(days=1)
    if m := QUARTER_END.match(value):
        year = int(m.group(2) or today.year)
        month = int(m.group(1)) * 3
        return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    bare = value.removeprefix("next ").removeprefix("this ").removeprefix("last ")
    if bare in WEEKDAYS:
        delta = (WEEKDAYS.index(bare) - today.weekday()) % 7
        if value.startswith("last ") or prefer == "past":
            return today - timedelta(days=(7 - delta) % 7 or 7)
        if value.startswith("next ") and delta == 0:
            delta = 7
        return today + timedelta(days=delta)
    import dateparser  # slow to import; only for phrases the rules above do not cover

    base = datetime(today.year, today.month, today.day)
    parsed = dateparser.parse(
        value,
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": prefer,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise InvalidInput(f"Cannot read {text!r} as a date; use YYYY-MM-DD.")
    return parsed.date()


def parse_moment(text: str | None, *, now: datetime) -> datetime:
    """When something happened: now when not given, else an ISO timestamp or a past day."""
    if not text or text.strip().lower() in ("now", "today", "just now"):
        return now
    try:
        moment = datetime.fromisoformat(text.strip())
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    except ValueError:
        day = parse_day(text, today=now.date(), prefer="past")
        return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
