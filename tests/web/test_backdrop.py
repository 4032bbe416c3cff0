"""Backdrop events on the web: the API's ``include_background`` parameter, the event page's marker and the
article page's list, over a real store (SQLite, and PostgreSQL with $DRAGOMAN_TEST_PG_URL) holding records
built here, so the cases do not depend on what the pipeline codes."""
from __future__ import annotations

import re
from html import unescape

import pytest

from dragoman.records import Article, ArticleResult, Event, Party, Span

from .conftest import make_client

SHOT_DOWN = "An Azerbaijani jet shot down a Russian helicopter over the border on Monday."
RECALLED = "After Azerbaijan shot down a Russian helicopter, Russian and Azerbaijani envoys met in Baku."


def event(kind: str, actor: str, recipient: str, text: str, trigger: str, *, background: bool = False,
          date: str | None = None, quad_class: int = 4, score: float = -10.0, cameo: str = "190") -> Event:
    start = text.index(trigger)
    return Event(event=kind, actor=[Party(actor, "MIL" if quad_class == 4 else "GOV", text=actor)],
                 recipient=[Party(recipient, "MIL" if quad_class == 4 else "GOV", text=recipient)],
                 sentence=Span(0, len(text), text), trigger=Span(start, start + len(trigger), trigger),
                 pattern="test", background=background, date=date, quad_class=quad_class, score=score, cameo=cameo)


def results() -> list[ArticleResult]:
    """A shoot-down reported in October, and an article of November that recalls it as the backdrop of talks:
    the recalled shoot-down carries November's date and is an event of its own, backdrop only."""
    news = Article(id="news", text=SHOT_DOWN, title="Helicopter shot down", date="2025-10-06", source="Wire A")
    recall = Article(id="recall", text=RECALLED, title="Envoys meet in Baku", date="2025-11-20", source="Wire B")
    return [
        ArticleResult(news, events=[event("ASSAULT", "AZE", "RUS", SHOT_DOWN, "shot down", date="2025-10-06")]),
        ArticleResult(recall, events=[
            event("ASSAULT", "AZE", "RUS", RECALLED, "shot down", background=True),
            event("CONSULT", "RUS", "AZE", RECALLED, "met", quad_class=1, score=1.0, cameo="040")]),
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def app_client(request, tmp_path):  # noqa: ANN001
    from dragoman.store import Store
    from dragoman.web import Settings, create_app

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'backdrop.db'}"
    else:
        url = request.getfixturevalue("fresh_pg_url")
    with Store.open(url) as store:
        store.ingest(results())
        with make_client(create_app(Settings(cache_seconds=0), store=store)) as client:
            client.store = store
            yield client


def backdrop_id(client) -> int:  # noqa: ANN001
    [found] = [e for e in client.store.events(include_background=True) if e["background"]]
    return found["id"]


def test_events_leave_backdrop_only_events_out_unless_asked(app_client):  # noqa: ANN001
    default = app_client.get("/api/events").json()["items"]
    assert sorted((e["event"], e["date"]) for e in default) == [("ASSAULT", "2025-10-06"), ("CONSULT", "2025-11-20")]
    assert all(e["background"] is False for e in default)
    wide = app_client.get("/api/events?include_background=true").json()["items"]
    [extra] = [e for e in wide if e["id"] not in {d["id"] for d in default}]
    assert (extra["event"], extra["date"], extra["background"]) == ("ASSAULT", "2025-11-20", True)
    assert app_client.get("/api/events?include_background=false").json()["items"] == default
    assert app_client.get("/api/events?include_background=maybe").status_code == 422
    one = app_client.get(f"/api/events/{extra['id']}").json()
    assert one["background"] is True and one["sources"][0]["background"] is True


def test_dyad_counts_and_events_take_the_parameter(app_client):  # noqa: ANN001
    def periods(query: str) -> list[tuple]:
        body = app_client.get(f"/api/dyads/AZE/RUS?by=month{query}").json()
        return [(p["period"], p["events"], p["material_conflict"]) for p in body["periods"]]

    assert periods("") == [("2025-10", 1, 1), ("2025-11", 1, 0)]
    assert periods("&include_background=true") == [("2025-10", 1, 1), ("2025-11", 2, 1)]
    assert periods("&type=ASSAULT") == [("2025-10", 1, 1)]  # the typed timeline is Store.timeline
    assert periods("&type=ASSAULT&include_background=true") == [("2025-10", 1, 1), ("2025-11", 1, 1)]
    events = app_client.get("/api/dyads/RUS/AZE/events").json()["items"]
    assert len(events) == 2 and not any(e["background"] for e in events)
    events = app_client.get("/api/dyads/RUS/AZE/events?include_background=true").json()["items"]
    assert len(events) == 3 and [e["background"] for e in events].count(True) == 1
    stats = app_client.get("/api/stats").json()
    assert (stats["events"], stats["events_background"]) == (2, 1)


def test_event_page_marks_a_backdrop(app_client):  # noqa: ANN001
    html = app_client.get(f"/event/{backdrop_id(app_client)}").text
    assert re.search(r"<h2>Event \d+ <span class=\"flag\"[^>]*>backdrop</span>", html)
    assert html.count(">backdrop</span>") == 2  # the event, and its one source sentence
    ordinary = next(e for e in app_client.store.events() if e["event"] == "ASSAULT")
    assert ">backdrop</span>" not in app_client.get(f"/event/{ordinary['id']}").text


def test_article_page_lists_backdrops_apart(app_client):  # noqa: ANN001
    html = app_client.get("/article/recall").text
    events, backdrop = re.search(r"<h2>Events <span class=\"muted\">(\d+)</span>.*?<h2>Backdrop "
                                 r"<span class=\"muted\">(\d+)</span>", html, re.S).groups()
    assert (events, backdrop) == ("1", "1")
    listed = unescape(html.split("<h2>Backdrop", 1)[1].split("<h2>", 1)[0])
    assert "ASSAULT" in listed and "CONSULT" not in listed
    assert "<h2>Backdrop" not in app_client.get("/article/news").text
