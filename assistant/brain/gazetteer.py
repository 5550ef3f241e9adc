"""Names of the records a caller may see, and where a request mentions them."""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import func, select

from assistant.brain.lexicon import normalize
from assistant.crm import scope
from assistant.crm.db import Store
from assistant.crm.enums import CaseStatus, Stage
from assistant.crm.models import Account, Case, Contact, Deal, OutboxEvent
from assistant.crm.principal import Principal

SUFFIXES = re.compile(r"\b(corp|corporation|inc|ltd|llc|co|group|gmbh|plc|company|limited)\.?$")
TOKEN = re.compile(r"[a-z0-9][a-z0-9'@._-]*[a-z0-9]|[a-z0-9]")
# Words that look like names but are parts of commands.
COMMON = frozenset(
    "a an the and or with at to for of on in by from about my our his her their it its this "
    "that call email meeting note deal deals case cases task account accounts contact stage "
    "renewal expansion upgrade quote today tomorrow friday monday tuesday wednesday thursday "
    "log move set open close won lost new please can you me we i he she they what how who "
    "sso login issue ticket".split()
)
STOP = frozenset("a an the and or with at to for of on in by from deal".split())
TOPIC_STOP = (COMMON - {"sso", "login", "upgrade", "renewal", "expansion", "quote"}) | frozenset(
    "cases ticket tickets issues problem one your its is are was not no after before still again "
    "when pls could any mark change update resolve escalate add tell comment status priority "
    "pending urgent high low normal closed resolved".split()
)
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING)


@dataclass(frozen=True)
class Entity:
    kind: str  # account | contact | deal | case
    id: int
    name: str
    account_id: int | None
    label: str  # how to show it in a choice list


@dataclass
class Mention:
    kind: str
    candidates: list[Entity]
    start: int
    end: int
    score: float
    text: str

    @property
    def entity(self) -> Entity | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


