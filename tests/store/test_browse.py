"""The browsing queries (dragoman.store.browse through Store) and offsets on both backends: articles, an
article's record, a named actor's record, events between two codes, timelines, the network, counterparts."""
from __future__ import annotations

import dataclasses

import pytest

from dragoman.records import Actor, InputError, Mention
from dragoman.store import EventFilter

from .conftest import DUSHANBE, MOSCOW, Ev, filler, make_result, rahmon

RAHMON = "person:emomali-rahmon"
SHOOTDOWN = dict(event="ASSAULT", actor="AZE", recipient="RUS", quad_class=4, score=-10.0, cameo="190")


def naming(result, key: str = RAHMON, side: str = "actor"):  # noqa: ANN001, ANN201
    """The result with its first event's first ``side`` party tied to the named actor ``key``."""
    parties = getattr(result.events[0], side)
    parties[0] = dataclasses.replace(parties[0], actor_key=key)
    return result


@pytest.fixture
def filled(store):
    store.ingest([
        naming(make_result("a", [Ev(actor="TJK", recipient="RUS", date="2025-01-10", place=DUSHANBE)],
                           actors=[rahmon()], figures=True, commitments=True, source="Asia-Plus",
                           url="https://example.org/a")),
        make_result("b", [Ev(event="AID", actor="RUS", recipient="TJK", quad_class=2, score=7.0, cameo="070",
                             date="2025-01-20")], source="TASS"),
        naming(make_result("c", [Ev(event="ACCUSE", actor="RUS", recipient="TJK", quad_class=3, score=-2.0,
                                    cameo="112", date="2025-03-05", place=MOSCOW)], actors=[rahmon()]),
               side="recipient"),
        make_result("d", [Ev(actor="CHN", recipient="TJK", date="2024-12-30")], source="Xinhua"),
        make_result("e", [Ev(event="THREATEN", actor="RUS", recipient="TJK", quad_class=3, score=-4.0,
                             hypothetical=True, date="2025-03-06")]),
        make_result("f", [Ev(actor="TJK", recipient="TJK", actor_sector="GOV", recipient_sector="OPP",
                             date="2025-02-01")]),
        make_result("news", [Ev(**SHOOTDOWN, date="2024-12-25")], date="2024-12-25"),
        make_result("recall", [Ev(event="CONSULT", actor="RUS", recipient="AZE", date="2025-02-03"),
                               Ev(**SHOOTDOWN, background=True)], date="2025-02-03", source="B"),
    ])
    return store


def test_events_between_either_direction(filled):
    both = filled.events_between("rus", "TJK")
    assert [(e["event"], e["actor_code"]) for e in both] == [("ACCUSE", "RUS"), ("AID", "RUS"), ("CONSULT", "TJK")]
    assert [e["event"] for e in filled.events_between("RUS", "TJK", directed=True)] == ["ACCUSE", "AID"]
    assert [e["event"] for e in filled.events_between("TJK", "RUS", event_type="consult")] == ["CONSULT"]
    assert len(filled.events_between("RUS", "TJK", include_uncertain=True)) == 4
    assert len(filled.events_between("RUS", "TJK", since="2025-02")) == 1
    assert [e["event"] for e in filled.events_between("RUS", "TJK", EventFilter(limit=1, offset=1))] == ["AID"]
    [with_sources] = filled.events_between("RUS", "TJK", EventFilter(event_type="AID"), sources=True)
    assert [s["article"] for s in with_sources["sources"]] == ["b"]
    assert filled.events_between("TJK", "TJK") and filled.events_between("USA", "TJK") == []
    # the backdrop filter: the recalled shoot-down shows only when asked
    assert [e["date"] for e in filled.events_between("RUS", "AZE", event_type="ASSAULT")] == ["2024-12-25"]
    recalled = filled.events_between("RUS", "AZE", event_type="ASSAULT", include_background=True)
    assert [(e["date"], e["background"]) for e in recalled] == [("2025-02-03", True), ("2024-12-25", False)]


def test_event_details(filled):
    [aid] = filled.events(event_type="AID")
    details = filled.event_details(aid["id"])
    assert (details["day"], details["day_hi"], details["certain"]) == (20250120, 20250120, True)
    assert details["context"] == [] and details["created_at"].startswith("20")
    assert filled.event_details(10 ** 9) is None


