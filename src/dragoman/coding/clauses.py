"""Clause-level syntax shared by the event coder: argument slots, negation, modality, tense, reported speech.

Plain functions over spaCy tokens; no state.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from dragoman.records import Party
from dragoman.coding.registry import ActorTable
from dragoman.knowledge.words import word_lists

SUBJECTS = ("nsubj", "csubj")
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
THIRD_SINGULAR = {"he", "she", "him", "her", "his", "hers"}
THIRD_PLURAL = {"they", "them", "their"}
PRONOUN_WORDS = FIRST_PERSON | THIRD_SINGULAR | THIRD_PLURAL | {"it", "its"}
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
COMPLEMENTS = ("xcomp", "ccomp")
POSSIBLE = {"may", "might", "could"}
IMMINENT = {"today", "now", "immediately", "tonight", "forthwith"}
SPEAKER_PRONOUNS = {"it", "we", "i", "they"}
PARTICLE_WORDS = {"out", "away", "back", "off", "up", "down"}
PERSON_OBJECT = "@person"  # an object word of events.toml that stands for any named person


CLAUSE_WORDS = "clauses.toml"
WORD_LISTS = ("modals", "future", "speculation", "attempts", "attempt_done_for", "speech", "backdrop", "intentions",
              "ongoing", "prospective", "habitual", "habit_done_for", "past_markers", "topic_heads", "topic_verbs",
              "topic_prepositions", "carrier_nouns", "backdrop_nouns", "past_phrases", "earlier_adverbs")
_WORDS = word_lists(CLAUSE_WORDS, WORD_LISTS)
MODALS = _WORDS["modals"]
FUTURE = _WORDS["future"]
SPECULATION = _WORDS["speculation"]
ATTEMPTS = _WORDS["attempts"]
ATTEMPT_DONE_FOR = frozenset(w.upper() for w in _WORDS["attempt_done_for"])
SPEECH = _WORDS["speech"]
BACKDROP = _WORDS["backdrop"]
INTENTIONS = _WORDS["intentions"]
ONGOING = _WORDS["ongoing"]  # a noun trigger these modify is going on: "ongoing talks"
PROSPECTIVE = _WORDS["prospective"]  # a noun trigger these modify has not happened: "a planned trip"
HABITUAL = _WORDS["habitual"]
HABIT_DONE_FOR = frozenset(w.upper() for w in _WORDS["habit_done_for"])
PAST_MARKERS = _WORDS["past_markers"]
TOPIC_HEADS = _WORDS["topic_heads"]
TOPIC_VERBS = _WORDS["topic_verbs"]
TOPIC_PREPOSITIONS = _WORDS["topic_prepositions"]
CARRIER_NOUNS = _WORDS["carrier_nouns"]
BACKDROP_NOUNS = _WORDS["backdrop_nouns"]
PAST_PHRASES = _WORDS["past_phrases"]
EARLIER_ADVERBS = _WORDS["earlier_adverbs"]


def lemmas(tok: Token) -> list[str]:
    """The lemma, then plausible base forms of a verb: the lemmatizer sometimes errs ("staged" -> "stag")."""
    low = tok.lower_
    forms = [tok.lemma_.lower(), low]
    for suffix, repl in (("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("es", ""), ("ing", ""), ("ing", "e"),
                         ("ied", "y"), ("ies", "y")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            forms.append(low[: -len(suffix)] + repl)
    return forms


def has_particle(tok: Token, particle: str) -> bool:
    words = particle.split()
    kids = [c for c in tok.children if (c.dep_ in ("prt", "prep", "dobj", "advmod", "xcomp", "agent") or c.i == tok.i + 1)
            and not _adjunct(tok, c)]
    if len(words) == 1:
        return any(c.lower_ == words[0] or c.lemma_.lower() == words[0] for c in kids) or \
            (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == words[0])
    following = [t.lemma_.lower() for t in tok.doc[tok.i + 1: tok.i + 1 + len(words)]]
    return following == words


def _adjunct(verb: Token, prep: Token) -> bool:
    """A preposition that heads a date is no particle of the verb ("called the police on Sunday" is no "call on")."""
    if prep.dep_ != "prep":
        return False
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def object_in(tok: Token, objects: frozenset[str], preposition: str | None = None) -> Token | None:
    """The word of `objects` that is the verb's object (or the object of the given preposition only, "blamed X
    for the attack"); a multi-word object ("task force") matches its last word with the words before it."""
    # the parser often hangs "as ..." on the object rather than the verb ("held villagers as human shields")
    # and on the last of several objects ("named the PKK and the YPG as terrorists")
    held = [g for c in tok.children if c.dep_ in ("dobj", "oprd") for t in (c, *conjuncts(c)) for g in t.children] \
        if preposition is not None else []
    # and on the verb's particle ("pulled out of the treaty": "of" hangs on "out")
    held += [g for c in tok.children if c.dep_ in ("prt", "prep", "advmod") and c.lower_ in PARTICLE_WORDS
             for g in c.children] if preposition is not None else []
    for c in [*tok.children, *held]:
        if preposition is not None:
            if c.dep_ != "prep" or c.lower_ != preposition:
                continue
        elif not (c.dep_ in ("dobj", "nsubjpass", "attr", "dative", "oprd") or
                  (c.dep_ == "prep" and c.lower_ in ("for", "with", "into", "on", "from"))):
            continue
        targets = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
        targets += [g for t in targets for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children if g.dep_ == "pobj"]  # "700 kg of medicine", "10 days of war games"
        for t in targets:
            for cand in [t, *conjuncts(t)]:
                if cand.lemma_.lower() in objects or cand.lower_ in objects:
                    return cand
                if PERSON_OBJECT in objects and cand.ent_type_ == "PERSON" and cand.pos_ == "PROPN":
                    return cand  # "@person": a named person ("released Alan Gross", "hosted Merkel")
                before = [w.lower_ for w in cand.lefts if w.dep_ in ("compound", "amod")]
                head = cand.lemma_.lower()
                if before and (" ".join([*before, head]) in objects or any(f"{w} {head}" in objects for w in before)):
                    return cand  # "task force"; "an unfriendly, unbecoming act" has "unfriendly act"
                if head in CARRIER_NOUNS and any(w.dep_ == "compound" and (w.lemma_.lower() in objects or
                                                                           w.lower_ in objects) for w in cand.lefts):
                    return cand  # "an aid shipment", "a weapons package": what is carried
    return None


