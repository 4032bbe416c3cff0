"""Figures: money, percentages, areas, volumes, distances, masses, energy, power and counts, normalised.

The text of each sentence is cut into *atoms* (spaCy tokens, with "US$7.2", "2.5bn" or "16–17" split further),
numbers are read from digits and number words, then the words around them decide what the number measures:
a currency symbol or word, a unit from ``data/units.tsv``, or the plural noun a count modifies (found with the
dependency parse and a short token window). Years, dates, durations, ordinals, identifiers ("Boeing 787",
"Article 5") and numbers that modify nothing countable are left out. See docs/figures.md.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Token

from dragoman.facts.figure_units import Measure, UnitTable, load_units, one_letter
from dragoman.facts.figure_units import norm_word as _norm
from dragoman.records import Figure, Span

__all__ = ["Measure", "UnitTable", "extract_figures", "load_units"]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^(?:{_NUM})$")
_TOKEN_RE = re.compile(rf"^(?P<pre>\D*?)(?P<a>{_NUM})(?:(?P<dash>[-–—])(?P<b>{_NUM}))?(?P<suf>[^\d\s]*)$")
_SKIP = frozenset({"-", "‐", "."})  # skipped between the words of a unit phrase
_RANGE = frozenset({"to", "-", "–", "—"})
_COORD = frozenset({"and", "or"})
_QUOTES = frozenset({'"', "“", "”", "«", "»"})
_ANAPHORIC = frozenset({"the", "these", "those", "its", "their", "his", "her", "our", "my", "your", "both", "whose"})
_NOT_COUNT_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC", "ORG",
                             "GPE", "LOC", "PERSON"})
_ID_WORDS = frozenset({"no", "nos", "#", "number", "num", "nr"})
_COUNTING_VERBS = frozenset({"number", "total"})  # "protesters numbering about 400": the number counts the noun
_RUN_POS = frozenset({"ADJ", "PROPN", "NOUN", "NUM"})
_TO_COUNT = frozenset({"to", "at", "of", "from", "by"})  # "the toll rose from 20 to 25"



class Atom(NamedTuple):
    text: str
    low: str  # lower case, trailing "." dropped
    start: int  # character offsets in doc.text
    end: int
    tok: int  # index of the spaCy token it comes from


def _money_symbol(units: UnitTable, symbol: str, countries: tuple[str, ...]) -> str | None:
    """The currency a symbol written before a number stands for in this story, or None."""
    if symbol not in units.symbols:
        return None
    return units.resolve(symbol, units.symbols[symbol], countries)


def _atoms(doc: Doc, start: int, end: int, units: UnitTable, countries: tuple[str, ...]) -> list[Atom]:
    """The sentence's tokens, with currency prefixes, ranges and attached multipliers or units split off."""
    out: list[Atom] = []
    for tok in doc[start:end]:
        if tok.is_space:  # "30\u00a0km": a no-break space is no word between a number and its unit
            continue
        text, i, base = tok.text, tok.i, tok.idx
        m = None if _NUMBER_RE.match(text) else _TOKEN_RE.match(text)
        if m:
            pre, suf = m["pre"], m["suf"]
            sufn = _norm(suf)
            ok_pre = not pre or _money_symbol(units, pre, countries) is not None or pre in units.codes
            if ok_pre and one_letter(pre):  # "R1.5bn", "N2 billion", "K4,500": not "R2" (a road) or "P5"
                after = doc[i + 1].lower_ if i + 1 < end else ""
                ok_pre = sufn in units.multipliers or "," in m["a"] or "scale" in units.multipliers.get(after,
                                                                                                    (0, ()))[1]
            ok_suf = not suf or (sufn,) in units.measures or (
                sufn in units.multipliers and (pre or "moneyonly" not in units.multipliers[sufn][1]
                                               or (out and (out[-1].text in units.symbols or out[-1].text in units.codes))))
            if ok_pre and ok_suf and (pre or suf or m["dash"]):
                for g in ("pre", "a", "dash", "b", "suf"):
                    if m[g]:
                        out.append(Atom(m[g], _norm(m[g]), base + m.start(g), base + m.end(g), i))
                continue
        out.append(Atom(text, _norm(text), base, base + len(text), i))
    return out


