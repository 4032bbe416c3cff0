"""The store's subcommands, run as the dragoman command runs them, over a real database."""
from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from dragoman.cli.store import format_table, main_for_tests
from dragoman.records import InputError

from .conftest import DUSHANBE, Ev, make_result, rahmon


@pytest.fixture
def db(store, store_url):  # noqa: ANN001
    store.ingest([
        make_result("a", [Ev(date="2025-10-09", place=DUSHANBE)], actors=[rahmon()], body="Debt forgiveness talks."),
        make_result("b", [Ev(date="2025-10-10")], source="B"),
        make_result("c", [Ev(event="AID", quad_class=2, score=7.0, date="2025-11-02")], source="C"),
        InputError("feed.jsonl:7", "not JSON"),
    ])
    return store_url


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main_for_tests(list(argv), out)
    return code, out.getvalue()


def test_events_table_json_csv(db):
    code, table = run("events", "--db", db, "--actor", "RUS", "--recipient", "TJK")
    assert code == 0
    lines = table.splitlines()
    assert lines[0].split() == ["id", "date", "event", "actor", "recipient", "place", "quad_class", "score",
                                "num_sources", "num_articles"]
    assert "RUS/GOV" in lines[2] and "AID" in lines[2] and "CONSULT" in lines[3] and "Dushanbe" in lines[3]
    code, text = run("events", "--db", db, "--type", "CONSULT", "--json", "--sources")
    [event] = json.loads(text)
    assert event["num_sources"] == 2 and len(event["sources"]) == 2
    code, text = run("events", "--db", db, "--since", "2025-11-01", "--csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["event"] for r in rows] == ["AID"]
    assert run("events", "--db", db, "--country", "USA")[1] == "(none)\n"


def test_dyad_actors_search_stats_failures(db):
    code, text = run("dyad", "RUS", "TJK", "--by", "month", "--db", db, "--json")
    assert [(r["period"], r["events"], r["score"]) for r in json.loads(text)] == [("2025-10", 1, 1.0),
                                                                                 ("2025-11", 1, 7.0)]
    code, text = run("dyad", "RUS", "TJK", "--db", db)
    assert text.splitlines()[0].split()[:3] == ["period", "events", "verbal_coop"]
    code, text = run("actors", "--country", "TJK", "--db", db, "--json")
    assert json.loads(text)[0]["name"] == "Emomali Rahmon"
    code, text = run("search", "debt forgiveness", "--db", db)
    assert "a " in text.splitlines()[2] + " "
    code, text = run("stats", "--db", db, "--json")
    stats = json.loads(text)
    assert stats["articles"] == 3 and stats["events"] == 2 and stats["failures"] == 1
    code, text = run("stats", "--db", db)
    assert text.splitlines()[0].startswith("articles")
    code, text = run("failures", "--db", db, "--json")
    assert json.loads(text)[0]["reason"] == "not JSON"


def test_export(db, tmp_path, capsys):
    for fmt, name in (("plover", "e.jsonl"), ("csv", "e.csv"), ("parquet", "e.parquet"), ("gdelt", "e.tsv"),
                      ("graphml", "e.graphml")):
        assert run("export", "--format", fmt, "-o", str(tmp_path / name), "--db", db, "--since", "2025-10-01")[0] == 0
    assert len((tmp_path / "e.jsonl").read_text().splitlines()) == 2
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 2
    assert "wrote 2 events" in capsys.readouterr().err


def test_background_flag_includes_backdrop_only_events(db, store, tmp_path):
    store.ingest([make_result("recall", [Ev(event="ASSAULT", actor="AZE", recipient="RUS", quad_class=4,
                                            score=-10.0, cameo="190", background=True)], date="2025-12-01",
                              source="D")])
    code, text = run("events", "--db", db, "--json")
    assert code == 0 and len(json.loads(text)) == 2 and not any(e["background"] for e in json.loads(text))
    code, text = run("events", "--db", db, "--json", "--background", "--actor", "AZE")
    [event] = json.loads(text)
    assert event["background"] is True and event["date"] == "2025-12-01"
    assert json.loads(run("dyad", "AZE", "RUS", "--db", db, "--json")[1]) == []
    code, text = run("dyad", "AZE", "RUS", "--db", db, "--json", "--background")
    assert [(r["period"], r["material_conflict"]) for r in json.loads(text)] == [("2025-12", 1)]
    assert run("export", "--format", "plover", "-o", str(tmp_path / "d.jsonl"), "--db", db)[0] == 0
    assert run("export", "--format", "plover", "-o", str(tmp_path / "w.jsonl"), "--db", db, "--background")[0] == 0
    assert len((tmp_path / "d.jsonl").read_text().splitlines()) == 2
    assert [json.loads(line)["background"] for line in (tmp_path / "w.jsonl").read_text().splitlines()] == [
        False, False, True]
    assert json.loads(run("stats", "--db", db, "--json")[1])["events_background"] == 1


def test_errors_are_reported_not_raised(db, capsys):
    assert run("events", "--db", db, "--since", "yesterday")[0] == 1
    assert "not a date" in capsys.readouterr().err
    assert run("stats", "--db", "mysql://nope")[0] == 1


def test_format_table():
    table = format_table([{"a": 1, "b": "x" * 100, "c": None, "d": 0.5}], ["a", "b", "c", "d"], max_width=10)
    assert table.splitlines()[2].split() == ["1", "xxxxxxxxx…", "0.5"]
    assert format_table([], ["a"]) == "(none)\n"
