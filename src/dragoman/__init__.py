"""Dragoman: political event data from international news, each fact traced to its sentence.

The library API that the CLI (and later the REST API and web UI) are thin layers over:

    from dragoman import Options, Pipeline, read_inputs
    pipeline = Pipeline(Options(model="md"))
    for result in pipeline.process(read_inputs(["articles.jsonl"], pipeline.options)):
        print(result.to_json())
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Options", "Pipeline", "read_inputs", "__version__"]

if TYPE_CHECKING:
    from dragoman.options import Options
    from dragoman.pipeline import Pipeline
    from dragoman.io.readers import read_inputs


def __getattr__(name: str):
    """Import lazily, so `import dragoman` stays cheap for the CLI's --help and the store tools."""
    if name == "Options":
        from dragoman.options import Options

        return Options
    if name == "Pipeline":
        from dragoman.pipeline import Pipeline

        return Pipeline
    if name == "read_inputs":
        from dragoman.io.readers import read_inputs

        return read_inputs
    raise AttributeError(name)
