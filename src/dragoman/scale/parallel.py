"""Parsing in parallel on one machine: worker processes, each with its own Pipeline, and one consumer.

``dragoman.scale.runner.open_runner(options, workers=N, dask=None)`` gives a runner with the Pipeline's interface
(``process(items)``: ``ArticleResult | InputError`` in input order) and ``process_inputs(paths)`` (read, then
process). ``workers=1`` runs the Pipeline in this process, with no subprocess; ``workers=N`` runs a pool of N
processes (``ProcessRunner``); ``dask=URL`` or ``"local"`` runs on a Dask cluster (``dragoman.scale.cluster``).

How the pool works (docs/scale.md):

* each worker builds its own ``Pipeline(options)`` once, in the pool initializer; spaCy Docs never leave it;
  only plain, picklable records (ArticleResult, InputError) come back;
* articles go out in batches of ``options.batch_size``; at most ``window`` batches are in flight
  (backpressure: the reader is not drained ahead of the workers, so memory stays bounded) and results come
  back to the one consumer (the writer) in input order;
* each batch runs inside ``nlp.memory_zone()``, so the strings of the articles it parsed do not pile up in
  the worker's vocabulary; every worker samples its own resident memory (psutil) and the peak per worker is
  reported;
* a batch whose worker raised is split and its articles run one by one, so only the article at fault becomes
  an InputError; a worker that dies (killed, out of memory, a crash in native code) breaks the pool: a new one
  is started and the batches that were in flight run one article at a time, alone, so the article that kills
  a worker is found and reported while the others are coded;
* workers ignore Ctrl-C (the consumer handles it and stops them) and exit when the consumer dies.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from dragoman.options import Options
from dragoman.records import Article, ArticleResult, InputError
from dragoman.scale.timeouts import set_memory_ceiling

Item = Article | InputError
Result = ArticleResult | InputError
MB = 1024 * 1024


class Processor(Protocol):
    """What a worker runs: the Pipeline's ``process``."""

    def process(self, items: Iterable[Item]) -> Iterator[Result]: ...


Factory = Callable[[Options], Processor]


def build_pipeline(options: Options) -> Processor:
    """The default factory: a Pipeline (model and knowledge loaded once per process)."""
    from dragoman.pipeline import Pipeline

    return Pipeline(options)


WORKER_MEMORY = 1 << 30  # a parsing worker with the md model peaks near 700 MB (docs/scale.md); room to spare
CGROUP_CPU_MAX = "/sys/fs/cgroup/cpu.max"


def usable_cores(cpu_max: str = CGROUP_CPU_MAX) -> int:
    """The cores this process may run on: its CPU affinity, and a container's CPU quota (cgroup v2) if lower."""
    try:
        cores = max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        cores = max(1, os.cpu_count() or 1)
    try:
        with open(cpu_max, encoding="ascii") as f:
            quota, period = f.read().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):  # no cgroup v2 here, or a format we do not know: the affinity stands
        pass
    return cores


