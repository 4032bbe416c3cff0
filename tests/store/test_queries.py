"""Queries: event filters, dyads per period, full-text search, on both backends."""
from __future__ import annotations

import pytest

from dragoman.store import EventFilter
from dragoman.store.queries import fts5_query, period_of

from .conftest import DUSHANBE, MOSCOW, Ev, make_result


@pytest.fixture
def filled(store):
    store.ingest([
        make_result("a", [Ev(date="2025-01-10", place=DUSHANBE)], body="Talks on debt forgiveness and energy."),
        make_result("b", [Ev(event="AID", actor="RUS", recipient="TJK", quad_class=2, score=7.0, cameo="070",
                             date="2025-01-20")], body="Moscow wrote off part of the debt owed by Dushanbe."),
        make_result("c", [Ev(event="ACCUSE", actor="TJK", recipient="RUS", quad_class=3, score=-2.0, cameo="112",
                             date="2025-03-05", place=MOSCOW)], body="Migrant workers were mistreated, it said."),
        make_result("d", [Ev(event="CONSULT", actor="CHN", recipient="TJK", date="2024-12-30")],
                    body="A railway corridor through the Pamirs was discussed in Beijing."),
        make_result("e", [Ev(event="THREATEN", actor="RUS", recipient="TJK", quad_class=3, score=-4.0,
                             hypothetical=True, date="2025-03-06")], body="Officials might restrict visas."),
    ])
    return store


def ids(rows):  # noqa: ANN001
    return sorted(r["id"] for r in rows)


def test_event_filters(filled):
    everything = filled.events()
    assert len(everything) == 4 and len(filled.events(include_uncertain=True)) == 5
    assert {r["event"] for r in filled.events(actor="RUS")} == {"CONSULT", "AID"}
    assert {r["event"] for r in filled.events(recipient="rus")} == {"ACCUSE"}
    assert len(filled.events(party="RUS")) == 3
    assert [r["event"] for r in filled.events(event_type="aid")] == ["AID"]
    assert len(filled.events(since="2025-01-01")) == 3
    assert len(filled.events(since="2025-01-15", until="2025-01")) == 1
    assert len(filled.events(until="2024")) == 1
    assert [r["event"] for r in filled.events(country="RUS")] == ["ACCUSE"]
    assert len(filled.events(EventFilter(limit=2))) == 2
    assert [r["date"] for r in filled.events(limit=2, offset=1)] == ["2025-01-20", "2025-01-10"]
    with pytest.raises(ValueError):
        filled.events(since="last tuesday")


def test_event_detail_has_sources(filled):
    row = filled.events(event_type="ACCUSE")[0]
    detail = filled.event(row["id"])
    assert detail["sources"][0]["article"] == "c" and detail["sources"][0]["sentence_text"]
    assert filled.event(10 ** 9) is None


def test_dyad_by_month_both_directions(filled):
    rows = filled.dyad("RUS", "TJK", by="month")
    assert rows == [
        {"period": "2025-01", "events": 2, "verbal_coop": 1, "material_coop": 1, "verbal_conflict": 0,
         "material_conflict": 0, "score": 8.0},
        {"period": "2025-03", "events": 1, "verbal_coop": 0, "material_coop": 0, "verbal_conflict": 1,
         "material_conflict": 0, "score": -2.0},
    ]
    assert [r["events"] for r in filled.dyad("RUS", "TJK", by="all")] == [3]
    assert [r["events"] for r in filled.dyad("RUS", "TJK", by="all", directed=True)] == [2]
    assert [r["period"] for r in filled.dyad("tjk", "rus", by="year")] == ["2025"]
    assert [r["period"] for r in filled.dyad("RUS", "TJK", by="week")] == ["2025-W02", "2025-W04", "2025-W10"]
    assert len(filled.dyad("RUS", "TJK", by="day", since="2025-02")) == 1
    assert filled.dyad("USA", "TJK") == []
    with pytest.raises(ValueError):
        filled.dyad("RUS", "TJK", by="fortnight")


def test_period_labels():
    assert period_of(20251231, "week") == "2026-W01"
    assert period_of(None, "month") == "undated"
    assert period_of(20250105, "day") == "2025-01-05"


