"""Event stage: code PLOVER events from each sentence's syntax, using the actors already resolved.

A trigger (verb, predicate adjective or noun from the pattern file) gives the event type; the actor is its
subject (or passive agent, possessor, governing verb's subject), the recipient sits in the slots the pattern
names. Negated, hypothetical and framed clauses ("refused to sign", "might introduce") are kept apart as
unasserted events.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from dragoman.coding.registry import ActorTable
from dragoman.coding.clauses import (
    PASSIVE_SUBJECTS, SPEECH, SUBJECTS, announces_own_act, attitude_objects, complements, dated_in_year_before_story,
    elaborates, has_condition, has_particle, has_preposition, is_background, is_future, is_hypothetical, is_negated,
    lemmas, object_in, plural_referent, purpose_head, purpose_of_event, subject_of,
)
from dragoman.coding.event_rules import (
    ACTS_OFFERED, ADDRESSED, AGREEING_FRAMES, CIVIL_ACTS, CIVILIAN, CONFLICT, DEMAND_FRAMES, DEMAND_NOUNS,
    DOMESTIC_DEFAULT, HEARSAY_NOUNS, HOSTILE, OFFERING_VERBS, PLACE_TARGETED, PREPARING, PROPOSING, READINGS,
    REFUSABLE, RESTRICTIVE, SAID_AT_MEETINGS, SYMMETRIC, VOWING, read_anew,
)
from dragoman.knowledge.tables import Knowledge
from dragoman.coding.occasions import OccasionReader
from dragoman.coding.parties import ArticleState, PartyResolver, Trigger, fought_both_ways
from dragoman.coding.patterns import HAND_WRITTEN, Pattern, PatternBook
from dragoman.records import Event, Party, Span


THIRD_PERSON = frozenset({"he", "she", "they"})
NARRATOR = frozenset({"i", "me", "my", "myself"})


class EventCoder:
    """Codes events of one article at a time from a shared, read-only pattern book and knowledge."""

    def __init__(self, book: PatternBook, knowledge: Knowledge) -> None:
        self.book = book
        self.resolver = PartyResolver(knowledge)
        self.occasions = OccasionReader(self.resolver)

    def code(self, doc: Doc, table: ActorTable) -> list[Event]:
        state = ArticleState()
        events: list[Event] = []
        for sent in doc.sents:
            events.extend(self._code_sentence(sent, table, state))
        return _dedupe(events)

    # ---- triggers ------------------------------------------------------------------------------
    def _triggers(self, sent: SpacySpan) -> list[Trigger]:
        found: list[Trigger] = []
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
                        found.append(Trigger(tok, p, kind="adjective"))
                        used_objects.update(attitude_objects(tok))  # "opposed to French mediation"
                        break
        verb_types = {t.token.i: t.pattern.event for t in found if t.kind == "verb"}
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in used_objects and tok.ent_type_ not in ("PERSON", "GPE", "ORG"):
                trig = self._noun_trigger(tok)
                if trig is not None and not _acted_on(trig, verb_types):
                    found.append(trig)
        return found

    def _verb_trigger(self, tok: Token) -> Trigger | None:
        lemma = next((v for v in lemmas(tok) if v in self.book.by_verb), "")
        offered = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in ACTS_OFFERED), None) \
            if lemma in OFFERING_VERBS else None
        for pattern, particle in self.book.by_verb.get(lemma, ()):
            if particle is not None and not has_particle(tok, particle):
                continue
            if offered is not None and pattern.event == "AGREE":
                # "offered an apology" is the apology, "offered condolences" the condolences of a later pattern
                act = next(iter(self.book.by_noun.get(offered.lemma_.lower(), ())), None)
                if act is None:
                    continue
                return Trigger(tok, replace(pattern, id=act[0].id, event=act[0].event, mode=act[0].mode,
                                            cameo=act[0].cameo, frame=False), offered)
            if (particle in ("to", "in") or pattern.intransitive) and any(c.dep_ == "dobj" for c in tok.children):
                continue  # "flies fighters to Syria" is transport, not a visit; "assembled rifles" no meeting
            obj = None
            if pattern.objects:
                obj = object_in(tok, pattern.objects, pattern.preposition)
                shadow = self._noun_trigger(obj) if obj is not None and pattern.source != HAND_WRITTEN else None
                if obj is None or (shadow is not None and not shadow.pattern.verdict):
                    continue  # a hand-written noun ("made a visit") wins over a dictionary verb-object pattern
            elif pattern.preposition and not has_preposition(tok, pattern.preposition):
                continue
            if pattern.except_objects and object_in(tok, pattern.except_objects) is not None:
                return None  # "the troops met resistance", "sought office": another sense of the verb, no event
            return Trigger(tok, pattern, obj)
        return None

    def _noun_trigger(self, tok: Token) -> Trigger | None:
        lemma = tok.lemma_.lower()
        for pattern, words in self.book.by_noun.get(lemma, ()):
            if len(words) > 1:
                before = [t.lower_ for t in tok.doc[max(tok.i - len(words) + 1, 0):tok.i]]
                if before != list(words[:-1]):
                    continue
            return Trigger(tok, pattern, kind="noun")
        return None

    # ---- one sentence --------------------------------------------------------------------------
    def _code_sentence(self, sent: SpacySpan, table: ActorTable, state: ArticleState) -> list[Event]:
        triggers = self._triggers(sent)
        framed: dict[int, tuple[Trigger, bool]] = {}  # complement verb index -> (frame, negating)
        for trig in triggers:
            if trig.pattern.frame:
                for comp in complements(trig.token):
                    framed[comp.i] = (trig, trig.pattern.negates)
        complement_types = {t.token.i: t.pattern.event for t in triggers}
        # only hand-written triggers make others elaborations or purposes: a dictionary verb ("used tear gas to
        # disperse") must not turn a hand-written event hypothetical
        written = [t for t in triggers if t.pattern.source == HAND_WRITTEN]
        trigger_at = {t.token.i for t in written} | {t.object_token.i for t in written if t.object_token is not None}
        state.previous_actors = list(state.last_actors)
        out: list[Event] = self._must_requests(sent, table, state)
        addressed_to: dict[int, list[Party]] = {}  # trigger index -> its recipients, for the verbs conjoined to it
        for trig in triggers:
            tok = trig.token
            if (trig.pattern.silent_with_complement and complements(tok)) or elaborates(tok, trigger_at):
                continue
            if trig.pattern.verdict:
                out.extend(self._verdict(trig, sent, table, state))
                continue
            if asks_question(tok, sent):
                continue  # "Did the ministers help?": a question reports nothing done
            actors = [a for a in self.resolver.actors(trig, table, state, sent) if political(a, table)]
            if not actors or self._told_by_private_narrator(tok, table, state, sent):
                continue
            recipients = self.resolver.recipients(trig, table, state, sent, actors)
            if not recipients and self.resolver.private_recipient(trig, table, state, sent):
                continue
            if not recipients:
                recipients = self._spoken_for(tok, table, state, sent, actors)
            if trig.pattern.reverse:  # "Bangladesh received vaccines from India": the giver acts, the subject gets
                if not recipients:
                    continue
                actors, recipients = recipients, actors
            if tok.dep_ == "conj" and tok.head.i in addressed_to and _shares_recipient(trig, recipients, actors):
                recipients = addressed_to[tok.head.i]  # "met the ambassador and offered an apology": to him
            if recipients:
                addressed_to[tok.i] = recipients
            read = read_anew(READINGS, trig.pattern.event, tok, actors, table)
            if read == "":
                continue  # another sense of the word: "entered the country", "talked about his childhood"
            unable = _negated_ability(tok)  # "not brave enough to admit": no act, and no refusal either
            negated = is_negated(tok) or _nothing_done(tok) or unable
            hypothetical = is_hypothetical(tok, trig.pattern.event) or hearsay(tok) or _purpose_of_unreal(tok)
            if not hypothetical and tok.i not in framed and purpose_of_event(tok, trigger_at):
                meeting = self._meeting_for(trig, triggers)
                if meeting is None:
                    hypothetical = True
                elif not recipients or {r.code for r in recipients} <= {a.code for a in actors}:
                    recipients = self.resolver.recipients(meeting, table, state, sent, actors) or recipients
            frame = framed.get(tok.i)
            if frame is not None:
                if frame[1]:
                    negated = True
                elif frame[0].token.lemma_.lower() not in trig.pattern.done_when_framed_by \
                        or is_negated(frame[0].token) or is_hypothetical(frame[0].token):
                    hypothetical = True  # "agreed to buy a stake" is the deal itself: it stays asserted
            event_type, mode = (read, None) if read else (trig.pattern.event, trig.pattern.mode)
            if event_type == "ASSAULT" and _prepared(tok):
                event_type, mode = "MOBILIZE", "prepare to attack"  # "the army prepared to resume shelling"
            refused = frame is None or frame[0].pattern.silent_with_complement
            if negated and refused and not unable and event_type in REFUSABLE \
                    and (recipients or not _refuses_no_one(actors, table)):
                out.extend(self._events(trig, sent, actors, recipients, table, "REJECT",
                                        f"refuse to {event_type.lower()}", False, hypothetical))
            conditional = has_condition(tok) or (not negated and announces_own_act(tok))
            if hypothetical and conditional and frame is None and trig.pattern.event in CONFLICT:
                hypothetical = False  # "may halt mediation if cooperation founders", "says it may expel them"
                event_type, mode = "THREATEN", f"threaten to {trig.pattern.event.lower()}"
                out.extend(self._events(trig, sent, actors, recipients, table, event_type, mode, negated, False))
                continue
            if (conditional or is_future(tok)) and event_type not in ("AGREE", "THREATEN", "REQUEST") \
                    and not hypothetical:
                if event_type in CONFLICT or has_condition(tok, ("unless",)):  # "will withdraw unless ...": a threat
                    event_type, mode = "THREATEN", f"threaten to {trig.pattern.event.lower()}"
                else:
                    event_type, mode = "AGREE", f"intent to {trig.pattern.event.lower()}"
            elif event_type == "AGREE" and trig.pattern.frame and tok.lemma_.lower() not in AGREEING_FRAMES and \
                    any(complement_types.get(c.i) in CONFLICT for c in complements(tok)):
                event_type, mode = "THREATEN", None  # "ready to impose martial law"
            if trig.pattern.admission and not negated:
                admitted = self._admitted(trig, triggers, actors, table, state, sent)
                if admitted is False:
                    continue  # "acknowledged that the rebels had shelled the town": a statement, not praise
                if admitted is not None:
                    event_type, mode, recipients = trig.pattern.admission, "admit", admitted
            if event_type not in CIVIL_ACTS:  # "the people in our community discussed it": private life
                actors = [a for a in actors if a.sector != "CVL" or a.actor_key is not None]
                if not actors:
                    continue
            mode = self._mode(trig) or mode
            coded = self._events(trig, sent, actors, recipients, table, event_type, mode, negated, hypothetical)
            coded += self._backed(trig, coded, actors, table, state, sent)
            if is_background(tok) or (trig.kind == "noun" and _in_described_clause(tok)) \
                    or dated_in_year_before_story(tok):  # "the war in 1994": history, as a dated clause is
                for e in coded:
                    e.background = True
            out.extend(coded)
            if not negated and not hypothetical:
                sides = {p.code: p for p in (*actors, *recipients) if p.code and p.code not in ("IGO", "NGO", "MNC")}
                if event_type in HOSTILE and len(sides) > 1:
                    state.last_fight = list(sides.values())
                if len(sides) == 2:
                    state.last_pair = list(sides.values())
                state.last_actors = actors
                if len({a.code for a in actors}) > 1:
                    state.last_group = actors
                if len(actors) > 1 or plural_referent(actors[0]):
                    state.last_plural = actors
        out.extend(self._joint_appearances(sent, table, state))
        out.extend(self._summit_visits(sent, table, state))
        return out

    def _summit_visits(self, sent: SpacySpan, table: ActorTable, state: ArticleState) -> list[Event]:
        """"At the AU summit in Niamey, the Egyptian president said ...": who attends a summit visits its host."""
        guests, host, summit = self.occasions.summit_guests(sent, table, state)
        meeting = next((p for p, _ in self.book.by_noun.get(summit.lemma_.lower(), ())), None) if summit else None
        guests = [g for g in guests if host is not None and g.code and g.code != host.code]
        if not guests or meeting is None or host is None:
            return []
        return self._events(Trigger(summit, meeting, kind="noun"), sent, guests, [host], table, "CONSULT", "visit",
                            False, False)

    def _joint_appearances(self, sent: SpacySpan, table: ActorTable, state: ArticleState) -> list[Event]:
        """"Said at a joint press conference with Macron": who appears together meets
        (OccasionReader.joint_appearance)."""
        meeting = next((p for p, _ in self.book.by_noun.get("meeting", ())), None)
        out: list[Event] = []
        for tok in sent if meeting is not None else ():
            actors, partners, verb = self.occasions.joint_appearance(tok, table, state, sent)
            if verb is not None and not (is_negated(verb) or is_hypothetical(verb) or is_future(verb)):
                out.extend(self._events(Trigger(tok, meeting, kind="noun"), sent, actors, partners, table, "CONSULT",
                                        "meet", False, False))
        return out

    def _backed(self, trig: Trigger, coded: list[Event], actors: list[Party], table: ActorTable,
                state: ArticleState, sent: SpacySpan) -> list[Event]:
        """The same act by the backers of its doer ("backed by Russian jets, Syrian troops attacked")."""
        codes = {a.code for a in actors}
        backers = [b for b in self.occasions.backers(trig, table, state, sent) if b.code not in codes]
        out = []
        for e in coded if backers else []:
            own = [b for b in backers if b.code not in {r.code for r in e.recipient}]
            if own and e.event == trig.pattern.event:
                out.append(replace(e, actor=own))
        return out

    def _told_by_private_narrator(self, tok: Token, table: ActorTable, state: ArticleState,
                                  sent: SpacySpan) -> bool:
        """"And my parents did not shy away from it, they accepted my decision": an act of a "he", "she" or
        "they" in a sentence told by an "I" no political speaker stands behind (an interview, a memoir) is the
        narrator's private life, whoever the pronoun is taken to point back to."""
        head = tok
        while head.dep_ in ("xcomp", "acomp") and head.head is not head:
            head = head.head  # "they are ready to help": the subject of the frame
        subject = subject_of(head)
        if subject is None or subject.lower_ not in THIRD_PERSON:
            return False
        return any(t.lower_ in NARRATOR and not self.resolver.parties(t, table, state, sent, setting=False)
                   for t in sent)

    def _spoken_for(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan,
                    actors: list[Party]) -> list[Party]:
        """""Russia helped us rebuild," the Syrian minister said: an "us" or "me" the act is done to, that a
        political speaker stands behind, is the speaker's side."""
        words = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
        words += [g for c in tok.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]
        codes = {a.code for a in actors}
        for word in words:
            if word.lower_ in ("us", "me"):
                found = [p for p in self.resolver.parties(word, table, state, sent, setting=False)
                         if p.code and p.code not in codes]
                if found:
                    return found
        return []

    @staticmethod
    def _meeting_for(trig: Trigger, triggers: list[Trigger]) -> Trigger | None:
        """"Met Singh to appeal for investment", "visited Kyiv to express support": what is said is the purpose
        of a meeting, said at it to the one met. The meeting trigger, when the purpose is such a verbal act."""
        if trig.pattern.event not in SAID_AT_MEETINGS:
            return None
        head = purpose_head(trig.token)
        return next((t for t in triggers if head is not None and t.token.i == head.i
                     and t.pattern.event == "CONSULT" and not is_hypothetical(t.token)), None)

    def _admitted(self, trig: Trigger, triggers: list[Trigger], actors: list[Party], table: ActorTable,
                  state: ArticleState, sent: SpacySpan) -> list[Party] | bool | None:
        """"Acknowledged that its jets had hit the convoy": a hostile act in the complement clause, done by the
        actor's side or by no one named, is owned up to, not praised: returns that act's recipients. False when
        the hostile act is another's, None when the complement reports none."""
        codes = {a.code for a in actors}
        for comp in (c for c in trig.token.children if c.dep_ == "ccomp"):
            inner = next((t for t in triggers if t.token.i == comp.i and t.pattern.event in CONFLICT), None)
            if inner is None:
                continue
            doers = self.resolver.actors(inner, table, state, sent)
            if doers and not codes & {d.code for d in doers}:
                return False
            recipients = self.resolver.recipients(inner, table, state, sent, doers or actors)
            return [r for r in recipients if r.code not in codes]
        return None

    def _verdict(self, trig: Trigger, sent: SpacySpan, table: ActorTable, state: ArticleState) -> list[Event]:
        """"Turkey said the raid was justified": the speaker judges the act of whoever did it. Nothing without a
        speaker ("Turkey justified its claim" is self-justification, not support)."""
        tok = trig.token
        clause = tok.head if tok.dep_ in ("acomp", "oprd", "attr") else tok  # "was unjustified", "was a betrayal"
        judged = next((c for c in clause.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS), None)
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH | DEMAND_FRAMES:
            return []
        speaker = subject_of(clause.head)
        if speaker is None or judged is None:
            return []
        actors = self.resolver.parties(speaker, table, state, sent)
        keys = {(a.code, a.actor_key) for a in actors}
        recipients = [p for p in self.resolver.parties(judged, table, state, sent, setting=False)
                      if (p.code, p.actor_key) not in keys]
        if not actors or not recipients:
            return []
        return self._events(trig, sent, actors, recipients, table, trig.pattern.event, trig.pattern.mode,
                            is_negated(tok) or is_negated(clause), is_hypothetical(clause.head))

    def _must_requests(self, sent: SpacySpan, table: ActorTable, state: ArticleState) -> list[Event]:
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
            actors = self.resolver.parties(speaker_tok, table, state, sent)
            recipients = [p for p in self.resolver.parties(subject, table, state, sent, setting=False)
                          if (p.code, p.actor_key) not in {(a.code, a.actor_key) for a in actors}]
            if not actors or not recipients:
                continue
            info = self.book.types["REQUEST"]
            out.append(Event(event="REQUEST", actor=actors, recipient=recipients,
                             sentence=Span(sent.start_char, sent.end_char, sent.text),
                             trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text), pattern="request.must",
                             mode="demand", cameo="100", quad_class=info.quad, score=info.score, confidence=0.5))
        return out

    def _events(self, trig: Trigger, sent: SpacySpan, actors: list[Party], recipients: list[Party],
                table: ActorTable, event_type: str, mode: str | None, negated: bool, hypothetical: bool) -> list[Event]:
        pairs: list[tuple[list[Party], list[Party]]] = []
        if trig.pattern.alone and not recipients and len({a.code for a in actors}) == 1:
            event_type, mode = trig.pattern.alone, None  # "China staged drills near Taiwan": no partner, a show of force
        joint = event_type in SYMMETRIC or trig.pattern.mutual
        if not recipients and len(actors) > 1 and joint:
            for i, a in enumerate(actors):
                for b in actors[i + 1:]:
                    if a.code != b.code:
                        pairs.append(([a], [b]))
        both_ways = trig.pattern.reciprocal or _said_after(trig.token, trig.pattern.reciprocal_when) \
            or fought_both_ways(trig.token, trig.pattern)
        if both_ways and not recipients and len(actors) > 1:  # "troops of A and B clashed": each against the other
            pairs = [([a], [b]) for a in actors for b in actors if a.code != b.code]
        if not pairs:
            if not recipients:  # civilians gathering protest at home, where a meeting would have no recipient
                done = trig.pattern.civilian if _civilian(trig.pattern, actors, trig.token) else event_type
                recipients = self._fallback_recipient(done, actors, table, sent,
                                                      trig.token.lemma_.lower() if trig.kind == "verb" else "")
                if not recipients and (done in ADDRESSED or _vow_or_proposal(trig, done)) \
                        and not hypothetical and not negated:
                    return []  # "has supported LGBT rights", "vowed to protect": an opinion or a vow, no one addressed
            if event_type == "CONSULT" and any(parties and all(p.sector == "MED" for p in parties)
                                               for parties in (recipients, actors)):
                return []  # "spoke to the BBC", "the BBC spoke to him": an interview, not a meeting
            hosts = {r.code for r in recipients}  # the host of guests named with it is the recipient, not an actor
            guests = [a for a in actors if a.code not in hosts]
            pairs = [(guests if guests and len(guests) < len(actors) else actors, recipients)]
            if both_ways and recipients and {r.code for r in recipients} != {a.code for a in actors}:
                pairs.append((recipients, pairs[0][0]))  # "A clashed with B", "freed X in exchange for Y"
        events = []
        for acts, recs in pairs:
            etype = event_type
            pattern = trig.pattern
            if pattern.domestic and recs and all(r.code == acts[0].code for r in recs) and etype == pattern.event:
                etype = pattern.domestic
            if _civilian(pattern, acts, trig.token) and event_type == pattern.event:
                etype = pattern.civilian  # "paper workers blocked the bridge"; "said they would blockade" stays a threat
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
        if event_type == "SANCTION" and verb in RESTRICTIVE:
            return [Party(code=code, sector=None)]  # "Iran banned the players": a ban names whom it binds, else home
        if table.setting and table.setting != code:
            return [Party(code=table.setting, sector="GOV")]
        if event_type in DOMESTIC_DEFAULT or (event_type == "SANCTION" and verb in RESTRICTIVE):
            return [Party(code=code, sector=None)]  # "Authorities banned vehicle entry": done at home
        return []

    def _mode(self, trig: Trigger) -> str | None:
        for tok in (trig.object_token, trig.token):
            if tok is None:
                continue
            for c in tok.children:
                if c.dep_ in ("amod", "compound") and c.lemma_.lower() in self.book.mode_words:
                    return self.book.mode_words[c.lemma_.lower()]
        return None



