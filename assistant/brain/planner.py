"""Turn one request into tool calls, or into a question when it is not sure."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from assistant.brain import text as tx
from assistant.brain.gazetteer import Entity, Gazetteer, Mention, clear_best
from assistant.brain.intents import BY_NAME as BY_INTENT
from assistant.brain.intents import INTENTS
from assistant.brain.lexicon import (
    ACTIVITY_TYPES,
    CASE_STATUSES,
    CURRENCIES,
    LET_KNOW,
    PRIORITIES,
    STAGES,
    lookup,
    normalize,
)
from assistant.brain.slots import find_amount, find_dates, find_percent
from tools.registry import BY_NAME as TOOL_SPECS

READ_THRESHOLD = 0.45
WRITE_THRESHOLD = 0.55
PRONOUNS = re.compile(
    r"\b(?:it|that one|this one|that deal|this deal|the deal|that case|this case|the case|"
    r"the ticket|that ticket|same (?:customer|account|company)|them|her|him|they)\b"
)
OBLIGATION = re.compile(
    r"\b(?:wants?|needs?|asked for|asks for|requested|expects?|waiting for|promised)\s+"
    r"(?:us to |me to |to get |to see |to have )?(?:an? |the )?(?P<what>[^,.;]+?)\s+"
    r"(?:by|before|on|until)\s+(?P<when>[^,.;]+)"
)


THEIR_MILESTONE = re.compile(  # "wants the expansion signed by dec 20": theirs to do, no task
    r"\b(?:signed|live|done|fixed|approved|closed|deployed|ready|finished|resolved|in place|sorted|"
    r"rolled out|running|working)$|^(?:it|them|this|that)\b"
)
DEAL_WORD = re.compile(r"\b(?:deal|opp|opportunity|renewal|expansion|upgrade|it|lost|won)\b")


class Clarify(Exception):
    """The engine needs the user to say more; the message is the question."""


@dataclass
class Request:
    text: str  # typo-fixed
    original: str
    mentions: list[Mention]
    g: Gazetteer
    today: date
    memory: dict[str, Entity]
    role: str
    own_account_id: int | None = None
    forced: str | None = None  # "log it" said after the facts: the intent is not in doubt
    forced_type: str | None = None
    carried: set[str] = field(default_factory=set)  # kinds an earlier clause named
    whole: str = ""  # the whole message, when this request is one clause of it
    asked: str = ""  # the sentence that asks, when the request has context around it

    def entity(self, kind: str, *, required: bool = False, what: str = "") -> Entity | None:
        """The one record of `kind` the request names, else the one the talk was about."""
        matches = [m for m in self.mentions if m.kind == kind]
        for m in matches:
            if m.entity:
                return m.entity
        if matches:
            narrowed = self.narrow(matches[0].candidates)
            if len(narrowed) == 1:
                return narrowed[0]
            labels = "; ".join(e.label for e in (narrowed or matches[0].candidates)[:5])
            raise Clarify(f"Which {kind} do you mean: {labels}?")
        accounts = [m.entity for m in self.mentions if m.kind == "account" and m.entity]
        if kind == "deal":
            loose = self.g.deals_about(self.text)
            if loose and (len(loose) == 1 or loose[0][1] > loose[1][1]):
                return loose[0][0]
            anchor = accounts[0] if accounts else self.memory.get("account")
            if anchor and len(own := self.g.deals_of(anchor.id, self.text)) == 1:
                return own[0]
            if accounts and DEAL_WORD.search(normalize(self.text)):
                only = self.g.open_deals.get(accounts[0].id, [])
                if len(only) == 1:  # "the pinecrest opp" when Pinecrest has one open deal
                    return only[0]
        if kind in self.memory and (
            kind in self.carried or PRONOUNS.search(self.text) or not self.mentions
        ):
            return self.memory[kind]
        if kind == "deal" and self.whole and PRONOUNS.search(self.text):
            anchor = self.memory.get("account") or (
                self.g.get("account", c.account_id) if (c := self.memory.get("contact")) else None
            )  # "Dana's in!! renewal signed. mark it won": the renewal of Dana's account
            own = self.g.deals_of(anchor.id, self.whole) if anchor else []
            if len(own) == 1:
                return own[0]
        if required and kind == "deal":
            only = self.g.open_deals.get(accounts[0].id, []) if len(accounts) == 1 else []
            if len(only) == 1:
                return only[0]  # "acme -> negotiation" when Acme has one open deal
            if len(only) > 1:
                names = "; ".join(e.name for e in only[:5])
                raise Clarify(f"Which deal {what}: {names}?".replace("  ", " "))
        if required:
            raise Clarify(f"Which {kind} {what}? Please name it.".replace("  ", " "))
        return None

    def narrow(self, candidates: list[Entity]) -> list[Entity]:
        """Candidates at the account the request (or the talk) is otherwise about."""
        accounts = {m.entity.account_id for m in self.mentions if m.entity}
        if not accounts and "account" in self.memory:
            accounts = {self.memory["account"].id}
        if not accounts and self.own_account_id is not None:
            accounts = {self.own_account_id}
        return [e for e in candidates if e.account_id in accounts]

    def head(self) -> Request:
        """The request up to its free text (before the first ':', ' - ' or ','), if it names
        anything there; otherwise the whole request."""
        norm = normalize(self.text)
        cut_at = min(
            (
                i
                for i in (norm.find(": "), norm.find(" - "), norm.find(", "), norm.find("; "))
                if i > 0
            ),
            default=len(norm),
        )
        inside = [m for m in self.mentions if m.end <= cut_at]
        if not inside:
            return self
        return Request(
            text=self.text,
            original=self.original,
            mentions=inside,
            g=self.g,
            today=self.today,
            memory=self.memory,
            role=self.role,
            own_account_id=self.own_account_id,
            carried=self.carried,
        )

    def spans(self, *extra: tuple[int, int]) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.mentions] + list(extra)


@dataclass
class Plan:
    calls: list[dict[str, Any]] = field(default_factory=list)
    say: str | None = None


Filler = Callable[[Request], list[dict[str, Any]]]


def _call(tool: str, **args: Any) -> dict[str, Any]:
    return {"name": tool, "args": {k: v for k, v in args.items() if v is not None}}


def _links(r: Request) -> dict[str, str | None]:
    """The records a logged activity or task is about, named before its free text."""
    head = r.head()
    contact, deal = head.entity("contact"), head.entity("deal")
    case = head.entity("case") or r.entity("case")
    account = head.entity("account")
    if case is None and r.role == "support":
        case = r.memory.get("case")
    if contact and deal and contact.account_id != deal.account_id:
        contact = None  # "review the Lumenfield pilot with Marcus": a colleague, not their contact
    named = [x for x in (contact, deal, case) if x]
    if account and any(x.account_id != account.id for x in named):
        account = None  # a named person's company wins over a loosely matched account
    account = account or next((r.g.get("account", x.account_id) for x in named), None)
    if not (named or account):
        raise Clarify("Who was it with? Name the contact or the account.")
    return {
        "contact": contact.name if contact else None,
        "deal": deal.name if deal else None,
        "case": case.name if case else None,
        "account": account.name if account else None,
    }


CORRECTION = re.compile(
    r"\b(?:sorry,? (?:i meant?|make (?:it|that))?|actually,? (?:no,? )?|no,? wait|i meant?|"
    r"scratch that|rather(?! than)|correction:?)[\s,:]"
)
OLD_AMOUNT = re.compile(
    r"\b(?:rather than|instead of|(?:up|down) from|from|was|not|vs\.?|versus)\s+(?:the\s+)?"
    r"[$€£]?\s?\d[\d,.]*\s?(?:k|m|mm|thousand|million|grand)?\b",
    re.IGNORECASE,
)


def corrected(text: str) -> str:
    """What follows the writer's last correction ("jan 15, sorry i mean jan 22" → "jan 22")."""
    ends = [m.end() for m in CORRECTION.finditer(text)]
    return re.sub(r"\bnot \w+", "", text[ends[-1] :]) if ends else text


def _future_date_in(text: str, r: Request) -> str | None:
    """The first date in `text` that is today or later (an earlier clause may carry it)."""
    dates = [d.value for d in find_dates(text, r.today) if d.value >= r.today] if text else []
    return dates[0].isoformat() if dates else None


def _future_date(r: Request) -> str | None:
    """The first future date in the sentence that asks, else after the last correction, else
    anywhere in the request."""
    for text in (r.asked, corrected(r.text), r.text):
        if day := _future_date_in(text, r):
            return day
    return None


WANTED_BEFORE = re.compile(
    r"\b(?:wants?|needs?|asked for|asks for|expects?|requested)\b(?:\s+[\w'-]+){0,4}\s*$"
)  # "she wants a call fri": a day still to come, not when the call happened
LABELLED_TYPE = re.compile(
    r"^(?:[\w .&'-]{2,40}: )?(?:quick |short |good |great |long |zoom |teams |phone |video )?"
    r"(call|meeting|mtg|email|lunch|coffee|chat|demo|voice ?mail|vm)\b"
)