def has_preposition(tok: Token, preposition: str) -> bool:
    """Whether the verb governs this preposition ("signed up to ...", "headed for ...")."""
    return any(c.dep_ in ("prep", "agent", "dative") and c.lower_ == preposition and not _adjunct(tok, c)
               for c in tok.children)


def conjuncts(tok: Token) -> list[Token]:
    out, frontier = [], [tok]
    while frontier:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
                out.append(c)
                frontier.append(c)
    return out


def conjuncts_any(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "conj"] + [g for c in tok.children if c.dep_ == "conj"
                                                           for g in conjuncts_any(c)]


def complements(tok: Token) -> list[Token]:
    """Clausal complements: of a verb ("agreed to sign"), or of a noun ("its demand that Sudan release ..."), with
    the verbs coordinated with one that have no subject of their own ("refused to let planes land and evacuate").
    A "that" clause the parser hangs on the verb of a noun's sentence is the noun's when the noun comes first."""
    direct = [c for c in tok.children if c.pos_ in ("VERB", "AUX") and (c.dep_ in COMPLEMENTS or (
        c.dep_ == "acl" and tok.pos_ == "NOUN"
        and any((g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to")
                for g in c.children))) and not _semicolon_between(c, tok)]
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and not direct:
        # "reiterated its demand today that Israel ease ...": the parser hangs the noun's clause on the verb
        direct = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.i and c.pos_ in ("VERB", "AUX")
                  and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    shared = [v for c in direct for v in conjuncts_any(c)
              if v.pos_ == "VERB" and not any(g.dep_ in SUBJECTS or g.dep_ in PASSIVE_SUBJECTS for g in v.children)]
    return direct + shared


def _semicolon_between(clause: Token, verb: Token) -> bool:
    """"Police detained six citizens; the activists agreed to leave": a clause before a semicolon is a sentence of
    its own, whatever the parser hangs it on, not what the later verb frames."""
    if clause.i > verb.i:
        return False
    end = max(t.i for t in clause.subtree)
    return any(t.text == ";" for t in verb.doc[end:verb.i])


def prep_object(tok: Token, word: str, dep: str = "prep") -> Token | None:
    for c in tok.children:
        if c.dep_ in (dep, "prep") and c.lower_ == word:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def slot(holder: Token, name: str, object_token: Token | None) -> list[Token]:
    """The tokens that fill one recipient slot of a pattern: dobj, dative, agent, complement, place, a preposition."""
    if name == "dobj":
        found = [c for c in holder.children if c.dep_ in ("dobj", "nsubjpass") and c is not object_token]
        # "named both the PKK and the YPG as terrorists": the parser may take the object for a predicate
        return found or [c for c in holder.children if c.dep_ == "oprd" and c is not object_token
                         and c.pos_ == "PROPN"]
    if name == "dative":
        return [c for c in holder.children if c.dep_ == "dative"]
    if name == "agent":
        ag = prep_object(holder, "by", dep="agent")
        return [ag] if ag is not None else []
    if name == "complement":
        out = []
        for comp in complements(holder):
            for c in comp.children:
                if c.dep_ in ("dobj", "nsubj", "dative", "nsubjpass"):
                    out.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("to", "for", "with", "on", "against", "from", "in", "into"):
                    out.extend(g for g in c.children if g.dep_ == "pobj")
                elif c.dep_ in COMPLEMENTS:
                    out.extend(slot(comp, "complement", object_token))
        return out
    if name == "condition":  # "threatened to strike unless Israel withdrew": the condition may hang on the complement
        return [g for h in (holder, *complements(holder)) for c in h.children if c.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children)
                for g in c.children if g.dep_ in SUBJECTS]
    if name == "object":
        return [object_token] if object_token is not None else []
    if name == "partner":  # "met the Japanese envoy and offered an apology": said to the one just met
        head = holder.head if holder.dep_ == "conj" and holder.head.pos_ == "VERB" else None
        if head is None:
            return []
        return [c for c in head.children if c.dep_ == "dobj"] + \
            [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("with", "to") for g in c.children
             if g.dep_ == "pobj"]
    if name == "place":
        return [g for c in holder.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                for g in c.children if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC")]
    found = []
    for c in holder.children:
        if c.dep_ in ("prep", "agent", "dative", "prt") and c.lower_ == name:
            found.extend(g for g in c.children if g.dep_ == "pobj")
    if not found and object_token is not None and object_token.head is holder:
        # "launched a mediation effort between the Emirates and Saudi Arabia": the phrase hangs on the object
        found.extend(g for c in object_token.children if c.dep_ == "prep" and c.lower_ == name
                     for g in c.children if g.dep_ == "pobj")
    return found


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in tok.children)


