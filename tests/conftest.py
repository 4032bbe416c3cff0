"""Shared fixtures: one real spaCy pipeline per test session, the ../shared evaluation data, and fresh
PostgreSQL schemas on the test server."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PG_ENV = "DRAGOMAN_TEST_PG_URL"  # a PostgreSQL server for the tests: scripts/pg-throwaway.sh start prints one


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


@pytest.fixture
def fresh_pg_url():
    """The URL of a new, empty schema on $DRAGOMAN_TEST_PG_URL, dropped afterwards; skips when no server is set."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set (scripts/pg-throwaway.sh start prints one)")
    from sqlalchemy import create_engine

    from dragoman.store.db import resolve_url

    base = resolve_url(os.environ[PG_ENV])
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