def test_timeline_over_the_store_a_code_and_a_pair(filled):
    whole = filled.timeline(by="all")
    assert whole == [{"period": "all", "events": 7, "verbal_coop": 4, "material_coop": 1, "verbal_conflict": 1,
                      "material_conflict": 1, "score": -1.0}]
    assert whole[0]["events"] == filled.stats()["events"]
    assert filled.timeline(by="month", a="RUS", b="TJK") == filled.dyad("RUS", "TJK", by="month")
    assert filled.timeline(by="week", a="RUS", b="TJK", directed=True) == filled.dyad("RUS", "TJK", by="week",
                                                                                      directed=True)
    assert [r["period"] for r in filled.timeline(by="month", event_type="AID")] == ["2025-01"]
    assert [(r["period"], r["events"]) for r in filled.timeline(by="year", a="aze")] == [("2024", 1), ("2025", 1)]
    assert [(r["period"], r["material_conflict"]) for r in filled.timeline(
        by="month", a="AZE", event_type="ASSAULT", include_background=True)] == [("2024-12", 1), ("2025-02", 1)]
    assert [r["events"] for r in filled.timeline(by="all", since="2025-03")] == [1]
    with pytest.raises(ValueError):
        filled.timeline(by="fortnight")


def test_date_span(filled):
    assert filled.date_span() == (20241225, 20250305)  # the hypothetical threat of 6 March is not counted


def test_date_span_of_an_empty_store(store):
    assert store.date_span() == (None, None)
    assert store.timeline() == [] and store.network() == {"nodes": [], "edges": []}


def test_network(filled):
    graph = filled.network()
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    assert set(edges) == {("RUS", "TJK"), ("AZE", "RUS"), ("CHN", "TJK")}
    rus_tjk = edges[("RUS", "TJK")]
    assert (rus_tjk["events"], rus_tjk["verbal_coop"], rus_tjk["material_coop"], rus_tjk["verbal_conflict"]) == (
        3, 1, 1, 1)
    assert rus_tjk["score"] == 6.0 and rus_tjk["mean_score"] == 2.0
    assert graph["edges"][0]["source"] == "RUS" and "pairs" not in graph
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["TJK"]["domestic"] == 1 and nodes["TJK"]["events"] == 5 and nodes["TJK"]["kind"] == "country"
    assert "name" not in nodes["TJK"]  # display names are the caller's
    top = filled.network(max_edges=1)
    assert [(e["source"], e["target"]) for e in top["edges"]] == [("RUS", "TJK")] and top["pairs"] == 3
    assert {n["id"] for n in top["nodes"]} == {"RUS", "TJK"}
    assert [(e["source"], e["target"]) for e in filled.network(min_events=2)["edges"]] == [("RUS", "TJK"),
                                                                                          ("AZE", "RUS")]
    assert [(e["source"], e["target"]) for e in filled.network(min_events=3)["edges"]] == [("RUS", "TJK")]
    assert [e["events"] for e in filled.network(event_type="AID")["edges"]] == [1]
    assert filled.network(since="2026")["edges"] == []


def test_counterparts(filled):
    rows = filled.counterparts("tjk")
    assert [(r["code"], r["events"], r["as_actor"], r["as_recipient"]) for r in rows] == [
        ("RUS", 3, 1, 2), ("CHN", 1, 0, 1)]
    assert rows[0]["mean_score"] == 2.0
    assert [r["code"] for r in filled.counterparts("TJK", limit=1)] == ["RUS"]
    assert [r["code"] for r in filled.counterparts("AZE")] == ["RUS"]  # the backdrop is not counted twice


def test_articles(filled):
    rows = filled.articles()
    assert [r["doc_id"] for r in rows] == ["f", "e", "d", "c", "b", "a", "recall", "news"]  # by day, then id
    assert {r["doc_id"]: r["events"] for r in rows}["recall"] == 2
    assert set(rows[0]) == {"doc_id", "title", "date", "source", "url", "status", "origin", "events"}
    assert [r["doc_id"] for r in filled.articles(since="2025-01-15", until="2025-02")] == ["recall"]
    assert [r["doc_id"] for r in filled.articles(until="2025-02")] == ["recall", "news"]
    assert [r["doc_id"] for r in filled.articles(source="tass")] == ["b"]
    assert filled.articles(status="duplicate") == [] and len(filled.articles(status="coded")) == 8
    assert filled.articles(limit=3, offset=3) == rows[3:6]
    assert filled.articles(limit=None) == rows