def fill_log_activity(r: Request) -> list[dict[str, Any]]:
    norm = normalize(r.text)
    said_note = re.match(
        r"^(?:pls |please |quick |fyi,? )?(?:(?:add|put|log|make|leave) )?(?:a |an )?note\b", norm
    )
    said_type = re.match(r"^(?:pls |please )?log (?:an? |the |my )?(\w+)", norm) or (
        LABELLED_TYPE.match(norm)
    )
    fixed = corrected(norm) if CORRECTION.search(norm) else ""
    kind = (
        r.forced_type
        or ("note" if said_note else None)
        or (fixed and lookup(fixed, ACTIVITY_TYPES))
        or (said_type and lookup(said_type.group(1), ACTIVITY_TYPES))
        or lookup(r.text, ACTIVITY_TYPES)
        or "note"
    )
    links = _links(r)
    before = [d for d in find_dates(r.text, r.today, past=True) if d.value < r.today]
    past = [
        d.value
        for d in before
        if not re.search(r"\b(?:by|before|until|till|due|next|for)\s*$", norm[: d.start])
        and not WANTED_BEFORE.search(norm[: d.start])
    ]
    dated = [d.value for d in before if re.search(r"\bon\s*$", norm[: d.start])]  # "on nov 19"
    when = (
        past[0].isoformat()
        if past and re.search(r"\b(?:yesterday|yday|last|ago|(?:mon|tue|wed|thu|fri)\w*)\b", norm)
        else dated[0].isoformat()
        if dated
        else r.today.isoformat()
        if re.search(r"\b(?:this morning|this afternoon|earlier today|today)\b", norm)
        and not re.search(r"\b(?:by|before|until|due) (?:end of )?today\b", norm)
        else None
    )
    summary = tx.activity_summary(r.text, r.mentions)
    calls = [_call("log_activity", type=kind, summary=summary, when=when, **links)]
    if (m := OBLIGATION.search(normalize(r.text))) and not THEIR_MILESTONE.search(m["what"]):
        due = find_dates(m.group("when"), r.today)
        if due:
            who = links["contact"].split()[0] if links["contact"] else None
            thing = re.sub(r"^(?:a |an |the )", "", m.group("what")).strip()
            title = f"Send {thing} to {who}" if who else f"Follow up: {thing}"
            calls.append(
                _call(
                    "create_task",
                    title=tx.sentence(title, r.original),
                    due=due[0].value.isoformat(),
                    contact=links["contact"],
                    account=links["account"],
                    deal=links["deal"],
                )
            )
    return calls


def fill_create_task(r: Request) -> list[dict[str, Any]]:
    norm = normalize(r.text)
    title = tx.after_marker(
        norm,
        (
            "remind me to ",
            "let me forget to ",
            "reminder: ",
            "reminder to ",
            "task to ",
            "task for me to ",
            "task me to ",
            "reminder for me to ",
            "to-do: ",
            "todo: ",
            "to do: ",
            "i need to ",
            "need to ",
            "task: ",
        ),
    ) or re.sub(
        r"^(?:please |can you )?(?:create|add|set|make) (?:a |an )?"
        r"(?:task|to-?do|reminder)\s*(?:to|for)?\s*",
        "",
        norm,
    )
    title = re.sub(
        r"^(?:(?:i )?(?:need|want) |set me |set |create |add |make )?(?:a |an )?"
        r"(?:reminder|task|to-?do)\s*(?:for|on)?\s*"
        r"(?:the \d{1,2}(?:st|nd|rd|th)|\S+day|tomorrow|today|\d{1,2}/\d{1,2})?\s*(?:to\s+)?",
        "",
        title,
    )
    title = re.sub(r"^(?:(?:for )?(?:me|myself)\s+)?(?:to\s+)?", "", tx.strip_dates(title))
    title = tx.sentence(title, r.original)
    news = _said_before(r)
    if len(title) < 3 and (wanted := _wanted(tx.strip_dates(news))):
        title = f"Follow up: {wanted}"  # "… she wants a call fri set me a task"
    if len(title) < 3:
        raise Clarify("What should the task say?")
    try:
        links = _links(r)
    except Clarify:
        if r.mentions:  # a name that fits several records: ask rather than drop it
            raise
        links = {}
    if links.get("contact"):  # "Chase him" → "Chase Bill": the task reads well on its own
        title = re.sub(r"\b(?:him|her)\b", links["contact"].split()[0], title, count=1)
    marker = TASK_SAID.search(r.text)
    due = (
        (_future_date_in(r.text[marker.start() :], r) if marker else None)
        or _future_date(r)
        or (_future_date_in(news, r) if title.startswith("Follow up: ") else None)
    )
    return [_call("create_task", title=_with_referent(title, r), due=due, **links)]


TASK_SAID = re.compile(r"\b(?:remind me|reminder|task|to-?do|follow up|f/u)\b", re.IGNORECASE)
THING_WANTED = re.compile(
    r"\b(?:wants?|needs?|ask(?:ed|s|ing) for|requested|expects?|waiting (?:for|on)|promised)\s+"
    r"(?:(?:us|me|him|her|them) )?(?:to (?:see|get|have|review) )?"
    r"(?P<what>(?:an?|the|our|their|his|her|some) (?:[\w'-]+ ){0,3}?[\w'-]+?)"
    r"(?=\s+(?:by|before|on|until|for|from|so|and|but|broken|filled|signed|sent|done|ready|asap)\b"
    r"|\s*[,.;!?]|\s*$)"
)
POINTING_TITLE = re.compile(r"^(\w+) (?:it|that|them|one)( up| out| over| back| through)?\b", re.I)


def _wanted(norm: str) -> str | None:
    """The last thing the (normalized) news says someone wants ("she wants a call" → "a call")."""
    found = [w["what"] for w in THING_WANTED.finditer(norm)]
    return found[-1] if found else None


def _with_referent(title: str, r: Request) -> str:
    """ "Send it" → "Send the renewal quote" when the news said what is wanted."""
    m = POINTING_TITLE.match(title)
    if not m:
        return title
    said = r.whole or r.text
    wanted = _wanted(normalize(said))
    if not wanted:
        return title
    thing = tx.sentence(wanted, r.original if not r.whole else said)
    lower_first = thing[:1].isupper() and (thing[1:2].islower() or thing[1:2] == " ")
    thing = thing[:1].lower() + thing[1:] if lower_first else thing
    return f"{m.group(1)}{m.group(2) or ''} {thing}{title[m.end() :]}"


def fill_create_deal(r: Request) -> list[dict[str, Any]]:
    account = r.entity("account") or _account_of(r, r.entity("contact"))
    if account is None:
        raise Clarify("Which account is the new deal for?")
    amount = find_amount(r.text)
    if amount is None:
        raise Clarify("How much is the deal worth? Give an amount, e.g. 30k.")
    stage = lookup(r.text, STAGES)
    name = _quoted(r) or tx.after_marker(
        r.text, ("called ", "named ", "deal: ", "opportunity: ", "opp: ")
    )
    if not name:
        name = f"{account.name} {_deal_label(r)}".strip()
    return [
        _call(
            "create_deal",
            account=account.name,
            name=tx.sentence(name, r.original),
            amount=float(amount[0]),
            currency=amount[1] or "USD",
            stage=stage if stage and stage not in ("closed_won", "closed_lost") else None,
            close_date=_future_date(r),
        )
    ]


RAW_NAME = re.compile(
    r"\b(?:with|on|about|for|at|of|from)\s+(?!(?:with|on|about|for|at|of|from)\b)"
    r"(?P<name>[a-z0-9][\w&.'-]*(?:\s+[a-z0-9][\w&.'-]*){0,2})"
)
NOT_NAME = re.compile(
    r"\b(?:last|this|next|the|my|our|a|an|today|yesterday|tomorrow|week|"
    r"month|quarter|year|lately|recently|please|pls|asap|thanks|thx|before|"
    r"call|calls|now)\b.*$"
)


def raw_name(r: Request) -> str | None:
    """A name the user typed that matches nothing they can see, for the tool to report."""
    for m in RAW_NAME.finditer(normalize(r.original)):
        name = NOT_NAME.sub("", m.group("name")).strip(" ?.!,")
        if len(name) >= 3:
            return name
    return None


DEAL_NOISE = re.compile(
    r"\b(?:please|pls|create|add|open|start|new|a|an|the|deal|opportunity|opp|for|on|with|at|"
    r"can|could|would|you|i|we|want|wants|set|up|expected|to|of|and|"
    r"worth|closing|close|close date|by|in|stage|usd|eur|gbp|k|end of|eo[qmy]|"
    r"prospecting|qualification|proposal|negotiation)\b|[$€£]?\d[\d,.]*\s?[km]?\b"
)