def default_workers(cpu_max: str = CGROUP_CPU_MAX, available: int | None = None) -> int:
    """One worker per usable core, but no more than the memory now available holds (a worker per GiB)."""
    if available is None:
        import psutil

        available = psutil.virtual_memory().available
    return max(1, min(usable_cores(cpu_max), available // WORKER_MEMORY))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The scale-out options of ``extract`` and ``ingest``."""
    parser.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help="parsing processes (default: one per usable core, at most one per GiB of free "
                             "memory; 1: no subprocess); with --dask local, the number of Dask workers")
    parser.add_argument("--dask", metavar="URL|local", default=None,
                        help="parse on a Dask cluster: tcp://SCHEDULER:8786, or local for a LocalCluster")
    parser.add_argument("--dask-read", choices=("workers", "client"), default="workers",
                        help="with --dask: input files are read by the workers (default; they must see the same "
                             "paths) or read here and shipped to them")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# -- what workers report -------------------------------------------------------------------------------


@dataclass
class BatchOutput:
    """What a worker sends back for one batch: plain records only, and how the worker is doing."""

    results: list[Result]
    worker: str  # "pid 1234", or a Dask worker's address
    rss: int  # resident memory after the batch, bytes
    peak: int  # highest resident memory sampled so far, bytes
    seconds: float  # time spent on the batch


@dataclass
class RunStats:
    """How a run went: where it ran and the peak resident memory of each worker."""

    mode: str  # in-process | processes | dask
    workers: int
    peak_rss: dict[str, int] = field(default_factory=dict)  # worker -> bytes
    batches_by_worker: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    busy_seconds: float = 0.0  # summed over workers
    split_batches: int = 0  # batches whose worker failed, re-run one article at a time
    restarts: int = 0  # pools started again after a worker died

    def record(self, out: BatchOutput) -> None:
        self.batches += 1
        self.batches_by_worker[out.worker] = self.batches_by_worker.get(out.worker, 0) + 1
        self.busy_seconds += out.seconds
        self.peak_rss[out.worker] = max(self.peak_rss.get(out.worker, 0), out.peak, out.rss)

    def peak_mb(self) -> list[float]:
        return [round(v / MB, 1) for _, v in sorted(self.peak_rss.items())]

    def as_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "workers": self.workers, "worker_peak_rss_mb": self.peak_mb(),
                "batches": self.batches, "split_batches": self.split_batches, "restarts": self.restarts}

    def summary(self) -> str:
        where = {"in-process": "in this process", "processes": f"{self.workers} worker processes",
                 "dask": f"{self.workers} Dask workers"}.get(self.mode, self.mode)
        if not self.peak_rss:
            return f"parsed {where}: nothing to parse"
        memory = ", ".join(f"{v:.0f}" for v in self.peak_mb())
        extra = ""
        if self.split_batches or self.restarts:
            extra = f"; {self.split_batches} failed batches re-run article by article, {self.restarts} pool restarts"
        return f"parsed {where}; peak memory per worker {memory} MB{extra}"


class MemoryMonitor(threading.Thread):
    """Samples this process's resident memory (psutil) every ``interval`` s and keeps the peak; optionally
    ends the process when its parent is gone (a pool worker whose consumer was killed)."""

    def __init__(self, interval: float = 0.1, parent_pid: int | None = None) -> None:
        super().__init__(name="dragoman-memory", daemon=True)
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.parent_pid = parent_pid
        self.peak = self.rss()
        self._stopped = threading.Event()

    def rss(self) -> int:
        return self.process.memory_info().rss

    def sample(self) -> int:
        now = self.rss()
        self.peak = max(self.peak, now)
        return now

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        ticks = 0
        while not self._stopped.wait(self.interval):
            self.sample()
            ticks += 1
            if self.parent_pid is not None and ticks % 5 == 0 and os.getppid() != self.parent_pid:
                os._exit(70)  # orphaned: the consumer is gone, nobody will read what we parse


def run_batch(processor: Processor, items: Sequence[Item], monitor: MemoryMonitor, worker: str,
              memory_zone: bool = True) -> BatchOutput:
    """Process one batch in a worker. Inside spaCy's memory zone the strings of these articles are freed
    afterwards; the results are plain records, so nothing refers to them."""
    started = time.perf_counter()
    nlp = getattr(processor, "nlp", None)
    zone = nlp.memory_zone() if memory_zone and hasattr(nlp, "memory_zone") else nullcontext()
    with zone:
        results = list(processor.process(items))
    rss = monitor.sample()
    return BatchOutput(results, worker, rss, monitor.peak, time.perf_counter() - started)


# -- in order, with a bounded number of batches in flight ------------------------------------------------


@dataclass
class Ready:
    """Results already known (input errors): they take their place in the output order."""

    results: list[Result]


@dataclass
class Work:
    """A batch to send to a worker: ``payload`` is what the backend submits; ``refs`` the (origin, id) of each
    of its articles, in order, for reporting a failure."""

    payload: Any
    refs: list[tuple[str, str | None]]


