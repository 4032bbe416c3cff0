"""The /events filter form: query parameters read into an EventFilter, with one message per bad field (shown
next to the field, never instead of the page), actors by code or by name ("Russia", "Tajik" -> RUS, TJK via
the knowledge files), and the query string of the same filter for the API's JSON, CSV and GeoJSON."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from dragoman.store import EventFilter
from dragoman.store.dates import from_day_int, parse_bound
from dragoman.store.queries import SORTS
from dragoman.web import reads

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CODE_FIELDS = ("actor", "recipient", "party", "with", "country")
SORT_NAMES = {"newest": "newest first", "oldest": "oldest first", "sources": "most sources",
              "conflict": "most conflictual", "cooperation": "most cooperative"}


@dataclass(frozen=True)
class EventForm:
    """What the form shows (``values``, as typed or as resolved), what went wrong (``errors``: field ->
    message) and the filter to run when nothing did."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    filter: EventFilter = EventFilter()

    def api_query(self, **extra: str) -> str:
        """The query string of this filter for /api/events (codes, never names)."""
        f = self.filter
        pairs: list[tuple[str, str]] = [(k, v) for k, v in (
            ("actor", f.actor), ("recipient", f.recipient), ("party", f.party), ("with", f.counterpart),
            ("since", f.since), ("until", f.until), ("country", f.country)) if v]
        pairs += [("type", t) for t in f.event_types] + [("quad", str(q)) for q in f.quad_classes]
        if f.min_sources:
            pairs.append(("min_sources", str(f.min_sources)))
        if f.include_uncertain:
            pairs.append(("all", "true"))
        if f.include_background:
            pairs.append(("include_background", "true"))
        if f.sort != "newest":
            pairs.append(("sort", f.sort))
        pairs += list(extra.items())
        return urlencode(pairs)


def read_event_form(params: QueryParams, code_for: Callable[[str], str | None]) -> EventForm:
    """The form's fields from the query string; ``code_for`` turns what was typed into a code (CodeNames)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    codes: dict[str, str | None] = {}
    for name in CODE_FIELDS:
        typed = (params.get(name) or "").strip()[:200]
        values[name] = typed
        codes[name] = None
        if typed:
            code = code_for(typed)
            if code is None:
                errors[name] = f"unknown actor {typed!r}: give a code (RUS, IGO) or a country's name or adjective"
            else:
                codes[name] = code
    types = []
    for typed in params.getlist("type"):
        kind = typed.strip().upper()
        if not kind:
            continue
        if kind not in reads.plover_types():
            errors["type"] = f"unknown event type {typed[:40]!r}"
        else:
            types.append(kind)
    values["type"] = types
    quads = []
    for typed in params.getlist("quad"):
        if typed.strip() in ("1", "2", "3", "4"):
            quads.append(int(typed))
        elif typed.strip():
            errors["quad"] = "a quad class is 1, 2, 3 or 4"
    values["quad"] = quads
    bounds = {}
    for name, upper in (("since", False), ("until", True)):
        typed = (params.get(name) or "").strip()[:40]
        values[name] = typed
        bounds[name] = None
        if typed:
            try:
                if not _DATE.match(typed):
                    raise ValueError("not a date")
                day = parse_bound(typed, upper=upper)
                values[name] = from_day_int(day).isoformat()  # what an <input type=date> can show
                bounds[name] = typed
            except ValueError:
                errors[name] = f"{typed!r} is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY)"
    if bounds["since"] and bounds["until"] and values["since"] > values["until"]:
        errors["until"] = "the end comes before the start"
    typed = (params.get("min_sources") or "").strip()[:20]
    values["min_sources"] = typed
    min_sources = None
    if typed:
        if typed.isdigit() and 1 <= int(typed) <= 1_000_000:
            min_sources = int(typed)
        else:
            errors["min_sources"] = "a whole number from 1"
    values["all"] = _flag(params.get("all"))
    values["include_background"] = _flag(params.get("include_background"))
    sort = (params.get("sort") or "newest").strip()
    if sort not in SORTS:
        errors["sort"] = f"sort by one of {', '.join(SORTS)}"
        sort = "newest"
    values["sort"] = sort
    if codes["with"] and not codes["party"]:
        errors["with"] = "“with” needs “either side” too"
    if errors:
        return EventForm(values, errors)
    f = EventFilter(actor=codes["actor"], recipient=codes["recipient"], party=codes["party"],
                    counterpart=codes["with"], event_types=tuple(types),
                    quad_classes=tuple(sorted(set(quads))), since=bounds["since"], until=bounds["until"],
                    country=codes["country"], min_sources=min_sources, include_uncertain=values["all"],
                    include_background=values["include_background"], sort=sort)
    return EventForm(values, errors, f)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "on", "true", "yes")
