"""Event dates: English date expressions resolved against the article's publication date, offline.

News reports the past, so a bare "Wednesday" or "October 9" means the most recent one on or
before publication unless the caller says the verb is future (``future=True``).

Conventions where English is vaguer than ISO 8601 (precision is day, week, month or year):

* "this week", "last week", "next week", "two weeks ago" -> that calendar week at week precision, its value
  the week's Monday (ISO 8601 weeks run Monday to Sunday): a window the store's merge rule can use, never a
  single day passed off as known.
* "this weekend" / "last weekend" / "next weekend" -> the Saturday, day precision.
* "last night" -> the day before publication.
* "the 1990s" -> "1990" at year precision (the decade's first year); "mid-2025", "early October"
  -> the year or month itself.
* Durations ("45 days", "three years", "the past week") and anaphora ("that day") are not dates: None.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass(frozen=True)
class DateResolution:
    """A resolved date: ISO value at the precision the text supports, and the words it came from."""

    value: str  # "YYYY-MM-DD" (for a week, its Monday), "YYYY-MM" or "YYYY"
    precision: str  # day | week | month | year
    text: str


_MONTH_WORDS = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)
MONTHS = MappingProxyType({w: i for i, words in enumerate(_MONTH_WORDS, 1) for w in words})
_WEEKDAY_WORDS = (
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
)
WEEKDAYS = MappingProxyType({w: i for i, words in enumerate(_WEEKDAY_WORDS) for w in words})
_NUMBER_WORDS = MappingProxyType({
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
})
_DAY_OFFSETS = MappingProxyType({
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "last evening": -1, "day before yesterday": -2,
    "tomorrow": 1, "day after tomorrow": 2,
})

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_DAYNUM = rf"(?P<d>\d{{1,2}}){_ORD}(?:\s*(?:-|to|and|&)\s*\d{{1,2}}{_ORD})?"  # "9", "9th", "9-10"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_MOD = r"(?:(?P<mod>last|next|this|coming|this coming|this past)\s+)?"

# Vague qualifiers stripped from the front, leaving the date they qualify ("the end of last year").
_LEAD = re.compile(
    r"^(?:on|in|at|during|since|from|until|till|by|through|throughout|around|about|as of|circa|the|"
    r"early|earlier|mid|middle|late|later|(?:earlier|later) (?:in|on)|"
    r"(?:end|start|beginning|middle|turn|close|course|rest|remainder|height) of|"
    r"(?:first|second|third|fourth|last|final) (?:half|quarter|week|weeks|days|months|day|month) of|"
    r"(?:spring|summer|autumn|fall|winter)(?: of)?)\s+"
)
_ISO_DAY = re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:t[\d:.]+z?)?")
_ISO_MONTH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})")
_AGO = re.compile(r"(?P<n>\d+|a couple of|a few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                  r"\s+(?P<u>day|week|month|year|decade)s?\s+ago")
_RELATIVE = re.compile(r"(?P<mod>this|last|next|coming|current|this coming|this past)\s+(?P<u>week|weekend|month|year)"
                       r"|(?P<bare>week|weekend|month|year)")
_WEEKDAY = re.compile(rf"{_MOD}(?P<w>{_W}){_PART_OF_DAY}")
_WEEKDAY_PREFIX = re.compile(rf"(?P<w>{_W})\s+(?P<rest>.+)")
_MONTH_DAY = re.compile(rf"(?P<m>{_M})\s+{_DAYNUM}(?:\s+(?P<y>\d{{4}}))?")
_DAY_MONTH = re.compile(rf"{_DAYNUM}(?:\s+of)?\s+(?P<m>{_M})(?:\s+(?P<y>\d{{4}}))?")
_DAY_ONLY = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)")
_MONTH = re.compile(rf"{_MOD}(?P<m>{_M})(?:\s+(?:of\s+)?(?P<y>\d{{4}}))?")
_YEAR = re.compile(r"(?:year\s+)?(?P<y>\d{4})(?:\s*[-/]\s*(?:\d{2}|\d{4}))?")
_DECADE = re.compile(r"(?P<c>\d{2})?(?P<d>\d)0'?s|'(?P<d2>\d)0s")
_ISO_VALUE = re.compile(r"(?!0000)\d{4}(?:-\d{2}(?:-\d{2})?)?")

_PAST_MODS = frozenset({"last", "this past"})
_FUTURE_MODS = frozenset({"next", "coming", "this coming"})


def resolve_date(expression: str, published: dt.date | str | None, future: bool = False) -> DateResolution | None:
    """Resolve a date expression; None when it names no date (a duration, an anaphor, nonsense).

    ``published`` may be a date, a datetime or an ISO string; relative expressions need it.
    ``future`` picks the next occurrence of an underspecified date instead of the last one.
    """
    pub = _as_date(published)
    text = expression.strip()
    s = _normalise(expression)
    if not s or len(s) > 80:
        return None
    while True:
        stripped = _LEAD.sub("", s, count=1)
        if stripped == s:
            break
        s = stripped
    try:
        found = _resolve_core(s, pub, future)
    except (ValueError, OverflowError):  # before year 1 or after 9999: "99999999999 days ago", "tomorrow" in 9999
        return None
    if found is None or not _ISO_VALUE.fullmatch(found[0]):  # a year outside 0001-9999 ("3000 years ago")
        return None
    value, precision = found
    return DateResolution(value, precision, text)


def _as_date(published: dt.date | str | None) -> dt.date | None:
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _normalise(expression: str) -> str:
    s = expression.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"'s\b", "", s)  # "Wednesday's"
    s = re.sub(r"\b(mid|early|late)-", r"\1 ", s)
    s = re.sub(r"\b(?:earlier|later) (?:in|on) the day\b", "today", s)
    s = re.sub(r"(?<=[a-z])\.", "", s)  # "Oct." -> "oct"
    s = re.sub(r"[,;()\"]", " ", s)
    return " ".join(s.split()).strip(" .-")


def _resolve_core(s: str, pub: dt.date | None, future: bool) -> tuple[str, str] | None:
    """The date an unqualified expression names, as (value, precision)."""
    if m := _ISO_DAY.fullmatch(s):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]))
    if (m := _ISO_MONTH.fullmatch(s)) and 1 <= int(m["m"]) <= 12:
        return _month(int(m["y"]), int(m["m"]))
    if s in _DAY_OFFSETS or (s.split(" ", 1)[0] in ("yesterday", "today", "tomorrow")
                             and re.fullmatch(r"\w+" + _PART_OF_DAY, s)):
        offset = _DAY_OFFSETS.get(s, _DAY_OFFSETS.get(s.split(" ", 1)[0]))
        return None if pub is None else _iso_day(pub + dt.timedelta(days=offset))
    if m := _AGO.fullmatch(s):
        return _ago(m, pub)
    if m := _RELATIVE.fullmatch(s):
        return _relative(m["mod"] or "this", m["u"] or m["bare"], pub, future)
    if m := _WEEKDAY.fullmatch(s):
        return _weekday(WEEKDAYS[m["w"]], m["mod"], pub, future)
    if (m := _WEEKDAY_PREFIX.fullmatch(s)) and not _WEEKDAY.fullmatch(s):
        return _resolve_core(m["rest"], pub, future)  # "Wednesday October 9": the explicit date wins
    if m := _MONTH_DAY.fullmatch(s) or _DAY_MONTH.fullmatch(s):
        return _month_day(MONTHS[m["m"]], int(m["d"]), m["y"], pub, future)
    if m := _DAY_ONLY.fullmatch(s):
        return _day_only(int(m["d"]), pub, future)
    if m := _MONTH.fullmatch(s):
        return _named_month(MONTHS[m["m"]], m["y"], m["mod"], pub, future)
    if (m := _YEAR.fullmatch(s)) and 1000 <= int(m["y"]) <= 2999:
        return m["y"], "year"
    if m := _DECADE.fullmatch(s):
        return _decade(m, pub)
    return None


def _day(year: int, month: int, day: int) -> tuple[str, str] | None:
    try:
        return _iso_day(dt.date(year, month, day))
    except ValueError:
        return None


def _iso_day(d: dt.date) -> tuple[str, str]:
    return d.isoformat(), "day"


def _iso_week(d: dt.date) -> tuple[str, str]:
    """The calendar week (Monday to Sunday) holding ``d``, as its Monday at week precision."""
    return (d - dt.timedelta(days=d.weekday())).isoformat(), "week"


def _month(year: int, month: int) -> tuple[str, str] | None:
    return (f"{year:04d}-{month:02d}", "month") if 1 <= month <= 12 and 1 <= year <= 9999 else None


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def _ago(m: re.Match[str], pub: dt.date | None) -> tuple[str, str] | None:
    if pub is None:
        return None
    n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"]]
    unit = m["u"]
    if unit == "day":
        return _iso_day(pub - dt.timedelta(days=n))
    if unit == "week":
        return _iso_week(pub - dt.timedelta(days=7 * n))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -n))
    return str(pub.year - n * (10 if unit == "decade" else 1)), "year"


def _relative(mod: str, unit: str, pub: dt.date | None, future: bool) -> tuple[str, str] | None:
    """this/last/next week, weekend, month, year."""
    if pub is None:
        return None
    step = -1 if mod in _PAST_MODS else 1 if mod in _FUTURE_MODS else 0
    if unit == "week":
        return _iso_week(pub + dt.timedelta(days=7 * step))
    if unit == "weekend":
        return _weekend(step, pub, future)
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, step))
    return str(pub.year + step), "year"


def _weekend(step: int, pub: dt.date, future: bool) -> tuple[str, str]:
    """The Saturday of the weekend meant: this one (past or coming), the one before, or the next."""
    saturday = 5
    if step == 0:
        days = (saturday - pub.weekday()) % 7 if future else -((pub.weekday() - saturday) % 7)
    elif step > 0:
        days = (saturday - pub.weekday() - 1) % 7 + 1
    else:  # strictly before publication; on a Sunday yesterday's Saturday is "this weekend"
        days = -((pub.weekday() - saturday - 1) % 7 + 1) - (7 if pub.weekday() == 6 else 0)
    return _iso_day(pub + dt.timedelta(days=days))


def _weekday(weekday: int, mod: str | None, pub: dt.date | None, future: bool) -> tuple[str, str] | None:
    """The weekday meant: on/before publication (past), on/after (future), strictly before/after for last/next."""
    if pub is None:
        return None
    if mod in _PAST_MODS:
        return _iso_day(pub - dt.timedelta(days=(pub.weekday() - weekday - 1) % 7 + 1))
    if mod in _FUTURE_MODS:
        return _iso_day(pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1))
    if future:
        return _iso_day(pub + dt.timedelta(days=(weekday - pub.weekday()) % 7))
    return _iso_day(pub - dt.timedelta(days=(pub.weekday() - weekday) % 7))


def _month_day(month: int, day: int, year: str | None, pub: dt.date | None, future: bool) -> tuple[str, str] | None:
    """A month and day; without a year, the most recent (or, for the future, the next) occurrence."""
    if not 1 <= day <= 31:
        return None
    if year is not None:
        return _day(int(year), month, day)
    if pub is None:
        return None
    y = pub.year
    if not future and (month, day) > (pub.month, pub.day):
        y -= 1
    elif future and (month, day) < (pub.month, pub.day):
        y += 1
    return _day(y, month, day)


def _day_only(day: int, pub: dt.date | None, future: bool) -> tuple[str, str] | None:
    """"The 9th": this month, else the month before (or, for the future, the month after)."""
    if pub is None or not 1 <= day <= 31:
        return None
    y, m = pub.year, pub.month
    if not future and day > pub.day:
        y, m = _shift_month(y, m, -1)
    elif future and day < pub.day:
        y, m = _shift_month(y, m, 1)
    if day > calendar.monthrange(y, m)[1]:
        return None
    return _day(y, m, day)


def _named_month(month: int, year: str | None, mod: str | None, pub: dt.date | None,
                 future: bool) -> tuple[str, str] | None:
    """"October": the most recent October up to the publication month, or the next one if future / "next"."""
    if year is not None:
        return _month(int(year), month)
    if pub is None:
        return None
    y = pub.year
    if mod in _PAST_MODS and month >= pub.month:
        y -= 1
    elif mod in _FUTURE_MODS and month <= pub.month:
        y += 1
    elif mod is None and future and month < pub.month:
        y += 1
    elif mod is None and not future and month > pub.month:
        y -= 1
    return _month(y, month)


def _decade(m: re.Match[str], pub: dt.date | None) -> tuple[str, str] | None:
    """"The 1990s" -> "1990"; "the '90s" -> the latest such decade not after publication."""
    if m["c"]:
        return f"{m['c']}{m['d']}0", "year"
    digit = int(m["d"] or m["d2"])
    year_now = (pub or dt.date(1999, 12, 31)).year
    century = year_now // 100 * 100
    start = century + digit * 10
    return str(start if start <= year_now else start - 100), "year"


# --- choosing the date of an event in a parsed sentence -------------------------------------------

_CLAUSE_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp"})
_REPORTED_DEPS = frozenset({"ccomp", "parataxis"})  # what was said happened elsewhere or at another time
_NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nummod", "poss", "nmod"})
_EXCLUDED_PREPS = frozenset({"until", "till", "by", "since", "before", "after", "for", "within", "over",
                             "through", "throughout", "ahead", "prior", "than", "between", "from"})
_OTHER_TIME_PREPS = frozenset({"before", "after", "ahead", "prior", "until", "till", "since", "instead"})
_PREFERRED_PREPS = frozenset({"on", "in", "at", "during"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_FUTURE_GOVERNORS = frozenset({"plan", "expect", "schedule", "set", "due", "intend", "agree", "prepare", "aim",
                               "hope", "decide", "promise", "pledge", "vow", "be", "go", "want", "seek"})


def find_event_date(sent: Span, trigger_i: int, published: dt.date | str | None,
                    future: bool | None = None) -> DateResolution | None:
    """The date of the event whose trigger is the token with doc index ``trigger_i``, or None.

    Among the sentence's DATE entities (and "on the 9th" ordinals) it prefers the one attached to the
    trigger, then one elsewhere in the trigger's clause, then the nearest; durations, horizons
    ("until 2042") and dates inside clauses about other nouns are skipped. ``future`` defaults to
    the tense of the verb the date hangs on ("will meet on Friday", "said on Monday").
    """
    trigger = _token(sent, trigger_i)
    best: tuple[tuple[int, ...], DateResolution] | None = None
    for ent in sent.ents:
        root = ent.root
        if ent.label_ == "ORDINAL":
            if not (root.dep_ == "pobj" and root.head.lower_ == "on"):
                continue
        elif ent.label_ != "DATE" or _is_name_part(ent):
            continue
        if root.dep_ == "pobj" and root.head.lower_ in _EXCLUDED_PREPS:
            continue
        if root.dep_ in _MODIFIER_DEPS and root.head.i != trigger.i and root.head.pos_ in ("NOUN", "PROPN"):
            continue  # "the 2019 election": a date of something else
        rank = attachment_rank(trigger, root)
        if rank is None:
            continue
        tense = looks_future(_governor(root)) if future is None else future
        resolved = resolve_date(ent.text, published, tense)
        if resolved is None:
            continue
        preferred = root.dep_ in ("npadvmod", "tmod", "advmod") or (
            root.dep_ == "pobj" and root.head.lower_ in _PREFERRED_PREPS)
        key = (rank[0], 0 if preferred else 1, *rank[1:], abs(root.i - trigger.i))
        if best is None or key < best[0]:
            best = (key, resolved)
    return None if best is None else best[1]


def _is_name_part(ent: Span) -> bool:
    """A bare month word right after a proper name is part of the name ("Theresa May", "Brian May"), not a date:
    the parser's DATE would date the event to that month of the past."""
    if len(ent) != 1 or ent.root.lower_ not in MONTHS or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return before.pos_ == "PROPN" and before.is_title and before.lower_ not in MONTHS