class _Slot:
    """One place in the output order: a batch's results, or (once split) its articles' slots."""

    __slots__ = ("results", "children")

    def __init__(self, results: list[Result] | None = None) -> None:
        self.results = results
        self.children: list[_Slot] | None = None

    def ready(self) -> bool:
        if self.results is not None:
            return True
        return self.children is not None and all(child.ready() for child in self.children)

    def flatten(self) -> Iterator[Result]:
        if self.results is not None:
            yield from self.results
        else:
            for child in self.children or ():
                yield from child.flatten()


@dataclass
class _Job:
    work: Work
    slot: _Slot
    solo: bool = False  # run alone (a suspect after a worker died)
    generation: int = 0  # of the pool it was submitted to


class Backend(Protocol):
    """Where batches run: a process pool or a Dask cluster."""

    def submit(self, payload: Any) -> Any: ...  # a future

    def wait_any(self) -> Any: ...  # the next future that is done

    def split(self, work: Work) -> list[Ready | Work]: ...  # one Work per article, input errors Ready, in order

    def crashed(self, exc: BaseException) -> bool: ...  # a worker died (the pool must start again)

    def recover(self, generation: int) -> None: ...

    generation: int


def run_ordered(work: Iterator[Ready | Work], backend: Backend, window: int, stats: RunStats,
                raise_errors: bool = False, max_crashes: int = 3) -> Iterator[Result]:
    """Run the batches of ``work`` on ``backend``, at most ``window`` at a time, and yield their results in
    the order of ``work``. Only the consumer's thread runs this; the backend's workers do the parsing."""
    order: deque[_Slot] = deque()
    running: dict[Any, _Job] = {}
    quarantine: deque[_Job] = deque()
    exhausted = False
    crashes_in_a_row = 0

    def submit(job: _Job) -> None:
        job.generation = backend.generation
        running[backend.submit(job.work.payload)] = job

    while True:
        while quarantine and not running:
            submit(quarantine.popleft())
        while not quarantine and not exhausted and len(running) < window and not any(
                j.solo for j in running.values()):
            item = next(work, None)
            if item is None:
                exhausted = True
                break
            if isinstance(item, Ready):
                order.append(_Slot(list(item.results)))
            else:
                slot = _Slot()
                order.append(slot)
                submit(_Job(item, slot))
            while order and order[0].ready():
                yield from order.popleft().flatten()
        while order and order[0].ready():
            yield from order.popleft().flatten()
        if not running:
            if quarantine or not exhausted:
                continue
            return
        future = backend.wait_any()
        job = running.pop(future)
        try:
            out: BatchOutput = future.result()
        except Exception as exc:  # noqa: BLE001 - the worker failed on this batch; find the article at fault
            if raise_errors:
                raise
            crashed = backend.crashed(exc)
            if crashed and job.generation == backend.generation:  # the first news of this pool's death
                crashes_in_a_row += 1
                if crashes_in_a_row > max_crashes:
                    raise RuntimeError(f"worker processes keep dying ({type(exc).__name__}: {exc}); "
                                       "is the model installed and is there enough memory?") from exc
                backend.recover(job.generation)
                stats.restarts += 1
            parts = backend.split(job.work)  # one Work per article, input errors as Ready, in order
            if len(job.work.refs) == 1 and (job.solo or not crashed):  # this article is the one at fault
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                reason = f"worker failed: {type(exc).__name__}" + (f": {first}" if first else "")
                job.slot.results = [r for part in parts for r in (
                    part.results if isinstance(part, Ready) else
                    [InputError(part.refs[0][0], reason, part.refs[0][1])])]
            else:
                stats.split_batches += 1
                job.slot.children = []
                for part in parts:
                    if isinstance(part, Ready):
                        job.slot.children.append(_Slot(list(part.results)))
                        continue
                    child = _Job(part, _Slot(), solo=crashed)
                    job.slot.children.append(child.slot)
                    if crashed:
                        quarantine.append(child)
                    else:
                        submit(child)
        else:
            crashes_in_a_row = 0
            stats.record(out)
            job.slot.results = out.results
        del future