@dataclass
class _Cand:
    """A number being read; plain working state of one sentence."""

    start: int  # first atom (symbol or number)
    end: int  # one past the last atom (number, multiplier, unit)
    num_start: int
    num_end: int
    base: float
    mult: float = 1.0
    has_mult: bool = False
    code: str | None = None
    measure: Measure | None = None
    qualifier: str | None = None
    unknown_currency: bool = False
    span: tuple[int, int] = (0, 0)
    partner: "_Cand | None" = None  # the other end of a range or coordination
    raw: str = ""  # the number as written, when one atom
    tail: int = 0  # one past the last atom of the phrase (the range's end), for what it measures
    measured: str | None = None
    dropped: bool = False
    counted: bool = False
    head: Token | None = None  # the noun a count counts


def _read_number(atoms: list[Atom], i: int, units: UnitTable, money: bool) -> tuple[float, float, bool, int] | None:
    """(base, multiplier, has multiplier, next atom) of the number starting at atom i, or None."""
    n = len(atoms)
    mults = units.multipliers

    def mult_ok(j: int) -> bool:
        if atoms[j].low not in mults:
            return False
        how = mults[atoms[j].low][1]
        attached = atoms[j].start == atoms[j - 1].end
        if "moneyonly" in how and not money:
            return False
        return "attached" not in how or attached or ("money" in how and money)

    if _NUMBER_RE.match(atoms[i].text):
        base, mult, j = float(atoms[i].text.replace(",", "")), 1.0, i + 1
        if j + 1 < n and atoms[j].low in ("-", "‐") and atoms[j].start == atoms[i].end and \
                atoms[j + 1].start == atoms[j].end and "scale" in mults.get(atoms[j + 1].low, (0, ()))[1]:
            j += 1  # "$5-million grant": the hyphen of a compound adjective
        while j < n and mult_ok(j):
            mult *= mults[atoms[j].low][0]
            j += 1
        return base, mult, j > i + 1, j
    j, total, cur, seen, last_factor = i, 0.0, 0.0, False, 1.0
    half = atoms[i].low == "half" and i + 2 < n and atoms[i + 1].low in ("a", "an")  # "half a million"
    a_at = i + 1 if half else i
    if atoms[a_at].low in ("a", "an") and a_at + 1 < n and atoms[a_at + 1].low in mults and \
            atoms[a_at + 1].start > atoms[a_at].end:
        how = mults[atoms[a_at + 1].low][1]
        if "attached" in how:
            return None
        j, cur, seen = a_at + 1, 0.5 if half else 1.0, True
    while j < n:
        w = atoms[j].low
        if w in units.numbers and atoms[j].text[:1].isalpha():
            v, rest = units.numbers[w], cur % 100
            if rest and not (rest >= 20 and rest % 10 == 0 and v < 10):
                break
            cur, last_factor = cur + v, 1.0
        elif seen and w in mults and not ({"attached", "money"} & mults[w][1]):
            factor, how = mults[w]
            if "local" in how:
                cur = (cur or 1.0) * factor
            else:
                total, cur = total + (cur or 1.0) * factor, 0.0
            last_factor = factor
        elif seen and w in ("-", "and") and j + 1 < n and atoms[j + 1].low in units.numbers:
            pass
        else:
            break
        seen, j = True, j + 1
    if not seen or j == i:
        return None
    if last_factor > 1:  # "six million", "three hundred": 6 times a million, so a range can share the million
        return (total + cur) / last_factor, last_factor, True, j
    return total + cur, 1.0, False, j


def _phrase(atoms: list[Atom], j: int, table: Mapping | frozenset, longest: int) -> tuple[object, int]:
    """Longest phrase of ``table`` starting at atom j (words compared normalised, "-" and "." skipped)."""
    words: list[str] = []
    ends: list[int] = []
    k = j
    while k < len(atoms) and len(words) < longest:
        if atoms[k].low in _SKIP and words:
            k += 1
            continue
        words.append(atoms[k].low)
        ends.append(k + 1)
        k += 1
    for size in range(len(words), 0, -1):
        key = tuple(words[:size])
        if key in table:
            return (table[key] if isinstance(table, Mapping) else key), ends[size - 1]
    return None, j


