"""Ingest on a real Dask cluster (a LocalCluster of 2 worker processes) stores what a local ingest stores."""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from dragoman.options import Options
from dragoman.records import ArticleResult, InputError
from dragoman.store import Store
from dragoman.store import schema as t
from dragoman.store.ingest import ingest_paths

pytestmark = pytest.mark.model

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"


class Picky:
    """A stand-in pipeline without a model: an empty result per article, and an error on "boom"."""

    def process(self, items):
        for item in items:
            if isinstance(item, InputError):
                yield item
            elif item.id == "boom":
                raise ValueError("cannot code this one")
            elif item.id == "crash-once" and not Path(item.text).exists():
                Path(item.text).touch()
                os._exit(9)  # the worker process dies (its nanny starts a new one)
            else:
                yield ArticleResult(article=item)


def picky(options: Options) -> Picky:
    return Picky()


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    local = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                     silence_logs=logging.ERROR)
    try:
        yield local
    finally:
        local.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The sample corpus, a reprint of its first article, and bad records, in a folder the workers read."""
    folder = tmp_path_factory.mktemp("in")
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    (folder / "a_corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    seed = json.loads(lines[0])
    reprint = {**seed, "id": "reprint", "source": "Another Outlet",
               "text": "Reprinted from our partners. " + seed["text"].rsplit("\n", 1)[0]}
    (folder / "b_more.jsonl").write_text(
        json.dumps(reprint) + "\nnot json at all\n" + json.dumps({"id": "no-text", "title": "t"}) + "\n"
        + json.dumps({"id": "wn-001", "text": "A second record with a used id."}) + "\n", encoding="utf-8")
    (folder / "c_note.txt").write_text("Leaders meet\nThe Kenyan president visited Kampala on Monday.\n",
                                       encoding="utf-8")
    (folder / "d").mkdir()  # a file of the same name in a subfolder is its own article, "d/c_note", there too
    (folder / "d" / "c_note.txt").write_text("Talks\nThe Ugandan president visited Nairobi on Friday.\n",
                                             encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory, pipeline):
    """What a local (one process) ingest of the inputs stores, and its report."""
    with Store.open(f"sqlite:///{tmp_path_factory.mktemp('local') / 'local.db'}") as store:
        report = ingest_paths([inputs], store, pipeline=pipeline, progress=False)
        return snapshot(store), report


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty store: a SQLite file, or a fresh schema on $DRAGOMAN_TEST_PG_URL (skipped when unset)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dask.db'}"
    return request.getfixturevalue("fresh_pg_url")


def snapshot(store: Store) -> dict:
    a = t.articles
    with store.engine.connect() as conn:
        articles = sorted(conn.execute(select(a.c.doc_id, a.c.content_hash, a.c.status, a.c.origin,
                                              a.c.duplicate_of.is_not(None))).all())
    events = sorted((e["event"], e["actor_code"] or "", e["recipient_code"] or "", e["date"] or "", e["num_sources"],
                     e["num_articles"], e["num_mentions"]) for e in store.events(include_uncertain=True, limit=None))
    actors = sorted((r["name"], r["kind"], r["code"] or "", r["articles"], r["mentions"])
                    for r in store.actors(limit=None))
    failures = sorted((f["origin"], f["reason"]) for f in store.failures())
    return {"articles": articles, "events": events, "actors": actors, "failures": failures}


def test_a_lost_workers_batch_is_rerun_by_dask(cluster, tmp_path):
    from dragoman.scale.cluster import DaskRunner
    from dragoman.records import Article

    items = [Article(id=f"a{i}", text="Text.", origin=f"x.jsonl:{i + 1}") for i in range(8)]
    items[5] = Article(id="crash-once", text=str(tmp_path / "crashed"), origin="x.jsonl:6")
    with DaskRunner(Options(batch_size=2), cluster.scheduler_address, factory=picky) as runner:
        results = list(runner.process(items))
        runner.client.wait_for_workers(2, timeout=60)  # the nanny's new worker, for the tests after this one
    assert (tmp_path / "crashed").exists()  # a worker did die
    assert [r.article.id for r in results] == [a.id for a in items]  # and its batch was done again elsewhere
    assert runner.stats.split_batches == 0


def test_cluster_ingest_stores_what_a_local_ingest_stores(cluster, inputs, local_run, store_url):
    expected, local = local_run
    with Store.open(store_url) as store:
        remote = ingest_paths([inputs], store, Options(), progress=False, dask=cluster.scheduler_address)
        assert snapshot(store) == expected
        again = ingest_paths([inputs], store, Options(), progress=False, dask=cluster.scheduler_address)
        assert snapshot(store) == expected
    assert (remote.stored, remote.merged, remote.failed, remote.events) == \
        (local.stored, local.merged, local.failed, local.events) == (35, 1, 3, local.events)
    assert remote.parallel.mode == "dask" and remote.parallel.workers == 2
    assert len(remote.parallel.peak_rss) == 2 and all(v > 100 * 2**20 for v in remote.parallel.peak_rss.values())
    assert again.skipped == 36 and again.stored == again.events == 0 and again.failed == 3
    assert {f for f, _ in expected["failures"]} == {f"{inputs}/b_more.jsonl:{n}" for n in (2, 3, 4)}
    assert {"c_note", "d/c_note"} <= {row[0] for row in expected["articles"]}


def test_a_failing_article_is_reported_and_the_rest_coded(cluster):
    from dragoman.scale.cluster import DaskRunner
    from dragoman.records import Article

    items = [Article(id=f"a{i}", text="Text.", origin=f"x.jsonl:{i + 1}") for i in range(9)]
    items[4] = Article(id="boom", text="Text.", origin="x.jsonl:5")
    with DaskRunner(Options(batch_size=4), cluster.scheduler_address, factory=picky) as runner:
        results = list(runner.process(items))
    assert [getattr(r, "article", r).id if not isinstance(r, InputError) else "failed" for r in results] == \
        ["a0", "a1", "a2", "a3", "failed", "a5", "a6", "a7", "a8"]
    assert results[4].origin == "x.jsonl:5" and "ValueError: cannot code this one" in results[4].reason
    assert runner.stats.split_batches == 1


def test_workers_get_back_glibc_s_adaptive_malloc_thresholds(cluster):
    """A nanny sets MALLOC_TRIM_THRESHOLD_ in its workers; the model loader must undo what it costs."""
    from distributed import Client

    from dragoman.scale.cluster import restore_malloc_thresholds

    with Client(cluster) as client:
        set_by_nanny = client.run(lambda: "MALLOC_TRIM_THRESHOLD_" in os.environ)
        restored = client.run(restore_malloc_thresholds)
    assert set(set_by_nanny.values()) == {True}
    assert set(restored.values()) == {True}
    assert restore_malloc_thresholds({}) is False  # a worker started without it keeps glibc's adaptation


def test_the_command_line_ingests_through_a_scheduler_address(cluster, inputs, local_run, tmp_path):
    """What a user types on a real cluster: `dragoman ingest PATH --dask tcp://...`, then the same command again."""
    import subprocess
    import sys

    expected, _ = local_run
    db = tmp_path / "cli.db"
    command = [sys.executable, "-m", "dragoman.cli", "ingest", str(inputs), "--db", str(db), "--json", "--no-progress",
               "--dask", cluster.scheduler_address]
    first = subprocess.run(command, capture_output=True, text=True, timeout=600)
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert first.returncode == 1 == again.returncode, first.stderr[-2000:]  # 1: some records failed (by design)
    report, rerun = json.loads(first.stdout), json.loads(again.stdout)
    assert report["parallel"]["mode"] == "dask" and report["stored"] == 35 and report["failed"] == 3
    assert rerun["stored"] == 0 and rerun["skipped"] == 36
    with Store.open(f"sqlite:///{db}") as store:
        assert snapshot(store) == expected


def test_work_units_follow_the_readers_order_and_leave_unlistable_folders_to_the_client(tmp_path, monkeypatch):
    from dragoman.scale.cluster import plan_units
    from dragoman.io.readers import read_inputs

    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.jsonl").write_text('{"id": "x", "text": "X."}\n', encoding="utf-8")
    (tmp_path / "b" / "y.txt").write_text("Y\nText.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A\nText.", encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "d.txt").write_text("D\nText.", encoding="utf-8")
    (tmp_path / ".e.txt").write_text("E\nText.", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # a folder that cannot be listed (chmod does not stop root)
        if os.fspath(path).endswith("/c"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    units = list(plan_units([str(tmp_path)], group=8))
    planned = [(u.kind, [f.shown for f in u.files] if u.files else u.path) for u in units]
    assert planned == [("workers", [f"{tmp_path}/a.txt"]), ("workers", [f"{tmp_path}/b/x.jsonl"]),
                       ("workers", [f"{tmp_path}/b/y.txt"]), ("client", f"{tmp_path}/c"),
                       ("workers", [f"{tmp_path}/d.txt"])]
    assert [f.id_stem for u in units for f in u.files or ()] == ["a", "b/x", "b/y", "d"]  # as the readers name them
    read = [getattr(r, "origin", None) for r in read_inputs([str(tmp_path)], Options())]
    assert read == [f"{tmp_path}/a.txt", f"{tmp_path}/b/x.jsonl:1", f"{tmp_path}/b/y.txt", f"{tmp_path}/c",
                    f"{tmp_path}/d.txt"]


def test_duplicate_ids_in_worker_indexes_read_as_in_a_local_run():
    """The client checks the workers' indexes with the readers' own check: same message, one line, across files."""
    from dragoman.scale.cluster import Entry
    from dragoman.io.readers import mark_duplicates

    seen: dict[str, str] = {}
    first = list(mark_duplicates([Entry("a\n0", "x.jsonl:1", None)], seen))
    later = list(mark_duplicates([InputError("y.jsonl:1", "not JSON"), Entry("a\n0", "y.jsonl:2", None)], seen))
    assert first == [Entry("a\n0", "x.jsonl:1", None)]
    assert later == [InputError("y.jsonl:1", "not JSON"),
                     InputError("y.jsonl:2", "duplicate id 'a\\n0', first seen at x.jsonl:1", "a\n0")]
