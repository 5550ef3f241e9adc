"""BuiltinChatModel: the request engine as a LangChain chat model."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field, PrivateAttr

from assistant.brain import context
from assistant.brain.answers import render
from assistant.brain.classifier import IntentClassifier
from assistant.brain.evidence import CASE_STATE, MESSAGE_TO, boosts, is_question, says_nothing
from assistant.brain.gazetteer import GazetteerCache, clear_best
from assistant.brain.intents import BY_NAME, GATED, INTENTS
from assistant.brain.lexicon import STAGES, lookup, normalize
from assistant.brain.memory import recent_records
from assistant.brain.planner import (
    ASK_AFTER_NEWS,
    BACK_REFERENCE,
    COMMAND,
    CURRENCY_CHANGE,
    FILLERS,
    FIRST_HAND,
    NEWS_LOG,
    PROB_VALUE,
    READ_THRESHOLD,
    RUN_ON_ASK,
    WRITE_THRESHOLD,
    Clarify,
    Plan,
    Request,
    case_work,
    clause_of,
    split_clauses,
    strip_log_command,
)
from assistant.brain.shorthand import expand, trim_pleasantries
from assistant.brain.slots import find_amount, find_dates
from assistant.brain.text import fix_typos
from assistant.errors import ProviderError
from assistant.signals import asks_for_person
from assistant.streaming import stream_message
from tools.context import ToolContext
from tools.registry import specs_for

CAN_DO = {
    "staff": "log calls, emails and meetings; create tasks; find accounts, contacts, deals and "
    "cases; give an account overview; create, update and move deals; open, comment on, "
    "escalate and resolve cases; answer how-to questions from the knowledge base; and "
    "summarise the pipeline and support figures",
    "customer": "answer questions from our help articles, show your open cases, open a new "
    "case and add comments to your cases",
    "anonymous": "answer questions from our help articles",
}
EXPLICIT_THRESHOLD = 0.35  # the request matched the intent's own wording
KB_FALLBACK = 0.25  # a question this close to the how-to examples is worth a knowledge search
IDENTITY = (
    "I'm deskhand's built-in request engine: I understand clear requests about the CRM "
    "and answer from its records, but I'm not a general chatbot."
)


def capabilities(role: str) -> str:
    key = role if role in ("customer", "anonymous") else "staff"
    return f"I can {CAN_DO[key]}."


class BuiltinChatModel(BaseChatModel):
    """Plans tool calls for the last request and renders answers from tool results."""

    model_cache: Path | None = None  # where the embedding model's ONNX export is kept
    timings: list[float] = Field(default_factory=list)  # seconds per model call
    _classifier: IntentClassifier = PrivateAttr()
    _gazetteers: GazetteerCache = PrivateAttr(default_factory=GazetteerCache)

    def model_post_init(self, context: Any) -> None:
        self._classifier = IntentClassifier(cache_dir=self.model_cache)

    @property
    def _llm_type(self) -> str:
        return "deskhand-builtin"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> BuiltinChatModel:
        return self

    def warm(self) -> None:
        self._classifier.warm()

    # --- LangChain interface ---------------------------------------------------------------
    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.respond(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield from stream_message(self.respond(messages), run_manager, sep="\n")

    # --- the engine ------------------------------------------------------------------------
    def respond(self, messages: list[BaseMessage]) -> AIMessage:
        started = time.perf_counter()
        last_human = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        results = [m for m in messages[last_human + 1 :] if isinstance(m, ToolMessage)]
        if results:
            reply = self._answer(messages[last_human + 1 :])
        else:
            reply = self._plan(messages, last_human)
        self.timings.append(time.perf_counter() - started)
        del self.timings[:-1000]
        return reply

    def _answer(self, turn: list[BaseMessage]) -> AIMessage:
        calls = {c["id"]: c for m in turn if isinstance(m, AIMessage) for c in m.tool_calls}
        parts = []
        for m in turn:
            if isinstance(m, ToolMessage):
                call = calls.get(m.tool_call_id, {"name": m.name or "", "args": {}})
                outcome = m.artifact if isinstance(m.artifact, dict) else None
                parts.append(render(call["name"], call["args"], outcome, str(m.content)))
        pending = any("Ready when you confirm" in p for p in parts)
        text = "\n\n".join(parts)
        if pending:
            text += "\n\nNothing is changed until you confirm."
        return AIMessage(content=text)

    def _plan(self, messages: list[BaseMessage], last_human: int) -> AIMessage:
        ctx = context.current.get()
        if ctx is None:
            raise ProviderError("The built-in engine runs only inside a deskhand turn.")
        plan = self.plan_for(ctx, str(messages[last_human].content), messages[:last_human])
        if plan.say is not None:
            return AIMessage(content=plan.say)
        return AIMessage(
            content="",
            tool_calls=[
                {
                    "name": c["name"],
                    "args": c["args"],
                    "id": f"call_{uuid.uuid4().hex[:12]}",
                    "type": "tool_call",
                }
                for c in plan.calls
            ],
        )

    def plan_for(self, ctx: ToolContext, text: str, history: list[BaseMessage]) -> Plan:
        """The tool calls (or the question) for one request of the context's caller."""
        p = ctx.principal
        g = self._gazetteers.get(ctx.store, p)
        text = trim_pleasantries(
            expand(text, keep=g.names, case_numbers=g.case_numbers), signer=p.name or ""
        )
        text, log_type, log_said, log_case = strip_log_command(text)
        fixed = fix_typos(text, keep=g.names)
        memory = recent_records(history, g)
        carried = set()
        if log_case and (hit := [m.entity for m in g.find(log_case, kinds={"case"}) if m.entity]):
            memory["case"], carried = hit[0], {"case"}
        request = Request(
            text=fixed,
            original=text,
            mentions=g.find(fixed),
            g=g,
            today=ctx.now().date(),
            memory=memory,
            role=p.role,
            own_account_id=p.account_id,
            forced="log_activity" if log_said else None,
            forced_type=log_type,
            carried=carried,
        )
        return self.decide(request, allowed={s.name for s in specs_for(p.role)})

    def decide(self, r: Request, *, allowed: set[str]) -> Plan:
        if r.role in ("customer", "anonymous") and not r.whole and asks_for_person(r.text):
            # Outside the web chat (which hands over before the engine runs) the way to a
            # person is the help article on it.
            return Plan(calls=[{"name": "search_knowledge", "args": {"query": r.original}}])
        if says_nothing(r):
            if "remind" in r.text.lower():
                return Plan(say="What should I remind you about, and when?")
            return Plan(say=f"What should I do, and for which record? {capabilities(r.role)}")
        clauses = split_clauses(r)
        if len(clauses) == 1:
            clauses = (
                (not r.whole and self._conjoined(r, allowed))
                or self._news_then_ask(r, allowed)
                or (not r.whole and self._run_on(r, allowed))
                or clauses
            )
        if len(clauses) > 1:
            return self._decide_many(clauses, allowed=allowed)
        if r.forced and r.forced in allowed:
            if r.forced == "log_activity" and "move_deal_stage" in allowed and (moved := _moved(r)):
                move, news = moved  # "quillfeather seats closed won, yuki signed. add a note too"
                logged = self._fill("log_activity", news)
                if logged.calls:
                    return Plan(calls=[move, *logged.calls])
            return self._fill(r.forced, r)
        asked = focus(r)
        ranked = self.rank(r)
        if asked is not r:  # the request sentence and the whole message both have a say
            said = dict(self.rank(asked))
            ranked = sorted(((n, (s + said.get(n, s)) / 2) for n, s in ranked), key=lambda x: -x[1])
        top, score = ranked[0]
        if top == "smalltalk":
            return Plan(say=f"Hello! {IDENTITY} {capabilities(r.role)} What can I do for you?")
        if top == "unsupported":
            return Plan(say=f"I can't do that. {capabilities(r.role)}")
        intent = BY_NAME[top]
        explicit = intent.matches(asked.text.lower()) or intent.matches(r.text.lower())
        threshold = (
            EXPLICIT_THRESHOLD
            if explicit
            else (WRITE_THRESHOLD if intent.write else READ_THRESHOLD)
        )
        if score < threshold:
            kb_score = dict(ranked).get("search_knowledge", 0.0)
            if is_question(r) and "search_knowledge" in allowed and kb_score >= KB_FALLBACK:
                return Plan(calls=FILLERS["search_knowledge"](r))  # look it up, don't guess
            return Plan(
                say=f"I'm not sure what you'd like me to do. {capabilities(r.role)} "
                "Could you say it another way?"
            )
        if (
            top not in allowed
            and STAND_IN.get(top) in allowed
            and _names_a_case(r)
            and len(r.text.split()) >= 6  # "escalate 10002 now" gives the case nothing to add
        ):
            top = STAND_IN[top]  # a customer asking to escalate or close: note it on the case
            intent = BY_NAME[top]
        if top not in allowed and asked is not r:
            # the sentence that asks names something this caller can do ("… Can you open a case?")
            said = [i for i in INTENTS if i.name in allowed and i.matches(asked.text.lower())]
            if len(said) == 1:
                top, intent = said[0].name, said[0]
        if top not in allowed and (
            outright := [
                n
                for n, s in ranked
                if n in allowed
                and n in BY_NAME
                and s >= EXPLICIT_THRESHOLD
                and _explicit(n, r)
                and (BY_NAME[n].write or not _explicit(top, r))
            ]
        ):  # what this caller may do, asked for outright ("10057 -> tell kwame …" from support)
            top, intent = outright[0], BY_NAME[outright[0]]
        if top not in allowed:
            return Plan(say=f"That isn't something I can do for you here. {capabilities(r.role)}")
        if unseen := _unseen_case(r):
            return Plan(say=f"I can't find case {unseen} among the cases you can see.")
        if r.role == "customer" and (other := _other_company(r)):
            return Plan(say=f"I can only show your own company's cases, not {other}'s.")
        runner_up = next(((n, s) for n, s in ranked[1:] if n in allowed), None)
        if (
            intent.write
            and runner_up
            and BY_NAME[runner_up[0]].write
            and score - runner_up[1] < 0.04
            and not explicit
        ):
            return Plan(say=f"Do you want me to {_verb(top)} or to {_verb(runner_up[0])}?")
        if asked is not r:
            r = replace(r, asked=asked.text)
        try:
            return Plan(calls=_each_account(with_companion(top, FILLERS[top](r), r), r))
        except Clarify as question:
            return Plan(say=str(question))

    def _conjoined(self, r: Request, allowed: set[str]) -> list[Request] | None:
        """Two asks joined by "and" / "then" / "?" ("rundown on ironbark, then give me the east
        pipeline"): split where each side alone asks, in its own words, for a different tool
        that the whole message also leans to."""
        leaning: list[str] | None = None  # ranked only once a split looks possible
        for m in CONJUNCTION.finditer(r.text):
            left = clause_of(r, 0, m.start(), r.memory)
            right = clause_of(r, m.end(), len(r.text), r.memory)
            if len(left.text.split()) < 2 or not _asks(normalize(right.text)):
                continue
            said = normalize(left.text)
            bare_comma = m.group(0).strip() == ","
            if bare_comma and (
                re.search(r"[.!?]\s", said)
                or (STATEMENT.search(said) and not COMMAND.match(said))
                or BACK_REFERENCE.match(normalize(right.text))
            ):
                continue  # "10042 was resolved, set it to closed": a comma after a remark
            sides = []
            for side in (left, right):
                found = self._outright(side, allowed)
                if found is None:
                    break
                name, score = found
                if score < (WRITE_THRESHOLD if BY_NAME[name].write else READ_THRESHOLD):
                    break
                if leaning is None:
                    leaning = [n for n, _ in self.rank(r)[:3]]
                if name not in leaning:
                    break
                sides.append(name)
            else:
                if sides[0] == "log_activity" and not NEWS_LOG.match(said):
                    continue  # "call with maplestone at 2, give me the rundown": a call to come
                if bare_comma and not BY_NAME[sides[1]].write:
                    continue  # "…, any open cases?": after a bare comma only a change is an ask
                if sides[0] != sides[1] and not (
                    BY_NAME[sides[0]].matches(normalize(right.text)) and not BY_NAME[sides[0]].write
                ):  # "how many escalations …, and who's closing the most cases?": one report
                    return [left, right]
        return None

    def _run_on(self, r: Request, allowed: set[str]) -> list[Request] | None:
        """An ask run on after another with no punctuation ("call w liam they raised the quota
        resolve cs-10072"): split before the ask's verb where each side asks, in its own words,
        for a different tool (first-hand news on the left is a call or meeting to log)."""
        for m in RUN_ON_ASK.finditer(r.text):
            left = clause_of(r, 0, m.start(), r.memory)
            right = clause_of(r, m.end(), len(r.text), r.memory)
            if len(left.text.split()) < 3 or len(right.text.split()) < 2:
                continue
            news = "log_activity" in allowed and FIRST_HAND.match(normalize(left.text))
            if news and case_work(normalize(right.text)):
                return None  # "frank called, the export is broken open a case": the case's story
            tools = ["log_activity"] if news else []
            for side in (left, right)[len(tools) :]:
                found = self._outright(side, allowed)
                if found is None or found[1] < EXPLICIT_THRESHOLD:
                    break
                tools.append(found[0])
            else:
                if tools[0] != tools[1]:
                    left.forced = "log_activity" if news else None
                    return [left, right]
        return None

    def _outright(self, side: Request, allowed: set[str]) -> tuple[str, float] | None:
        """The tool one part of a message ranks first, with its score, when the caller may use
        it and the part asks for it in so many words."""
        name, score = self.rank(side)[0]
        if name not in BY_NAME or name not in allowed or not _explicit(name, side):
            return None
        return name, score

    def _news_then_ask(self, r: Request, allowed: set[str]) -> list[Request] | None:
        """First-hand news of a call or meeting, then an ask ("peter emailed, they want 5 more
        seats so bump it to 12k"): the news is logged and the ask planned."""
        if (
            r.forced not in (None, "log_activity")
            or "log_activity" not in allowed
            or not FIRST_HAND.match(normalize(r.text))
        ):
            return None
        for m in ASK_AFTER_NEWS.finditer(r.text):
            news = clause_of(r, 0, m.start(), r.memory)
            ask = clause_of(r, m.end(), len(r.text), r.memory)
            if len(news.text.split()) < 3 or len(ask.text.split()) < 2:
                continue
            if case_work(normalize(ask.text)) and not r.forced:
                return None  # "dana called, sso is broken. open a case": the news is the case's
            name, score = ("create_task", 1.0) if m["task"] else self.rank(ask)[0]
            intent = BY_NAME.get(name)
            explicit = intent is not None and intent.matches(ask.text.lower())
            if (
                intent is None
                or name == "log_activity"
                or name not in allowed
                or score
                < (EXPLICIT_THRESHOLD if explicit else WRITE_THRESHOLD if intent.write else 1.0)
            ):
                return None
            try:
                FILLERS[name](ask)
            except Clarify:  # "<news, new amount>. update the deal too": the news has the values
                ask = clause_of(r, 0, len(r.text), r.memory)
            news.forced, ask.forced = "log_activity", name
            return [news, ask]
        return None

    @staticmethod
    def _fill(tool: str, r: Request) -> Plan:
        try:
            return Plan(calls=FILLERS[tool](r))
        except Clarify as question:
            return Plan(say=str(question))

    def rank(self, r: Request) -> list[tuple[str, float]]:
        extra = boosts(r)
        lowered = r.text.lower()
        ranked = [
            (name, score + extra.get(name, 0.0))
            for name, score in self._classifier.rank(r.text)
            if name not in GATED or BY_NAME[name].matches(lowered)
        ]
        return sorted(ranked, key=lambda x: -x[1])

    def _decide_many(self, clauses: list[Request], *, allowed: set[str]) -> Plan:
        """Several instructions in one message: plan each, later ones see earlier records."""
        calls: list[dict[str, Any]] = []
        unanswered: list[tuple[str, Plan]] = []  # clauses that asked back, with their likely tool
        implied: list[dict[str, Any]] = []
        context: list[tuple[str, Plan]] = []
        for at, clause in enumerate(clauses):
            comment = next((c for c in calls if c["name"] == "comment_on_case"), None)
            message = MESSAGE_TO.match(normalize(clause.text))
            if comment and message:
                comment["args"]["text"] += f" {clause.original.strip()}"  # "… and ask him to …"
                continue
            again = calls and SAME_FOR.match(normalize(clause.text)) and _again(calls[-1], clause)
            if again:
                calls.append(again)  # "driftwood pilot -> closed lost. same for the seats deal"
                continue
            if message and "case" in clause.memory and "comment_on_case" in allowed:
                plan = self._fill("comment_on_case", clause)  # "mark 10111 urgent and tell her …"
            else:
                plan = self.decide(clause, allowed=allowed)
            if (
                plan.say is not None
                and "deal" in clause.carried
                and "update_deal" in allowed
                and len(clause.text.split()) <= 6
                and find_amount(clause.text)
            ):
                plan = self._fill("update_deal", clause)  # "push it to jan 31 and drop to 90k"
            if plan.say is not None:
                tool = self.rank(clause)[0][0]
                if BY_NAME.get(tool) and BY_NAME[tool].matches(clause.text.lower()):
                    unanswered.append((tool, plan))  # an ask in so many words: it must be answered
                else:
                    context.append((tool, plan))  # "just back from lunch with …": may be context
                continue
            if len(plan.calls) == 1 and _asked_later(
                plan.calls[0]["name"], clause, clauses[at + 1 :]
            ):
                continue  # "<the story>. Can you escalate CS-10075? …": the story is its context
            for call in plan.calls:
                if call["name"] == "create_task" and plan.calls[0]["name"] == "log_activity":
                    implied.append(call)  # "… wants redlines by dec 8": a task the news implies
                _merge_or_add(calls, call)
            for m in clause.mentions:
                if m.entity:
                    for later in clauses:
                        later.memory.setdefault(m.kind, m.entity)
            for call in plan.calls:
                for kind in ("deal", "case", "contact", "account"):
                    if (value := call["args"].get(kind)) and (
                        hit := [
                            m.entity for m in clause.g.find(str(value), kinds={kind}) if m.entity
                        ]
                    ):
                        for later in clauses:
                            later.memory[kind] = hit[0]
                            later.carried.add(kind)
        _one_task(calls, implied)
        done = {c["name"] for c in calls}
        for tool, plan in unanswered + (context if not calls else []):
            if tool not in done:
                return plan  # a part still unclear; "… mark it lost" may answer an earlier one
        return Plan(calls=calls)


