"""The REST API over a real SQLite store holding the sample corpus coded by the real pipeline."""
from __future__ import annotations

import csv
import inspect
import io
import re

import pytest

from dragoman.store import EventFilter

from .conftest import HOSTILE, SEED_ID, TOKEN

pytestmark = pytest.mark.model
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def all_pages(client, path: str, limit: int = 50) -> list[dict]:  # noqa: ANN001
    items, offset = [], 0
    while offset is not None:
        sep = "&" if "?" in path else "?"
        body = client.get(f"{path}{sep}limit={limit}&offset={offset}").json()
        assert body["limit"] == limit and body["offset"] == offset
        items += body["items"]
        offset = body["next_offset"]
    return items


def test_stats_is_the_store_s(client, store):  # noqa: ANN001
    body = client.get("/api/stats").json()
    assert body == {k: v for k, v in store.stats().items() if k != "database"}
    assert "database" not in body and str(store.url.database or "") not in client.get("/api/stats").text
    assert body["articles"] == 34 and body["events"] > 100


def test_events_page_through_every_event_exactly_once(client, store):  # noqa: ANN001
    first = client.get("/api/events?limit=7").json()
    assert len(first["items"]) == 7 and first["next_offset"] == 7 and first["offset"] == 0
    items = all_pages(client, "/api/events", limit=40)
    ids = [e["id"] for e in items]
    assert len(ids) == len(set(ids)) == store.stats()["events"]
    assert ids == [e["id"] for e in store.events(limit=None)]  # same order: newest first


def test_default_and_maximum_page_sizes(client):  # noqa: ANN001
    assert client.get("/api/events").json()["limit"] == 50
    too_big = client.get("/api/events?limit=501")
    assert too_big.status_code == 422
    assert too_big.json()["message"] == "query.limit: Input should be less than or equal to 500"
    zero = client.get("/api/events?limit=0")
    assert zero.status_code == 422 and zero.json()["status"] == 422 and "limit" in zero.json()["message"]
    assert client.get("/api/events?offset=-1").status_code == 422
    assert client.get("/api/events?offset=100001").status_code == 422


def test_event_filters_are_the_cli_s(client, store):  # noqa: ANN001
    body = client.get("/api/events?actor=rus&recipient=TJK&type=consult&limit=500").json()
    expected = store.events(EventFilter(actor="RUS", recipient="TJK", event_type="CONSULT"))
    assert [e["id"] for e in body["items"]] == [e["id"] for e in expected] and expected
    assert all(e["actor_code"] == "RUS" and e["recipient_code"] == "TJK" for e in body["items"])
    dated = client.get("/api/events?since=2019&until=2019-12&limit=500").json()["items"]
    assert dated and all(e["date"].startswith("2019") for e in dated)
    with_uncertain = client.get("/api/events?all=true&limit=500").json()["items"]
    assert any(e["negated"] or e["hypothetical"] for e in with_uncertain)
    with_sources = client.get("/api/events?party=TJK&sources=true&limit=3").json()["items"]
    assert all(e["sources"] and e["sources"][0]["sentence_text"] for e in with_sources)
    bad = client.get("/api/events?type=PARTY")
    assert bad.status_code == 400 and "unknown event type" in bad.json()["message"]
    assert client.get("/api/events?since=2025-13").json()["message"].startswith("not a date")


def test_backdrops_of_the_sample_come_only_when_asked(client, store):  # noqa: ANN001
    """The seed recalls the border guards' withdrawal "in 2005" as a backdrop: a year never merges, so it is an
    event of its own that only ``include_background`` lists; the pipeline's other backdrops join their events."""
    default = all_pages(client, "/api/events", limit=500)
    wide = all_pages(client, "/api/events?include_background=true", limit=500)
    extra = [e for e in wide if e["id"] not in {d["id"] for d in default}]
    assert not any(e["background"] for e in default)
    assert extra and all(e["background"] for e in extra) and len(extra) == store.stats()["events_background"]
    assert [e["id"] for e in wide] == [e["id"] for e in store.events(include_background=True, limit=None)]


def test_one_event_with_its_sources(client, store):  # noqa: ANN001
    event_id = store.events(actor="RUS", recipient="TJK", event_type="CONSULT")[-1]["id"]
    body = client.get(f"/api/events/{event_id}").json()
    assert body["id"] == event_id and body["sources"] and "context" in body
    assert all(s["article"] == SEED_ID for s in body["sources"])
    missing = client.get("/api/events/999999")
    assert missing.status_code == 404 and missing.json() == {"status": 404, "error": "Not Found",
                                                             "message": "no event 999999"}


