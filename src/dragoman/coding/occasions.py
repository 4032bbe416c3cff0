"""Parties an act's occasion names rather than its trigger's slots: the backers of a force that attacks, who
appears with whom at a press conference, who attends a summit and in which country. Read by the event coder
(events.py) beside the trigger's own actor and recipient, which parties.py finds.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from dragoman.coding.clauses import SUBJECTS, is_passive, phrase, prep_object, subject_of
from dragoman.coding.parties import (
    ACT_NOUNS, APPEARANCE_NOUNS, BACKED_EVENTS, BACKING_VERBS, SUMMIT_NOUNS, ArticleState, PartyResolver, Trigger,
)
from dragoman.coding.registry import ActorTable
from dragoman.records import Party


class OccasionReader:
    """Finds the parties of an occasion with the shared PartyResolver; remembers nothing itself (the summit's host
    lives in the ArticleState)."""

    def __init__(self, resolver: PartyResolver) -> None:
        self.resolver = resolver

    def backers(self, trig: Trigger, table: ActorTable, state: ArticleState, sent: SpacySpan) -> list[Party]:
        """"Comoros, backed by African Union forces, invaded the island", "Backed by Russian jets, Syrian troops
        attacked": the backers of a force take part in the attack, build-up or arrest it carries out."""
        verb = trig.token
        if trig.kind != "verb" or trig.pattern.event not in BACKED_EVENTS or is_passive(verb):
            return []
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        found: list[Party] = []
        holders = [(c, "acl") for s in subjects for c in s.children] + [(c, "advcl") for c in verb.children]
        for c, dep in holders:
            if c.dep_ == dep and c.tag_ == "VBN" and c.lemma_.lower() in BACKING_VERBS:
                agent = prep_object(c, "by", dep="agent")
                if agent is not None:
                    found.extend(self.resolver.parties(agent, table, state, sent, setting=False))
        return found

    def joint_appearance(self, noun: Token, table: ActorTable, state: ArticleState,
                         sent: SpacySpan) -> tuple[list[Party], list[Party], Token | None]:
        """"Bush said at a news conference with the Canadian prime minister", "Merkel held a joint press conference
        with Macron": who appears with whom (appearance_nouns), and the verb of the clause; appearing together is
        meeting."""
        none: tuple[list[Party], list[Party], Token | None] = ([], [], None)
        if noun.lemma_.lower() not in APPEARANCE_NOUNS or noun.pos_ != "NOUN":
            return none
        verb = noun.head
        if noun.dep_ == "pobj" and verb.lower_ in ("at", "during"):
            verb = verb.head
        elif noun.dep_ != "dobj":
            return none
        partner = prep_object(noun, "with") or (prep_object(verb, "with") if noun.dep_ == "dobj" else None)
        subj = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is None and verb.pos_ in ("VERB", "AUX"):
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.lemma_.lower() in ACT_NOUNS), None)
        if partner is None or subj is None:
            return none
        actors = self.resolver.parties(subj, table, state, sent)
        if not actors and subj.lemma_.lower() in ACT_NOUNS:  # "the announcement was made at a joint conference"
            actors = list(state.last_actors)
        codes = {a.code for a in actors}
        partners = [p for p in self.resolver.parties(partner, table, state, sent, setting=False) if p.code not in codes]
        return (actors, partners, verb) if actors and partners else none

    def summit_guests(self, sent: SpacySpan, table: ActorTable,
                      state: ArticleState) -> tuple[list[Party], Party | None, Token | None]:
        """Who the sentence places at a summit ("at the summit, X said", "a summit where X and Y signed", "X met Y
        on the sidelines of the summit"; summit_nouns), the summit's host country, named in this sentence
        ("met in Niamey for an AU summit", "a summit in Lima") or before (ArticleState.summit_host), and the
        summit noun that placed the first guest."""
        guests: list[Party] = []
        placed_by: Token | None = None
        for tok in sent:
            if tok.lemma_.lower() not in SUMMIT_NOUNS or tok.pos_ != "NOUN":
                continue
            where = prep_object(tok, "in")
            if where is None and tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.pos_ == "VERB":
                where = prep_object(tok.head.head, "in")  # "met in Niamey for an AU summit"
            located = table.at(where.i) if where is not None else None
            if located is not None and located.code and located.kind in ("country", "location") \
                    and located.code not in ("IGO", "NGO", "MNC"):
                state.summit_host = Party(code=located.code, sector="GOV", text=phrase(where))
            verb = _attended_at(tok)
            subj = subject_of(verb) if verb is not None else None
            if subj is not None:
                found = self.resolver.parties(subj, table, state, sent, setting=False)
                guests.extend(p for p in found if p not in guests)
                placed_by = placed_by if placed_by is not None or not found else tok
        return guests, state.summit_host, placed_by


def _attended_at(summit: Token) -> Token | None:
    """The verb whose doer a summit noun places at it: "a summit where X signed", "at (the opening of) the summit,
    X said", "during the summit", "on the sidelines of the summit"."""
    for c in summit.children:
        if c.dep_ == "relcl" and any(g.dep_ == "advmod" and g.lower_ == "where" for g in c.children):
            return c
    head, passed = summit, []
    for _ in range(4):
        if head.dep_ not in ("pobj", "prep") or head.head is head:
            return None
        head = head.head
        passed.append(head.lower_)
        if head.dep_ == "prep" and (head.lower_ in ("at", "during") or "sidelines" in passed or "margins" in passed) \
                and head.head.pos_ in ("VERB", "AUX"):
            return head.head
    return None