def batches_of(items: Iterable[Item], size: int) -> Iterator[Ready | Work]:
    """Batches of up to ``size`` items (articles and the input errors between them, kept in place)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        refs = [(a.origin or a.id, a.id) for a in batch if isinstance(a, Article)]
        if not refs:
            yield Ready(batch)
        else:
            yield Work(batch, refs)


def split_records(items: list[Item]) -> list[Ready | Work]:
    """A batch of records as one Work per article, its input errors Ready, in order."""
    return [Ready([item]) if isinstance(item, InputError) else Work([item], [(item.origin or item.id, item.id)])
            for item in items]


# -- runners ---------------------------------------------------------------------------------------------


class InProcessRunner:
    """``workers=1``: the Pipeline in this process, exactly as before (no subprocess, no pickling)."""

    mode = "in-process"

    def __init__(self, options: Options, pipeline: Any = None, factory: Factory | None = None) -> None:
        self.options = options
        self.pipeline = pipeline
        self.factory = factory or build_pipeline
        self.stats = RunStats(self.mode, 1)
        self.monitor: MemoryMonitor | None = None

    def start(self) -> InProcessRunner:
        if self.pipeline is None:
            self.pipeline = self.factory(self.options)
        if self.monitor is None:
            self.monitor = MemoryMonitor(interval=0.5)
            self.monitor.start()
        return self

    def process(self, items: Iterable[Item]) -> Iterator[Result]:
        self.start()
        monitor = self.monitor
        yield from self.pipeline.process(items)
        self.stats.peak_rss["pid %d" % os.getpid()] = max(monitor.peak, monitor.sample())

    def process_inputs(self, paths: Sequence[str], stdin: BinaryIO | None = None) -> Iterator[Result]:
        from dragoman.io.readers import read_inputs

        return self.process(read_inputs(paths, self.options, stdin=stdin))

    def close(self) -> None:
        if self.monitor is not None:
            self.monitor.stop()
            self.monitor = None

    def __enter__(self) -> InProcessRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_WORKER: tuple[Processor, MemoryMonitor, bool] | None = None


def _worker_init(options: Options, factory: Factory, parent_pid: int, memory_zone: bool) -> None:
    """Pool initializer: runs once per worker process."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the consumer's to handle
    set_memory_ceiling(options.max_worker_memory_mb)  # an article over it fails alone, with MemoryError
    monitor = MemoryMonitor(parent_pid=parent_pid)
    monitor.start()
    _WORKER = (factory(options), monitor, memory_zone)


def _worker_batch(items: list[Item]) -> BatchOutput:
    assert _WORKER is not None, "worker not initialised"
    processor, monitor, memory_zone = _WORKER
    return run_batch(processor, items, monitor, f"pid {os.getpid()}", memory_zone)


def _worker_ping(delay: float) -> int:
    time.sleep(delay)
    return os.getpid()


