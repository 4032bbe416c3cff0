"""The figures knowledge table: number words, multipliers, qualifiers, currencies, units and noun lists, read
once from data/units.tsv and the converted data/currencies.tsv (formats in docs/figures.md) into a frozen UnitTable
that figures.py reads numbers with."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
UNITS_FILE = "units.tsv"
CURRENCIES_FILE = "currencies.tsv"


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
    symbols: Mapping[str, str | None]  # "US$" -> "USD" (as written, case-sensitive); None: only with a country
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
    # the currencies a symbol or a currency's base name may stand for ("Rs" -> INR, PKR, ...; "shilling" -> KES,
    # UGX, ...), the local currency of each country (ISO-3 -> ISO 4217), and the symbols and names a story's country
    # never changes ("$" is the US dollar even in a story set in Mexico)
    symbol_codes: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    name_codes: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    country_currency: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    fixed: frozenset[str] = frozenset()
    count_nouns: frozenset[str] = frozenset()  # their "of" object is counted ("the number of deaths is 66")
    elide_verbs: frozenset[str] = frozenset()  # a bare object repeats the count before ("Klobuchar had 7")
    people_states: frozenset[str] = frozenset()  # a bare number they describe counts people ("left 15 dead")

    def resolve(self, written: str, default: str | None, countries: tuple[str, ...]) -> str | None:
        """The currency a symbol or base name stands for in a story about ``countries`` (ISO-3, most likely
        first): the first country's own currency when the symbol or name can stand for it, else the default."""
        if written in self.fixed:
            return default
        candidates = self.symbol_codes.get(symbol_key(written)) or self.name_codes.get(written, frozenset())
        for country in countries:
            local = self.country_currency.get(country)
            if local is not None and (local in candidates or local == default):
                return local
        return default


def norm_word(word: str) -> str:
    """Lower case with a trailing "." dropped, as words are compared with the table."""
    low = word.lower()
    return low.rstrip(".") or low


def symbol_key(symbol: str) -> str:
    """A symbol as compared with the currencies it may stand for: "Rs." and "Rs" are the same."""
    return symbol.rstrip(".") or symbol


def one_letter(symbol: str) -> bool:
    """"R", "K", "P": a currency only where the story's country uses it, never by default."""
    return len(symbol_key(symbol)) == 1 and symbol_key(symbol).isalpha()


def _add_currencies(path: Path, t: dict[str, dict], sets: dict[str, set]) -> tuple[dict, dict, dict]:
    """Merge the converted currencies under the hand entries of units.tsv; returns the candidates of each symbol
    and base name and each country's currency."""
    by_symbol: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    bases: dict[str, str] = {}
    country: dict[str, str] = {}
    rows = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for n, line in enumerate(rows, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6:
            raise ValueError(f"{path}:{n}: bad line {line!r}: expected 6 columns")
        code, name, plural, symbols, countries, flags = cols
        if "code" in flags.split(","):
            sets["code"].add(code)
        *adjective, base = [norm_word(w) for w in name.split()]
        for written in ({base, norm_word(plural.split()[-1])} if "name" in flags.split(",") else ()):
            by_name.setdefault(written, set()).add(code)
            bases[written] = base
        if adjective:
            t["adjective"].setdefault((tuple(adjective), base), code)
        for symbol in symbols.split():
            by_symbol.setdefault(symbol_key(symbol), set()).add(code)
        for iso3 in countries.split():
            country.setdefault(iso3, code)
    for written, codes in by_name.items():
        t["currency"].setdefault(written, (next(iter(codes)) if len(codes) == 1 else None, bases[written],
                                           len(codes) > 1))
    return by_symbol, by_name, country


def load_units(data_dir: Path | None = None) -> UnitTable:
    """Read data/units.tsv and data/currencies.tsv (or those in ``data_dir``) into a UnitTable; raises ValueError
    on a bad line."""
    path = (data_dir or DATA_DIR) / UNITS_FILE
    t: dict[str, dict] = {k: {} for k in ("number", "multiplier", "symbol", "currency", "adjective", "unit")}
    sets: dict[str, set] = {k: set() for k in ("qualifier", "code", "stopnoun", "plural", "collective", "peopleverb",
                                                "peoplenoun", "countnoun", "elideverb", "peoplestate", "fixed")}
    hand_symbols: dict[str, set[str]] = {}
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
                t["symbol"][cols[1]] = None if cols[2] == "-" else cols[2]
                extra = cols[3].split() if len(cols) > 3 else []
                if extra == ["fixed"]:
                    sets["fixed"].add(cols[1])
                else:
                    hand_symbols.setdefault(symbol_key(cols[1]), set()).update(extra)
            elif section == "currency":
                flags = cols[4].split(",") if len(cols) > 4 else []
                t["currency"][words[0]] = (None if cols[2] == "-" else cols[2], cols[3], "shared" in flags)
                if "fixed" in flags:
                    sets["fixed"].add(words[0])
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
    by_symbol, by_name, country = _add_currencies((data_dir or DATA_DIR) / CURRENCIES_FILE, t, sets)
    for key, codes in hand_symbols.items():
        by_symbol.setdefault(key, set()).update(codes)
    for symbol, code in list(t["symbol"].items()):
        if code is not None:
            by_symbol.setdefault(symbol_key(symbol), set()).add(code)
    for key, codes in by_symbol.items():  # converted symbols the hand table does not name
        if key not in t["symbol"]:
            t["symbol"][key] = next(iter(codes)) if len(codes) == 1 and not one_letter(key) else None
    longest = max((len(k) for k in [*t["unit"], *sets["qualifier"]]), default=0) + 1
    frozen = {k: MappingProxyType(v) for k, v in t.items()}
    return UnitTable(frozen["number"], frozen["multiplier"], frozenset(sets["qualifier"]), frozen["symbol"],
                     frozenset(sets["code"]), frozen["currency"], frozen["adjective"], frozen["unit"],
                     frozenset(sets["stopnoun"]), frozenset(sets["plural"]), frozenset(sets["collective"]), longest,
                     frozenset(sets["peopleverb"]), frozenset(sets["peoplenoun"]),
                     MappingProxyType({k: frozenset(v) for k, v in by_symbol.items()}),
                     MappingProxyType({k: frozenset(v) for k, v in by_name.items()}),
                     MappingProxyType(country), frozenset(sets["fixed"]), frozenset(sets["countnoun"]),
                     frozenset(sets["elideverb"]), frozenset(sets["peoplestate"]))
