"""The knowledge files (countries, organisations, sector words, known actors) and O(1) lookups over them.

Knowledge is data: every fact lives in the TSV files under ``data/`` (format in docs/knowledge.md); this module
only reads, validates and indexes them once, so per-token lookups in the pipeline are plain dict hits.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from dragoman.knowledge.files import (
    _capitalised, choose_role, _index, _key, _lookup, _name_pairs, _parse_actors, _parse_countries, _parse_name_words,
    _parse_organisations, _parse_peoples, _parse_sectors, _regular_plurals, _sector_key, Country, fold,
    is_abbreviation, KnowledgeError, KnownActor, normalise, ORG_KINDS, Organisation, SECTORS, SectorWord,
)

__all__ = ["Knowledge", "Country", "KnowledgeError", "KnownActor", "ORG_KINDS", "Organisation", "SECTORS", "SectorWord",
           "fold", "is_abbreviation", "normalise"]

if TYPE_CHECKING:
    from dragoman.knowledge.dictionaries import Fallbacks


@dataclass(frozen=True)
class Knowledge:
    """All knowledge files, loaded and indexed once; immutable, safe to share between threads."""

    countries: Mapping[str, Country]
    organisations: tuple[Organisation, ...]
    actors: tuple[KnownActor, ...]
    sector_words: Mapping[str, SectorWord]
    _by_name: Mapping[str, Country]
    _by_adjective: Mapping[str, Country]
    _by_capital: Mapping[str, Country]
    _by_metonym: Mapping[str, Country]
    _by_iso2: Mapping[str, str]
    _orgs: Mapping[str, Organisation]
    _actor_layers: tuple[Mapping[str, tuple[KnownActor, ...]], ...]
    _sector_forms: Mapping[str, SectorWord]
    _titles: tuple[str, ...]
    _name_words: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    peoples: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    fallbacks: Fallbacks | None = None

    @classmethod
    def load(cls, data_dir: Path | None = None, actor_files: Sequence[Path] = (), fallbacks: bool = True) -> Knowledge:
        """Read the bundled files (or data_dir's) plus user actor files, whose rows override bundled ones, and
        the converted dictionaries behind them unless not fallbacks (the converters read the hand files only)."""
        root = Path(data_dir) if data_dir is not None else files("dragoman").joinpath("data")

        def source(name: str) -> tuple[Path, str]:
            path = root.joinpath(name)
            return path, str(path) if data_dir is not None else f"dragoman/data/{name}"

        country_rows = list(_parse_countries(*source("countries.tsv")))
        countries = [c for c, _ in country_rows]
        _index(((c.iso3, c) for c in countries), "countries.tsv iso3")
        by_iso2 = _index(((iso2, c.iso3) for c, iso2 in country_rows), "countries.tsv iso2")
        by_name = _index(_name_pairs(countries, lambda c: (c.name, *c.names)), "countries.tsv names")
        adjectives = _index(((_key(a), c) for c in countries for a in c.adjectives), "countries.tsv adjectives")
        generated = ((_key(a) + "s", c) for c in countries for a in c.adjectives
                     if not a.endswith(("s", "sh", "ch", "ese", "x", "z")))
        adjectives = {**_index(generated, "", strict=False), **adjectives}
        capitals = _index(((_key(n), c) for c in countries for n in c.capitals), "countries.tsv capitals")
        metonyms = _index(((_key(n), c) for c in countries for n in c.metonyms), "countries.tsv metonyms")

        organisations = tuple(_parse_organisations(*source("organisations.tsv")))
        orgs = _index(_name_pairs(organisations, lambda o: (o.name, *o.aliases)), "organisations.tsv names")

        words = list(_parse_sectors(*source("sectors.tsv")))
        sector_words = {w.phrase: w for w, _ in words}
        exact = _index(((_sector_key(w.phrase), w) for w, _ in words), "sectors.tsv phrases")
        plurals = ((form, w) for w, listed in words for form in (*_regular_plurals(_sector_key(w.phrase)), *listed))
        forms = {**_index(plurals, "", strict=False), **exact}
        spellings = {f for w, _ in words if w.title for f in (w.phrase, w.phrase.replace("-", " "))}
        titles = tuple(sorted(spellings, key=lambda p: (-len(p), p)))

        bundled = tuple(_parse_actors(*source("actors.tsv")))
        user_layers = [tuple(_parse_actors(Path(p))) for p in actor_files]
        overridden = {_key(a.name) for layer in user_layers for a in layer}
        layers = [tuple(a for a in bundled if _key(a.name) not in overridden), *user_layers]
        actor_layers = tuple(_actor_index(layer) for layer in reversed(layers))

        name_words = dict(_parse_name_words(*source("name_words.tsv"))) if root.joinpath("name_words.tsv").is_file() \
            else {}
        peoples = dict(_parse_peoples(*source("peoples.tsv"), {c.iso3 for c in countries})) \
            if root.joinpath("peoples.tsv").is_file() else {}
        by_iso3 = {c.iso3: c for c in countries}
        from dragoman.knowledge.dictionaries import Fallbacks  # the converted files build on this module's readers

        converted, agent_forms, demonyms = Fallbacks.load(root, lambda name: source(name)[1], forms, adjectives,
                                                          by_iso3) if fallbacks else (None, {}, {})
        proxy = MappingProxyType
        return cls(proxy(by_iso3), organisations,
                   tuple(a for layer in layers for a in layer), proxy(sector_words),
                   proxy(by_name), proxy({**demonyms, **adjectives}), proxy(capitals), proxy(metonyms),
                   proxy(by_iso2), proxy(orgs), actor_layers, proxy({**agent_forms, **forms}), titles,
                   proxy(name_words), proxy(peoples), converted)

    def country(self, text: str) -> Country | None:
        """By short name, other name or official form; all-caps abbreviations match case-sensitively."""
        return _lookup(self._by_name, text)  # type: ignore[return-value]

    def country_by_adjective(self, text: str) -> Country | None:
        """'Tajik', 'Russians', 'Tajikistani'; must be capitalised, so 'american cheese'-style noise is out."""
        return self._by_adjective.get(_key(text)) if _capitalised(text) else None

    def country_by_capital(self, text: str) -> Country | None:
        """'Moscow', 'Dushanbe', 'Washington': the capital standing for its government; must be capitalised."""
        return self._by_capital.get(_key(text)) if _capitalised(text) else None

    def country_by_metonym(self, text: str) -> Country | None:
        """'Kremlin', 'White House', 'Downing Street'; must be capitalised."""
        return self._by_metonym.get(_key(text)) if _capitalised(text) else None

    def organisation(self, text: str) -> Organisation | None:
        """By name or alias, normalised like country(); abbreviations (UN, NATO) case-sensitive."""
        return _lookup(self._orgs, text)  # type: ignore[return-value]

    def known_actor(self, name: str, on: datetime.date | None = None) -> KnownActor | None:
        """The row for a famous person, the role held on `on` if any (else the latest); None if ambiguous."""
        key = _key(name)
        rows = next((layer[key] for layer in self._actor_layers if key in layer), ())
        return choose_role(rows, on) if rows else None

    def fallback_actor(self, name: str, on: datetime.date | None = None) -> KnownActor | None:
        """A person of the converted dictionaries (Phoenix, roles mostly ending by 2014); use it only when the
        text and the hand files give nothing (see Fallbacks.actor)."""
        return self.fallbacks.actor(name, on) if self.fallbacks else None

    def fallback_organisation(self, text: str) -> Organisation | None:
        """An IGO, NGO, company, institution or armed group of the converted dictionaries, by its whole name."""
        return self.fallbacks.organisation(text) if self.fallbacks else None

    def place(self, text: str) -> str | None:
        """The country of a city or region the Phoenix country lists name ('Anjouan' -> COM); capitalised only."""
        return self.fallbacks.place(text) if self.fallbacks else None

    def company_country(self, text: str) -> str | None:
        """A listed company's home country ('Renault' -> FRA); about 1 in 10 is wrong, so text evidence wins."""
        return self.fallbacks.company_country(text) if self.fallbacks else None

    def sector_word(self, phrase: str) -> SectorWord | None:
        """'troops' -> MIL, 'prime ministers' -> GOV; lower-cased, hyphens read as spaces, plurals accepted."""
        return self._sector_forms.get(_sector_key(phrase))

    def token_sector_word(self, lemma: str, text: str) -> SectorWord | None:
        """A token's sector word by its lemma, else by its own form (the lemmatiser misses some plurals)."""
        return self.sector_word(lemma.lower()) or self.sector_word(text.lower())

    def name_kind(self, name: str) -> str | None:
        """'place' or 'ngo' when the head word of a proper name says so (name_words.tsv): 'Freedom Square' is a
        place, 'Palestine Solidarity Association of Sweden' an NGO."""
        words = _key(name).split()
        for i, word in enumerate(words):
            if word in ("of", "for") and i > 0:
                words = words[:i]
                break
        kind = self._name_words.get(words[-1]) if words else None
        return kind if kind not in ("place-noun", "thing-noun", "igo-members") else None

    def descriptor_kind(self, phrase: str) -> str | None:
        """'ngo' for a common-noun phrase that describes a civil-society body ('rights group', 'charity'), 'igo'
        for one that describes an intergovernmental body ('regional bloc')."""
        return self._name_words.get(_key(phrase))

    def titles(self) -> tuple[str, ...]:
        """Title phrases (lower case, hyphenated ones also spaced), longest first, so 'deputy prime minister'
        is tried before 'minister'."""
        return self._titles

    def iso3_from_iso2(self, iso2: str) -> str | None:
        """'TJ' -> 'TJK', for gazetteers keyed by ISO alpha-2."""
        return self._by_iso2.get(iso2.strip().upper())


def _actor_index(actors: Iterable[KnownActor]) -> Mapping[str, tuple[KnownActor, ...]]:
    index: dict[str, list[KnownActor]] = {}
    for actor in actors:
        for key in {_key(n) for n in (actor.name, *actor.aliases)}:
            index.setdefault(key, []).append(actor)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})
