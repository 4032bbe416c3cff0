"""What a name is, whatever label the language model gave it: a place ("Freedom Square", "the village of X"), a
document ("Executive Order"), a title's portfolio ("Minister of the Interior") or an NGO by its description
("rights group X"). The words come from data/name_words.tsv (docs/knowledge.md)."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dragoman.knowledge.tables import Knowledge
from dragoman.facts.places import Gazetteer

ORGISH = {"ORG"}
WHERE = {"in", "at", "near", "outside", "inside", "across", "throughout"}  # prepositions of place, not "from"


def is_document(knowledge: Knowledge, name: str) -> bool:
    """A document ("Executive Order", "Paris Agreement") is no organisation; a name the knowledge files give
    is kept whatever its last word."""
    k = knowledge
    if not name or k.organisation(name) or k.fallback_organisation(name):
        return False
    return k.name_kind(name) == "document"


def portfolio_of_title(knowledge: Knowledge, doc: Doc, span: Span) -> bool:
    """An organisation the model found right after a government title and "of (the)": "Minister of the
    Interior", "Secretary of the Navy" name a portfolio, not a body that acts."""
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "of" or not doc[i - 1].is_title:
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
    return label in ORGISH and len(span) == 1 and gazetteer is not None \
        and gazetteer.resolve(text) is not None


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
