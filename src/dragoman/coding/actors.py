"""Actor stage: find every person, organisation and country in a parsed article and resolve it.

Gazetteers (knowledge files) come first, then the model's entities corrected by rules, then the text
itself ("Tajik President Emomali Rahmon", "Rustam Emomali, the Mayor of Dushanbe"). Later mentions
("Rahmon", "Moscow") link to the actor first introduced.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from dragoman.knowledge.tables import Knowledge
from dragoman.coding.evidence import APOSTROPHES, GAZETTEER_CODES, TextEvidence, clean_name, remember_place
from dragoman.coding.names import (BODY_NOUNS, LEADER_NOUNS, NAME_PARTICLES, OFFICE_SECTORS, PERSON_NOUNS,
                                   cause_group, described_as_ngo, ends_in_title, gathers_states, is_document,
                                   is_named_thing, latin_letters, named_things, names_equipment, names_place,
                                   portfolio_of_title, proper_sequence, shared_head, with_full_stop, written_as_name)
from dragoman.nlp import DATELINE
from dragoman.facts.places import Gazetteer, Place, name_key as place_key
from dragoman.coding.registry import ActorTable, Registry, slug
from dragoman.coding.setting import place_peoples, settle_codes, story_setting

PERSONISH = {"PERSON"}
ORGISH = {"ORG"}
PLACEISH = {"GPE", "LOC", "FAC"}
ORG_SECTORS_KIND = {"BUS", "MED", "EDU", "REL", "LAB", "PTY"}
MONTHS = frozenset(calendar.month_name[1:])
COUNTRY_HINT = "dragoman.country_hint"
REGION_WORDS = {"state", "province", "region", "district", "governorate", "county"}  # "Borno state"


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


class ActorResolver:
    """Resolves the actors of one article at a time; holds only shared, read-only state."""

    def __init__(self, knowledge: Knowledge, matcher: ActorMatcher, gazetteer: Gazetteer | None = None) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.gazetteer = gazetteer
        self.evidence = TextEvidence(knowledge, gazetteer)
        self.titles = tuple(t.lower() for t in knowledge.titles())
        self.title_set = frozenset(self.titles)
        self.title_words = frozenset(w for t in self.titles for w in t.split())

    # ---- entry point -------------------------------------------------------------------------
    def resolve(self, doc: Doc, published: dt.date | None = None) -> ActorTable:
        table = ActorTable()
        registry = Registry(table)
        hits = self._namesake_regions(doc, self.matcher(doc))
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

    def _namesake_regions(self, doc: Doc, hits: list[tuple[int, int, GazetteerHit]]
                          ) -> list[tuple[int, int, GazetteerHit]]:
        """A country named like a region of another country (the gazetteer's US states: "a Georgia senator")
        means the region when the article names that other country and never the first by its adjective or
        capital ("Georgian", "Tbilisi")."""
        if self.gazetteer is None:
            return hits
        codes = {h.code for _, _, h in hits if h.kind in ("adjective", "capital", "metonym")}
        named = {h.code for _, _, h in hits if h.code}
        out = []
        for s, e, hit in hits:
            if hit.kind == "country" and hit.code not in codes:
                regions = [c for c in self.gazetteer.index.get(place_key(doc[s:e].text), ())
                           if c[4] == "region" and c[1] and c[1] != hit.code and c[1] in named]
                if regions:
                    hit = GazetteerHit("region", regions[0][1], None, regions[0][0])
            out.append((s, e, hit))
        return out

    # ---- candidates --------------------------------------------------------------------------
    def _candidate_spans(self, doc: Doc, hits) -> list[tuple[Span, str]]:
        """Entities and gazetteer hits, longest first where they overlap, in text order."""
        cands: list[tuple[Span, str]] = []
        for s, e, hit in hits:
            cands.append((doc[s:e], "GAZ:" + hit.kind))
        dateline = DATELINE.match(doc.text)
        for ent in doc.ents:
            if ent.label_ in PERSONISH | ORGISH | PLACEISH | {"NORP"}:
                span = self._trim(ent)
                if len(span) and span[0].is_lower and span[0].is_alpha:
                    continue  # lower-case "names" are model noise (often foreign-language quotes)
                if len(span) and self._inside_title(doc, span):
                    continue  # "State" in "Secretary of State"
                if len(span) and dateline and dateline.start(1) <= span.start_char < dateline.end(1):
                    continue  # the dateline city, "DUSHANBE", "DOHA", "Abuja": read as the story's setting instead
                if len(span) and ent.label_ in ORGISH and portfolio_of_title(self.knowledge, doc, span):
                    continue  # "Minister of the Interior": the portfolio of a title, no actor
                if len(span) and ent.label_ in ORGISH and is_document(self.knowledge, clean_name(span.text)):
                    continue  # "the new Executive Order"
                cands.append((span, ent.label_))
        ends = {sp.end: sp for sp, lab in cands if lab in ORGISH}
        for sp, lab in list(cands):  # "the State and Homeland Security Departments", split by the model
            before = ends.get(sp.start - 1) if lab in ORGISH and sp.start > 0 and doc[sp.start - 1].lower_ == "and" \
                else None
            if before is not None and shared_head(self.knowledge, doc[before.start:sp.end]):
                cands.append((doc[before.start:sp.end], lab))
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
        lead = self.knowledge.sector_word(doc[start].lower_) if end - start > 2 else None
        if lead is not None and lead.title and doc[start + 1].lower_ == "of":
            start += 2  # "Leaders of Hamas"; not the body of "Ministry of Strategic Affairs", "Union of Forces"
        while end > start and (doc[end - 1].text in APOSTROPHES or doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
            end -= 1
        if ent.label_ in ORGISH and start >= 3 and doc[start - 1].like_num and doc[start - 2].text in MONTHS \
                and doc[start - 3].lower_ == "the":
            start -= 2  # "the February 14 Youth Coalition": a movement named after a date
        if ent.label_ in PERSONISH and end - start >= 3 and start >= 2 and doc[start - 1].lower_ == "of" \
                and doc[start - 2].lower_ in self.title_set:
            start += 1  # "Mayor of Koszalin Piotr Jedlinski": the town belongs to the title
        if ent.label_ in PERSONISH | ORGISH and start == ent.start:
            start = self._particle_start(doc, start)
        if ent.label_ in ORGISH and start == ent.start:
            start = self._joined_start(doc, start)
        if ent.label_ in ORGISH:
            while end - start > 3 and doc[end - 1].is_lower and doc[end - 1].pos_ == "NOUN" and doc[end - 2].is_title:
                end -= 1  # "the National League for Democracy party": the kind of body, no part of its name
        return doc[start:end]

    def _joined_start(self, doc: Doc, start: int) -> int:
        """Where a body's name the model cut after "and" begins: "the U.S. Emergency Refugee and Migration
        Assistance Fund" (capitalised words before "and" that no entity holds, after an optional country)."""
        if start < 2 or doc[start - 1].lower_ != "and":
            return start
        i = start - 1
        while i > 0 and doc[i - 1].tag_ == "NNP" and doc[i - 1].is_title and doc[i - 1].ent_type_ == "" \
                and doc[i - 1].lower_ not in self.title_words:
            i -= 1
        if i == start - 1:
            return start
        if i > 0 and doc[i - 1].ent_type_ in ("GPE", "NORP") and doc[i - 1].ent_iob_ == "B" \
                and doc[i - 1].head.i >= i:
            i -= 1  # "the U.S. Emergency Refugee and ..."
        return i

    def _particle_start(self, doc: Doc, start: int) -> int:
        """Where a name the model cut after a lower-case particle begins: "Muadh ibn Jabal Brigades", "Jan de
        Vries" (the particle and the capitalised proper nouns before it, no title among them)."""
        def proper(t) -> bool:
            return t.pos_ == "PROPN" and t.is_title and t.is_alpha and t.lower_ not in self.title_words
        while start >= 2 and doc[start - 1].lower_ in NAME_PARTICLES and doc[start - 1].is_lower \
                and proper(doc[start - 2]):
            start -= 2
            while start >= 1 and proper(doc[start - 1]) and doc[start - 1].ent_type_ in ("", "PERSON", "ORG"):
                start -= 1
        return start

    # ---- resolution --------------------------------------------------------------------------
    def _resolve_span(self, doc: Doc, span: Span, label: str, hit_tokens, registry: "Registry",
                      published: dt.date | None) -> None:
        text = clean_name(span.text)
        if not text or not any(ch.isalpha() for ch in text) or "[" in text or "]" in text:
            return  # "W]e", "Pittsburg[h": an editor's bracket inside a quoted word is no name
        if not latin_letters(text):
            return  # a fragment of a quote in another script, not a name of English news
        if label.startswith("GAZ:"):
            hit = hit_tokens[span.start][2]
            if hit.kind == "known-actor":
                self._person(doc, span, text, registry, published)
            elif hit.kind == "organisation":
                code = hit.code or (None if hit.sector == "REB" else self.evidence.context_code(doc, span)[0])
                name = with_full_stop(span, text) if not text.isupper() else hit.name
                actor = registry.add(span, "organization", name, code, hit.sector, source="gazetteer",
                                     key=f"org:{slug(hit.name)}")
                if hit.name not in actor.aliases and hit.name != actor.name:
                    actor.aliases.append(hit.name)
            elif hit.kind == "region":
                registry.add(span, "location", hit.name, hit.code, None, source="gazetteer",
                             key=f"place:{slug(hit.name)}")
            elif hit.kind in ("country", "capital", "metonym"):
                registry.add(span, "country", hit.name, hit.code, "GOV", source="gazetteer", key=f"country:{hit.code}")
            elif hit.kind == "people":
                registry.add(span, "adjective", hit.name, None, None, source="peoples",
                             key=f"people:{slug(hit.name)}")
            elif hit.kind == "adjective" and not _stance_marked(doc, span.start):
                registry.add(span, "adjective", hit.name, hit.code, None, source="gazetteer", key=f"country:{hit.code}")
            return
        # model entities not in any gazetteer
        shared = shared_head(self.knowledge, span) if label in ORGISH else []
        if shared:  # "the Foreign and Defence Ministries": two bodies
            for part, name, sector in shared:
                org = self.knowledge.organisation(name)
                if org is not None and org.code:
                    registry.add(part, "organization", name, org.code, org.sector, source="gazetteer",
                                 key=f"org:{slug(org.name)}")
                else:
                    self._organisation(doc, part, name, registry, [], sector)
            return
        if label in PERSONISH | ORGISH and names_equipment(self.knowledge, span, text):
            return
        if label in ORGISH and span.root.dep_ not in ("compound", "nmod", "amod", "poss") \
                and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in span.root.children) \
                and not self.knowledge.organisation(text):
            return  # "a former US Marine", "a Boeing": one member or one product, never the body itself
        if label in ORGISH and ends_in_title(self.knowledge, span, text):
            return  # "the Gedo Governor said": an office named by its region, no body and no name
        known_org = registry.organisation_by_name(text)
        if known_org is not None and label != "GPE":
            registry.add(span, "organization", text, known_org.code, known_org.sector, existing=known_org)
            return
        if len(span) == 1 and span[0].pos_ == "PROPN" and registry.person_by_surname(text) is not None:
            self._person(doc, span, text, registry, published)  # "Lage, who is in Bolivia" after "Carlos Lage"
            return
        inner = [hit_tokens[i] for i in range(span.start, span.end) if i in hit_tokens]
        described = self.knowledge.descriptor_kind(text) if label in ORGISH else None
        if described in ("ngo", "igo"):  # "its ban against NGO activities": a kind of body, no named one
            registry.add(span, "adjective", text, described.upper(), None, source="description",
                         key=f"description:{slug(text)}")
            return
        if label in PERSONISH | ORGISH | {"FAC"} and names_place(self.knowledge, self.gazetteer, span, text, label,
                                                                 self.evidence.title_before(doc, span) is not None):
            place = self._place(doc, span, text)
            code = self.knowledge.place(text) or (place.country if place else None) or \
                next((h.code for _, _, h in inner if h.code and h.kind != "organisation"), None)
            registry.add(span, "location", text, code, None, source="place", key=f"place:{slug(text)}")
            remember_place(doc, span, code)
            return
        if label in PLACEISH and not self._looks_like_person(doc, span, registry):
            if label == "FAC" or self._is_org_by_apposition(doc, span):
                self._organisation(doc, span, text, registry, inner)
                return
            place = self._place(doc, span, text)
            if place is not None:
                registry.add(span, "location", place.name, place.country, None, source="gazetteer",
                             key=f"place:{slug(place.name)}")
                remember_place(doc, span, place.country)
            elif label == "GPE" and proper_sequence(span) and len(span) >= 2 and self.evidence.title_before(doc, span):
                self._person(doc, span, text, registry, published)
            else:
                code = inner[0][2].code if inner else self.knowledge.place(text)  # "Kerala": a region Phoenix lists
                registry.add(span, "location", text, code, None, source="model", key=f"place:{slug(text)}")
                remember_place(doc, span, code)
            return
        if label == "NORP":
            return
        if label in PERSONISH or self._looks_like_person(doc, span, registry):
            if self._is_org_by_apposition(doc, span) or self._ends_in_body_plural(span):
                self._organisation(doc, span, text, registry, inner)
            else:
                self._person(doc, span, text, registry, published)
            return
        self._organisation(doc, span, text, registry, inner)

    def _place(self, doc: Doc, span: Span, text: str) -> Place | None:
        """The gazetteer's place for a name, unless it matched another town's alternate name where the field's
        country lists place the name (or the name with its "state", "province" after it) elsewhere: "Borno state"
        is Nigerian, not the German town of Borna."""
        place = self.gazetteer.resolve(text, doc.user_data.get(COUNTRY_HINT)) if self.gazetteer else None
        if place is None or place_key(place.name) == place_key(text):
            return place
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        listed = self.knowledge.place(text) or (self.knowledge.place(f"{text} {after}") if after in REGION_WORDS
                                                 else None)
        if listed is not None and place.country != listed:
            return Place(text, listed, None, None, "region")
        return place

    def _looks_like_person(self, doc: Doc, span: Span, registry: "Registry") -> bool:
        """The model mislabels people as places: a known surname, a title before, or a person in conjunction."""
        if not proper_sequence(span):
            return False
        if registry.person_by_surname(clean_name(span.text).split()[-1]) is not None:
            return True
        if self.evidence.title_before(doc, span):
            return True
        root = span.root
        partners = [root.head] if root.dep_ == "conj" else []
        partners += [c for c in root.children if c.dep_ == "conj"]
        return any(p.ent_type_ == "PERSON" for p in partners) and self.gazetteer is not None \
            and self.gazetteer.resolve(clean_name(span.text)) is None

    def _inside_title(self, doc: Doc, span: Span) -> bool:
        """Whether an entity is part of a personal title ("State" in "Secretary of State", "Kenyan Cabinet" in
        "Kenyan Cabinet Secretary X"); a nationality before it does not count."""
        while len(span) > 1 and self.knowledge.country_by_adjective(span[0].text) is not None:
            span = span[1:]
        if not all(t.lower_ in self.title_words for t in span):
            return False
        start = max(span.start - 3, 0)
        window = [t.lower_ for t in doc[start:min(span.end + 3, len(doc))]]
        first, last = span.start - start, span.end - start  # the entity's word positions in the window
        for n in range(2, 6):  # a title of n words around the entity: "secretary of state", "chief of army staff"
            for k in range(max(first + 1 - n, 0), min(last, len(window) - n + 1)):
                if k <= first and k + n >= last and " ".join(window[k:k + n]) in self.title_set:
                    return True
        return False

    def _ends_in_body_plural(self, span: Span) -> bool:
        """"the Abu Bakr ibn Umar Brigades": a name ending in a plural collective noun of a sector (no title) is a
        body named after a person, not the person."""
        last = span[-1]
        if len(span) < 2 or not last.is_title or last.tag_ not in ("NNPS", "NNS"):
            return False
        sw = self.knowledge.token_sector_word(last.lemma_, last.text)
        return sw is not None and not sw.title and last.lemma_.lower() not in PERSON_NOUNS

    def _is_org_by_apposition(self, doc: Doc, span: Span) -> bool:
        """"Tajikistan's national power company, Barky Tochik": a name in apposition to an organisation noun, or
        one whose members are spoken of."""
        root = span.root
        heads = []
        if root.dep_ == "appos":
            heads.append(root.head)
        heads += [c for c in root.children if c.dep_ == "appos"]
        if span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lemma_.lower() == "member":
            return True  # "members of Jamaat-ul-Mujahideen Bangladesh"
        for h in heads:
            if h.lemma_.lower() in PERSON_NOUNS:
                continue  # "X, a graduate student at Y": a person among the members of a body
            comma = doc[span.end] if h.i >= span.end else doc[span.start - 1] if span.start else None
            closed = h.right_edge.i + 1 >= len(doc) or doc[h.right_edge.i + 1].is_punct
            if h.lemma_.lower() in BODY_NOUNS and comma is not None and comma.text == "," and closed \
                    and self.evidence.title_before(doc, span) is None:
                return True  # "X, Egypt's top Islamic institution", "X, an Iran-backed militia"
            sw = self.knowledge.token_sector_word(h.lemma_, h.text)
            if sw and sw.sector in ORG_SECTORS_KIND and not sw.title:
                return True
        return False

    def _person(self, doc: Doc, span: Span, text: str, registry: "Registry", published: dt.date | None) -> None:
        if span.root.dep_ == "compound" and span.root.head.lemma_.lower() in LEADER_NOUNS \
                and span.root.head.i >= span.end:  # "the Bush administration": its country, not a person named
            known = self.knowledge.known_actor(text, published) or self.knowledge.fallback_actor(text, published)
            code = known.code if known is not None else self.evidence.context_code(doc, span)[0]
            registry.add(span, "adjective", text, code, None, source="leader", key=f"leader:{slug(text)}")
            return
        words = [w for w in text.split() if w]
        while words:  # "Crown Prince Mohammed bin Salman": the longest title at the front is no part of the name
            cut = next((n for n in (3, 2, 1) if len(words) > n and " ".join(words[:n]).lower() in self.title_set), 0)
            if not cut:
                break
            words = words[cut:]
        if len(words) > 2 and span[0].is_sent_start and self.knowledge.sector_word(words[0].lower()):
            words = words[1:]  # "Farmer Pieter van Rensburg said": an agent noun capitalised at a sentence start
        name = with_full_stop(span, " ".join(words) or text)  # "Walter Wallace Jr."
        existing = registry.person_by_name(name)
        code, sector, role = self.evidence.context_code(doc, span)
        known = self._listed(self.knowledge.known_actor, name, published)
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
            older = self._listed(self.knowledge.fallback_actor, name, published)  # after the text, before the setting
            descriptors = [c for c in span.root.children
                           if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < span.start]
            descriptors += [d for c in descriptors for d in c.children if d.dep_ == "compound" and d.pos_ == "NOUN"]
            earlier = next((e for e in map(registry.table.earlier_nationality, descriptors) if e is not None), None)
            if older is not None and sector not in (None, older.sector, "ELI") and older.sector not in (None, "ELI"):
                older = None  # "RCMP Constable Gary Gray" is no namesake minister
            if older is not None and existing is not None \
                    and older.name.split()[-1].lower() != existing.name.lower().split()[-1]:
                older = None  # "Abe" after "Abe Sapien"
            former = None
            if older is None and earlier is None and role and sector in OFFICE_SECTORS and len(name.split()) > 1:
                former = self._listed(lambda n, _: self.knowledge.fallback_actor(n), name, published)
            if older is not None:
                code, sector, source = older.code, sector or older.sector, "phoenix"
            elif earlier is not None:
                code, source = earlier.code, "earlier"  # "team member X" after "the Afghan team"
            elif former is not None and former.sector in (sector, "ELI"):  # no constable namesake of a minister
                code, source = former.code, "phoenix"  # "President Macky Sall": the lists' roles end too early
        kind = "person" if known is not None or written_as_name(name) else "name"  # "Caudipteryx zoui": a phrase
        registry.add(span, kind, name, code, sector, role=role, source=source, existing=existing)

    @staticmethod
    def _listed(lookup, name: str, published: dt.date | None):
        """A person of a list by full name, else by the name without its middle or last word ("Robert Gabriel
        Mugabe", "Ricardo Rossello Nevares": the lists hold the short forms)."""
        found = lookup(name, published)
        words = name.split()
        if found is None and len(words) >= 3 and not any(w.endswith(".") for w in words):
            shorter = [f for f in (lookup(f"{words[0]} {words[-1]}", published),
                                   lookup(" ".join(words[:2]), published)) if f is not None]
            found = shorter[0] if len({f.name for f in shorter}) == 1 else None
        return found

    def _organisation(self, doc: Doc, span: Span, text: str, registry: "Registry", inner,
                      head_sector: str | None = None) -> None:
        code, sector, _ = self.evidence.context_code(doc, span)
        sector = sector or head_sector
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
        elif self.knowledge.name_kind(text) == "ngo" or described_as_ngo(self.knowledge, span) \
                or cause_group(self.knowledge, text):
            code, sector, source = "NGO", sector or "CVL", "name"
        elif gathers_states(self.knowledge, span):  # "member states of the Lima Group": not Peru's
            code, source = "IGO", "description"
        elif code is None and (len(span) > 1 or not (span[0].is_sent_start or (text.isupper() and len(text) < 4))):
            code = self.knowledge.company_country(text)  # not "Next, we tested ..." nor the brain's "ACC"
            sector, source = (sector or "BUS", "companies") if code else (sector, source)
        if code is None:
            code = self.evidence.state_in_name(span) or self.evidence.place_after(doc, span) \
                or self.evidence.place_of_name(text, doc.user_data.get(COUNTRY_HINT))
        if sector is None:
            for tok in reversed(span):
                sw = self.knowledge.token_sector_word(tok.lemma_, tok.text)
                if sw:
                    sector = sw.sector
                    break
        registry.add(span, "organization", with_full_stop(span, text), code, sector, source=source)
        if code not in ("IGO", "NGO", "MNC"):  # "Pakistani Foreign Office spokesperson X" acts for its country
            remember_place(doc, span, code)


def _stance_marked(doc: Doc, start: int) -> bool:
    """"A pro-Syrian government", "anti-American protesters": a nationality after "pro-" or "anti-" says whom the
    noun sides with or against, not whose it is."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("pro", "anti")
