"""Who the actor and the recipient of an event trigger are: kept apart from the event coder (events.py), which
decides what happened, so each stays small enough to read in one sitting.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan, Token

from dragoman.coding.registry import ActorTable, TokenActor
from dragoman.coding.clauses import (
    FIRST_PERSON, SUBJECTS, THIRD_PLURAL, THIRD_SINGULAR, coded_mention, conjuncts, conjuncts_any, definite_antecedent,
    is_passive, lemmas, listed_people, phrase, prep_object, reporting_subject, slot, subject_of,
)
from dragoman.knowledge.tables import Knowledge, SectorWord
from dragoman.coding.patterns import Pattern
from dragoman.coding.referents import ArticleState, ReferentFinder
from dragoman.records import Party
from dragoman.knowledge.words import word_lists

PARTY_WORDS = "parties.toml"
_WORDS = word_lists(PARTY_WORDS, ("light_verbs", "partitives", "group_nouns", "act_nouns", "membership_verbs",
                                  "membership_prepositions", "country_nouns", "backing_verbs", "mutual_nouns",
                                  "border_nouns", "border_verbs", "appearance_nouns", "fear_nouns",
                                  "summit_nouns", "receiving_verbs", "expulsion_verbs", "body_nouns"))
COUNTRY_NOUNS = _WORDS["country_nouns"]
BACKING_VERBS = _WORDS["backing_verbs"]
APPEARANCE_NOUNS = _WORDS["appearance_nouns"]
FEAR_NOUNS = _WORDS["fear_nouns"]
SUMMIT_NOUNS = _WORDS["summit_nouns"]
EXPULSION_VERBS = _WORDS["expulsion_verbs"]
BODY_NOUNS = _WORDS["body_nouns"]
MUTUAL_NOUNS = _WORDS["mutual_nouns"]
BORDER_NOUNS = _WORDS["border_nouns"]
BORDER_VERBS = _WORDS["border_verbs"]
# acts in which the backers of the doer take part ("backed by Russian jets, the army attacked")
BACKED_EVENTS = {"ASSAULT", "MOBILIZE", "COERCE"}
LIGHT_VERBS = _WORDS["light_verbs"]
RECEIVING_VERBS = _WORDS["receiving_verbs"]
MEETING_CARRIERS = LIGHT_VERBS | RECEIVING_VERBS  # "held talks", "received a call from"
RELATIVE = {"who", "which", "that", "whom"}
PARTITIVES = _WORDS["partitives"]
GROUP_NOUNS = _WORDS["group_nouns"]
ACT_NOUNS = _WORDS["act_nouns"]
MEMBERSHIP_VERBS = _WORDS["membership_verbs"]
MEMBERSHIP_PREPS = _WORDS["membership_prepositions"]
# conflict acts whose target, when no slot names a recipient, belongs to someone: "entered Japanese waters"
OWNED_TARGET_EVENTS = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION"}
PRIVATE_PRONOUNS = {"me", "us", "you", "myself", "ourselves", "yourself"}
PRIVATE_POSSESSIVES = {"my", "your", "our"}
COLLECTIVE_SECTORS = {"GOV", "COP", "MIL", "LEG", "JUD", "CVL", "OPP", "REB", "SPY", "EDU", "REL", "LAB", "REF",
                      "MED"}


@dataclass
class Trigger:
    """A pattern matched in a sentence: the word that triggers an event and the pattern it matched."""

    token: Token
    pattern: Pattern
    object_token: Token | None = None  # the light verb's object noun ("provides ... assistance")
    kind: str = "verb"  # verb | adjective | noun


class PartyResolver(ReferentFinder):
    """Finds the parties of triggers from shared, read-only knowledge; what it remembers of an article lives in
    the ArticleState the caller passes in."""

    country_nouns = COUNTRY_NOUNS
    group_nouns = GROUP_NOUNS

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    # ---- actors ----------------------------------------------------------------------------------
    def actors(self, trig: Trigger, table: ActorTable, state: ArticleState, sent: SpacySpan) -> list[Party]:
        tok = trig.token
        if trig.kind == "noun":
            return self._noun_actor(tok, trig.pattern, table, state, sent)
        agent = prep_object(tok, "by", dep="agent")
        if is_passive(tok) or _reduced_passive(tok):  # "when asked about the payments": not the asker
            if agent is not None:
                return self.parties(agent, table, state, sent)
            body = prep_object(tok, "from") if tok.lemma_.lower() in EXPULSION_VERBS else None
            bodies = self.parties(body, table, state, sent, setting=False) if body is not None else []
            if bodies and all(p.code in ("IGO", "NGO") for p in bodies):  # "was suspended from the Commonwealth"
                return bodies
            if trig.kind == "verb" and tok.lemma_.lower() in trig.pattern.authority_verbs:
                return self._authorities(tok, table, sent)  # "two reporters were arrested in Cairo"
            signed = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if signed is not None and trig.pattern.event in ("SUPPORT", "AGREE", "COOPERATE"):
                pair = _hyphen_pair(signed, table)  # "a US-China trade deal was signed": by both
                if pair:
                    return pair
            if trig.kind == "verb" and trig.pattern.event == "MOBILIZE":  # "Ethiopian troops were deployed": by
                moved = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)  # their own state, else
                own = self.parties(moved, table, state, sent, setting=False) if moved is not None else []
                bare = moved is not None and not any(c.dep_ == "poss" for c in moved.children)  # no "country's"
                return own or self._authorities(tok, table, sent, use_setting=bare)  # by the state it is in
            return []
        head = tok
        for _ in range(4):
            subjects = [c for c in head.children if c.dep_ in SUBJECTS]
            if subjects:
                if subjects[0].lower_ in RELATIVE and head.dep_ == "relcl":
                    return self.parties(head.head, table, state, sent)
                found: list[Party] = []
                for subj in subjects:
                    found.extend(p for p in self.parties(subj, table, state, sent) if p not in found)
                return found
            if head.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp", "acomp") and head.head is not head:
                head = head.head
                continue
            if head.dep_ in ("relcl", "acl") and head.head is not head:
                noun = head.head
                found = self.parties(noun, table, state, sent)
                if found or noun.dep_ not in ("dobj", "pobj", "attr") or noun.head.pos_ not in ("VERB", "AUX"):
                    return found
                head = noun.head  # "issued a declaration demanding ...": the issuer
                continue
            break
        return []

    @staticmethod
    def _authorities(tok: Token, table: ActorTable, sent: SpacySpan, use_setting: bool = True) -> list[Party]:
        """The state where a doerless act only a state does happens: the place its clause or sentence names
        ("were deported from Egypt", "a missionary from Calgary was arrested in Lebanon"), else the setting."""
        own = [t for t in tok.subtree
               if t.dep_ == "pobj" and t.head.head is tok and t.head.lower_ in ("in", "at", "from")]
        for t in own + [t for t in sent if t.dep_ == "pobj" and t.head.lower_ in ("in", "at")]:
            located = table.at(t.i)
            if located is not None and located.code and located.kind in ("location", "country") \
                    and located.code not in ("IGO", "NGO", "MNC"):
                return [Party(code=located.code, sector="GOV", text=t.text)]
        return [Party(code=table.setting, sector="GOV")] if table.setting and use_setting else []

    def _noun_actor(self, noun: Token, pattern: Pattern, table: ActorTable, state: ArticleState,
                    sent: SpacySpan) -> list[Party]:
        """"Putin's visit", "Russian withdrawal", "talks by ...", or the subject of the light verb over the noun."""
        if pattern.mutual or pattern.event in ("CONSULT", "AGREE", "COOPERATE") or fought_both_ways(noun, pattern):
            pair = _hyphen_pair(noun, table)
            if pair:  # "US-North Korea talks", "India-Pakistan clashes": both sides act
                return pair
        for c in noun.children:
            if c.dep_ == "poss":
                found = self.parties(c, table, state, sent)
                if found:
                    return found
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i:
                located = table.at(c.i)
                if located is not None and located.kind == "adjective" and located.code:
                    return [Party(code=located.code, text=c.text)]  # "Palestinian riots"
                found = self.parties(c, table, state, sent)
                if found:
                    return found
        by = prep_object(noun, "by")
        if by is None:  # "a pledge made by Japan", "aid provided by the EU": the agent of the describing participle
            by = next((a for c in noun.children if c.dep_ == "acl"
                       for a in [prep_object(c, "by", dep="agent")] if a is not None), None)
        if by is not None:
            return self.parties(by, table, state, sent)
        if pattern.of_is_actor:
            of = prep_object(noun, "of")
            found = self.parties(of, table, state, sent) if of is not None else []
            if found:
                return found
        between = prep_object(noun, "between")
        if between is not None:  # the first side acts, the others are the recipients; in fighting, all act
            sides = self.parties(between, table, state, sent)
            return sides if fought_both_ways(noun, pattern) else sides[:1]
        if fought_both_ways(noun, pattern):  # "two days of clashes along the border separating A and B"
            sides = self._border_sides(sent, table)
            if sides:
                return sides
        head = noun.head
        with_partner = head.lower_ in ("in", "during", "at") and prep_object(noun, "with") is not None
        if noun.dep_ == "pobj" and (head.lower_ == "for" or with_partner) and head.head.pos_ == "VERB" \
                and pattern.event == "CONSULT":
            head, noun = head.head, head  # "negotiators return to Geneva for talks"; "in a call with X, Y said"
            subj = next((c for c in head.children if c.dep_ in SUBJECTS), None)
            return self.parties(subj, table, state, sent) if subj is not None else []
        carriers = MEETING_CARRIERS if pattern.event == "CONSULT" else LIGHT_VERBS
        if noun.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX") and carriers.intersection(lemmas(head)):
            subj = subject_of(head)  # "declared an emergency and ordered the deployment of troops": the first verb's
            if subj is not None:
                return self.parties(subj, table, state, sent)
        return []

    def _border_sides(self, sent: SpacySpan, table: ActorTable) -> list[Party]:
        """The two countries a border of the sentence lies between: "the border between India and Pakistan",
        "the border separating Thailand and Cambodia", "the Thai-Cambodian border"."""
        for tok in sent:
            if tok.lemma_.lower() not in BORDER_NOUNS or tok.pos_ != "NOUN":
                continue
            named = [table.at(i) for i in range(tok.left_edge.i, tok.i)]
            listed = prep_object(tok, "between")
            for c in tok.children:
                if c.dep_ == "acl" and c.lemma_.lower() in BORDER_VERBS:
                    listed = next((d for d in c.children if d.dep_ == "dobj"), listed)
            if listed is not None:
                named += [coded_mention(t, table) for t in (listed, *conjuncts(listed))]
            sides: list[Party] = []
            for m in named:
                if m is not None and m.code and m.code not in ("IGO", "NGO", "MNC") \
                        and all(m.code != p.code for p in sides):
                    sides.append(Party(code=m.code, text=tok.doc[m.start:m.end].text))
            if len(sides) == 2:
                return sides
        return []

    def parties(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan,
                setting: bool = True) -> list[Party]:
        """The actor a noun phrase names, plus those of its conjuncts ("Turkey and Libya")."""
        bound = self._bound_possessor(tok, table, state, sent)
        if bound is not None:
            return [bound]
        group = self._group(tok, state, table)
        if group:
            return group
        # "Ecuador, Venezuela and Nicaragua said they had cut relations": "they" is all three, not the first
        reporter = reporting_subject(tok) if tok.lower_ in ("they", "we") else None
        if reporter is not None and reporter is not tok:
            found = self.parties(reporter, table, state, sent, setting)
            if found:
                return found
        out: list[Party] = []
        people = listed_people(tok, table) or self._members(tok, table)
        heads = people if people and table.at(tok.i) is None else [tok, *conjuncts(tok), *people]
        for t in heads:
            p = self._party(t, table, state, sent, setting)
            if p is not None and all(p.code != q.code or p.actor_key != q.actor_key for q in out):
                out.append(p)
            if p is not None and table.at(t.i) is None:
                out.extend(q for q in self._conjoined_modifiers(t, p, table) if q not in out)
                out.extend(q for q in self._conjoined_holders(t, p, table) if all(q.code != o.code for o in out))
                out.extend(q for q in self._origins(t, p, table, state) if q not in out)
        return out

    def _origins(self, tok: Token, first: Party, table: ActorTable, state: ArticleState) -> list[Party]:
        """"Troops from India and China", "soldiers from the two countries": one party per country they come
        from, with the sector of the noun."""
        origin = prep_object(tok, "from")
        if origin is None or self._sector_word(tok) is None:
            return []
        named = self._group(origin, state, table) or [
            Party(code=m.code) for m in (table.at(c.i) for c in (origin, *conjuncts_any(origin)))
            if m is not None and m.code]
        if first.code not in {q.code for q in named}:
            return []  # "African Union forces from Sudan and Tanzania" are the Union's
        return [Party(code=q.code, sector=first.sector, text=phrase(tok)) for q in named if q.code != first.code]

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

    def _deep_party(self, tok: Token, table: ActorTable, exclude: set) -> tuple[Party, Token] | None:
        """A recipient phrase with no code of its own: the first coded actor inside it ("refugees ... in Liberia"),
        and the token that names it."""
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
                                     actor_key=a.key, text=c.doc[located.start:located.end].text), c
                    if c.dep_ not in ("relcl", "ccomp", "advcl", "punct"):
                        nxt.append(c)
            frontier, depth = nxt, depth + 1
        return None

    def _party(self, tok: Token, table: ActorTable, state: ArticleState, sent: SpacySpan,
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
            found = self._party(of, table, state, sent, setting) if of is not None else None
            if found is not None:
                return found  # else "Tamil members of parliament": the modifier, with the "of" phrase's sector
        sector_word = self._sector_word(tok)
        sector = sector_word.sector if sector_word else None
        holder = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
        if holder is not None and sector_word is not None:  # "his government", "her ministry": the person's state
            person = self._pronoun(holder, table, state, sent)
            if person is not None and person.code:
                return Party(code=person.code, sector=sector, text=phrase(tok))
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in PRIVATE_POSSESSIVES), None)
        if owner is not None:
            speaker = self._pronoun(owner, table, state, sent)
            if speaker is None:
                return None  # "my family", "your neighbours": private people
            if sector_word is not None:  # "our government", said by a French minister
                return Party(code=speaker.code, sector=sector, text=phrase(tok))
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i:
                inner = table.at(c.i)
                if inner is not None and inner.code:
                    name = inner.actor.name if inner.actor.kind in ("person", "organization") else None
                    return Party(code=self._people_home(tok, inner, table), sector=sector or inner.sector, name=name,
                                 actor_key=inner.actor.key, text=phrase(tok))
                bound = self._bound_possessor(c, table, state, sent) if sector_word is not None else None
                if bound is not None:  # "Iran said its forces ..."
                    return Party(code=bound.code, sector=sector, actor_key=bound.actor_key, text=phrase(tok))
        for c in tok.children:  # "Chinese coast guard ships": the nationality of a compound modifier
            if c.dep_ == "compound" and c.i < tok.i and table.at(c.i) is None:
                for g in c.subtree:
                    inner = table.at(g.i) if g.i < c.i and g.dep_ in ("amod", "compound") else None
                    if inner is not None and inner.code and inner.kind in ("adjective", "country"):
                        inner_sector = self._sector_word(c)
                        return Party(code=inner.code, sector=sector or (inner_sector.sector if inner_sector else None),
                                     text=phrase(tok))
        if tok.pos_ in ("NOUN", "PROPN"):
            for word in ("of", "in", "from", "for"):
                if word == "for" and (sector_word is None or not sector_word.title):
                    continue  # "a spokesman for Hamas" speaks for it; "a fund for Hamas" is not Hamas
                obj = self._holder_object(tok, word, table)
                inner = coded_mention(obj, table) if obj is not None else None
                if word == "for" and inner is not None and inner.actor.kind not in ("organization", "person"):
                    continue  # "the UN envoy for Syria" does not act for Syria
                if inner is not None and inner.code and (word != "of" or sector_word is not None
                                                         or tok.lemma_.lower() in ("member", "leader", "supporter", "follower")):
                    return Party(code=inner.code, sector=sector or inner.sector, actor_key=inner.actor.key,
                                 text=phrase(tok))
        of_body = prep_object(tok, "of")
        if self._igo_described(tok):  # "the regional bloc"
            return Party(code="IGO", sector="GOV", text=phrase(tok))
        if of_body is not None and self._igo_described(of_body):  # "the president of a regional commission"
            return Party(code="IGO", sector=sector or "GOV", text=phrase(tok))
        referent = self._country_referent(tok, table, state, sent)
        if referent is not None:  # "the minister said the country had reached a deal"
            return referent
        antecedent = definite_antecedent(tok, table) or _last_body(tok, table)
        if antecedent is not None:  # "the embassy" after "the US Embassy", "the organization" after "the OAS"
            a = antecedent.actor
            return Party(code=a.code, sector=a.sector, name=a.name, actor_key=a.key, text=phrase(tok))
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.children)
        earlier = table.earlier_nationality(tok) if not setting and definite and tok.tag_ == "NNS" else None
        if earlier is not None:  # a recipient: "the sailors" after "15 British sailors"
            return Party(code=earlier.code, sector=sector, text=phrase(tok))
        tag = common_noun_tag(tok)
        if setting and sector_word is not None and (not sector_word.title or tag == "NNS") and table.setting \
                and tok.dep_ in ("nsubj", "nsubjpass", "pobj", "conj", "ROOT") \
                and tok.dep_ not in ("amod", "compound", "nmod", "poss") and tag in ("NNS", "NN") \
                and sector_word.sector in COLLECTIVE_SECTORS:
            return Party(code=table.setting, sector=sector, text=phrase(tok))
        return None

    def _people_home(self, tok: Token, people: TokenActor, table: ActorTable) -> str | None:
        """The country of a people spanning states (peoples.tsv) that modifies a noun: the one of theirs the noun
        or its verb places it in ("Kurdish fighters in northern Syria"), else the article's choice."""
        homes = self.knowledge.peoples.get(people.actor.name, ()) if people.actor.key.startswith("people:") else ()
        verb = tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else tok
        for where in (prep_object(tok, "in"), prep_object(verb, "in")) if homes else ():
            located = coded_mention(where, table) if where is not None else None
            if located is not None and located.code in homes:
                return located.code
        return people.code

    def _holder_object(self, tok: Token, word: str, table: ActorTable) -> Token | None:
        """The object of a noun's "of" or "from" phrase, past a title's own "of": "heads of state of the Rio
        Group" is held by the Rio Group, not by "state"."""
        obj = prep_object(tok, word)
        if word == "of" and obj is not None and coded_mention(obj, table) is None and \
                self.knowledge.sector_word(f"{tok.lemma_.lower()} of {obj.lower_}") is not None:
            return prep_object(obj, "of")
        return obj

    def _conjoined_holders(self, tok: Token, first: Party, table: ActorTable) -> list[Party]:
        """"The presidents of Colombia and Ecuador", "officials from Kenya and Uganda": a plural noun whose "of" or
        "from" phrase lists several countries or bodies stands for one party of each (of the same kind as the first:
        a parse that runs on into the next clause's named source is no list)."""
        if tok.tag_ not in ("NNS", "NNPS"):
            return []
        for word in ("of", "from"):
            obj = self._holder_object(tok, word, table)
            first_mention = coded_mention(obj, table) if obj is not None else None
            if first_mention is None or first_mention.code != first.code:
                continue
            found = []
            for other in conjuncts(obj):
                inner = coded_mention(other, table)
                if inner is not None and inner.code and inner.code != first.code and inner.kind == first_mention.kind:
                    found.append(Party(code=inner.code, sector=first.sector, text=phrase(tok)))
            return found
        return []

    def _sector_word(self, tok: Token) -> SectorWord | None:
        """The sector a noun gives, read with its "of" phrase first: "members of parliament" is LEG."""
        of = prep_object(tok, "of")
        if of is not None:
            for head in (tok.lemma_.lower(), tok.lower_):
                longer = self.knowledge.sector_word(f"{head} of {of.lower_}")
                if longer is not None:
                    return longer
        return self.knowledge.token_sector_word(tok.lemma_, tok.text)

    def _igo_described(self, tok: Token) -> bool:
        """Whether a noun with its modifiers describes an intergovernmental body (name_words.tsv, igo):
        "the regional bloc", "a regional commission"."""
        if tok.pos_ != "NOUN":
            return False
        words = [c.lower_ for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i]
        words.append(tok.lemma_.lower())
        return any(self.knowledge.descriptor_kind(" ".join(words[i:])) == "igo" for i in range(len(words)))

    def _members(self, tok: Token, table: ActorTable) -> list[Token]:
        """"a task force joined by France, Italy and Spain", "a coalition including A and B", "a force made up
        of A and B": the listed members of a group noun that has no code of its own."""
        if table.at(tok.i) is not None:
            return []
        for c in tok.children:
            first = None
            if c.dep_ == "prep" and c.lower_ in MEMBERSHIP_PREPS:
                first = prep_object(c.head, c.lower_)
            elif c.dep_ == "acl" and c.lemma_.lower() in MEMBERSHIP_VERBS:
                first = prep_object(c, "by", dep="agent") or prep_object(c, "of") or \
                    next((d for d in c.children if d.dep_ == "dobj"), None)
            if first is not None:
                listed = [first, *conjuncts(first)]
                if any(coded_mention(t, table) is not None for t in listed):
                    return listed
        return []

    # ---- recipients ------------------------------------------------------------------------------
    def private_recipient(self, trig: Trigger, table: ActorTable, state: ArticleState, sent: SpacySpan) -> bool:
        """Whether a recipient slot holds "me", "us" or "you" that no political speaker stands behind ("they
        helped me pack", "she asked me about my story"): an act between private people, not an event."""
        tok = trig.token
        holders = [tok] + ([trig.object_token] if trig.object_token is not None else [])
        words = [c for h in holders for name in trig.pattern.recipient for c in slot(h, name, trig.object_token)]
        words += [c for c in tok.children if c.dep_ in ("dobj", "dative")]
        words += [g for c in tok.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]
        return any(c.lower_ in PRIVATE_PRONOUNS and not self.parties(c, table, state, sent, setting=False)
                   for c in words)


    def recipients(self, trig: Trigger, table: ActorTable, state: ArticleState, sent: SpacySpan,
                   actors: list[Party]) -> list[Party]:
        tok = trig.token
        holders = [tok] + ([trig.object_token] if trig.object_token is not None else [])
        holders += [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c not in holders]
        actor_keys = {(a.code, a.actor_key) for a in actors}
        joint = trig.pattern.mutual or trig.pattern.event in ("CONSULT", "AGREE", "COOPERATE")
        for slot_name in trig.pattern.recipient:
            if slot_name == "place" and joint and len({a.code for a in actors}) > 1:
                continue  # "Russian and Ukrainian negotiators met in Istanbul": with each other, not with Turkey
            cands: list[Token] = []
            for h in holders:
                cands.extend(slot(h, slot_name, trig.object_token))
            for c in cands:
                if c.lower_ in RELATIVE and tok.dep_ == "relcl":
                    c = tok.head  # "Cyprus, which Turkey does not recognize"
                doer = _doer_named(c) if trig.pattern.event == "ACCUSE" and slot_name == "dobj" else None
                if doer is not None:  # "condemned the attack on Ukrainian ports by Russian forces": the attacker
                    found = [p for p in self.parties(doer, table, state, sent, setting=False)
                             if (p.code, p.actor_key) not in actor_keys]
                    if found:
                        return found
                parties = [p for p in self.parties(c, table, state, sent, setting=False)
                           if (p.code, p.actor_key) not in actor_keys]
                # "between": "talks between France and Germany" reach the side that is not the actor (filtered out
                # above), "mediation between Syria and Jordan" both sides
                if not parties and slot_name != "between":
                    deep = self._deep_party(c, table, actor_keys)
                    if deep is not None and joint and len({a.code for a in actors}) > 1 \
                            and (deep[0].actor_key or "").startswith("place:"):
                        deep = None  # "agreed to a future meeting on Crete": where they meet, not with whom
                    parties = [deep[0]] if deep is not None else []
                    # "chastised the West, particularly Britain and the United States": the conjuncts too
                    for other in conjuncts(deep[1]) if deep is not None else []:
                        more = self._party(other, table, state, sent, setting=False)
                        if more is not None and more.code and (more.code, more.actor_key) not in actor_keys \
                                and all(more.code != p.code for p in parties):
                            parties.append(more)
                if not parties and slot_name in ("dobj", "agent") and c.lemma_.lower() in ACT_NOUNS \
                        and any(d.lower_ in ("the", "this", "that") for d in c.children):
                    parties = [p for p in state.previous_actors if (p.code, p.actor_key) not in actor_keys]
                if parties:
                    return parties
        if trig.pattern.truce_objects and state.last_fight:  # "the UN called for a ceasefire": both sides
            asked = " ".join(t.lower_ for c in tok.children if c.dep_ in ("dobj", "prep", "xcomp") for t in c.subtree)
            if any(w in asked.replace(" - ", "-") for w in trig.pattern.truce_objects):
                codes = {a.code for a in actors}
                return [p for p in state.last_fight if p.code not in codes]
        if trig.pattern.event == "MOBILIZE":  # "raised its alert level amid fears of a US attack": against the US
            feared = self._feared(tok, table, actor_keys)
            if feared is not None:
                return [feared]
        if trig.pattern.event in OWNED_TARGET_EVENTS:  # "a Chinese submarine entered Japanese waters"
            for c in tok.children:
                if c.dep_ == "dobj" and c is not trig.object_token:
                    owner = self._owner(c, table, actor_keys)
                    if owner is not None:
                        return [owner]
        return []

    def _feared(self, tok: Token, table: ActorTable, exclude: set) -> Party | None:
        """Whose act a build-up answers, when its clause gives the cause as a fear of it (fear_nouns): "due to
        fears of a US attack", "amid the threat of a Chinese invasion"."""
        for t in tok.subtree:
            if t.dep_ == "pobj" and t.lemma_.lower() in FEAR_NOUNS:
                of = prep_object(t, "of")
                owner = self._owner(of, table, exclude) if of is not None else None
                if owner is not None:
                    return owner
        return None

    @staticmethod
    def _owner(noun: Token, table: ActorTable, exclude: set) -> Party | None:
        """Whose the thing acted on is, by its modifiers or "of" phrase, or the place itself: "Japanese waters",
        "the Chilean consulate", "the embassy of Chile", "troops entered northern Syria"."""
        of = prep_object(noun, "of")
        for c in [noun] + [c for c in noun.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < noun.i] \
                + ([of] if of is not None else []):
            located = table.at(c.i)
            if located is not None and located.code and located.kind in ("adjective", "country", "location") \
                    and (located.code, located.actor.key) not in exclude \
                    and located.code not in {code for code, _ in exclude}:
                return Party(code=located.code, text=phrase(noun))
        return None