def is_negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.dep_ == "acomp" and tok.head.pos_ == "AUX" and any(c.dep_ == "neg" for c in tok.head.children):
        return True  # "we are not prepared to risk", "is not willing to talk": the copula carries the negation
    if tok.dep_ == "xcomp" and tok.head.lemma_ in ("have", "be") and \
            any(c.dep_ == "advmod" and c.lower_ == "yet" for c in tok.head.children):
        return True  # "has yet to concede", "is yet to respond": not done
    return tok.dep_ in ("xcomp", "conj") and any(c.dep_ == "neg" for c in tok.head.children) and \
        tok.head.pos_ in ("VERB", "ADJ")  # "not brave enough to admit the truth"


def is_hypothetical(tok: Token, event_type: str | None = None) -> bool:
    """Modal, conditional, speculated or habitual ("G7 meetings usually center on"): not a reported act. An
    attempt at an act of ATTEMPT_DONE_FOR ("tried to assassinate") is the act, as modal as the attempt itself, and
    a habit of HABIT_DONE_FOR ("routinely beat detainees") reports repeated acts."""
    if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in ONGOING for c in tok.children):
        return False  # "should ongoing talks result in ...": the talks go on, whatever comes of them
    for t in (tok, tok.head if tok.dep_ in ("xcomp", "conj", "acomp") else None,
              tok.head if tok.pos_ == "NOUN" else None):
        if t is None:
            continue
        if event_type not in HABIT_DONE_FOR and any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in t.children):
            return True
        modals = {c.lower_ for c in t.children if c.dep_ == "aux" and c.lower_ in MODALS}
        if modals and not (modals <= {"would"} and in_reported_clause(t)):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
            return True
    purpose = purpose_head(tok)
    if purpose is not None and purpose.dep_ == "xcomp" and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in purpose.children):
        return True  # "willing to send material to help defend": the purpose of an act not yet done
    if is_topic(tok):
        return True  # "negotiations on an Israeli troop pullback": what talks are about has not happened
    if in_condition(tok):
        return True  # "will withdraw unless the president arranges a ceasefire with the rebels fighting him"
    if tok.pos_ in ("NOUN", "PROPN") and is_prospective(tok):
        return True  # "a planned trip to Beijing", "the would-be summit"
    if tok.dep_ == "acl" and tok.head.lemma_.lower() in INTENTIONS:
        return True  # "plans to attack", "an attempt to seize"
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("of", "for") \
            and tok.head.head.lemma_.lower() in INTENTIONS:
        return True  # "fears of a US attack", "pressure for their withdrawal", "the threat of sanctions"
    head = tok
    for _ in range(3):
        if head.dep_ == "xcomp" and head.head.lemma_.lower() in ATTEMPTS and event_type in ATTEMPT_DONE_FOR:
            return is_hypothetical(head.head)
        if head.dep_ in ("ccomp", "xcomp") and SPECULATION.intersection(lemmas(head.head)[:3]):
            return True  # the lemma, or the word's own base form when the lemmatizer errs ("they hopes")
        if head.dep_ == "acl" and head.head.pos_ == "NOUN" and head.head.lemma_.lower() in INTENTIONS:
            return True  # "the notion that the United States is going to invade": a clause of a notion
        if head.head is head:
            break
        head = head.head
    return False