@dataclass
class Gazetteer:
    """Aliases of visible accounts, contacts, deals and open cases."""

    aliases: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    entities: dict[tuple[str, int], Entity] = field(default_factory=dict)
    open_cases: list[tuple[Entity, set[str]]] = field(default_factory=list)
    deal_words: list[tuple[Entity, set[str], set[str]]] = field(default_factory=list)
    open_deals: dict[int, list[Entity]] = field(default_factory=dict)
    names: frozenset[str] = frozenset()  # every word of every alias: never "corrected"
    case_numbers: frozenset[str] = frozenset()  # "10002" of CS-10002, as people write it

    def seal(self) -> None:
        """Derive the word sets once, when every alias is in."""
        self.names = frozenset(w for alias in self.aliases for w in alias.split())
        self.case_numbers = frozenset(
            a for a, ents in self.aliases.items() if a.isdigit() and ents[0].kind == "case"
        )

    def add(self, entity: Entity, *names: str) -> None:
        self.entities[(entity.kind, entity.id)] = entity
        for name in {normalize(n) for n in names if n and len(n.strip()) >= 2}:
            if entity not in self.aliases[name]:
                self.aliases[name].append(entity)

    def get(self, kind: str, entity_id: int) -> Entity | None:
        return self.entities.get((kind, entity_id))

    def find(self, text: str, *, kinds: set[str] | None = None) -> list[Mention]:
        """Non-overlapping mentions of records in `text`, best first."""
        norm = normalize(text)
        tokens = [_unpossessed(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(norm)]
        alias_keys = [
            a
            for a, ents in self.aliases.items()
            if kinds is None or any(e.kind in kinds for e in ents)
        ]
        key_set = set(alias_keys)
        found: list[Mention] = []
        for n in range(8, 0, -1):
            for i in range(len(tokens) - n + 1):
                span = tokens[i : i + n]
                phrase = norm[span[0][1] : span[-1][2]]
                if n == 1 and (phrase in COMMON or len(phrase) < 3):
                    continue
                if all(t[0] in COMMON for t in span):
                    continue
                hit = self._match(phrase, alias_keys, key_set, n)
                if hit is None:
                    continue
                alias, score = hit
                ents = [e for e in self.aliases[alias] if kinds is None or e.kind in kinds]
                found.append(
                    Mention(
                        kind=ents[0].kind,
                        candidates=ents,
                        start=span[0][1],
                        end=span[-1][2],
                        score=score + n,
                        text=phrase,
                    )
                )
        found.sort(key=lambda m: (-m.score, m.start))
        chosen: list[Mention] = []
        for m in found:
            if all(m.end <= c.start or m.start >= c.end for c in chosen):
                chosen.append(m)
        return sorted(chosen, key=lambda m: m.start)

    def _match(
        self, phrase: str, keys: list[str], key_set: set[str], n: int
    ) -> tuple[str, float] | None:
        if phrase in key_set:
            return phrase, 100.0
        if len(phrase) < 5:
            return None
        cutoff = 90 if n == 1 else 86
        match = process.extractOne(phrase, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        return (match[0], float(match[1])) if match else None

    def deals_about(self, text: str) -> list[tuple[Entity, int]]:
        """Deals named loosely ("the quillfeather seats deal"): an account word plus a word of
        the deal's own name, best first."""
        words = set(_words(text))
        scored = []
        for entity, anchor, own in self.deal_words:
            if anchor & words and own & words:
                scored.append((entity, 2 * len(own & words) + len(anchor & words)))
        return sorted(scored, key=lambda x: -x[1])

    def deals_of(self, account_id: int, text: str) -> list[Entity]:
        """Open deals of one account that share a word of their own name with `text`."""
        words = set(_words(text))
        return [
            entity
            for entity, _anchor, own in self.deal_words
            if entity.account_id == account_id
            and own & words
            and entity in self.open_deals.get(account_id, [])
        ]

    def cases_in(self, text: str, *, account_id: int | None = None) -> list[tuple[Entity, int]]:
        """Open cases whose subject shares the most words with `text`, best first."""
        return self.cases_about(
            set(re.findall(r"[a-z0-9-]+", normalize(text))), account_id=account_id
        )

    def cases_about(
        self, words: set[str], *, account_id: int | None = None
    ) -> list[tuple[Entity, int]]:
        """Open cases whose subject shares the most words with the request."""
        scored = []
        stems = topic_stems(words)
        for entity, subject_words in self.open_cases:
            if account_id is not None and entity.account_id != account_id:
                continue
            overlap = len(stems & subject_words)
            if overlap:
                scored.append((entity, overlap))
        return sorted(scored, key=lambda x: -x[1])


def clear_best(scored: list[tuple[Entity, int]]) -> Entity | None:
    """The first of scored records when it scores above every other."""
    if scored and (len(scored) == 1 or scored[0][1] > scored[1][1]):
        return scored[0][0]
    return None


SAME_TOPIC = {  # how people name a case's topic vs. how its subject says it
    "lockout": ("locked", "out"),
    "locks": ("locked",),
    "double": ("twice",),
    "dupe": ("duplicate",),
    "dupes": ("duplicate",),
    "duplicated": ("duplicate",),
}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def topic_stems(words: Iterable[str]) -> set[str]:
    """The stems of a case topic's words ("slow uploads", "charged twice" ≈ "double charge")."""
    out = set()
    for word in words:
        for w in SAME_TOPIC.get(word, (word,)):
            if w not in TOPIC_STOP:
                out.add(_stem(w))
    return out


def _unpossessed(token: str, start: int, end: int) -> tuple[str, int, int]:
    """A token without its possessive ("dana's" → "dana"), with its span."""
    if token.endswith(("'s", "s'")) and len(token) > 3:
        cut = 2 if token.endswith("'s") else 1
        return token[:-cut], start, end - cut
    return token, start, end


def _words(text: str) -> list[str]:
    text = re.sub(r"\badd[- ]?ons?\b", "addon", normalize(text))
    text = re.sub(r"(?<=\w)'s?\b", "", text)  # "fernhill's expansion"
    out = []
    for w in TOKEN.findall(text):
        out.append(w)
        if "-" in w:
            out.extend(w.split("-"))
    return [w for w in out if len(w) >= 2]


def _short(account_name: str) -> str:
    return SUFFIXES.sub("", normalize(account_name)).strip()


def build(store: Store, p: Principal) -> Gazetteer:
    g = Gazetteer()
    with store.read() as s:
        accounts = {
            a.id: a.name
            for a in s.execute(select(Account.id, Account.name).where(scope.accounts(p)))
        }
        for account_id, name in accounts.items():
            short = _short(name)
            words = short.split()
            prefixes = [" ".join(words[:n]) for n in (1, 2) if len(words) > n]
            g.add(
                Entity("account", account_id, name, account_id, name),
                name,
                short,
                *[w for w in prefixes if len(w) >= 4 and w not in COMMON],
            )
        for c in s.execute(
            select(
                Contact.id, Contact.first_name, Contact.last_name, Contact.email, Contact.account_id
            ).where(scope.contacts(p))
        ):
            full = f"{c.first_name} {c.last_name}"
            label = f"{full} at {accounts.get(c.account_id, 'their company')}"
            g.add(
                Entity("contact", c.id, full, c.account_id, label),
                full,
                c.first_name,
                c.last_name,
                c.email or "",
            )
        for d in s.execute(
            select(Deal.id, Deal.name, Deal.account_id, Deal.stage).where(scope.deals(p))
        ):
            if d.stage in (Stage.CLOSED_WON, Stage.CLOSED_LOST):
                label = f"{d.name} ({d.stage.value})"
            else:
                label = d.name
            base = re.sub(r"\s+\d{4}$", "", normalize(d.name))
            short = _short(accounts.get(d.account_id, ""))
            rest = base.removeprefix(normalize(accounts.get(d.account_id, ""))).strip()
            entity = Entity("deal", d.id, d.name, d.account_id, label)
            g.add(entity, d.name, base, f"{short} {rest}" if short and rest else "")
            anchor = set(_words(short)) - COMMON
            g.deal_words.append((entity, anchor, set(_words(rest)) - STOP - anchor))
            if d.stage not in (Stage.CLOSED_WON, Stage.CLOSED_LOST):
                g.open_deals.setdefault(d.account_id, []).append(entity)
        for c in s.execute(
            select(Case.id, Case.number, Case.subject, Case.account_id, Case.status).where(
                scope.cases(p)
            )
        ):
            entity = Entity("case", c.id, c.number, c.account_id, f"{c.number} {c.subject!r}")
            g.add(entity, c.number, c.number.lower().removeprefix("cs-"))
            if c.status in OPEN_STATUSES:  # closed cases are found by number only
                g.open_cases.append((entity, topic_stems(TOKEN.findall(normalize(c.subject)))))
    g.seal()
    return g


class GazetteerCache:
    """One gazetteer per principal, rebuilt when anything was written since."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[int, Gazetteer]] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, p: Principal) -> Gazetteer:
        with store.read() as s:
            stamp = s.scalar(select(func.coalesce(func.max(OutboxEvent.id), 0)))
        with self._lock:
            hit = self._cache.get(self._key(store, p))
        if hit and hit[0] == stamp:
            return hit[1]
        g = build(store, p)
        with self._lock:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[self._key(store, p)] = (stamp, g)
        return g

    @staticmethod
    def _key(store: Store, p: Principal) -> tuple[str, str]:
        return (str(store.engine.url), p.key)
