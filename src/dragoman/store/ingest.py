"""From files to the store: reader -> pipeline -> store, in batches of one transaction each.

Articles already stored unchanged are skipped before the pipeline sees them, and near-copies of stored
articles are only linked, so a rerun after a crash or a kill resumes where the last committed batch ended.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dragoman.records import Article, ArticleResult, InputError
from dragoman.store.core import CODE, COPY, REFUSE, SKIP, Store
from dragoman.store.write import FAILED, MERGED, PENDING, REPLACED, SKIPPED, STORED, BatchReport

JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass
class IngestReport:
    stored: int = 0  # new articles coded and stored
    replaced: int = 0  # changed articles whose records were replaced
    skipped: int = 0  # already stored, unchanged
    merged: int = 0  # near-duplicates (wire copies) linked to a stored article, not coded again
    pending: int = 0  # stored uncoded (rare: a copy whose original vanished meanwhile)
    failed: int = 0
    events: int = 0  # event mentions stored
    events_merged: int = 0  # ... that joined an existing event instead of making a new one
    events_created: int = 0  # new real-world events
    batches: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    parallel: Any = None  # dragoman.scale.parallel.RunStats: where the parsing ran, peak memory per worker

    @property
    def articles(self) -> int:
        return self.stored + self.replaced + self.skipped + self.merged + self.pending + self.failed

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def add(self, batch: BatchReport) -> None:
        self.batches += 1
        for outcome in batch.outcomes:
            if outcome.status == STORED:
                self.stored += 1
            elif outcome.status == REPLACED:
                self.replaced += 1
            elif outcome.status == SKIPPED:
                self.skipped += 1
            elif outcome.status == MERGED:
                self.merged += 1
            elif outcome.status == PENDING:
                self.pending += 1
            elif outcome.status == FAILED:
                self.failed += 1
                self.failures.append((outcome.origin, outcome.reason or ""))
            self.events += outcome.events
            self.events_merged += outcome.merged
        self.events_created += batch.events_created

    def as_dict(self) -> dict[str, Any]:
        return {"stored": self.stored, "replaced": self.replaced, "skipped": self.skipped, "merged": self.merged,
                "pending": self.pending, "failed": self.failed, "events": self.events,
                "events_merged": self.events_merged, "events_created": self.events_created,
                "batches": self.batches, "seconds": round(self.seconds, 3),
                "articles_per_second": round(self.articles_per_second, 2),
                "events_per_second": round(self.events_per_second, 2),
                "failures": [{"origin": o, "reason": r} for o, r in self.failures],
                **({"parallel": self.parallel.as_dict()} if self.parallel is not None else {})}

    def summary(self) -> str:
        lines = [f"{self.stored} stored, {self.replaced} replaced, {self.skipped} skipped (unchanged), "
                 f"{self.merged} merged (near-duplicates), {self.failed} failed"
                 + (f", {self.pending} pending" if self.pending else ""),
                 f"{self.events} event records: {self.events_created} new events, {self.events_merged} merged into "
                 f"events already known",
                 f"{self.seconds:.1f} s, {self.articles_per_second:.1f} articles/s, "
                 f"{self.events_per_second:.1f} events/s"]
        if self.parallel is not None and self.parallel.mode != "in-process":
            lines.append(self.parallel.summary())
        lines += [f"failed: {origin}: {reason}" for origin, reason in self.failures]
        return "\n".join(lines)


def estimate_total(paths: Sequence[str | os.PathLike[str]]) -> int | None:
    """Roughly how many records the inputs hold (lines of JSON Lines files, one per other file), for the ETA."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                continue
            if file.suffix.lower() in JSONL_SUFFIXES:
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total or None


