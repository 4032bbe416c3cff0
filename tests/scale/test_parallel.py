"""The local process pool (dragoman.scale.parallel): same output as one process, in input order, failures isolated.

The pool's workers are real processes (spawned). Tests of the pool's own machinery use ``Echo``, a processor
without a model that fails on purpose; the workers import it from this module by name.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import psutil
import pytest

from dragoman.cli import main
from dragoman.options import Options
from dragoman.scale.parallel import InProcessRunner, ProcessRunner
from dragoman.scale.runner import open_runner
from dragoman.io.readers import read_inputs
from dragoman.records import Article, ArticleResult, InputError

pytestmark = pytest.mark.model

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"


class Echo:
    """A stand-in pipeline: one empty ArticleResult per article; raises on "raise", dies on "die"."""

    def process(self, items):
        for item in items:
            if isinstance(item, InputError):
                yield item
            elif item.id == "raise":
                raise RuntimeError("bad luck on this one")
            elif item.id == "die":
                os._exit(3)  # as a segfault or the OOM killer would
            else:
                yield ArticleResult(article=item)


def echo(options: Options) -> Echo:
    return Echo()


def articles(n: int, special: dict[int, str] | None = None) -> list[Article | InputError]:
    items: list[Article | InputError] = []
    for i in range(n):
        name = (special or {}).get(i)
        if name == "error":
            items.append(InputError(f"in.jsonl:{i + 1}", "not JSON"))
        else:
            items.append(Article(id=name or f"a{i}", text=f"Text {i}.", origin=f"in.jsonl:{i + 1}"))
    return items


def labels(results) -> list[str]:
    return [f"error {r.origin}" if isinstance(r, InputError) else r.article.id if isinstance(r, ArticleResult)
            else r.id for r in results]


def no_children(wait: float = 5.0) -> bool:
    """No worker process left (multiprocessing's resource tracker aside, which lives as long as we do)."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for child in psutil.Process().children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(child.cmdline()):
                    left.append(child)
            except psutil.NoSuchProcess:
                continue
        if not left or time.monotonic() > deadline:
            return not left
        time.sleep(0.1)


def test_two_workers_give_the_same_output_as_one_process(pipeline, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(CORPUS), "--workers", "2", "-o", str(out)]) == 0
    assert "2 worker processes; peak memory per worker" in capsys.readouterr().err
    expected = [r.to_json() for r in pipeline.process(read_inputs([str(CORPUS)], Options()))]
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == expected
    assert no_children()


def test_order_kept_and_input_errors_passed_through():
    items = articles(23, {0: "error", 5: "error", 6: "error", 22: "error"})
    with ProcessRunner(Options(batch_size=2), 2, factory=echo, window=3) as runner:
        results = list(runner.process(items))
        assert labels(results) == labels(items)
        assert runner.stats.batches == 11 and 1 <= len(runner.stats.peak_rss) <= 2
        assert all(peak > 10 * 2**20 for peak in runner.stats.peak_rss.values())
    assert no_children()


def test_a_worker_raising_on_one_article_fails_that_article_only():
    items = articles(12, {3: "error", 5: "error", 6: "raise"})  # the batch of "raise": a4, error, raise, a7
    with ProcessRunner(Options(batch_size=4), 2, factory=echo) as runner:
        results = list(runner.process(items))
    assert labels(results[:6]) == labels(items[:6]) and labels(results[7:]) == labels(items[7:])
    failed = results[6]
    assert isinstance(failed, InputError) and failed.article_id == "raise" and failed.origin == "in.jsonl:7"
    assert "RuntimeError: bad luck on this one" in failed.reason
    assert runner.stats.split_batches == 1 and runner.stats.restarts == 0


def test_a_worker_dying_on_one_article_is_replaced_and_the_article_reported():
    items = articles(20, {8: "error", 9: "die"})  # the batch of "die": error, die, a10, a11
    with ProcessRunner(Options(batch_size=4), 2, factory=echo) as runner:
        results = list(runner.process(items))
        assert runner.stats.restarts == 2  # the first death, then the culprit found running alone
    assert labels(results[:9]) == labels(items[:9]) and labels(results[10:]) == labels(items[10:])
    assert isinstance(results[9], InputError) and results[9].article_id == "die"
    assert "worker failed: BrokenProcessPool" in results[9].reason
    assert no_children()


