"""Parsing on a Dask distributed cluster: ``DaskRunner(options, "tcp://scheduler:8786")`` or ``"local"``.

The runner has the interface of the local ones (``process(items)``, ``process_inputs(paths)``), so the CLI's
``--dask`` only swaps the runner; the writer (the store) stays on the client, one transaction per batch.

* Each Dask worker loads the model once: a worker plugin (``ModelPlugin``) builds the Pipeline when it is
  registered (and on workers that join later); tasks find it in a per-process cache keyed by the options
  and the factory, and load it there if the plugin has not. One pipeline per worker process: run workers
  with one thread each (``dask worker --nthreads 1 --nworkers N``); more threads take turns.
* Batches go out with bounded concurrency (``window`` tasks in flight, collected with ``as_completed``) and
  results come back to the client in input order. A task whose worker raised is split and its articles run
  one by one, so one bad article becomes one InputError; a lost worker's tasks are rerun elsewhere by Dask
  itself (up to ``distributed.scheduler.allowed-failures`` times, then KilledWorker, which is split the same
  way).
* Inputs the workers can read (files and folders on a shared file system; ``read="workers"``) are read by the
  workers: the client lists the files, a worker reads a file (or a group of small files) into its memory
  and sends back only an index (ids, origins, content hashes, input errors); the client checks ids for
  duplicates across files, asks the store which articles are stored unchanged, and sends back batches of
  positions to code. Article text never passes through the client. Standard input and paths the reader
  cannot read directly are read on the client and shipped, as is everything with ``read="client"``.
* Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_`` set, which turns off glibc's adaptive malloc
  thresholds: every parser buffer over 128 KiB is then mapped and unmapped, and parsing took 15% more CPU
  than in a local worker. The model's loader puts back the thresholds glibc would have adapted to.
"""
from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import logging
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, NamedTuple

from dragoman.options import Options
from dragoman.scale.parallel import (BatchOutput, Factory, Item, MemoryMonitor, Ready, Result, RunStats, Work,
                               batches_of, build_pipeline, default_workers, run_batch, run_ordered,
                               split_records)
from dragoman.records import InputError

JSONL = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class ModelSpec:
    """What a worker must build: ``factory(options)``, and whether batches run in spaCy's memory zone."""

    options: Options
    factory: Factory = build_pipeline
    memory_zone: bool = True

    @property
    def key(self) -> str:
        return f"{self.factory.__module__}.{self.factory.__qualname__}:{self.options!r}"

    @property
    def name(self) -> str:
        return "dragoman-model-" + hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Entry:
    """An article in a worker's index of what it read: enough for the client to decide, no text."""

    id: str
    origin: str
    digest: str | None  # the store's content hash, when asked for


# -- on the workers ----------------------------------------------------------------------------------------

_MODELS: dict[str, Any] = {}
_LOCK = threading.RLock()  # one batch at a time per worker process: the pipeline is not shared by threads
_MONITOR: MemoryMonitor | None = None


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
ADAPTED_MMAP_THRESHOLD = 32 << 20  # the ceiling of glibc's own adaptation on 64-bit machines
ADAPTED_TRIM_THRESHOLD = 64 << 20  # twice that, as glibc keeps it


def restore_malloc_thresholds(environ: dict[str, str] | None = None) -> bool:
    """Undo the fixed malloc thresholds a Dask nanny sets (``MALLOC_TRIM_THRESHOLD_``): with them glibc stops
    adapting, and spaCy's buffers are mapped and unmapped on every batch. True when the thresholds were set."""
    environ = os.environ if environ is None else environ
    if "MALLOC_TRIM_THRESHOLD_" not in environ or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, ADAPTED_MMAP_THRESHOLD)) and \
        bool(mallopt(M_TRIM_THRESHOLD, ADAPTED_TRIM_THRESHOLD))


def _load(spec: ModelSpec) -> Any:
    global _MONITOR
    with _LOCK:
        if _MONITOR is None:
            restore_malloc_thresholds()
            _MONITOR = MemoryMonitor()
            _MONITOR.start()
        processor = _MODELS.get(spec.key)
        if processor is None:
            processor = _MODELS[spec.key] = spec.factory(spec.options)
        return processor


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # dask is optional for everything else
    WorkerPlugin = object  # type: ignore[assignment,misc]


class ModelPlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the pipeline once on each worker, when registered and on every worker that joins later."""

    idempotent = True

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.name = spec.name

    async def setup(self, worker: Any) -> None:
        import asyncio

        # in a thread: a model load takes seconds, and the worker's event loop must keep answering
        await asyncio.get_running_loop().run_in_executor(None, _load, self.spec)

    def teardown(self, worker: Any) -> None:
        with _LOCK:
            _MODELS.pop(self.spec.key, None)


def code_batch(items: list[Item], spec: ModelSpec) -> BatchOutput:
    """A task: process shipped records with this worker's pipeline."""
    with _LOCK:
        processor = _load(spec)
        assert _MONITOR is not None
        return run_batch(processor, items, _MONITOR, _worker_name(), spec.memory_zone)


def code_picked(items: list[Item], positions: list[int], spec: ModelSpec) -> BatchOutput:
    """A task: process some of the records a worker has read (``read_unit``'s result, kept in the cluster)."""
    return code_batch([items[i] for i in positions], spec)


class UnitFile(NamedTuple):
    """A file of a work unit: the path a worker opens (absolute: a worker's working folder is not the client's),
    the path origins show (as the user gave it, as a local run does), and the id base a folder walk gives it
    (``readers.file_id``; None for a file given directly, named by its stem)."""

    actual: str
    shown: str
    id_stem: str | None = None


def read_unit(files: list[UnitFile], options: Options) -> list[Item]:
    """A task: read input files with dragoman.io.readers, as a local run reads them."""
    from dragoman.io.readers import mark_duplicates, read_found, read_inputs

    items: list[Item] = []
    for actual, shown, id_stem in files:
        found = read_inputs([actual], options) if id_stem is None else mark_duplicates(
            read_found(actual, options, id_stem), {})
        for item in found:
            items.append(_relabel(item, actual, shown) if actual != shown else item)
    return items


def _relabel(item: Item, actual: str, shown: str) -> Item:
    origin = shown + item.origin[len(actual):] if item.origin.startswith(actual) else item.origin
    if isinstance(item, InputError):
        return dataclasses.replace(item, origin=origin, reason=item.reason.replace(actual, shown))
    return dataclasses.replace(item, origin=origin)


def index_unit(items: list[Item], digests: bool) -> list[Entry | InputError]:
    """A task: what the client needs to know of a read unit (input errors whole, articles by id)."""
    if digests:
        from dragoman.store.write import content_hash
    return [item if isinstance(item, InputError)
            else Entry(item.id, item.origin or item.id, content_hash(item) if digests else None)
            for item in items]


# -- on the client ---------------------------------------------------------------------------------------


@dataclass
class _Unit:
    kind: str  # "workers": files the workers read | "client": a path read here
    files: list[UnitFile] | None = None
    path: str | None = None
    scan: Any = None  # future of read_unit (data stays on a worker)
    index: Any = None  # future of index_unit


def plan_units(paths: Sequence[str], group: int) -> Iterator[_Unit]:
    """The input files in the order dragoman.io.readers reads them: each JSON Lines file its own unit, other
    files in groups of ``group``; standard input, and paths that are neither folders nor readable kinds,
    stay with the client (whose reader reports them as a local run does)."""
    from dragoman.io.readers import KINDS, file_id, folder_files

    pending: list[UnitFile] = []

    def file_unit(path: str, id_stem: str | None = None) -> Iterator[_Unit]:
        pair = UnitFile(os.path.abspath(path), path, id_stem)
        if os.path.splitext(path)[1].lower() in JSONL:
            yield from flush()
            yield _Unit("workers", files=[pair])
        else:
            pending.append(pair)
            if len(pending) >= group:
                yield from flush()

    def flush() -> Iterator[_Unit]:
        if pending:
            yield _Unit("workers", files=list(pending))
            pending.clear()

    def walk(folder: str) -> Iterator[_Unit]:
        for found in folder_files(folder):
            if isinstance(found, InputError):
                yield from flush()
                yield _Unit("client", path=found.origin)  # the client's reader says why
            else:
                yield from file_unit(found, file_id(folder, found))

    for raw in paths:
        path = os.fspath(raw)
        if path != "-" and os.path.isdir(path):
            yield from walk(path)
        elif path != "-" and os.path.splitext(path)[1].lower() in KINDS:
            yield from file_unit(path)  # missing here? the workers may see it; else they report it
        else:
            yield from flush()
            yield _Unit("client", path=path)
    yield from flush()


