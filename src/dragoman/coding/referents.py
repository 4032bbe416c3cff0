"""What pronouns and descriptions that point back stand for: "it", "they", "his government", "the country", "the
two leaders". A part of the party resolver (parties.py), kept apart so each reads in one sitting; what it remembers
of an article lives in the ArticleState the event coder passes in.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan, Token

from dragoman.coding.clauses import (
    FIRST_PERSON, PRONOUN_WORDS, SPEECH, SUBJECTS, THIRD_PLURAL, THIRD_SINGULAR, conjuncts, phrase, quote_speaker,
    reporting_subject, subject_of,
)
from dragoman.coding.registry import ActorTable
from dragoman.records import Party

if TYPE_CHECKING:
    from dragoman.knowledge.tables import SectorWord


@dataclass
class ArticleState:
    """What the coder remembers across sentences of one article (for "they", "the Tajik leader")."""

    last_actors: list[Party] = field(default_factory=list)
    previous_actors: list[Party] = field(default_factory=list)  # actors of the last sentence that had events
    last_group: list[Party] = field(default_factory=list)  # the last compound actor ("the ministers")
    last_plural: list[Party] = field(default_factory=list)  # the last actor "they" can mean: a group, not one person
    last_fight: list[Party] = field(default_factory=list)  # both sides of the last hostile act between two countries
    last_pair: list[Party] = field(default_factory=list)  # the two countries of the last act between two ("the two")
    summit_host: Party | None = None  # the country hosting the last summit named


class ReferentFinder:
    """Resolves words that point back, with the party finding of the class it is part of (PartyResolver: `_party`,
    `parties`, `_sector_word`) and the words of parties.toml it sets (`country_nouns`, `group_nouns`)."""

    country_nouns: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()

    def _party(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan,
               setting: bool = True) -> Party | None:
        raise NotImplementedError

    def parties(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan,
                setting: bool = True) -> list[Party]:
        raise NotImplementedError

    def _sector_word(self, tok: Token) -> SectorWord | None:
        raise NotImplementedError

    def _country_referent(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan) -> Party | None:
        """"The country", "the nation" (country_nouns): in a reported clause the reporter's country ("Argentina's
        minister said the country had reached a deal"), else the last country named before it. "The host
        country", "a country" and "the countries" are not referents."""
        if tok.lemma_.lower() not in self.country_nouns or tok.tag_ != "NN" \
                or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children) \
                or any(c.dep_ in ("amod", "compound", "nmod") for c in tok.children):
            return None
        reporter = reporting_subject(tok)
        found = self._party(reporter, table, state, sent, setting=False) if reporter is not None else None
        if found is not None and found.code and found.code not in ("IGO", "NGO", "MNC"):
            return Party(code=found.code, sector="GOV", text=phrase(tok))
        for m in reversed(table.mentions):
            if m.start < tok.i and m.kind == "country" and m.actor.code:
                return Party(code=m.actor.code, sector="GOV", text=phrase(tok))
        return None

    def _bound_possessor(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan) -> Party | None:
        """"The ILO reiterated its demand", "Iran admitted their forces had fired": a possessive "its" or "their"
        means the subject of its clause, or of the clause above when it sits inside that subject."""
        if tok.dep_ != "poss" or tok.lower_ not in ("its", "their"):
            return None
        head = tok.head
        for _ in range(6):
            if head.pos_ in ("VERB", "AUX"):
                subj = subject_of(head)
                if subj is not None and not subj.left_edge.i <= tok.i <= subj.right_edge.i \
                        and subj.lower_ not in PRONOUN_WORDS:
                    return self._party(subj, table, state, sent)
            if head.head is head:
                return None
            head = head.head
        return None

    def _pronoun(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan) -> Party | None:
        low = tok.lower_
        if low in FIRST_PERSON:
            speaker = quote_speaker(sent, table)
            if speaker is not None:
                a = speaker.actor
                return Party(code=a.code, sector=a.sector, name=a.name if a.kind in ("person", "organization") else None,
                             actor_key=a.key, text=tok.text)
            for t in sent:  # "the Syrian foreign minister said": a speaker named by a modified noun
                if t.lemma_.lower() in SPEECH and t.pos_ == "VERB":
                    said_by = next((c for c in t.children if c.dep_ in SUBJECTS and c.pos_ != "PRON"
                                    and not any(d.lower_ in FIRST_PERSON for d in c.subtree)), None)
                    found = self._party(said_by, table, state, sent) if said_by is not None else None
                    if found is not None:
                        return found
            return None
        reporter = reporting_subject(tok)
        if reporter is not None and low in THIRD_SINGULAR | THIRD_PLURAL | {"it", "its"}:
            found = self._party(reporter, table, state, sent)
            if found is not None:
                return found
        if low in THIRD_SINGULAR:
            for m in reversed(table.mentions):
                if m.start < tok.i and m.actor.kind == "person" and m.code:
                    a = m.actor
                    return Party(code=a.code, sector=a.sector, name=a.name, actor_key=a.key, text=tok.text)
            return None
        if low in THIRD_PLURAL and state.last_actors:
            return state.last_actors[0]
        if low == "it" and tok.dep_ == "nsubj":
            return self._continued_subject(tok, table, state, sent)
        return None

    def _continued_subject(self, tok: Token, table: ActorTable, state: ArticleState,
                           sent: SpacySpan) -> Party | None:
        """"The Foreign Office condemned the coup. It announced a suspension of aid": an "it" opening the main
        clause of a sentence goes on with the subject of the sentence before, when that is one body or country."""
        if tok.head.dep_ != "ROOT" or sent.start == 0 or any(t.dep_ in SUBJECTS for t in sent if t.i < tok.i):
            return None
        before = tok.doc[sent.start - 1].sent
        subj = subject_of(before.root)
        if subj is None or subj.tag_ in ("NNS", "NNPS") or subj.lower_ in PRONOUN_WORDS:
            return None
        located = table.at(subj.i)
        title = self._sector_word(subj)
        if (located is not None and located.actor.kind == "person") or (title is not None and title.title):
            return None  # "The president condemned the raid. It ...": not him
        found = self._party(subj, table, state, before)
        return replace(found, text=tok.text) if found is not None and found.code else None

    def _continued_pair(self, tok: Token, table: ActorTable, state: ArticleState) -> list[Party]:
        """"Ghana and Togo have quarrelled for years. On Monday they signed a pact": a "they" subject of the main
        clause, with no group acting before, goes on with the listed subject of the sentence before."""
        sent = tok.sent
        if tok.dep_ != "nsubj" or tok.head.dep_ != "ROOT" or sent.start == 0:
            return []
        before = tok.doc[sent.start - 1].sent
        subj = subject_of(before.root)
        if subj is None or not conjuncts(subj):
            return []
        found = self.parties(subj, table, state, before)
        return [replace(p, text=tok.text) for p in found] if len({p.code for p in found}) > 1 else []

    def _group(self, tok: Token, state: ArticleState, table: ActorTable) -> list[Party]:
        """"They": the last group or body that acted; "the ministers", "the countries": the last compound actor;
        "the two leaders", "both countries", "the two": the pair of the last act between two countries, else the
        last two countries named."""
        if tok.lower_ in THIRD_PLURAL:
            if reporting_subject(tok) is not None:
                return []
            return list(state.last_plural) or self._continued_pair(tok, table, state)
        if _names_a_pair(tok, self.group_nouns):
            if state.last_pair:
                return [replace(p, text=phrase(tok)) for p in state.last_pair]
            named: list[Party] = []
            for m in reversed(table.mentions):
                if m.start < tok.i and m.kind == "country" and m.code and all(m.code != p.code for p in named):
                    named.append(Party(code=m.code, sector="GOV", text=phrase(tok)))
                if len(named) == 2:
                    return named[::-1]
            return []
        if not state.last_group:
            return []
        if tok.tag_ == "NNS" and tok.lemma_.lower() in self.group_nouns and \
                any(c.dep_ == "det" and c.lower_ in ("the", "these", "both", "all") for c in tok.children):
            return list(state.last_group)
        return []


def _names_a_pair(tok: Token, group_nouns: frozenset[str]) -> bool:
    """"The two leaders", "both countries", "the two sides", "the two" (as a subject), "both": words for a pair."""
    low = tok.lower_
    if low in ("two", "both") and tok.dep_ in ("nsubj", "nsubjpass"):
        return low == "both" or any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    if tok.tag_ != "NNS" or tok.lemma_.lower() not in group_nouns:
        return False
    return any((c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet") and c.lower_ == "both")
               for c in tok.children)