def _deal_label(r: Request) -> str:
    """What the new deal is, from the words left once the account, amount and dates are out."""
    rest = tx.strip_dates(tx.cut(r.text, r.spans()))
    for chunk in re.split(r"[,;:]| - ", rest):
        label = re.sub(r"\s+", " ", DEAL_NOISE.sub(" ", chunk)).strip(" -.")
        if re.search(r"[a-z]{2}", label):
            return tx.sentence(label, r.original) if label else "deal"
    return "deal"


def _account_of(r: Request, entity: Entity | None) -> Entity | None:
    return r.g.get("account", entity.account_id) if entity and entity.account_id else None


PROB_VALUE = re.compile(
    r"\b(?:prob|probability|likelihood|chance)\w*\s*(?:to|at|of|is|=|->|:)?\s*\d{1,3}\s?%?",
    re.IGNORECASE,
)
NEW_AMOUNT = re.compile(
    r"\b(?:to|now|is now|grows to|down to|up to)\s+([$€£]?\s?\d[\d,.]*\s?"
    r"(?:k|m|mm|thousand|million|grand)?\b(?:\s?(?:usd|eur|gbp|dollars?|euros?|pounds?))?)",
    re.IGNORECASE,
)
PERCENT_ONLY = re.compile(r"^\D*\d{1,3}\s?%\D*$")
CLOSE_VERB = re.compile(
    r"\b(?:clos\w*|push\w*|slip\w*|pull\w*|mov\w*|delay\w*|date|land\w*|sign\w*)\b"
)
CURRENCY_CHANGE = re.compile(r"\b(?:in|to) (usd|eur|gbp|euros?|dollars?|pounds?)\b")


RENAME_TO = re.compile(
    r"\brename\b.*?\bto\s+(?:[\"“'‘](?P<quoted>[^\"”'’]{3,80})[\"”'’]|(?P<name>[^\"”'’]{3,80})\s*$)",
    re.I,
)


NEW_VALUE_AT = re.compile(
    r"\b(?:to|till|until|make (?:it|the (?:close )?date)|(?:is|be) now|"
    r"new (?:close )?date(?: is)?)\s+|->|→|=>"
)


def _target_date(r: Request) -> str | None:
    """The date a change is *to* ("won't make friday, push close to dec 18" → dec 18)."""
    text = corrected(normalize(r.text))
    for m in reversed(list(NEW_VALUE_AT.finditer(text))):
        if day := _future_date_in(text[m.end() :], r):
            return day
    return None


BARE_UPDATE = re.compile(
    r"^(?:and |then |also |pls |please )*(?:update|change|fix|adjust|correct) "
    r"(?:it|the deal|that|the (?:amount|value|number|close date|date|close))\W*$"
)


def fill_update_deal(r: Request) -> list[dict[str, Any]]:
    deal = r.entity("deal", required=True, what="should I update")
    norm = normalize(r.text)
    args: dict[str, Any] = {}
    money_text = OLD_AMOUNT.sub(" ", PROB_VALUE.sub(" ", corrected(r.text)))
    new_value = NEW_AMOUNT.search(money_text)  # "at 278k … haircut it to 200k"
    amount = (new_value and find_amount(new_value.group(1))) or find_amount(money_text)
    if amount and not PERCENT_ONLY.search(money_text):
        args["amount"] = float(amount[0])
        if amount[1]:
            args["currency"] = amount[1]
    if (pct := find_percent(r.text)) is not None:
        args["probability"] = pct
    elif (m := re.search(r"\bprob(?:ability)?\b\D{0,40}?(\d{1,3})\b", norm)) and int(
        m.group(1)
    ) <= 100:
        args["probability"] = int(m.group(1))
    if CLOSE_VERB.search(norm) and (
        day := _target_date(r) or _future_date(r) or _future_date_in(r.whole, r)
    ):
        args["close_date"] = day
    if not args.get("currency") and (cur := CURRENCY_CHANGE.search(norm)):
        args["currency"] = CURRENCIES[cur.group(1)]
    if m := RENAME_TO.search(r.original):
        args["name"] = (m.group("quoted") or m.group("name")).strip(" .")
    if not args and r.whole and BARE_UPDATE.match(norm):
        return fill_update_deal(replace(r, text=r.whole, whole=""))  # "… 205k. update the amount"
    if not args:
        raise Clarify(f"What should change on {deal.name}: amount, close date or probability?")
    return [_call("update_deal", deal=deal.name, **args)]


TO_STAGE = re.compile(
    r"(?:->|=>|→|\bto|\binto)\s*(?:the\s+)?(?:closed[ -]?)?"
    r"(?:prospecting|qualification|proposal|negotiation|won|lost)\b"
)


def fill_move_deal_stage(r: Request) -> list[dict[str, Any]]:
    said = [m.group(0) for m in TO_STAGE.finditer(normalize(r.text))]
    stage = (
        (said and lookup(said[-1], STAGES))
        or lookup(r.text, STAGES)
        or (lookup(r.whole, STAGES) if r.whole and BARE_MOVE.match(normalize(r.text)) else None)
    )  # "… is moving to negotiation. log + move the deal"
    deal = r.entity("deal", required=True, what=f"should I move{' to ' + stage if stage else ''}")
    if stage is None:
        raise Clarify(
            f"Which stage should {deal.name} move to: prospecting, qualification, "
            "proposal, negotiation, closed won or closed lost?"
        )
    return [_call("move_deal_stage", deal=deal.name, stage=stage)]


BARE_MOVE = re.compile(
    r"^(?:and |then |also |pls |please )*(?:move|advance|progress) (?:it|the deal|that)\W*$"
)


def _case(r: Request, *, what: str) -> Entity:
    case = r.entity("case")
    if case:
        return case
    account = r.entity("account") or _account_of(r, r.entity("contact"))
    account_id = account.id if account else r.own_account_id
    scored = r.g.cases_in(r.text, account_id=account_id)
    if best := clear_best(scored):
        return best
    if r.whole and PRONOUNS.search(r.text):  # "whats the status of our csv case? and add to it …"
        scored = r.g.cases_in(r.whole, account_id=account_id)
        if best := clear_best(scored):
            return best
    own = [e for e, _ in r.g.open_cases if account_id is not None and e.account_id == account_id]
    if len(own) == 1:
        return own[0]
    choices = "; ".join(e.label for e, _ in scored[:5]) if scored else ""
    raise Clarify(
        f"Which case {what}?"
        + (f" Maybe: {choices}." if choices else " Give its number, like CS-10001.")
    )


GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|thanks|thank you|kind regards|"
    r"regards|best|cheers|ok so|quick background|long story|priority|i think we found|"
    r"we (?:have|found) (?:a )?(?:problem|bug|issue)|hope you|not sure this)\b"
)
ABOUT = re.compile(
    r"\b(?:regarding|about|re|concerning|for (?:the|this|our|my))\s+(?P<what>(?:\S+\s+){0,12}\S+)"
)
TROUBLE = re.compile(
    r"\b(?:fail\w*|error\w*|broken|break\w*|crash\w*|can'?t|cannot|unable|not (?:working|"
    r"loading|showing|firing)|down|missing|wrong|slow|bug|locked|stuck|timing out|e-\d{4})\b"
)


def _problem(r: Request) -> str | None:
    """The sentence that says what is wrong, skipping greetings and the "open a ticket" part."""
    parts = re.split(r"(?<=[.!?])\s+|\s+/\s+|:\s+|\s+-\s+", r.original.strip())
    plain = None
    while parts:
        part = parts.pop(0)
        low = normalize(part).strip(" .!?,")
        if BY_INTENT["open_case"].matches(low):
            if (m := ABOUT.search(low)) and not re.search(r"\b(?:case|ticket)\b", m["what"]):
                return m["what"].split(",")[0]
            pieces = part.split(", ")
            parts[:0] = [p for p in pieces if not BY_INTENT["open_case"].matches(normalize(p))]
            continue
        named = sum(m.end - m.start for m in r.g.find(low))
        if len(low.split()) < 3 or GREETING.match(low) or named > 0.6 * len(low):
            continue
        if TROUBLE.search(low):
            return part.strip(" .!?,")[:120]
        plain = plain or part.strip(" .!?,")[:120]
    return plain


BARE_OPEN = re.compile(
    r"^(?:(?:pls|please|and|also|then|so|can you|could you)\s+)*(?:open|create|file|raise|log|"
    r"submit|start|make)(?: up)?(?: a| an)?(?: new)?(?: \w+)?(?: support)? (?:case|ticket)"
    r"(?: (?:for|on|about) (?:it|this|that|them|him|her))?(?: too| as well| pls| please)*\W*$"
)


