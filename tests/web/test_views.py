"""The analyst's views over the sample corpus: downloads (CSV, JSON, GeoJSON) of exactly a page's filters, the
/events form, per-type counts, unknown codes, the network's pairs, search over actors, events and articles,
places for most events, and static files (hashed names, gzip, cache lifetimes)."""
from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from dragoman.store import EventFilter
from dragoman.web.downloads import csv_lines, safe_cell

pytestmark = pytest.mark.model


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def link(html: str, css: str) -> str:
    match = re.search(rf'<a href="([^"]+)" class="{css}"', html)
    assert match, css
    return unescape(match.group(1))


# -- downloads ------------------------------------------------------------------------------------------------

def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    for value in ("=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(value) == "'" + value
    assert safe_cell(-2.5) == -2.5 and safe_cell(None) == "" and safe_cell(["a", "b"]) == "a;b"
    assert safe_cell("Putin") == "Putin" and safe_cell(True) == "true"
    text = "".join(csv_lines([{"name": "=cmd|' /C calc'!A0", "n": 3}], ["name", "n"]))
    assert rows_of(text) == [{"name": "'=cmd|' /C calc'!A0", "n": "3"}]


def test_csv_json_and_geojson_of_the_events_page_hold_its_filters(client, store):  # noqa: ANN001
    page = client.get("/events?party=Russia&type=AGREE&type=CONSULT&type=AID&sort=oldest")
    assert page.status_code == 200
    csv_url, json_url = link(page.text, "export-csv"), link(page.text, "export-json")
    query = dict(parse_qsl(urlsplit(csv_url).query))
    assert query["party"] == "RUS" and query["format"] == "csv" and query["sort"] == "oldest"
    expected = store.events(EventFilter(party="RUS", event_types=("AGREE", "CONSULT", "AID"), sort="oldest"))
    assert expected and len(expected) < store.count_events(EventFilter(party="RUS"))
    got = client.get(csv_url)
    assert got.headers["content-type"].startswith("text/csv") and "attachment" in got.headers["content-disposition"]
    rows = rows_of(got.text)
    assert [int(r["id"]) for r in rows] == [e["id"] for e in expected]
    assert {r["event"] for r in rows} <= {"AGREE", "CONSULT", "AID"}
    assert all("RUS" in (r["actor_code"], r["recipient_code"]) for r in rows)
    items = client.get(json_url + "&limit=500").json()["items"]
    assert [e["id"] for e in items] == [e["id"] for e in expected]
    total = re.search(r'class="subtitle total">(\d+) event', page.text)
    assert total and int(total.group(1)) == len(expected)
    geo = client.get(csv_url.replace("format=csv", "format=geojson"))
    assert geo.headers["content-type"].startswith("application/geo+json")
    located = [e["id"] for e in expected if e["lat"] is not None]
    features = geo.json()["features"]
    assert geo.json()["type"] == "FeatureCollection" and [f["id"] for f in features] == located and located
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and feature["properties"]["event"] in ("AGREE", "CONSULT", "AID")
    # the page's map asks for the same events counted per place and quad class
    mapped = client.get(unescape(re.search(r'data-geojson="([^"]+)"', page.text).group(1))).json()["features"]
    assert sum(f["properties"]["events"] for f in mapped) == len(located)
    assert {f["properties"]["event_id"] for f in mapped} <= set(located)
    assert len({(tuple(f["geometry"]["coordinates"]), f["properties"]["quad_class"]) for f in mapped}) == len(mapped)


def test_every_list_endpoint_streams_csv(client):  # noqa: ANN001
    for path, key in (("/api/events?format=csv", "id"), ("/api/dyads/USA/IRN/events?format=csv", "id"),
                      ("/api/actors?format=csv", "name"), ("/api/articles?format=csv", "doc_id"),
                      ("/api/search?q=Putin&format=csv", "doc_id"), ("/api/network?format=csv", "source"),
                      ("/api/failures?format=csv", None)):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), path
        rows = rows_of(r.text)
        if key:
            assert rows and all(row[key] for row in rows), path
    every = rows_of(client.get("/api/events?format=csv").text)
    assert len(every) == client.get("/api/stats").json()["events"] > 50  # every row, not one page
    assert client.get("/api/events?with=TJK").status_code == 400  # "with" means nothing without "party"
    between = client.get("/api/events?party=USA&with=IRN&limit=500").json()["items"]
    assert between and all({e["actor_code"], e["recipient_code"]} == {"USA", "IRN"} for e in between)
    pairs = rows_of(client.get("/api/dyads/USA/IRN/events?format=csv").text)
    assert pairs and all({r["actor_code"], r["recipient_code"]} == {"USA", "IRN"} for r in pairs)