class ProcessRunner:
    """A pool of ``workers`` processes, each with its own Pipeline; results in input order to one consumer.

    ``window`` batches at most are in flight (default 2 per worker). ``factory`` builds what each worker runs
    (default: a Pipeline); it must be importable by name, since workers are started fresh ("spawn").
    An input that fits in one batch is processed here, in this process, without starting workers.
    """

    mode = "processes"

    def __init__(self, options: Options, workers: int, *, factory: Factory | None = None, window: int | None = None,
                 start_method: str = "spawn", memory_zone: bool = True, small_input_here: bool = True) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.options = options
        self.workers = workers
        self.factory = factory or build_pipeline
        self.window = window or 2 * workers
        self.start_method = start_method
        self.memory_zone = memory_zone
        self.small_input_here = small_input_here
        self.stats = RunStats(self.mode, workers)
        self.generation = 0
        self._executor: cf.ProcessPoolExecutor | None = None
        self._pending: set[cf.Future] = set()
        self._local: InProcessRunner | None = None

    # the Backend protocol ---------------------------------------------------------------------------

    def _pool(self) -> cf.ProcessPoolExecutor:
        if self._executor is None:
            self.stats.mode = self.mode
            self._executor = cf.ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context(self.start_method),
                initializer=_worker_init, initargs=(self.options, self.factory, os.getpid(), self.memory_zone))
        return self._executor

    def submit(self, payload: list[Item]) -> cf.Future:
        """The batch's future. A pool that a worker's death broke after the consumer last looked refuses new work;
        the batch then gets a future failed as the pool's other batches failed, so the consumer handles it as it
        handles the death (a new pool, the batch re-run article by article)."""
        try:
            future = self._pool().submit(_worker_batch, payload)
        except cf.process.BrokenProcessPool as exc:
            future = cf.Future()
            future.set_exception(exc)
        self._pending.add(future)
        return future

    def wait_any(self) -> cf.Future:
        done, _ = cf.wait(self._pending, return_when=cf.FIRST_COMPLETED)
        future = next(iter(done))
        self._pending.discard(future)
        return future

    def split(self, work: Work) -> list[Ready | Work]:
        return split_records(work.payload)

    def crashed(self, exc: BaseException) -> bool:
        return isinstance(exc, cf.process.BrokenProcessPool)

    def recover(self, generation: int) -> None:
        """A worker died and took the pool with it: the next submit starts a new pool. (The old pool's futures
        have all failed; they stay pending here until the consumer has collected them.)"""
        if generation != self.generation:
            return
        pending = set(self._pending)
        self._stop(terminate=True)
        self._pending = pending
        self.generation += 1

    # the runner ---------------------------------------------------------------------------------------

    def start(self) -> ProcessRunner:
        """Start every worker and wait until each has loaded its model (the pool otherwise starts lazily)."""
        seen: set[int] = set()
        for _ in range(5):
            futures = [self._pool().submit(_worker_ping, 0.3) for _ in range(self.workers)]
            seen |= {f.result() for f in futures}
            if len(seen) >= self.workers:
                break
        return self

    def process(self, items: Iterable[Item]) -> Iterator[Result]:
        work = batches_of(items, self.options.batch_size)
        if self._executor is None and self.small_input_here:
            first = next(work, None)
            if first is None:
                return
            second = next(work, None)
            if second is None:  # one batch: not worth starting processes for
                if isinstance(first, Ready):
                    yield from first.results
                    return
                self._local = self._local or InProcessRunner(self.options, factory=self.factory)
                self.stats.mode = self._local.mode
                yield from self._local.process(first.payload)
                self.stats.peak_rss.update(self._local.stats.peak_rss)
                return
            work = itertools.chain([first, second], work)
        finished = False
        try:
            yield from run_ordered(work, self, self.window, self.stats, self.options.raise_errors)
            finished = True
        finally:
            if not finished:  # interrupted, failed or abandoned: do not leave workers parsing for nobody
                self._stop(terminate=True)

    def process_inputs(self, paths: Sequence[str], stdin: BinaryIO | None = None) -> Iterator[Result]:
        from dragoman.io.readers import read_inputs

        return self.process(read_inputs(paths, self.options, stdin=stdin))

    def _stop(self, terminate: bool) -> None:
        """Stop the workers: let them finish and exit, or (``terminate``, or work still running) kill them."""
        executor, self._executor = self._executor, None
        terminate = terminate or any(not f.done() for f in self._pending)
        self._pending.clear()
        if executor is None:
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())
        if terminate:
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
            for process in processes:
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()
        else:
            executor.shutdown(wait=True)

    def close(self, terminate: bool = False) -> None:
        self._stop(terminate=terminate)
        if self._local is not None:
            self._local.close()

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(terminate=exc_type is not None)


__all__ = ["BatchOutput", "InProcessRunner", "MemoryMonitor", "ProcessRunner", "Ready", "RunStats", "Work",
           "add_arguments", "batches_of", "build_pipeline", "default_workers", "run_batch",
           "run_ordered", "usable_cores"]
