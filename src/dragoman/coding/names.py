"""What a name is, whatever label the language model gave it: a place ("Freedom Square", "the village of X"), a
document ("Executive Order"), a title's portfolio ("Minister of the Interior"), an NGO by its description
("rights group X"), a make of weapon ("Patriot missiles"), an office ("Gedo Governor"), two bodies sharing a head
("the Foreign and Defence Ministries"), and how a name is written. The words come from data/name_words.tsv and
data/actor_words.toml (docs/knowledge.md)."""
from __future__ import annotations

import unicodedata

from spacy.tokens import Doc, Span, Token

from dragoman.knowledge.tables import Knowledge
from dragoman.knowledge.words import word_lists
from dragoman.facts.places import Gazetteer

_WORDS = word_lists("actor_words.toml", ("working_verbs", "leader_nouns", "name_particles", "dotted_suffixes",
                                         "person_nouns", "equipment_nouns", "body_nouns"))  # one load, for evidence.py and actors.py
WORKING_VERBS = _WORDS["working_verbs"]
LEADER_NOUNS = _WORDS["leader_nouns"]
NAME_PARTICLES = _WORDS["name_particles"]
DOTTED_SUFFIXES = _WORDS["dotted_suffixes"]
PERSON_NOUNS = _WORDS["person_nouns"]
EQUIPMENT_NOUNS = _WORDS["equipment_nouns"]
BODY_NOUNS = _WORDS["body_nouns"]

ORGISH = {"ORG"}
OFFICE_SECTORS = {"GOV", "LEG", "MIL", "JUD", "COP", "SPY", "PTY"}  # whose holders are public figures
WHERE = {"in", "at", "near", "outside", "inside", "across", "throughout"}  # prepositions of place, not "from"


def is_document(knowledge: Knowledge, name: str) -> bool:
    """A document ("Executive Order", "Paris Agreement") is no organisation; a name the knowledge files give
    is kept whatever its last word."""
    k = knowledge
    if not name or k.organisation(name) or k.fallback_organisation(name):
        return False
    return k.name_kind(name) == "document"


def portfolio_of_title(knowledge: Knowledge, doc: Doc, span: Span) -> bool:
    """An organisation the model found right after a government title and "of (the)" or "for": "Minister of the
    Interior", "Secretary of the Navy", "Cabinet Secretary for Interior" name a portfolio, not a body that acts."""
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ not in ("of", "for") or not doc[i - 1].is_title:
        return False
    sector = knowledge.token_sector_word(doc[i - 1].lemma_, doc[i - 1].text)
    return sector is not None and sector.title and sector.sector == "GOV"


def names_place(knowledge: Knowledge, gazetteer: Gazetteer | None, span: Span, text: str, label: str,
                titled: bool) -> bool:
    """A square, crossing or town the model took for a person or body: its head word says so ("Freedom
    Square"), or the country lists name it and no one of that name is known; for a body, a city too."""
    if titled:
        return False
    k = knowledge
    if k.name_kind(text) == "place":
        return True
    root, head = span.root, span.root.head
    while head.dep_ == "compound" and head.head.i > head.i:  # "Preah Vihear temple"
        head = head.head
    if root.dep_ == "compound" and head.i >= span.end and k.name_kind(head.lower_) == "place":
        return True  # "the Kerem Shalom crossing", "the Khurais oil field"
    beside = [c for c in root.children if c.dep_ == "appos"] + ([head] if root.dep_ == "appos" else [])
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        beside.append(head.head)  # "the village of Sadanpoini"
    if any(b.pos_ == "NOUN" and k.descriptor_kind(b.lemma_) in ("place", "place-noun") for b in beside):
        return True  # "Anjouan's capital, Mutsamudu"
    if k.known_actor(text) or k.organisation(text) or k.fallback_actor(text) or k.fallback_organisation(text):
        return False
    if k.place(text):
        return True
    if root.dep_ == "pobj" and head.lower_ in WHERE and not any(t.ent_type_ == "PERSON" and t.i >= span.end
                                                                  for t in root.children) \
            and gazetteer is not None and gazetteer.resolve(text) is not None:
        return True  # "killed in Mokha", "a stampede in Kerman": a town the model took for a person
    if label not in ORGISH or gazetteer is None:
        return False
    place = gazetteer.resolve(text)
    if place is None or len(span) == 1:
        return place is not None
    return place.feature == "city" and not any(t.lower_ == "of" or k.token_sector_word(t.lemma_, t.text) for t in span)
    # "the Abu Ghraib prisoner abuses"; not "University of Texas", "Thames Valley Police"


