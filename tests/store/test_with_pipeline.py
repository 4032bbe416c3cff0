"""The store fed by the real pipeline (the session ``pipeline`` fixture of tests/conftest.py): marked model."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dragoman.store import Store
from dragoman.store import schema as t

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "articles.jsonl"
SEED_ID = "000_55c21100d5a2687f"

OTHER_REPORT = {
    "id": "test-wire-visit", "date": "2025-10-09", "source": "Test Wire", "url": "https://wire.example/putin-dushanbe",
    "title": "Putin holds talks with Rahmon in Dushanbe",
    "text": "Russian President Vladimir Putin met Tajik President Emomali Rahmon in Dushanbe on October 9 at the "
            "start of a state visit, the Kremlin said.\nThe two leaders discussed labour migration, security on the "
            "Afghan border and energy projects, according to a statement.",
}

pytestmark = pytest.mark.model


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    return env


def test_ingesting_the_sample_corpus_twice_stores_it_once(store, pipeline):
    from dragoman.store.ingest import ingest_paths

    first = ingest_paths([CORPUS], store, pipeline=pipeline, progress=False)
    assert first.stored + first.merged + first.failed == 33 and first.stored > 0 and first.events > 0
    stats = store.stats()
    second = ingest_paths([CORPUS], store, pipeline=pipeline, progress=False)
    assert second.skipped == first.stored + first.merged and second.stored == second.events == 0
    assert store.stats() == stats


def test_seed_and_another_report_of_the_visit_merge(store, pipeline, tmp_path):
    from dragoman.store.ingest import ingest_paths

    seed = tmp_path / "seed.jsonl"
    seed.write_text(CORPUS.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps(OTHER_REPORT) + "\n", encoding="utf-8")
    ingest_paths([seed], store, pipeline=pipeline, progress=False)
    report = ingest_paths([other], store, pipeline=pipeline, progress=False)
    assert report.stored == 1 and report.events_merged >= 1
    merged = [e for e in store.events(actor="RUS", recipient="TJK", event_type="CONSULT", sources=True)
              if {s["article"] for s in e["sources"]} == {SEED_ID, OTHER_REPORT["id"]}]
    assert len(merged) == 1
    assert merged[0]["num_sources"] == 2 and merged[0]["num_articles"] == 2


def snapshot(store: Store) -> dict:
    with store.engine.connect() as conn:
        articles = sorted(conn.execute(select(t.articles.c.doc_id, t.articles.c.content_hash,
                                              t.articles.c.status)).all())
        mentions = sorted(conn.execute(select(t.articles.c.doc_id, func.count(t.mentions.c.id))
                                       .select_from(t.articles.outerjoin(t.mentions))
                                       .group_by(t.articles.c.doc_id)).all())
    events = sorted((e["event"], e["actor_code"] or "", e["recipient_code"] or "", e["date"] or "", e["num_sources"],
                     e["num_articles"], e["num_mentions"]) for e in store.events(include_uncertain=True))
    return {"articles": articles, "mentions": mentions, "events": events}


def ingest_command(url: str) -> list[str]:
    return [sys.executable, "-m", "dragoman.cli.store", "ingest", str(CORPUS), "--db", url, "--batch", "2",
            "--no-progress"]


def test_sigkill_during_cli_ingest_then_rerun(store_url, tmp_path):
    child = subprocess.Popen(ingest_command(store_url), env=child_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    with Store.open(store_url) as watcher:
        while time.monotonic() < deadline and child.poll() is None:
            if watcher.stats()["articles"] >= 4:
                break
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        partial = watcher.stats()["articles"]
    assert 4 <= partial < 33, child.stderr.read()

    rerun = subprocess.run(ingest_command(store_url) + ["--json"], env=child_env(), capture_output=True, text=True,
                           timeout=600)
    assert rerun.returncode in (0, 1), rerun.stderr  # 1: some input failed, as in a clean run
    assert json.loads(rerun.stdout)["skipped"] >= partial

    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    assert subprocess.run(ingest_command(clean), env=child_env(), capture_output=True,
                          timeout=600).returncode == rerun.returncode
    with Store.open(store_url) as resumed, Store.open(clean) as reference:
        assert snapshot(resumed) == snapshot(reference)


def test_ctrl_c_reports_what_was_stored_and_rerun_finishes(tmp_path):
    url = f"sqlite:///{tmp_path / 'interrupted.db'}"
    child = subprocess.Popen(ingest_command(url) + ["--json"], env=child_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    with Store.open(url) as watcher:
        while time.monotonic() < deadline and child.poll() is None and watcher.stats()["articles"] < 2:
            time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    report = json.loads(out)
    assert report["interrupted"] and "run the same command again" in err
    with Store.open(url) as store:
        assert store.stats()["articles"] == report["stored"] >= 2
    rerun = subprocess.run(ingest_command(url) + ["--json"], env=child_env(), capture_output=True, text=True,
                           timeout=600)
    assert json.loads(rerun.stdout)["skipped"] == report["stored"]
    with Store.open(url) as store:
        assert store.stats()["articles"] == 33


def test_a_reprint_is_linked_without_coding(store, pipeline, tmp_path):
    from dragoman.store.ingest import ingest_paths

    seed = json.loads(CORPUS.read_text(encoding="utf-8").splitlines()[0])
    reprint = {**seed, "id": "reprint-of-seed", "source": "Another Outlet", "title": "Putin in Dushanbe",
               "text": "Reprinted from our partners. " + seed["text"].rsplit("\n", 1)[0]}
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps(seed) + "\n", encoding="utf-8")
    ingest_paths([path], store, pipeline=pipeline, progress=False)
    path.write_text(json.dumps(reprint) + "\n", encoding="utf-8")
    report = ingest_paths([path], store, pipeline=pipeline, progress=False)
    assert (report.merged, report.stored, report.events) == (1, 0, 0)
    events = store.events(actor="RUS", recipient="TJK", event_type="CONSULT")
    assert events and all(e["num_sources"] == 2 and e["num_articles"] == 2 for e in events)
