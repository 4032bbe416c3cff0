"""Server-rendered pages over the sample corpus, and the article highlighter."""
from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from markupsafe import Markup

from dragoman.store import EventFilter
from dragoman.web import highlight

from .conftest import SEED_ID

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "dragoman" / "web" / "templates"


def embedded(html: str, ident: str):  # noqa: ANN201
    match = re.search(rf'<script type="application/json" id="{ident}">(.*?)</script>', html, re.S)
    assert match, ident
    return json.loads(match.group(1))


def visible(html: str) -> str:
    """The text a reader sees: tags and mark labels removed, entities decoded."""
    return unescape(re.sub(r'<span class="lbl">[^<]*</span>|<[^>]+>', "", html))


def scripts_are_files_or_data(html: str) -> bool:
    for tag in re.findall(r"<script\b[^>]*>", html):
        if not re.search(r'src="(/static/|\{\{ static\()', tag) and 'type="application/json"' not in tag:
            return False
    return True


@pytest.mark.model
class TestPages:
    def test_overview(self, client, store):  # noqa: ANN001
        r = client.get("/")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        stats = store.stats()
        assert f'<div class="n">{stats["events"]}</div>' in r.text
        chart = embedded(r.text, "timeline-data")
        lo, hi = store.article_span()  # the chart spans the reporting: events dated before it are left out
        reported = store.count_events(EventFilter(since=f"{lo // 100:06d}"[:4], until=str(hi // 10000)))
        assert chart["by"] == "year" and sum(p["events"] or 0 for p in chart["periods"]) == reported
        assert chart["periods"][0]["period"] == str(lo // 10000) and chart["periods"][-1]["period"] == str(hi // 10000)
        assert any(p["events"] is None and p["score"] is None for p in chart["periods"])  # gaps, not zeros
        assert 'href="/dyad/RUS/TJK"' in r.text  # among the most active dyads
        assert r.text.count('href="/event/') >= 10  # most recent events
        assert embedded(client.get("/?by=month").text, "timeline-data")["by"] == "month"

    def test_dyad_page_chart_filters_and_sentences(self, client, store):  # noqa: ANN001
        r = client.get("/dyad/RUS/TJK")
        assert r.status_code == 200
        chart = embedded(r.text, "timeline-data")
        assert sum(p["events"] or 0 for p in chart["periods"]) == sum(p["events"] for p in store.dyad("RUS", "TJK", "all"))
        assert "Vladimir Putin’s recent state" in unescape(r.text)  # a source sentence
        assert re.search(r'href="/article/000_55c21100d5a2687f\?event=\d+&amp;at=\d+#sel"', r.text)
        typed = client.get("/dyad/RUS/TJK?type=AID&since=&until=&by=")
        assert typed.status_code == 200
        assert sum(p["events"] or 0 for p in embedded(typed.text, "timeline-data")["periods"]) == len(
            [e for e in store.events(event_type="AID") if {e["actor_code"], e["recipient_code"]} == {"RUS", "TJK"}])
        assert '<option value="AID" selected>' in typed.text
        empty = client.get("/dyad/RUS/TJK?since=1990&until=1991")
        assert "No events between RUS and TJK" in empty.text
        assert client.get("/dyad/RUS/TJK?since=soon").status_code == 400
        assert client.get("/dyad/RUS/TJK?type=PARTY").status_code == 400

    def test_article_page_highlights_in_place(self, client, store):  # noqa: ANN001
        event = store.events(actor="RUS", recipient="TJK", event_type="AID", sources=True)[0]
        source = event["sources"][0]
        r = client.get(f"/article/{SEED_ID}?event={event['id']}&at={source['sentence_start']}")
        assert r.status_code == 200
        chosen = re.search(r'<mark class="sent" id="sel">(.*?)</mark>', r.text, re.S)
        assert chosen and visible(chosen.group(1)) == source["sentence_text"].strip()
        # every mark links to its record
        for href in set(re.findall(r'<a class="ent ent-\w+[^"]*" href="([^"]+)"', r.text)):
            assert re.match(r"^(/actor/\d+|/event/\d+|#[fcm]\d+)$", href), href
        for href in {h for h in re.findall(r'class="ent ent-(?:actor|event)[^"]*" href="(/[^"]+)"', r.text)}:
            assert client.get(href).status_code == 200, href
        assert 'class="ent ent-figure' in r.text and "ent-commitment" in r.text
        assert "consult.visit" in r.text  # the rule that fired, in the side list
        assert '<li id="m' in r.text and "chosen" in r.text

    def test_actor_code_and_event_pages(self, client, store):  # noqa: ANN001
        putin = next(a for a in store.actors(name="Vladimir Putin"))
        r = client.get(f"/actor/{putin['id']}")
        assert r.status_code == 200 and "President" in r.text and "Putin" in r.text
        code = client.get("/actor/rus")
        assert code.status_code == 200 and 'href="/dyad/RUS/TJK"' in code.text and "Vladimir Putin" in code.text
        assert client.get("/actor/XYZ").status_code == 404
        event = store.events(actor="RUS", recipient="TJK", event_type="CONSULT")[-1]
        page = client.get(f"/event/{event['id']}")
        assert page.status_code == 200 and "Dushanbe" in page.text and "38.5" in page.text
        assert embedded(page.text, "map-data")["name"] == "Dushanbe"
        assert client.get("/event/999999").status_code == 404

    def test_lists_network_and_search(self, client):  # noqa: ANN001
        assert client.get("/articles").text.count('href="/article/') >= 34
        assert client.get("/articles?page=2").status_code == 200
        events = client.get("/events?actor=USA&recipient=&type=&since=&until=&country=")
        assert events.status_code == 200 and "USA" in events.text
        assert 'rel="next"' in client.get("/events").text
        net = client.get("/network")
        graph = embedded(net.text, "network-data")
        assert graph["nodes"] and graph["edges"] and 'id="__________cytoscape_stylesheet"' in net.text
        found = client.get("/search", params={"q": "Rahmon"})
        assert found.status_code == 200 and f'href="/article/{SEED_ID}?q=Rahmon#sel"' in found.text
        hit = client.get(f"/article/{SEED_ID}?q=Rahmon")  # the hit opens at the words found, marked
        first = re.search(r'<mark class="sent" id="sel">(.*?)</mark>', hit.text, re.S)
        assert first and visible(first.group(1)) == "Rahmon"
        assert "<mark>Rahmon</mark>" in found.text
        assert "Nothing found" in client.get("/search?q=zzzyzzx").text

    def test_no_inline_script_or_style_anywhere(self, client, store):  # noqa: ANN001
        event_id = store.events(limit=1)[0]["id"]
        for path in ("/", "/dyad/RUS/TJK", f"/article/{SEED_ID}", f"/event/{event_id}", "/actor/RUS", "/network",
                     "/search?q=Putin", "/events", "/articles", "/docs", "/login", "/missing"):
            r = client.get(path)
            assert "script-src 'self'" in r.headers["content-security-policy"], path
            assert scripts_are_files_or_data(r.text), path
            tags = re.findall(r"<[a-zA-Z][^>]*>", r.text)  # real tags: escaped text has no '<'
            assert not [t for t in tags if re.search(r"\sstyle=|^<style|\son\w+=", t)], path
            assert not re.search(r'(src|href)="(https?:)?//', r.text.replace('href="https://en.wikinews', "")), path


def test_templates_have_no_inline_script():
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert scripts_are_files_or_data(text), path.name
        assert "|safe" not in text and "autoescape false" not in text, path.name


class TestHighlight:
    TEXT = "Putin met Rahmon in Dushanbe. They signed <b>7</b> deals worth $2 billion."

    def article(self) -> dict:
        return {
            "actors": [{"actor_id": 1, "name": "Vladimir Putin", "kind": "person", "code": "RUS", "sector": "GOV",
                        "role": None, "mentions": [{"start": 0, "end": 5, "text": "Putin"}]},
                       {"actor_id": 2, "name": "Emomali Rahmon", "kind": "person", "code": "TJK", "sector": "GOV",
                        "role": "President", "mentions": [{"start": 10, "end": 16, "text": "Rahmon"}]}],
            "events": [{"id": 5, "event": "CONSULT", "mode": None, "negated": False, "hypothetical": False,
                        "quad_class": 1, "pattern": "consult.meet", "actor": [{"code": "RUS"}],
                        "recipient": [{"code": "TJK"}], "event_ids": [9],
                        "trigger": {"start": 6, "end": 9, "text": "met"},
                        "sentence": {"start": 0, "end": 29, "text": self.TEXT[:29]}},
                       {"id": 6, "event": "AGREE", "mode": None, "negated": False, "hypothetical": True,
                        "quad_class": 1, "pattern": "agree.sign", "actor": [], "recipient": [], "event_ids": [],
                        "trigger": {"start": 35, "end": 41, "text": "signed"},
                        "sentence": {"start": 30, "end": 74, "text": self.TEXT[30:]}}],
            "figures": [{"id": 3, "start": 59, "end": 69, "text": "$2 billion", "value": 2e9, "unit": "USD",
                         "kind": "money", "measured": None},
                        {"id": 4, "start": 62, "end": 73, "text": "billion.", "value": 1e9, "unit": "USD",
                         "kind": "money", "measured": None}],
            "commitments": [],
        }

    def test_marks_link_escape_and_never_overlap(self):
        html = str(highlight.render(self.TEXT, highlight.marks_for(self.article())))
        assert visible(html) == self.TEXT
        assert "&lt;b&gt;7&lt;/b&gt;" in html and "<b>" not in html
        assert '<a class="ent ent-actor k-person" href="/actor/1"' in html
        assert '<a class="ent ent-event q1" href="/event/9"' in html
        assert 'href="#m6"' in html and "uncertain" in html  # no merged event: links to the side list
        assert 'href="#f3"' in html and 'href="#f4"' not in html  # the overlapping figure loses
        assert html.count("<a ") == 5

    def test_selected_sentence_wraps_marks(self):
        art = self.article()
        html = str(highlight.render(self.TEXT, highlight.marks_for(art), highlight.selected_ranges(art, event_id=9)))
        assert html.startswith('<mark class="sent" id="sel"><a class="ent ent-actor')
        assert html.count("<mark") == 1 and "They signed" not in html.split("</mark>")[0]
        one = highlight.selected_ranges(art, mention_id=6)
        assert one == [(30, 74, True)]
        assert highlight.selected_ranges(art, event_id=9, at=999) == [(0, 29, True)]

    def test_marks_cut_at_a_selected_range(self):
        marks = [highlight.Mark(3, 12, "actor", "RUS", "/actor/1", "x")]
        html = str(highlight.render("abcdefghijklmnop", marks, [(0, 8, True)]))
        assert html.count('href="/actor/1"') == 2 and html.startswith('<mark class="sent" id="sel">abc<a')
        assert isinstance(highlight.render("<x>", []), Markup) and str(highlight.render("<x>", [])) == "&lt;x&gt;"


def _charted_events(html: str) -> int:
    data = json.loads(re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', html, re.S)
                      .group(1))
    return sum(p.get("events") or 0 for p in data["periods"])


@pytest.mark.parametrize("path", ["/?range=all&", "/actor/USA?"])
def test_overview_and_code_timelines_include_unasserted_and_backdrop_events_when_asked(client, store, path):  # noqa: ANN001
    plain = client.get(path)
    assert 'all=1' in plain.text and 'include_background=1' in plain.text
    asked = client.get(path + "all=1&include_background=1")
    assert asked.status_code == 200 and "leave them out" in asked.text
    assert _charted_events(asked.text) > _charted_events(plain.text)
