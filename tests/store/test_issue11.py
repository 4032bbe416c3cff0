"""Issue 11, the store's side: what careless or hostile input did to the store, the CLI's read commands and the
exports, each a regression test that failed before its fix (docs/hardening.md, "Store, API and export"). Every
test that takes ``store`` or ``store_url`` runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dragoman.cli.store import main_for_tests
from dragoman.records import InputError
from dragoman.store import Store
from dragoman.store.core import REFUSE
from dragoman.store.write import FAILED, REPLACED, STORED

from .conftest import Ev, make_result

REPO = Path(__file__).resolve().parents[2]
EVIL_URL = '=HYPERLINK("http://evil.example","x")'


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main_for_tests(list(argv), out)
    return code, out.getvalue()


# -- 1. a same-id article from another input is never silently replaced ---------------------------------------

def test_same_id_from_another_file_is_refused_and_kept(store):
    first = make_result("index", [Ev(date="2025-10-09")], origin="s/a/index.txt", body="The first story.")
    other = make_result("index", [Ev(event="AID", date="2025-10-10")], origin="s/b/index.txt",
                        body="Another story entirely.")
    store.ingest([first])
    assert store.classify(other.article) == REFUSE  # not worth coding: ingest_paths passes it on uncoded
    [outcome] = store.ingest([other]).outcomes
    assert outcome.status == FAILED
    assert "s/a/index.txt" in outcome.reason and "s/b/index.txt" in outcome.reason
    assert store.article("index")["text"] == first.article.text  # nothing stored is lost
    assert [e["event"] for e in store.events()] == ["CONSULT"]
    [failure] = store.failures()
    assert failure["origin"] == "s/b/index.txt" and failure["article_doc_id"] == "index"
    # an edited version of the first file still updates it; the other file's refusal stays on record
    edited = make_result("index", [Ev(date="2025-10-09")], origin="s/a/index.txt", body="The first story, edited.")
    assert store.ingest([edited]).outcomes[0].status == REPLACED
    assert store.article("index")["text"] == edited.article.text
    assert [f["origin"] for f in store.failures()] == ["s/b/index.txt"]


def test_the_same_input_under_another_line_or_batch_still_updates(store):
    store.ingest([make_result("j", [Ev()], origin="feed.jsonl:3", body="Version one."),
                  make_result("p", [Ev()], origin="api:20261206T000000Z-aaaa#1", body="Posted once."),
                  make_result("l", [Ev()], origin="list.json#2", body="Listed once.")])
    report = store.ingest([make_result("j", [Ev()], origin="feed.jsonl:4", body="Version two."),
                           make_result("p", [Ev()], origin="api:20261206T010000Z-bbbb#3", body="Posted again."),
                           make_result("l", [Ev()], origin="list.json#1", body="Listed again.")])
    assert [o.status for o in report.outcomes] == [REPLACED] * 3
    refused = store.ingest([make_result("j", [Ev()], origin="other.jsonl:4", body="Version three."),
                            make_result("p", [Ev()], origin="feed.jsonl:9", body="Not from the API.")])
    assert [o.status for o in refused.outcomes] == [FAILED, FAILED]
    assert store.article("j")["text"].endswith("Version two.") and store.article("p")["text"].endswith("again.")


@pytest.mark.model
def test_ingesting_a_second_folder_with_the_same_file_name_loses_nothing(store, pipeline, tmp_path):
    from dragoman.store.ingest import ingest_paths

    for folder, text in (("a", "Russia condemned Ukraine over the attack on Monday."),
                         ("b", "France praised Germany for the new energy agreement on Tuesday.")):
        (tmp_path / "s" / folder).mkdir(parents=True)
        (tmp_path / "s" / folder / "index.txt").write_text(f"Title {folder}\n{text}\n", encoding="utf-8")
    first = ingest_paths([tmp_path / "s" / "a"], store, pipeline=pipeline, progress=False)
    stored = {a["doc_id"]: store.article(a["doc_id"])["text"] for a in store.articles(limit=None)}
    second = ingest_paths([tmp_path / "s" / "b"], store, pipeline=pipeline, progress=False)
    assert first.stored == 1
    if second.stored:  # ids that no longer clash (the readers' own fix) are as good
        assert len(store.articles(limit=None)) == 2
    else:
        assert second.failed == 1 and second.replaced == 0
        assert "s/a/index.txt" in second.failures[0][1] and "s/b/index.txt" in second.failures[0][1]
    assert all(store.article(doc_id)["text"] == text for doc_id, text in stored.items())


# -- 2. spreadsheet formulas in CSV and GDELT exports -------------------------------------------------------

@pytest.fixture
def evil(store):
    store.ingest([make_result("evil", [Ev(event="ASSAULT", quad_class=4, score=-10.0, cameo="190",
                                          actor_name="@SUM(A1:A9)", date="2025-10-09")],
                              url=EVIL_URL, source="+Evil Wire")])
    return store


def test_formulas_are_neutralised_in_csv_and_gdelt(evil, tmp_path):
    evil.export("csv", tmp_path / "e.csv")
    [row] = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8", newline="")))
    assert row["source_url"] == "'" + EVIL_URL and row["actor_name"] == "'@SUM(A1:A9)"
    assert row["score"] == "-10.0" and row["quad_class"] == "4"  # numbers stay numbers
    evil.export("gdelt", tmp_path / "e.tsv")
    header, line = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()
    cells = dict(zip(header.split("\t"), line.split("\t")))
    assert cells["SOURCEURL"] == "'" + EVIL_URL and cells["Actor1Name"] == "'@SUM(A1:A9)"
    assert cells["GoldsteinScale"] == "-10" and cells["QuadClass"] == "4"
    for cell in (*row.values(), *cells.values()):
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), cell


def test_formulas_are_neutralised_in_the_cli_csv(evil, store_url):
    code, text = run("events", "--db", store_url, "--csv")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and row["source_url"] == "'" + EVIL_URL and row["score"] == "-10.0"


# -- 3. dates at the calendar's ends ------------------------------------------------------------------------

def test_dates_at_the_calendar_s_ends_are_stored_merged_and_exported(store, tmp_path):
    report = store.ingest([
        make_result("last-1", [Ev(date="9999-12-31")], date="9999-12-31"),
        make_result("last-2", [Ev(date="9999-12-31")], date="9999-12-31", source="Outlet B"),
        make_result("first-1", [Ev(date="0001-01-01")], date="0001-01-01"),
        make_result("first-2", [Ev(date="0001-01-01")], date="0001-01-01", source="Outlet B"),
    ])
    assert [o.status for o in report.outcomes] == [STORED] * 4
    events = store.events()
    assert sorted((e["date"], e["num_sources"]) for e in events) == [("0001-01-01", 2), ("9999-12-31", 2)]
    assert [p["period"] for p in store.dyad("RUS", "TJK", by="week")] == ["0001-W01", "9999-W52"]
    assert store.export("gdelt", tmp_path / "e.tsv") == 2
    years = [line.split("\t")[3] for line in (tmp_path / "e.tsv").read_text().splitlines()[1:]]
    assert sorted(years) == ["1", "9999"]


# -- 9. small: export to standard output, malformed URLs, tie order -------------------------------------------

def test_export_to_standard_output(evil, store_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, text = run("export", "--db", store_url, "--format", "plover", "-o", "-")
    assert code == 0 and json.loads(text)["id"] and not (tmp_path / "-").exists()
    code, text = run("export", "--db", store_url, "--format", "gdelt", "-o", "-")
    assert text.startswith("GlobalEventID\t") and len(text.splitlines()) == 2


def test_export_parquet_to_standard_output_in_a_real_process(evil, store_url, tmp_path):
    import pyarrow.parquet as pq

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "dragoman.cli.store", "export", "--db", store_url, "--format",
                           "parquet", "-o", "-"], capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    (tmp_path / "out.parquet").write_bytes(done.stdout)
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 1 and not (tmp_path / "-").exists()
    assert b"standard output" in done.stderr


def test_a_malformed_postgresql_url_gets_a_clear_message(capsys):
    code = main_for_tests(["stats", "--db", "postgresql://user:secret@dbhost:port/events"])
    err = capsys.readouterr().err
    assert code == 1 and "not a valid database URL" in err
    assert "invalid literal" not in err and "secret" not in err


def test_top_dyads_break_ties_the_same_on_every_backend(store):
    store.ingest([make_result("t1", [Ev(actor="RUS", recipient=None)]),
                  make_result("t2", [Ev(actor="RUS", recipient="TJK", date="2024-01-01")]),
                  make_result("t3", [Ev(actor="CHN", recipient="TJK", date="2023-01-01")]),
                  make_result("t4", [Ev(actor="RUS", recipient="KAZ", date="2022-01-01")])])
    top = [(d["actor"], d["recipient"]) for d in store.stats()["top_dyads"]]
    assert top == [("CHN", "TJK"), ("RUS", "KAZ"), ("RUS", "TJK"), ("RUS", None)]


# -- 10. NUL characters never fail a record -----------------------------------------------------------------

def test_nul_characters_are_removed_before_writing(store):
    result = make_result("nul\x00id", [Ev(actor_name="Vladimir\x00Putin")], url="https://wire.example/\x00a",
                         title="Talks\x00", source="Wire\x00", body="Filler with a \x00 inside.")
    text = result.article.text
    report = store.ingest([result, InputError("feed.jsonl:2\x00", "bad\x00 record", "bad\x00id")])
    assert [o.status for o in report.outcomes] == [STORED, FAILED]
    stored = store.article("nulid")
    assert stored["url"] == "https://wire.example/a" and stored["title"] == "Talks" and stored["source"] == "Wire"
    assert stored["text"] == text.replace("\x00", "\ufffd")  # one for one: offsets stay true
    sentence = stored["events"][0]["sentence"]
    assert stored["text"][sentence["start"]:sentence["end"]] == sentence["text"]
    assert store.events()[0]["actor_name"] == "Vladimir\ufffdPutin"
    assert store.failures()[0]["article_doc_id"] == "badid"
    assert store.ingest([result]).outcomes[0].status == "skipped"  # a rerun finds it stored
    assert Store.classify(store, result.article) == "skip"


# -- 6 and 7. reads neither create nor write the database ---------------------------------------------------

READ_COMMANDS = (["events"], ["actors"], ["dyad", "RUS", "TJK"], ["search", "talks"], ["stats"],
                 ["export", "--format", "csv", "-o", "-"], ["failures"])


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_refuse_a_missing_database(command, store_url, backend, tmp_path, capsys):
    url = str(tmp_path / "typo_dir" / "typo.db") if backend == "sqlite" else store_url
    assert main_for_tests([*command, "--db", url], io.StringIO()) == 1
    err = capsys.readouterr().err
    assert ("does not exist" if backend == "sqlite" else "holds no Dragoman store") in err, err
    assert not (tmp_path / "typo_dir").exists()
    if backend == "postgresql":  # nothing was created in the empty database either
        from sqlalchemy import create_engine, inspect

        from dragoman.store.db import resolve_url

        engine = create_engine(resolve_url(store_url))
        try:
            assert inspect(engine).get_table_names() == []
        finally:
            engine.dispose()


def _without_write_access(argv: list[str], cwd: Path, python: tuple[str, ...] = ("-m", "dragoman.cli.store")
                          ) -> subprocess.CompletedProcess:
    """Run a dragoman command unable to write what its permissions forbid: root ignores them, so as root the
    process loses the capabilities that let it (setpriv, util-linux)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, *python, *argv]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_reads_work_on_a_read_only_file_in_a_read_only_folder(tmp_path):
    import shutil

    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    folder = tmp_path / "dir"
    folder.mkdir()
    with Store.open(folder / "x.db") as store:
        store.ingest([make_result("a", [Ev()]), make_result("b", [Ev(date="2025-10-10")], source="B")])
    (folder / "x.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        probe = _without_write_access([], tmp_path, ("-c", "import sqlite3; sqlite3.connect('dir/x.db').execute("
                                                       "'CREATE TABLE probe (x)')"))
        assert "readonly database" in probe.stderr  # the set-up really forbids writing
        for command in READ_COMMANDS:
            done = _without_write_access([*command, "--db", "dir/x.db"], tmp_path)
            assert done.returncode == 0, (command, done.stderr)
        stats = _without_write_access(["stats", "--json", "--db", "dir/x.db"], tmp_path)
        assert json.loads(stats.stdout)["articles"] == 2 and json.loads(stats.stdout)["events"] == 1
        assert sorted(p.name for p in folder.iterdir()) == ["x.db"]
    finally:
        folder.chmod(0o755)