def described_as_ngo(knowledge: Knowledge, span: Span) -> bool:
    """"rights group Witness Bahrain", "the charity Oxfam": a civil-society noun (name_words.tsv) in
    apposition to the name or compounded with it."""
    root = span.root
    nouns = [c for c in root.children if c.dep_ in ("appos", "compound") and not span.start <= c.i < span.end]
    if root.dep_ in ("appos", "compound") and not span.start <= root.head.i < span.end:
        nouns.append(root.head)
    if span.start > 0 and span.doc[span.start - 1].pos_ == "NOUN":
        nouns.append(span.doc[span.start - 1])
    for noun in nouns:
        words = [c.lower_ for c in noun.children if c.dep_ == "compound" and c.i < noun.i] + [noun.lemma_.lower()]
        if any(knowledge.descriptor_kind(" ".join(words[i:])) == "ngo" for i in range(len(words))):
            return True
    return False


def named_things(knowledge: Knowledge, doc: Doc) -> frozenset[str]:
    """Names that follow a thing noun (name_words.tsv): "Hurricane Dorian", "Typhoon Hagibis" name storms, so
    "Dorian" is no person there nor anywhere later in the article. Lower-cased names."""
    found = set()
    for tok in doc:
        if knowledge.descriptor_kind(tok.lower_) != "thing-noun" or not tok.text[:1].isupper():
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].is_title and doc[end].is_alpha \
                and knowledge.descriptor_kind(doc[end].lower_) != "thing-noun":
            end += 1
        if end > tok.i + 1:
            found.add(doc[tok.i + 1:end].text.lower())
    return frozenset(found)


def is_named_thing(knowledge: Knowledge, name: str, things: frozenset[str]) -> bool:
    """"Humberto", "Tropical Storm Humberto", "Tropical Storm" in an article that names the storm: no actor
    ("National Hurricane Center" stays a body)."""
    if not things or not name:
        return False
    words = name.lower().split()
    return name.lower() in things or words[0] in things or any(
        knowledge.descriptor_kind(" ".join(words[:n])) == "thing-noun" for n in (1, 2, 3))


CAUSE_WORDS = ("for", "against", "without")  # "Physicians for Human Rights", "Mothers against War"
CIVIC_SECTORS = {"CVL", "EDU", "MED", "REL", "LAB", "JUD"}


def cause_group(knowledge: Knowledge, name: str) -> bool:
    """"Students for Justice", "Doctors without Borders", "Mothers against War": people named by a
    civilian plural (sectors.tsv) and banded for a cause are a civil-society body (NGO)."""
    words = name.split()
    at = next((i for i, w in enumerate(words) if w.lower() in CAUSE_WORDS), 0)
    if at == 0 or at == len(words) - 1:
        return False
    head = words[at - 1].lower()
    if not head.endswith("s") and head not in ("people", "women", "men", "children"):
        return False
    found = knowledge.sector_word(head)
    return found is not None and found.sector in CIVIC_SECTORS


def gathers_states(knowledge: Knowledge, span: Span) -> bool:
    """"heads of state of the Rio Group", "member states of the X Council": a body whose members are states
    (an igo-members phrase of name_words.tsv before "of (the)") is intergovernmental."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "of":
        return False
    return any(knowledge.descriptor_kind(" ".join(t.lower_ for t in doc[max(i - n, 0):i])) == "igo-members"
               for n in (1, 2, 3))


def entity_at(tok: Token) -> Span | None:
    """The entity span around a token, from its IOB tags (cheaper than scanning doc.ents)."""
    if tok.ent_iob_ in ("", "O"):
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def proper_sequence(span: Span) -> bool:
    """Every word a proper noun or capitalised: what a name looks like, whatever label the model gave it."""
    return all(t.pos_ == "PROPN" or (t.is_title and t.is_alpha) for t in span)


def with_full_stop(span: Span, name: str) -> str:
    """"Boeing Co.", "Apple Inc.": a company abbreviation (dotted_suffixes) keeps the full stop that clean_name
    took off with the sentence's."""
    last, doc = span[-1], span.doc
    after = doc[span.end] if span.end < len(doc) else None
    dotted = last.text.endswith(".") or (after is not None and after.text == "." and not last.whitespace_)
    return name + "." if dotted and not name.endswith(".") and name.split()[-1].lower() in DOTTED_SUFFIXES else name


