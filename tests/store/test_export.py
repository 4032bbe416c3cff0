"""Exports: PLOVER JSON Lines, CSV, Parquet, GDELT-style TSV and GraphML, read back and checked."""
from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq
import pytest

from dragoman.store import EventFilter
from dragoman.store.export import FLAT_COLUMNS, GDELT_COLUMNS

from .conftest import DUSHANBE, Ev, make_result

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


@pytest.fixture
def filled(store):
    store.ingest([
        make_result("a", [Ev(date="2025-10-09", place=DUSHANBE, actor_name="Vladimir Putin",
                             context=["diplomatic"])], url="https://tass.example/a", source="TASS"),
        make_result("b", [Ev(date="2025-10-10")], url="https://asiaplus.example/b", source="Asia-Plus"),
        make_result("c", [Ev(event="AID", actor="CHN", recipient="TJK", quad_class=2, score=7.0, cameo="0712",
                             date="2024-05-01")]),
        make_result("d", [Ev(event="ASSAULT", actor="IGO", recipient=None, quad_class=4, score=-10.0,
                             cameo="190", date="2025-01-01")]),
    ])
    return store


def test_plover_jsonl(filled, tmp_path):
    path = tmp_path / "events.jsonl"
    assert filled.export("plover", path) == 3
    records = [json.loads(line) for line in path.read_text().splitlines()]
    consult = next(r for r in records if r["event"] == "CONSULT")
    assert consult["actor"] == {"code": "RUS", "sector": "GOV", "name": "Vladimir Putin"}
    assert consult["recipient"]["code"] == "TJK" and consult["date"] == "2025-10-09"
    assert consult["event_loc"]["name"] == "Dushanbe" and consult["context"] == ["diplomatic"]
    assert (consult["num_sources"], consult["num_articles"]) == (2, 2)
    assert [s["article"] for s in consult["sources"]] == ["a", "b"]
    assert consult["sources"][0]["text"] == consult["text"]
    start, end = consult["sources"][1]["offsets"]
    assert end > start
    assert next(r for r in records if r["event"] == "ASSAULT")["recipient"] is None
    path2 = tmp_path / "since.jsonl"
    assert filled.export("plover", path2, since="2025-01-01") == 2


def test_csv_and_parquet_agree(filled, tmp_path):
    assert filled.export("csv", tmp_path / "e.csv") == 3
    rows = list(csv.DictReader((tmp_path / "e.csv").open()))
    assert list(rows[0]) == list(FLAT_COLUMNS)
    assert filled.export("parquet", tmp_path / "e.parquet") == 3
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column_names == list(FLAT_COLUMNS) and table.num_rows == 3
    by_id = {r["id"]: r for r in table.to_pylist()}
    for row in rows:
        assert by_id[int(row["id"])]["event"] == row["event"]
        assert ";".join(by_id[int(row["id"])]["articles"]) == row["articles"]
    consult = next(r for r in table.to_pylist() if r["event"] == "CONSULT")
    assert consult["articles"] == ["a", "b"] and consult["lat"] == pytest.approx(38.5598)


def test_empty_parquet(store, tmp_path):
    assert store.export("parquet", tmp_path / "empty.parquet") == 0
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


def test_gdelt_table(filled, tmp_path):
    path = tmp_path / "events.tsv"
    assert filled.export("gdelt", path) == 3
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    assert header == list(GDELT_COLUMNS) and len(header) == 61
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    assert all(len(line.split("\t")) == 61 for line in lines)
    consult = next(r for r in rows if r["EventRootCode"] == "04")
    assert consult["Day"] == "20251009" and consult["MonthYear"] == "202510" and consult["Year"] == "2025"
    assert consult["Actor1Code"] == "RUSGOV" and consult["Actor1CountryCode"] == "RUS"
    assert consult["Actor1Type1Code"] == "GOV" and consult["Actor2CountryCode"] == "TJK"
    assert consult["Actor1Name"] == "Vladimir Putin"
    assert (consult["EventCode"], consult["QuadClass"], consult["GoldsteinScale"]) == ("040", "1", "1")
    assert (consult["NumSources"], consult["NumArticles"], consult["NumMentions"]) == ("2", "2", "2")
    assert consult["ActionGeo_FullName"] == "Dushanbe" and consult["ActionGeo_Lat"] == "38.5598"
    assert consult["SOURCEURL"] == "https://tass.example/a" and len(consult["DATEADDED"]) == 14
    assert consult["IsRootEvent"] == "1"
    aid = next(r for r in rows if r["EventRootCode"] == "07")
    assert (aid["EventCode"], aid["EventBaseCode"]) == ("0712", "071")
    assault = next(r for r in rows if r["EventRootCode"] == "19")
    assert assault["Actor1KnownGroupCode"] == "IGO" and assault["Actor1CountryCode"] == ""
    assert assault["Actor2Code"] == ""


