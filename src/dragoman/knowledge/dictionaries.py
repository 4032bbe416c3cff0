"""The converted field dictionaries (Phoenix, NGEC, listed companies, countrynames) behind the hand knowledge
files: indexed by a precomputed key column in one pass, each row parsed only when a lookup asks for it, so tens of
thousands of names load in milliseconds. Formats: docs/knowledge.md, "Actor dictionaries"."""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dragoman.knowledge.files import (
    _ISO3, _SPECIAL_CODES, ORG_KINDS, Country, KnowledgeError, KnownActor, Organisation, SectorWord, _capitalised,
    _case_key, _key, _parse_date, _parse_sectors, _read_tsv, _regular_plurals, _sector, _sector_key,
    _split, choose_role, is_abbreviation,
)

FALLBACK_ROLE_YEARS = 8  # a converted person's role that ended longer ago than this before the story is not used


def name_keys(names: Iterable[str], keep_abbreviations: bool = True) -> tuple[str, ...]:
    """The index keys of a list of names, as the lookups compute them: all-caps names keep their case behind a
    '=' (unless not keep_abbreviations, as for people), others are lower-cased; accents, hyphens, curly quotes
    and a leading 'the' do not count."""
    return tuple(dict.fromkeys("=" + _case_key(n) if keep_abbreviations and is_abbreviation(n) else _key(n)
                               for n in names if n.strip()))


class _Keyed:
    """A generated TSV file whose first column, `keys`, holds the lookup keys of its row: indexed by key in one
    regular-expression pass over the text, and a row parsed only when a lookup asks for it, so that tens of
    thousands of names load in milliseconds."""

    _ROW = re.compile(r"^([^#\t\n][^\t\n]*)\t", re.MULTILINE)

    def __init__(self, source: Path, label: str, columns: Sequence[str]) -> None:
        self.label = label
        try:
            self.text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{label}: cannot read: {exc}") from exc
        rows = self._ROW.finditer(self.text)
        first = next(rows, None)
        self.header = self._line(first.start()).split("\t") if first else []
        missing = [c for c in ("keys", *columns) if c not in self.header]
        if missing:
            raise KnowledgeError(f"{label}: header lacks column(s) {', '.join(missing)}")
        self.rows: dict[str, list[tuple[int, int]]] = {}
        number, previous = 1, 0
        for match in rows:
            number += self.text.count("\n", previous, match.start())
            previous = match.start()
            for key in match.group(1).split("|"):
                self.rows.setdefault(key, []).append((match.start(), number))

    def _line(self, offset: int) -> str:
        end = self.text.find("\n", offset)
        return self.text[offset:end if end >= 0 else len(self.text)]

    def get(self, key: str) -> list[tuple[str, int, dict[str, str]]]:
        """(label, line number, row) for every row under this key."""
        out = []
        for offset, number in self.rows.get(key, ()):
            cells = self._line(offset).split("\t")
            if len(cells) > len(self.header):
                raise KnowledgeError(f"{self.label}:{number}: {len(cells)} fields, header has {len(self.header)}")
            out.append((self.label, number, dict(zip(self.header, cells + [""] * (len(self.header) - len(cells))))))
        return out


def _actor_row(where: str, number: int, row: dict[str, str]) -> KnownActor:
    code = row["code"]
    try:
        if not row["name"] or not (code in _SPECIAL_CODES or _ISO3.fullmatch(code)):
            raise ValueError(f"need a name and a code that is IGO, NGO, MNC or ISO-3, not {code!r}")
        start, end = _parse_date(row["start"], end=False), _parse_date(row["end"], end=True)
        return KnownActor(row["name"], _split(row["aliases"]), code, _sector(row["sector"]), row["role"] or None,
                          start, end)
    except ValueError as exc:
        raise KnowledgeError(f"{where}:{number}: {exc}") from None


def _organisation_row(where: str, number: int, row: dict[str, str]) -> Organisation:
    code = row["code"]
    try:
        if not row["name"] or (code and not (code in _SPECIAL_CODES or _ISO3.fullmatch(code))) \
                or row["kind"] not in ORG_KINDS:
            raise ValueError("need a name, a code that is IGO, NGO, MNC, ISO-3 or empty and a known kind")
        return Organisation(row["name"], _split(row["aliases"]), code or None, _sector(row["sector"]), row["kind"])
    except ValueError as exc:
        raise KnowledgeError(f"{where}:{number}: {exc}") from None