CONJUNCTION = re.compile(
    r"\?\s+(?:and\s+|also\s+|plus\s+)?|,?\s+and\s+(?:also\s+|then\s+)?|,\s+(?:(?:then|also|plus)\s+)?|"
    r"\s+then\s+"
)
ASK_START = re.compile(
    r"^(?:(?:pls|please|also|then|and|plus|now|can (?:you|u)|could you|would you|kindly)\s+)*"
    r"(?:(?P<q>what|whats|what's|which|who|how|hows|how's|when|where|is there|are there|any|"
    r"do (?:we|you|i)|does|did|show|list|find|pull|give|get|tell me|send me|look up|search|open|"
    r"add|log|create|make|remind|move|update|set|mark|escalate|resolve|comment|reply|let|put|"
    r"leave|drop|tell|send|ask|notify|email|internal note|note)|"
    r"the|their|our|my|his|her|all|whatever)\b"
)
STATEMENT = re.compile(r"\b(?:is|are|was|were|had|needs?|wants?|will|'s|'re)\b")
FUNCTION_WORDS = frozenset(
    "what whats what's which who how hows how's when where is are there any do does did you we i "
    "me us it that this they them have has the a an of to for on in and also pls please can u "
    "could would tell show give get find list".split()
)


def _explicit(name: str, side: Request) -> bool:
    """The words ask for this tool outright (a case state or a message needs no "case")."""
    text = normalize(side.text)
    return (
        BY_NAME[name].matches(text)
        or (name == "comment_on_case" and bool(MESSAGE_TO.match(text)))
        or (name == "update_case" and bool(CASE_STATE.search(text)))
    )


