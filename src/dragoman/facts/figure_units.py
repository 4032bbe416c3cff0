"""The figures knowledge table: number words, multipliers, qualifiers, currencies, units and noun lists, read
once from data/units.tsv (format in docs/figures.md) into a frozen UnitTable that figures.py reads numbers with."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
UNITS_FILE = "units.tsv"


@dataclass(frozen=True)
class Measure:
    unit: str  # the contract's unit: %, ha, m2, km2, m3, km, t, bbl, MW, GW, kWh, GWh
    factor: float  # multiply the written number by this to get the contract's unit
    kind: str  # percent | area | volume | distance | mass | energy | power


@dataclass(frozen=True)
class UnitTable:
    """Everything figures.py knows about words around numbers; loaded once from data/units.tsv."""

    numbers: Mapping[str, float]  # "ten" -> 10
    multipliers: Mapping[str, tuple[float, frozenset[str]]]  # "bn" -> (1e9, {"scale"})
    qualifiers: frozenset[tuple[str, ...]]  # ("more", "than")
    symbols: Mapping[str, str]  # "US$" -> "USD" (as written, case-sensitive)
    codes: frozenset[str]  # ISO 4217 codes accepted next to a number
    currencies: Mapping[str, tuple[str | None, str, bool]]  # "dollars" -> ("USD", "dollar", shared by countries)
    adjectives: Mapping[tuple[tuple[str, ...], str], str]  # (("canadian",), "dollar") -> "CAD"
    measures: Mapping[tuple[str, ...], Measure]  # ("square", "meters") -> Measure("m2", 1, "area")
    stop_nouns: frozenset[str]  # a count never measures these (durations, points, ...)
    plurals: frozenset[str]  # counted though singular in form ("aircraft")
    collectives: frozenset[str]  # "55-member", "16-nation"
    longest: int = 4  # longest phrase, in words
    people_verbs: frozenset[str] = frozenset()  # a bare number they kill, arrest, ... counts people ("killed 14")
    people_nouns: frozenset[str] = frozenset()  # a bare number they reach counts people ("death toll rose to 25")


def norm_word(word: str) -> str:
    """Lower case with a trailing "." dropped, as words are compared with the table."""
    low = word.lower()
    return low.rstrip(".") or low


def load_units(data_dir: Path | None = None) -> UnitTable:
    """Read data/units.tsv (or the one in ``data_dir``) into a UnitTable; raises ValueError on a bad line."""
    path = (data_dir or DATA_DIR) / UNITS_FILE
    t: dict[str, dict] = {k: {} for k in ("number", "multiplier", "symbol", "currency", "adjective", "unit")}
    sets: dict[str, set] = {k: set() for k in ("qualifier", "code", "stopnoun", "plural", "collective", "peopleverb",
                                                "peoplenoun")}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        section, words = cols[0], tuple(norm_word(w) for w in cols[1].split()) if len(cols) > 1 else ()
        try:
            if section == "number":
                t["number"][words[0]] = float(cols[2])
            elif section == "multiplier":
                t["multiplier"][words[0]] = (float(cols[2]), frozenset(cols[3].split(",")))
            elif section == "symbol":
                t["symbol"][cols[1]] = cols[2]
            elif section == "currency":
                t["currency"][words[0]] = (None if cols[2] == "-" else cols[2], cols[3], cols[4:5] == ["shared"])
            elif section == "adjective":
                t["adjective"][(words, cols[2])] = cols[3]
            elif section == "unit":
                t["unit"][words] = Measure(cols[2], float(cols[3]), cols[4])
            elif section == "code":
                sets["code"].add(cols[1])
            elif section in sets:
                sets[section].add(words if section == "qualifier" else words[0])
            else:
                raise ValueError(f"unknown section {section!r}")
        except (IndexError, ValueError) as exc:
            raise ValueError(f"{path}:{n}: bad line {line!r}: {exc}") from None
    longest = max(len(k) for k in [*t["unit"], *sets["qualifier"]]) + 1
    frozen = {k: MappingProxyType(v) for k, v in t.items()}
    return UnitTable(frozen["number"], frozen["multiplier"], frozenset(sets["qualifier"]), frozen["symbol"],
                     frozenset(sets["code"]), frozen["currency"], frozen["adjective"], frozen["unit"],
                     frozenset(sets["stopnoun"]), frozenset(sets["plural"]), frozenset(sets["collective"]), longest,
                     frozenset(sets["peopleverb"]), frozenset(sets["peoplenoun"]))
