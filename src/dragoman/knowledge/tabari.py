"""Reading TABARI/PETRARCH actor and agent dictionaries (the Phoenix files), shared by the convert_* modules.

A TABARI actor file is a list of entries: a headword line (``HAMID_KARZAI_``), optional ``+`` synonym lines, and
codes in square brackets, on the headword line or on indented lines after the synonyms, each with an optional date
range (``[AFGGOV >011222]``, ``[AFGELI 750101-000101]``). This module only parses; the scripts decide what to keep.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

_CODE = re.compile(r"\[([^\]]*)\]")
# CAMEO actor-type codes read as PLOVER sectors; codes with no PLOVER counterpart (HLH, DEV, ENV, CRM...) give none.
CAMEO_SECTORS = {
    "GOV": "GOV", "MIL": "MIL", "LEG": "LEG", "JUD": "JUD", "COP": "COP", "SPY": "SPY", "PTY": "PTY", "REB": "REB",
    "OPP": "OPP", "BUS": "BUS", "CVL": "CVL", "MED": "MED", "JRN": "MED", "EDU": "EDU", "REL": "REL", "LAB": "LAB",
    "REF": "REF", "ELI": "ELI", "UAF": "REB", "INS": "REB", "SEP": "REB", "CHR": "REL", "MUS": "REL", "JEW": "REL",
    "HIN": "REL", "BUD": "REL", "PRE": "GOV", "PRM": "GOV", "AGR": "CVL", "SOC": "CVL",
}
SMALL_WORDS = frozenset("of the and for in on at to by de del la le des du da di von van bin bint ibn al el".split())


@dataclass(frozen=True)
class Code:
    """One bracketed code: the code text and its date range (None = open)."""

    code: str
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass
class Entry:
    """One dictionary entry: headword, synonyms, codes, the trailing comment of the headword line, and the
    country block it sits in (Phoenix.Countries lists each country's institutions and people after it)."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comment: str = ""
    country: str | None = None
    bad_dates: int = 0


def _date(text: str) -> datetime.date:
    """yymmdd (years up to 15 read as 20yy, as Phoenix ends in 2014) or yyyymmdd."""
    if len(text) == 8:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(text) != 6:
        raise ValueError(text)
    yy = int(text[:2])
    return datetime.date((2000 if yy <= 15 else 1900) + yy, int(text[2:4]), int(text[4:]))


def parse_code(body: str) -> Code:
    """'AFGGOV >011222' -> Code('AFGGOV', 2001-12-22, None); raises ValueError on a date it cannot read."""
    parts = body.split()
    if not parts:
        raise ValueError("empty code")
    code, dates = parts[0], "".join(parts[1:])
    if not dates:
        return Code(code)
    if dates.startswith(">"):
        return Code(code, _date(dates[1:]), None)
    if dates.startswith("<"):
        return Code(code, None, _date(dates[1:]))
    first, _, last = dates.partition("-")
    return Code(code, _date(first), _date(last) if last else None)


def _codes(text: str, entry: Entry) -> None:
    for body in _CODE.findall(text):
        body = body.strip()
        if not body or body.startswith("-"):
            continue
        try:
            entry.codes.append(parse_code(body))
        except ValueError:
            entry.bad_dates += 1


def read_actors(path: Path) -> list[Entry]:
    """Every entry of a TABARI actor file, in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    country: str | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        text, _, comment = raw.partition("#")
        if raw[0] in " \t":
            if current is not None:
                _codes(text, current)
            continue
        if raw.startswith("+"):
            if current is not None:
                name = _CODE.sub("", text[1:]).strip()
                if name:
                    current.synonyms.append(name)
                _codes(text, current)
            continue
        name = _CODE.sub("", text).strip()
        current = Entry(name=name, comment=comment.strip())
        _codes(text, current)
        if len(current.codes) == 1 and re.fullmatch(r"[A-Z]{3}", current.codes[0].code) \
                and current.codes[0].start is None and current.codes[0].end is None:
            country = current.codes[0].code  # "AFGHANISTAN_  [AFG]" opens a country block
        current.country = country
        entries.append(current)
    return entries


def display(word_form: str) -> str:
    """'PEOPLE'S_LIBERATION_ARMY_' -> "People's Liberation Army"; acronyms (no vowel, dots, short single words)
    stay in capitals."""
    words = [w for w in word_form.replace("_", " ").split() if w]
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        bare = re.sub(r"[^A-Za-z]", "", w)
        if "." in w and len(bare) <= 4 or (bare and not re.search(r"[AEIOUY]", bare.upper())) \
                or (len(words) == 1 and len(bare) <= 5) or (w.startswith("(") and w.endswith(")")):
            out.append(w.upper())
        elif i > 0 and low in SMALL_WORDS:
            out.append(low)
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in low.split("-")))
    text = " ".join(out)
    text = re.sub(r"'S\b", "'s", text)
    return re.sub(r"\bMc([a-z])", lambda m: "Mc" + m.group(1).upper(), text)


def sector_of(codes: str) -> str | None:
    """The first PLOVER sector among the 3-letter chunks of a CAMEO code after its first chunk."""
    for i in range(3, len(codes) - 2, 3):
        sector = CAMEO_SECTORS.get(codes[i:i + 3])
        if sector:
            return sector
    return None