def looks_future(trigger: Token) -> bool:
    """Whether the trigger's verb is future or planned: "will meet", "agreed to meet", "is set to meet"."""
    verb = trigger
    if trigger.pos_ not in ("VERB", "AUX") and trigger.head.pos_ in ("VERB", "AUX"):
        verb = trigger.head
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in _FUTURE_AUX:
            return True
        if child.dep_ == "aux" and child.lower_ == "would" and verb.dep_ == "ccomp":
            return True  # reported future: "said they would meet on Friday"
        if child.dep_ == "aux" and child.lower_ == "to" and verb.dep_ == "xcomp":
            head = verb.head
            if head.lemma_.lower() in _FUTURE_GOVERNORS or looks_future(head):
                return True
    return False


def attachment_rank(trigger: Token, token: Token) -> tuple[int, int, int] | None:
    """How closely ``token`` hangs off the trigger: (tier, clauses crossed, depth); None if it belongs to
    another noun or to reported speech below the trigger.

    Tier 0: governed by the trigger itself; 1: by the verb governing a noun or infinitive trigger;
    2: elsewhere in the trigger's subtree; 3: outside it. Shared with dragoman.facts.places.
    """
    anchors = _anchors(trigger)
    ancestors = {t.i for t in trigger.ancestors} | {trigger.i}
    path = []
    node = token
    while node.i not in ancestors:
        path.append(node)
        if node.head.i == node.i:
            break
        node = node.head
    lca = node
    for step in path:
        if step.dep_ in _NOUN_CLAUSE_DEPS and step.head.i != trigger.i:
            return None  # inside a clause that describes another noun
        if step.dep_ in _REPORTED_DEPS:
            return None  # inside the content of a statement
        if step.dep_ == "prep" and step.lower_ in _OTHER_TIME_PREPS:
            return None  # "met Sisi before flying to Riyadh": another event
    crossed = sum(1 for step in path if step.dep_ in _CLAUSE_DEPS | _NOUN_CLAUSE_DEPS)
    governor = _governor(token)
    if governor.i == trigger.i:
        return 0, 0, len(path)
    if governor.i in anchors:
        return 1, crossed, len(path)
    if lca.i == trigger.i:
        return 2, crossed, len(path)
    return 3, crossed, len(path)


def _anchors(trigger: Token) -> set[int]:
    """The verb a noun or infinitive trigger depends on: "held talks", "agreed to meet", "gathered to discuss"."""
    head = trigger.head
    governed = trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "xcomp", "advcl")
    return {head.i} if governed and head.pos_ in ("VERB", "AUX") else set()


def _governor(token: Token) -> Token:
    """The word a phrase modifies: the head of its preposition for "on Wednesday", else its head."""
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "dative"):
        return token.head.head
    return token.head


def _token(sent: Span, trigger_i: int) -> Token:
    if not sent.start <= trigger_i < sent.end:
        raise ValueError(f"trigger index {trigger_i} is outside the sentence [{sent.start}, {sent.end})")
    return sent.doc[trigger_i]
