"""The knowledge files' records and readers: what a row of countries.tsv, organisations.tsv, sectors.tsv or an actors
file means, how names are normalised into lookup keys, and how each file is parsed and checked.

Both the hand-written files (knowledge.py) and the converted field dictionaries (dictionaries.py) are read with
these, so neither of those modules needs the other's internals.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

SECTORS = frozenset("GOV MIL LEG JUD COP SPY PTY REB OPP BUS CVL MED EDU REL LAB REF ELI".split())
ORG_KINDS = frozenset("igo ngo company media armed-group party agency".split())
_SPECIAL_CODES = frozenset({"IGO", "NGO", "MNC"})
_ISO3 = re.compile(r"[A-Z]{3}")
_ISO2 = re.compile(r"[A-Z]{2}")

# Typographic variants news text uses for the same name: curly quotes, primes, the many dashes, odd spaces.
_PUNCT = MappingProxyType(str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
}))
# Letters that Unicode decomposition does not reduce to ASCII.
_LETTERS = MappingProxyType(str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                                           "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}))


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    metonyms: tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    name: str
    aliases: tuple[str, ...]
    code: str | None
    sector: str | None
    kind: str


@dataclass(frozen=True)
class KnownActor:
    name: str
    aliases: tuple[str, ...]
    code: str
    sector: str | None
    role: str | None
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True)
class SectorWord:
    phrase: str
    sector: str
    title: bool


def normalise(text: str) -> str:
    """One spelling for typographic variants: straight quotes, ASCII hyphen, single spaces, no leading 'the'."""
    text = " ".join(text.translate(_PUNCT).split())
    if text[:4].lower() == "the " and len(text) > 4:
        text = text[4:]
    return text


def fold(text: str) -> str:
    """Drop diacritics so that 'Erdoğan' and 'Erdogan', 'Élysée' and 'Elysee' share a key."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in text if not unicodedata.combining(c))


def is_abbreviation(name: str) -> bool:
    """All-caps names (US, UAE, NATO, G7) match only in capitals, so the pronoun 'us' never does."""
    return any(c.isalpha() for c in name) and not any(c.islower() for c in name)


def _case_key(text: str) -> str:
    """Lookup key keeping case: folded, and hyphens read as spaces ('al-Qaeda' = 'al Qaeda')."""
    return " ".join(fold(normalise(text)).replace("-", " ").split())


def _key(text: str) -> str:
    return _case_key(text).lower()


def _sector_key(text: str) -> str:
    return " ".join(fold(text.translate(_PUNCT)).lower().replace("-", " ").split())


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _spellings(cell: str, name: str = "") -> tuple[str, ...]:
    """The listed names plus their accent-free, curly-apostrophe and en-dash spellings ('Erdogan', 'People’s
    Daily', 'Export–Import'), so exact-spelling matchers find what the lookups already treat as equal."""
    listed = [p for p in (name, *_split(cell)) if p]
    out = dict.fromkeys(listed)
    for p in listed:
        for variant in (fold(p), p.replace("'", "\u2019"), fold(p).replace("'", "\u2019"), p.replace("-", "\u2013")):
            out.setdefault(variant)
    out.pop(name, None)
    return tuple(out)


