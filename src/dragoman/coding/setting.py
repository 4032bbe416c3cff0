"""Article-level settling of the actor stage: where the story is set, where peoples spanning states belong, and
the codes that people and organisations nothing places abroad take from the setting (the last resort)."""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from dragoman.knowledge.tables import Knowledge
from dragoman.nlp import DATELINE
from dragoman.facts.places import Gazetteer
from dragoman.coding.registry import ActorTable

REPORTING = {"report", "file", "write"}  # a correspondent's verbs: "reporting from Cairo"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = {"in", "at", "inside", "within", "across", "throughout", "around", "near", "outside", "through", "into"}


def story_setting(doc: Doc, table: ActorTable, knowledge: Knowledge, gazetteer: Gazetteer | None) -> str | None:
    """The country where the story is set: its dateline, else the first city or capital where something
    happens ("in Cairo", not "a trip to Warsaw") unless the story is about another country and never names the
    city's own (a child "in Melbourne" in a story that names Samoa three times), else the country named more
    than once as a place ("into Syria"), else a country named at least three times and twice as often as any
    other (what the story is about), else the first city named (unless doubtful_place), else its most-named
    country."""
    dateline = DATELINE.match(doc.text)
    if dateline and gazetteer is not None:
        place = gazetteer.resolve(dateline.group(1).strip().title())
        if place is not None and place.country:
            return place.country
    capitals = {id(m) for m in table.mentions if m.kind in ("country", "adjective")
                and knowledge.country_by_capital(doc[m.start:m.end].text)}  # "Cairo", not "Egypt" nor "Egyptian"
    places = [m for m in table.mentions if ((m.kind == "location" and m.actor.code) or
              (m.kind == "country" and m.actor.key.startswith("country:") and id(m) in capitals))
              and not reporters_post(doc[m.start:m.end].root)]
    named = Counter(m.actor.code for m in table.mentions if m.kind == "country" and m.actor.code).most_common(2)
    about = named[0][0] if named and named[0][1] >= 3 and (len(named) == 1 or named[0][1] >= 2 * named[1][1]) \
        else None  # the country the story is about
    located = next((m for m in places if locative(doc[m.start:m.end].root)), None)
    if located is not None:
        if about and located.actor.code != about and not any(
                m.actor.code == located.actor.code for m in table.mentions if m.kind in ("country", "adjective")
                and id(m) not in capitals):
            return about  # "a child in Melbourne" in passing in a story about Samoa
        return located.actor.code
    lands = Counter(m.actor.code for m in table.mentions if m.kind == "country" and m.actor.code
                    and locative(doc[m.start:m.end].root))  # "an offensive into Syria", "banned in Turkey"
    if lands and lands.most_common(1)[0][1] > 1:  # named as a place more than once, not in passing
        return lands.most_common(1)[0][0]
    if about:
        return about  # over a capital named in passing
    named_places = [m for m in places if not doubtful_place(doc[m.start:m.end])]
    if named_places:
        return named_places[0].actor.code
    counts = Counter(m.actor.code for m in table.mentions
                     if m.actor.kind in ("country", "adjective") and m.actor.code)
    return counts.most_common(1)[0][0] if counts else None

def place_peoples(table: ActorTable, knowledge: Knowledge) -> None:
    """A people spanning states (peoples.tsv) takes the story's country when it is one of theirs, else the one
    of theirs the article names most, else the first listed."""
    named = Counter(m.actor.code for m in table.mentions if m.kind == "country" and m.actor.code)
    for actor in table.actors:
        if actor.key.startswith("people:"):
            codes = knowledge.peoples.get(actor.name, ())
            ranked = sorted((c for c in codes if named[c]), key=lambda c: -named[c])
            actor.code = table.setting if table.setting in codes else (ranked or list(codes) or [None])[0]

def settle_codes(table: ActorTable) -> None:
    """Drop bare adjectives; people and organisations nothing places abroad act for the story's country; a
    one-word name that nothing shows to be a person's (no title, no list, no full name) is kept as a mere name.

    Armed groups with no state (code left empty in organisations.tsv) take the story's country too, as
    the codebook asks.
    """
    table.actors = [a for a in table.actors if a.kind != "adjective"]
    unknown = [a for a in table.actors if a.kind == "person" and " " not in a.name and not a.code
               and not a.role and a.source == "text"]
    if table.setting:
        for a in table.actors:
            if a.kind in ("person", "organization") and not a.code:
                a.code = table.setting
                a.source = a.source + "+setting"
    for a in unknown:  # "Tamer", "Cranes", "Findings": one word, no title, no list, no full name met
        a.kind = "name"  # a name that may be a person's: kept for the events, listed as no one


def doubtful_place(span: Span) -> bool:
    """A town's name the model tags as no place, where capitals prove nothing: a sentence's first word ("Forest
    officials said") or an acronym ("the SIG proposals")."""
    return span[0].ent_type_ not in PLACE_LABELS and (span[0].is_sent_start or span.text.isupper())


def locative(tok: Token) -> bool:
    """A place named as where things happen: the object of "in", "at", "across" ..., in apposition to one or
    modifying one ("at its Washington headquarters")."""
    if tok.dep_ in ("appos", "conj", "compound", "nmod", "poss") and tok.head is not tok:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE


def reporters_post(tok: Token) -> bool:
    """"In Miami, VOA's Brian Wagner reports ...": where the correspondent files from, not where the story is."""
    if tok.dep_ in ("appos", "conj", "compound", "nmod", "poss") and tok.head is not tok:
        tok = tok.head
    verb = tok.head.head if tok.dep_ == "pobj" else tok
    return verb.lemma_.lower() in REPORTING and verb.pos_ == "VERB"
