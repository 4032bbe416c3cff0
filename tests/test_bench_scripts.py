"""The extraction benchmark runs end to end on a few articles (it broke once when Pipeline's attributes moved)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]


def test_extract_bench_reports_a_ratio_and_every_stage():
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "extract_bench.py"), "--articles", "4"],
                          capture_output=True, text=True, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    assert report["ratio_pipeline_to_bare"] > 0
    assert set(report["post_parse_ms_per_article"]) == {"actors", "events", "figures", "commitments"}