def _asked_later(name: str, clause: Request, later: list[Request]) -> bool:
    """An escalation or resolution this clause only leans to, which a later clause asks for in
    so many words (the later one says why)."""
    return (
        name in SAID_ONCE
        and not _explicit(name, clause)
        and any(_explicit(name, other) for other in later)
    )


def _asks(text: str) -> bool:
    """The words after "and" / "?" make a request of their own, not a remark or a reason."""
    m = ASK_START.match(text)
    if m is None or set(text.split()) <= FUNCTION_WORDS:
        return False
    return bool(m["q"]) or not STATEMENT.search(text)


SAME_FOR = re.compile(r"^(?:and |also )?(?:the )?(?:same (?:for|with|goes for|thing for)|ditto)\b")


def _again(call: dict[str, Any], clause: Request) -> dict[str, Any] | None:
    """The previous call made again for the record this clause names."""
    for kind in ("deal", "case", "contact", "account"):
        if kind in call["args"]:
            try:
                other = clause.entity(kind)
            except Clarify:
                return None
            if other and other.name != call["args"][kind]:
                return {**call, "args": {**call["args"], kind: other.name}}
    return None


def _each_account(calls: list[dict[str, Any]], r: Request) -> list[dict[str, Any]]:
    """ "status on ironbark and swiftwater": an overview of each account named."""
    if [c["name"] for c in calls] != ["account_overview"]:
        return calls
    named = [m for m in r.mentions if m.kind == "account" and m.entity]
    if len(named) < 2 or any(m.kind != "account" for m in r.mentions):
        return calls
    joined = all(
        re.fullmatch(r"\s*(?:,|and|&|\+|vs\.?|versus|or)\s*(?:and\s*)?", r.text[a.end : b.start])
        for a, b in pairwise(named)
    )
    if not joined:
        return calls
    others = {m.entity.name for m in named} - {calls[0]["args"].get("account")}
    return calls + [
        {"name": "account_overview", "args": {**calls[0]["args"], "account": name}}
        for name in sorted(others, key=[m.entity.name for m in named].index)
    ]