def political(party: Party, table: ActorTable) -> bool:
    """Whether a party can act in the PLOVER sense: a country, people, organisation or sector noun, or a person
    with a role, a sector or a country the text gives. A person with none of these, coded only by the story's
    setting ("Walker, who lives in Ohio", "she" in a memoir), is a private person whose acts are not events."""
    if party.actor_key is None:
        return True
    actor = next((a for a in table.actors if a.key == party.actor_key), None)
    if actor is None or actor.kind not in ("person", "name"):
        return True
    return bool(actor.sector or actor.role or party.sector) or not actor.source.endswith("+setting")


def _vow_or_proposal(trig: Trigger, event_type: str) -> bool:
    """An AGREE that is a proposal ("proposed a public option") or the vow of a deed ("vowed to protect the
    coverage"), not of a thing ("pledged $350 million"): with no one it is made to, a position, not an offer."""
    if event_type != "AGREE":
        return False
    if trig.pattern.event != "AGREE":
        return True  # "said he would sign the renewal": an act announced to no one, a promise
    tok = trig.token
    lemma = tok.lemma_.lower()
    if lemma in PROPOSING:
        return True
    if lemma not in VOWING:
        return False
    if trig.kind == "noun":  # "a pledge to pick a woman" vows a deed, "a pledge of $40 million" a thing
        return bool(complements(tok))
    return not any(c.dep_ == "dobj" for c in tok.children)