def test_dyad_timeline_is_the_store_s(client, store):  # noqa: ANN001
    body = client.get("/api/dyads/RUS/TJK?by=year").json()
    assert body["periods"] == store.dyad("RUS", "TJK", by="year") and body["periods"]
    typed = client.get("/api/dyads/rus/tjk?by=all&type=CONSULT").json()["periods"]
    consults = store.events(EventFilter(party="RUS", event_type="CONSULT"))
    n = sum(1 for e in consults if {e["actor_code"], e["recipient_code"]} == {"RUS", "TJK"})
    assert typed == [{"period": "all", "events": n, "verbal_coop": n, "material_coop": 0, "verbal_conflict": 0,
                      "material_conflict": 0, "score": typed[0]["score"]}]
    assert client.get("/api/dyads/RUS/TJK?by=decade").status_code == 422


def test_dyad_events_cover_both_directions(client, store):  # noqa: ANN001
    items = all_pages(client, "/api/dyads/TJK/RUS/events", limit=3)
    expected = store.events(actor="RUS", recipient="TJK") + store.events(actor="TJK", recipient="RUS")
    assert sorted(e["id"] for e in items) == sorted(e["id"] for e in expected)
    directed = client.get("/api/dyads/TJK/RUS/events?directed=true&limit=500").json()["items"]
    assert directed and all(e["actor_code"] == "TJK" for e in directed)