REPORTER = re.compile(
    r"^(?:[\w.'-]+ ){1,3}(?:(?:from|at|@) [\w.&'-]+(?: [\w.&'-]+)? )?(?:just )?(?:called|emailed|"
    r"rang|phoned|pinged|wrote|messaged)(?: (?:in|me|us))?(?: (?:to say|saying|that|about))?,?\s+",
    re.IGNORECASE,
)


def _unreported(text: str, g: Gazetteer) -> str:
    """The text without a leading "<person or company> called," that says who reported it."""
    m = REPORTER.match(text)
    if m is None or not any(x.kind in ("contact", "account") for x in g.find(m.group(0))):
        return text  # "the sync job wrote duplicate rows": no reporter, all of it is the problem
    return text[m.end() :]


def fill_open_case(r: Request) -> list[dict[str, Any]]:
    if r.whole and BARE_OPEN.match(normalize(r.text)):
        # "<what is wrong>, … open urgent case and log the call": the story is the message's
        r = replace(r, original=r.whole)
    norm = normalize(r.original)
    problem = _problem(r)
    if problem and problem.isupper():
        problem = problem.capitalize()  # a subject should not shout
    body = (
        problem
        or tx.after_marker(norm, (": ", " - "))
        or re.sub(
            r"^(?:please |pls |can you |could you )?(?:open|create|file|raise|log|submit) "
            r"(?:a |an )?(?:new )?(?:support )?(?:case|ticket)\s*(?:for \S+)?\s*,?\s*",
            "",
            norm,
        )
    )
    subject = re.split(r"(?<=[.!?])\s", body.strip())[0][:120]
    if len((told := _unreported(subject, r.g)).split()) >= 3:
        subject = told  # "carlos from pinecrest called, api key rotation fails": the problem
    priority = lookup(r.text, PRIORITIES)
    args: dict[str, Any] = {
        "subject": tx.sentence(subject.rstrip(".!?"), r.original),
        "description": r.original.strip(),
        "priority": priority,
    }
    if r.role != "customer":
        contact = r.entity("contact")
        account = r.entity("account")
        if not (contact or account):
            raise Clarify("Which customer is the case for?")
        if contact and account and contact.account_id != account.id:
            account = None
        account = account or _account_of(r, contact)
        args["contact"] = contact.name if contact else None
        args["account"] = account.name if account else None
    if len(args["subject"]) < 3:
        raise Clarify("What is the problem? A short description is enough.")
    return [_call("open_case", **args)]


PRIVATE = re.compile(
    r"\b(?:internal(?:ly)?|private|not visible to|staff[- ]only|team[- ]only|not for the customer|"
    r"for the team|team note)\b"
)


POINTS_BACK = re.compile(r"\b(?:add|put|post|note) (?:this|that|it)\b(?! (?:note|comment))")
TRIVIAL_COMMENT = re.compile(
    r"^(?:(?:tell|let|ask) \w+(?: know)? (?:that )?|please note (?:that )?)?(?:on |to |in )?"
    r"(?:it|this|that|cs-\d+|the case|the ticket|my case|my question|its? back|"
    r"(?:my|our|the) (?:[\w-]+ ){0,3}(?:case|ticket))?"
    r"(?:\s+(?:on|to|in) (?:it|cs-\d+|the case|the ticket))?\W*$"
)
INSTRUCTION_AT = re.compile(
    r"(?:[,.;:!?]|\s-)\s*(?:so |and |please |pls |kindly |can you |could you )*"
    r"(?:tell|let|add|put|note|post|write|update|comment)\b"
)


def _before_instruction(r: Request) -> str | None:
    """The facts a customer or agent wrote before "… please add that to the ticket"."""
    norm = normalize(r.original)
    cuts = [m.start() for m in INSTRUCTION_AT.finditer(norm)]
    if not cuts:
        return None
    head = r.original[: cuts[-1]].strip(" ,.;:-")
    return head if len(head.split()) >= 3 else None


def fill_comment_on_case(r: Request) -> list[dict[str, Any]]:
    case = _case(r, what="should I comment on")
    comment = (
        tx.after_marker(r.original, (": ", " that ", "saying ", " - ", " with this "))
        or _after_mention(r, "case", keep_short=False)
        or _context_before(r)
        or tx.cut(r.text, r.spans())
    )
    if TRIVIAL_COMMENT.match(normalize(comment)) or POINTS_BACK.search(normalize(r.text)):
        # "tell dana that on CS-10001", "<the facts>. please add this to case 10055, …"
        before = _before_instruction(r)
        after = _after_mention(r, "case", keep_short=False)
        if before:
            comment = f"{before}. {after}" if after and after not in before else before
    private = PRIVATE.search(normalize(r.text)) and not re.search(r"\bpublic\b", r.text.lower())
    internal = bool(private) and r.role != "customer"
    return [
        _call(
            "comment_on_case",
            case=case.name,
            text=tx.sentence(comment.lstrip(">→ "), r.original),
            internal=internal or None,
        )
    ]


def fill_update_case(r: Request) -> list[dict[str, Any]]:
    case = _case(r, what="should I update")
    norm = re.sub(
        r"\b(?:been |is |are |still )?waiting (?:on|for) "
        r"(?:us|you|a (?:reply|response|fix|update))\b",
        " ",
        normalize(r.text),
    )  # the customer waiting on us is not "pending" (waiting on them)
    target = re.search(r"\b(?:to|as|->|=>)\s+(\w+(?: \w+)?)", normalize(r.asked)) or re.search(
        r"\b(?:to|as|->|=>)\s+(\w+(?: \w+)?)", corrected(norm)
    )
    status = (
        (target and lookup(target.group(1), CASE_STATUSES)) or lookup(norm, CASE_STATUSES)
        if re.search(r"\b(?:status|pending|waiting|hold|reopen|open|close|closed|new)\b", norm)
        else None
    )
    priority = (
        lookup(corrected(norm), PRIORITIES) or lookup(norm, PRIORITIES)
        if re.search(r"\bpriorit|urgent|critical|high|low|\b(?:to|as) (?:normal|medium)\b", norm)
        else None
    )
    subject = None
    if re.search(r"\b(?:rename|retitle|subject|title)\b", norm):
        subject = _quoted(r) or tx.after_marker(r.original, (" subject to ", " to ", ": "))
        status = priority = None
    if not (status or priority or subject):
        raise Clarify(f"What should change on {case.name}: status, priority or subject?")
    return [_call("update_case", case=case.name, status=status, priority=priority, subject=subject)]


CASE_THEN = re.compile(r"\b(?:case|ticket)\b[,:;-]?\s+(\S.{10,})$", re.IGNORECASE)


def fill_escalate_case(r: Request) -> list[dict[str, Any]]:
    case = _case(r, what="should I escalate")
    reason = (
        tx.after_marker(r.original, (": ", "; ", " because "))
        or _said_of_case(r)
        or tx.after_marker(r.original, (" - ",))
        or _context_before(r)
        or ((m := CASE_THEN.search(r.original)) and m.group(1))
        or _story_before(r)
        or "Escalated at the user's request."
    )
    reason = re.sub(r"^(?:and|so|as|since)\s+", "", reason.strip(" ,.;:-?"), flags=re.IGNORECASE)
    return [_call("escalate_case", case=case.name, reason=tx.sentence(reason, r.original))]


BARE_VERDICT = re.compile(
    r"^(?:(?:so |and |which )?(?:can|should|could|must|may) (?:now )?be |is |was |has been |"
    r"(?:so |and )?(?:can|could|should|shall) (?:we|you|i) (?:please )?|"
    r"needs? (?:to be )?|(?:so )?(?:can|should) |pls |please )*(?:closed(?: off)?|resolved|done|"
    r"fixed|escalat\w*|sorted|go(?:ne)? up|mark(?:ed)? (?:it |as )?resolved|"
    r"(?:has|needs) to go (?:to|up)|go(?:es)? to eng\w*)\b"
)


def _said_of_case(r: Request) -> str | None:
    """What the request says about the case: the words after its number, or, when those only
    repeat the instruction ("…, so CS-10029 can be closed off as resolved"), the words before."""
    after = _after_mention(r, "case")
    if after and not BARE_VERDICT.match(after):
        return after
    if after and (verdict := BARE_VERDICT.match(after)):
        rest = after[verdict.end() :].strip(" ,.;:-")
        instruction = re.match(r"^(?:pls |please )?(?:mark|set|close|resolve|escalate)\b", rest)
        if len(rest.split()) >= 3 and not instruction:  # "mark 10075 resolved the charge was …"
            return rest
    starts = [m.start for m in r.mentions if m.kind == "case"]
    if not starts:
        return None
    before = normalize(r.text)[: starts[0]]
    before = re.sub(
        r"(?:[,.;:-]|\b(?:so|and|then|the case|case|ticket|on|for))\s*$", "", before.strip()
    )
    before = re.sub(r"(?:[,.;:-]|\b(?:so|and|then))\s*$", "", before.strip()).strip()
    return before if len(before.split()) >= 3 else None