def test_dyad_page_links_its_downloads_and_per_type_counts(client, store):  # noqa: ANN001
    page = client.get("/dyad/USA/IRN?since=2019")
    assert page.status_code == 200
    rows = rows_of(client.get(link(page.text, "export-csv")).text)
    expected = store.events_between("USA", "IRN", EventFilter(since="2019"))
    assert sorted(int(r["id"]) for r in rows) == sorted(e["id"] for e in expected)
    counts = store.type_counts(EventFilter(since="2019"), ("USA", "IRN"))
    assert len(counts) > 1 and sum(c["events"] for c in counts) == len(expected)
    for c in counts:  # each type links to the same filter on /events, which lists as many
        href = f'/events?party=USA&amp;with=IRN&amp;since=2019&amp;type={c["event"]}'
        assert href in page.text, href
        listed = client.get(unescape(href))
        assert int(re.search(r'class="subtitle total">(\d+) event', listed.text).group(1)) == c["events"]


def test_unknown_codes_are_404_with_a_message(client):  # noqa: ANN001
    r = client.get("/dyad/QQQ/ZZZ")
    assert r.status_code == 404 and "unknown actor code &#39;QQQ&#39;" in r.text
    assert client.get("/dyad/RUS/ZZZ").status_code == 404
    assert client.get("/dyad/rus/tjk").status_code == 200


# -- the /events form -----------------------------------------------------------------------------------------

def ids(html: str) -> list[str]:
    return re.findall(r'<td class="date"><a href="/event/(\d+)"', html)


def test_events_take_names_as_well_as_codes(client):  # noqa: ANN001
    by_code = client.get("/events?actor=RUS&recipient=TJK")
    by_name = client.get("/events?actor=Russia&recipient=Tajik")
    assert ids(by_code.text) and ids(by_code.text) == ids(by_name.text)
    assert 'value="Russia"' in by_name.text  # the form keeps what was typed
    assert ids(client.get("/events?party=russian").text) == ids(client.get("/events?party=RUS").text)


def test_events_filters_sort_and_total(client, store):  # noqa: ANN001
    conflict = client.get("/events?quad=3&quad=4&min_sources=1&sort=conflict")
    expected = store.events(EventFilter(quad_classes=(3, 4), sort="conflict", limit=50))
    assert ids(conflict.text) == [str(e["id"]) for e in expected]
    assert [e["score"] for e in expected] == sorted(e["score"] for e in expected)
    assert 'value="3" checked' in conflict.text and '<option value="conflict" selected>' in conflict.text
    everything = client.get("/events?all=true&include_background=true")
    total = int(re.search(r'class="subtitle total">(\d+) event', everything.text).group(1))
    assert total == store.count_events(EventFilter(include_uncertain=True, include_background=True))
    assert total > store.count_events(EventFilter())
    dated = client.get("/events?since=2020&until=2020-01")
    assert 'type="date" name="since" value="2020-01-01"' in dated.text
    assert 'type="date" name="until" value="2020-01-31"' in dated.text


def test_bad_filters_are_shown_next_to_their_fields(client):  # noqa: ANN001
    r = client.get("/events?since=soon&actor=Narnia&type=AGREE&min_sources=x")
    assert r.status_code == 200 and "<h1>Events" in r.text  # the form again, not a bare 400 card
    assert 'id="e-since"' in r.text and 'id="e-actor"' in r.text and 'id="e-min_sources"' in r.text
    assert "Narnia" in r.text and 'value="AGREE" checked' in r.text  # the values are kept
    assert 'aria-invalid="true"' in r.text