def _code_row(where: str, number: int, row: dict[str, str]) -> str:
    code = row["code"]
    if not (_ISO3.fullmatch(code) or code in _SPECIAL_CODES):
        raise KnowledgeError(f"{where}:{number}: need an ISO-3 code, IGO, NGO or MNC, not {code!r}")
    return code


@dataclass(frozen=True)
class Fallbacks:
    """The converted field dictionaries (docs/knowledge.md, "Actor dictionaries"): consulted only after the hand
    files and after the text's own evidence, because they are older or noisier."""

    actors: _Keyed | None
    organisations: _Keyed | None
    places: _Keyed | None
    companies: _Keyed | None
    leaders: _Keyed | None = None
    parties: _Keyed | None = None

    def actor(self, name: str, on: datetime.date | None = None) -> KnownActor | None:
        """The person's role (leaders.tsv and phoenix_actors.tsv) chosen like Knowledge.known_actor(), among roles
        not over by more than FALLBACK_ROLE_YEARS on `on` (a role long over is more likely a namesake's: "Dr. Andrew
        Smith" in 2019 is no MP)."""
        rows = [_actor_row(*r) for index in (self.leaders, self.actors) if index for r in index.get(_key(name))]
        if on is not None:
            horizon = on.replace(year=max(datetime.MINYEAR, on.year - FALLBACK_ROLE_YEARS),
                                 day=min(on.day, 28) if on.month == 2 else on.day)
            rows = [a for a in rows if a.end is None or a.end >= horizon]
        return choose_role(rows, on) if rows else None

    def organisation(self, text: str) -> Organisation | None:
        """By whole name, in parties.tsv (newer) then phoenix_organisations.tsv; all-caps names match only in
        capitals, as in Knowledge.organisation()."""
        key = _case_key(text)
        for index in (self.parties, self.organisations):
            rows = (index.get("=" + key) or index.get(key.lower())) if index else []
            if rows:
                return _organisation_row(*rows[0]) if len(rows) == 1 else None
        return None

    def place(self, text: str) -> str | None:
        rows = self.places.get(_key(text)) if self.places and _capitalised(text) else []
        return _code_row(*rows[0]) if rows else None

    def company_country(self, text: str) -> str | None:
        rows = self.companies.get(_key(text)) if self.companies else []
        return _code_row(*rows[0]) if len(rows) == 1 else None

    @classmethod
    def load(cls, root: Path, label: Callable[[str], str], hand_sectors: Mapping[str, SectorWord],
             hand_adjectives: Mapping[str, Country], countries: Mapping[str, Country]
             ) -> tuple[Fallbacks, dict[str, SectorWord], dict[str, Country]]:
        """The fallback indexes, plus agent nouns and demonyms to add under the hand sector and adjective ones.
        A missing file (a data_dir with only the hand files) gives no index."""
        def keyed(name: str, columns: Sequence[str]) -> _Keyed | None:
            p = root.joinpath(name)
            return _Keyed(p, label(name), columns) if p.is_file() else None

        sectors: dict[str, SectorWord] = {}
        adjectives: dict[str, Country] = {}
        agents = root.joinpath("agents.tsv")
        if agents.is_file():
            for word, _ in _parse_sectors(agents, label("agents.tsv")):
                for form in (_sector_key(word.phrase), *_regular_plurals(_sector_key(word.phrase))):
                    if form not in hand_sectors:
                        sectors.setdefault(form, word)
        variants = root.joinpath("country_variants.tsv")
        if variants.is_file():
            for where, number, row in _read_tsv(variants, ("name", "iso3"), label("country_variants.tsv")):
                if row["iso3"] not in countries:
                    raise KnowledgeError(f"{where}:{number}: unknown country {row['iso3']!r}")
                if _key(row["name"]) not in hand_adjectives:
                    adjectives.setdefault(_key(row["name"]), countries[row["iso3"]])
        return cls(keyed("phoenix_actors.tsv", ("name", "aliases", "code", "sector", "role", "start", "end")),
                   keyed("phoenix_organisations.tsv", ("name", "aliases", "code", "sector", "kind")),
                   keyed("phoenix_places.tsv", ("name", "code")), keyed("companies.tsv", ("name", "code")),
                   keyed("leaders.tsv", ("name", "aliases", "code", "sector", "role", "start", "end")),
                   keyed("parties.tsv", ("name", "aliases", "code", "sector", "kind"))
                   ), sectors, adjectives
