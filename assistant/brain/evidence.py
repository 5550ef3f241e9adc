"""Boosts to intent scores from what a request contains: records, stages, amounts, questions."""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.brain.intents import BY_NAME
from assistant.brain.lexicon import LET_KNOW, STAGES, lookup, normalize
from assistant.brain.planner import (
    FIRST_HAND,
    NEWS_LOG,
    PRONOUNS,
    REPORTED,
    Request,
    may_use,
)
from assistant.brain.slots import find_amount, find_percent
from assistant.crm.writes import OPS

QUESTION = re.compile(
    r"^(?:what|whats|who|whos|where|which|when|how|is|are|any|do|does|did|"
    r"can i|could i|should|why)\b"
)
WRITES = tuple(OPS)  # every write tool
LEADING_VERB = {
    "log": "log_activity",
    "logged": "log_activity",
    "remind": "create_task",
    "task": "create_task",
    "todo": "create_task",
    "fu": "create_task",
    "move": "move_deal_stage",
    "escalate": "escalate_case",
    "resolve": "resolve_case",
    "comment": "comment_on_case",
    "reopen": "update_case",
    "close": "update_case",
    "rename": "update_case",
}
INSTRUCTION = re.compile(
    r"^(?:please |pls |and |so )?(?:put|add|open|log|create|make|file|raise|update|set|change|"
    r"escalate|resolve|close|comment|tell|let|note|remind|move|mark)\b"
)
POLITE = re.compile(
    r"^(?:.*[.!]\s+)?(?:please |pls )?(?:can|could|would) (?:you|u)\b"
    r"(?! (?:tell|show|let) me\b| (?:check|find|see|look up|pull up)\b)|^please\b"
)  # "can you log …" asks for a write; "can you tell me where …" asks a question
STAGE_VERB = re.compile(
    r"\b(?:mov\w*|put|set|mark|advance\w*|change|push|to|is|as|now in|was|got|"
    r"we|they)\b|->|→|=>"
)


STATUS_ASK = re.compile(
    r"\b(?:status|news|latest|progress|where (?:are|is|do) we|story with|what'?s up with|"
    r"where (?:we|things|it) (?:are|is|stands?)|stand|lately|anything new|going on|any updates?)\b"
)
NOT_PROBABILITY = re.compile(
    r"\d ?%\s*(?:off|full|discount|of (?:the|our|their|its)|uptime|more|less|fewer|increase|"
    r"decrease|growth|cheaper|higher|lower)\b"
)  # "storage is 90% full", "15% off": not a deal's probability
TASK_FIRST = re.compile(
    r"^(?:remind me(?! (?:what|who|how|when|where|which|if|whether|why))|todo|to-do|task|reminder|"
    r"don'?t let me forget|(?:i )?need to remember)\b"
)
DEAL_FIELD = re.compile(
    r"\b(?:amount|close date|closing date|stage|worth|value|owner|probability|closes?)\b"
)
WHERE_ARE_WE = re.compile(r"\bwhere (?:are we|we are|do we stand|we stand|things stand)\b")
MESSAGE_TO = re.compile(
    r"^(?:(?:case )?cs-\d+\s*(?:[:,;]|-+|->|=>|→)?\s*|on cs-\d+,? )?(?:please |pls |and |also )*"
    rf"(?:tell (?!me\b|us\b)|{LET_KNOW}|reply to|inform|notify)"
)
PROBLEM = re.compile(
    r"\b(?:can'?t|cannot|can not|unable|not working|doesn'?t work|isn'?t working|broken|fail\w*|"
    r"error|down|outage|nobody|no one|stopped|stuck|locked out|keeps?|missing|urgent|asap)\b"
)
CASE_STATE = re.compile(
    r"\bcs-\d+:?,? (?:[\w>-]+ ){0,3}(?:pending|on hold|urgent|high|low|normal)\b|"
    r"\b(?:down|up|back) to (?:normal|low|high|urgent)\b"
)
SUPPORT_STATS = re.compile(r"\b(?:how many|per rep|average|avg|median|mean|backlog|csat)\b")
NEGATABLE = {
    "resolve": "resolve_case",
    "close": "resolve_case",
    "escalate": "escalate_case",
    "log": "log_activity",
    "move": "move_deal_stage",
}
NEGATED = re.compile(r"\b(?:don'?t|do not|no need to|not) (" + "|".join(NEGATABLE) + r")\b")
CASE_ASK = re.compile(r"\b(?:case|ticket) (?:update|status|news)\b")
OWN_CASE = re.compile(r"\b(?:my|our) (?:[\w-]+ ){0,3}(?:case|ticket)s?\b")
STATUS_TOOL = {
    "account": "account_overview",
    "contact": "account_overview",
    "deal": "find_deals",
    "case": "find_cases",
}