def _after_mention(r: Request, kind: str, *, keep_short: bool = True) -> str | None:
    """The words after the record's mention, when they say something (3+ words) and are not
    just the instruction again ("…, case 10157. add it to the ticket")."""
    ends = [m.end for m in r.mentions if m.kind == kind]
    if not ends:
        return None
    rest = normalize(r.text)[ends[0] :]
    rest = re.sub(r"^(?:pls|please|to eng(?:ineering)?|,|\.|-|\s)+", "", rest)
    rest = re.sub(
        r"^(?:resolve|close|escalate|mark) (?:it|this|that)(?: (?:as )?(?:resolved|closed|done))?"
        r"(?:\s+(?:pls|please))?\b[\s,.:;-]*",
        "",
        rest,
    )  # "10033 resolve it, the branding came back …"
    if not keep_short and BARE_INSTRUCTION.match(rest):
        return None
    return rest if len(rest.split()) >= (2 if keep_short else 3) else None


BARE_INSTRUCTION = re.compile(
    r"^(?:pls |please |and )?(?:add|put|post|attach|note) (?:it|this|that)\b[^.]{0,30}$"
)


def _said_before(r: Request) -> str:
    """The message up to this clause ("" when the request is the whole message)."""
    at = r.whole.find(r.text) if r.whole else -1
    return r.whole[:at] if at > 0 else ""


def _story_before(r: Request) -> str | None:
    """What the message said before this clause ("<the facts>. log it and escalate the case")."""
    story = _unreported(_said_before(r).strip(" ,.;:-"), r.g)
    story = re.sub(r"\s+(?:and|then|so|also|\+|&)$", "", story)
    story = TOLD_ON_CASE.sub("", story)  # "tell kwame on CS-10094 we moved …, and resolve it"
    said = normalize(story)
    asks = CHANGE_START.match(said) or QUESTION_START.match(said) or "?" in said
    if len(said.split()) < 3 or asks:
        return None  # "mark CS-10001 urgent, then resolve it": a change or a question, no reason
    return story


TOLD_ON_CASE = re.compile(
    r"^(?:tell|let \w+ know|inform|notify|reply to) (?:[\w.'-]+ ){1,3}(?:on|in|via) cs-\d+\s*"
    r"(?:that\s+)?",
    re.IGNORECASE,
)


def _context_before(r: Request) -> str | None:
    """Earlier sentences that explain the instruction in the last one."""
    parts = re.split(r"(?<=[.!?])\s+", r.original.strip())
    if len(parts) < 2:
        return None
    context = " ".join(parts[:-1]).strip()
    return context if len(context.split()) >= 3 else None


def fill_resolve_case(r: Request) -> list[dict[str, Any]]:
    case = _case(r, what="should I resolve")
    in_brackets = re.search(
        r"\b(?:resolved|fixed|closed|done)\s*\((?P<why>[^)]{4,})\)", r.original, re.I
    )
    resolution = (
        (in_brackets and in_brackets.group("why"))
        or _before_command(r)
        or tx.after_marker(r.original, (": ", "; ", " with ", " because ", " - ", " the fix was "))
        or _said_of_case(r)
        or tx.after_marker(r.original, (", ", ". "))
    )
    if not resolution and r.whole and (said := _said_of_case(replace(r, text=r.whole, whole=""))):
        resolution = said  # "reply … the refund went out today, then resolve it"
    if not resolution and (story := _story_before(r)):
        resolution = re.sub(r"^(?:case\s+)?cs-\d+\s*[:,-]?\s*", "", story, flags=re.I)
    if not resolution:
        raise Clarify(f"What fixed {case.name}? I'll add it as the resolution.")
    return [_call("resolve_case", case=case.name, resolution=tx.sentence(resolution, r.original))]


TRAILING_RESOLVE = re.compile(
    r"[,.;:!-]?\s*(?:so |pls |please |can you |go ahead and )*(?:resolve|close)"
    r"(?: it| this| that| the case| the ticket| cs-\d+)?(?: out)?(?: pls| please| thx)?\W*$"
)


def _before_command(r: Request) -> str | None:
    """What fixed it, when it comes first ("refund went through, resolve it")."""
    norm = normalize(r.text)
    m = TRAILING_RESOLVE.search(norm)
    if not m or m.start() == 0:
        return None
    head = norm[: m.start()]
    spans = [(x.start, x.end) for x in r.mentions if x.end <= m.start()]
    rest = tx.cut(head, spans)
    rest = re.sub(r"^(?:the |this |that |our |their )?(?:case|ticket)\b\s*", "", rest)
    rest = re.sub(r"^(?:is |was |has been |got )?(?:fixed|solved|done)\b[\s,.-]*", "", rest)
    return rest if len(rest.split()) >= 2 else None


def _quoted(r: Request) -> str | None:
    m = re.search(r"(?:^|[\s:(])[\"“'‘]([^\"”'’]{2,60})[\"”'’](?=$|[\s.,;:!?)])", r.original)
    return m.group(1) if m else None


NAMED_LIKE = re.compile(
    r"\b(?:matching|like|containing|named|called|have|has|with)\s+([\w&.' -]{2,40}?)"
    r"(?:\s+in (?:their|the|its) names?)?$"
)


def norm_q(r: Request) -> str:
    return normalize(r.text).rstrip(" ?!.")


LIFECYCLE_SAID = {
    "churned": r"\bchurn\w*|\b(?:lost|former|ex-?)\s*customers?\b",
    "lead": r"\bleads?\b|\bprospects?\b",
    "customer": r"\bcustomers?\b",
}


def fill_find_accounts(r: Request) -> list[dict[str, Any]]:
    if quoted := _quoted(r):
        return [_call("find_accounts", query=quoted)]
    account = r.entity("account")
    norm = normalize(r.text)
    lifecycle = next((w for w, said in LIFECYCLE_SAID.items() if re.search(said, norm)), None)
    if account is None and not lifecycle and (m := NAMED_LIKE.search(norm_q(r))):
        return [_call("find_accounts", query=m.group(1).strip(" ?.!"))]
    return [
        _call(
            "find_accounts",
            query=account.name if account else "",
            lifecycle=lifecycle,
        )
    ]


def fill_find_contacts(r: Request) -> list[dict[str, Any]]:
    if email := re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", r.original):
        return [_call("find_contacts", query=email.group(0))]
    others = re.search(r"\b(?:besides|other than|except|apart from|else)\b", r.text)
    contact = r.entity("contact")
    account = r.entity("account") or (_account_of(r, contact) if others else None)
    if contact and not others:
        return [_call("find_contacts", query=contact.name)]
    return [_call("find_contacts", account=account.name if account else None)]


NAMED_DEAL = re.compile(
    r"\b(?P<name>[a-z][\w&.-]*(?: [a-z][\w&.-]*)?) "
    r"(?:renewal|expansion|upgrade|add-?on|rollout|deal|opp|opportunity|pilot)\b(?!s)"
)
NOT_DEAL_NAME = frozenset(
    "the a an my our his her their your its all any open new big biggest largest which what that "
    "this those these lost won closed stalled stuck upcoming pending active other every each next "
    "last whole entire same one only current latest recent good bad q1 q2 q3 q4 to of on for in at "
    "about with from is was".split()
)


STAGE_WORDS = frozenset(w for said in STAGES.values() for phrase in said for w in phrase.split())


def _unseen_deal(r: Request, norm: str) -> str | None:
    """ "the acme renewal" when no deal or account the caller sees has that name: looked up as
    said, rather than listing every deal."""
    for m in NAMED_DEAL.finditer(norm):
        words = m["name"].split()
        while words and words[0] in NOT_DEAL_NAME:
            words.pop(0)
        if (
            words
            and not any(w in NOT_DEAL_NAME or w in STAGE_WORDS for w in words)
            and not all(w in r.g.names for w in words)  # a product word of a deal they can see
        ):
            return m.group(0)[m.group(0).index(words[0]) :]
    return None


def fill_find_deals(r: Request) -> list[dict[str, Any]]:
    if quoted := _quoted(r):
        return [_call("find_deals", query=quoted)]
    deal = r.entity("deal")
    if deal:
        return [_call("find_deals", query=deal.name)]
    account = r.entity("account")
    norm = normalize(r.text)
    stage = lookup(norm, STAGES)
    if account is None and stage is None and (unseen := _unseen_deal(r, norm)):
        return [_call("find_deals", query=unseen)]  # the tool says plainly that none is found
    return [
        _call(
            "find_deals",
            account=account.name if account else None,
            stage=stage,
            open_only=True if re.search(r"\bopen\b", norm) and not stage else None,
        )
    ]


