"""The pages in a real browser: Debian's Chromium driven by Playwright, against `dragoman serve` (uvicorn) on
127.0.0.1 over the sample corpus. Any request that leaves 127.0.0.1 fails the test (pages must work offline), and
so does any console error (a Content-Security-Policy violation is one).

Screenshots go to $DRAGOMAN_SCREENSHOTS when set (docs/screenshots for the README), else to a temporary folder.
"""
from __future__ import annotations

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
    page.screenshot(path=shots / "dyad.png")
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
    page.wait_for_url(f"**/article/{SEED_ID}")
    assert page.locator(".doc a.ent-event").count() > 10


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
