"""Values in a request: dates, amounts, currencies, percentages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from assistant.brain.lexicon import CURRENCIES, normalize
from assistant.dates import WEEKDAYS

DAY_ABBR = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
MONTHS = (
    "january february march april may june july august september october november december"
).split()
MONTH_RE = "|".join([m[:3] + f"(?:{m[3:]})?" for m in MONTHS])
_WD = "|".join(list(WEEKDAYS) + sorted(DAY_ABBR, key=len, reverse=True))
DATE_PATTERNS = [
    (r"\d{4}-\d{2}-\d{2}", "iso"),
    (r"end of next (?:week|month|quarter)", "endnext"),
    (r"(?:end of |eo)(?:the )?(?:q[1-4]|quarter|month|week|year)(?: \d{4})?", "end"),
    (r"end of (?:" + MONTH_RE + r")", "endmonth"),
    (r"(?:eod|cob|end of (?:the )?day) (?=(?:tomorrow|tmrw|tmr|" + _WD + r")\b)", "skip"),
    (r"eod|end of (?:the )?day", "simple"),
    (r"(?:next|this|last) (?:" + _WD + r")\b", "weekday"),
    (r"(?:next|this|last) (?:week|month|quarter)", "period"),
    (r"in (\d+|a|one|two|three) (?:days?|weeks?)", "relative"),
    (r"(?:" + MONTH_RE + r")\.? \d{1,2}(?:st|nd|rd|th)?", "monthday"),
    (r"\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:" + MONTH_RE + r")", "daymonth"),
    (r"q[1-4](?: \d{4})?", "end"),
    (
        r"(?:on |for |by )?the \d{1,2}(?:st|nd|rd|th)\b(?! (?:of )?(?:" + MONTH_RE + r"))"
        r"(?! (?!(?:at|of|in|and|or|for|to|by|so|but|when|then|if|please|pls|am|pm|latest|re|"
        r"about|regarding|with|w|after|before|on|since|just|as|because|once|"
        r"morning|afternoon|evening|eod|cob)\b)[a-z])",  # "the 3rd outage" is no date
        "ordinal",
    ),
    (
        r"(?:the )?day after tomorrow|(?:a|one|1|2|two) weeks? from (?:today|now|tomorrow|"
        + _WD
        + r")",
        "offset",
    ),
    (r"(?:christmas|xmas)(?: eve)?|new year'?s?(?: eve| day)?|thanksgiving", "holiday"),
    (r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\b", "numeric"),
    (r"eo[qmwy]", "end"),
    (r"(?:today|tonight|tomorrow|tmrw|tmr|tomorow|tommorow|yesterday|yday)", "simple"),
    (r"(?:" + _WD + r")\b", "weekday"),
]
DATE_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _ in DATE_PATTERNS) + r")")
AMOUNT_RE = re.compile(
    r"(?<![\w-])(?P<sym>[$€£])?\s?(?P<num>\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(?P<mult>k|m|mm|thousand|million|grand)?\b\s?(?P<cur>usd|eur|gbp|dollars?|euros?|pounds?)?"
)
PERCENT_RE = re.compile(r"\b(\d{1,3})\s?(?:%|percent|pct)")
NOT_A_DAY = re.compile(r"\bsat(?= (?:down|in|on|with|through|together)\b)")
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class Found:
    value: object
    start: int
    end: int


def _end_of(phrase: str, today: date) -> date:
    year = int(m.group(0)) if (m := re.search(r"\d{4}", phrase)) else today.year
    if q := re.search(r"q([1-4])", phrase):
        month = int(q.group(1)) * 3
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return (
            end
            if end >= today or re.search(r"\d{4}", phrase)
            else date(year + 1, month % 12 + 1, 1) - timedelta(1)
        )
    if "quarter" in phrase:
        month = ((today.month - 1) // 3 + 1) * 3
        return date(today.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    if "month" in phrase:
        return date(today.year + today.month // 12, today.month % 12 + 1, 1) - timedelta(days=1)
    if "week" in phrase:
        return today + timedelta(days=4 - today.weekday()) if today.weekday() <= 4 else today
    return date(year, 12, 31)


def _day_of_month(day: int, today: date, *, past: bool) -> date | None:
    """ "the 3rd": the next (or, for past events, the last) 3rd of a month."""
    step = -1 if past else 1
    year, month = today.year, today.month
    for _ in range(3):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and (candidate <= today if past else candidate >= today):
            return candidate
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return None


def _month_day(month: int, day: int, year: str | None, today: date, *, past: bool) -> date | None:
    """ "2/15" (US order, as reps write it): the next such day, or the last for past events."""
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    if past and candidate > today:
        return candidate.replace(year=today.year - 1)
    if not past and candidate < today:
        return candidate.replace(year=today.year + 1)
    return candidate


def parse_date_phrase(phrase: str, today: date, *, past: bool = False) -> date | None:
    """A day from one of the phrases DATE_RE finds."""
    from assistant.dates import parse_day

    p = normalize(phrase)
    for abbr, full in DAY_ABBR.items():
        p = re.sub(rf"\b{abbr}\b", full, p)
    if p in ("tmrw", "tmr", "tomorow", "tommorow"):
        p = "tomorrow"
    if p == "yday":
        p = "yesterday"
    if p in ("eod", "end of day", "end of the day"):
        p = "today"
    if m := re.fullmatch(r"end of (\w+)", p):
        month = next(
            (i for i, name in enumerate(MONTHS, 1) if name.startswith(m.group(1)[:3])), None
        )
        if month:
            year = today.year + (month < today.month)
            return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    if p == "tonight":
        p = "today"
    p = {
        "eoq": "end of quarter",
        "eom": "end of month",
        "eow": "end of week",
        "eoy": "end of year",
    }.get(p, p)
    if "day after tomorrow" in p:
        return today + timedelta(days=2)
    if m := re.fullmatch(r"(a|one|1|2|two) weeks? from (today|now|.+)", p):
        start = today if m.group(2) in ("today", "now") else parse_date_phrase(m.group(2), today)
        weeks = 2 if m.group(1) in ("2", "two") else 1
        return start + timedelta(days=7 * weeks) if start else None
    if holiday := _holiday(p, today):
        return holiday
    if m := re.fullmatch(r"end of next (week|month|quarter)", p):
        step = {"week": timedelta(days=7), "month": timedelta(days=31), "quarter": timedelta(92)}
        return _end_of(f"end of {m.group(1)}", today + step[m.group(1)])
    if m := re.fullmatch(r"(?:on |for |by )?the (\d{1,2})(?:st|nd|rd|th)", p):
        return _day_of_month(int(m.group(1)), today, past=past)
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", p):
        return _month_day(int(m.group(1)), int(m.group(2)), m.group(3), today, past=past)
    if p.startswith(("end of", "eo")) or re.fullmatch(r"q[1-4](?: \d{4})?", p):
        return _end_of(p, today)
    if m := re.fullmatch(r"in (\d+|a|one|two|three) (days?|weeks?)", p):
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1)]
        return today + timedelta(days=n * (7 if m.group(2).startswith("week") else 1))
    if p == "next week":
        return today + timedelta(days=7 - today.weekday())
    if p == "last week":
        return today - timedelta(days=today.weekday() + 7)
    if p in (
        "next month",
        "last month",
        "this month",
        "this week",
        "this quarter",
        "next quarter",
        "last quarter",
    ):
        return None
    try:
        return parse_day(p, today=today, prefer="past" if past else "future")
    except Exception:
        return None


def _holiday(phrase: str, today: date) -> date | None:
    """Christmas, New Year and (US) Thanksgiving, the next one from today."""

    def next_of(month: int, day: int) -> date:
        this = date(today.year, month, day)
        return this if this >= today else date(today.year + 1, month, day)

    if re.fullmatch(r"(?:christmas|xmas) eve", phrase):
        return next_of(12, 24)
    if re.fullmatch(r"christmas|xmas", phrase):
        return next_of(12, 25)
    if re.fullmatch(r"new year'?s? eve", phrase):
        return next_of(12, 31)
    if re.fullmatch(r"new year'?s?(?: day)?", phrase):
        return next_of(1, 1)
    if phrase == "thanksgiving":
        for year in (today.year, today.year + 1):
            first = date(year, 11, 1)
            day = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
            if day >= today:
                return day
    return None


def find_dates(text: str, today: date, *, past: bool = False) -> list[Found]:
    out = []
    # "sat down with", "wed the contract" are not days; same-length stand-ins keep positions.
    norm = NOT_A_DAY.sub(lambda m: "_" * len(m.group(0)), normalize(text))
    for m in DATE_RE.finditer(norm):
        if m.group(0).endswith(" "):
            continue  # "eod friday": the day that follows says it
        day = parse_date_phrase(m.group(0), today, past=past)
        if day is not None:
            out.append(Found(day, m.start(), m.end()))
    return out


def find_amount(text: str) -> tuple[Decimal, str | None] | None:
    """The first money amount ("48k", "$120,000", "30000 EUR") and its currency, if any."""
    norm = normalize(text)
    for m in AMOUNT_RE.finditer(norm):
        if not (m.group("sym") or m.group("mult") or m.group("cur")):
            digits = m.group("num").replace(",", "")
            if len(digits) < 4 or re.fullmatch(r"20\d\d", digits):
                continue  # a year or a small number is not an amount
        if re.match(r"\s?(?:%|percent|days?|weeks?|seats?|users?)", norm[m.end() :]):
            continue
        raw = m.group("num")
        raw = raw.replace(",", "") if re.search(r",\d{3}", raw) else raw.replace(",", ".")
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw) and not m.group("mult"):
            raw = raw.replace(".", "")
        value = Decimal(raw)
        mult = m.group("mult")
        if mult in ("k", "thousand", "grand"):
            value *= 1000
        elif mult in ("m", "mm", "million"):
            value *= 1_000_000
        currency = (
            CURRENCIES.get(m.group("sym") or "")
            or CURRENCIES.get((m.group("cur") or "").rstrip("s"))
            or CURRENCIES.get(m.group("cur") or "")
        )
        return value, currency
    return None


def find_percent(text: str) -> int | None:
    m = PERCENT_RE.search(normalize(text))
    return int(m.group(1)) if m and int(m.group(1)) <= 100 else None
