"""The pages in a real browser: Debian's Chromium driven by Playwright, against `dragoman serve` (uvicorn) on
127.0.0.1 over the sample corpus. Any request that leaves 127.0.0.1 fails the test (pages must work offline), and
so does any console error (a Content-Security-Policy violation is one).

Screenshots go to $DRAGOMAN_SCREENSHOTS when set (docs/screenshots for the README), else to a temporary folder.
"""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from .conftest import HOSTILE, REPO, SEED_ID, ingest_hostile, load_harness

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
VENDOR = REPO / "src" / "dragoman" / "web" / "static" / "vendor" / "versions.json"

pytestmark = [
    pytest.mark.browser, pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install chromium (.ci/run does)"),
]


@pytest.fixture(scope="module")
def sample_db(databases: dict[str, Path]) -> Path:
    """The 33 sample articles (the screenshots show them); the hostile test adds its article at its turn."""
    return databases["sample"]


@pytest.fixture(scope="module")
def server(sample_db: Path):
    """`dragoman serve` in its own process on a free port; its base URL."""
    assert VENDOR.exists(), "front-end libraries missing: run frontend/build.sh (make does it at set-up)"
    with load_harness().serve(sample_db) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("DRAGOMAN_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, server):  # noqa: ANN001
    """A fresh page that records console errors, page errors, dialogs and any request off 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=server)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))

    def offline(route, request):  # noqa: ANN001
        if request.url.startswith(server + "/") or request.url.startswith("data:"):
            route.continue_()
        else:
            problems.append(f"external request: {request.url}")
            route.abort()

    pg.route("**/*", offline)
    pg.problems = problems
    yield pg
    context.close()
    assert problems == []


def sentence_of(locator) -> str:  # noqa: ANN001
    """The text of a highlighted sentence as a reader sees it, without the marks' labels."""
    return locator.evaluate("el => { const c = el.cloneNode(true); c.querySelectorAll('.lbl').forEach(x => x.remove());"
                            " return c.textContent; }").strip()


def unquote(text: str) -> str:
    """A sentence as the pages quote it: “...”."""
    text = text.strip()
    assert text[0] == "“" and text[-1] == "”", text
    return text[1:-1]


def test_overview(page, shots):  # noqa: ANN001
    page.goto("/")
    page.wait_for_selector('canvas#timeline[data-ready="1"]')
    assert "Most active dyads" in page.inner_text("main")
    assert page.locator("a.dyadlink", has_text="RUS – TJK").count() == 1
    page.screenshot(path=shots / "overview.png")


def test_dyad_event_to_its_highlighted_sentence(page, shots):  # noqa: ANN001
    page.goto("/")
    page.locator("a.dyadlink", has_text="RUS – TJK").click()
    page.wait_for_url("**/dyad/RUS/TJK")
    page.wait_for_selector('canvas#timeline[data-ready="1"]')
    assert page.locator(".event-item").count() >= 5
    page.wait_for_selector('#worldmap[data-ready="1"]')
    page.set_viewport_size({"width": 1360, "height": 1250})  # the timeline, the counts per type and the map
    page.screenshot(path=shots / "dyad.png")
    page.set_viewport_size({"width": 1360, "height": 900})
    link = page.locator(".event-item a.sentence").nth(2)
    clicked = unquote(link.inner_text())
    link.click()
    page.wait_for_url(re.compile(r"/article/.+\?event=\d+&at=\d+#sel$"))
    mark = page.locator("mark#sel")
    assert mark.is_visible() and mark.evaluate("el => el.getBoundingClientRect().top") < 900
    assert sentence_of(mark) == clicked
    assert page.locator(".extracted li.chosen").count() >= 1
    page.screenshot(path=shots / "article.png")


def test_event_page_map_and_sources(page, shots):  # noqa: ANN001
    page.goto("/dyad/RUS/TJK?type=CONSULT")
    page.locator(".event-item").last.locator("a.evlink").click()
    page.wait_for_url(re.compile(r"/event/\d+$"))
    page.wait_for_selector('#map[data-ready="1"]')
    assert page.locator("#map path.country").count() > 100
    assert "Dushanbe" in page.inner_text("#map")
    page.screenshot(path=shots / "event.png")
    first = page.locator(".sourcelist a.sentence").first
    clicked = unquote(first.inner_text())
    first.click()
    page.wait_for_url(re.compile(rf"/article/{SEED_ID}\?event=\d+&at=\d+#sel$"))
    assert sentence_of(page.locator("mark#sel")) == clicked


def test_search_box(page):  # noqa: ANN001
    page.goto("/network")
    page.fill(".searchbox input", '"Emomali Rahmon"')
    page.press(".searchbox input", "Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator("ol.results a.title")
    assert results.count() >= 1 and "Dushanbe Dialogue" in results.first.inner_text()
    assert page.locator("ol.results mark").count() >= 1
    results.first.click()
    page.wait_for_url(re.compile(rf"/article/{SEED_ID}\?q=.+#sel$"))  # at the words found, marked
    assert page.locator(".doc a.ent-event").count() > 10
    mark = page.locator("mark#sel")
    assert sentence_of(mark) in ("Emomali Rahmon", "Rahmon") or "Rahmon" in sentence_of(mark)
    assert 0 <= mark.evaluate("el => el.getBoundingClientRect().top") < 900


def test_network_click_a_country(page, shots):  # noqa: ANN001
    page.goto("/network")
    page.wait_for_selector('#network[data-ready="1"]')
    assert page.evaluate("window.dragomanNetwork.nodes().length") > 20
    page.screenshot(path=shots / "network.png")
    box = page.locator("#network").bounding_box()
    pos = page.evaluate("(() => { const p = window.dragomanNetwork.$id('TJK').renderedPosition(); return [p.x, p.y]; })()")
    page.mouse.click(box["x"] + pos[0], box["y"] + pos[1])
    page.wait_for_url("**/actor/TJK")
    page.wait_for_selector('canvas#timeline[data-ready="1"]')


def test_hostile_article_runs_nothing(page, sample_db, pipeline):  # noqa: ANN001
    ingest_hostile(sample_db, pipeline)  # into the database the server is serving
    page.goto("/article/hostile-1")
    assert page.evaluate("typeof window.__xss") == "undefined"
    text = page.inner_text(".doc")
    assert "<script>window.__xss = 'body'</script>" in text and "<img src=x onerror=" in text
    assert page.locator("main img, main svg, main script").count() == 0
    assert page.title().startswith(HOSTILE["title"])
    assert page.locator("a[href^='javascript']").count() == 0
    page.goto("/search?q=" + "%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E")
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_api_docs_offline(page):  # noqa: ANN001
    page.goto("/docs")
    page.wait_for_selector(".opblock-summary", timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1



# -- the analyst's views: maps, downloads, timelines, the events form, the network's pairs, phones -------------

MAP_PAGES = ("/", "/dyad/USA/IRN", "/actor/RUS", "/events?party=Russia")


def test_maps_show_located_events(page, shots):  # noqa: ANN001
    for path in MAP_PAGES:
        page.goto(path)
        page.wait_for_selector('#worldmap[data-ready="1"]')
        shown = int(page.get_attribute("#worldmap", "data-events"))
        geojson = page.get_attribute("#worldmap", "data-geojson")
        counted = page.evaluate("url => fetch(url).then(r => r.json())"
                                ".then(g => g.features.reduce((n, f) => n + f.properties.events, 0))", geojson)
        assert shown == counted > 0, path
        assert page.locator("#worldmap circle.evdot").count() >= 1, path
        assert page.locator("#worldmap path.country").count() > 100, path
        colours = set(page.eval_on_selector_all("#worldmap circle.evdot", "els => els.map(e => e.getAttribute('class'))"))
        assert colours <= {f"evdot q{q}" for q in range(5)}, path
        if path == "/":
            assert len(colours) >= 3  # coloured by quad class
            page.locator("#worldmap").scroll_into_view_if_needed()
            page.locator("#worldmap").screenshot(path=shots / "map.png")


def test_events_page_downloads_match_its_filters(page):  # noqa: ANN001
    page.goto("/events")
    page.fill('input[name="party"]', "Russia")
    page.check('input[name="type"][value="AGREE"]')
    page.check('input[name="type"][value="CONSULT"]')
    page.select_option('select[name="sort"]', "oldest")
    page.click('form.eventform button[type="submit"]')
    page.wait_for_url(re.compile(r"/events\?.*party=Russia"))
    assert page.input_value('input[name="party"]') == "Russia"  # the form keeps its values
    total = int(re.search(r"(\d+) event", page.inner_text(".total")).group(1))
    assert total > 0
    with page.expect_download() as info:
        page.click("a.export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == total
    assert all(r["event"] in ("AGREE", "CONSULT") and "RUS" in (r["actor_code"], r["recipient_code"]) for r in rows)
    assert [r["date"] for r in rows if r["date"]] == sorted(r["date"] for r in rows if r["date"])
    json_url = page.get_attribute("a.export-json", "href")
    items = page.evaluate("url => fetch(url + '&limit=500').then(r => r.json()).then(j => j.items.map(e => e.id))",
                          json_url)
    assert items == [int(r["id"]) for r in rows]
    csv_url = page.get_attribute("a.export-csv", "href")
    geo = page.evaluate("url => fetch(url).then(r => r.json())", csv_url.replace("format=csv", "format=geojson"))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    assert [f["id"] for f in geo["features"]] == [int(r["id"]) for r in rows if r["lat"]]
    assert all(f["properties"]["event"] in ("AGREE", "CONSULT") for f in geo["features"])
    page.wait_for_selector('#worldmap[data-ready="1"]')
    assert int(page.get_attribute("#worldmap", "data-events")) == len(geo["features"])  # the map shows them all


def test_every_list_page_offers_csv_that_parses(page):  # noqa: ANN001
    for path in ("/dyad/RUS/TJK", "/actor/RUS", "/search?q=Putin", "/network", "/events?quad=4"):
        page.goto(path)
        with page.expect_download() as info:
            page.locator("a.export-csv").first.click()
        rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
        assert rows, path
        if path == "/events?quad=4":
            assert {r["quad_class"] for r in rows} == {"4"}


def test_events_form_shows_errors_in_place(page):  # noqa: ANN001
    page.goto("/events?actor=Narnia&since=2020-13-45")
    assert page.locator("#e-actor").is_visible() and page.locator("#e-since").is_visible()
    assert page.locator("h1", has_text="Events").count() == 1
    assert page.input_value('input[name="actor"]') == "Narnia"
    assert page.get_attribute('input[name="since"]', "type") == "date"


def test_timeline_tells_the_truth(page, shots):  # noqa: ANN001
    page.goto("/")
    page.wait_for_selector('canvas#timeline[data-ready="1"]')
    chart = page.evaluate("""(() => {
        const c = window.Chart.getChart(document.querySelector('canvas#timeline'));
        const s = c.scales;
        return { labels: c.data.labels, legend: c.legend.legendItems.map(i => i.text),
                 zeroLeft: s.y.getPixelForValue(0), zeroRight: s.score.getPixelForValue(0),
                 line: c.data.datasets[4].data };
    })()""")
    assert "summed score" in chart["legend"] and "material conflict" in chart["legend"]
    assert abs(chart["zeroLeft"] - chart["zeroRight"]) < 1.5  # both axes' 0 at one height
    assert min(chart["labels"]) >= "2005" and "1995" not in chart["labels"]  # the span of the reporting
    assert None in chart["line"]  # empty years are gaps
    page.goto("/dyad/USA/IRN")
    page.wait_for_selector('canvas#timeline[data-ready="1"]')
    page.wait_for_selector('#worldmap[data-ready="1"]')
    page.set_viewport_size({"width": 1360, "height": 1250})  # the timeline, the counts per type and the map
    page.screenshot(path=shots / "dyad-timeline.png")
    page.set_viewport_size({"width": 1360, "height": 900})
    page.goto("/dyad/USA/IRN?score=mean")
    page.wait_for_selector('canvas#timeline[data-ready="1"]')
    legend = page.evaluate("window.Chart.getChart(document.querySelector('canvas#timeline')).legend.legendItems"
                           ".map(i => i.text)")
    assert "mean score" in legend
    assert page.locator("table.typetable a", has_text="ASSAULT").count() == 1
    page.locator("table.typetable a", has_text="ASSAULT").click()
    page.wait_for_url(re.compile(r"/events\?party=USA&with=IRN.*type=ASSAULT"))
    assert page.locator("table.events .badge", has_text="ASSAULT").count() >= 1
    assert page.locator("table.events .badge").count() == page.locator("table.events .badge", has_text="ASSAULT").count()


def test_network_is_directed_and_lists_every_pair(page):  # noqa: ANN001
    page.goto("/network")
    page.wait_for_selector('#network[data-ready="1"]')
    arrows = page.evaluate("window.dragomanNetwork.edges().map(e => e.id())")
    assert any(a == "USA>IRN" for a in arrows) and any(a == "IRN>USA" for a in arrows)
    total = int(page.inner_text("#pair-count"))
    seen = page.locator("table.pairs tbody tr").count()
    while page.locator('a[rel="next"]').count():
        page.locator('a[rel="next"]').click()
        seen += page.locator("table.pairs tbody tr").count()
    assert seen == total > 50


def test_search_over_actors_events_and_articles(page):  # noqa: ANN001
    page.goto("/")
    page.fill(".searchbox input", "Russia")
    page.press(".searchbox input", "Enter")
    page.wait_for_url("**/search?q=Russia")
    total = int(page.inner_text("#article-hits .total"))
    assert total == page.locator("ol.results > li > a.title").count() > 0
    page.locator("#actor-hits a.code", has_text="RUS").click()
    page.wait_for_url("**/actor/RUS")
    page.goto("/search?q=assault")
    first = page.locator("#event-hits table.events a.evlink").first
    assert "ASSAULT" in first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/event/\d+$"))
    assert "ASSAULT" in page.inner_text("h1")
    page.goto("/search?q=the&page=2")  # past the last page: the total stays, and says so
    assert int(page.inner_text("#article-hits .total")) > 20 and "past the last" in page.inner_text("#article-hits")


def test_no_page_scrolls_sideways_on_a_phone(browser, server, sample_db):  # noqa: ANN001
    from dragoman.store import Store

    with Store.open(sample_db) as store:
        event_id = store.events(party="RUS", limit=1)[0]["id"]
        actor_id = store.actors(name="Vladimir Putin")[0]["id"]
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=server, is_mobile=True)
    pg = context.new_page()
    wide = []
    for path in ("/", "/events", "/events?actor=Narnia", "/articles", "/network", "/dyad/RUS/TJK", "/dyad/USA/IRN",
                 "/actor/RUS", f"/actor/{actor_id}", f"/event/{event_id}", f"/article/{SEED_ID}",
                 "/search?q=Putin", "/search?q=assault", "/docs", "/login", "/dyad/QQQ/ZZZ"):
        pg.goto(path)
        pg.wait_for_load_state("networkidle")
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide.append((path, width))
    context.close()
    assert wide == []


def test_static_files_are_compressed_and_cached(page):  # noqa: ANN001
    seen = {}
    page.on("response", lambda r: seen.setdefault(r.url.split("/static/")[-1], r) if "/static/" in r.url else None)
    page.goto("/")
    page.wait_for_selector('#worldmap[data-ready="1"]')
    css = next(r for name, r in seen.items() if name.startswith("css/app."))
    headers = css.all_headers()
    assert "immutable" in headers["cache-control"] and headers.get("content-encoding") == "gzip"
    assert all(re.search(r"\.[0-9a-f]{10}\.\w+$", name) for name in seen), sorted(seen)