QUESTION_INSIDE = re.compile(
    r"\b(?:is there|are there|is it possible|do you have|how (?:do|can|should) (?:i|we)|"
    r"what(?:'s|s| is| are)|right\?)\b"
)  # "our exports look garbled is there a known fix": a question with no question mark


def asks(text: str) -> bool:
    """A question, unless its last sentence is an instruction ("why …?! put it on the ticket")."""
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    said = QUESTION.match(text) or text.endswith("?") or QUESTION_INSIDE.search(last)
    return bool(said) and not INSTRUCTION.match(last)


VAGUE_VERBS = frozenset("do update change fix handle sort finish remind redo".split())
VAGUE_WORDS = frozenset(
    "can could would you u pls please just ok okay so now again too also asap for me it that "
    "this them the thing things stuff one we i you talked discussed said mentioned about abt "
    "earlier before yesterday priority status stage amount date owner out of care with "
    "take deal".split()
)


def says_nothing(r: Request) -> bool:
    """A bare instruction with nothing to act on ("do it", "update the priority", "remind me",
    "do the thing we talked abt") and no record in the request or the talk."""
    if r.mentions or r.memory:
        return False
    said = normalize(r.text).replace("'", " ").split()
    verbs = [w for w in said if w in VAGUE_VERBS]
    return bool(verbs) and all(w in VAGUE_WORDS or w in VAGUE_VERBS for w in said)


def is_question(r: Request) -> bool:
    text = normalize(r.text)
    return not POLITE.match(text) and asks(text)