# -- network and search ---------------------------------------------------------------------------------------

def test_network_pairs_are_all_listed_with_both_directions(client, store):  # noqa: ANN001
    every = store.network()["edges"]
    listed: list[tuple[str, str]] = []
    page = 1
    while True:
        r = client.get(f"/network?page={page}")
        assert int(re.search(r'id="pair-count">(\d+)<', r.text).group(1)) == len(every)
        found = re.findall(r'<a class="dyadlink" href="/dyad/(\w+)/(\w+)">', r.text)
        listed += found
        if 'rel="next"' not in r.text:
            break
        page += 1
    assert page > 1 and listed == [(e["source"], e["target"]) for e in every]
    assert all(e["forward"] + e["backward"] == e["events"] for e in every)
    usa_irn = next(e for e in every if {e["source"], e["target"]} == {"USA", "IRN"})
    usa_first = usa_irn["forward"] if usa_irn["source"] == "USA" else usa_irn["backward"]
    assert usa_first == store.count_events(EventFilter(actor="USA", recipient="IRN"))


def test_search_finds_actors_events_and_articles_with_a_total(client, store):  # noqa: ANN001
    first = client.get("/search?q=the")
    total = store.search_count("the")
    assert total > 20 and f'<span class="total">{total}</span>' in first.text
    second = client.get("/search?q=the&page=2")  # past the last page: says so, with the total
    assert f'<span class="total">{total}</span>' in second.text and "past the last" in second.text
    putin = client.get("/search?q=Putin")
    assert 'id="actor-hits"' in putin.text and "Vladimir Putin" in putin.text
    assault = client.get("/search?q=assault")
    assert 'id="event-hits"' in assault.text and "ASSAULT" in assault.text
    russia = client.get("/search?q=Russia")
    assert '<a class="code" href="/actor/RUS">RUS</a>' in russia.text


# -- places and static files ----------------------------------------------------------------------------------

def test_most_asserted_events_have_coordinates(store):  # noqa: ANN001
    events = store.events(EventFilter())
    located = [e for e in events if e["lat"] is not None and e["lon"] is not None]
    assert len(located) >= 0.8 * len(events), (len(located), len(events))
    athens = [e for e in events if e["event"] == "SANCTION" and e["actor_code"] == "GRC" and e["recipient_code"] == "LBY"]
    assert athens and all(e["place"] == "Athens" for e in athens)  # "Athens expelled the Libyan ambassador"


def test_static_files_have_hashed_names_gzip_and_long_lifetimes(client):  # noqa: ANN001
    page = client.get("/")
    css = re.search(r'href="(/static/css/app\.([0-9a-f]{10})\.css)"', page.text)
    assert css
    hashed = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert hashed.status_code == 200 and hashed.headers["content-encoding"] == "gzip"
    assert "immutable" in hashed.headers["cache-control"] and "max-age=31536000" in hashed.headers["cache-control"]
    assert int(hashed.headers["content-length"]) < len(hashed.content)  # sent compressed, decoded here
    plain = client.get("/static/css/app.css", headers={"Accept-Encoding": "identity"})
    assert plain.content == hashed.content and plain.headers["cache-control"] == "no-cache"
    assert "content-encoding" not in plain.headers
    assert client.get("/static/css/app.0123456789.css").status_code == 404  # a stale hash is not served
    again = client.get(css.group(1), headers={"If-None-Match": hashed.headers["etag"]})
    assert again.status_code == 304
    for script in re.findall(r'<script src="([^"]+)"', page.text):
        assert re.match(r"^/static/.+\.[0-9a-f]{10}\.js$", script), script


