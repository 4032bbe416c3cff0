"""Shared fixtures: one real spaCy pipeline per test session, and the ../shared evaluation data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The project's shared/ folder: $DRAGOMAN_SHARED, else ../shared beside the repository."""
    for candidate in (os.environ.get("DRAGOMAN_SHARED"), REPO.parent / "shared"):
        if candidate and (Path(candidate) / "eval" / "score.py").exists():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    found = shared_dir()
    if found is None:
        pytest.skip("../shared (gold and scorer) is not beside the repository")
    return found


@pytest.fixture(scope="session")
def pipeline():
    from dragoman.options import Options
    from dragoman.pipeline import Pipeline

    return Pipeline(Options(raise_errors=True))


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline.nlp