def _refuses_no_one(actors: list[Party], table: ActorTable) -> bool:
    """"Did not support voting twice": a negated act with no recipient in the sentence, by one country in its own
    story, refuses no one; it is an opinion. Actors of two countries refuse each other ("failed to reach
    agreement"), and a foreign actor refuses the country the story is set in."""
    codes = {a.code for a in actors}
    return len(codes) == 1 and (not table.setting or table.setting in codes)


def _nothing_done(tok: Token) -> bool:
    """"They have conceded nothing": an object that denies the act negates it."""
    return any(c.dep_ == "dobj" and c.lower_ in ("nothing", "none") for c in tok.children)


def asks_question(tok: Token, sent: SpacySpan) -> bool:
    """Whether the trigger's clause ends in a question mark ("Did they help?", "Will Iran sign?")."""
    for t in sent[tok.i - sent.start + 1:]:
        if t.text in ("?", ".", "!", ";"):
            return t.text == "?"
    return False


def _in_described_clause(noun: Token) -> bool:
    """A noun trigger in a relative clause that describes another noun ("Madagascar, which was placed under
    sanctions after the coup") is the backdrop, as a verb trigger there is (clauses.is_background)."""
    head = noun
    for _ in range(4):
        if head.dep_ not in ("pobj", "prep", "dobj", "attr", "nsubjpass"):
            break
        head = head.head
    return head.i != noun.i and head.pos_ in ("VERB", "AUX") and is_background(head)


