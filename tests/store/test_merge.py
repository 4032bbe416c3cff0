"""The merge rule: constructed cases on both backends, and properties of the pure rule."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dragoman.records import Place
from dragoman.store import StoreConfig
from dragoman.store.dates import parse_when
from dragoman.store.merge import Pair, Where, can_merge, dates_compatible, distance_km, places_compatible

from .conftest import DUSHANBE, MOSCOW, Ev, make_result

VISIT = "Russian President Vladimir Putin arrived in Dushanbe for talks with President Emomali Rahmon."
VISIT_2 = "Putin held talks with Rahmon in the Tajik capital on Thursday, the Kremlin said."


def test_two_outlets_reporting_one_visit_make_one_event_with_two_sources(store):
    store.ingest([make_result("tass-1", [Ev(sentence=VISIT, date="2025-10-09", place=DUSHANBE)], source="TASS")])
    store.ingest([make_result("asia-1", [Ev(sentence=VISIT_2, date="2025-10-10", place=DUSHANBE)],
                              source="Asia-Plus", date="2025-10-10")])
    events = store.events(sources=True)
    assert len(events) == 1
    event = events[0]
    assert (event["event"], event["actor_code"], event["recipient_code"]) == ("CONSULT", "RUS", "TJK")
    assert (event["num_sources"], event["num_articles"], event["num_mentions"]) == (2, 2, 2)
    assert event["date"] == "2025-10-09"  # the anchor: the first report
    assert {s["article"] for s in event["sources"]} == {"tass-1", "asia-1"}
    assert {s["sentence_text"] for s in event["sources"]} == {VISIT, VISIT_2}


KILLING_THURSDAY = "Thursday, United States military forces killed Qasem Soleimani in an airstrike."
KILLING_LAST_WEEK = "The move follows the United States' killing of Qasem Soleimani in an airstrike last week."


def killing(sentence: str, date: str, text: str, precision: str | None = None) -> Ev:
    return Ev(event="ASSAULT", actor="USA", recipient="IRN", recipient_sector="MIL", sentence=sentence, date=date,
              date_text=text, date_precision=precision, quad_class=4, score=-9.0, cameo="190", mode=None)


def test_last_week_is_a_week_wide_window_that_a_day_in_it_joins_and_narrows(store):
    """One article dates the killing "Thursday" (2020-01-02), another "last week" (the week of 2019-12-30):
    one ASSAULT event with two articles, dated the Thursday, whichever report came first."""
    week = make_result("wn-005", [killing(KILLING_LAST_WEEK, "2019-12-30", "last week", "week")],
                       date="2020-01-06", source="Wikinews")
    day = make_result("wn-021", [killing(KILLING_THURSDAY, "2020-01-02", "Thursday", "day")], date="2020-01-05",
                      source="Reuters")
    store.ingest([week])
    [alone] = store.events()
    assert (alone["date"], alone["date_precision"]) == ("2019-12-30", "week")
    store.ingest([day])
    [event] = store.events(sources=True)
    assert (event["num_articles"], event["num_sources"]) == (2, 2)
    assert (event["date"], event["date_precision"]) == ("2020-01-02", "day")
    assert {s["article"] for s in event["sources"]} == {"wn-005", "wn-021"}
    # each article's own record keeps the date its text gives
    assert [(r["date"], r["date_precision"]) for r in store.article("wn-005")["events"]] == [("2019-12-30", "week")]


def test_the_day_first_and_the_week_second_merge_too(store, tmp_path):
    store.ingest([make_result("d", [killing(KILLING_THURSDAY, "2020-01-02", "Thursday", "day")], date="2020-01-05")])
    store.ingest([make_result("w", [killing(KILLING_LAST_WEEK, "2019-12-30", "last week", "week")],
                              date="2020-01-06", source="B")])
    [event] = store.events()
    assert (event["date"], event["date_precision"], event["num_sources"]) == ("2020-01-02", "day", 2)
    store.export("plover", tmp_path / "events.jsonl")
    [line] = (tmp_path / "events.jsonl").read_text().splitlines()
    assert (json.loads(line)["date"], json.loads(line)["date_precision"]) == ("2020-01-02", "day")


def test_a_week_does_not_reach_past_its_window(store):
    store.ingest([make_result("w", [killing(KILLING_LAST_WEEK, "2019-12-30", "last week", "week")],
                              date="2020-01-06")])
    store.ingest([make_result("late", [killing(KILLING_THURSDAY, "2020-01-08", "Wednesday", "day")],
                              date="2020-01-09", source="B")])  # Sunday 5 January + 2 days < the 8th
    assert sorted(e["date"] for e in store.events()) == ["2019-12-30", "2020-01-08"]


def test_week_intervals_in_the_pure_rule():
    week = parse_when("2019-12-30", "week")
    assert (week.lo.isoformat(), week.hi.isoformat(), week.precision) == ("2019-12-30", "2020-01-05", "week")
    assert dates_compatible(week, parse_when("2020-01-02"), 0)
    assert dates_compatible(week, parse_when("2020-01-07"), 2)
    assert not dates_compatible(week, parse_when("2020-01-08"), 2)
    assert dates_compatible(week, parse_when("2019-12"), 0)
    assert parse_when("2019-12", "week").precision == "month"  # a week is a day's reading only


def test_same_two_countries_meeting_twice_a_month_apart_stay_two_events(store):
    store.ingest([make_result("m1", [Ev(date="2025-10-09", place=DUSHANBE)])])
    store.ingest([make_result("m2", [Ev(date="2025-11-10", place=DUSHANBE)], source="Outlet B",
                              date="2025-11-10")])
    events = store.events()
    assert len(events) == 2
    assert all(e["num_sources"] == 1 for e in events)
    assert [e["date"] for e in events] == ["2025-11-10", "2025-10-09"]  # newest first


def test_same_outlet_twice_is_one_source_two_articles(store):
    store.ingest([make_result("x1", [Ev(date="2025-10-09")], source="TASS"),
                  make_result("x2", [Ev(date="2025-10-09")], source="tass ")])
    [event] = store.events()
    assert (event["num_sources"], event["num_articles"]) == (1, 2)


def test_two_mentions_in_one_article_are_one_article(store):
    store.ingest([make_result("one", [Ev(date="2025-10-09"), Ev(date="2025-10-09", sentence="They met again.")])])
    [event] = store.events()
    assert (event["num_sources"], event["num_articles"], event["num_mentions"]) == (1, 1, 2)


def test_what_does_not_merge(store):
    store.ingest([make_result("base", [Ev(date="2025-10-09", place=DUSHANBE)])])
    store.ingest([
        make_result("type", [Ev(event="COOPERATE", date="2025-10-09")], source="B"),
        make_result("reversed", [Ev(actor="TJK", recipient="RUS", date="2025-10-09")], source="C"),
        make_result("norecipient", [Ev(recipient=None, date="2025-10-09")], source="D"),
        make_result("elsewhere", [Ev(date="2025-10-09", place=MOSCOW)], source="E"),
        make_result("negated", [Ev(date="2025-10-09", negated=True)], source="F"),
        make_result("window", [Ev(date="2025-10-12")], source="G"),
        make_result("yearonly", [Ev(date="2025")], source="H"),
    ])
    events = store.events(include_uncertain=True)
    assert len(events) == 8
    assert all(e["num_sources"] == 1 for e in events)
    assert len(store.events()) == 7  # the negated one is not an event unless asked for


def test_merges_at_the_edge_of_the_window_and_with_a_month_or_unknown_place(store):
    store.ingest([make_result("base", [Ev(date="2025-10-09", place=DUSHANBE)])])
    store.ingest([
        make_result("edge", [Ev(date="2025-10-11")], source="B"),
        make_result("month", [Ev(date="2025-10")], source="C"),
        make_result("country", [Ev(date="2025-10-08", place=Place("Tajikistan", "TJK", None, None, "country"))],
                    source="D"),
        make_result("nearby", [Ev(date="2025-10-09", place=Place("Varzob", "TJK", 38.77, 68.82, "city"))],
                    source="E"),
    ])
    [event] = store.events()
    assert event["num_sources"] == 5


def test_no_chaining_a_daily_series_of_clashes(store):
    store.ingest([make_result(f"day{d}", [Ev(event="ASSAULT", actor="AZE", recipient="ARM", quad_class=4,
                                             score=-10, date=f"2025-03-{d:02d}")], source=f"S{d}",
                              date=f"2025-03-{d:02d}") for d in range(1, 11)])
    events = store.events()
    # anchors on 1, 4, 7, 10: each absorbs the next two days, never more than the window from its anchor
    assert sorted(e["date"] for e in events) == ["2025-03-01", "2025-03-04", "2025-03-07", "2025-03-10"]
    assert sorted(e["num_sources"] for e in events) == [1, 3, 3, 3]


def test_compound_actors_make_one_event_per_pair_and_merge_pairwise(store):
    store.ingest([make_result("both", [Ev(actor=["RUS", "CHN"], recipient="TJK", date="2025-10-09")])])
    store.ingest([make_result("russia", [Ev(date="2025-10-09")], source="B")])
    by_actor = {e["actor_code"]: e for e in store.events()}
    assert set(by_actor) == {"RUS", "CHN"}
    assert by_actor["RUS"]["num_sources"] == 2 and by_actor["CHN"]["num_sources"] == 1


def test_domestic_events_need_agreeing_sectors(store):
    store.ingest([make_result("d1", [Ev(event="COERCE", actor="RUS", recipient="RUS", actor_sector="COP",
                                        recipient_sector="OPP", date="2025-05-01")])])
    store.ingest([make_result("d2", [Ev(event="COERCE", actor="RUS", recipient="RUS", actor_sector="COP",
                                        recipient_sector="MED", date="2025-05-01")], source="B"),
                  make_result("d3", [Ev(event="COERCE", actor="RUS", recipient="RUS", actor_sector=None,
                                        recipient_sector="OPP", date="2025-05-01")], source="C")])
    counts = sorted(e["num_sources"] for e in store.events())
    assert counts == [1, 2]


def test_missing_event_date_falls_back_to_publication_date(store):
    store.ingest([make_result("p1", [Ev(date=None)], date="2025-10-09"),
                  make_result("p2", [Ev(date="2025-10-10")], date="2025-10-12", source="B")])
    [event] = store.events()
    assert event["date"] == "2025-10-09" and event["num_sources"] == 2


def test_unknown_actor_never_merges(store):
    store.ingest([make_result("u1", [Ev(actor=None, date="2025-10-09")]),
                  make_result("u2", [Ev(actor=None, date="2025-10-09")], source="B")])
    assert len(store.events()) == 2


def test_a_changed_article_replaces_its_links_and_counts(store):
    store.ingest([make_result("a", [Ev(date="2025-10-09")]), make_result("b", [Ev(date="2025-10-09")], source="B")])
    assert store.events()[0]["num_sources"] == 2
    changed = make_result("b", [Ev(event="AID", cameo="070", quad_class=2, score=7.0, date="2025-10-09")],
                          source="B", body="A corrected story about aid deliveries, rewritten entirely.")
    report = store.ingest([changed])
    assert [o.status for o in report.outcomes] == ["replaced"]
    by_type = {e["event"]: e for e in store.events()}
    assert set(by_type) == {"CONSULT", "AID"}
    assert by_type["CONSULT"]["num_sources"] == 1 and by_type["AID"]["num_sources"] == 1


def test_anchor_moves_when_its_article_changes(store):
    store.ingest([make_result("first", [Ev(date="2025-10-09", place=DUSHANBE)]),
                  make_result("second", [Ev(date="2025-10-10")], source="B")])
    store.ingest([make_result("first", [Ev(event="REJECT", date="2025-10-09")], body="Different body now.")])
    consult = store.events(event_type="CONSULT")
    assert len(consult) == 1
    assert consult[0]["date"] == "2025-10-10" and consult[0]["num_sources"] == 1 and consult[0]["place"] is None


# -- backdrops ("after a jet shot down a helicopter, ...") -----------------------------------------------

SHOOTDOWN = dict(event="ASSAULT", actor="AZE", recipient="RUS", quad_class=4, score=-10.0, cameo="190")
SHOT_DOWN = "An Azerbaijani jet shot down a Russian helicopter over the border on Monday."
AFTER = "After Azerbaijan shot down a Russian helicopter, Moscow summoned the ambassador."


def test_a_backdrop_joins_the_event_it_recalls_and_a_late_one_stays_apart(store):
    store.ingest([make_result("news", [Ev(**SHOOTDOWN, sentence=SHOT_DOWN, date="2025-10-06")], date="2025-10-07")])
    store.ingest([
        # the day after: the backdrop carries its article's date, within the window of the report
        make_result("next-day", [Ev(**SHOOTDOWN, sentence=AFTER, background=True)], date="2025-10-08",
                    source="B"),
        # six weeks on: a re-mention, dated by the article that recalls it
        make_result("weeks-later", [Ev(**SHOOTDOWN, sentence=AFTER, background=True)], date="2025-11-20",
                    source="C"),
    ])
    [event] = store.events(sources=True)
    assert (event["date"], event["background"], event["num_sources"], event["num_mentions"]) == (
        "2025-10-06", False, 2, 2)
    assert [(s["article"], s["background"]) for s in event["sources"]] == [("news", False), ("next-day", True)]
    everything = store.events(include_background=True)
    assert len(everything) == 2
    [recalled] = [e for e in everything if e["background"]]
    assert (recalled["date"], recalled["num_sources"]) == ("2025-11-20", 1)
    assert [r["period"] for r in store.dyad("AZE", "RUS", by="month")] == ["2025-10"]
    assert [(r["period"], r["material_conflict"]) for r in store.dyad("AZE", "RUS", by="month",
                                                                      include_background=True)] == [
        ("2025-10", 1), ("2025-11", 1)]


def test_a_main_report_makes_a_backdrop_only_event_ordinary_and_anchors_it(store):
    store.ingest([make_result("recall", [Ev(**SHOOTDOWN, sentence=AFTER, background=True, place=MOSCOW)],
                              date="2025-10-08")])
    assert store.events() == []
    [before] = store.events(include_background=True)
    assert (before["background"], before["date"], before["place"]) == (True, "2025-10-08", "Moscow")
    # reported as news later, but dated two days earlier: joins, and becomes the event's anchor
    store.ingest([make_result("report", [Ev(**SHOOTDOWN, sentence=SHOT_DOWN, date="2025-10-06")],
                              date="2025-10-09", source="B")])
    [after] = store.events()
    assert after["id"] == before["id"]
    assert (after["background"], after["date"], after["place"], after["num_sources"]) == (False, "2025-10-06",
                                                                                          None, 2)
    # the report is withdrawn (its article changes): the event is a backdrop again, anchored on the recall
    store.ingest([make_result("report", [], date="2025-10-09", source="B", body="Corrected: no such incident.")])
    assert store.events() == []
    [again] = store.events(include_background=True)
    assert (again["id"], again["background"], again["date"], again["num_sources"]) == (before["id"], True,
                                                                                       "2025-10-08", 1)


def test_the_anchor_moves_within_a_batch_as_it_would_between_batches(store):
    """Backdrop on the 8th, reports dated the 6th and the 4th: the 6th joins and becomes the anchor, so the 4th
    is within the window of it. One batch must give what three batches give."""
    store.ingest([make_result("recall", [Ev(**SHOOTDOWN, sentence=AFTER, background=True)], date="2025-10-08"),
                  make_result("r6", [Ev(**SHOOTDOWN, date="2025-10-06")], date="2025-10-06", source="B"),
                  make_result("r4", [Ev(**SHOOTDOWN, date="2025-10-04")], date="2025-10-06", source="C")])
    [event] = store.events(include_background=True)
    assert (event["date"], event["num_sources"], event["background"]) == ("2025-10-06", 3, False)


def test_a_backdrop_in_the_same_article_as_its_event_is_one_ordinary_event(store):
    store.ingest([make_result("seed", [Ev(date="2025-10-09"), Ev(sentence="Following their meeting, the two "
                                                                          "presidents walked.", background=True)],
                              date="2025-10-09")])
    [event] = store.events(include_background=True)
    assert (event["background"], event["num_mentions"], event["num_articles"]) == (False, 2, 1)


def test_backdrop_and_uncertain_are_separate_filters(store):
    store.ingest([make_result("x", [Ev(event="THREATEN", quad_class=3, score=-4.0, cameo="130", hypothetical=True,
                                       background=True, date="2025-10-09")])])
    assert store.events() == store.events(include_uncertain=True) == store.events(include_background=True) == []
    [event] = store.events(include_uncertain=True, include_background=True)
    assert event["hypothetical"] and event["background"]


# -- the pure rule ------------------------------------------------------------------------------------

CONFIG = StoreConfig()


def pair(**kw) -> Pair:
    base = dict(event_type="CONSULT", actor_code="RUS", recipient_code="TJK", actor_sector="GOV",
                recipient_sector="GOV", negated=False, hypothetical=False, when=parse_when("2025-10-09"),
                where=None)
    base.update(kw)
    return Pair(**base)


def test_rule_cases():
    assert can_merge(pair(), pair(), CONFIG)
    assert not can_merge(pair(), pair(when=parse_when("2025-10-12")), CONFIG)
    assert can_merge(pair(), pair(when=parse_when("2025-10-12")), StoreConfig(merge_window_days=3))
    assert not can_merge(pair(actor_code=None), pair(actor_code=None), CONFIG)
    assert not can_merge(pair(hypothetical=True), pair(), CONFIG)
    assert can_merge(pair(actor_sector="MIL"), pair(), CONFIG)  # sectors only matter inside one country
    assert not can_merge(pair(when=None), pair(), CONFIG)


def test_places():
    dushanbe = Where("Dushanbe", "TJK", 38.56, 68.79, "capital")
    assert places_compatible(dushanbe, None, 100)
    assert places_compatible(dushanbe, Where("Tajikistan", "TJK", None, None, "country"), 100)
    assert not places_compatible(dushanbe, Where("Moscow", "RUS", 55.76, 37.62, "capital"), 100)
    assert not places_compatible(dushanbe, Where("Khujand", "TJK", 40.28, 69.62, "city"), 100)
    assert places_compatible(Where("Dushanbe", "TJK"), Where("dushanbe", "TJK"), 100)
    assert not places_compatible(Where("Dushanbe", "TJK"), Where("Khujand", "TJK"), 100)
    assert 1900 < distance_km(dushanbe, Where("Moscow", "RUS", 55.76, 37.62)) < 3100


dates = st.dates().map(lambda d: d.isoformat())
partial = st.one_of(dates, dates.map(lambda s: s[:7]), dates.map(lambda s: s[:4]))
coords = st.builds(Where, st.none(), st.sampled_from(["TJK", "RUS", None]),
                   st.floats(-80, 80), st.floats(-179, 179), st.sampled_from(["city", "country"]))


@given(partial, partial, st.integers(0, 10))
def test_date_rule_is_symmetric_and_years_never_merge(a, b, window):
    wa, wb = parse_when(a), parse_when(b)
    assert dates_compatible(wa, wb, window) == dates_compatible(wb, wa, window)
    if "year" in (wa.precision, wb.precision):
        assert not dates_compatible(wa, wb, window)
    if wa.precision == wb.precision == "day":
        assert dates_compatible(wa, wb, window) == (abs((wa.lo - wb.lo).days) <= window)


@given(coords, coords)
def test_place_rule_is_symmetric_and_reflexive(a, b):
    assert places_compatible(a, b, 100) == places_compatible(b, a, 100)
    assert places_compatible(a, a, 100)