def _currency_after(atoms: list[Atom], j: int, units: UnitTable,
                    countries: tuple[str, ...]) -> tuple[str | None, bool, int]:
    """(code, unknown, next atom) for a currency written after the number: "Canadian dollars", "euro", "USD";
    a bare name shared by several countries ("rupees", "shillings") is the currency of the story's country."""
    if j < len(atoms) and atoms[j].text in units.codes:
        return atoms[j].text, False, j + 1
    for size in (3, 2, 1, 0):
        words = [a.low for a in atoms[j:j + size]]
        k = j + size
        if len(words) < size or k >= len(atoms) or atoms[k].low not in units.currencies:
            continue
        default, base, shared = units.currencies[atoms[k].low]
        default = units.resolve(atoms[k].low, default, countries)
        code = units.adjectives.get((tuple(words), base)) if size else default
        if size == 1 and code is None and atoms[j].text.isalpha():  # "38.8 million Hungarian forints"
            code = None if shared and atoms[j].text[:1].isupper() else default
            return code, code is None, k + 1
        if code or (size == 0 and default is None):
            return code, code is None, k + 1
    return None, False, j


def _read_sentence(doc: Doc, atoms: list[Atom], units: UnitTable, countries: tuple[str, ...]) -> list[_Cand]:
    cands: list[_Cand] = []
    i, n = 0, len(atoms)
    while i < n:
        code, start = None, i
        symbol = _money_symbol(units, atoms[i].text, countries)
        if one_letter(atoms[i].text) and (i + 1 >= n or atoms[i + 1].start != atoms[i].end):
            symbol = None  # a one-letter symbol only written onto its digits ("R1.5bn")
        if symbol is not None or (atoms[i].text in units.codes and i + 1 < n):
            code = symbol or atoms[i].text
            if i + 2 < n and atoms[i + 1].text == "." and atoms[i + 1].start == atoms[i].end and \
                    atoms[i].text + "." in units.symbols:
                i += 1  # "Rs. 4 crore": the symbol's point split off as a word
            if i + 1 >= n or not (_NUMBER_RE.match(atoms[i + 1].text) or atoms[i + 1].low in units.numbers):
                i += 1
                continue
            i += 1
        got = _read_number(atoms, i, units, money=code is not None)
        if got is None:
            i += 1
            continue
        base, mult, has_mult, j = got
        c = _Cand(start, j, i, j, base, mult, has_mult, code, raw=atoms[i].text if j == i + 1 else "")
        measure, k = _phrase(atoms, j, units.measures, units.longest)
        if measure is None and j + 1 < n and atoms[j].low in ("-", "‐") and atoms[j].start == atoms[j - 1].end:
            measure, k = _phrase(atoms, j + 1, units.measures, units.longest)  # "a 1,000-megawatt plant"
            k = k if measure is not None else j
        if measure is not None and atoms[k - 1].low == "of":  # "200 pounds of explosives": "of" is not the unit's
            k -= 1
        if measure is not None and k == j + 1 and len(atoms[j].text) == 1 and atoms[j].text.isupper():
            measure = None  # "4.2 M☉" is not metres
        cur, unknown, k2 = _currency_after(atoms, j, units, countries)
        if not (cur or unknown) and j + 1 < n and atoms[j].low in ("-", "‐") and atoms[j].start == atoms[j - 1].end:
            cur, unknown, k2 = _currency_after(atoms, j + 1, units, countries)  # "a 300-million-euro loan"
            k2 = k2 if (cur or unknown) else j
        if k2 > j and doc[atoms[k2 - 1].tok].pos_ == "VERB":  # "his 2017 title won in London": the verb
            cur, unknown, k2 = None, False, j
        if k2 > k and (cur or unknown):
            c.code = cur if (cur and (c.code in (None, "USD", "JPY"))) else c.code
            c.unknown_currency, c.end = unknown and c.code is None, k2
        elif measure is not None and c.code is None:
            c.measure, c.end = measure, k
        c.qualifier = next((" ".join(a.low for a in atoms[start - size:start]) for size in (4, 3, 2, 1)
                            if size <= start and tuple(a.low for a in atoms[start - size:start]) in units.qualifiers),
                           None)
        c.span, c.tail = (atoms[c.start].start, atoms[c.end - 1].end), c.end
        if c.qualifier and " " not in c.qualifier and _is_preposition(doc, atoms[start - 1].tok):
            c.qualifier = None  # "complained over two raids": "over" heads its own phrase
        cands.append(c)
        i = c.end
    _link(doc, atoms, cands)
    _drop_conversions(atoms, cands, units)
    for c in cands:  # "75 miles per hour", "120 km/h": a speed, not a distance
        nxt = atoms[c.tail].text if c.tail < len(atoms) else ""
        if c.measure is not None and c.measure.kind == "distance" and (
                nxt.lower() == "per" or nxt.startswith("/")
                or (nxt.lower() in ("an", "a") and c.tail + 1 < len(atoms)
                    and atoms[c.tail + 1].low in ("hour", "second"))):
            c.dropped = True
    return [c for c in cands if not c.dropped and not c.unknown_currency]