def test_graphml_network(filled, tmp_path):
    path = tmp_path / "net.graphml"
    assert filled.export("graphml", path) == 3  # two event edges + one affiliation edge
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", NS)}
    graph = root.find("g:graph", NS)
    assert graph.get("edgedefault") == "directed"

    def data(el):  # noqa: ANN001
        return {keys[d.get("key")]: d.text for d in el.findall("g:data", NS)}

    nodes = {n.get("id"): data(n) for n in graph.findall("g:node", NS)}
    assert {"RUS", "TJK", "CHN"} <= set(nodes) and nodes["RUS"]["kind"] == "country"
    assert any(n["label"] == "Vladimir Putin" and n["kind"] == "actor" for n in nodes.values())
    edges = [(e.get("source"), e.get("target"), data(e)) for e in graph.findall("g:edge", NS)]
    rus_tjk = next(d for s, t, d in edges if (s, t) == ("RUS", "TJK"))
    assert rus_tjk["edge_type"] == "event" and rus_tjk["weight"] == "1" and rus_tjk["verbal_coop"] == "1"
    assert any(d["edge_type"] == "affiliation" and t == "RUS" for s, t, d in edges)


def test_unknown_format(store, tmp_path):
    with pytest.raises(ValueError):
        store.export("xlsx", tmp_path / "x")


def test_every_format_follows_the_backdrop_filter(filled, tmp_path):
    """Backdrop-only events are left out of every format by default, as in queries; asked for, they come with
    ``background`` in PLOVER, CSV and Parquet (GDELT and GraphML have no column for it)."""
    filled.ingest([make_result("e", [Ev(event="ASSAULT", actor="AZE", recipient="ARM", quad_class=4, score=-10.0,
                                        cameo="190", background=True),
                                     Ev(date="2025-10-09", background=True)], date="2025-11-20", source="E")])
    wide = EventFilter(include_background=True)
    assert filled.export("plover", tmp_path / "d.jsonl") == 3
    assert filled.export("plover", tmp_path / "w.jsonl", filters=wide) == 4
    records = {r["event"]: r for r in map(json.loads, (tmp_path / "w.jsonl").read_text().splitlines())}
    assert records["ASSAULT"]["background"] is True and records["ASSAULT"]["date"] == "2025-11-20"
    consult = records["CONSULT"]  # the backdrop joined the reported visit: still an ordinary event
    assert consult["background"] is False and consult["num_sources"] == 3
    assert [(s["article"], s["background"]) for s in consult["sources"]] == [("a", False), ("b", False),
                                                                              ("e", True)]
    assert filled.export("csv", tmp_path / "d.csv") == 3
    assert not any(r["event"] == "ASSAULT" and r["actor_code"] == "AZE"
                   for r in csv.DictReader((tmp_path / "d.csv").open()))
    assert filled.export("csv", tmp_path / "w.csv", filters=wide) == 4
    flags = {(r["event"], r["actor_code"]): r["background"] for r in csv.DictReader((tmp_path / "w.csv").open())}
    assert flags[("ASSAULT", "AZE")] == "True" and flags[("CONSULT", "RUS")] == "False"
    assert filled.export("parquet", tmp_path / "w.parquet", filters=wide) == 4
    table = pq.read_table(tmp_path / "w.parquet")
    assert sorted(table.column("background").to_pylist()) == [False, False, False, True]
    assert filled.export("gdelt", tmp_path / "d.tsv") == 3
    assert filled.export("gdelt", tmp_path / "w.tsv", filters=wide) == 4
    assert filled.export("graphml", tmp_path / "d.graphml") == 3  # no AZE -> ARM edge
    assert filled.export("graphml", tmp_path / "w.graphml", filters=wide) == 4