def test_article_record(filled):
    art = filled.article("a")
    assert (art["source"], art["url"], art["status"], art["duplicate_of"], art["copies"]) == (
        "Asia-Plus", "https://example.org/a", "coded", None, [])
    assert art["text"].startswith("TJK and RUS") and art["ingested_at"]
    [actor] = art["actors"]
    assert (actor["name"], actor["key"], actor["code"], actor["aliases"]) == ("Emomali Rahmon", RAHMON, "TJK",
                                                                               ["Rahmon"])
    assert actor["mentions"] == [{"start": 0, "end": 5, "text": "Emomali Rahmon"[:5]}]
    [mention] = art["events"]
    assert mention["event"] == "CONSULT" and mention["actor"][0]["actor_key"] == RAHMON
    assert mention["sentence"]["text"] == art["text"][mention["sentence"]["start"]:mention["sentence"]["end"]]
    [event] = filled.events(actor="TJK", recipient="RUS")
    assert mention["event_ids"] == [event["id"]] and mention["background"] is False
    assert [f["unit"] for f in art["figures"]] == ["USD"] and [c["horizon"] for c in art["commitments"]] == ["2042"]
    assert [m["background"] for m in filled.article("recall")["events"]] == [False, True]
    assert filled.article("nope") is None


def test_article_copies(store):
    from .test_dedup import WIRE, reprint  # a text the near-duplicate detector links

    original = make_result("tass", [Ev(date="2025-10-09")], source="TASS", body=WIRE + filler("w"))
    store.ingest([original])
    copy = make_result("asia", [], source="Asia-Plus", body="")
    store.ingest([dataclasses.replace(copy.article, text=reprint(original.article.text))])
    assert [c["doc_id"] for c in store.article("tass")["copies"]] == ["asia"]
    assert store.article("asia")["duplicate_of"] == "tass"
    assert [r["doc_id"] for r in store.articles(status="duplicate")] == ["asia"]


def test_actor_record(filled):
    [named] = filled.actors(name="Rahmon")
    record = filled.actor(named["id"])
    assert (record["name"], record["kind"], record["code"]) == ("Emomali Rahmon", "person", "TJK")
    assert record["sectors"] == ["GOV"] and record["roles"] == ["President"] and record["aliases"] == ["Rahmon"]
    assert [a["doc_id"] for a in record["articles"]] == ["c", "a"]
    assert [e["event"] for e in record["events_as_actor"]] == ["CONSULT"]
    assert [e["event"] for e in record["events_as_recipient"]] == ["ACCUSE"]
    assert record["counterparts"] == [{"code": "RUS", "events": 2}]
    assert [a["doc_id"] for a in filled.actor(named["id"], max_articles=1)["articles"]] == ["c"]
    assert filled.actor(10 ** 9) is None


# -- offsets ---------------------------------------------------------------------------------------------

def person(i: int) -> Actor:
    """Seven distinct actors of one name (in different countries): ties in articles need a stable order."""
    key = f"person:p{i}"
    return Actor(key=key, name="Ali Karimov", kind="person", code=("TJK", "RUS", "KAZ", "UZB", "KGZ", "CHN", "IRN")[i],
                 mentions=[Mention(0, 3, "TJK", key)])


def test_offsets_page_like_an_unpaged_query(store):
    # seven people, each named in 3 to 9 of the articles (two each in 7, 5 and 3)
    results = [make_result(f"n{i}", [Ev(date=f"2025-01-{i + 1:02d}")], source=f"S{i}",
                           body=f"The dam agreement was discussed, item {i}.",
                           actors=[person(j) for j in range(7) if j % (i % 4 + 1) == 0]) for i in range(9)]
    store.ingest(results + [InputError(f"in.jsonl:{i}", f"bad line {i}") for i in range(7)])
    limit = 3
    actors = store.actors()
    assert len(actors) == 7
    assert store.actors(limit=limit, offset=limit) == actors[limit:2 * limit]
    assert store.actors(limit=limit, offset=6) == actors[6:]
    assert store.actors(offset=2) == actors[2:]
    assert store.actors(kind="person", limit=2, offset=1) == store.actors(kind="person")[1:3]
    hits = store.search("dam agreement", limit=100)  # ranked alike, so in the order of the articles
    assert len(hits) == 9
    assert store.search("dam agreement", limit=limit, offset=limit) == hits[limit:2 * limit]
    assert store.search("dam agreement", limit=limit, offset=9) == []
    failures = store.failures()
    assert len(failures) == 7
    assert store.failures(limit=limit, offset=limit) == failures[limit:2 * limit]
    assert store.failures(offset=5) == failures[5:]
    articles = store.articles(limit=None)
    assert store.articles(limit=limit, offset=limit) == articles[limit:2 * limit]