def test_search(filled):
    hits = filled.search("debt forgiveness")
    assert [h["doc_id"] for h in hits] == ["a"]
    assert "[" in hits[0]["snippet"] and hits[0]["rank"] > 0
    assert {h["doc_id"] for h in filled.search("debt")} == {"a", "b"}
    assert [h["doc_id"] for h in filled.search('"wrote off"')] == ["b"]
    assert [h["doc_id"] for h in filled.search("debt -forgiveness")] == ["b"]
    assert {h["doc_id"] for h in filled.search("railway OR migrant")} == {"c", "d"}
    assert [h["doc_id"] for h in filled.search("RAILWAYS")] == ["d"]  # stemmed, case-folded
    assert filled.search("U.S.-Tajik (relations) AND: *") == []  # no syntax error, just no hit
    assert filled.search("") == []


def test_search_follows_replacements(filled):
    filled.ingest([make_result("a", [Ev(date="2025-01-10")], body="Now about hydropower only.")])
    assert [h["doc_id"] for h in filled.search("forgiveness")] == []
    assert [h["doc_id"] for h in filled.search("hydropower")] == ["a"]


def test_fts5_query_translation():
    assert fts5_query("debt forgiveness") == '"debt" AND "forgiveness"'
    assert fts5_query('"debt relief" -loan') == '("debt relief") NOT ("loan")'
    assert fts5_query("a OR b c") == '("a" OR "b") AND "c"'
    assert fts5_query('say "hi') == '"say" AND "\\"hi"'.replace('\\"', '""')
    assert fts5_query("-only -negatives") is None
    assert fts5_query("OR") is None


def test_undated_events_come_last(store):
    store.ingest([make_result("dated", [Ev(date="2025-02-01")]),
                  make_result("undated", [Ev(date=None)], date=None, source="B")])
    assert [r["period"] for r in store.dyad("RUS", "TJK", by="year")] == ["2025", "undated"]
    assert [r["period"] for r in store.dyad("RUS", "TJK", by="month")] == ["2025-02", "undated"]
    assert [r["events"] for r in store.dyad("RUS", "TJK", by="all")] == [1, 1]


def test_backdrop_only_events_are_left_out_unless_asked(store):
    """A backdrop recalled months later is dated by the recalling article: counted there, it would put an old
    shoot-down into February. Events, dyad and stats leave it out by default; EventFilter and dyad can ask."""
    shootdown = dict(event="ASSAULT", actor="AZE", recipient="RUS", quad_class=4, score=-10.0, cameo="190")
    store.ingest([
        make_result("news", [Ev(**shootdown, date="2024-12-25")], date="2024-12-25"),
        make_result("recall", [Ev(event="CONSULT", actor="RUS", recipient="AZE", date="2025-02-03"),
                               Ev(**shootdown, background=True)], date="2025-02-03", source="B"),
    ])
    default = store.events()
    assert sorted((e["date"], e["event"]) for e in default) == [("2024-12-25", "ASSAULT"), ("2025-02-03", "CONSULT")]
    assert all(e["background"] is False for e in default)
    everything = store.events(EventFilter(include_background=True))
    [backdrop] = [e for e in everything if e["id"] not in ids(default)]
    assert (backdrop["event"], backdrop["date"], backdrop["background"]) == ("ASSAULT", "2025-02-03", True)
    assert store.event(backdrop["id"])["background"] is True
    assert store.events(include_background=True, actor="AZE", since="2025") == [backdrop]

    assert [(r["period"], r["events"], r["material_conflict"]) for r in store.dyad("AZE", "RUS")] == [
        ("2024-12", 1, 1), ("2025-02", 1, 0)]
    assert [(r["period"], r["events"], r["material_conflict"]) for r in store.dyad(
        "AZE", "RUS", include_background=True)] == [("2024-12", 1, 1), ("2025-02", 2, 1)]

    stats = store.stats()
    assert (stats["events"], stats["events_background"], stats["events_uncertain"]) == (2, 1, 0)
    assert stats["events_by_type"] == {"ASSAULT": 1, "CONSULT": 1}
    assert stats["mentions"] == 3 and stats["first_day"] == "2024-12-25"
    assert sorted(d["events"] for d in stats["top_dyads"]) == [1, 1]