def _is_preposition(doc: Doc, i: int) -> bool:
    return doc[i].dep_ == "prep" and any(c.dep_ == "pobj" for c in doc[i].children)


def _same_kind(a: _Cand, b: _Cand) -> bool:
    return bool(a.code and b.code) or bool(a.measure and b.measure and a.measure.kind == b.measure.kind)


def _drop_conversions(atoms: list[Atom], cands: list[_Cand], units: UnitTable) -> None:
    """Of a figure and its conversions in parentheses ("160 km (100 miles)", "€20,000 (£17,500; US$22,900)"),
    keep one: money as first written, a measure in the contract's own unit ("500 miles (800 km)" is 800 km)."""
    for a in cands:
        if a.dropped or not (a.code or a.measure) or a.tail >= len(atoms) or atoms[a.tail].low != "(":
            continue
        close = next((k for k in range(a.tail + 1, min(len(atoms), a.tail + 16)) if atoms[k].low == ")"), None)
        inner = [c for c in cands if close is not None and a.tail < c.start and c.end <= close]
        if not inner:
            continue
        outer = [c for c in cands if c.tail == a.tail]  # the figure, or both ends of its range
        # "weighed 82 pounds (37 kg)": a currency word that is also a unit of the conversion's kind
        unit_word = bool(a.code and all(c.measure for c in inner)
                         and any(key[0] == atoms[a.end - 1].low for key in units.measures))
        if not unit_word and not all(_same_kind(a, c) for c in inner):
            continue
        contract_inside = any(c.measure is not None and c.measure.factor == 1 for c in inner)
        if unit_word or (a.measure is not None and a.measure.factor != 1 and contract_inside):
            for c in outer:
                c.dropped = True
            for c in inner:
                c.dropped = not unit_word and c.measure is not None and c.measure.factor != 1
        else:
            for c in inner:
                c.dropped = True


def _link(doc: Doc, atoms: list[Atom], cands: list[_Cand]) -> None:
    """Ranges share their multiplier and unit; not a money figure and a count of something else after "to"
    ("gave Rs 20 crore to 12 districts")."""
    for a, b in zip(cands, cands[1:]):
        between = [x.low for x in atoms[a.end:b.start]]
        if len(between) != 1 or not (between[0] in _RANGE or between[0] in _COORD):
            continue
        counted = b.end < len(atoms) and doc[atoms[b.end].tok].tag_ in ("NNS", "NNPS")
        if counted and not (b.code or b.measure) and (a.code or a.measure) and \
                atoms[b.end].low not in ("-", "‐"):
            continue
        a.partner, b.partner = b, a
        is_range = between[0] in _RANGE or between[0] == "or" or (a.start > 0 and atoms[a.start - 1].low == "between")
        if not is_range or _yearlike(a) or _yearlike(b):
            continue
        if not (a.code or a.measure):
            a.code, a.measure = b.code, b.measure
        elif not (b.code or b.measure):
            b.code, b.measure = a.code, a.measure
        if (a.code, a.measure) != (b.code, b.measure):
            continue
        if not a.has_mult and b.has_mult and a.base < b.base:
            a.mult, a.has_mult = b.mult, True
        elif not b.has_mult and a.has_mult and b.base > a.base:
            b.mult, b.has_mult = a.mult, True
        a.span = b.span = (a.span[0], b.span[1])
        a.tail, b.qualifier = b.end, b.qualifier or a.qualifier


def _yearlike(c: _Cand) -> bool:
    return not c.has_mult and len(c.raw) == 4 and c.raw.isdigit() and 1000 <= c.base <= 2100