def plural_acronym(text: str) -> bool:
    """"JDAMs", "UAVs": an acronym with a plural s names things counted, never one body."""
    return len(text) > 2 and text.endswith("s") and text[:-1].isupper() and text[:-1].isalpha()


def latin_letters(text: str) -> bool:
    """Whether every letter of a text is Latin (with or without accents): names in English news are written so."""
    return all(not ch.isalpha() or ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def written_as_name(name: str) -> bool:
    """Whether a person's name is written like one: every word capitalised but the particles ("Abdel Fattah
    el-Sisi", "Hamad bin Isa Al Khalifa", "Jan de Vries"), so a lower-case phrase is no person, nor a lone "Jr."."""
    words = name.split()
    if all(w.lower().rstrip(".") in DOTTED_SUFFIXES for w in words):
        return False  # "Jr." alone, cut from its name
    return all(any(ch.isupper() for ch in word) or word.lower() in NAME_PARTICLES
               or word.split("-")[0].lower() in NAME_PARTICLES for word in words)


def names_equipment(knowledge: Knowledge, span: Span, text: str) -> bool:
    """"Patriot missiles", "AWACS and Patriot systems", "JDAMs and HIMARS": a name modifying an equipment noun,
    listed with one or with a pluralised acronym (bodies take no plural) is a make of weapon or vehicle, no
    actor, unless the knowledge files know it as a body or a company ("Boeing jets")."""
    root, head = span.root, span.root.head
    peers = ([head] if root.dep_ == "conj" else []) + [c for c in root.children if c.dep_ == "conj"]
    modifies = root.dep_ in ("compound", "amod", "nmod") and head.i >= span.end and head.pos_ == "NOUN" \
        and head.lemma_.lower() in EQUIPMENT_NOUNS
    listed = any(p.lemma_.lower() in EQUIPMENT_NOUNS and p.pos_ in ("NOUN", "PROPN") or plural_acronym(p.text)
                 for p in peers)
    if not (modifies or listed or plural_acronym(text)):
        return False
    k = knowledge
    return not (k.organisation(text) or k.fallback_organisation(text) or k.company_country(text)
                or k.known_actor(text) or k.fallback_actor(text))


def shared_head(knowledge: Knowledge, span: Span) -> list[tuple[Span, str, str]]:
    """"The State and Homeland Security Departments", "the Foreign and Defence Ministries": two bodies sharing
    a plural head noun of a sector (no title), each named with the head in the singular."""
    head = span[-1]
    ands = [t.i for t in span if t.lower_ == "and"]
    if len(ands) != 1 or not head.is_title or not head.lower_.endswith("s") or len(span) < 4:
        return []
    sw = knowledge.token_sector_word(head.lemma_, head.text)
    if sw is None or sw.title or sw.phrase == head.lower_:
        return []  # a singular head: "the Trade and Industry Ministry" is one body
    first, second = span.doc[span.start:ands[0]], span.doc[ands[0] + 1:span.end]
    if not len(first) or len(second) < 2 or not all(t.is_title or t.is_upper for t in (*first, *second[:-1])):
        return []
    if knowledge.token_sector_word(first[-1].lemma_, first[-1].text) == sw:
        return []  # "Shanghai Airlines and Xiamen Airlines": each named in full
    single = head.text[:-3] + "y" if head.text.endswith("ies") else head.text[:-1]
    return [(first, f"{_plain(first.text)} {single}", sw.sector),
            (second, f"{_plain(second[:-1].text)} {single}", sw.sector)]


def ends_in_title(knowledge: Knowledge, span: Span, text: str) -> bool:
    """A name the model took for a body that is a public office's title after at most one word ("Gedo
    Governor", "Deputy Prime Minister"): an office, not an organisation ("Office of the Governor" is one,
    "Greek Reporter" a newspaper, "Students for Justice" a group)."""
    words = text.lower().split()
    if span[-1].tag_ not in ("NN", "NNP") or {"of", "for", "and"} & set(words) or knowledge.organisation(text):
        return False
    for k in range(min(len(words), 2)):
        title = " ".join(words[k:])
        found = knowledge.sector_word(title) if title in knowledge.titles() else None
        if found is not None and found.sector in OFFICE_SECTORS:
            return True
    return False


def _plain(text: str) -> str:
    """A name part without a leading article."""
    text = " ".join(text.split())
    return text[4:] if text.lower().startswith("the ") else text