CASE_TOPIC = re.compile(
    r"\b(?:any|all|the|open|our|my)\s+(?P<t>[\w-]+(?: [\w-]+){0,2}?)\s+"
    r"(?:cases?|tickets?|requests?|issues?)\b"
)
NOT_TOPIC = frozenset(
    "open new pending closed resolved urgent high low normal my our all the other more recent "
    "support customer".split()
)


def _case_topic(norm: str) -> str | None:
    """ "any scim cases" → "scim"."""
    m = CASE_TOPIC.search(norm)
    if not m:
        return None
    words = [w for w in m["t"].split() if w not in NOT_TOPIC]
    return " ".join(words) or None


def fill_find_cases(r: Request) -> list[dict[str, Any]]:
    case = r.entity("case")
    if case:
        return [_call("find_cases", query=case.name)]
    norm = normalize(r.text)
    account = r.entity("account") or _account_of(r, r.entity("contact"))
    status = (
        lookup(norm, CASE_STATUSES)
        if re.search(
            r"\b(?:pending|waiting|resolved|closed|"
            r"new)\b",
            norm,
        )
        else None
    )
    priority = (
        lookup(norm, PRIORITIES) if re.search(r"\b(?:urgent|critical|high|low)\b", norm) else None
    )
    topic = tx.after_marker(
        norm, (" about ", " regarding ", " re ", " on ", " mentioning ", " containing ", " with ")
    ) or _case_topic(norm)
    return [
        _call(
            "find_cases",
            account=account.name if account else None,
            status=status,
            priority=priority,
            query=topic or None,
            open_only=True if re.search(r"\bopen\b", norm) else None,
        )
    ]


def fill_account_overview(r: Request) -> list[dict[str, Any]]:
    account = (
        r.entity("account")
        or _account_of(r, r.entity("contact"))
        or _account_of(r, r.entity("deal"))
    )
    name = account.name if account else raw_name(r)
    if name is None:
        raise Clarify("Which account should I look at?")
    norm = normalize(r.text)
    since = None
    for phrase, days in (
        ("last month", 31),
        ("past month", 31),
        ("last week", 7),
        ("this week", 7),
        ("this month", 31),
        ("last quarter", 92),
        ("this quarter", 92),
        ("last 30 days", 30),
        ("last year", 365),
    ):
        if phrase in norm:
            since = f"{days} days ago"
    return [_call("account_overview", account=name, since=since)]


TOPIC = re.compile(
    r"\b(?:say|said|mention(?:ed)?|reported|seen|saw|asked|complained|tell us|"
    r"write|wrote|notes|calls|emails)\b(?: (?:about|regarding|re|on))?\s+(?P<t>.+)$|"
    r"\banything (?:from|with) (?:[\w.'-]+ ){1,2}(?:lately |recently )?(?:about|abt|re|on) "
    r"(?P<a>.+)$"
)


def fill_search_interactions(r: Request) -> list[dict[str, Any]]:
    account = r.entity("account") or _account_of(r, r.entity("contact"))
    norm = re.sub(
        r"\b(?:(?:in|on) (?:any of )?(?:our )?|check (?:the )?)"
        r"(?:calls|emails|meetings|notes|tickets)"
        r"(?: (?:or|and) (?:calls|emails|meetings|notes|cases|tickets))?\b",
        "",
        normalize(r.text),
    )
    m = TOPIC.search(norm)
    topic = (m.group("t") or m.group("a")) if m else tx.cut(r.text, r.spans())
    topic = re.sub(r"\b(?:in calls|lately|recently|last (?:month|quarter|week)|\?)\b", " ", topic)
    return [
        _call(
            "search_interactions",
            query=topic.strip(" ?.") or norm,
            account=account.name if account else None,
        )
    ]


def fill_search_knowledge(r: Request) -> list[dict[str, Any]]:
    query = re.sub(r"^(?:(?:and|also|plus|then)\b[,\s]*)+", "", r.original.strip(), flags=re.I)
    return [_call("search_knowledge", query=query or r.original.strip())]


def fill_pipeline_summary(r: Request) -> list[dict[str, Any]]:
    return [_call("pipeline_summary")]


def fill_support_metrics(r: Request) -> list[dict[str, Any]]:
    norm = normalize(r.text)
    days = 30
    if m := re.search(r"\b(\d{1,3}) ?d(?:ays?)?\b", norm):
        days = int(m.group(1))
    elif m := re.search(r"\b(?:last|past) (\d{1,3}) (days?|weeks?|months?)\b", norm):
        days = int(m.group(1)) * {"d": 1, "w": 7, "m": 30}[m.group(2)[0]]
    elif "fortnight" in norm:
        days = 14
    elif "week" in norm:
        days = 7
    elif "quarter" in norm:
        days = 90
    elif "year" in norm:
        days = 365
    return [_call("support_metrics", days=days)]


FILLERS: dict[str, Filler] = {
    "log_activity": fill_log_activity,
    "create_task": fill_create_task,
    "create_deal": fill_create_deal,
    "update_deal": fill_update_deal,
    "move_deal_stage": fill_move_deal_stage,
    "open_case": fill_open_case,
    "comment_on_case": fill_comment_on_case,
    "update_case": fill_update_case,
    "escalate_case": fill_escalate_case,
    "resolve_case": fill_resolve_case,
    "find_accounts": fill_find_accounts,
    "find_contacts": fill_find_contacts,
    "find_deals": fill_find_deals,
    "find_cases": fill_find_cases,
    "account_overview": fill_account_overview,
    "search_knowledge": fill_search_knowledge,
    "search_interactions": fill_search_interactions,
    "pipeline_summary": fill_pipeline_summary,
    "support_metrics": fill_support_metrics,
}


_NOT_AFTER = "".join(
    rf"(?<!\b{w})"
    for w in (
        *("can you", "could you", "would you", "please", "pls", "and", "then", "so", "also", "to"),
        *("should", "we", "i", "you", "will", "can", "could", "would", "must", "let's", "lets"),
        *("don't", "dont", "not", "just", "never", "he", "she", "they", "it"),
    )
)
_THIS = r"(?:it|this|that|them|him|her|cs-\d+|\d{5,6}|the|a|an|my|our)\b"
RUN_ON_ASK = re.compile(
    r"(?<=\w)"
    + _NOT_AFTER
    + "".join(rf"(?<!\b{w})" for w in ("the", "a", "an", "u", "i'll", "ill", "we'll", "might"))
    + r"\s+(?=(?:pls |please |u can |you can |can you |can u |then |also |and )?(?:"
    + r"(?:set|push|bump|move|mark|take|put) (?:it|this|that|cs-\d+|\d{5,6}|back|me|up|down|"
    + r"the (?:case|ticket|deal|opp|priority|status|close|amount|stage))\b|"
    + rf"(?:resolve|escalate|close|open|update|change|create|make|log|add) {_THIS}|"
    + r"(?:log|add) (?:a |an )?(?:call|meeting|mtg|email|note|chat|comment|internal note)\b|"
    + r"(?:fu|f/u|follow up) (?:w|with|on|tmrw|tomorrow|next|mon|tue|wed|thu|fri|in)\b|"
    + r"remind me\b|(?:comment|reply|tell|drop|leave) (?!me\b|us\b)\w+))",
    re.IGNORECASE,
)  # "… she wants a call fri set me a task": an ask run on after the news, no punctuation
CLAUSE_START = re.compile(
    r"(?:[.;!?]\s+|,?\s+(?:and )?also,?\s+|\s+and\s+)(?=(?:(?:and|also|plus) )?(?:how (?:do|can|"
    r"should|to) (?:i|we|you)?|how long (?:do|does|will)|"
    r"(?:is|are) there (?:a|an|any|another) (?:\w+ )?(?:doc|docs|guide|article|page|way)|"
    r"where (?:is|are|can i find) (?:the|a) (?:\w+ )?(?:doc|docs|guide|article|page|settings?|"
    r"options?)|"
    r"(?:could you )?send me)\b)"
    # "open a case … also how do we turn on 2fa": a how-to question after an instruction
    r"|(?:[.;!?]\s+|[,-]?\s+(?:and|\+|&) (?:then )?|,\s+then\s+|\s+[-–—]+\s+|,\s+(?=(?:f/u|"
    r"follow up|remind me|task|(?:move|update|change|fix|mark|escalate|resolve|bump|push|log|set) "
    r"(?:it|the|that|this)\b)\b)"
    r"|,?\s+(?:so|then)\s+(?=\w+ (?:it|that|this|the|them|her|him|me)\b)"  # "… so move it to …"
    rf"|(?<=\w){_NOT_AFTER}\s+(?=(?:remind me(?! (?:what|who|how|if|whether|where|when|why|about|"
    r"of)\b)|make me a task|set me a reminder|(?:move|bump|push|mark|escalate|resolve) "
    r"(?:it|this|that)(?! (?:was|is|has|had)\b)|(?:also|then) (?:pls |please )?(?:move|bump|push|"
    r"escalate|resolve|send|update|set|change|add|log|open|create|remind|comment|internal note|"
    r"note|reply|tell|mark)|log (?:it|that)|same for|follow up w(?:ith|/)?|check back w(?:ith|/)?|"
    r"call (?:him|her|them) back|send (?:him|her|them)|(?:update|change) the (?:amount|close date|"
    r"close|stage|priority|status)|task (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|"
    r"wed|thu|fri|tomorrow|next)|(?:move|bump|push|set) (?:[\w&'-]+ ){1,8}to (?:closed[ -])?"
    r"(?:won|lost|prospecting|qualification|proposal|negotiation|[$€£]?\d[\d.,]*\s?(?:k|m|mm|thousand|"
    r"grand)\b|[$€£]\d))\b))"
    # "… she's keen remind me tuesday to …": dictated asks run on without punctuation
    r"(?=(?:(?:please|pls|also|and|then|can you|we should(?: probably)?|let'?s|we need to)\s+)*"
    r"(?:log|create|add|move|set|open|resolve|leave (?:an? )?(?:internal )?(?:note|comment)|"
    r"call (?:\w+ )?back|send (?:it|him|her|them|the)|point me to|get (?:him|her|them) |"
    r"check (?:back|in)|"
    r"need to|(?:the |my |our )?(?:open |urgent )?(?:deals in|"
    r"deals at|cases (?:at|for|still)|support (?:numbers|metrics|stats)|pipeline summary)|"
    r"fix (?:the|it)|same (?:for|with|goes for|thing for)|ditto|"
    rf"tell (?!me\b|us\b)|{LET_KNOW}|reply|"
    r"notify|inform|escalate|remind|update|change|mark|schedule|comment|"
    r"(?:make|give) (?:me )?(?:a |an )?(?:task|reminder|note|to-?do|follow[- ]?up)|"
    r"make (?:it|this|that) (?:urgent|high|low|normal|pending|a priority)|"
    r"new (?:deal|opportunity|opp)|put|push|bump|task|drop|close|internal note|"
    r"note (?:that|it|this)|reopen|todo|to-do|reminder|follow up|f/u|shift|flip|advance|progress|"
    r"record|capture|jot|ping|nudge|raise|report|submit|wrap)\b)",
    re.IGNORECASE,
)