def _purpose_of_unreal(tok: Token) -> bool:
    """"Must ensure security to allow supplies in": the purpose of an act that is itself only asked for or
    possible is not done."""
    head = purpose_head(tok)
    return head is not None and head.pos_ in ("VERB", "AUX") and is_hypothetical(head)


def _prepared(tok: Token) -> bool:
    """Whether a verb of preparing governs the act ("prepared to resume shelling", "braced to attack")."""
    head = tok
    for _ in range(3):
        if head.dep_ not in ("xcomp", "pcomp", "pobj", "prep") or head.head is head:
            return False
        head = head.head
        if head.lemma_.lower() in PREPARING:
            return True
    return False


def _negated_ability(tok: Token) -> bool:
    """"Was not brave enough to admit the truth", "is not able to pay": the act an adjective governs is negated
    with it."""
    if tok.dep_ != "xcomp" or tok.head.pos_ != "ADJ":
        return False
    return is_negated(tok.head) or (tok.head.dep_ == "acomp" and is_negated(tok.head.head))


def _acted_on(trig: Trigger, verb_types: dict[int, str]) -> bool:
    """Whether a noun trigger is the object of a verb trigger that codes it: of the same type ("would impose a
    sanction" is the imposing, with its modality) or a rejection ("called the allegations groundless": the
    allegations are another's, not the rejecter's)."""
    tok = trig.token
    if tok.dep_ != "dobj" or tok.head.i not in verb_types:
        return False
    return verb_types[tok.head.i] in (trig.pattern.event, "REJECT")


