"""Evaluation gate: accuracy floors measured with ../shared/eval/score.py. Raise them as we improve."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dragoman.readers import read_inputs

pytestmark = pytest.mark.model

# Floors reached so far; raise them as accuracy improves, never lower them silently.
DEV_FLOORS = {"events": 0.79, "actors": 0.95, "figures": 0.95}
GSR_EVENTS_FLOOR = 0.62
SEED = "000_55c21100d5a2687f"


def _extract(pipeline, path, out):
    with open(out, "w", encoding="utf-8") as fh:
        for result in pipeline.process(read_inputs([str(path)], pipeline.options)):
            fh.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")


def _score(shared, gold, out, *extra):
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(out), "--json", *extra],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def dev_output(pipeline, shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "dev.jsonl"
    _extract(pipeline, shared / "corpus" / "articles.jsonl", out)
    return out


def test_dev_floors(dev_output, shared):
    summary = _score(shared, shared / "eval" / "dev", dev_output)
    for layer, floor in DEV_FLOORS.items():
        assert summary[layer]["f1"] >= floor, f"dev {layer} F1 {summary[layer]['f1']} fell below {floor}"


def test_seed_article_complete(dev_output, shared, tmp_path):
    seed_gold = tmp_path / "gold"
    seed_gold.mkdir()
    (seed_gold / f"{SEED}.json").write_text((shared / "eval" / "dev" / f"{SEED}.json").read_text())
    summary = _score(shared, seed_gold, dev_output)
    for layer in ("events", "actors", "figures"):
        assert summary[layer]["recall"] == 1.0, f"seed article misses required {layer}"


def test_plover_gold_sentences_floor(pipeline, shared, tmp_path):
    out = tmp_path / "gsr.jsonl"
    _extract(pipeline, shared / "eval" / "plover-gsr" / "sentences.jsonl", out)
    summary = _score(shared, shared / "eval" / "plover-gsr" / "gold", out, "--layers", "events")
    assert summary["events"]["f1"] >= GSR_EVENTS_FLOOR
