"""The ingest driver's own parts: input size estimate, progress line, final report."""
from __future__ import annotations

import io

from dragoman.store.ingest import IngestReport, Progress, estimate_total
from dragoman.store.write import BatchReport, Outcome


def test_estimate_total(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n')
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "x.txt").write_text("one")
    (folder / "y.html").write_text("<p>two</p>")
    assert estimate_total([tmp_path / "a.jsonl", folder]) == 4
    assert estimate_total([tmp_path / "missing"]) is None


def batch(*statuses: str) -> BatchReport:
    report = BatchReport(events_created=3)
    for i, status in enumerate(statuses):
        report.outcomes.append(Outcome(f"in.jsonl:{i}", f"d{i}", status, "bad record" if status == "failed" else None,
                                       events=2 if status == "stored" else 0, merged=1 if status == "stored" else 0))
    return report


def test_report_counts_and_summary():
    report = IngestReport()
    report.add(batch("stored", "stored", "skipped", "merged", "failed", "replaced"))
    report.seconds = 2.0
    assert (report.stored, report.replaced, report.skipped, report.merged, report.failed) == (2, 1, 1, 1, 1)
    assert (report.events, report.events_merged, report.events_created) == (4, 2, 3)
    assert report.articles == 6 and report.articles_per_second == 3.0
    text = report.summary()
    assert "2 stored, 1 replaced, 1 skipped (unchanged), 1 merged (near-duplicates), 1 failed" in text
    assert "failed: in.jsonl:4: bad record" in text
    assert report.as_dict()["failures"] == [{"origin": "in.jsonl:4", "reason": "bad record"}]


def test_progress_line():
    stream = io.StringIO()
    bar = Progress(10, stream, enabled=True, interval=0)
    report = IngestReport()
    report.add(batch("stored", "skipped"))
    bar.update(report)
    line = stream.getvalue()
    assert "2/10" in line and "articles/s" in line and "ETA" in line and "skipped 1" in line
    bar.close(report)
    assert stream.getvalue().endswith("\n")
    quiet = io.StringIO()
    Progress(10, quiet, enabled=False).update(report)
    assert quiet.getvalue() == ""
