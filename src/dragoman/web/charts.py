"""What the timelines draw: periods over the span of the reporting (the articles' dates, so that an event
dated 1995 from "entered the market in 1995" does not stretch the axis), empty periods as gaps (None, not
zero), and the score as a sum or a mean per period."""
from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from dragoman.store.dates import from_day_int
from dragoman.web import reads

SCORES = ("sum", "mean")


@dataclass(frozen=True)
class Range:
    """The dates a timeline covers: since/until as typed, or the span of the reporting by default."""

    since: str | None
    until: str | None
    default: bool  # True: the span of the reporting, not asked for


def reporting_range(cache: reads.Aggregates, store: Any, since: str | None, until: str | None,
                    everything: bool = False, key: Hashable = (), span: Callable[[], tuple] | None = None) -> Range:
    """``since``/``until`` when given; else the months the reporting spans (all dates when ``everything``):
    ``span()`` (first and last publication day of the articles behind a view's events, cached under ``key``),
    or every article's."""
    if since or until or everything:
        return Range(since, until, False)
    lo, hi = cache.get(("article_span", *key), span or store.article_span)
    if lo is None or hi is None:
        return Range(None, None, False)
    return Range(from_day_int(lo).isoformat()[:7], from_day_int(hi).isoformat()[:7], True)


def auto_period(since: str | None, until: str | None) -> str:
    """Years over four years or more, else months."""
    if not since or not until:
        return "month"
    return "year" if int(until[:4]) - int(since[:4]) >= 4 else "month"


def fill_periods(rows: list[dict[str, Any]], by: str, rng: Range | None = None) -> list[dict[str, Any]]:
    """Years or months with no events as gaps (every count and the score None), so the axis is even and an
    empty period is not read as a score of zero; the range's ends included; undated rows last."""
    dated = [r for r in rows if r["period"] != "undated"]
    labels = [r["period"] for r in dated]
    if rng is not None and rng.since:
        labels.append(_label(rng.since, by))
    if rng is not None and rng.until:
        labels.append(_label(rng.until, by))
    labels = [x for x in labels if x]
    if by not in ("year", "month") or len(set(labels)) < 2:
        return rows
    have = {r["period"]: r for r in dated}
    empty = {"events": None, **{q: None for q in reads.QUADS}, "score": None}
    lo, hi = min(labels), max(labels)
    out = []
    if by == "year":
        for year in range(int(lo), int(hi) + 1):
            out.append(have.get(f"{year:04d}", {"period": f"{year:04d}", **empty}))
    else:
        y, m = map(int, lo.split("-"))
        y2, m2 = map(int, hi.split("-"))
        while (y, m) <= (y2, m2):
            label = f"{y:04d}-{m:02d}"
            out.append(have.get(label, {"period": label, **empty}))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out + [r for r in rows if r["period"] == "undated"]


def _label(bound: str, by: str) -> str | None:
    if by == "year":
        return bound[:4]
    if by == "month":
        return bound[:7] if len(bound) >= 7 else None
    return None


def chart(rows: list[dict[str, Any]], by: str, rng: Range, score: str) -> dict[str, Any]:
    """The JSON a timeline canvas reads: periods with counts per quad class and ``score`` (sum or mean)."""
    periods = fill_periods(rows, by, rng)
    if score == "mean":
        periods = [{**p, "score": round(p["score"] / p["events"], 2) if p.get("events") else None}
                   for p in periods]
    return {"periods": periods, "by": by, "score": score}
