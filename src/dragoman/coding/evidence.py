"""What the words around a name say about whom it acts for: a title and the country before it ("Tajik
President X"), modifiers, "of"/"from" phrases, appositions, the body a person works for, and places named inside or
after a body's name. Kept apart from the actor stage (actors.py), which decides what a name is."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dragoman.coding.names import WORKING_VERBS, entity_at
from dragoman.facts.places import Gazetteer
from dragoman.knowledge.tables import Knowledge

APOSTROPHES = ("'s", "’s", "'", "’")
GAZETTEER_CODES = "dragoman.gazetteer_codes"  # keys in Doc.user_data: token -> country a gazetteer gives it


def clean_name(text: str) -> str:
    """A display name: no leading article, no possessive, no quotes, single spaces."""
    text = re.sub(r"\s+", " ", text).strip(" \"“”‘’'.,;:()[]")
    for suffix in APOSTROPHES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip(" \"“”‘’'")


def remember_place(doc: Doc, span: Span, code: str | None) -> None:
    """Remember a resolved town or region's country for the words around later names ("Florida Governor X",
    "the Mayor of Toronto")."""
    if code:
        codes = doc.user_data.setdefault(GAZETTEER_CODES, {})
        for i in range(span.start, span.end):
            codes.setdefault(i, code)


class TextEvidence:
    """Reads the country, sector and role the text gives a name; holds only shared, read-only state."""

    def __init__(self, knowledge: Knowledge, gazetteer: Gazetteer | None = None) -> None:
        self.knowledge = knowledge
        self.gazetteer = gazetteer
        self.titles = tuple(t.lower() for t in knowledge.titles())
        self.title_set = frozenset(self.titles)

    def title_before(self, doc: Doc, span: Span) -> str | None:
        """The personal title just before a name ("Deputy Prime Ministers", "President"), lower-cased and singular."""
        words: list[str] = []
        i = span.start - 1
        while i >= 0 and i >= span.start - 6 and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in ("of", "for", "the")):
            words.insert(0, doc[i].lower_)
            phrase = " ".join(words)
            for candidate in (phrase, phrase[:-1] if phrase.endswith("s") else phrase):
                if candidate in self.title_set:
                    longest = candidate
                    # keep extending to find longer titles ("deputy prime minister")
                    j = i - 1
                    more = list(words)
                    while j >= 0 and j >= i - 3 and doc[j].is_title:
                        more.insert(0, doc[j].lower_)
                        p = " ".join(more)
                        for c in (p, p[:-1] if p.endswith("s") else p):
                            if c in self.title_set:
                                longest = c
                        j -= 1
                    return longest
            i -= 1
        return None

    def state_in_name(self, span: Span) -> str | None:
        """"Massachusetts Institute of Technology", "University of South Carolina Beaufort": a body named after
        a region the gazetteer knows (a US state) belongs to that region's country."""
        if self.gazetteer is None:
            return None
        words = [t.text for t in span]
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                if not all(w[:1].isupper() for w in words[k:k + n]):
                    continue
                place = self.gazetteer.resolve(" ".join(words[k:k + n]))
                if place is not None and place.feature == "region" and place.country:
                    return place.country
        return None

    def place_after(self, doc: Doc, span: Span) -> str | None:
        """"the Centers for Disease Control in the United States": a body said to be in a country is its."""
        i = span.end
        if i + 1 >= len(doc) or doc[i].lower_ != "in":
            return None
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        if j >= len(doc):
            return None
        hit = doc.user_data.get(GAZETTEER_CODES, {}).get(j)
        return hit if hit is not None and self.names_country(clean_name(doc[j].text)) else None

    def context_code(self, doc: Doc, span: Span, depth: int = 0) -> tuple[str | None, str | None, str | None]:
        """Country, sector and role from the words around a name, strongest evidence first.

        A country before the title ("Tajik President") or in the name's own modifiers ("Russian artist Max
        Birstein") beats "of Egypt" after it, which beats an apposition, a conjunct's context, an
        intergovernmental body before the title ("AU chairperson"), and finally the phrase the name sits in.
        """
        sector = role = None
        codes: list[str] = []
        weak: list[str] = []  # IGO/NGO codes: used only when no country is found
        title = self.title_before(doc, span)
        if title is None and span.start >= 3 and doc[span.start - 2].lower_ == "of" \
                and doc[span.start - 3].lower_ in self.title_set and doc[span.start - 1].is_title:
            town = doc[span.start - 1]  # "Mayor of Koszalin Piotr Jedlinski"
            place = self.gazetteer.resolve(town.text) if self.gazetteer is not None else None
            code = self.token_code(town) or self.knowledge.place(town.text) or (place.country if place else None)
            if code:
                codes.append(code)
            title = doc[span.start - 3].lower_
        if title:
            sw = self.knowledge.sector_word(title)
            sector = sw.sector if sw else None
            role = title.title()
            left = self.code_left_of_title(doc, span, title)
            if left:
                (weak if left in ("IGO", "NGO", "MNC") else codes).append(left)
        root = span.root
        for c in root.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < span.start:
                for t in (c, *[cc for cc in c.children if cc.dep_ in ("amod", "compound", "poss", "nmod") and cc.i < span.start]):
                    code = self.token_code(t)
                    if code:
                        (weak if code in ("IGO", "NGO", "MNC") else codes).append(code)
                if sector is None:
                    sw = self.knowledge.sector_word(c.lemma_.lower())
                    sector = sw.sector if sw else None
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i >= span.end:
                for p in c.children:
                    if p.dep_ == "pobj":
                        code = self.token_code(p) or self.organisation_code(p) or next(
                            (self.token_code(m) for m in p.children if m.dep_ in ("amod", "compound", "poss", "nmod")
                             and m.i < p.i and self.token_code(m)), None)  # "of the Czech embassy"
                        if code:
                            (weak if code in ("IGO", "NGO", "MNC") else codes).append(code)
        appos = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            appos.append(root.head)
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "X is a senior Fatah official"
            appos += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        appos += [c for v in root.children if v.dep_ == "relcl" and v.lemma_ == "be"  # "X, who is Malaysian,"
                  for c in v.children if c.dep_ in ("attr", "acomp") and self.token_code(c)]
        for a in appos:
            if a.ent_type_ and a.ent_type_ not in ("ORG", "NORP", "GPE"):
                continue
            if title and a.pos_ == "PROPN":
                continue  # "an interview with Der Spiegel, King Hamad ...": a name beside a titled name is no role
            c2, s2, r2 = self.code_of_phrase(a)
            if c2:
                codes.append(c2)
            sector = sector or s2
            role = role or r2
        verbs = ([root.head] if root.dep_ == "nsubj" else []) + [c for c in root.children if c.dep_ == "relcl"]
        for verb in (v for v in verbs if not codes and v.lemma_.lower() in WORKING_VERBS):  # "who works for"
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "from", "at")):
                for obj in (g for g in prep.children if g.dep_ == "pobj"):  # "X reports from VOA's bureau"
                    found = self.token_code(obj) or self.organisation_code(obj) or next(
                        (self.token_code(m) for m in obj.children if m.dep_ in ("poss", "compound")
                         and self.token_code(m)), None)
                    if found:
                        (weak if found in ("IGO", "NGO", "MNC") else codes).append(found)
        if not codes and depth == 0 and root.dep_ == "conj" and root.head.ent_type_ == "PERSON":
            head_span = entity_at(root.head)
            if head_span is not None:
                c2, s2, r2 = self.context_code(doc, head_span, depth + 1)
                if c2:
                    codes.append(c2)
                sector, role = sector or s2, role or r2
        if not codes and not weak:
            tok, steps = root, 0
            while steps < 4 and tok.dep_ in ("pobj", "prep", "conj", "compound", "appos", "dobj", "nmod", "poss") \
                    and tok.head is not tok:
                if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
                    break  # "with Der Spiegel, King Hamad ...": two names side by side, neither the other's role
                sibling = tok.dep_ == "conj"
                tok = tok.head
                steps += 1
                if sibling:  # a listed peer's own country is not its ("the Irish X Association and the Y Network"),
                    # but an "of" after the name that the parser hung on the peer is ("X of Croatia and Y of Slovenia")
                    after = [self.token_code(p) for c in tok.children if c.dep_ == "prep" and c.i >= span.end
                             and c.lower_ in ("of", "from") for p in c.children if p.dep_ == "pobj"]
                    codes += [c for c in after if c][:1]
                    if codes:
                        break
                    continue
                if tok.pos_ in ("NOUN", "PROPN"):
                    c2, s2, _ = self.code_of_phrase(tok, own=False, preps=("of", "for"))
                    if c2:
                        codes.append(c2)
                        sector = sector or s2
                        break
                elif tok.dep_ != "prep":
                    break
        if not codes and not weak:
            codes += [c for c in [self.code_after(doc, span)] if c]
        code = codes[0] if codes else (weak[0] if weak else None)
        return code, sector, role

    def code_after(self, doc: Doc, span: Span) -> str | None:
        """"Jong Son from South Korea", "Steve Hale of Louisiana": a country or state right after the name,
        whatever the parser attached it to."""
        i = span.end
        if i + 1 >= len(doc) or doc[i].lower_ not in ("of", "from"):
            return None
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        if j >= len(doc) or doc[j].ent_type_ != "GPE":
            return None
        return self.token_code(doc[j])

    def code_left_of_title(self, doc: Doc, span: Span, title: str) -> str | None:
        n_title = len(title.split())
        i = span.start - n_title - 1
        for j in range(i, max(i - 3, -1), -1):
            if j < 0:
                break
            tok = doc[j]
            if tok.text in APOSTROPHES or tok.tag_ == "POS":
                continue
            code = self.token_code(tok)
            if code:
                return code
            if not (tok.is_title or tok.is_upper):
                break
        return None

    def code_of_phrase(self, head: Token, own: bool = True, preps: tuple[str, ...] = ("of", "for", "in", "at"),
                        depth: int = 0) -> tuple[str | None, str | None, str | None]:
        """The country a noun phrase names through its modifiers: "the Mayor of Dushanbe", "Tajik counterpart",
        "the Afghan team's coach", "first secretary at the Chilean embassy", "head of the X Campaign" (NGO)."""
        code = self.token_code(head) if own else None
        sector = role = None
        sw = self.knowledge.token_sector_word(head.lemma_, head.text)
        if sw:
            sector = sw.sector
            if sw.title:
                role = head.text
        for c in head.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod"):
                code = code or self.token_code(c) or next(
                    (self.token_code(m) for m in c.children if m.dep_ in ("amod", "compound", "poss", "nmod")
                     and m.i < c.i and self.token_code(m)), None)
            elif c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        code = code or self.token_code(p) or self.organisation_code(p)
                        if code is None and own and depth < 1 and p.pos_ == "NOUN":
                            code = self.code_of_phrase(p, own=False, preps=("of",), depth=depth + 1)[0]
                        if role and c.lower_ == "of":
                            role = f"{role} of {clean_name(p.text)}"
            elif c.dep_ == "conj" and own:
                c2, s2, _ = self.code_of_phrase(c)
                code, sector = code or c2, sector or s2
        return code, sector, role

    def names_country(self, name: str) -> bool:
        k = self.knowledge
        return any(lookup(name) is not None for lookup in (k.country, k.country_by_adjective, k.country_by_capital,
                                                            k.country_by_metonym))

    def organisation_code(self, tok: Token) -> str | None:
        """The code of the organisation a token's entity names, from the hand list, the converted dictionaries,
        its head word ("the Ireland Palestine Solidarity Campaign" -> NGO) or the place it is "of" ("the University
        of Miami" -> USA): whom a person heading it or working at it acts for."""
        ent = entity_at(tok) if tok.ent_type_ == "ORG" else None
        if ent is None:
            return None
        name = clean_name(ent.text)
        k = self.knowledge
        org = k.organisation(name) or k.fallback_organisation(name)
        if org is not None:
            return org.code
        if k.name_kind(name) == "ngo":
            return "NGO"
        return self.place_of_name(name)  # "a professor at the University of Miami"

    def place_of_name(self, name: str, hint: str | None = None) -> str | None:
        """The country of the place a body is named "of": "University of Miami", "Court of Session of Scotland"
        (the field's country lists first, then the gazetteer, which prefers the hinted country)."""
        where = name.rsplit(" of ", 1)[1] if " of " in name else None
        if not where or not where[:1].isupper():
            return None
        place = self.gazetteer.resolve(where, hint) if self.gazetteer is not None else None
        return self.knowledge.place(where) or (place.country if place else None)

    def token_code(self, tok: Token) -> str | None:
        """The country a single token names, by name, adjective, capital or metonym (multi-word via its entity)."""
        ent = entity_at(tok) if tok.ent_type_ == "GPE" else None
        if ent is not None and len(ent) > 1 and not self.names_country(clean_name(ent.text)):
            place = self.gazetteer.resolve(clean_name(ent.text)) if self.gazetteer is not None else None
            if place is not None:  # "New Mexico governor", "New Jersey Governor": the state, not Mexico or Jersey
                return place.country
        known = tok.doc.user_data.get(GAZETTEER_CODES, {}).get(tok.i)
        if known:
            return known
        text = clean_name(tok.text)
        k = self.knowledge
        for lookup in (k.country, k.country_by_adjective, k.country_by_capital, k.country_by_metonym):
            hit = lookup(text)
            if hit is not None:
                return hit.iso3
        if tok.ent_type_ in ("GPE", "NORP") and tok.ent_iob_ != "O":
            ent = entity_at(tok)
            if ent is not None:
                name = clean_name(ent.text)
                for lookup in (k.country, k.country_by_adjective, k.country_by_capital, k.country_by_metonym):
                    hit = lookup(name)
                    if hit is not None:
                        return hit.iso3
        org = k.organisation(text) if text[:1].isupper() else None  # "heads of state" names no State Department
        return org.code if org is not None and org.code and len(org.code) == 3 else None

    # ---- article-level settling --------------------------------------------------------------