def with_companion(tool: str, calls: list[dict[str, Any]], r: Request) -> list[dict[str, Any]]:
    """A stage move that also says the new amount or date ("→ negotiation, 250k") changes both."""
    other = {"move_deal_stage": "update_deal", "update_deal": "move_deal_stage"}.get(tool)
    if other is None or len(calls) != 1:
        return calls
    norm = r.text.lower()
    wanted = (
        lookup(norm, STAGES) and STAGE_SAID.search(norm)
        if other == "move_deal_stage"
        else find_amount(PROB_VALUE.sub(" ", r.text))
        or PROB_VALUE.search(r.text)
        or (CLOSE_SAID.search(norm) and find_dates(r.text, r.today))
        or CURRENCY_CHANGE.search(norm)
    )
    if not wanted:
        return calls
    try:
        extra = FILLERS[other](r)
    except Clarify:
        return calls
    if extra and extra[0]["args"].get("deal") == calls[0]["args"].get("deal"):
        return calls + extra
    return calls


def _moved(r: Request) -> tuple[dict[str, Any], Request] | None:
    """A deal named with its new stage up front ("foxglove expansion to negotiation …",
    "… add-on won!!") in the facts of a call to log: the move, and the rest for the log."""
    said = STAGE_AFTER_DEAL.search(r.text.lower())
    if said is None or not (said["to"] or said["stage"] in ("won", "lost")):
        return None
    named = clause_of(r, 0, said.start(), {})
    if len(named.text.split()) > 8 or not {"deal", "account"} & {m.kind for m in named.mentions}:
        return None
    try:
        deal = named.entity("deal")
    except Clarify:
        return None
    stage = lookup(said.group(0), STAGES)
    if deal is None or stage is None:
        return None
    news, prefix = r, normalize(named.text)
    if (
        not (FIRST_HAND.match(prefix) or NEWS_LOG.match(prefix))  # the deal, nothing more
        and len(r.text[said.end() :].split()) >= 3
    ):
        news = clause_of(r, said.end(), len(r.text), {**r.memory, "deal": deal})
        news.carried, news.forced, news.forced_type = {"deal"}, r.forced, r.forced_type
    return {"name": "move_deal_stage", "args": {"deal": deal.name, "stage": stage}}, news