class DaskRunner:
    """Parse on a Dask cluster; results in input order to the client (the one writer).

    ``address``: a scheduler (``tcp://host:8786``) or ``"local"`` for a LocalCluster of ``workers`` processes
    with one thread each. ``client``: an existing ``distributed.Client`` to use instead (not closed here).
    ``read``: ``"workers"`` (input files read by the workers) or ``"client"`` (read here, shipped).
    """

    mode = "dask"
    generation = 0

    def __init__(self, options: Options, address: str = "local", *, workers: int | None = None,
                 factory: Factory | None = None, window: int | None = None, read: str = "workers",
                 memory_zone: bool = True, client: Any = None, scan_ahead: int = 2) -> None:
        if read not in ("workers", "client"):
            raise ValueError("read must be 'workers' or 'client'")
        self.options = options
        self.address = address
        self.workers = workers
        self.spec = ModelSpec(options, factory or build_pipeline, memory_zone)
        self.window = window
        self.read = read
        self.scan_ahead = max(1, scan_ahead)
        self.client = client
        self._own_client = client is None
        self._cluster: Any = None
        self._completed: Any = None  # distributed.as_completed of the current run
        self._live: set[Any] = set()  # its futures not yet collected
        self._started = False
        self.stats = RunStats(self.mode, 0)

    # set-up ---------------------------------------------------------------------------------------------

    def start(self) -> DaskRunner:
        """Connect (or start a LocalCluster) and load the model on every worker."""
        if self._started:
            return self
        from distributed import Client, LocalCluster

        if self.client is None:
            if self.address == "local":
                self._cluster = LocalCluster(n_workers=self.workers or default_workers(), threads_per_worker=1,
                                             processes=True, dashboard_address=":0",
                                             silence_logs=logging.ERROR)
                self.client = Client(self._cluster)
            else:
                self.client = Client(self.address, timeout="30s")
        self.client.register_plugin(ModelPlugin(self.spec), name=self.spec.name)
        info = self.client.scheduler_info(n_workers=-1) if _takes_n_workers(self.client) else \
            self.client.scheduler_info()
        threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or 1
        self.stats.workers = len(info.get("workers", {}))
        self.window = self.window or 2 * threads
        self._started = True
        return self

    def close(self) -> None:
        client, cluster = self.client, self._cluster
        self._started = False
        if self._own_client and client is not None:
            client.close()
            self.client = None
        if cluster is not None:
            cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskRunner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the Backend protocol of dragoman.scale.parallel.run_ordered ------------------------------------------------

    def submit(self, payload: Any) -> Any:
        if isinstance(payload, tuple):  # ("pick", scan future, positions)
            _, scan, positions = payload
            future = self.client.submit(code_picked, scan, positions, self.spec, pure=False)
        else:
            future = self.client.submit(code_batch, payload, self.spec, pure=False)
        self._completed.add(future)
        self._live.add(future)
        return future

    def wait_any(self) -> Any:
        future = next(self._completed)
        self._live.discard(future)
        return future

    def split(self, work: Work) -> list[Ready | Work]:
        if isinstance(work.payload, tuple):
            _, scan, positions = work.payload
            return [Work(("pick", scan, [p]), [ref]) for p, ref in zip(positions, work.refs)]
        return split_records(work.payload)

    def crashed(self, exc: BaseException) -> bool:
        return False  # Dask reruns a lost worker's tasks itself

    def recover(self, generation: int) -> None:
        pass

    # running ----------------------------------------------------------------------------------------------

    def process(self, items: Iterable[Item]) -> Iterator[Result]:
        """Ship these records to the workers in batches; yield the results in input order."""
        self.start()
        return self._run(batches_of(items, self.options.batch_size))

    def _run(self, work: Iterator[Ready | Work]) -> Iterator[Result]:
        from distributed import as_completed

        self._completed, self._live = as_completed(), set()
        try:
            yield from run_ordered(work, self, self.window, self.stats, self.options.raise_errors)
        finally:  # stopped early (an error, Ctrl-C, a consumer that had enough): drop what is still running
            if self._live and self.client is not None:
                self.client.cancel(list(self._live))
            self._live = set()

    def process_inputs(self, paths: Sequence[str], stdin: BinaryIO | None = None,
                       keep: Callable[[list[Entry]], list[bool]] | None = None) -> Iterator[Result]:
        """Read and process the inputs, as ``process(read_inputs(paths))`` would. With ``read="workers"`` the
        workers read the files. ``keep(entries)`` (optional) says which articles to code; the others are left
        out of the results (the store uses it to skip articles stored unchanged)."""
        self.start()
        if self.read == "client":
            from dragoman.io.readers import read_inputs

            items = read_inputs(paths, self.options, stdin=stdin)
            return self.process(_kept(items, keep) if keep else items)
        return self._run(self._work(paths, stdin, keep))

    def _scan(self, unit: _Unit, digests: bool) -> _Unit:
        if unit.kind == "workers":
            unit.scan = self.client.submit(read_unit, unit.files, self.options, pure=False)
            unit.index = self.client.submit(index_unit, unit.scan, digests, pure=False)
        return unit

    def _work(self, paths: Sequence[str], stdin: BinaryIO | None,
              keep: Callable[[list[Entry]], list[bool]] | None) -> Iterator[Ready | Work]:
        """The batches to code, in input order, from units the workers read ahead of time."""
        from dragoman.io.readers import mark_duplicates, read_inputs

        size = self.options.batch_size
        units = plan_units(paths, size)
        ahead: deque[_Unit] = deque()
        seen: dict[str, str] = {}

        def refill() -> None:
            while len(ahead) < self.scan_ahead and (unit := next(units, None)) is not None:
                ahead.append(self._scan(unit, keep is not None))

        refill()
        while ahead:
            unit = ahead.popleft()
            refill()
            if unit.kind == "client":
                items = mark_duplicates(read_inputs([unit.path], self.options, stdin=stdin), seen)
                yield from batches_of(_kept(items, keep) if keep else items, size)
                continue
            marks: list[Entry | InputError] = list(mark_duplicates(unit.index.result(), seen))
            unit.index = None
            articles = [(i, m) for i, m in enumerate(marks) if isinstance(m, Entry)]
            wanted = keep([m for _, m in articles]) if keep and articles else [True] * len(articles)
            chosen = {i for (i, _), ok in zip(articles, wanted) if ok}
            positions: list[int] = []
            refs: list[tuple[str, str | None]] = []
            for i, mark in enumerate(marks):
                if isinstance(mark, InputError):
                    if positions:
                        yield Work(("pick", unit.scan, positions), refs)
                        positions, refs = [], []
                    yield Ready([mark])
                elif i in chosen:
                    positions.append(i)
                    refs.append((mark.origin, mark.id))
                    if len(positions) >= size:
                        yield Work(("pick", unit.scan, positions), refs)
                        positions, refs = [], []
            if positions:
                yield Work(("pick", unit.scan, positions), refs)


def _kept(items: Iterable[Item], keep: Callable[[list[Entry]], list[bool]]) -> Iterator[Item]:
    from dragoman.store.write import content_hash

    for item in items:
        if isinstance(item, InputError) or keep([Entry(item.id, item.origin or item.id, content_hash(item))])[0]:
            yield item


def _takes_n_workers(client: Any) -> bool:
    import inspect

    try:
        return "n_workers" in inspect.signature(client.scheduler_info).parameters
    except (TypeError, ValueError):
        return False


__all__ = ["DaskRunner", "Entry", "ModelPlugin", "ModelSpec", "code_batch", "code_picked", "index_unit",
           "plan_units", "read_unit", "restore_malloc_thresholds"]