def boosts(r: Request) -> dict[str, float]:
    text = normalize(r.text)
    kinds = {m.kind for m in r.mentions}
    refers = bool(PRONOUNS.search(text))
    out: dict[str, float] = defaultdict(float)
    polite = bool(POLITE.match(text))
    asked = asks(text)
    question = asked and not polite
    if question:
        for tool in WRITES:
            out[tool] -= 0.2
        if not kinds:
            out["search_knowledge"] += 0.15
    has_deal = "deal" in kinds or (refers and "deal" in r.memory) or bool(r.g.deals_about(r.text))
    if not question:
        for tool in WRITES:
            if BY_NAME[tool].matches(text):
                out[tool] += 0.15  # said in so many words, and not asked as a question
    if re.match(
        r"^(?:(?:please|pls|can you|could you|kindly)\s+)*(?:open|file|raise|create|log|submit) "
        r"(?:a |an )?(?:new )?(?:support )?(?:case|ticket|issue)\b",
        text,
    ):
        out["open_case"] += 0.2  # the message starts by asking for a case; the rest is its story
    first = text.split(" ", 1)[0] if text else ""
    if first in LEADING_VERB:
        out[LEADING_VERB[first]] += 0.15
    if BY_NAME["search_interactions"].matches(text):
        out["search_interactions"] += 0.15
    elif re.search(r"\be-\d{4}\b", text) and r.role != "customer":
        out["search_knowledge"] += 0.2  # an error code with no one asking who saw it
    slots = bool(find_amount(r.text) or find_percent(r.text) is not None)
    if has_deal and lookup(text, STAGES) and (STAGE_VERB.search(text) or not slots):
        out["move_deal_stage"] += 0.3
    if has_deal and (
        find_amount(r.text)
        or (find_percent(r.text) is not None and not NOT_PROBABILITY.search(text))
        or (re.search(r"\bclose date\b", text) and not asked)
    ):
        out["update_deal"] += 0.25
    if (
        re.search(r"\b(?:deal|opportunity|opp)\b", text)
        and find_amount(r.text)
        and re.search(r"\b(?:new|create|add|open|start|set up|wants?|there'?s)\b", text)
    ):
        out["create_deal"] += 0.2
    if "case" in kinds:
        for tool in ("log_activity", "create_task", "open_case"):
            if not BY_NAME[tool].matches(text):
                out[tool] -= 0.15
    for verb in NEGATED.findall(text):
        out[NEGATABLE[verb]] -= 0.5  # "don't resolve it yet, just mark it pending"
    if BY_NAME["unsupported"].matches(text):
        out["unsupported"] += 0.8  # "merge the two deals": never a lookup of them
    if BY_NAME["create_deal"].matches(text):
        out["update_deal"] -= 0.2  # "set up an opportunity …, close end of q1" is a new deal
        out["move_deal_stage"] -= 0.2
    if SUPPORT_STATS.search(text) and re.search(r"\b(?:cases|tickets)\b", text):
        out["support_metrics"] += 0.2
    if re.search(r"\b(?:low|high|urgent|normal|critical) prio(?:rity)?\b", text):
        out["find_cases"] += 0.25
    if re.search(r"\bdeals?\b", text) and re.search(
        r"\b(?:at risk|slipp\w*|overdue|past (?:their |the )?close|stalled|stuck)\b", text
    ):
        out["pipeline_summary"] += 0.3  # "deals at risk?" is the pipeline's risk list
    if r.role == "customer" and re.search(r"\b(?:case|ticket|issue)\b", text):
        if STATUS_ASK.search(text) or re.search(r"^any (?:update|news)", text):
            out["find_cases"] += 0.3  # "status on the duplicates ticket pls"
        if re.search(r"\b(?:update|add (?:a note|this|that|to)|note)\b", text) and not question:
            out["comment_on_case"] += 0.2  # a customer "updating" their ticket adds to it
    if re.search(r"\bescalations\b", text):
        out["support_metrics"] += 0.2  # a count of escalations, not a request to escalate it
        out["escalate_case"] -= 0.2
    valued = find_amount(r.text) or find_percent(r.text) is not None
    if (
        has_deal
        and valued
        and re.search(r"\b(?:update|change|fix|adjust) (?:it|that|the deal)\b", text)
    ):
        out["update_deal"] += 0.2  # "… is a 200k EUR deal now, so update it"
        if not re.search(r"\b(?:new|another|create|open|add|set up)\b", text):
            out["create_deal"] -= 0.2
    if re.match(
        r"^(?:pull up|show|list|find|get|give) (?:me )?(?:all |the |my |our )?(?:\w+ )?deals\b",
        text,
    ):
        out["find_deals"] += 0.3  # "pull up the deals we lost this year": a list, not a move
        out["move_deal_stage"] -= 0.2
    if TASK_FIRST.match(text):
        for name in BY_NAME:
            out[name] -= 0.0 if name == "create_task" else 0.2  # "todo: write a KB article on …"
    if has_deal and asked and DEAL_FIELD.search(text) and not find_amount(r.text):
        out["find_deals"] += 0.3  # "Globex expansion - whats the close date"
        out["update_deal"] -= 0.2
    if re.search(r"\bremind me (?:what|who|how much|when|where|which)\b", text):
        out["create_task"] -= 0.3  # "remind me what stage X is in" asks, it sets no reminder
    if r.role == "customer" and STATUS_ASK.search(text) and re.search(r"\b(?:our|my)\b", text):
        out["find_cases"] += 0.2  # "what's the status of our eu-west move?"
    first_hand = NEWS_LOG.match(text)
    news = (first_hand or REPORTED.match(text) or FIRST_HAND.match(text)) and not question
    others = [t for t in WRITES if t != "log_activity" and may_use(r.role, t)]
    if news and (first_hand or not any(BY_NAME[t].matches(text) for t in others)):
        out["log_activity"] += 0.3 if "contact" in kinds else 0.15  # nothing else was asked
    if MESSAGE_TO.match(text) and (
        "case" in kinds or "case" in r.memory or (r.role == "support" and "contact" in kinds)
    ):
        out["comment_on_case"] += 0.3  # "… and tell him we're on it": a reply on the case
    if "case" in kinds and not question and CASE_STATE.search(text):
        out["update_case"] += 0.2  # "10085 pending on cust", "10157 down to normal"
    reports = r.role == "customer" and "case" not in kinds and not question and PROBLEM.search(text)
    if reports and not OWN_CASE.search(text) and len(text.split()) >= 6:  # "it's broken again": ask
        out["open_case"] += 0.3  # a customer reporting a fault wants it looked at
        out["comment_on_case"] -= 0.1
    if r.role == "customer" and "case" in kinds and not question:
        out["comment_on_case"] += 0.2  # "10161: dec 12 window ok" tells the case something
    if r.role == "customer" and (OWN_CASE.search(text) or CASE_ASK.search(text)):
        out["find_cases"] += 0.2
        out["search_knowledge"] -= 0.1
    if STATUS_ASK.search(text) and kinds:
        kind = next(k for k in ("case", "deal", "contact", "account") if k in kinds)
        said_case = re.search(r"\b(?:case|ticket)\b", text)
        kind = "case" if said_case else kind
        kind = "deal" if kind == "account" and r.g.deals_about(r.text) else kind
        out[STATUS_TOOL[kind]] += (0.2 if len(kinds) == 1 or question else 0.0) + (
            0.15 if said_case else 0.0
        )
        if WHERE_ARE_WE.search(text):
            out[STATUS_TOOL[kind]] += 0.1
    if kinds and re.match(r"^(?:look up|lookup|find|show|list|search)\b", text):
        for tool in WRITES:
            out[tool] -= 0.2
    return out
