"""Killing a writer at any moment loses no committed batch and leaves no half-written article."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from dragoman.store import Store
from dragoman.store import schema as t

from .crash_writer import ARTICLES, corpus

WRITER = Path(__file__).with_name("crash_writer.py")


def snapshot(store: Store) -> dict:
    """Everything that should be the same after a clean run and a killed-then-resumed one (ids aside)."""
    with store.engine.connect() as conn:
        articles = sorted(conn.execute(select(t.articles.c.doc_id, t.articles.c.status)).all())
        mentions = dict(conn.execute(select(t.articles.c.doc_id, func.count(t.mentions.c.id))
                                     .select_from(t.articles.outerjoin(t.mentions))
                                     .group_by(t.articles.c.doc_id)).all())
    events = sorted((e["event"], e["actor_code"], e["recipient_code"], e["date"], e["num_sources"],
                     e["num_articles"], e["num_mentions"]) for e in store.events())
    return {"articles": articles, "mentions": mentions, "events": events}


def run_writer(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(WRITER), url], capture_output=True, text=True, timeout=300)


def test_sigkill_mid_ingest_then_resume(store_url, tmp_path, backend):
    child = subprocess.Popen([sys.executable, str(WRITER), store_url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    committed = 0
    deadline = time.monotonic() + 120
    while committed < 3 and time.monotonic() < deadline:  # let a few batches commit, then kill mid-batch
        line = child.stdout.readline()
        if not line:
            break
        committed += line.startswith("committed")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert committed >= 3, child.stderr.read()

    with Store.open(store_url) as store:
        partial = snapshot(store)
    stored = len(partial["articles"])
    assert 3 * 5 <= stored < ARTICLES and stored % 5 == 0  # whole batches only
    expected_mentions = {r.article.id: len(r.events) for r in corpus()}
    assert all(n == expected_mentions[doc] for doc, n in partial["mentions"].items())  # no half article

    resumed = run_writer(store_url)
    assert resumed.returncode == 0, resumed.stderr
    stored_again = sum(int(line.split()[2]) for line in resumed.stdout.splitlines())
    assert stored_again == ARTICLES - stored  # the committed ones were skipped

    clean_url = (f"sqlite:///{tmp_path / 'clean.db'}")
    assert run_writer(clean_url).returncode == 0
    with Store.open(store_url) as store, Store.open(clean_url) as clean:
        after, reference = snapshot(store), snapshot(clean)
    assert after == reference
    assert len(after["articles"]) == ARTICLES
    assert any(e[4] > 1 for e in after["events"])  # the corpus does merge across articles