def is_topic(tok: Token) -> bool:
    """A noun that is what talks are about ("talks on a ceasefire", "discussed the withdrawal"): a subject of
    discussion, not a reported act."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ == "dobj":
        return tok.head.lemma_.lower() in TOPIC_VERBS
    return tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPOSITIONS and \
        tok.head.head.lemma_.lower() in TOPIC_HEADS | TOPIC_VERBS


def in_condition(tok: Token, hops: int = 6) -> bool:
    """Whether the word sits inside an "if" or "unless" clause further up ("unless he agrees to a truce with the
    rebels"): what the condition names has not happened. The word's own clause is judged by is_hypothetical."""
    head = tok
    for _ in range(hops):
        if head.head is head or head.dep_ in ("ccomp", "ROOT"):
            return False
        head = head.head
        if head is not tok and head.dep_ == "advcl" and \
                any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in head.children):
            return True
    return False


def is_prospective(noun: Token) -> bool:
    """"An upcoming visit", "the proposed summit", "the would-be summit": a noun modified as not yet happened."""
    return any(c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i
               and "".join(t.text for t in c.subtree).lower() in PROSPECTIVE for c in noun.children)


def is_background(tok: Token) -> bool:
    """A trigger inside a temporal clause or phrase ("after a jet shot down", "following the attacks"): the
    sentence reports it as the backdrop of its main event, not as news. So do a participle or a relative clause
    that describe a noun ("the curfew imposed in May", "the rebels, who attacked ..."), but not a "where" clause
    ("a summit where they signed")."""
    if tok.dep_ == "advcl" and any(c.dep_ == "advmod" and c.lower_ in PAST_MARKERS for c in tok.children):
        return True  # "assets they lost when Amin expelled them 18 years ago": a past act told as backdrop
    if (tok.dep_ == "acl" and tok.tag_ == "VBN") or \
            (tok.dep_ == "relcl" and not any(c.lower_ in ("where", "when") for c in tok.children)):
        return True
    if dated_before_story(tok):
        return True  # "in 2006, the plant was the target of an attack" in a 2019 story: history
    head = tok
    for _ in range(4):
        if head.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in BACKDROP for m in head.children):
            return True
        if head.dep_ == "pobj" and head.head.lower_ in BACKDROP:
            return True
        if head.dep_ == "pcomp" and head.head.lower_ in BACKDROP:
            return True
        if head.dep_ == "pobj" and head.head.lower_ in ("to", "for") and head.head.head.lemma_.lower() in BACKDROP_NOUNS:
            return True  # "in response to the airstrike that killed him", "in retaliation for the raid"
        if head.head is head:
            return False
        head = head.head
    return False


