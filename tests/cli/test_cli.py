"""The command line on real files: good and bad inputs in one batch."""
from __future__ import annotations

import json

import pytest

from dragoman.cli import main

pytestmark = pytest.mark.model


def test_extract_reports_bad_inputs_and_keeps_going(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Leaders meet\nThe Kenyan president visited Kampala on Monday.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text('{"id": "a1", "text": "Chile and Peru signed a trade agreement.", "date": "2024-01-05"}\n'
                     "not json at all\n"
                     '{"id": "a3", "title": "no text here"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    status = main(["extract", str(tmp_path), "-o", str(out), "--date", "2024-02-01"])
    err = capsys.readouterr().err
    assert status == 1
    assert "empty.txt" in err and "binary.txt" in err
    assert "batch.jsonl:2" in err and "batch.jsonl:3" in err
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(records) == {"good", "a1"}
    assert records["good"]["date"] == "2024-02-01"
    visit = [e for e in records["good"]["events"] if e["event"] == "CONSULT"]
    assert visit and visit[0]["recipient"]["code"] == "UGA"


def test_extract_table_on_standard_output(tmp_path, capsys):
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "x", "text": "Egypt accused Ethiopia of violating the accord.", "date": "2024-01-05"}\n')
    assert main(["extract", str(path), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "== x" in out and "ACCUSE" in out and "EGY->ETH" in out


@pytest.mark.parametrize("date", ["yesterday", "2024-02-30", "20240201", "2024-2-1"])
def test_bad_date_option_is_a_usage_error(tmp_path, capsys, date):
    """Issue 11 item 13: a bad --date exited 1 (the status of failed records) instead of the usage error 2."""
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(tmp_path), "--date", date])
    assert exit_.value.code == 2
    assert f"argument --date: {date!r} is not a date YYYY-MM-DD" in capsys.readouterr().err