def _plural(tok: Token, units: UnitTable) -> bool:
    """A plural noun a count can count: a word, not a symbol the tagger took for one ("72.5°")."""
    if not any(ch.isalpha() for ch in tok.text):
        return False
    return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in units.plurals or tok.lemma_.lower() in units.plurals


def _noun_run(doc: Doc, i: int, end: int) -> Token | None:
    """The last noun of the adjective/noun run starting at token i (within the sentence), if any."""
    head = None
    for k in range(i, min(end, i + 6)):
        tok = doc[k]
        if tok.pos_ not in _RUN_POS or tok.text in ("%",):
            break
        if tok.pos_ in ("NOUN", "PROPN"):
            head = tok
    return head


def _phrase_text(doc: Doc, first: int, head: Token) -> str:
    cut = [t.i + 1 for t in doc[first:head.i] if t.pos_ == "CCONJ" or t.text in (",", ";")]
    first = cut[-1] if cut else first
    while first < head.i and (doc[first].pos_ in ("DET", "PRON", "PUNCT", "NUM") or doc[first].is_space
                              or doc[first].like_num):
        first += 1
    return doc[first:head.i + 1].text


def _of_object(doc: Doc, k: int, end: int) -> Token | None:
    """The noun after "of" at token k: "90 percent of commodities", "27 of the member states"."""
    if k + 1 < end and doc[k].lower_ == "out" and doc[k + 1].lower_ == "of":  # "17 out of 20 hostages"
        k += 1
    if k < end and doc[k].lower_ == "of":
        objs = [c for c in doc[k].children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
        if objs:
            return objs[0]
    return None


def _measured(doc: Doc, last: int, end: int) -> str | None:
    """What a money, percent or unit figure measures: "75% stake", "38.8 million euro loan", "90 percent of X"."""
    tok = doc[last]
    head = tok.head
    if head.i > last and head.pos_ in ("NOUN", "PROPN") and head.i < end and \
            all(t.pos_ in _RUN_POS for t in doc[last + 1:head.i + 1]):
        return _phrase_text(doc, last + 1, head)
    obj = _of_object(doc, last + 1, end)
    if obj is None and last + 1 < end and doc[last + 1].lower_ == "in":
        objs = [c for c in doc[last + 1].children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
        obj = objs[0] if objs else None
    if obj is not None:
        return _phrase_text(doc, obj.left_edge.i, obj)
    return None


def _in_quote(doc: Doc, tok: int, sent_start: int, sent_end: int) -> bool:
    """Inside a short quoted phrase (a name or slogan: "one country, two systems")."""
    marks = [t.i for t in doc[sent_start:sent_end] if t.text in _QUOTES]
    for a, b in zip(marks[::2], marks[1::2]):
        if a < tok < b and b - a <= 7:
            return not any(t.pos_ in ("VERB", "AUX") for t in doc[a + 1:b])
    return False


def _count_head(doc: Doc, c: _Cand, atoms: list[Atom], units: UnitTable, s_start: int, s_end: int):
    """(head noun, measured text) when the bare number counts something, else None."""
    last = atoms[c.num_end - 1].tok
    if c.num_end + 1 < len(atoms) and atoms[c.num_end].low in ("-", "‐") and \
            doc[atoms[c.num_end + 1].tok].lemma_.lower() in units.collectives:
        word = atoms[c.num_end + 1]
        if c.num_end + 2 < len(atoms) and atoms[c.num_end + 2].low in ("-", "‐"):
            return None  # "the two-party-preferred vote": a longer compound adjective counts nothing
        wtok = doc[word.tok]
        head = wtok.head if wtok.head.i > wtok.i and wtok.head.pos_ in ("NOUN", "PROPN") else \
            _noun_run(doc, word.tok + 1, s_end)
        label = word.low + ("" if word.low.endswith("s") else "s")
        if head is None:
            return wtok, label
        return head, (_phrase_text(doc, word.tok + 1, head) if word.low == "strong" else
                      f"{_phrase_text(doc, word.tok + 1, head)} {label}")
    heads = []
    run = _noun_run(doc, last + 1, s_end)
    if run is not None:
        heads.append((run, last + 1))
    t = doc[last]
    while t.head.pos_ == "NUM" and t.head.i > t.i and t.dep_ in ("compound", "quantmod", "nummod"):
        t = t.head
    if t.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod") and last < t.head.i <= last + 6 and \
            t.head.pos_ in ("NOUN", "PROPN") and t.head.i < s_end:
        heads.append((t.head, last + 1))
    obj = _of_object(doc, last + 1, s_end)
    if obj is not None:
        heads.append((obj, obj.left_edge.i))
    verb = t.head if t.dep_ in ("dobj", "npadvmod", "attr") else \
        t.head.head if t.dep_ == "pobj" and t.head.dep_ in ("prep", "advmod") else None  # "numbering around 400"
    if verb is not None and verb.lemma_.lower() in _COUNTING_VERBS:  # "supporters, numbering around 400"
        clause = verb
        while clause.dep_ == "conj" and clause.head is not clause:  # "armed with rifles and numbering 400"
            clause = clause.head
        owner = clause.head if clause.dep_ == "advcl" else verb  # "..., numbering 400, fled": who fled
        counted = clause.head if clause.dep_ in ("acl", "relcl") else next(
            (c for c in owner.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        partitive = counted is not None and counted.lemma_.lower() in units.multipliers
        of = _of_object(doc, counted.i + 1, s_end) if partitive else None
        counted = of or counted  # "Hundreds of supporters ..., numbering 400": the supporters
        if counted is not None and not _plural(counted, units):  # "resistance from supporters, ... numbering 400"
            inside = [w for w in counted.subtree if w.i < clause.i and w.pos_ in ("NOUN", "PROPN")
                      and _plural(w, units) and clause not in w.ancestors]
            counted = inside[-1] if inside else counted
        if counted is not None and counted.pos_ in ("NOUN", "PROPN") and s_start <= counted.i < s_end:
            heads.append((counted, counted.left_edge.i))
    for head, first in heads:
        singular = head.lower_[:-1] if head.lower_.endswith("s") else head.lower_  # "60 Minutes": a PROPN's lemma
        stop = {head.lemma_.lower(), head.lower_, singular} & units.stop_nouns
        if stop or (head.lower_,) in units.measures:
            return None
        after = [w.lower_ for w in doc[head.i + 1:min(head.i + 3, s_end)]]
        if after[:1] == ["per"] or after == ["for", "every"] or after in (["to", "one"], ["to", "1"]):
            # "15 deaths per 100,000 people", "six males to one female": a rate or a ratio
            return None
        if _plural(head, units) and head.ent_type_ not in ("DATE", "TIME"):
            return head, _phrase_text(doc, first, head)
    return None


def _people_count(doc: Doc, c: _Cand, atoms: list[Atom], units: UnitTable) -> tuple[None, str] | None:
    """(None, what) when a bare number is who a verb of casualty or detention acts on ("killed at least 14",
    "200 were arrested") or what a toll or population reaches ("the death toll rose to 25"): a count of people."""
    t = doc[atoms[c.num_end - 1].tok]
    while t.head.pos_ == "NUM" and t.head.i > t.i and t.dep_ in ("compound", "quantmod", "nummod"):
        t = t.head
    if t.dep_ == "nummod" and t.head.i == t.i + 1 and t.head.lower_ in ("more", "others"):
        t = t.head  # "injured three more"
    nxt = t.nbor(1) if t.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in units.people_states and nxt.pos_ == "ADJ":
        return None, nxt.lower_  # "left 15 dead and 30 wounded"
    of = t.nbor(1) if nxt is not None and nxt.lower_ == "of" else None
    if of is not None and any(w.dep_ == "pobj" and w.lower_ in units.people_states for w in of.children):
        return None, "people"  # "eight of the dead"
    verb = t.head if t.dep_ in ("nsubj", "nsubjpass", "dobj") else \
        t.head.head if t.dep_ == "advmod" and t.head.dep_ == "conj" else None  # "killed 12 and injured three more"
    if verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in units.people_verbs:
        return None, f"people {verb.text}"
    owner = t.head.head if t.dep_ == "pobj" and t.head.lower_ in _TO_COUNT else t.head if t.dep_ == "attr" else None
    # "rose to 25", "a population of 9 million", "is 66"; not "rose in 2015"
    while owner is not None and owner.pos_ == "ADP" and owner.dep_ == "prep" and owner.lower_ in _TO_COUNT:
        owner = owner.head  # "cut the number from 12 to 4": "to" hangs on "from"
    if owner is not None and t.dep_ == "pobj" and owner.lemma_.lower() in units.count_nouns and \
            t.head.lower_ == "of":  # "a total of 39 are confirmed dead"
        return None, owner.lower_
    if owner is not None and owner.pos_ in ("VERB", "AUX"):  # "the toll rose to 25", "put the toll at 60"
        args = [w for w in owner.children if w.dep_ in ("nsubj", "nsubjpass", "dobj")]
        owner = next((w for w in args if w.lemma_.lower() in units.people_nouns | units.count_nouns),
                     args[0] if args else None)
    if owner is None or owner.pos_ != "NOUN":
        return None
    counted = next((w for of in owner.children if of.dep_ == "prep" and of.lower_ == "of" for w in of.children
                    if w.dep_ == "pobj" and w.pos_ in ("NOUN", "PROPN", "ADJ", "PRON")), None) \
        if owner.lemma_.lower() in units.count_nouns else None  # "the number of dead"
    if owner.lemma_.lower() in units.people_nouns or counted is not None:  # "the number of deaths is 66"
        return None, _phrase_text(doc, owner.left_edge.i, counted or owner)
    return None


def _is_name_number(doc: Doc, c: _Cand, atoms: list[Atom], s_start: int) -> bool:
    """A number that is part of a name or an identifier: "Boeing 787", "Article 5", "Group of Six", "No. 12"."""
    first, last = atoms[c.num_start], atoms[c.num_end - 1]
    tok = doc[first.tok]
    prev_word = next((t for t in reversed(doc[s_start:tok.i]) if not t.is_space), None)
    if first.text[:1].isupper() and prev_word is not None and not prev_word.is_punct:
        return True
    if c.num_start > 0:
        prev = atoms[c.num_start - 1]
        ptok = doc[prev.tok]
        named = ptok.pos_ == "PROPN" or (ptok.pos_ == "NOUN" and (ptok.text[:1].isupper() or tok.head == ptok))
        if prev.tok != first.tok and named and ptok.ent_type_ not in ("DATE", "TIME") and not ptok.is_sent_start:
            return True
        if prev.low in _ID_WORDS or (prev.low in ("-", "‐") and prev.end == first.start and c.num_start > 1
                                     and atoms[c.num_start - 2].text[-1:].isalpha()
                                     and atoms[c.num_start - 2].end == prev.start):
            return True
    if tok.ent_iob_ == "B" and tok.dep_ == "nummod" and tok.head.ent_type_ != tok.ent_type_ and tok.i == last.tok:
        return False  # "Six Gulf states": the tagger's place swallowed the count; "Six Nations" stays a name
    return any(doc[i].ent_type_ in _NOT_COUNT_ENTS for i in range(first.tok, last.tok + 1))


def _resolve_counts(doc: Doc, cands: list[_Cand], atoms: list[Atom], units: UnitTable, s_start: int,
                    s_end: int) -> list[_Cand]:
    counts: list[_Cand] = []
    bare: list[_Cand] = []
    elided: list[_Cand] = []
    subjects: list[_Cand] = []
    for c in reversed(cands):
        if c.code or c.measure:
            continue
        value = c.base * c.mult
        fraction = not c.has_mult and math.isfinite(value) and value != int(value)  # "18.9 deaths per 100,000"
        after_per = c.start > 0 and atoms[c.start - 1].low == "per"  # "per 100,000 people"
        people = _people_count(doc, c, atoms, units)  # "the number of deaths is 1501": no year, whatever NER says
        one = _one_casualty(doc, c, atoms, units) if value == 1 and not c.has_mult else None
        if (value <= 1 and one is None) or fraction or after_per or (_yearlike(c) and c.qualifier is None and people is None) or \
                atoms[c.num_start].text.startswith("0"):
            c.dropped = True
            continue
        following = [a.low for a in atoms[c.num_end:c.num_end + 4]]
        every = following[:4] in (["out", "of", "every"], ["out", "of", "each"])  # "one out of every five"
        ratio = (c.num_end + 1 < len(atoms) and (following[0] in ("in", "per") or every)) or \
            (c.num_start > 1 and atoms[c.num_start - 1].low in ("in", "every", "each")
             and (atoms[c.num_start - 2].low.isdigit() or atoms[c.num_start - 2].low in units.numbers
                  or atoms[c.num_start - 2].low == "of"))
        if ratio or (_is_name_number(doc, c, atoms, s_start) and people is None) or \
                _in_quote(doc, atoms[c.num_start].tok, s_start, s_end):
            c.dropped = True
            continue
        found = one or _count_head(doc, c, atoms, units, s_start, s_end) or people
        partner = c.partner
        if partner is not None and partner.counted and (found is None or partner.span == c.span):
            found = (None, partner.measured)
        before = atoms[c.start - 1].low if c.start > 0 and not c.qualifier else None
        if found is None or (before in _ANAPHORIC and value < 10):
            c.dropped = True
            tok = doc[atoms[c.num_end - 1].tok]
            if found is None and before not in _ANAPHORIC and tok.dep_ in ("nsubj", "nsubjpass"):
                bare.append(c)
            elif found is None and before not in _ANAPHORIC and _elided(tok, units):
                elided.append(c)
            continue
        c.measured, c.counted, c.head = found[1], True, found[0]
        counts.append(c)
        if found[0] is not None and found[0].dep_ in ("nsubj", "nsubjpass"):
            subjects.append(c)
    # "Of the 193 member states, 141 voted": a count fronted by "of" is what a bare subject after it counts
    fronted = [c for c in counts if c.head is not None and c.head.dep_ == "pobj" and c.head.head.lower_ == "of"
               and c.head.head.head.pos_ not in ("NOUN", "PROPN") and c.head.head.i < c.head.head.head.i]
    if subjects or fronted:  # "While 54 nations have signed, only 27 have ratified": the same thing
        for c in bare:
            c.dropped, c.measured, c.counted = False, (subjects or fronted)[-1].measured, True
    for c in elided:  # "Warren had 8 delegates, and Klobuchar had 7": the count before it, repeated
        earlier = [k for k in counts if k.start < c.start and k.head is not None]
        if earlier:
            c.dropped, c.measured, c.counted = False, earlier[-1].measured, True
    return [c for c in cands if not c.dropped]


def _one_casualty(doc: Doc, c: _Cand, atoms: list[Atom], units: UnitTable) -> tuple[Token, str] | None:
    """(noun, what) for "one" a verb of casualty or detention acts on ("killed one border guard", "one soldier was
    wounded"); any other "one" is no count ("one of them", "one day")."""
    tok = doc[atoms[c.num_end - 1].tok]
    noun = first = tok.head
    while first.dep_ == "conj" and first.head.pos_ == "NOUN":  # "two officers and one civilian were injured"
        first = first.head
    verb = first.head
    if tok.dep_ != "nummod" or noun.pos_ != "NOUN" or first.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in units.people_verbs or noun.lemma_.lower() in units.stop_nouns:
        return None
    return noun, _phrase_text(doc, tok.i + 1, noun)


def _elided(tok: Token, units: UnitTable) -> bool:
    """A bare number that a verb of holding has ("Klobuchar had 7") or that comes "with" ("first with 14")."""
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in units.elide_verbs:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "with"


def extract_figures(doc: Doc, units: UnitTable, countries: Sequence[str] = ()) -> list[Figure]:
    """Every figure of the document: value normalised to the contract's unit, qualifier, what it measures, span.
    ``countries`` (ISO-3, the story's setting first) say which currency "Rs", "¥" or "shillings" stands for."""
    countries = tuple(countries)
    figures: list[Figure] = []
    text = doc.text
    for sent in doc.sents:
        atoms = _atoms(doc, sent.start, sent.end, units, countries)
        cands = _read_sentence(doc, atoms, units, countries)
        cands = _resolve_counts(doc, cands, atoms, units, sent.start, sent.end)
        for c in cands:
            if c.code:
                kind, unit, factor = "money", c.code, 1.0
            elif c.measure:
                kind, unit, factor = c.measure.kind, c.measure.unit, c.measure.factor
            else:
                kind, unit, factor = "count", "count", 1.0
            if not c.counted:
                c.measured = _measured(doc, atoms[c.tail - 1].tok, sent.end)
            value = c.base * c.mult * factor
            if not math.isfinite(value):  # "999...9 billion" past the largest float: no usable figure
                continue
            value = float(round(value)) if abs(value - round(value)) < 1e-6 * max(1.0, abs(value)) else round(value, 6)
            start, end = c.span
            figures.append(Figure(value, unit, kind, Span(start, end, text[start:end]), c.qualifier, c.measured))
    return figures