def test_articles_list_and_detail_with_offsets(client):  # noqa: ANN001
    items = all_pages(client, "/api/articles", limit=10)
    assert len(items) == 34 and items[0]["doc_id"] == SEED_ID  # newest first
    body = client.get(f"/api/articles/{SEED_ID}").json()
    text = body["text"]
    assert body["title"].startswith("Dushanbe Dialogue")
    for actor in body["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for ev in body["events"]:
        assert text[ev["sentence"]["start"]:ev["sentence"]["end"]] == ev["sentence"]["text"]
        assert text[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
        assert ev["pattern"] and ev["event_ids"]
    for fig in body["figures"]:
        assert text[fig["start"]:fig["end"]] == fig["text"]
    assert body["commitments"] and body["commitments"][0]["horizon"] == "2042"
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.get("/api/articles?source=wikinews&limit=500").json()["items"][0]["source"] == "Wikinews"


def test_actors_list_and_one_actor(client, store):  # noqa: ANN001
    items = all_pages(client, "/api/actors?country=RUS", limit=4)
    assert [a["id"] for a in items] == [a["id"] for a in store.actors(country="RUS")]
    putin = next(a for a in items if a["name"] == "Vladimir Putin")
    body = client.get(f"/api/actors/{putin['id']}").json()
    assert body["code"] == "RUS" and "President" in body["roles"] and "Putin" in body["aliases"]
    assert body["events_as_actor"] and all(e["actor_code"] == "RUS" for e in body["events_as_actor"])
    assert any(c["code"] == "TJK" for c in body["counterparts"])
    assert any(a["doc_id"] == SEED_ID for a in body["articles"])
    assert client.get("/api/actors/999999").status_code == 404
    assert client.get("/api/actors?kind=robot").status_code == 422


def test_a_named_actors_events_download_as_json_and_csv(client):  # noqa: ANN001
    putin = next(a for a in all_pages(client, "/api/actors?country=RUS", limit=50) if a["name"] == "Vladimir Putin")
    record = client.get(f"/api/actors/{putin['id']}").json()
    body = client.get(f"/api/actors/{putin['id']}/events").json()
    expected = {e["id"] for e in record["events_as_actor"] + record["events_as_recipient"]}
    assert {e["id"] for e in body["items"]} == expected and body["items"]
    assert {e["side"] for e in body["items"] if e["id"] in {x["id"] for x in record["events_as_actor"]}} == {"actor"}
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/actors/{putin['id']}/events?format=csv").text)))
    assert [int(r["id"]) for r in rows] == [e["id"] for e in body["items"]] and rows[0]["side"] in ("actor", "recipient")
    page = client.get(f"/actor/{putin['id']}").text
    assert f'href="/api/actors/{putin["id"]}/events?format=csv"' in page
    assert client.get("/api/actors/999999/events").status_code == 404


def test_search_is_the_store_s_and_pages(client, store):  # noqa: ANN001
    body = client.get("/api/search", params={"q": '"Emomali Rahmon"', "limit": 1}).json()
    assert body["items"][0]["doc_id"] == SEED_ID
    items = all_pages(client, "/api/search?q=president", limit=3)
    assert [r["doc_id"] for r in items] == [r["doc_id"] for r in store.search("president", limit=1000)]
    assert client.get("/api/search?q=").status_code == 422


def test_network_and_timeline_add_up(client, store):  # noqa: ANN001
    stats = store.stats()
    net = client.get("/api/network").json()
    codes = {n["id"] for n in net["nodes"]}
    assert {"RUS", "TJK", "USA"} <= codes
    rus_tjk = next(e for e in net["edges"] if {e["source"], e["target"]} == {"RUS", "TJK"})
    assert rus_tjk["events"] == sum(p["events"] for p in store.dyad("RUS", "TJK", by="all"))
    assert all(e["source"] < e["target"] for e in net["edges"])
    years = client.get("/api/timeline?by=year").json()["periods"]
    assert sum(p["events"] for p in years) == stats["events"]
    assert client.get("/api/network?min_events=3").json()["edges"][-1]["events"] >= 3


def test_openapi_describes_the_api(client):  # noqa: ANN001
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/dyads/{a}/{b}", "/api/articles", "/api/search",
                 "/api/stats", "/api/actors/{actor_id}", "/api/network"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/articles"]
    assert any("bearer" in str(s).lower() for s in spec["components"]["securitySchemes"].values())
    docs = client.get("/docs")
    assert docs.status_code == 200 and re.search(r'"/static/vendor/swagger-ui/swagger-ui-bundle\.[0-9a-f]{10}\.js"',
                                                   docs.text)
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text


def test_errors_are_json_with_a_message(client):  # noqa: ANN001
    for path, status in (("/api/nothing-here", 404), ("/api/events/abc", 422), ("/api/dyads/R/TJK", 422)):
        r = client.get(path)
        assert r.status_code == status and r.headers["content-type"] == "application/json"
        assert r.json()["status"] == status and r.json()["message"]
    r = client.delete("/api/events/1")
    assert r.status_code == 405 and r.json()["error"] == "Method Not Allowed"


def test_post_articles_codes_and_stores_them(empty_client):  # noqa: ANN001
    article = {"id": "post-1", "title": "Putin visits Dushanbe", "date": "2025-10-09", "source": "Test Wire",
               "text": "Russian President Vladimir Putin met Tajik President Emomali Rahmon in Dushanbe on "
                       "Thursday. The two leaders signed an agreement on energy cooperation."}
    r = empty_client.post("/api/articles", json=article, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 1 and body["events"] >= 1
    [outcome] = body["articles"]
    assert outcome["origin"].startswith("api:") and outcome["origin"].endswith("#1")
    assert outcome == {"origin": outcome["origin"], "id": "post-1", "status": "stored", "reason": None,
                       "events": body["events"]}
    stored = empty_client.get("/api/articles/post-1", headers=AUTH).json()
    assert stored["text"] == article["text"] and stored["events"] and stored["origin"] == outcome["origin"]
    assert empty_client.get("/api/events?actor=RUS").json()["items"]
    again = empty_client.post("/api/articles", json=[article], headers=AUTH).json()
    assert again["skipped"] == 1 and again["articles"][0]["status"] == "skipped"
    changed = empty_client.post("/api/articles", json=[{**article, "text": article["text"] + " More."}],
                                headers=AUTH).json()
    assert changed["replaced"] == 1


def test_post_articles_reports_bad_records(empty_client):  # noqa: ANN001
    good = {"id": "ok-1", "text": "Germany accused Russia of cyber attacks on its parliament.", "date": "2020-05-13"}
    r = empty_client.post("/api/articles", json=[good, {"id": "no-text"}], headers=AUTH)
    assert r.status_code == 207
    outcomes = [o["status"] for o in r.json()["articles"]]
    assert outcomes == ["stored", "failed"] and "no text" in r.json()["articles"][1]["reason"]
    assert empty_client.post("/api/articles", json={"id": "x", "text": ""}, headers=AUTH).status_code == 422
    assert empty_client.post("/api/articles", content=b"{not json", headers={**AUTH, "Content-Type":
                                                                             "application/json"}).status_code == 400
    assert empty_client.post("/api/articles", content=b"id=1", headers={**AUTH, "Content-Type":
                                                                         "text/plain"}).status_code == 415
    assert empty_client.post("/api/articles", json=[], headers=AUTH).status_code == 400
    assert empty_client.post("/api/articles", json=[1, 2], headers=AUTH).status_code == 400


def test_hostile_article_is_stored_verbatim(client):  # noqa: ANN001
    body = client.get("/api/articles/hostile-1").json()
    assert body["text"] == HOSTILE["text"] and body["title"] == HOSTILE["title"]


@pytest.fixture
def pg_client(tmp_path, pipeline, fresh_pg_url):  # noqa: ANN001
    """The app over PostgreSQL (a fresh schema of $DRAGOMAN_TEST_PG_URL) holding the seed and the hostile article."""
    import json

    from dragoman.store import Store
    from dragoman.store.ingest import ingest_paths
    from dragoman.web import Settings, create_app

    from .conftest import CORPUS, make_client

    inputs = tmp_path / "two.jsonl"
    inputs.write_text(CORPUS.read_text(encoding="utf-8").splitlines()[0] + "\n" + json.dumps(HOSTILE) + "\n",
                      encoding="utf-8")
    with Store.open(fresh_pg_url) as pg:
        ingest_paths([inputs], pg, pipeline=pipeline, progress=False)
        with make_client(create_app(Settings(token=TOKEN), store=pg, pipeline=pipeline)) as c:
            c.store = pg
            yield c


def test_the_api_and_pages_on_postgresql(pg_client):  # noqa: ANN001
    pg = pg_client.store
    assert pg_client.get("/api/stats").json()["backend"] == "postgresql"
    assert pg_client.get("/api/dyads/RUS/TJK?by=month").json()["periods"] == pg.dyad("RUS", "TJK", by="month")
    items = all_pages(pg_client, "/api/dyads/RUS/TJK/events", limit=2)
    assert len(items) == sum(p["events"] for p in pg.dyad("RUS", "TJK", by="all")) > 0
    body = pg_client.get(f"/api/articles/{SEED_ID}").json()
    assert all(body["text"][e["sentence"]["start"]:e["sentence"]["end"]] == e["sentence"]["text"]
               for e in body["events"])
    putin = next(a for a in pg.actors(name="Vladimir Putin"))
    assert pg_client.get(f"/api/actors/{putin['id']}").json()["events_as_actor"]
    assert pg_client.get("/api/search?q=Rahmon").json()["items"][0]["doc_id"] == SEED_ID
    assert pg_client.get("/api/network").json()["edges"] and pg_client.get("/api/timeline").json()["periods"]
    event_id = items[0]["id"]
    for path in ("/", "/dyad/RUS/TJK", f"/article/{SEED_ID}?event={event_id}", f"/event/{event_id}", "/actor/RUS",
                 f"/actor/{putin['id']}", "/network", "/search?q=Putin", "/events", "/articles",
                 "/article/hostile-1", "/events?party=Russia&type=AGREE&type=AID&sort=sources", "/search?q=assault",
                 "/network?page=1"):
        assert pg_client.get(path).status_code == 200, path
    # the analyst's views on PostgreSQL: totals, streamed CSV (a server-side cursor), GeoJSON, per-type counts
    everything = pg.events(EventFilter())
    assert pg.count_events(EventFilter()) == len(everything) == len(list(pg.stream_events(EventFilter(), batch=3)))
    rows = pg_client.get("/api/events?format=csv").text.strip().splitlines()
    assert len(rows) == len(everything) + 1 and rows[0].startswith("id,date,date_precision,event")
    geo = pg_client.get("/api/events?party=RUS&format=geojson").json()
    assert geo["features"] and all(f["geometry"]["coordinates"][0] is not None for f in geo["features"])
    counts = pg.type_counts(EventFilter(), ("RUS", "TJK"))
    assert sum(c["events"] for c in counts) == pg.count_events(EventFilter(), ("RUS", "TJK")) > 0
    assert pg.search_count("Rahmon") == 1 and pg.search_events("consult")
    places = pg_client.get("/api/events?format=geojson&group=place").json()["features"]
    assert sum(f["properties"]["events"] for f in places) == len([e for e in everything if e["lat"] is not None])
    assert pg.article_span()[0] is not None


@pytest.mark.parametrize(("path", "method", "unpaged"), [
    ("/api/actors?country=RUS", "actors", lambda store: store.actors(country="RUS")),
    ("/api/search?q=president", "search", lambda store: store.search("president", limit=1000)),
    ("/api/failures", "failures", lambda store: store.failures()),
    ("/api/articles", "articles", lambda store: store.articles(limit=None)),
])
def test_pages_ask_the_library_for_one_page(client, store, monkeypatch, path, method, unpaged):  # noqa: ANN001
    """Page 2 is rows limit..2*limit of the unpaged query, asked of the store with an offset (limit + 1 rows to
    know whether a next page exists), never offset + limit rows cut in the web layer."""
    everything = unpaged(store)
    calls: list[tuple] = []
    original = getattr(store, method)

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        rows = original(*args, **kwargs)
        bound = inspect.signature(original).bind(*args, **kwargs).arguments
        calls.append((bound.get("limit"), bound.get("offset", 0), len(rows)))
        return rows

    monkeypatch.setattr(store, method, spy)
    sep = "&" if "?" in path else "?"
    body = client.get(f"{path}{sep}limit=2&offset=2", headers=AUTH).json()  # a token holder sees every field
    assert body["items"] == everything[2:4]
    assert calls == [(3, 2, len(everything[2:5]))]
