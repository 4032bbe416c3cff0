"""Database URLs and engine settings."""
from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.store import Store
from dragoman.store.db import display_url, resolve_url


def test_resolve_url(tmp_path):
    assert resolve_url(None, {}, cwd=tmp_path).database == str(tmp_path / "dragoman.db")
    assert resolve_url(None, {"DRAGOMAN_DB": "postgresql://u:pw@h/db"}).drivername == "postgresql+psycopg"
    assert resolve_url("postgres://u@h:5433/db").render_as_string() == "postgresql+psycopg://u@h:5433/db"
    assert resolve_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("events.db").database == "events.db"
    assert resolve_url(tmp_path / "x.db").database == str(tmp_path / "x.db")
    assert resolve_url(":memory:").database is None
    assert resolve_url("sqlite:///a/b.db").database == "a/b.db"
    assert display_url(resolve_url("postgresql://u:secret@h/db")) == "postgresql+psycopg://u:***@h/db"
    with pytest.raises(ValueError):
        resolve_url("mysql://u@h/db")


def test_default_database_is_dragoman_db_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAGOMAN_DB", raising=False)
    with Store.open() as store:
        assert store.backend == "sqlite"
    assert (tmp_path / "dragoman.db").exists()


def test_environment_variable_chooses_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAGOMAN_DB", str(tmp_path / "env.db"))
    Store.open().close()
    assert (tmp_path / "env.db").exists()


def test_sqlite_settings(tmp_path):
    with Store.open(tmp_path / "s.db") as store, store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 30000
        assert pragma("synchronous") == 2  # FULL: a committed batch survives a power cut


def test_in_memory_store_works():
    with Store.open("sqlite://") as store:
        assert store.stats()["articles"] == 0


def test_parent_folder_is_made(tmp_path):
    Store.open(tmp_path / "deep" / "er" / "s.db").close()
    assert Path(tmp_path / "deep" / "er" / "s.db").exists()