STAGE_AFTER_DEAL = re.compile(
    r"(?<!\s)(?:\s+(?:is|are|has|have))?(?:\s+(?:now|just))?(?:\s+(?:moved|moving|goes|going|went))?"
    r"(?:\s*(?P<to>->|=>|→|\bto\b|\binto\b))?\s*(?:the\s+)?(?:closed[ -]?)?"
    r"\b(?P<stage>won|lost|prospecting|qualification|proposal|negotiation)\b(?!')"
)


CLOSE_SAID = re.compile(r"\b(?:clos(?:e|ing)|date|slip\w*|push\w* (?:the )?close)\b")
STAGE_SAID = re.compile(
    r"(?:->|=>|→|\bto|\binto|\bin|\bas|:|-)\s*(?:the )?(?:closed[ -])?(?:prospecting|qualification|"
    r"qualified|proposal|negotiation|won|lost)\b|\b(?:won|lost)\b(?!')"
)


REQUEST_SENTENCE = re.compile(
    r"^(?:so |ok,? |and |also |then |now |but )?(?:can|could|would|will) you\b|"
    r"^(?:please|pls|kindly)\b|^(?:i need|i'?d like|i want|i would like)(?: you)? to\b|"
    r"^(?:log|create|add|open|move|update|resolve|escalate|set|mark|bump|push|remind|put|change|"
    r"switch|record|file|raise|comment)\b"
)