NEWS = re.compile(
    r"^(?:please |pls |also |ok,? |hey,? )*(?:just|called|emailed|met|spoke|talked|rang|phoned|"
    r"chatted|caught up|got off|had (?:a |an |our )?(?:\w+ )?(?:call|meeting|lunch|coffee|demo|"
    r"chat|catch-?up|sync)|(?:so |ok(?:ay)? so |well )?(?:i |we )(?:just )?(?:called|emailed|met|"
    r"spoke|talked|rang|phoned|had))\b"
)
REPORTED = re.compile(
    r"^(?:[a-z]+ ){1,4}(?:from [\w .&'-]{2,30} )?(?:just )?(?:emailed|called|rang|phoned|pinged|"
    r"texted|messaged|wrote|replied|chatted|left (?:me )?a voicemail|"
    r"sent (?:me |us )?(?:an? )?(?:\w+ )?(?:email|note|message|mail))\b"
)  # "rebecca novak emailed, their legal signed off": news to log, unless something else is asked
NEWS_LOG = re.compile(
    r"^(?:[\w .&'-]{2,40}: )?(?:quick |short |good |great |long )?(?:call|meeting|mtg|email|lunch|"
    r"coffee|chat|demo|catch-?up) (?:with|w/?)\b"
    r"(?!.*\b(?:at \d|tomorrow|later today|this afternoon|in an hour|next week)\b)|"
    r"^(?:voice ?mail|vm|missed call|e-?mail|message|call|note|text) from\b|"
    r"^(?:call|meeting|mtg|chat) notes\b|"
    r"^(?:notes from|recap of|recap from) (?:the |my |our |today'?s |yesterday'?s )?\w+|"
    r"^(?:so |ok(?:ay)? so |well |hey,? )?(?:i |we )?(?:just )?(?:called|emailed|met (?:with )?\w+|"
    r"met (?:\w+ ){1,4}(?:at|from|onsite|today|yesterday|on)|"
    r"spoke|talked|rang|phoned|chatted|caught up|got off (?:a |the )?(?:call|phone)|hung up|"
    r"(?:finished|had) (?:a |an |our )?(?:\w+ )?(?:call|meeting|lunch|coffee|demo|chat|catch-?up|"
    r"sync))\b"
)
FIRST_HAND = re.compile(
    r"^(?:so |ok(?:ay)? so |well |hey,? |fyi,? |heads up,? )?(?:i |we )?(?:just )?(?:"
    r"(?:had|got off|finished|did) (?:a |an |the |our |my )?(?:quick |short |good |great |long )?"
    r"(?:zoom|teams|phone|video|call|meeting|mtg|lunch|coffee|demo|chat|catch-?up|sync|vm|voicemail)"
    r"|sat down|met|spoke|talked|chatted|caught up|got (?:a |an )?(?:call|email|vm|voicemail)|"
    r"left (?:[\w.'-]+ ){1,2}(?:a |an )?(?:vm|voicemail|message)|"
    r"(?!(?:create|add|open|new|make|log|set|move|a|an|the|deal|case)\b)"
    r"(?:[\w.'-]+ ){1,3}(?:(?:from|at|@) [\w.&'-]+(?: [\w.&'-]+)? )?(?:just )?(?:called|emailed|"
    r"e-mailed|rang|phoned|pinged|texted|messaged|slacked|dmed|dm'd|wrote|replied|reached out|"
    r"left (?:me )?a (?:vm|"
    r"voicemail)|sent (?:me |us )?(?:an? )?(?:\w+ )?(?:email|note|message|mail)))\b"
)
_CHANGE = (
    r"(?:bump|push|move|moving|update|change|mark|set|escalate|resolve|"
    r"(?:open|raise|file) (?:a |an )?(?:new )?(?:\w+ )?(?:case|ticket)|"
    r"(?:the )?(?:deal|amount|close date|close) (?:goes|is now|should be|to))\b"
)
ASK_AFTER_NEWS = re.compile(
    r"(?:[,.;!]|\s[-–—])\s*(?:(?:so|and|then|also|pls|please|can you|could you|ok|now)\s+)*"
    r"(?=(?P<task>remind me|need a reminder|set (?:me )?a reminder|make (?:me )?a task|task|f/?u|"
    r"follow up|try (?:again|her|him|them))\b|" + _CHANGE + r")|\s+so\s+(?=" + _CHANGE + r")",
    re.IGNORECASE,
)
QUESTION_START = re.compile(r"^(?:how|what|whats|what's|when|where|is|are|do|does|can)\b")
IMPERATIVE = re.compile(
    r"^(?:(?:on )?cs-\d{4,6}[:,]? |please |pls |also |ok,? |hey,? )*(?:log|create|add|move|set|"
    r"open|resolve|escalate|remind|update|change|mark|schedule|comment|new|put|push|close|reopen|"
    r"lower|raise|let \w+ know|tell|ask|reply|inform|notify|we (?:won|lost)|look up|"
    r"search (?:the )?(?:kb|knowledge|help))\b|" + NEWS.pattern
)


STAGE_TO = re.compile(
    r"(?:->|=>|→|\bto|\binto|\b(?:is|are) (?:now )?(?:in )?)\s*(?:the )?(?:closed[ -])?"
    r"(?:prospecting|qualification|proposal|negotiation|won|lost)\b"
)
COMMAND = re.compile(
    r"^(?:[^:.!?]{1,60}(?::| -) ?)?(?:(?:on )?cs-\d{4,6}[:,]? |please |pls |also )*"
    r"(?:let \w+ know|tell|ask|reply|inform|notify|add|comment|set|mark|move|update|change|"
    r"escalate|resolve|log|open|create|remind|file|raise|bump|push|internal)\b"
)


BACK_REFERENCE = re.compile(
    r"^(?:so |ok,? |and |also |then )?(?:(?:can|could|would) you |please |pls |kindly )*"
    r"(?!(?:send|get|check|call|chase|email|ping|follow|remind|draft|prep|book) )"
    r"(?:\w+ )(?:that|this|it|those|these|them)\b(?! (?:and|\+|&) )"
)  # "<facts>. can you log that email": one ask; "<news>. send it by friday" is a task of its own


