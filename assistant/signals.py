"""What a customer's own words say: they ask for a person, or they are upset.

Read from the customer's message (never from model output), before the assistant answers;
a match hands the conversation to a person instead of running a turn.
"""

from __future__ import annotations

import re

from assistant.crm.enums import HandoffReason

_PERSON = r"(a |an |some |real |actual |live )*(human|person|people|agent|representative|rep|someone|somebody|operator|staff|manager|supervisor)"  # noqa: E501
ASKS_FOR_PERSON = re.compile(
    rf"\b(talk|speak|chat|connect|transfer|put|get)\b[^.?!]{{0,30}}\b(to|with|me)\b[^.?!]{{0,12}}"
    rf"\b{_PERSON}\b|\b(human|real person|live agent|representative)\s*(please|now|!|$)"
    r"|^\s*(agent|human|operator)\W*$",
    re.IGNORECASE,
)
UPSET = re.compile(
    r"\b(useless|ridiculous|unacceptable|furious|angry|fed up|sick of|pissed|worst|terrible"
    r"|awful|garbage|rubbish|pathetic|waste of (my )?time|wtf|damn|shit|fuck\w*|crap)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(r"\b(not|never|isn't|wasn't|n't)\s+(\w+\s+)?$", re.IGNORECASE)


def asks_for_person(text: str) -> bool:
    return bool(ASKS_FOR_PERSON.search(text))


def upset(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    shouting = len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7
    words = any(not NEGATED.search(text[: m.start()]) for m in UPSET.finditer(text))
    return words or shouting or text.count("!") >= 3


def handoff_reason(text: str) -> HandoffReason | None:
    """Why this message should go to a person right away, if it should."""
    if asks_for_person(text):
        return HandoffReason.REQUESTED
    if upset(text):
        return HandoffReason.UPSET
    return None