def focus(r: Request) -> Request:
    """In a message with context around its request, the one sentence that asks for
    something: it decides the intent (the whole message still fills the arguments)."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", r.text.strip()) if s]
    if len(sentences) < 2:
        return r
    asks = [s for s in sentences if REQUEST_SENTENCE.search(normalize(s))]
    if not asks:
        asks = [s for s in sentences if s.endswith("?")]  # "where are we on X? Dana's asking"
    if len(asks) != 1:
        return r
    mentions = r.g.find(asks[0])
    return replace(r, text=asks[0], mentions=mentions or r.mentions)


STAND_IN = {
    "log_activity": "comment_on_case",  # a customer's news about their case is a comment on it
    "update_case": "comment_on_case",
    "escalate_case": "comment_on_case",
    "resolve_case": "comment_on_case",
}
CASE_NUMBER = re.compile(r"\bcs-(\d{4,6})\b")


def _names_a_case(r: Request) -> bool:
    """The request names a case: by number, or by a topic one of the caller's own open cases
    has ("for the csv one, …")."""
    if any(m.kind == "case" for m in r.mentions):
        return True
    if r.own_account_id is None or not CASE_REFERENCE.search(normalize(r.text)):
        return False
    return clear_best(r.g.cases_in(r.text, account_id=r.own_account_id)) is not None


CASE_REFERENCE = re.compile(r"\b(?:the|our|my|that) (?:[\w-]+ ){0,3}(?:case|ticket|one|issue)\b")


def _unseen_case(r: Request) -> str | None:
    """A case number the request names that the caller cannot see (or that does not exist)."""
    for m in CASE_NUMBER.finditer(r.text.lower()):
        if f"cs-{m.group(1)}" not in r.g.aliases:
            return f"CS-{m.group(1)}"
    return None


def _other_company(r: Request) -> str | None:
    """A customer asking about another company's records ("show me Acme's cases")."""
    own = r.g.get("account", r.own_account_id) if r.own_account_id else None
    own_words = set(normalize(own.name).split()) if own else set()
    for m in re.finditer(
        r"\b([a-z][\w-]+)'s (?:open |urgent |recent )?(?:cases|tickets|issues)\b", normalize(r.text)
    ):
        if m.group(1) not in own_words | {"my", "our", "everyone", "everybody"}:
            return m.group(1).capitalize()
    return None