def test_dyad_leaves_out_unasserted_and_backdrop_events_unless_asked(client, store):  # noqa: ANN001
    def total(html: str) -> int:
        return int(re.search(r'<span class="muted total">(\d+)</span>', html).group(1))

    everything = EventFilter(include_uncertain=True, include_background=True)
    pairs = {(e["actor_code"], e["recipient_code"]) for e in store.events(everything)
             if e["actor_code"] and e["recipient_code"] and e["actor_code"] != e["recipient_code"]}
    a, b = next((x, y) for x, y in sorted(pairs) if store.count_events(everything, (x, y))
                > store.count_events(EventFilter(), (x, y)) > 0)
    default = client.get(f"/dyad/{a}/{b}")
    asked = client.get(f"/dyad/{a}/{b}?all=1&include_background=1")
    assert total(default.text) == store.count_events(EventFilter(), (a, b))
    assert total(asked.text) == store.count_events(everything, (a, b)) > total(default.text)
    chart = sum(p["events"] or 0 for p in json.loads(re.search(
        r'<script type="application/json" id="timeline-data">(.*?)</script>', asked.text, re.S).group(1))["periods"])
    assert chart <= total(asked.text) and 'name="all" value="1" checked' in asked.text
    rows = rows_of(client.get(link(asked.text, "export-csv")).text)
    assert len(rows) == total(asked.text)


def chart_of(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', html,
                                re.S).group(1))


def test_a_dyad_timeline_spans_the_reporting_of_its_events(client, store):  # noqa: ANN001
    """USA-IRN is reported in 2019-2020; an event dated 2007 from its text ("In 2007, the United States ...")
    must not stretch the axis back to 2007 with a flat line of empty years."""
    events = store.events_between("USA", "IRN", EventFilter())
    assert any((e["date"] or "9")[:4] < "2019" for e in events)  # the early event is there
    lo, hi = store.article_span(EventFilter(), ("USA", "IRN"))
    chart = chart_of(client.get("/dyad/USA/IRN").text)
    periods = [p["period"] for p in chart["periods"]]
    assert chart["by"] == "month" and periods[0] == f"{lo // 10000:04d}-{lo // 100 % 100:02d}"
    assert periods[-1] == f"{hi // 10000:04d}-{hi // 100 % 100:02d}" and periods[0] >= "2019"
    assert any(p["events"] is None and p["score"] is None for p in chart["periods"])  # gaps, not zeros
    every = chart_of(client.get("/dyad/USA/IRN?range=all&by=year").text)
    assert min(p["period"] for p in every["periods"]) < "2019"
    mean = chart_of(client.get("/dyad/USA/IRN?score=mean&by=year&range=all").text)
    summed = {p["period"]: p for p in every["periods"]}
    for p in mean["periods"]:
        if p["events"]:
            assert p["score"] == round(summed[p["period"]]["score"] / p["events"], 2)


def test_names_come_from_the_app_s_own_knowledge_files(tmp_path, store):  # noqa: ANN001
    """A country name the operator's knowledge folder adds is understood by the form; the bundled one does not
    know it."""
    import shutil
    from importlib import resources

    from dragoman.options import Options
    from dragoman.web import Settings, create_app

    from .conftest import make_client

    data = tmp_path / "data"
    shutil.copytree(str(resources.files("dragoman").joinpath("data")), data)
    countries = data / "countries.tsv"
    lines = countries.read_text(encoding="utf-8").splitlines()
    tjk = next(i for i, line in enumerate(lines) if line.startswith("TJK\t"))
    cells = lines[tjk].split("\t")  # iso3, iso2, name, names, adjectives, capitals, metonyms
    cells[3] += "|Tadzhikia"
    lines[tjk] = "\t".join(cells)
    countries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = create_app(Settings(), store=store, options=Options(data_dir=data))
    with make_client(app) as own:
        r = own.get("/events?party=Tadzhikia")
        assert r.status_code == 200 and 'id="e-party"' not in r.text and ids(r.text)
    assert reads_default_unknown("Tadzhikia")


def reads_default_unknown(name: str) -> bool:
    from dragoman.web.reads import CodeNames

    return CodeNames().code_for(name) is None


def test_csv_leaves_out_what_an_anonymous_reader_may_not_see(client):  # noqa: ANN001
    from .conftest import TOKEN

    anonymous = rows_of(client.get("/api/articles?format=csv").text)
    assert anonymous and "origin" not in anonymous[0]  # where the server read the article: a path on it
    operator = rows_of(client.get("/api/articles?format=csv", headers={"Authorization": f"Bearer {TOKEN}"}).text)
    assert len(operator) == len(anonymous) and all(row["origin"] for row in operator)
