"""The review loop on the web: the judgement endpoint and its token, the corrected view through the API, the review
panel on the event and article pages, the /review page; and in Chromium, a judgement posted from the page that
shows up in the corrected view and in `dragoman export --format gold`, whose files score with score.py."""
from __future__ import annotations

import re

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TOKEN, load_harness, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}
INTERPOL = "wn-023"  # "Iran issues arrest warrants ... seeks Interpol's aid": coded Trump COOPERATE Iran


@pytest.fixture
def sample_copy(databases: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the 33 coded sample articles: these tests write judgements."""
    path = tmp_path / "review.db"
    shutil.copyfile(databases["sample"], path)
    return path


@pytest.fixture
def review_client(sample_copy: Path, pipeline):  # noqa: ANN001
    from dragoman.store import Store
    from dragoman.web import Settings, create_app

    with Store.open(sample_copy) as opened:
        app = create_app(Settings(db=str(sample_copy), token=TOKEN), store=opened, pipeline=pipeline)
        with make_client(app) as c:
            c.store = opened
            yield c


def event_id(client, **filters) -> int:  # noqa: ANN001
    """The earliest event matching the filters: the act itself, before later articles that recall it."""
    found = client.get("/api/events", params={"limit": 500, **filters}).json()["items"]
    return min(found, key=lambda e: (e["date"] or "", e["id"]))["id"]


def test_judging_needs_the_token(review_client):
    target = event_id(review_client, actor="USA", recipient="IRN", type="COOPERATE")
    url = f"/api/events/{target}/judgement"
    assert review_client.post(url, json={"verdict": "wrong"}).status_code == 401
    wrong = review_client.post(url, json={"verdict": "wrong"}, headers={"Authorization": "Bearer not-the-token-at-all"})
    assert wrong.status_code == 403 and "may not review" in wrong.json()["message"]
    assert review_client.store.judgements() == []


def test_a_judgement_is_refused_when_the_operator_set_no_token(sample_copy, pipeline):  # noqa: ANN001
    from dragoman.store import Store
    from dragoman.web import Settings, create_app

    with Store.open(sample_copy) as opened, make_client(create_app(Settings(), store=opened, pipeline=pipeline)) as c:
        answer = c.post("/api/events/1/judgement", json={"verdict": "correct"}, headers=AUTH)
        assert answer.status_code == 403 and "review is disabled" in answer.json()["message"]


def test_judgements_through_the_api_and_the_corrected_view(review_client):
    interpol = event_id(review_client, actor="USA", recipient="IRN", type="COOPERATE")
    answer = review_client.post(f"/api/events/{interpol}/judgement", headers=AUTH,
                                json={"verdict": "wrong", "note": "Interpol notices are not cooperation",
                                      "reviewer": "ana"})
    assert answer.status_code == 201
    assert (answer.json()["verdict"], answer.json()["reviewer"], answer.json()["event_id"]) == ("wrong", "ana",
                                                                                               interpol)
    killing = event_id(review_client, actor="USA", recipient="IRN", type="ASSAULT")
    fixed = review_client.post(f"/api/events/{killing}/judgement", headers=AUTH,
                               json={"verdict": "corrected", "actor": "usa", "recipient": None})
    assert fixed.status_code == 201 and fixed.json()["no_recipient"] is True
    assert fixed.json()["reviewer"] == "token holder"

    coder = review_client.get("/api/events", params={"limit": 500}).json()["items"]
    view = review_client.get("/api/events", params={"limit": 500, "corrected": "true"}).json()["items"]
    assert interpol in {e["id"] for e in coder} and interpol not in {e["id"] for e in view}
    [corrected] = [e for e in view if e["id"] == killing]
    assert (corrected["recipient_code"], corrected["verdict"]) == (None, "corrected")
    assert review_client.get(f"/api/events/{killing}").json()["recipient_code"] == "IRN"  # the coder's record
    history = review_client.get(f"/api/events/{interpol}/judgements").json()["items"]
    assert [j["note"] for j in history] == ["Interpol notices are not cooperation"]
    precision = review_client.get("/api/review").json()
    assert (precision["reviewed"], precision["correct"]) == (2, 0)
    assert {r["event"] for r in precision["by_type"]} == {"COOPERATE", "ASSAULT"}


@pytest.mark.parametrize("body, status, message", [
    ({"verdict": "maybe"}, 422, None),
    ({"verdict": "correct", "colour": "red"}, 422, None),
    ({"verdict": "correct", "event": "SUPPORT"}, 400, "takes no corrections"),
    ({"verdict": "corrected"}, 400, "needs at least one"),
    ({"verdict": "corrected", "event": "HUG"}, 400, "unknown event type"),
    ({"verdict": "corrected", "actor": "Russia"}, 400, "known code"),
    ({"verdict": "corrected", "recipient": "QQQ"}, 400, "known code"),
])
def test_malformed_judgements_say_why(review_client, body, status, message):  # noqa: ANN001
    target = event_id(review_client, actor="USA", recipient="IRN", type="COOPERATE")
    answer = review_client.post(f"/api/events/{target}/judgement", json=body, headers=AUTH)
    assert answer.status_code == status, answer.text
    if message:
        assert answer.json()["message"].startswith(f"event {target}: ") and message in answer.json()["message"]
    assert review_client.post("/api/events/999999/judgement", json={"verdict": "correct"},
                              headers=AUTH).status_code == 404


def test_the_panel_on_the_event_and_article_pages_and_the_review_page(review_client):
    target = event_id(review_client, actor="USA", recipient="IRN", type="COOPERATE")
    html = review_client.get(f"/event/{target}").text
    assert 'class="review-form"' in html and f'name="event_id" value="{target}"' in html
    assert re.search(r'<script src="/static/js/review\.[0-9a-f]{10}\.js"></script>', html) and "Not reviewed yet" in html
    article = review_client.get(f"/article/{INTERPOL}").text
    assert 'id="rv-event"' in article and f'<option value="{target}"' in article
    review_client.post(f"/api/events/{target}/judgement", headers=AUTH, json={"verdict": "wrong", "reviewer": "ana"})
    assert "Latest: <span class=\"verdict v-wrong\">wrong</span>" in review_client.get(f"/event/{target}").text
    page = review_client.get("/review").text
    assert f'href="/event/{target}">#{target}</a>' in page and "COOPERATE" in page
    assert review_client.get("/static/js/review.js").status_code == 200
    assert review_client.get("/static/css/review.css").status_code == 200


# -- in Chromium ----------------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.model
def test_a_judgement_posted_in_the_page_reaches_the_corrected_view_and_a_scored_gold_file(
        sample_copy, tmp_path, shared):  # noqa: ANN001
    from .test_browser import ARGS, CHROMIUM, VENDOR

    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    assert VENDOR.exists(), "front-end libraries missing: run frontend/build.sh"
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with load_harness().serve(sample_copy, env={"DRAGOMAN_API_TOKEN": TOKEN}) as (base, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=base).new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        events = page.request.get("/api/events?limit=500&actor=USA&recipient=IRN").json()["items"]
        interpol = next(e["id"] for e in events if e["event"] == "COOPERATE")
        killing = min((e for e in events if e["event"] == "ASSAULT"), key=lambda e: (e["date"] or "", e["id"]))["id"]
        killing_articles = {s["article"] for s in page.request.get(f"/api/events/{killing}").json()["sources"]}

        # from the article page: the Interpol "cooperation" is wrong
        page.goto(f"/article/{INTERPOL}")
        form = page.locator("form.review-form")
        form.locator("#rv-event").select_option(str(interpol))
        form.locator('input[name="verdict"][value="wrong"]').check()
        form.locator("#rv-note").fill("arrest warrants and Interpol notices are not cooperation")
        form.locator("#rv-reviewer").fill("ana")
        form.locator("#rv-token").fill("not-the-token-at-all")
        form.locator("button[type=submit]").click()
        page.wait_for_selector("form.review-form .status.error")
        assert "may not review" in form.locator(".status").inner_text()
        assert problems == ["console: Failed to load resource: the server responded with a status of 403 (Forbidden)"]
        problems.clear()  # that refusal was the point: Chromium logs every failed request
        form.locator("#rv-token").fill(TOKEN)
        form.locator("button[type=submit]").click()
        page.wait_for_selector("form.review-form .status.ok")
        assert f"event {interpol} wrong by ana" in form.locator(".status").inner_text()

        # from the event page: the killing is right (the token and the name are remembered)
        page.goto(f"/event/{killing}")
        panel = page.locator("section.review")
        assert panel.locator("#rv-token").input_value() == TOKEN
        assert panel.locator("#rv-reviewer").input_value() == "ana"
        panel.locator('input[name="verdict"][value="correct"]').check()
        panel.locator("button[type=submit]").click()
        page.wait_for_selector("form.review-form .status.ok")
        assert panel.locator("[data-review-latest]").inner_text() == "Latest: correct by ana"
        shot = tmp_path / "review.png"
        panel.screenshot(path=shot)
        if os.environ.get("DRAGOMAN_SCREENSHOTS"):  # the README's picture of the panel
            Path(os.environ["DRAGOMAN_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, Path(os.environ["DRAGOMAN_SCREENSHOTS"]) / "review.png")

        view = page.request.get("/api/events?limit=500&corrected=true").json()["items"]
        assert interpol not in {e["id"] for e in view}
        assert next(e for e in view if e["id"] == killing)["verdict"] == "correct"
        page.goto("/review")
        assert "COOPERATE" in page.locator("table.precision").inner_text()
        assert page.locator("table.judgements tbody tr").count() == 2
        article = page.request.get(f"/api/articles/{INTERPOL}").json()
        browser.close()
    assert problems == []

    gold = tmp_path / "gold"
    exported = subprocess.run([sys.executable, "-m", "dragoman.cli", "export", "--db", str(sample_copy),
                               "--format", "gold", "-o", str(gold)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")})
    assert exported.returncode == 0, exported.stderr
    files = {p.stem: json.loads(p.read_text()) for p in gold.glob("*.json")}
    assert INTERPOL in files and killing_articles <= set(files)  # the killing's articles (wn-005, wn-021)
    assert interpol not in {g["event_id"] for g in files[INTERPOL]["events"]}

    # the coder's own records of the Interpol article, scored against the reviewer's gold
    records = [{"event": r["event"], "actor": [{"code": a["code"]} for a in r["actor"]],
                "recipient": [{"code": x["code"]} for x in r["recipient"]] or None}
               for r in article["events"] if not (r["negated"] or r["hypothetical"] or r["background"])]
    system = tmp_path / "system.jsonl"
    system.write_text(json.dumps({"id": INTERPOL, "events": records}) + "\n")
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(gold / f"{INTERPOL}.json", one)
    scored = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(one), str(system),
                             "--layers", "events"], capture_output=True, text=True)
    assert scored.returncode == 0, scored.stderr
    assert "wrong: ['COOPERATE USA>IRN']" in scored.stdout


def test_the_review_loop_on_postgresql(tmp_path, pipeline, fresh_pg_url):  # noqa: ANN001
    from dragoman.store import Store
    from dragoman.store.ingest import ingest_paths
    from dragoman.web import Settings, create_app

    from .conftest import CORPUS, SEED_ID

    seed = tmp_path / "seed.jsonl"
    seed.write_text(CORPUS.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with Store.open(fresh_pg_url) as pg:
        ingest_paths([seed], pg, pipeline=pipeline, progress=False)
        with make_client(create_app(Settings(token=TOKEN), store=pg, pipeline=pipeline)) as c:
            [first, second, *_] = c.get("/api/events", params={"party": "TJK"}).json()["items"]
            assert c.post(f"/api/events/{first['id']}/judgement", headers=AUTH, json={"verdict": "wrong"}
                          ).status_code == 201
            assert c.post(f"/api/events/{second['id']}/judgement", headers=AUTH,
                          json={"verdict": "corrected", "event": "AID", "reviewer": "ana"}).status_code == 201
            view = {e["id"]: e for e in c.get("/api/events", params={"corrected": "true", "limit": 500}
                                              ).json()["items"]}
            assert first["id"] not in view and view[second["id"]]["event"] == "AID"
            assert view[second["id"]]["quad_class"] == 2
            assert c.get("/api/review").json()["reviewed"] == 2
            for path in ("/review", f"/event/{second['id']}", f"/article/{SEED_ID}"):
                assert c.get(path).status_code == 200, path
            gold = tmp_path / "gold"
            assert pg.export_gold(gold) == 1
            record = json.loads((gold / f"{SEED_ID}.json").read_text())
            assert {g["event_id"] for g in record["events"]} >= {second["id"]}
            assert first["id"] not in {g["event_id"] for g in record["events"]}


def test_the_token_is_checked_before_the_body(review_client):
    """Without the token, a malformed body or a bad id says nothing about what a judgement looks like."""
    assert review_client.post("/api/events/abc/judgement", json={"colour": "red"}).status_code == 401
    answer = review_client.post("/api/events/1/judgement", content=b"verdict=correct", headers={
        **AUTH, "Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 415 and "application/json" in answer.json()["message"]