def test_a_batch_submitted_after_a_death_broke_the_pool_fails_as_the_death_did():
    """The race behind a flaky run: a worker died, the pool was marked broken, and the consumer's next submit
    raised BrokenProcessPool out of the run. Here the death is certain before the submit."""
    import concurrent.futures as cf

    with ProcessRunner(Options(batch_size=1), 2, factory=echo) as runner:
        died = runner.submit(articles(1, {0: "die"}))
        cf.wait([died])  # the executor marks itself broken before it fails its futures
        late = runner.submit(articles(1))
        assert isinstance(late.exception(timeout=5), cf.process.BrokenProcessPool)
        assert runner.crashed(late.exception())
        assert {runner.wait_any(), runner.wait_any()} == {died, late}  # the consumer collects both
        runner.recover(runner.generation)
        assert labels(runner.process(articles(3))) == ["a0", "a1", "a2"]  # a new pool takes the next batches
    assert no_children()


def test_an_article_over_the_worker_memory_ceiling_fails_alone_and_the_worker_lives_on():
    """Issue 11 item 2: nothing bounded a worker's memory (8.96 GB on one input). Under the ceiling (RLIMIT_DATA)
    the allocation fails in the article that needs it; the pool is not broken and the other articles are coded."""
    big = "The minister said the talks in Geneva would continue next week after both sides agreed on a plan. " * 2000
    items = [Article(id="a", text="Chile thanked Peru for its help.", origin="in.jsonl:1"),
             Article(id="big", text=big, origin="in.jsonl:2"),
             Article(id="b", text="Norway criticized Sweden.", origin="in.jsonl:3")]
    with ProcessRunner(Options(batch_size=1, max_worker_memory_mb=900), 2) as runner:
        results = list(runner.process(items))
    assert [type(r).__name__ for r in results] == ["ArticleResult", "InputError", "ArticleResult"]
    assert results[1] == InputError("in.jsonl:2", "parsing failed: MemoryError: over this worker's memory ceiling "
                                                  "of 900 MB (Options.max_worker_memory_mb)", "big")
    assert results[0].events and results[2].events
    assert runner.stats.restarts == 0 and max(runner.stats.peak_mb()) < 1100
    assert no_children()


def test_workers_are_stopped_when_the_consumer_stops_early():
    runner = ProcessRunner(Options(batch_size=2), 2, factory=echo)
    stream = runner.process(articles(40))
    assert next(stream).article.id == "a0"
    stream.close()  # as an exception or Ctrl-C in the writer would
    runner.close()
    assert no_children()


def test_one_worker_runs_in_this_process():
    runner = open_runner(Options(), 1, factory=echo)
    assert isinstance(runner, InProcessRunner)
    with runner:
        assert labels(runner.process(articles(5, {2: "error"}))) == labels(articles(5, {2: "error"}))
        assert no_children()
    assert runner.stats.mode == "in-process"


def test_an_input_of_one_batch_starts_no_processes():
    with ProcessRunner(Options(batch_size=16), 2, factory=echo) as runner:
        assert labels(runner.process(articles(10))) == labels(articles(10))
        assert no_children() and runner.stats.mode == "in-process"


def test_default_workers_follow_cores_container_quota_and_free_memory(tmp_path):
    from dragoman.scale.parallel import WORKER_MEMORY, default_workers, usable_cores

    cores = usable_cores(str(tmp_path / "no-such-file"))
    assert cores == len(os.sched_getaffinity(0))
    quota = tmp_path / "cpu.max"
    quota.write_text("max 100000\n")
    assert usable_cores(str(quota)) == cores
    quota.write_text("50000 100000\n")  # half a core: still one worker
    assert usable_cores(str(quota)) == 1
    quota.write_text(f"{100000 * cores + 1} 100000\n")  # a quota above the affinity does not add cores
    assert usable_cores(str(quota)) == cores
    quota.write_text("garbage\n")
    assert usable_cores(str(quota)) == cores
    plenty = 64 * WORKER_MEMORY
    assert default_workers(str(tmp_path / "none"), available=plenty) == cores
    assert default_workers(str(tmp_path / "none"), available=WORKER_MEMORY // 2) == 1
    if cores > 1:
        assert default_workers(str(tmp_path / "none"), available=WORKER_MEMORY) == 1
