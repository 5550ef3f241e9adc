"""Chat shorthand spelled out ("tix" → "tickets", "w/" → "with") before a request is read."""

from __future__ import annotations

import re

WORDS: dict[str, str] = {
    "tix": "tickets",
    "tkt": "ticket",
    "tkts": "tickets",
    "tickt": "ticket",
    "cse": "case",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "tomoro": "tomorrow",
    "2moro": "tomorrow",
    "2mrw": "tomorrow",
    "yday": "yesterday",
    "yest": "yesterday",
    "pls": "please",
    "plz": "please",
    "pleas": "please",
    "thx": "thanks",
    "ty": "thanks",
    "w": "with",
    "w/": "with",
    "wth": "with",
    "abt": "about",
    "b4": "before",
    "nxt": "next",
    "wk": "week",
    "wks": "weeks",
    "qtr": "quarter",
    "mtg": "meeting",
    "mtgs": "meetings",
    "opp": "opportunity",
    "opps": "opportunities",
    "oppty": "opportunity",
    "acct": "account",
    "accts": "accounts",
    "cust": "customer",
    "custs": "customers",
    "amt": "amount",
    "prio": "priority",
    "esc": "escalate",
    "rn": "right now",
    "u": "you",
    "ur": "your",
    "f/u": "follow up",
    "fu": "follow up",
    "followup": "follow up",
    "convo": "conversation",
    "ppl": "people",
    "escal": "escalate",
    "exp": "expansion",
    "int": "internal",
    "msg": "message",
    "hrs": "hours",
    "mins": "minutes",
}
TOKEN = re.compile(r"(?<![\w/#-])(?:w/|f/u|[a-z0-9]+)(?![\w/-])", re.IGNORECASE)
CASE_REF = re.compile(
    r"(?:\b(?:case|ticket|tkt|tix|cs)\s*(?:#|no\.?|number)?\s*|\bcs-\s+|#)(\d{4,6})\b", re.I
)
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")
STRETCHED = re.compile(r"([a-z])\1{2,}", re.IGNORECASE)
BARE_NUMBER = re.compile(r"(?<![\w$€£.,/-])(\d{4,6})(?![\w%/]|[.,]\d|\s?(?:k|usd|eur|gbp)\b)", re.I)


GREETING = re.compile(
    r"^(?:(?:good )?(?:morning|afternoon|evening)|hi|hey|hello|dear \w+(?: team)?)"
    r"(?: there| team| all| folks)?\s*[!,.]+\s*",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"(?:[.!]\s*|\s+)(?:(?:many )?thanks(?: (?:a lot|anyway|in advance))?|thank you|thx|cheers|ta|"
    r"(?:kind |best )?regards(?:,? \w+(?: \w+)?)?)[.!]*\s*$",
    re.IGNORECASE,
)


def trim_pleasantries(text: str) -> str:
    """The message without a greeting in front or a thank-you at the end."""
    trimmed = SIGN_OFF.sub("", GREETING.sub("", text.strip())).strip()
    return trimmed if len(trimmed) >= 3 else text


def expand(text: str, *, keep: set[str] = frozenset(), case_numbers: set[str] = frozenset()) -> str:
    """`text` with shorthand spelled out; words in `keep` (record names) stay as written and
    bare numbers in `case_numbers` ("bump 10157") become case numbers ("CS-10157")."""
    text = EMOJI.sub(" ", text)
    text = STRETCHED.sub(r"\1", text)  # "loggg" → "log", "pleaseee" → "please"
    text = CASE_REF.sub(lambda m: f"CS-{m.group(1)}", text)
    text = BARE_NUMBER.sub(
        lambda m: f"CS-{m.group(1)}" if m.group(1) in case_numbers else m.group(0), text
    )

    def spell(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        return word if low in keep else WORDS.get(low, word)

    return TOKEN.sub(spell, text)
