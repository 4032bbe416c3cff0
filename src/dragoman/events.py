"""Event stage: code PLOVER events from each sentence's syntax, using the actors already resolved.

A trigger (verb, predicate adjective or noun from the pattern file) gives the event type; the actor is its
subject (or passive agent, possessor, governing verb's subject), the recipient sits in the slots the pattern
names. Negated, hypothetical and framed clauses ("refused to sign", "might introduce") are kept apart as
unasserted events.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from dragoman.registry import ActorTable
from dragoman.clauses import (
    FIRST_PERSON, PRONOUN_WORDS, SPEECH, SUBJECTS, THIRD_PLURAL, THIRD_SINGULAR, attitude_objects, coded_mention,
    complements, conjuncts, conjuncts_any, definite_antecedent, elaborates, has_condition, has_particle,
    is_background, is_future, is_hypothetical, is_negated, is_passive, lemmas, listed_people, object_in, phrase,
    plural_referent, prep_object, purpose_of_event, quote_speaker, reporting_subject, slot, subject_of,
)
from dragoman.knowledge import Knowledge
from dragoman.patterns import Pattern, PatternBook
from dragoman.records import Event, Party, Span

LIGHT_VERBS = {"hold", "have", "launch", "make", "conduct", "begin", "start", "carry", "provide", "pay", "issue",
               "stage", "announce", "impose", "initiate", "undertake", "give", "offer", "lodge", "file", "mount",
               "open", "resume", "continue", "complete", "reach", "seal", "strike", "order", "renew", "speed",
               "accelerate", "finish", "join", "attend", "pay", "declare", "end", "call", "threaten", "deliver",
               "organize", "organise", "lead", "hold", "resort"}
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
RELATIVE = {"who", "which", "that", "whom"}
RESTRICTIVE = {"ban", "close", "shut", "block", "bar", "prohibit", "restrict", "forbid", "outlaw", "embargo"}
PARTITIVES = {"thousand", "hundred", "dozen", "ten", "tens", "million", "score", "group", "member", "number",
              "some", "many", "majority", "most", "part", "dozens", "hundreds", "thousands", "handful", "crowd",
              "band", "contingent", "unit", "team", "couple", "pair", "one", "two", "three", "several"}
CIVILIAN = {"CVL", "EDU", "LAB", "REL", "REF", "OPP"}
GROUP_NOUNS = {"country", "nation", "state", "side", "government", "minister", "leader", "delegation", "party",
               "partner", "ally", "member", "participant", "signatory", "president"}
ACT_NOUNS = {"call", "proposal", "offer", "plan", "decision", "move", "statement", "demand", "request", "initiative",
             "suggestion", "recommendation", "operation", "attack", "offensive", "invasion", "claim", "accusation",
             "announcement", "measure", "policy", "deal", "agreement", "ban", "appeal", "remark", "comment"}
CONFLICT = {"REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "ACCUSE"}
DEMAND_FRAMES = {"declare", "reiterate", "conclude", "insist", "warn", "remind", "demand", "stress", "argue", "decide"}
PLACE_TARGETED = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "THREATEN"}
REFUSABLE = {"AGREE", "SUPPORT", "CONSULT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
COLLECTIVE_SECTORS = {"GOV", "COP", "MIL", "LEG", "JUD", "CVL", "OPP", "REB", "SPY", "EDU", "REL", "LAB", "REF",
                      "MED"}
DOMESTIC_DEFAULT = {"PROTEST", "COERCE", "ASSAULT", "MOBILIZE", "THREATEN", "REJECT", "ACCUSE",
                    "CONCEDE"}


@dataclass
class _Trigger:
    token: Token
    pattern: Pattern
    object_token: Token | None = None  # the light verb's object noun ("provides ... assistance")
    kind: str = "verb"  # verb | adjective | noun


@dataclass
class _State:
    """What the coder remembers across sentences of one article (for "they", "the Tajik leader")."""

    last_actors: list[Party] = field(default_factory=list)
    previous_actors: list[Party] = field(default_factory=list)  # actors of the last sentence that had events
    last_group: list[Party] = field(default_factory=list)  # the last compound actor ("the ministers")
    last_plural: list[Party] = field(default_factory=list)  # the last actor "they" can mean: a group, not one person


class EventCoder:
    """Codes events of one article at a time from a shared, read-only pattern book and knowledge."""

    def __init__(self, book: PatternBook, knowledge: Knowledge) -> None:
        self.book = book
        self.knowledge = knowledge

    def code(self, doc: Doc, table: ActorTable) -> list[Event]:
        state = _State()
        events: list[Event] = []
        for sent in doc.sents:
            events.extend(self._code_sentence(sent, table, state))
        return _dedupe(events)

    # ---- triggers ------------------------------------------------------------------------------
    def _triggers(self, sent: SpacySpan) -> list[_Trigger]:
        found: list[_Trigger] = []
        used_objects: set[int] = set()
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass", "amod"):
                trig = self._verb_trigger(tok)
                if trig is not None:
                    found.append(trig)
                    if trig.object_token is not None:
                        used_objects.add(trig.object_token.i)
                    if trig.pattern.frame:  # "called for cooperation", "agreed to talks": what is asked or agreed
                        used_objects.update(c.i for c in tok.children if c.dep_ == "dobj")
                        used_objects.update(attitude_objects(tok))
            elif tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod", "ROOT", "advcl", "conj"):
                for p in self.book.by_adjective.get(tok.lower_, ()):
                    if not p.frame or any(c.dep_ == "xcomp" for c in tok.children):
                        found.append(_Trigger(tok, p, kind="adjective"))
                        used_objects.update(attitude_objects(tok))  # "opposed to French mediation"
                        break
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in used_objects and tok.ent_type_ not in ("PERSON", "GPE", "ORG"):
                trig = self._noun_trigger(tok)
                if trig is not None:
                    found.append(trig)
        return found

    def _verb_trigger(self, tok: Token) -> _Trigger | None:
        lemma = next((v for v in lemmas(tok) if v in self.book.by_verb), "")
        for pattern, particle in self.book.by_verb.get(lemma, ()):
            if particle is not None and not has_particle(tok, particle):
                continue
            if (particle in ("to", "in") or pattern.intransitive) and any(c.dep_ == "dobj" for c in tok.children):
                continue  # "flies fighters to Syria" is transport, not a visit; "assembled rifles" no meeting
            obj = None
            if pattern.objects:
                obj = object_in(tok, pattern.objects)
                if obj is None:
                    continue
            return _Trigger(tok, pattern, obj)
        return None

    def _noun_trigger(self, tok: Token) -> _Trigger | None:
        lemma = tok.lemma_.lower()
        for pattern, words in self.book.by_noun.get(lemma, ()):
            if len(words) > 1:
                before = [t.lower_ for t in tok.doc[max(tok.i - len(words) + 1, 0):tok.i]]
                if before != list(words[:-1]):
                    continue
            return _Trigger(tok, pattern, kind="noun")
        return None

    # ---- one sentence --------------------------------------------------------------------------
    def _code_sentence(self, sent: SpacySpan, table: ActorTable, state: _State) -> list[Event]:
        triggers = self._triggers(sent)
        framed: dict[int, tuple[_Trigger, bool]] = {}  # complement verb index -> (frame, negating)
        for trig in triggers:
            if trig.pattern.frame:
                for comp in complements(trig.token):
                    framed[comp.i] = (trig, trig.pattern.negates)
        complement_types = {t.token.i: t.pattern.event for t in triggers}
        trigger_at = {t.token.i for t in triggers} | {t.object_token.i for t in triggers if t.object_token is not None}
        state.previous_actors = list(state.last_actors)
        out: list[Event] = self._must_requests(sent, table, state)
        for trig in triggers:
            tok = trig.token
            if (trig.pattern.silent_with_complement and complements(tok)) or elaborates(tok, trigger_at):
                continue
            actors = self._actor_of(trig, table, state, sent)
            if not actors:
                continue
            recipients = self._recipients(trig, table, state, sent, actors)
            negated = is_negated(tok)
            hypothetical = is_hypothetical(tok) or (tok.i not in framed and purpose_of_event(tok, trigger_at))
            frame = framed.get(tok.i)
            if frame is not None:
                if frame[1]:
                    negated = True
                else:
                    hypothetical = True
            event_type, mode = trig.pattern.event, trig.pattern.mode
            refused = frame is None or frame[0].pattern.silent_with_complement
            if negated and refused and event_type in REFUSABLE:
                out.extend(self._events(trig, sent, actors, recipients, table, "REJECT",
                                        f"refuse to {event_type.lower()}", False, hypothetical))
            conditional = has_condition(tok)
            if hypothetical and conditional and frame is None and trig.pattern.event in CONFLICT:
                hypothetical = False  # "may halt mediation if cooperation founders": a conditional threat
                event_type, mode = "THREATEN", f"threaten to {trig.pattern.event.lower()}"
                out.extend(self._events(trig, sent, actors, recipients, table, event_type, mode, negated, False))
                continue
            if (conditional or is_future(tok)) and event_type not in ("AGREE", "THREATEN", "REQUEST") \
                    and not hypothetical:
                if event_type in CONFLICT or has_condition(tok, ("unless",)):  # "will withdraw unless ...": a threat
                    event_type, mode = "THREATEN", f"threaten to {trig.pattern.event.lower()}"
                else:
                    event_type, mode = "AGREE", f"intent to {trig.pattern.event.lower()}"
            elif event_type == "AGREE" and trig.pattern.frame and \
                    any(complement_types.get(c.i) in CONFLICT for c in complements(tok)):
                event_type, mode = "THREATEN", None  # "ready to impose martial law"
            if trig.pattern.admission and not negated:
                admitted = self._admitted(trig, triggers, actors, table, state, sent)
                if admitted is False:
                    continue  # "acknowledged that the rebels had shelled the town": a statement, not praise
                if admitted is not None:
                    event_type, mode, recipients = trig.pattern.admission, "admit", admitted
            mode = self._mode(trig) or mode
            coded = self._events(trig, sent, actors, recipients, table, event_type, mode, negated, hypothetical)
            if is_background(tok):
                for e in coded:
                    e.background = True
            out.extend(coded)
            if not negated and not hypothetical:
                state.last_actors = actors
                if len({a.code for a in actors}) > 1:
                    state.last_group = actors
                if len(actors) > 1 or plural_referent(actors[0]):
                    state.last_plural = actors
        return out

    def _admitted(self, trig: _Trigger, triggers: list[_Trigger], actors: list[Party], table: ActorTable,
                  state: _State, sent: SpacySpan) -> list[Party] | bool | None:
        """"Acknowledged that its jets had hit the convoy": a hostile act in the complement clause, done by the
        actor's side or by no one named, is owned up to, not praised: returns that act's recipients. False when
        the hostile act is another's, None when the complement reports none."""
        codes = {a.code for a in actors}
        for comp in (c for c in trig.token.children if c.dep_ == "ccomp"):
            inner = next((t for t in triggers if t.token.i == comp.i and t.pattern.event in CONFLICT), None)
            if inner is None:
                continue
            doers = self._actor_of(inner, table, state, sent)
            if doers and not codes & {d.code for d in doers}:
                return False
            return [r for r in self._recipients(inner, table, state, sent, doers or actors) if r.code not in codes]
        return None

    def _must_requests(self, sent: SpacySpan, table: ActorTable, state: _State) -> list[Event]:
        """"X said Iraq must cooperate": a reported obligation is a REQUEST from the speaker to its subject."""
        out = []
        for tok in sent:
            obliged = any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children) or \
                (tok.lemma_.lower() == "need" and any(c.dep_ == "xcomp" for c in tok.children))
            if not obliged:
                continue
            head = tok.head
            if tok.dep_ == "ccomp" and head.lemma_.lower() in SPEECH | DEMAND_FRAMES:
                speaker_tok = subject_of(head)
            elif tok.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN":
                governor = head.head
                speaker_tok = next((c for c in governor.children if c.dep_ in SUBJECTS), None)
            else:
                continue
            subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
            if speaker_tok is None or subject is None:
                continue
            actors = self._parties(speaker_tok, table, state, sent)
            recipients = [p for p in self._parties(subject, table, state, sent, setting=False)
                          if (p.code, p.actor_key) not in {(a.code, a.actor_key) for a in actors}]
            if not actors or not recipients:
                continue
            info = self.book.types["REQUEST"]
            out.append(Event(event="REQUEST", actor=actors, recipient=recipients,
                             sentence=Span(sent.start_char, sent.end_char, sent.text),
                             trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text), pattern="request.must",
                             mode="demand", cameo="100", quad_class=info.quad, score=info.score, confidence=0.5))
        return out

    def _events(self, trig: _Trigger, sent: SpacySpan, actors: list[Party], recipients: list[Party],
                table: ActorTable, event_type: str, mode: str | None, negated: bool, hypothetical: bool) -> list[Event]:
        pairs: list[tuple[list[Party], list[Party]]] = []
        joint = event_type in SYMMETRIC or trig.pattern.mutual
        if not recipients and len(actors) > 1 and joint:
            for i, a in enumerate(actors):
                for b in actors[i + 1:]:
                    if a.code != b.code:
                        pairs.append(([a], [b]))
        if not pairs:
            if not recipients:  # civilians gathering protest at home, where a meeting would have no recipient
                done = trig.pattern.civilian if _civilian(trig.pattern, actors) else event_type
                recipients = self._fallback_recipient(done, actors, table, sent,
                                                      trig.token.lemma_.lower() if trig.kind == "verb" else "")
            hosts = {r.code for r in recipients}  # the host of guests named with it is the recipient, not an actor
            guests = [a for a in actors if a.code not in hosts]
            pairs = [(guests if guests and len(guests) < len(actors) else actors, recipients)]
        events = []
        for acts, recs in pairs:
            etype = event_type
            pattern = trig.pattern
            if pattern.domestic and recs and all(r.code == acts[0].code for r in recs) and etype == pattern.event:
                etype = pattern.domestic
            if _civilian(pattern, acts):
                etype = pattern.civilian  # "paper workers blocked the bridge", "protesters gathered"
            info = self.book.types[etype]
            cameo = pattern.cameo if etype == pattern.event and pattern.cameo else info.cameo
            tok = trig.token
            doc = tok.doc
            events.append(Event(
                event=etype, actor=acts, recipient=recs,
                sentence=Span(sent.start_char, sent.end_char, sent.text),
                trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text),
                pattern=pattern.id + (f"/{trig.object_token.lemma_}" if trig.object_token is not None else ""),
                mode=mode, negated=negated, hypothetical=hypothetical, cameo=cameo, quad_class=info.quad,
                score=info.score if not negated else None,
                confidence=0.7 if trig.kind == "verb" else 0.5,
            ))
            del doc
        return events

    def _fallback_recipient(self, event_type: str, actors: list[Party], table: ActorTable,
                            sent: SpacySpan | None = None, verb: str = "") -> list[Party]:
        """No recipient in the syntax: the country where a conflict act happens, the host country for a foreign
        actor's cooperation, else the actor's own country for a domestic act."""
        code = actors[0].code
        if code is None or code in ("IGO", "NGO", "MNC"):
            return []
        if sent is not None and event_type in PLACE_TARGETED:
            for tok in sent:
                if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "inside", "near"):
                    located = table.at(tok.i)
                    if located is not None and located.code and located.code != code \
                            and located.kind in ("location", "country"):
                        return [Party(code=located.code, text=tok.text)]
        if table.setting and table.setting != code:
            return [Party(code=table.setting, sector="GOV")]
        if event_type in DOMESTIC_DEFAULT or (event_type == "SANCTION" and verb in RESTRICTIVE):
            return [Party(code=code, sector=None)]  # "Authorities banned vehicle entry": done at home
        return []

    def _mode(self, trig: _Trigger) -> str | None:
        for tok in (trig.object_token, trig.token):
            if tok is None:
                continue
            for c in tok.children:
                if c.dep_ in ("amod", "compound") and c.lemma_.lower() in self.book.mode_words:
                    return self.book.mode_words[c.lemma_.lower()]
        return None

    # ---- actors ----------------------------------------------------------------------------------
    def _actor_of(self, trig: _Trigger, table: ActorTable, state: _State, sent: SpacySpan) -> list[Party]:
        tok = trig.token
        if trig.kind == "noun":
            return self._noun_actor(tok, trig.pattern, table, state, sent)
        agent = prep_object(tok, "by", dep="agent")
        if is_passive(tok):
            if agent is not None:
                return self._parties(agent, table, state, sent)
            return []
        head = tok
        for _ in range(4):
            subjects = [c for c in head.children if c.dep_ in SUBJECTS]
            if subjects:
                if subjects[0].lower_ in RELATIVE and head.dep_ == "relcl":
                    return self._parties(head.head, table, state, sent)
                found: list[Party] = []
                for subj in subjects:
                    found.extend(p for p in self._parties(subj, table, state, sent) if p not in found)
                return found
            if head.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp", "acomp") and head.head is not head:
                head = head.head
                continue
            if head.dep_ in ("relcl", "acl") and head.head is not head:
                noun = head.head
                found = self._parties(noun, table, state, sent)
                if found or noun.dep_ not in ("dobj", "pobj", "attr") or noun.head.pos_ not in ("VERB", "AUX"):
                    return found
                head = noun.head  # "issued a declaration demanding ...": the issuer
                continue
            break
        return []

    def _noun_actor(self, noun: Token, pattern: Pattern, table: ActorTable, state: _State,
                    sent: SpacySpan) -> list[Party]:
        """"Putin's visit", "Russian withdrawal", "talks by ...", or the subject of the light verb over the noun."""
        for c in noun.children:
            if c.dep_ == "poss":
                found = self._parties(c, table, state, sent)
                if found:
                    return found
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i:
                located = table.at(c.i)
                if located is not None and located.kind == "adjective" and located.code:
                    return [Party(code=located.code, text=c.text)]  # "Palestinian riots"
                found = self._parties(c, table, state, sent)
                if found:
                    return found
        by = prep_object(noun, "by")
        if by is not None:
            return self._parties(by, table, state, sent)
        if pattern.of_is_actor:
            of = prep_object(noun, "of")
            found = self._parties(of, table, state, sent) if of is not None else []
            if found:
                return found
        between = prep_object(noun, "between")
        if between is not None:
            return self._parties(between, table, state, sent)[:1]
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "VERB" and pattern.event == "CONSULT":
            head, noun = head.head, head  # "negotiators return to Geneva for talks"
            subj = next((c for c in head.children if c.dep_ in SUBJECTS), None)
            return self._parties(subj, table, state, sent) if subj is not None else []
        if noun.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX") and LIGHT_VERBS.intersection(lemmas(head)):
            subj = next((c for c in head.children if c.dep_ in SUBJECTS), None)
            if subj is not None:
                return self._parties(subj, table, state, sent)
        return []

    def _parties(self, tok: Token, table: ActorTable, state: _State, sent: SpacySpan,
                 setting: bool = True) -> list[Party]:
        """The actor a noun phrase names, plus those of its conjuncts ("Turkey and Libya")."""
        bound = self._bound_possessor(tok, table, state, sent)
        if bound is not None:
            return [bound]
        group = self._group(tok, state)
        if group:
            return group
        out: list[Party] = []
        people = listed_people(tok, table)
        heads = people if people and table.at(tok.i) is None else [tok, *conjuncts(tok), *people]
        for t in heads:
            p = self._party(t, table, state, sent, setting)
            if p is not None and all(p.code != q.code or p.actor_key != q.actor_key for q in out):
                out.append(p)
            if p is not None and table.at(t.i) is None:
                out.extend(q for q in self._conjoined_modifiers(t, p, table) if q not in out)
        return out

    def _conjoined_modifiers(self, tok: Token, first: Party, table: ActorTable) -> list[Party]:
        """"Hungarian and Romanian officials": one party per conjoined nationality modifier."""
        found = []
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
                for cc in conjuncts_any(c):
                    inner = table.at(cc.i)
                    if inner is not None and inner.code and inner.code != first.code:
                        found.append(Party(code=inner.code, sector=first.sector, text=phrase(tok)))
        return found

    def _deep_party(self, tok: Token, table: ActorTable, exclude: set) -> Party | None:
        """A recipient phrase with no code of its own: the first coded actor inside it ("refugees ... in Liberia")."""
        frontier, depth = [tok], 0
        while frontier and depth < 5:
            nxt = []
            for t in frontier:
                for c in t.children:
                    located = table.at(c.i)
                    if located is not None and located.code and (located.code, located.actor.key) not in exclude:
                        a = located.actor
                        return Party(code=a.code, sector=a.sector,
                                     name=a.name if a.kind in ("person", "organization") else None,
                                     actor_key=a.key, text=c.doc[located.start:located.end].text)
                    if c.dep_ not in ("relcl", "ccomp", "advcl", "punct"):
                        nxt.append(c)
            frontier, depth = nxt, depth + 1
        return None

    def _party(self, tok: Token, table: ActorTable, state: _State, sent: SpacySpan,
               setting: bool = True) -> Party | None:
        """The actor one noun names: a resolved mention, a pronoun's antecedent, or a nationality-modified noun."""
        located = table.at(tok.i)
        if located is not None and located.kind == "adjective" and located.code and tok.tag_ in ("NNPS", "NNS") \
                and tok.dep_ not in ("amod", "compound", "nmod"):
            if any(c.lower_ == "ethnic" for c in tok.children):  # "ethnic Albanians in Serbia" act for Serbia
                verb = tok
                while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
                    verb = verb.head
                where = prep_object(tok, "in") or prep_object(verb, "in")  # or "demonstrated in Serbia"
                home = coded_mention(where, table) if where is not None else None
                code = home.code if home is not None else table.setting  # else where the story is set
                if code:
                    return Party(code=code, sector="CVL", text=phrase(tok))
            return Party(code=located.code, sector=None, text=tok.text)  # "the Palestinians reject"
        if located is not None and located.kind != "adjective" and located.code:
            a = located.actor
            return Party(code=a.code, sector=a.sector, name=a.name if a.kind in ("person", "organization") else None,
                         actor_key=a.key, text=tok.doc[located.start:located.end].text)
        low = tok.lower_
        if tok.pos_ == "PRON" or low in FIRST_PERSON | THIRD_PLURAL | THIRD_SINGULAR:
            return self._pronoun(tok, table, state, sent)
        if tok.lemma_.lower() in PARTITIVES or tok.pos_ == "NUM":
            of = prep_object(tok, "of")  # "Thousands of Nigerians", "a group of Chechen refugees"
            if of is not None:
                return self._party(of, table, state, sent, setting)
        sector_word = self.knowledge.sector_word(tok.lemma_.lower()) or self.knowledge.sector_word(low)
        sector = sector_word.sector if sector_word else None
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i:
                inner = table.at(c.i)
                if inner is not None and inner.code:
                    name = inner.actor.name if inner.actor.kind in ("person", "organization") else None
                    return Party(code=inner.code, sector=sector or inner.sector, name=name,
                                 actor_key=inner.actor.key, text=phrase(tok))
                bound = self._bound_possessor(c, table, state, sent) if sector_word is not None else None
                if bound is not None:  # "Iran said its forces ..."
                    return Party(code=bound.code, sector=sector, actor_key=bound.actor_key, text=phrase(tok))
        if tok.pos_ in ("NOUN", "PROPN"):
            for word in ("of", "in", "from"):
                obj = prep_object(tok, word)
                inner = coded_mention(obj, table) if obj is not None else None
                if inner is not None and inner.code and (word != "of" or sector_word is not None
                                                         or tok.lemma_.lower() in ("member", "leader", "supporter", "follower")):
                    return Party(code=inner.code, sector=sector or inner.sector, actor_key=inner.actor.key,
                                 text=phrase(tok))
        antecedent = definite_antecedent(tok, table)
        if antecedent is not None:  # "the embassy" after "the US Embassy"
            a = antecedent.actor
            return Party(code=a.code, sector=a.sector, name=a.name, actor_key=a.key, text=phrase(tok))
        if setting and sector_word is not None and (not sector_word.title or tok.tag_ == "NNS") and table.setting \
                and tok.dep_ in ("nsubj", "nsubjpass", "pobj", "conj", "ROOT") \
                and tok.pos_ == "NOUN" \
                and tok.dep_ not in ("amod", "compound", "nmod", "poss") and tok.tag_ in ("NNS", "NN") \
                and sector_word.sector in COLLECTIVE_SECTORS:
            return Party(code=table.setting, sector=sector, text=phrase(tok))
        return None

    def _bound_possessor(self, tok: Token, table: ActorTable, state: _State, sent: SpacySpan) -> Party | None:
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

    def _pronoun(self, tok: Token, table: ActorTable, state: _State, sent: SpacySpan) -> Party | None:
        low = tok.lower_
        if low in FIRST_PERSON:
            speaker = quote_speaker(sent, table)
            if speaker is not None:
                a = speaker.actor
                return Party(code=a.code, sector=a.sector, name=a.name if a.kind in ("person", "organization") else None,
                             actor_key=a.key, text=tok.text)
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
        return None

    def _group(self, tok: Token, state: _State) -> list[Party]:
        """"They": the last group or body that acted; "the ministers", "the countries": the last compound actor."""
        if tok.lower_ in THIRD_PLURAL:
            return list(state.last_plural) if reporting_subject(tok) is None else []
        if not state.last_group:
            return []
        if tok.tag_ == "NNS" and tok.lemma_.lower() in GROUP_NOUNS and \
                any(c.dep_ == "det" and c.lower_ in ("the", "these", "both", "all") for c in tok.children):
            return list(state.last_group)
        return []

    # ---- recipients ------------------------------------------------------------------------------
    def _recipients(self, trig: _Trigger, table: ActorTable, state: _State, sent: SpacySpan,
                    actors: list[Party]) -> list[Party]:
        tok = trig.token
        holders = [tok] + ([trig.object_token] if trig.object_token is not None else [])
        holders += [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c not in holders]
        actor_keys = {(a.code, a.actor_key) for a in actors}
        for slot_name in trig.pattern.recipient:
            cands: list[Token] = []
            for h in holders:
                cands.extend(slot(h, slot_name, trig.object_token))
            for c in cands:
                if c.lower_ in RELATIVE and tok.dep_ == "relcl":
                    c = tok.head  # "Cyprus, which Turkey does not recognize"
                parties = [p for p in self._parties(c, table, state, sent, setting=False)
                           if (p.code, p.actor_key) not in actor_keys]
                if slot_name == "between":
                    parties = parties[1:] if len(parties) > 1 else []
                if not parties and slot_name != "between":
                    deep = self._deep_party(c, table, actor_keys)
                    parties = [deep] if deep is not None else []
                if not parties and slot_name in ("dobj", "agent") and c.lemma_.lower() in ACT_NOUNS \
                        and any(d.lower_ in ("the", "this", "that") for d in c.children):
                    parties = [p for p in state.previous_actors if (p.code, p.actor_key) not in actor_keys]
                if parties:
                    return parties
        return []


def _civilian(pattern: Pattern, actors: list[Party]) -> bool:
    """Whether the pattern's civilian reading applies: every actor is a civilian or an unnamed crowd."""
    return bool(pattern.civilian) and all(a.sector in CIVILIAN or (a.sector is None and a.actor_key is None)
                                          for a in actors)


def _dedupe(events: list[Event]) -> list[Event]:
    seen = set()
    out = []
    for e in events:
        key = (e.event, tuple(p.code for p in e.actor), tuple(p.code for p in e.recipient), e.sentence.start,
               e.negated, e.hypothetical)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