def dated_before_story(tok: Token) -> bool:
    """Whether the trigger's clause is dated to a year before the story's own ("in 2006", "during 1999"): the
    act is history, the backdrop of the news. The clause is the trigger's verb, or the verb a noun trigger hangs on."""
    verb = tok
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    return dated_in_year_before_story(verb, after=1900) or told_as_past(verb)


def told_as_past(verb: Token) -> bool:
    """Whether the verb's own phrases date it a year or more back ("arrested in January of last year", "jailed
    three years ago") or tell it as done before ("were previously convicted"): history, not the news. "Since last
    year" reaches to now and is no such date."""
    if verb.tag_ in ("VBD", "VBN") and any(c.dep_ == "advmod" and c.lower_ in EARLIER_ADVERBS for c in verb.children):
        return True
    for c in verb.children:
        if c.dep_ not in ("prep", "npadvmod", "advmod") or c.lower_ in ("since", "for"):
            continue
        text = " ".join(t.lower_ for t in c.subtree)
        if any(f" {p} " in f" {text} " for p in PAST_PHRASES):
            return True
    return False


def dated_in_year_before_story(word: Token, after: int = 0) -> bool:
    """Whether the word itself has an "in YEAR" / "during YEAR" phrase with a year (later than `after`) before the
    story's own ("fought a war over the region in 1994")."""
    year = _story_year(word.doc)
    if year is None:
        return False
    return any(g.dep_ == "pobj" and g.like_num and len(g.text) == 4 and g.text.isdigit() and after < int(g.text) < year
               for c in word.children if c.dep_ == "prep" and c.lower_ in ("in", "during", "until", "till")
               for g in c.children)


def _story_year(doc) -> int | None:
    """The year of the story's publication date (doc._.published: a date or an ISO string), if it is set."""
    value = getattr(doc._, "published", None) if doc.has_extension("published") else None
    if hasattr(value, "year"):
        return value.year
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with ("cited the treaty and said ...")."""
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subj is not None or verb.dep_ != "conj" or verb.head is verb:
            return subj
        verb = verb.head
    return None


def purpose_head(tok: Token) -> Token | None:
    """"Sent troops to help", "a summit to discuss": the word an infinitive of purpose hangs on, else None."""
    if tok.dep_ in ("advcl", "acl", "xcomp") and tok.tag_ == "VB" and tok.head is not tok \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return tok.head
    return None


def elaborates(tok: Token, trigger_at: set[int]) -> bool:
    """"Shelled the town, killing 20", "demonstrated, calling for independence": a participle clause with no
    subject of its own that hangs on a coded act tells more of that act; it is not a second event."""
    head = tok.head
    if tok.dep_ != "advcl" or tok.tag_ != "VBG" or head is tok or any(c.dep_ in SUBJECTS or c.dep_ == "mark"
                                                                      for c in tok.children):
        return False
    return head.i in trigger_at or any(c.i in trigger_at for c in head.children if c.dep_ in ("dobj", "attr"))


def has_condition(tok: Token, marks: tuple[str, ...] = ("unless", "if")) -> bool:
    """"will withdraw ... unless", "if the United States goes ahead": a conditional act."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
               for c in tok.children)


def announces_own_act(tok: Token) -> bool:
    """"The government says it may bring charges", "we could retaliate, he said": a hostile act the speaker says
    it may do is a threat, like a conditional one; "said Russia might attack" is speculation about another."""
    if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in SPEECH:
        return False
    if not any(c.dep_ == "aux" and c.lower_ in POSSIBLE for c in tok.children):
        return False
    subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
    return subject is not None and subject.lower_ in SPEAKER_PRONOUNS


def is_future(tok: Token) -> bool:
    """"Will visit", "would visit" in reported speech, and "are to meet" (be + to-infinitive): announced acts."""
    # a noun trigger's verb ("will impose sanctions") announces it too
    for t in (tok, tok.head if tok.dep_ == "xcomp" else None,
              tok.head if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") else None):
        if t is None:
            continue
        if any(c.dep_ == "aux" and c.lower_ == "would" and in_reported_clause(t) for c in t.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in FUTURE for c in t.children):
            # "will today designate", "will immediately impose": the act is being done, not announced
            return not any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in IMMINENT for c in t.children)
    return tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and tok.head.pos_ == "AUX" and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and \
        not any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in IMMINENT for c in tok.children)  # "is to resign today"