def fought_both_ways(tok: Token, pattern: Pattern) -> bool:
    """Whether a noun trigger names fighting between sides ("clashes", "skirmishes", "fighting"; mutual_nouns):
    each side acts on the other."""
    return pattern.event == "ASSAULT" and tok.pos_ == "NOUN" and tok.lemma_.lower() in MUTUAL_NOUNS


def _last_body(tok: Token, table: ActorTable) -> TokenActor | None:
    """"The organization", "the alliance" (body_nouns), definite and singular: the last intergovernmental or
    non-governmental body named before it."""
    if tok.lemma_.lower() not in BODY_NOUNS or tok.tag_ != "NN" \
            or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children) \
            or any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in tok.children):
        return None
    return next((m for m in reversed(table.mentions) if m.start < tok.i and m.actor.kind == "organization"
                 and m.actor.code in ("IGO", "NGO")), None)


def _doer_named(noun: Token) -> Token | None:
    """Who a noun's "by" phrase says did it: "the attack by Russian forces", "the raid carried out by the army"."""
    if noun.pos_ != "NOUN":
        return None
    return prep_object(noun, "by") or next((a for c in noun.children if c.dep_ == "acl"
                                            for a in [prep_object(c, "by", dep="agent")] if a is not None), None)


def _hyphen_pair(noun: Token, table: ActorTable) -> list[Party]:
    """The countries or bodies a hyphenated modifier of a noun pairs: "US-North Korea talks", "the India-Pakistan
    border clashes"."""
    found: list[Party] = []
    hyphen = False
    i = noun.left_edge.i
    while i < noun.i:
        located = table.at(i)
        if located is not None and located.code and located.kind != "person":
            if all(located.code != p.code for p in found):
                found.append(Party(code=located.code, sector="GOV" if located.kind == "country" else None,
                                   text=noun.doc[located.start:located.end].text))
            i = max(located.end, i + 1)
            continue
        hyphen = hyphen or (noun.doc[i].text == "-" and bool(found))
        i += 1
    return found if hyphen and len(found) > 1 else []


def _reduced_passive(tok: Token) -> bool:
    """"When asked about it, she said ...", "Backed by Russia, the rebels ...": a past participle heading an
    adverbial clause with no subject or auxiliary is passive; its actor is the "by" phrase, never the main
    clause's subject."""
    return tok.tag_ == "VBN" and tok.dep_ == "advcl" and \
        not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "aux", "auxpass") for c in tok.children)


def common_noun_tag(tok: Token) -> str | None:
    """The tag of a common noun: NN or NNS, also for a capitalised noun opening a sentence that the tagger took for
    a name ("ABUJA (Reuters) - Police arrested ...": "Police" is NNP there); None for other words."""
    if tok.pos_ == "NOUN":
        return tok.tag_
    if tok.pos_ == "PROPN" and tok.is_sent_start and tok.text[:1].isupper() and not tok.text.isupper() \
            and not any(c.dep_ in ("compound", "flat") for c in tok.children) and tok.ent_type_ == "":
        return "NNS" if tok.tag_ == "NNPS" or tok.lower_.endswith("s") and tok.lemma_.lower() != tok.lower_ else "NN"
    return None