class Progress:
    """A one-line progress bar on a terminal: done/total, articles/s, ETA, and the running counts."""

    def __init__(self, total: int | None, stream: IO[str] | None = None, enabled: bool = True,
                 interval: float = 0.2) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, report: IngestReport, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last < self.interval):
            return
        self.last = now
        done = report.articles
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        if self.total:
            total = max(self.total, done)
            width = 24
            filled = int(width * done / total)
            eta = (total - done) / rate if rate > 0 else 0
            head = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            tail = f" ETA {_duration(eta)}"
        else:
            head, tail = f"{done} articles", ""
        self.stream.write(f"\r{head}  {rate:.1f} articles/s{tail}  (stored {report.stored + report.replaced}, "
                          f"skipped {report.skipped}, merged {report.merged}, failed {report.failed})\x1b[K")
        self.stream.flush()

    def close(self, report: IngestReport) -> None:
        if self.enabled:
            self.update(report, force=True)
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def ingest_paths(paths: Sequence[str | os.PathLike[str]], store: Store, options: Any = None,
                 progress: bool = True, batch_size: int | None = None, pipeline: Any = None,
                 stream: IO[str] | None = None, report: IngestReport | None = None, workers: int = 1,
                 dask: str | None = None, dask_read: str = "workers") -> IngestReport:
    """Read the inputs, code what is new or changed, and store it batch by batch.

    ``options`` is a dragoman.options.Options; ``pipeline`` an already loaded dragoman.pipeline.Pipeline
    (made from ``options`` when not given). ``progress`` shows a bar when the stream is a terminal. Counts go
    into ``report`` (a new one when not given) as batches commit, so a caller that catches an interruption
    still knows what was stored.

    ``workers`` > 1 parses in that many worker processes; ``dask`` (a scheduler address, or "local") on a
    Dask cluster, whose workers read the input files themselves unless ``dask_read`` is "client"
    (docs/scale.md). This process stays the one writer either way: results come back in input order and
    each batch is one transaction, so a parallel ingest is as resumable as a serial one.
    """
    from dragoman.options import Options
    from dragoman.scale.runner import open_runner
    from dragoman.io.readers import read_inputs

    options = options or Options()
    stream = stream or sys.stderr
    show = progress and hasattr(stream, "isatty") and stream.isatty()
    report = report if report is not None else IngestReport()
    copies: list[Article] = []

    def to_code() -> Iterator[Article | InputError]:
        for record in read_inputs([str(p) for p in paths], options):
            if isinstance(record, InputError):
                yield record
                continue
            decision = store.classify(record)
            if decision == SKIP:
                report.skipped += 1
                bar.update(report)
            elif decision in (COPY, REFUSE):  # written uncoded: linked as a copy, or refused
                copies.append(record)
            else:
                assert decision == CODE
                yield record

    def keep(entries: list[Any]) -> list[bool]:
        """Read by Dask workers: skip what is stored unchanged (near-copies are found when written)."""
        unchanged = _stored_unchanged(store, entries)
        report.skipped += sum(unchanged)
        bar.update(report)
        return [not u for u in unchanged]

    runner = open_runner(options, workers, dask, dask_read=dask_read, pipeline=pipeline)
    report.parallel = runner.stats
    with runner:
        runner.start()
        bar = Progress(estimate_total(paths) if show else None, stream, enabled=show)  # timed from here: models loaded
        started = time.monotonic()
        size = batch_size or store.config.batch_size
        batch: list[ArticleResult | Article | InputError] = []
        if dask and dask_read == "workers":
            results = runner.process_inputs([str(p) for p in paths], keep=keep)
        else:
            results = runner.process(to_code())
        try:
            for item in results:
                batch.append(item)
                if len(batch) + len(copies) >= size:
                    _flush(store, batch, copies, report, bar)
            while copies or batch:
                _flush(store, batch, copies, report, bar)
        finally:
            report.seconds = time.monotonic() - started
            bar.close(report)
    return report


def _stored_unchanged(store: Store, entries: list[Any]) -> list[bool]:
    """Which of these (id, content digest) entries are stored unchanged: the SKIP rule of Store.classify,
    for articles whose text stayed with the Dask worker that read it, asked in bulk."""
    from sqlalchemy import select

    from dragoman.store import nul
    from dragoman.store import schema as t
    from dragoman.store.write import PENDING

    a = t.articles
    stored: dict[str, tuple[str, str]] = {}
    same: set[str] = set()
    entries = [dataclasses.replace(e, id=nul.strip(e.id)) for e in entries]  # ids as stored
    with store.engine.connect() as conn:
        ids = sorted({e.id for e in entries})
        for i in range(0, len(ids), 500):
            for doc_id, digest, status in conn.execute(select(a.c.doc_id, a.c.content_hash, a.c.status)
                                                       .where(a.c.doc_id.in_(ids[i:i + 500]))):
                stored[doc_id] = (digest, status)
        digests = sorted({e.digest for e in entries if e.id not in stored})
        for i in range(0, len(digests), 500):
            same.update(conn.execute(select(a.c.content_hash).where(a.c.content_hash.in_(digests[i:i + 500]),
                                                                    a.c.status != PENDING)).scalars())
    return [(stored[e.id][0] == e.digest and stored[e.id][1] != PENDING) if e.id in stored else e.digest in same
            for e in entries]


def _flush(store: Store, batch: list, copies: list[Article], report: IngestReport, bar: Progress) -> None:
    items = batch + copies
    batch.clear()
    copies.clear()
    if items:
        with _interrupt_after():
            report.add(store.ingest(items))
        bar.update(report)


@contextlib.contextmanager
def _interrupt_after() -> Iterator[None]:
    """Hold a Ctrl-C until the block is done, so a batch is counted exactly when it is committed.

    (The commit is atomic either way; this keeps the report true.) Only the main thread can do this.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    if caught:
        raise KeyboardInterrupt


__all__ = ["IngestReport", "Progress", "ingest_paths", "estimate_total"]