def quote_speaker(sent: SpacySpan, table: ActorTable):
    """The actor who says a quoted sentence: the subject of its speech verb."""
    for t in sent:
        if t.lemma_.lower() in SPEECH and t.pos_ == "VERB":
            for c in t.children:
                if c.dep_ in SUBJECTS:
                    located = table.at(c.i)
                    if located is not None and located.code:
                        return located
    return None


def definite_antecedent(tok: Token, table: ActorTable):
    """"The embassy", "the ministry": the last organisation named before whose name holds that noun."""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return None
    word = tok.lemma_.lower()
    for m in reversed(table.mentions):
        if m.start >= tok.i:
            continue
        a = m.actor
        if a.kind == "organization" and a.code and word in a.name.lower().split():
            return m
    return None


def reporting_subject(tok: Token) -> Token | None:
    """For a pronoun in a reported clause ("Syria says it is willing"), the subject of the reporting verb."""
    head = tok.head
    for _ in range(4):
        if head.lemma_.lower() in SPEECH and head.pos_ == "VERB":
            for c in head.children:
                if c.dep_ in SUBJECTS and c is not tok and c.pos_ != "PRON" and c.lower_ not in PRONOUN_WORDS:
                    return c  # a pronoun word tagged otherwise would send pronoun resolution round in a circle
            return None
        if head.head is head:
            return None
        head = head.head
    return None


def in_reported_clause(tok: Token) -> bool:
    head = tok
    for _ in range(3):
        if head.dep_ == "ccomp" and head.head.lemma_.lower() in SPEECH:
            return True
        if head.head is head:
            return False
        head = head.head
    return False


def phrase(tok: Token) -> str:
    left = min((c.i for c in tok.children if c.dep_ in ("compound", "amod", "poss", "det", "nmod") and c.i < tok.i),
               default=tok.i)
    return tok.doc[left:tok.i + 1].text


def purpose_of_event(tok: Token, trigger_at: set[int]) -> bool:
    """"Staged demonstrations to demand reforms", "telephoned to discuss": the purpose of a coded act is its
    intent, not a second act."""
    head = purpose_head(tok)
    return head is not None and (head.i in trigger_at or any(c.i in trigger_at for c in head.children
                                                             if c.dep_ in ("dobj", "attr")))


def attitude_objects(tok: Token) -> set[int]:
    """The nouns an attitude is about ("agreed to talks", "ready for dialogue"): not events of their own."""
    return {g.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "to")
            for g in c.children if g.dep_ == "pobj"}


def listed_people(tok: Token, table: ActorTable) -> list[Token]:
    """"Presidents Buhari of Nigeria and Talon of Benin": the people a title noun lists in apposition, and a
    second person the parser hangs on the first one's "of" phrase."""
    def person(t: Token) -> bool:
        return table.at(t.i) is not None and table.at(t.i).actor.kind == "person"

    named = [c for c in tok.children if c.dep_ == "appos" and person(c)] if table.at(tok.i) is None else []
    out = [t for n in named for t in (n, *conjuncts(n))]
    for t in (named or [tok]):
        of = prep_object(t, "of")
        if of is not None and person(t):
            out.extend(c for c in conjuncts(of) if person(c) and c not in out)
    return out


def coded_mention(tok: Token, table: ActorTable):
    """The coded mention a noun is, or else the one that modifies it ("African Union member states")."""
    located = table.at(tok.i)
    if located is not None and located.code:
        return located
    for c in tok.children:
        if c.dep_ in ("compound", "nmod", "amod") and c.i < tok.i:
            inner = table.at(c.i)
            if inner is not None and inner.code:
                return inner
    return None


def plural_referent(party: Party) -> bool:
    """What "they" can point back to: a body, a named country or a plural noun ("officials"), not one person
    ("the Italian foreign minister")."""
    key, words = party.actor_key or "", (party.text or "").split()
    if key.startswith("person:") or not words:
        return False
    return key.startswith("org:") or words[-1][:1].isupper() or words[-1].lower().endswith("s")
