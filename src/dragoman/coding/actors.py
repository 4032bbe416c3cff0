"""Actor stage: find every person, organisation and country in a parsed article and resolve it.

Gazetteers (knowledge files) come first, then the model's entities corrected by rules, then the text
itself ("Tajik President Emomali Rahmon", "Rustam Emomali, the Mayor of Dushanbe"). Later mentions
("Rahmon", "Moscow") link to the actor first introduced.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from dragoman.knowledge.tables import Knowledge
from dragoman.knowledge.words import word_lists
from dragoman.coding.names import (described_as_ngo, entity_at, gathers_states, is_document, is_named_thing, named_things,
                            names_place, portfolio_of_title, proper_sequence)
from dragoman.nlp import DATELINE
from dragoman.facts.places import Gazetteer
from dragoman.coding.registry import ActorTable, Registry, slug
from dragoman.coding.setting import place_peoples, settle_codes, story_setting

PERSONISH = {"PERSON"}
ORGISH = {"ORG"}
PLACEISH = {"GPE", "LOC", "FAC"}
ORG_SECTORS_KIND = {"BUS", "MED", "EDU", "REL", "LAB", "PTY"}
_WORDS = word_lists("actor_words.toml", ("working_verbs", "leader_nouns"))
WORKING_VERBS = _WORDS["working_verbs"]
LEADER_NOUNS = _WORDS["leader_nouns"]
APOSTROPHES = ("'s", "’s", "'", "’")
MONTHS = frozenset(calendar.month_name[1:])
GAZETTEER_CODES = "dragoman.gazetteer_codes"  # keys in Doc.user_data
COUNTRY_HINT = "dragoman.country_hint"


@dataclass(frozen=True)
class GazetteerHit:
    """What a knowledge-file phrase names: a country (by name, capital, metonym or adjective) or an organisation."""

    kind: str  # country | capital | metonym | adjective | organisation | known-actor
    code: str | None
    sector: str | None
    name: str  # canonical name


class ActorMatcher:
    """Phrase matchers over the knowledge files, built once per pipeline and shared across articles."""

    def __init__(self, nlp, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.hits: dict[str, GazetteerHit] = {}
        patterns: dict[str, GazetteerHit] = {}
        for country in knowledge.countries.values():
            for name in (country.name, *country.names):
                patterns.setdefault(name, GazetteerHit("country", country.iso3, "GOV", country.name))
            for name in country.capitals:
                patterns.setdefault(name, GazetteerHit("capital", country.iso3, "GOV", country.name))
            for name in country.metonyms:
                patterns.setdefault(name, GazetteerHit("metonym", country.iso3, "GOV", country.name))
            for name in country.adjectives:
                patterns.setdefault(name, GazetteerHit("adjective", country.iso3, None, country.name))
                if not name.endswith(("s", "sh", "ch", "ese", "x", "z")):
                    patterns.setdefault(name + "s", GazetteerHit("adjective", country.iso3, None, country.name))
        for name, codes in knowledge.peoples.items():
            patterns.setdefault(name, GazetteerHit("people", None, None, name))
        for org in knowledge.organisations:
            for name in (org.name, *org.aliases):
                patterns[name] = GazetteerHit("organisation", org.code or None, org.sector, org.name)
        for person in knowledge.actors:
            for name in (person.name, *person.aliases):
                patterns.setdefault(name, GazetteerHit("known-actor", None, None, person.name))
        texts = []
        for text, hit in patterns.items():
            text = text.strip()
            if text.lower().startswith("the "):
                text = text[4:]
            if text:
                texts.append((text, hit))
        for (text, hit), pattern in zip(texts, nlp.tokenizer.pipe(t for t, _ in texts)):
            key = f"G{len(self.hits)}"
            self.hits[key] = hit
            self.matcher.add(key, [pattern])

    def __call__(self, doc: Doc) -> list[tuple[int, int, GazetteerHit]]:
        found = [(s, e, self.hits[doc.vocab.strings[m]]) for m, s, e in self.matcher(doc)]
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        chosen: list[tuple[int, int, GazetteerHit]] = []
        taken: set[int] = set()
        for s, e, hit in sorted(found, key=lambda x: -(x[1] - x[0])):
            if taken.intersection(range(s, e)):
                continue
            if not _whole_tokens_capitalised(doc[s:e]):
                continue
            chosen.append((s, e, hit))
            taken.update(range(s, e))
        return sorted(chosen, key=lambda x: x[0])


def _whole_tokens_capitalised(span: Span) -> bool:
    return span[0].text[:1].isupper() or span[0].text[:1].isdigit()


def clean_name(text: str) -> str:
    """A display name: no leading article, no possessive, no quotes, single spaces."""
    text = re.sub(r"\s+", " ", text).strip(" \"“”‘’'.,;:()[]")
    for suffix in APOSTROPHES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip(" \"“”‘’'")


class ActorResolver:
    """Resolves the actors of one article at a time; holds only shared, read-only state."""

    def __init__(self, knowledge: Knowledge, matcher: ActorMatcher, gazetteer: Gazetteer | None = None) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.gazetteer = gazetteer
        self.titles = tuple(t.lower() for t in knowledge.titles())
        self.title_set = frozenset(self.titles)
        self.title_words = frozenset(w for t in self.titles for w in t.split())

    # ---- entry point -------------------------------------------------------------------------
    def resolve(self, doc: Doc, published: dt.date | None = None) -> ActorTable:
        table = ActorTable()
        registry = Registry(table)
        hits = self.matcher(doc)
        hit_tokens: dict[int, tuple[int, int, GazetteerHit]] = {}
        for s, e, hit in hits:
            for i in range(s, e):
                hit_tokens[i] = (s, e, hit)
        # per-document: which tokens a gazetteer gives a code ("State Department" -> USA), for context lookups
        doc.user_data[GAZETTEER_CODES] = {i: h.code for i, (_, _, h) in hit_tokens.items()
                                          if h.code and h.kind != "known-actor"}
        named = Counter(h.code for _, _, h in hits if h.code and h.kind in ("country", "capital", "adjective"))
        doc.user_data[COUNTRY_HINT] = named.most_common(1)[0][0] if named else None  # "Ontario" in a Canadian story
        spans = self._candidate_spans(doc, hits)
        for span, label in spans:
            self._resolve_span(doc, span, label, hit_tokens, registry, published)
        table.setting = story_setting(doc, table, self.knowledge, self.gazetteer)
        place_peoples(table, self.knowledge)
        settle_codes(table)
        return table

    # ---- candidates --------------------------------------------------------------------------
    def _candidate_spans(self, doc: Doc, hits) -> list[tuple[Span, str]]:
        """Entities and gazetteer hits, longest first where they overlap, in text order."""
        cands: list[tuple[Span, str]] = []
        for s, e, hit in hits:
            cands.append((doc[s:e], "GAZ:" + hit.kind))
        for ent in doc.ents:
            if ent.label_ in PERSONISH | ORGISH | PLACEISH | {"NORP"}:
                span = self._trim(ent)
                if len(span) and span[0].is_lower and span[0].is_alpha:
                    continue  # lower-case "names" are model noise (often foreign-language quotes)
                if len(span) and self._inside_title(doc, span):
                    continue  # "State" in "Secretary of State"
                if len(span) and span.text.isupper() and len(span.text) > 5 and span.start_char < 60 \
                        and DATELINE.match(doc.text):
                    continue  # the dateline city, "DUSHANBE": read as the story's setting instead
                if len(span) and ent.label_ in ORGISH and portfolio_of_title(self.knowledge, doc, span):
                    continue  # "Minister of the Interior": the portfolio of a title, no actor
                if len(span) and ent.label_ in ORGISH and is_document(self.knowledge, clean_name(span.text)):
                    continue  # "the new Executive Order"
                cands.append((span, ent.label_))
        things = named_things(self.knowledge, doc)
        cands = [(sp, lab) for sp, lab in cands if len(sp) > 0 
                 and not is_named_thing(self.knowledge, clean_name(sp.text), things)]
        # prefer gazetteer hits that cover the whole entity; else the longer span
        def rank(c):
            sp, lab = c
            return (-(sp.end - sp.start), 0 if lab.startswith("GAZ") else 1)

        chosen: list[tuple[Span, str]] = []
        taken: set[int] = set()
        for sp, lab in sorted(cands, key=rank):
            if taken.intersection(range(sp.start, sp.end)):
                continue
            chosen.append((sp, lab))
            taken.update(range(sp.start, sp.end))
        return sorted(chosen, key=lambda c: c[0].start)

    def _trim(self, ent: Span) -> Span:
        """Drop a leading article, "Leaders of", and a trailing possessive or punctuation from an entity span."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
            start += 1
        if end - start > 2 and doc[start + 1].lower_ == "of" and self.knowledge.sector_word(doc[start].lower_):
            start += 2
        while end > start and (doc[end - 1].text in APOSTROPHES or doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
            end -= 1
        if ent.label_ in ORGISH and start >= 3 and doc[start - 1].like_num and doc[start - 2].text in MONTHS \
                and doc[start - 3].lower_ == "the":
            start -= 2  # "the February 14 Youth Coalition": a movement named after a date
        if ent.label_ in PERSONISH and end - start >= 3 and start >= 2 and doc[start - 1].lower_ == "of" \
                and doc[start - 2].lower_ in self.title_set:
            start += 1  # "Mayor of Koszalin Piotr Jedlinski": the town belongs to the title
        return doc[start:end]

    # ---- resolution --------------------------------------------------------------------------
    def _resolve_span(self, doc: Doc, span: Span, label: str, hit_tokens, registry: "Registry",
                      published: dt.date | None) -> None:
        text = clean_name(span.text)
        if not text or not any(ch.isalpha() for ch in text) or "[" in text or "]" in text:
            return  # "W]e", "Pittsburg[h": an editor's bracket inside a quoted word is no name
        if label.startswith("GAZ:"):
            hit = hit_tokens[span.start][2]
            if hit.kind == "known-actor":
                self._person(doc, span, text, registry, published)
            elif hit.kind == "organisation":
                code = hit.code or (None if hit.sector == "REB" else self._context_code(doc, span)[0])
                name = text if not text.isupper() else hit.name
                actor = registry.add(span, "organization", name, code, hit.sector, source="gazetteer",
                                     key=f"org:{slug(hit.name)}")
                if hit.name not in actor.aliases and hit.name != actor.name:
                    actor.aliases.append(hit.name)
            elif hit.kind in ("country", "capital", "metonym"):
                registry.add(span, "country", hit.name, hit.code, "GOV", source="gazetteer", key=f"country:{hit.code}")
            elif hit.kind == "people":
                registry.add(span, "adjective", hit.name, None, None, source="peoples",
                             key=f"people:{slug(hit.name)}")
            elif hit.kind == "adjective":
                registry.add(span, "adjective", hit.name, hit.code, None, source="gazetteer", key=f"country:{hit.code}")
            return
        # model entities not in any gazetteer
        known_org = registry.organisation_by_name(text)
        if known_org is not None and label != "GPE":
            registry.add(span, "organization", text, known_org.code, known_org.sector, existing=known_org)
            return
        inner = [hit_tokens[i] for i in range(span.start, span.end) if i in hit_tokens]
        described = self.knowledge.descriptor_kind(text) if label in ORGISH else None
        if described in ("ngo", "igo"):  # "its ban against NGO activities": a kind of body, no named one
            registry.add(span, "adjective", text, described.upper(), None, source="description",
                         key=f"description:{slug(text)}")
            return
        if label in PERSONISH | ORGISH | {"FAC"} and names_place(self.knowledge, self.gazetteer, span, text, label,
                                                                 self._title_before(doc, span) is not None):
            place = self.gazetteer.resolve(text, doc.user_data.get(COUNTRY_HINT)) if self.gazetteer else None
            code = self.knowledge.place(text) or (place.country if place else None) or \
                next((h.code for _, _, h in inner if h.code and h.kind != "organisation"), None)
            registry.add(span, "location", text, code, None, source="place", key=f"place:{slug(text)}")
            return
        if label in PLACEISH and not self._looks_like_person(doc, span, registry):
            if label == "FAC" or self._is_org_by_apposition(doc, span):
                self._organisation(doc, span, text, registry, inner)
                return
            place = self.gazetteer.resolve(text, doc.user_data.get(COUNTRY_HINT)) if self.gazetteer else None
            if place is not None:
                registry.add(span, "location", place.name, place.country, None, source="gazetteer",
                             key=f"place:{slug(place.name)}")
            elif label == "GPE" and proper_sequence(span) and len(span) >= 2 and self._title_before(doc, span):
                self._person(doc, span, text, registry, published)
            else:
                registry.add(span, "location", text, inner[0][2].code if inner else None, None, source="model",
                             key=f"place:{slug(text)}")
            return
        if label == "NORP":
            return
        if label in PERSONISH or self._looks_like_person(doc, span, registry):
            if self._is_org_by_apposition(doc, span):
                self._organisation(doc, span, text, registry, inner)
            else:
                self._person(doc, span, text, registry, published)
            return
        self._organisation(doc, span, text, registry, inner)

    def _looks_like_person(self, doc: Doc, span: Span, registry: "Registry") -> bool:
        """The model mislabels people as places: a known surname, a title before, or a person in conjunction."""
        if not proper_sequence(span):
            return False
        if registry.person_by_surname(clean_name(span.text).split()[-1]) is not None:
            return True
        if self._title_before(doc, span):
            return True
        root = span.root
        partners = [root.head] if root.dep_ == "conj" else []
        partners += [c for c in root.children if c.dep_ == "conj"]
        return any(p.ent_type_ == "PERSON" for p in partners) and self.gazetteer is not None \
            and self.gazetteer.resolve(clean_name(span.text)) is None

    def _inside_title(self, doc: Doc, span: Span) -> bool:
        if not all(t.lower_ in self.title_words for t in span):
            return False
        before = " ".join(t.lower_ for t in doc[max(span.start - 3, 0):span.start])
        phrase = f"{before} {span.text.lower()}".strip()
        return any(phrase.endswith(t) and len(t) > len(span.text) for t in self.titles if span.text.lower() in t)

    def _title_before(self, doc: Doc, span: Span) -> str | None:
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

    def _is_org_by_apposition(self, doc: Doc, span: Span) -> bool:
        """"Tajikistan's national power company, Barky Tochik": a name in apposition to an organisation noun."""
        root = span.root
        heads = []
        if root.dep_ == "appos":
            heads.append(root.head)
        heads += [c for c in root.children if c.dep_ == "appos"]
        for h in heads:
            sw = self.knowledge.token_sector_word(h.lemma_, h.text)
            if sw and sw.sector in ORG_SECTORS_KIND and not sw.title:
                return True
        return False

    def _person(self, doc: Doc, span: Span, text: str, registry: "Registry", published: dt.date | None) -> None:
        if span.root.dep_ == "compound" and span.root.head.lemma_.lower() in LEADER_NOUNS \
                and span.root.head.i >= span.end:  # "the Bush administration": its country, not a person named
            known = self.knowledge.known_actor(text, published) or self.knowledge.fallback_actor(text, published)
            code = known.code if known is not None else self._context_code(doc, span)[0]
            registry.add(span, "adjective", text, code, None, source="leader", key=f"leader:{slug(text)}")
            return
        words = [w for w in text.split() if w]
        while words and words[0].lower() in self.title_set:
            words = words[1:]
        if len(words) > 2 and span[0].is_sent_start and self.knowledge.sector_word(words[0].lower()):
            words = words[1:]  # "Farmer Pieter van Rensburg said": an agent noun capitalised at a sentence start
        name = " ".join(words) or text
        existing = registry.person_by_name(name)
        code, sector, role = self._context_code(doc, span)
        known = self.knowledge.known_actor(name, published)
        if known is not None and existing is not None \
                and known.name.split()[-1].lower() != existing.name.lower().split()[-1]:
            known = None  # "Abe" after "Abe Sapien" is him, not a leader whose surname is Abe
        if known is not None and existing is None:
            existing = registry.person_by_name(known.name)  # "Erdogan" after "Recep Tayyip Erdoğan"
        source = "text"
        if known is not None:
            code = known.code or code  # a dated office beats a guess from the sentence
            sector = sector or known.sector
            role = role or known.role
            source = "actors-file" if code == known.code else source
            if existing is None and len(name.split()) == 1 and registry.person_by_name(known.name) is None:
                name = known.name
        elif code is None and (existing is None or existing.code is None):
            older = self.knowledge.fallback_actor(name, published)  # Phoenix: after the text, before the setting
            descriptors = [c for c in span.root.children
                           if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < span.start]
            descriptors += [d for c in descriptors for d in c.children if d.dep_ == "compound" and d.pos_ == "NOUN"]
            earlier = next((e for e in map(registry.table.earlier_nationality, descriptors) if e is not None), None)
            if older is not None and sector not in (None, older.sector, "ELI") and older.sector not in (None, "ELI"):
                older = None  # "RCMP Constable Gary Gray" is no namesake minister
            if older is not None and existing is not None \
                    and older.name.split()[-1].lower() != existing.name.lower().split()[-1]:
                older = None  # "Abe" after "Abe Sapien"
            if older is not None:
                code, sector, source = older.code, sector or older.sector, "phoenix"
            elif earlier is not None:
                code, source = earlier.code, "earlier"  # "team member X" after "the Afghan team"
        registry.add(span, "person", name, code, sector, role=role, source=source, existing=existing)

    def _organisation(self, doc: Doc, span: Span, text: str, registry: "Registry", inner) -> None:
        code, sector, _ = self._context_code(doc, span)
        cause = next((t.i for t in span if t.lower_ == "for"), span.end)
        for s, e, hit in inner:
            if s > cause:
                continue  # "the Campaign for Palestine", "American Muslims for Syria": a cause, not whose body it is
            if hit.kind in ("country", "adjective", "capital") and code is None:
                code = hit.code
            if hit.kind == "organisation":
                code, sector = code or hit.code, sector or hit.sector
        source = "text"
        listed = self.knowledge.fallback_organisation(text)  # the whole name in the field's dictionaries
        if listed is not None and listed.kind == "armed-group" and " " not in text and not text.isupper():
            listed = None  # a one-word group name ("Avengers") is more often a film or a team
        if listed is not None and (listed.code or listed.kind != "armed-group"):
            code, sector, source = listed.code or code, sector or listed.sector, "phoenix"
        elif self.knowledge.name_kind(text) == "ngo" or described_as_ngo(self.knowledge, span):
            code, sector, source = "NGO", sector or "CVL", "name"
        elif gathers_states(self.knowledge, span):  # "member states of the Lima Group": not Peru's
            code, source = "IGO", "description"
        elif code is None and (len(span) > 1 or not (span[0].is_sent_start or (text.isupper() and len(text) < 4))):
            code = self.knowledge.company_country(text)  # not "Next, we tested ..." nor the brain's "ACC"
            sector, source = (sector or "BUS", "companies") if code else (sector, source)
        if sector is None:
            for tok in reversed(span):
                sw = self.knowledge.token_sector_word(tok.lemma_, tok.text)
                if sw:
                    sector = sw.sector
                    break
        registry.add(span, "organization", text, code, sector, source=source)

    # ---- context: who does a name act for ----------------------------------------------------
    def _context_code(self, doc: Doc, span: Span, depth: int = 0) -> tuple[str | None, str | None, str | None]:
        """Country, sector and role from the words around a name, strongest evidence first.

        A country before the title ("Tajik President") or in the name's own modifiers ("Russian artist Max
        Birstein") beats "of Egypt" after it, which beats an apposition, a conjunct's context, an
        intergovernmental body before the title ("AU chairperson"), and finally the phrase the name sits in.
        """
        sector = role = None
        codes: list[str] = []
        weak: list[str] = []  # IGO/NGO codes: used only when no country is found
        title = self._title_before(doc, span)
        if title is None and span.start >= 3 and doc[span.start - 2].lower_ == "of" \
                and doc[span.start - 3].lower_ in self.title_set and doc[span.start - 1].is_title:
            town = doc[span.start - 1]  # "Mayor of Koszalin Piotr Jedlinski"
            place = self.gazetteer.resolve(town.text) if self.gazetteer is not None else None
            code = self._token_code(town) or self.knowledge.place(town.text) or (place.country if place else None)
            if code:
                codes.append(code)
            title = doc[span.start - 3].lower_
        if title:
            sw = self.knowledge.sector_word(title)
            sector = sw.sector if sw else None
            role = title.title()
            left = self._code_left_of_title(doc, span, title)
            if left:
                (weak if left in ("IGO", "NGO", "MNC") else codes).append(left)
        root = span.root
        for c in root.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < span.start:
                for t in (c, *[cc for cc in c.children if cc.dep_ in ("amod", "compound", "poss", "nmod") and cc.i < span.start]):
                    code = self._token_code(t)
                    if code:
                        (weak if code in ("IGO", "NGO", "MNC") else codes).append(code)
                if sector is None:
                    sw = self.knowledge.sector_word(c.lemma_.lower())
                    sector = sw.sector if sw else None
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i >= span.end:
                for p in c.children:
                    if p.dep_ == "pobj":
                        code = self._token_code(p)
                        if code:
                            codes.append(code)
        appos = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            appos.append(root.head)
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "X is a senior Fatah official"
            appos += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        for a in appos:
            if a.ent_type_ and a.ent_type_ not in ("ORG", "NORP", "GPE"):
                continue
            if title and a.pos_ == "PROPN":
                continue  # "an interview with Der Spiegel, King Hamad ...": a name beside a titled name is no role
            c2, s2, r2 = self._code_of_phrase(a)
            if c2:
                codes.append(c2)
            sector = sector or s2
            role = role or r2
        verbs = ([root.head] if root.dep_ == "nsubj" else []) + [c for c in root.children if c.dep_ == "relcl"]
        for verb in (v for v in verbs if not codes and v.lemma_.lower() in WORKING_VERBS):  # "who works for"
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "from", "at")):
                for obj in (g for g in prep.children if g.dep_ == "pobj"):  # "X reports from VOA's bureau"
                    found = self._token_code(obj) or self._organisation_code(obj) or next(
                        (self._token_code(m) for m in obj.children if m.dep_ in ("poss", "compound")
                         and self._token_code(m)), None)
                    if found:
                        (weak if found in ("IGO", "NGO", "MNC") else codes).append(found)
        if not codes and depth == 0 and root.dep_ == "conj" and root.head.ent_type_ == "PERSON":
            head_span = entity_at(root.head)
            if head_span is not None:
                c2, s2, r2 = self._context_code(doc, head_span, depth + 1)
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
                    after = [self._token_code(p) for c in tok.children if c.dep_ == "prep" and c.i >= span.end
                             and c.lower_ in ("of", "from") for p in c.children if p.dep_ == "pobj"]
                    codes += [c for c in after if c][:1]
                    if codes:
                        break
                    continue
                if tok.pos_ in ("NOUN", "PROPN"):
                    c2, s2, _ = self._code_of_phrase(tok, own=False, preps=("of", "for"))
                    if c2:
                        codes.append(c2)
                        sector = sector or s2
                        break
                elif tok.dep_ != "prep":
                    break
        code = codes[0] if codes else (weak[0] if weak else None)
        return code, sector, role

    def _code_left_of_title(self, doc: Doc, span: Span, title: str) -> str | None:
        n_title = len(title.split())
        i = span.start - n_title - 1
        for j in range(i, max(i - 3, -1), -1):
            if j < 0:
                break
            tok = doc[j]
            if tok.text in APOSTROPHES or tok.tag_ == "POS":
                continue
            code = self._token_code(tok)
            if code:
                return code
            if not (tok.is_title or tok.is_upper):
                break
        return None

    def _code_of_phrase(self, head: Token, own: bool = True, preps: tuple[str, ...] = ("of", "for", "in", "at"),
                        depth: int = 0) -> tuple[str | None, str | None, str | None]:
        """The country a noun phrase names through its modifiers: "the Mayor of Dushanbe", "Tajik counterpart",
        "the Afghan team's coach", "first secretary at the Chilean embassy", "head of the X Campaign" (NGO)."""
        code = self._token_code(head) if own else None
        sector = role = None
        sw = self.knowledge.token_sector_word(head.lemma_, head.text)
        if sw:
            sector = sw.sector
            if sw.title:
                role = head.text
        for c in head.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod"):
                code = code or self._token_code(c) or next(
                    (self._token_code(m) for m in c.children if m.dep_ in ("amod", "compound", "poss", "nmod")
                     and m.i < c.i and self._token_code(m)), None)
            elif c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        code = code or self._token_code(p) or self._organisation_code(p)
                        if code is None and own and depth < 1 and p.pos_ == "NOUN":
                            code = self._code_of_phrase(p, own=False, preps=("of",), depth=depth + 1)[0]
                        if role and c.lower_ == "of":
                            role = f"{role} of {clean_name(p.text)}"
            elif c.dep_ == "conj" and own:
                c2, s2, _ = self._code_of_phrase(c)
                code, sector = code or c2, sector or s2
        return code, sector, role

    def _names_country(self, name: str) -> bool:
        k = self.knowledge
        return any(lookup(name) is not None for lookup in (k.country, k.country_by_adjective, k.country_by_capital,
                                                            k.country_by_metonym))

    def _organisation_code(self, tok: Token) -> str | None:
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
        where = name.rsplit(" of ", 1)[1] if " of " in name else None  # "a professor at the University of Miami"
        place = self.gazetteer.resolve(where) if where and self.gazetteer is not None else None
        return (k.place(where) if where else None) or (place.country if place else None)

    def _token_code(self, tok: Token) -> str | None:
        """The country a single token names, by name, adjective, capital or metonym (multi-word via its entity)."""
        ent = entity_at(tok) if tok.ent_type_ == "GPE" else None
        if ent is not None and len(ent) > 1 and not self._names_country(clean_name(ent.text)):
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