def _one_task(calls: list[dict[str, Any]], implied: list[dict[str, Any]]) -> None:
    """A task the news implied and a task asked for ("… wants redlines by dec 8. log + task
    pls") are one task: the asked one, titled by the news when its own title says nothing."""
    asked = [c for c in calls if c["name"] == "create_task" and all(c is not i for i in implied)]
    for task in implied:
        if not asked or all(c is not task for c in calls):
            continue
        keep = asked[0]["args"]
        if set(re.findall(r"[a-z]+", keep.get("title", "").lower())) <= BARE_TASK_WORDS:
            keep["title"] = task["args"]["title"]
        if not keep.get("due") and task["args"].get("due"):
            keep["due"] = task["args"]["due"]
        calls[:] = [c for c in calls if c is not task]


BARE_TASK_WORDS = frozenset(
    "and also then please pls remind me to make a an task for it that them this one send do follow "
    "up set create add give reminder the i need todo".split()
)


def _merge_or_add(calls: list[dict[str, Any]], call: dict[str, Any]) -> None:
    """Two clauses changing the same record with the same tool become one call."""
    for kept in calls:
        if kept == call:
            return
        if kept["name"] == call["name"] == "search_knowledge":  # "how do I …? is there a guide?"
            kept["args"]["query"] = f"{kept['args']['query']} {call['args']['query']}"
            return
        if kept["name"] == call["name"] and call["name"] in MERGEABLE:
            key = MERGEABLE[call["name"]]
            if kept["args"].get(key) is not None and kept["args"].get(key) == call["args"].get(key):
                first, then = (
                    (call, kept) if call["name"] in SAID_ONCE else (kept, call)
                )  # the first clause says why; "…, resolve it" adds nothing
                kept["args"] = {**first["args"], **then["args"]}
                return
    calls.append(call)


MERGEABLE = {
    "create_task": "due",  # "… I promised it by friday. make me a task to send it friday": one task
    "update_deal": "deal",
    "update_case": "case",
    "resolve_case": "case",
    "escalate_case": "case",
}
SAID_ONCE = {"resolve_case", "escalate_case"}


def _verb(tool: str) -> str:
    return tool.replace("_", " ")
