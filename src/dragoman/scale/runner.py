"""Which runner codes a batch run: one process, a local pool of workers, or a Dask cluster.

It sits above both scale-out modules (parallel.py for local processes, cluster.py for Dask), so neither imports
the other's caller.
"""
from __future__ import annotations

from typing import Any

from dragoman.options import Options
from dragoman.scale.parallel import Factory, InProcessRunner, ProcessRunner, build_pipeline, default_workers


def open_runner(options: Options, workers: int | None = None, dask: str | None = None, *,
                dask_read: str = "workers", pipeline: Any = None, factory: Factory | None = None) -> Any:
    """The runner for these settings (use it as a context manager; it stops its workers on exit)."""
    if pipeline is not None:
        return InProcessRunner(options, pipeline=pipeline)
    factory = factory or build_pipeline
    if dask:
        from dragoman.scale.cluster import DaskRunner

        return DaskRunner(options, dask, workers=workers, factory=factory, read=dask_read)
    workers = workers or default_workers()
    if workers == 1:
        return InProcessRunner(options, factory=factory)
    return ProcessRunner(options, workers, factory=factory)