def _shares_recipient(trig: Trigger, recipients: list[Party], actors: list[Party]) -> bool:
    """Whether a verb conjoined to another takes that verb's recipient: it has none of its own but the actor's
    country (the place it happens) and no object of its own ("kidnapped advisers and exploded bombs" does not)."""
    if not {r.code for r in recipients} <= {a.code for a in actors}:
        return False
    own_object = trig.object_token.i if trig.object_token is not None else None
    return not any(c.dep_ == "dobj" and c.i != own_object for c in trig.token.children)


def hearsay(tok: Token) -> bool:
    """Whether the trigger is what a fear, claim or idea is about ("the notion that the US is going to invade",
    "fears of a US attack"): a HEARSAY_NOUNS noun governs its clause or its "of" phrase; or what a demand asks
    for ("pressure for their withdrawal")."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in HEARSAY_NOUNS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.pos_ == "NOUN" and \
            tok.head.head.lemma_.lower() in DEMAND_NOUNS:
        return True  # "pressure for their withdrawal": asked for, not done
    head = tok
    for _ in range(4):
        if head.dep_ in ("acl", "ccomp") and head.head.pos_ == "NOUN":
            return head.head.lemma_.lower() in HEARSAY_NOUNS
        if head.dep_ not in ("xcomp", "acomp", "conj", "ccomp", "acl") or head.head is head:
            return False
        head = head.head
    return False


def _said_after(tok: Token, phrases: tuple[str, ...]) -> bool:
    """Whether one of the phrases follows the trigger in its clause ("handed over 20 soldiers in exchange for 12")."""
    if not phrases:
        return False
    text = " ".join(t.lower_ for t in tok.subtree if t.i > tok.i)
    return any(p in text for p in phrases)


def _civilian(pattern: Pattern, actors: list[Party], trigger: Token) -> bool:
    """Whether the pattern's civilian reading applies: every actor is a civilian or an unnamed crowd. A country's
    adjective on the trigger itself is the country, not a crowd ("the Chilean sanctions")."""
    adjectives = {c.text for c in trigger.children if c.dep_ in ("amod", "compound", "nmod") and c.i < trigger.i}
    return bool(pattern.civilian) and all(
        a.sector in CIVILIAN or (a.sector is None and a.actor_key is None and a.text not in adjectives)
        for a in actors)


def _dedupe(events: list[Event]) -> list[Event]:
    seen = set()
    out = []
    for e in events:
        key = (e.event, tuple(p.code for p in e.actor), tuple(p.code for p in e.recipient), e.sentence.start,
               e.negated, e.hypothetical, e.background)  # "X, who arrived on Monday, met Y": the meeting is news
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
