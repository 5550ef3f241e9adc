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
    "lg": "log",
    "msg": "message",
    "hrs": "hours",
    "teh": "the",
    "adn": "and",
    "taht": "that",
    "staus": "status",
    "stauts": "status",
    "yr": "year",
    "yrs": "years",
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


UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "(?:" + "|".join([*UNITS, *TENS, *SCALES]) + ")"
NUMBER_RUN = re.compile(
    rf"\b{_WORD}(?:[\s-]+(?:and\s+)?(?:{_WORD}|oh(?=[\s-]+{_WORD})))*\b(?!-[a-z])", re.IGNORECASE
)  # "two-factor" and "one-time" stay words
ORDINALS = {
    w: i
    for i, w in enumerate(
        "_ first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split()
    )
    if w != "_"
} | {"thirtieth": 30}
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
ORDINAL_DATE = re.compile(
    rf"\b(?P<lead>{MONTH}|(?:(?:on|by|until|till|before|after|from|for) )?the)\s+"
    rf"(?:(?P<tens>twenty|thirty)[\s-]+)?(?P<ord>{'|'.join(ORDINALS)})\b"
    rf"|\b(?:(?P<tens2>twenty|thirty)[\s-]+)?(?P<ord2>{'|'.join(ORDINALS)})(?= of {MONTH}\b)",
    re.IGNORECASE,
)  # "december thirty first", "by the twentieth", "first of december"


SCALED = re.compile(r"\b(\d+(?:\.\d+)?)\s+(thousand|million)\b", re.IGNORECASE)


def _number(words: list[str]) -> int | None:
    spoken_digits = len(words) >= 3 and all(w in UNITS or w == "oh" for w in words)
    if spoken_digits or ("oh" in words and not set(words) & SCALES.keys()):
        return int("".join(str(UNITS.get(w, 0)) for w in words))  # "ten zero six zero" → 10060
    if len(words) > 1 and UNITS.get(words[0], 0) in range(1, 10) and words[1] in TENS:
        words = [words[0], "hundred", *words[1:]]  # "two sixty k" → 260k
    total, current = 0, 0
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in SCALES:
            total += max(current, 1) * SCALES[w]
            current = 0
    return total + current


def spell_numbers(text: str) -> str:
    """ "fifty two thousand" → "52000", "seventy-five" → "75" (one and zero stay words)."""

    text = SCALED.sub(
        lambda m: f"{float(m.group(1)) * SCALES[m.group(2).lower()]:.0f}", text
    )  # "30 thousand" → "30000"

    def digits(m: re.Match[str]) -> str:
        words = [w for w in re.split(r"[\s-]+", m.group(0).lower()) if w and w != "and"]
        if len(words) == 1 and words[0] in ("one", "zero", "ten", *SCALES):
            return m.group(0)  # "one of them", "the one", "ten minutes" read fine as words
        return str(_number(words))

    def ordinal(m: re.Match[str]) -> str:
        lead, tens, word = m["lead"] or "", m["tens"] or m["tens2"], m["ord"] or m["ord2"]
        if lead.lower() == "the" and not tens and ORDINALS[word.lower()] < 4:
            return m.group(0)  # "the first deal", "the second case"
        day = ORDINALS[word.lower()] + (TENS[tens.lower()] if tens else 0)
        suffix = "th" if day in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{lead} {day}{suffix}".strip()

    text = ORDINAL_DATE.sub(ordinal, text)  # "december thirty first" → "december 31st"
    return NUMBER_RUN.sub(digits, text)


CLOSING = re.compile(
    r"(?:[.!?,]\s*|\s+)(?:(?:many )?thanks|thank you|thx|cheers|merci|danke|gracias|ta|best|br|"
    r"(?:with |kind |best |warm )?regards|greetings(?: from [\w ]{2,30}?)?|sincerely|"
    r"have a (?:good|nice|great) (?:day|one|weekend))[.!,]*\s*$",
    re.IGNORECASE,
)


def trim_pleasantries(text: str, *, signer: str = "") -> str:
    """The message without a greeting in front or a thank-you and the writer's signature
    ("… Regards, Omar Obi, Finance Controller") at the end."""
    trimmed = SIGN_OFF.sub("", GREETING.sub("", text.strip())).strip()
    if signer:
        first = re.escape(signer.split()[0])
        rest = "".join(rf"(?:\s+{re.escape(w)})?" for w in signer.split()[1:])
        name = re.compile(
            rf"(?:[.!?,]\s*|\s-\s*|\n\s*|{CLOSING.pattern[:-4]}\s+){first}{rest}"
            rf"(?:\s*[,-]\s*[\w &/.-]{{2,40}})?[.!]*\s*$",
            re.IGNORECASE,
        )
        signed = name.sub("", trimmed).strip()
        if signed != trimmed:
            trimmed = CLOSING.sub("", signed).strip()
    return trimmed if len(trimmed) >= 3 else text


FILLER = re.compile(r"(?<![\w'-])(?:u+h+|u+m+|uhm|erm|hmm+|so yeah)(?![\w'-])[,.]?\s*", re.I)


def expand(text: str, *, keep: set[str] = frozenset(), case_numbers: set[str] = frozenset()) -> str:
    """`text` with shorthand spelled out; words in `keep` (record names) stay as written and
    bare numbers in `case_numbers` ("bump 10157") become case numbers ("CS-10157")."""
    text = spell_numbers(FILLER.sub("", EMOJI.sub(" ", text)))
    text = re.sub(r"\bwon['’]t\b", "will not", text, flags=re.IGNORECASE)  # not a won deal
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
