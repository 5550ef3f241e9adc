"""Words people use for the CRM's closed sets, and text normalisation."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

STAGES: dict[str, tuple[str, ...]] = {
    "prospecting": ("prospecting", "prospect", "prospects"),
    "qualification": ("qualification", "qualified", "qualify", "qualifying", "discovery"),
    "proposal": ("proposal", "proposal stage", "quote sent", "proposed"),
    "negotiation": (
        "negotiation",
        "negotiations",
        "negotiating",
        "negotiate",
        "contract stage",
        "legal review",
    ),
    "closed_won": ("closed won", "won", "closed-won", "win", "signed", "closed it", "close won"),
    "closed_lost": ("closed lost", "lost", "closed-lost", "dead", "lose", "lost it", "close lost"),
}
PRIORITIES: dict[str, tuple[str, ...]] = {
    "urgent": ("urgent", "critical", "asap", "emergency", "p1", "sev1", "blocker"),
    "high": ("high", "important", "p2", "high priority", "hi"),
    "normal": ("normal", "medium", "p3", "regular"),
    "low": ("low", "minor", "p4", "low priority", "whenever"),
}
CASE_STATUSES: dict[str, tuple[str, ...]] = {
    "new": ("new",),
    "open": ("open", "reopen", "reopened", "in progress", "working"),
    "pending": ("pending", "waiting", "on hold", "waiting on customer"),
    "resolved": ("resolved", "fixed", "solved"),
    "closed": ("closed", "close", "done"),
}
ACTIVITY_TYPES: dict[str, tuple[str, ...]] = {
    "call": (
        "call",
        "called",
        "calls",
        "phone",
        "phoned",
        "rang",
        "ring",
        "spoke",
        "spoke to",
        "talked",
        "talked to",
        "chatted on the phone",
        "voicemail",
        "vm",
        "left a message",
        "hung up",
        "phone call",
        "fu call",
        "cal",
    ),
    "email": ("email", "emailed", "e-mail", "mail", "mailed", "wrote to", "sent an email", "sent"),
    "meeting": (
        "meeting",
        "met",
        "met with",
        "demo",
        "qbr",
        "workshop",
        "visit",
        "lunch",
        "onsite",
        "mtg",
        "zoom",
        "sat down",
        "coffee",
        "teams meeting",
        "video call",
    ),
    "note": ("note", "notes", "remark"),
    "chat": (
        "chat",
        "chatted",
        "messaged",
        "slack",
        "slacked",
        "on slack",
        "on teams",
        "pinged me on",
        "dm",
        "dmed",
        "dm'd",
        "texted",
        "whatsapp",
    ),
}
CURRENCIES: dict[str, str] = {
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
}
PUNCT = re.compile(r"[^\w\s-]")
# Passing a message on to someone ("let dana know", "ask him for the logs"), not to the caller.
LET_KNOW = (
    r"let (?!me\b|us\b)(?:the )?\w+(?: \w+)? know|ask (?!me\b)\w+ (?:for|to|if|whether)|"
    r"drop (?!it\b)(?:\w+ ){0,2}an? (?:note|line|message)|"
    r"leave (?!(?:an? )?(?:internal )?(?:note|comment)\b)\w+ an? (?:note|message|comment)"
)
WORD = re.compile(r"[a-z0-9][a-z0-9'@._-]*")


def normalize(text: str) -> str:
    """Lower case, unify quotes and dashes, squeeze spaces."""
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return WORD.findall(normalize(text))


def lookup(text: str, table: dict[str, tuple[str, ...]], *, cutoff: float = 86) -> str | None:
    """The value whose synonym appears in `text` (exact phrase first, then fuzzy per word)."""
    norm = " " + re.sub(r"\s+", " ", PUNCT.sub(" ", normalize(text))).strip() + " "
    spaced = norm.replace("-", " ")  # "prospecting-stage"
    best: tuple[int, str] | None = None
    for value, synonyms in table.items():
        for syn in synonyms:
            at = max(norm.find(f" {syn} "), spaced.find(f" {syn} "))
            if at >= 0 and (best is None or len(syn) > best[0]):
                best = (len(syn), value)
    if best:
        return best[1]
    choices = {syn: value for value, syns in table.items() for syn in syns if len(syn) >= 5}
    for word in words(text):
        if len(word) < 5:
            continue
        match = process.extractOne(word, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
        if match:
            return choices[match[0]]
    return None