def _read_tsv(source: Path, columns: Sequence[str], label: str | None) -> Iterator[tuple[str, int, dict[str, str]]]:
    """Rows of a TSV file as dicts keyed by the header; '#' lines and blank lines are skipped."""
    where = label or str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{where}: cannot read: {exc}") from exc
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in columns if c not in header]
            if missing:
                raise KnowledgeError(f"{where}:{number}: header lacks column(s) {', '.join(missing)}")
            continue
        if len(cells) > len(header):
            raise KnowledgeError(f"{where}:{number}: {len(cells)} fields, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        yield where, number, dict(zip(header, cells))
    if header is None:
        raise KnowledgeError(f"{where}: no header line")


def _parse_date(value: str, end: bool) -> datetime.date | None:
    """YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is sure (widest day of it)."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) not in (1, 2, 3) or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"bad date {value!r} (want YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else (12 if end else 1)
    if len(parts) == 3:
        return datetime.date(year, month, int(parts[2]))
    if not end:
        return datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _sector(value: str) -> str | None:
    if value and value not in SECTORS:
        raise ValueError(f"unknown sector {value!r}")
    return value or None


def _parse_countries(source: Path, label: str) -> Iterator[tuple[Country, str]]:
    columns = ("iso3", "iso2", "name", "names", "adjectives", "capitals", "metonyms")
    for where, number, row in _read_tsv(source, columns, label):
        try:
            if not _ISO3.fullmatch(row["iso3"]) or not _ISO2.fullmatch(row["iso2"]) or not row["name"]:
                raise ValueError("iso3 must be 3 capitals, iso2 2 capitals, name non-empty")
            yield Country(row["iso3"], row["name"], _spellings(row["names"], row["name"]),
                          _spellings(row["adjectives"]), _spellings(row["capitals"]),
                          _spellings(row["metonyms"])), row["iso2"]
        except ValueError as exc:
            raise KnowledgeError(f"{where}:{number}: {exc}") from None


def _parse_organisations(source: Path, label: str) -> Iterator[Organisation]:
    for where, number, row in _read_tsv(source, ("name", "aliases", "code", "sector", "kind"), label):
        try:
            code = row["code"]
            if not row["name"] or (code and not (code in _SPECIAL_CODES or _ISO3.fullmatch(code))):
                raise ValueError(f"need a name and a code that is IGO, NGO, MNC, ISO-3 or empty, not {code!r}")
            if row["kind"] not in ORG_KINDS:
                raise ValueError(f"kind {row['kind']!r} is not one of {', '.join(sorted(ORG_KINDS))}")
            yield Organisation(row["name"], _spellings(row["aliases"], row["name"]), code or None,
                               _sector(row["sector"]), row["kind"])
        except ValueError as exc:
            raise KnowledgeError(f"{where}:{number}: {exc}") from None


def _parse_actors(source: Path, label: str | None = None) -> Iterator[KnownActor]:
    columns = ("name", "aliases", "code", "sector", "role", "start", "end")
    for where, number, row in _read_tsv(source, columns, label):
        try:
            code = row["code"]
            if not row["name"] or not (code in _SPECIAL_CODES or _ISO3.fullmatch(code)):
                raise ValueError(f"need a name and a code that is IGO, NGO, MNC or ISO-3, not {code!r}")
            start, end = _parse_date(row["start"], end=False), _parse_date(row["end"], end=True)
            if start and end and end < start:
                raise ValueError(f"end {row['end']} is before start {row['start']}")
            yield KnownActor(row["name"], _spellings(row["aliases"], row["name"]), code, _sector(row["sector"]),
                             row["role"] or None, start, end)
        except ValueError as exc:
            raise KnowledgeError(f"{where}:{number}: {exc}") from None


def _parse_sectors(source: Path, label: str) -> Iterator[tuple[SectorWord, tuple[str, ...]]]:
    for where, number, row in _read_tsv(source, ("phrase", "sector", "title", "plural"), label):
        try:
            if not row["phrase"] or row["title"] not in ("yes", "no") or not row["sector"]:
                raise ValueError("need a phrase, a sector and title yes or no")
            phrase = " ".join(row["phrase"].translate(_PUNCT).lower().split())
            yield SectorWord(phrase, _sector(row["sector"]) or "", row["title"] == "yes"), \
                tuple(_sector_key(p) for p in _split(row["plural"]))
        except ValueError as exc:
            raise KnowledgeError(f"{where}:{number}: {exc}") from None


NAME_WORD_MEANINGS = frozenset({"place", "place-noun", "ngo", "igo", "document", "thing-noun", "igo-members"})


def _parse_name_words(source: Path, label: str) -> Iterator[tuple[str, str]]:
    for where, number, row in _read_tsv(source, ("word", "means"), label):
        word = row["word"].lower()
        if not word or row["means"] not in NAME_WORD_MEANINGS:
            raise KnowledgeError(f"{where}:{number}: need a word and means {' or '.join(sorted(NAME_WORD_MEANINGS))}")
        yield word, row["means"]


def _parse_peoples(source: Path, label: str, iso3: set[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """name -> countries of peoples.tsv, each name also under its derived plural ('Kurd' -> 'Kurds')."""
    for where, number, row in _read_tsv(source, ("name", "countries"), label):
        codes = _split(row["countries"])
        names = _split(row["name"])
        if not names or not codes or any(c not in iso3 for c in codes):
            raise KnowledgeError(f"{where}:{number}: need names and known ISO-3 countries, not {row['countries']!r}")
        for name in names:
            yield name, codes
            if not name.endswith(("s", "sh", "ch", "ese", "x", "z")):
                yield name + "s", codes


def _regular_plurals(phrase: str) -> Iterator[str]:
    """English plurals of a phrase's last word: -s, -es, -y to -ies, -man to -men."""
    head, _, last = phrase.rpartition(" ")
    head = head + " " if head else ""
    if last.endswith("man"):
        yield head + last[:-3] + "men"
    if last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        yield head + last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        yield head + last + "es"
    else:
        yield head + last + "s"


def _index(pairs: Iterable[tuple[str, object]], what: str, strict: bool = True) -> dict[str, object]:
    """Build a key -> item dict; the same key for two different items is a data error unless not strict."""
    index: dict[str, object] = {}
    for key, item in pairs:
        if key in index and index[key] is not item:
            if strict:
                names = [str(getattr(i, "iso3", None) or getattr(i, "name", i)) for i in (index[key], item)]
                raise KnowledgeError(f"{what}: {key!r} is given to both {names[0]} and {names[1]}")
            continue
        index[key] = item
    return index


def _name_pairs(items: Iterable[object], names: Callable[[object], Iterable[str]]) -> Iterator[tuple[str, object]]:
    """(key, item) for every name: all-caps names keep their case (prefixed '='), others are lower-cased."""
    for item in items:
        for name in names(item):
            yield ("=" + _case_key(name) if is_abbreviation(name) else _key(name)), item


def _lookup(index: Mapping[str, object], text: str) -> object | None:
    """Case-sensitive hit for abbreviations first, then case-insensitive; retries without a possessive 's."""
    key = _case_key(text)
    hit = index.get("=" + key) or index.get(key.lower())
    if hit is None and key.endswith(("'s", "'")):
        key = key[:-2] if key.endswith("'s") else key[:-1]
        hit = index.get("=" + key) or index.get(key.lower())
    return hit


def _capitalised(text: str) -> bool:
    stripped = normalise(text)
    return bool(stripped) and stripped[0].isupper()


def _recency(actor: KnownActor) -> tuple[datetime.date, datetime.date]:
    """Sort key: the role still held, or the one that ended last, wins; ties go to the later start."""
    return (actor.end or datetime.date.max, actor.start or datetime.date.min)


def choose_role(rows: Sequence[KnownActor], on: datetime.date | None) -> KnownActor | None:
    """Of one name's rows, the role held on `on` if exactly one person holds one then, else the latest role when
    all rows are one person's; None when the name is ambiguous."""
    if on is not None:
        current = [a for a in rows if (a.start is None or a.start <= on) and (a.end is None or on <= a.end)]
        if len({_key(a.name) for a in current}) == 1:
            return max(current, key=_recency)
    return max(rows, key=_recency) if len({_key(a.name) for a in rows}) == 1 else None