TASK_MARKER_ONLY = re.compile(
    r"^(?:please |pls )?(?:new |a |set a |create a |make a |add a )?(?:task|todo|to-do|reminder)\b"
    r"(?:\W*(?:for|on|due|by|the|of|\d+\w*|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|"
    r"sep\w*|oct\w*|nov\w*|dec\w*|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|tomorrow|next|week))*\W*$"
)
ENUMERATOR = re.compile(
    r"(?:^|(?<=[.;:!?,])\s*|\s+)\(?(?P<n>first(?:ly)?|second(?:ly)?|third(?:ly)?|one|two|three|"
    r"[1-3])(?:\s*[:)]|(?<=[a-z])\s*,|(?<=\d)\.)\s+",
    re.IGNORECASE,
)
ORDINAL = {"first": 1, "one": 1, "second": 2, "two": 2, "third": 3, "three": 3}


def _enumerated(text: str) -> list[re.Match[str]]:
    """The markers of a numbered list of asks ("First, … Second, …", "1) … 2) …")."""
    marks = list(ENUMERATOR.finditer(text))
    order = [ORDINAL.get(m["n"].lower().removesuffix("ly"), 0) or int(m["n"]) for m in marks]
    if len(marks) < 2 or order != list(range(1, len(marks) + 1)):
        return []
    return marks


def clause_of(r: Request, start: int, end: int, memory: dict[str, Entity]) -> Request:
    piece = r.text[start:end].strip()
    original = r.original[start:end].strip() if len(r.original) == len(r.text) else piece
    return Request(
        text=piece,
        original=original,
        mentions=r.g.find(piece),
        g=r.g,
        today=r.today,
        memory=dict(memory),
        role=r.role,
        own_account_id=r.own_account_id,
        whole=r.text,
    )


CASE_WORK = ("open_case", "comment_on_case", "update_case", "escalate_case", "resolve_case")


def case_work(text: str) -> bool:
    """ "… open a case for her": the news before it is the case's story, not a call to log."""
    return any(BY_INTENT[name].matches(text) for name in CASE_WORK)


def may_use(role: str, tool: str) -> bool:
    return tool in TOOL_SPECS and role in TOOL_SPECS[tool].roles


def split_clauses(r: Request) -> list[Request]:
    """Separate instructions ("resolve CS-1 ... and log a call with Hank"), each a Request."""
    if marks := _enumerated(r.text):
        memory = dict(r.memory)  # the preamble ("covering for Luis on Ironbark") sets the scene
        for m in r.g.find(r.text[: marks[0].start()]):
            if m.entity:
                memory.setdefault(m.kind, m.entity)
        ends = [m.start() for m in marks[1:]] + [len(r.text)]
        return [
            clause
            for mark, end in zip(marks, ends, strict=True)
            for clause in split_clauses(clause_of(r, mark.end(), end, memory))
        ]
    cuts: list[re.Match[str]] = []
    for m in CLAUSE_START.finditer(r.text):
        since = r.text[cuts[-1].end() if cuts else 0 : m.start()]
        if m.start() == 0:
            continue
        if re.fullmatch(r"\s+[-–—]+\s+", m.group(0)) and len(since.split()) < 4:
            continue  # "todo dec 10 - follow up w ingrid": a dash after a few words is no new ask
        if TASK_MARKER_ONLY.match(normalize(since)):
            continue  # "new task for the 3rd of december follow up with sofia": one task
        said = normalize(since).strip(" .,;")
        if m.group(0).strip() == "," and not (
            IMPERATIVE.match(said) or NEWS_LOG.match(said) or r.forced or len(said) < 3
        ):
            continue  # "10042 was resolved, set it to closed": a comma cuts only after a command
        cuts.append(m)
    if not cuts:
        return [r]
    first = normalize(r.text[: cuts[0].start()])
    asks = r.text[cuts[0].start()] == "?" and not first.startswith("why")
    after = normalize(r.text[cuts[0].end() :])
    facts_first = bool(BACK_REFERENCE.match(after)) and not (
        COMMAND.match(first)  # "ask him for logs, then flip it to pending": two instructions
        or r.forced  # "<facts>. log the call and bump it": the facts are the log
        or STAGE_TO.search(first)  # "… the seats deal is closed lost. also note it on the account"
        or (NEWS_LOG.match(first) and CHANGE_START.match(after))  # "call w X …, move it to won"
    )
    if facts_first:
        # "<the facts>. Can you log that email (and …)?": the facts and the first instruction
        # are one request; what follows "and" may be another.
        cuts = cuts[1:]
        if not cuts:
            return [r]
    elif not (
        r.forced
        or IMPERATIVE.match(first)
        or COMMAND.match(first)
        or NEWS_LOG.match(first)
        or (REPORTED.match(first) and not case_work(normalize(r.text[cuts[0].start() :])))
        or STAGE_TO.search(first)
        or any(BY_INTENT[n].matches(first) for n in ("pipeline_summary", "support_metrics"))
        or asks
        or QUESTION_START.match(first)
        or any(i.write and i.matches(first) and may_use(r.role, i.name) for i in INTENTS)
    ):
        # Context first ("it fails with E-6021. please open a case (and …)"): the context and
        # the first instruction are one request; what follows may be another.
        cuts = cuts[1:]
        if not cuts:
            return [r]
    bounds = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(r.text)]
    parts = [
        clause_of(r, start, end, r.memory)
        for start, end in zip(bounds, ends, strict=True)
        if len(r.text[start:end].strip()) >= 3
    ]
    if len(parts) > 1:
        for part in parts:
            said = normalize(part.text)
            if not part.forced and (
                NEWS_LOG.match(said)
                or (
                    FIRST_HAND.match(said)
                    and not ASK_AFTER_NEWS.search(part.text)
                    and not case_work(normalize(r.text))
                )
            ):
                part.forced = "log_activity"  # "had lunch with Bill, … remind me …": log + task
    if (
        len(parts) > 1
        and r.forced
        and (
            facts_first
            or not IMPERATIVE.match(first := normalize(parts[0].text))
            or NEWS.match(first)
        )
    ):
        parts[0].forced, parts[0].forced_type = r.forced, r.forced_type  # "…, log it and …"
    return parts if len(parts) > 1 else [r]


CHANGE_START = re.compile(
    r"(?:(?:and|so|then|also|pls|please) )*(?:move|mark|set|bump|push|close|change|update|"
    r"escalate|resolve)\b"
)
META_LOG = re.compile(
    r"(?:^|(?<=[.,;!])|\s)\s*(?:(?:pls|please|can you|fyi)\s+)?"
    r"(?:(?:record|capture|register) (?:it|this|that)|jot (?:it|this|that) down"
    r"|log(?:ged)?(?:\s+(?:it|this|that|(?:the|my|that|this) "
    r"(?P<what>call|meeting|meting|mtg|email|chat|note)))?"
    r"|put (?:it|this|that) in(?:to)? (?:the )?crm"
    r"|(?:add|make|leave|put) (?:a |an )?(?P<note>note)(?: (?:of|on|about) (?:it|this|that))?)"
    r"(?:\s+as\s+(?:an?\s+)?(?P<type>\w+))?"
    r"(?:\s+(?:from|to|with)\s+(?:him|her|them))?"
    r"(?:\s+(?:too|as well|also))?(?:\s+(?:pls|please|thx|thanks))?\s*[.!]*\s*"
    r"(?=$|,|(?:\+|&|and|then)\s)",
    re.IGNORECASE,
)


CASE_SAID = re.compile(r"\bcs-\d|\b(?:case|ticket)s?\b", re.IGNORECASE)
LOG_ON_CASE = re.compile(
    r"[.,;]?\s*(?:pls |please )?log(?: (?:it|this|that))?(?: as (?:an? )?(?P<type>\w+))? "
    r"(?:on|against|to|under|in) "
    r"(?P<case>cs-\d{4,6})(?: pls| please)?[.!]?\s*$",
    re.IGNORECASE,
)


def strip_log_command(text: str) -> tuple[str, str | None, bool, str | None]:
    """ "…, log it as a meeting" → the facts alone, the activity type, whether it was said, and
    the case it should be logged on ("…, log it on CS-10010")."""
    if m := LOG_ON_CASE.search(text):
        kind = lookup(m.group("type"), ACTIVITY_TYPES) if m.group("type") else None
        return text[: m.start()].strip(" ,.;"), kind, True, m.group("case")
    m = META_LOG.search(text)
    if not m or (m.start() == 0 and len(text) - m.end() < 3):
        return text, None, False, None
    if m["note"] and CASE_SAID.search(text):  # "resolve 10033 …, add a note too": the case's
        return _without(text, m), None, False, None
    said = m.group("type") or m.group("what") or m.group("note")
    kind = lookup(said, ACTIVITY_TYPES) if said else None
    return _without(text, m), kind, True, None


def _without(text: str, m: re.Match[str]) -> str:
    rest = (text[: m.start()] + " " + text[m.end() :]).strip()
    rest = re.sub(r"(?:\s+(?:and|then|\+|&))+\s*$", "", rest)  # "… move it and [log the call]"
    return re.sub(r"\s+", " ", rest).strip(" ,.;")
