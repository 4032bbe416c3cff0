"""Dates as the store keeps them: integers YYYYMMDD, and intervals for partial dates (YYYY-MM, YYYY)."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class When:
    """The days a date may mean: one day, a whole month or a whole year."""

    lo: date
    hi: date
    precision: str  # day | month | year
    text: str

    @property
    def day(self) -> int:
        return day_int(self.lo)

    @property
    def day_hi(self) -> int:
        return day_int(self.hi)


def parse_when(value: str | None) -> When | None:
    """``2025-10-09`` -> that day; ``2025-10`` -> October; ``2025`` -> the year; anything else -> None."""
    if not value:
        return None
    match = _ISO.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            d = date(int(year), int(month), int(day))
            return When(d, d, "day", d.isoformat())
        if month:
            m = int(month)
            last = calendar.monthrange(int(year), m)[1]
            return When(date(int(year), m, 1), date(int(year), m, last), "month", f"{year}-{month}")
        return When(date(int(year), 1, 1), date(int(year), 12, 31), "year", year)
    except ValueError:
        return None


def day_int(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def from_day_int(n: int) -> date:
    return date(n // 10000, n // 100 % 100, n % 100)


def shift(n: int, days: int) -> int:
    """A YYYYMMDD integer moved by a number of days, held at the calendar's ends (0001-01-01, 9999-12-31):
    a merge window around the first or last day of the calendar must not overflow."""
    start = from_day_int(n)
    if days >= 0:
        return day_int(start + timedelta(days=min(days, (date.max - start).days)))
    return day_int(start - timedelta(days=min(-days, (start - date.min).days)))


def gap_days(a: When, b: When) -> int:
    """Days between two intervals; 0 when they overlap."""
    if a.hi < b.lo:
        return (b.lo - a.hi).days
    if b.hi < a.lo:
        return (a.lo - b.hi).days
    return 0


def parse_bound(value: str | None, upper: bool = False) -> int | None:
    """A --since / --until value as a YYYYMMDD bound: '2025' means from 1 January, or to 31 December."""
    if value is None:
        return None
    when = parse_when(value)
    if when is None:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return when.day_hi if upper else when.day
