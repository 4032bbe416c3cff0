"""The event coder's decision data: the sets of PLOVER types it uses (code), and from data/event_rules.toml
(docs/knowledge.md) word and sector sets and readings that tell another sense of a trigger word from its objects,
prepositions, subject and complement.

Read once at import; everything here is immutable.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dragoman.coding.clauses import SUBJECTS
from dragoman.coding.registry import ActorTable
from dragoman.knowledge.words import data_table, lists_in
from dragoman.records import Party

RULES_FILE = "event_rules.toml"
WORD_SETS = ("restrictive", "demand_frames", "agreeing_frames", "hearsay_nouns", "acts_offered",
             "offering_verbs", "demand_nouns", "preparing_verbs",
             "proposing_words", "vowing_verbs")
SECTOR_SETS = ("civilian_sectors",)
READING_LISTS = ("words", "when_prepositions", "when_objects", "when_modifiers", "when_subjects", "when_complements",
                 "when_as", "when_sectors", "when_topics", "unless_prepositions", "unless_objects", "unless_subjects",
                 "unless_sectors")
READING_FLAGS = ("nouns", "when_persons", "when_stated_clause", "when_fact_clause", "when_question", "when_bare",
                 "when_complement_only", "when_country_adjective", "when_forecast", "when_predicate",
                 "unless_plural")
SECTOR_LISTS = ("when_sectors", "unless_sectors")
COMPLEMENT_DEPS = ("xcomp", "ccomp")
STATED_AUX = {"is", "are", "was", "were", "has", "have", "had", "'s", "'re", "might", "may", "could", "would", "will"}
PROMISED_AUX = {"might", "may", "could", "would", "will"}  # "agreed that talks will resume" is an agreement
FORECAST_AUX = {"could", "might", "may"}
ADJUNCT_PREPOSITIONS = {"since", "in", "by", "from", "during", "after", "before", "over", "amid"}


@dataclass(frozen=True)
class Reading:
    """Another sense of a trigger word: the type it codes instead ("" for none), and when."""

    reason: str
    event: str
    to: str
    words: frozenset[str]
    nouns: bool = False  # applies to noun triggers too ("his attacks on mail-in voting")
    when_prepositions: frozenset[str] = frozenset()
    when_objects: frozenset[str] = frozenset()
    when_modifiers: frozenset[str] = frozenset()
    when_subjects: frozenset[str] = frozenset()
    when_complements: frozenset[str] = frozenset()
    when_as: frozenset[str] = frozenset()
    when_sectors: frozenset[str] = frozenset()
    when_topics: frozenset[str] = frozenset()
    when_persons: bool = False
    when_stated_clause: bool = False
    when_fact_clause: bool = False
    when_question: bool = False
    when_bare: bool = False
    when_complement_only: bool = False
    when_country_adjective: bool = False
    when_forecast: bool = False
    when_predicate: bool = False
    unless_prepositions: frozenset[str] = frozenset()
    unless_objects: frozenset[str] = frozenset()
    unless_subjects: frozenset[str] = frozenset()
    unless_sectors: frozenset[str] = frozenset()
    unless_plural: bool = False

    def applies(self, tok: Token, actors: list[Party], table: ActorTable) -> bool:
        preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "agent", "dative")}
        objects = _objects(tok)
        subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
        if subject is None and tok.dep_ == "acl":
            subject = tok.head  # "a licence allowing him to buy weapons": the noun it describes
        if subject is None and tok.dep_ == "xcomp":
            subject = next((c for c in tok.head.children if c.dep_ in SUBJECTS), None)  # "appears to allow"
        comps = [c for c in tok.children if c.dep_ in COMPLEMENT_DEPS]
        predicates = comps + [c for c in tok.children if c.dep_ in ("oprd", "acomp")]  # "pled guilty"
        if preps & self.unless_prepositions or {o.lemma_.lower() for o in objects} & self.unless_objects:
            return False
        if self.unless_objects and not objects:
            return True  # "recalled going to conventions": no envoy recalled
        if subject is not None and subject.lemma_.lower() in self.unless_subjects:
            return False
        if any(a.sector in self.unless_sectors for a in actors):
            return False
        if self.unless_plural and (len(actors) > 1 or (subject is not None and (
                subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)))):
            return False
        conditions = (self.when_prepositions, self.when_objects, self.when_modifiers, self.when_subjects,
                      self.when_complements, self.when_as, self.when_sectors, self.when_topics,
                      self.when_persons, self.when_stated_clause, self.when_fact_clause, self.when_question,
                      self.when_bare, self.when_complement_only, self.when_country_adjective, self.when_forecast,
                      self.when_predicate)
        if not any(conditions):
            return True
        return bool(preps & self.when_prepositions) \
            or bool({o.lemma_.lower() for o in objects} & self.when_objects) \
            or any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in self.when_modifiers for c in tok.children) \
            or (subject is not None and subject.lemma_.lower() in self.when_subjects) \
            or any(c.lemma_.lower() in self.when_complements for c in predicates) \
            or bool(_as_phrase(tok, objects) & self.when_as) \
            or any(a.sector in self.when_sectors for a in actors) \
            or bool(_topics(tok) & self.when_topics) \
            or (self.when_forecast and _forecast(tok)) \
            or (self.when_predicate and any(c.dep_ in ("oprd", "xcomp") and c.pos_ in ("NOUN", "ADJ")
                                            for c in tok.children)) \
            or (self.when_persons and _persons(tok, subject, objects, table)) \
            or (self.when_stated_clause and _stated_clause(tok)) \
            or (self.when_fact_clause and _stated_clause(tok, STATED_AUX - PROMISED_AUX)) \
            or (self.when_question and any(_asks(c) for c in tok.children)) \
            or (self.when_bare and not _real_objects(objects) and not comps and not _argument_preps(tok)) \
            or (self.when_complement_only and bool(comps) and not objects and not _complement_party(comps, table)) \
            or (self.when_country_adjective and _country_adjective(tok, table))


def _objects(tok: Token) -> list[Token]:
    """What the word acts on: a verb's direct object or passive subject, a noun's "on", "against", "into" or "of" phrase, and the "of"
    phrase of either ("captured part of a stronghold", "seized control of the city", "an inquiry into the crash")."""
    if tok.pos_ in ("NOUN", "PROPN"):
        found = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "into", "of")
                 for g in c.children if g.dep_ == "pobj"]
    else:
        found = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]  # "the envoy was recalled"
    return found + [g for o in found for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"]


def _real_objects(objects: list[Token]) -> list[Token]:
    """Objects that are things, not amounts: "declined 40%" has no object declined."""
    return [o for o in objects if not o.like_num and o.ent_type_ not in ("PERCENT", "QUANTITY", "MONEY", "CARDINAL")]


def _argument_preps(tok: Token) -> list[Token]:
    """Prepositions that take an argument of the verb, not a time, place or amount ("has declined since 1933")."""
    return [c for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.lower_ not in ADJUNCT_PREPOSITIONS]


def _as_phrase(tok: Token, objects: list[Token]) -> set[str]:
    """The nouns of an "as" phrase on the word or its object ("named Harris as his running mate")."""
    return {g.lemma_.lower() for h in (tok, *objects) for c in h.children if c.dep_ == "prep" and c.lower_ == "as"
            for g in c.children if g.dep_ == "pobj"}


def _topics(tok: Token) -> set[str]:
    """What the word is of or about ("warned of flash floods", "a warning about the storm")."""
    return {g.lemma_.lower() for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about")
            for g in c.children if g.dep_ == "pobj"}


def _forecast(tok: Token) -> bool:
    """A complement clause that guesses what a third party or a thing may do ("warned that Biden could destroy
    the growth", "warned the delay could be a threat"): a forecast, not the speaker's own threat ("warned that it
    could retaliate", with a pronoun for the speaker, stays one)."""
    for c in tok.children:
        if c.dep_ != "ccomp" or not any(g.dep_ == "aux" and g.lower_ in FORECAST_AUX for g in c.children):
            continue
        subject = next((g for g in c.children if g.dep_ in SUBJECTS), None)
        if subject is not None and subject.tag_ not in ("PRP", "PRP$"):
            return True
    return False


def _country_adjective(tok: Token, table: ActorTable) -> bool:
    """A noun modified by a country's adjective ("Israeli strikes", "US strikes"): the country does it."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
            located = table.at(c.i)
            if located is not None and located.kind in ("adjective", "country") and located.code:
                return True
    return False


def _is_person(tok: Token, table: ActorTable) -> bool:
    if tok.ent_type_ == "PERSON":
        return True
    located = table.at(tok.i)
    return located is not None and located.kind == "person"


def _persons(tok: Token, subject: Token | None, objects: list[Token], table: ActorTable) -> bool:
    """A named person doing it to a named person ("Biden attacked Trump"): between politicians, words."""
    if any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        return False
    return subject is not None and _is_person(subject, table) and any(_is_person(o, table) for o in objects)


def _stated_clause(tok: Token, stated_aux: set[str] = STATED_AUX) -> bool:
    """A clause complement with a tensed or modal verb states a fact or a guess ("suggested there were not
    enough votes", "suggested the algae might render ..."); a bare or "should" verb is a proposal ("suggested
    that they meet"). With `stated_aux` narrowed, a future or modal is a promise ("agreed that talks will resume")."""
    for c in tok.children:
        if c.dep_ != "ccomp":
            continue
        auxes = {g.lower_ for g in c.children if g.dep_ in ("aux", "auxpass")}
        if "should" in auxes:
            continue
        if auxes & (PROMISED_AUX - stated_aux):
            continue
        if c.tag_ in ("VBD", "VBZ", "VBN") or auxes & stated_aux:
            return True
    return False


def _complement_party(comps: list[Token], table: ActorTable) -> bool:
    """Whether a complement names a party of its own: a subject ("helped us rebuild") or an actor as its object
    ("help defend Saudi Arabia")."""
    for c in comps:
        if any(g.dep_ in SUBJECTS for g in c.children):
            return True
        if any(g.dep_ == "dobj" and table.at(g.i) is not None for g in c.children):
            return True
    return False


def _asks(clause: Token) -> bool:
    """A clause that is a question: "whether ...", "if ...", "why ...", or a phrase "about ..." ("asked about")."""
    if clause.dep_ == "prep":
        return clause.lower_ == "about"
    if clause.dep_ not in COMPLEMENT_DEPS + ("advcl",):
        return False
    first = next(iter(clause.subtree))
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children) or \
        first.tag_ in ("WDT", "WP", "WRB")


def read_anew(readings: tuple[Reading, ...], event: str, tok: Token, actors: list[Party],
              table: ActorTable) -> str | None:
    """The type the first applying reading gives the trigger ("" for no event), or None when none applies."""
    lemma = tok.lemma_.lower()
    for reading in readings:
        if reading.event == event and lemma in reading.words and (reading.nouns or tok.pos_ not in ("NOUN", "PROPN")) \
                and reading.applies(tok, actors, table):
            return reading.to
    return None


def _load() -> tuple[dict[str, frozenset[str]], tuple[Reading, ...]]:
    raw = data_table(RULES_FILE)
    sets = lists_in(raw, RULES_FILE, WORD_SETS) | lists_in(raw, RULES_FILE, SECTOR_SETS, upper=True)
    readings = []
    for n, entry in enumerate(raw.get("reading", []), 1):
        unknown = set(entry) - {"reason", "event", "to", *READING_LISTS, *READING_FLAGS}
        if unknown or not entry.get("words") or "event" not in entry or "to" not in entry:
            raise ValueError(f"{RULES_FILE}: reading {n}: needs event, to and words"
                             + (f"; unknown key(s) {', '.join(sorted(unknown))}" if unknown else ""))
        lists = {k: frozenset(str(w).lower() if k not in SECTOR_LISTS else str(w).upper() for w in entry.get(k, []))
                 for k in READING_LISTS}
        readings.append(Reading(reason=str(entry.get("reason", "")), event=str(entry["event"]).upper(),
                                to=str(entry["to"]).upper(), **lists,
                                **{k: bool(entry.get(k, False)) for k in READING_FLAGS}))
    return sets, tuple(readings)


# Sets of PLOVER types: mechanism, in code (docs/knowledge.md, "event_rules.toml").
# types unnamed civilians can do: their other acts ("the people in our community discussed it") are private life
CIVIL_ACTS = frozenset({"PROTEST", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "ASSAULT", "COERCE", "SANCTION",
                        "MOBILIZE"})
# acts that need someone they are addressed to: with no recipient anywhere they are opinions, or help to no one
ADDRESSED = frozenset({"SUPPORT", "REJECT", "ACCUSE", "CONCEDE", "CONSULT", "COOPERATE", "AID"})
# done jointly: several actors with no recipient act towards each other
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
# hostile: announced or conditional they are threats
CONFLICT = frozenset({"REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "ACCUSE"})
# with no recipient in the syntax, a foreign place named "in", "at", "near" is the recipient
PLACE_TARGETED = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "THREATEN"})
# negated by their own actor they are a refusal (REJECT)
REFUSABLE = frozenset({"AGREE", "SUPPORT", "CONSULT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
# verbal acts that, as the purpose of a meeting, are made at it to the one met
SAID_AT_MEETINGS = frozenset({"REQUEST", "SUPPORT", "ACCUSE", "CONCEDE", "THREATEN", "REJECT"})
# acts that make two countries sides of a fight
HOSTILE = frozenset({"ASSAULT", "MOBILIZE", "THREATEN", "COERCE", "ACCUSE"})
# with no recipient and no foreign setting, done at home
DOMESTIC_DEFAULT = frozenset({"PROTEST", "COERCE", "ASSAULT", "MOBILIZE", "THREATEN", "REJECT", "ACCUSE", "CONCEDE"})

_RULES, READINGS = _load()
RESTRICTIVE = _RULES["restrictive"]
CIVILIAN = _RULES["civilian_sectors"]
DEMAND_FRAMES = _RULES["demand_frames"]
AGREEING_FRAMES = _RULES["agreeing_frames"]
HEARSAY_NOUNS = _RULES["hearsay_nouns"]
ACTS_OFFERED = _RULES["acts_offered"]
OFFERING_VERBS = _RULES["offering_verbs"]
DEMAND_NOUNS = _RULES["demand_nouns"]
PREPARING = _RULES["preparing_verbs"]
PROPOSING = _RULES["proposing_words"]
VOWING = _RULES["vowing_verbs"]
