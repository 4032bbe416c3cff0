"""Schema and migrations: what Alembic builds is what schema.py says, and older databases upgrade in place."""
from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from dragoman.store import SchemaError, Store, StoreConfig
from dragoman.store import migrate
from dragoman.store.db import make_engine, resolve_url
from dragoman.store.schema import metadata
from dragoman.store.write import write_batch

from .conftest import Ev, make_result


def _ignore_search(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    return not (name or "").startswith("articles_fts") and name != "ix_articles_fts"


def test_migrated_schema_matches_the_metadata(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _ignore_search, "compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert store.schema_revision() == migrate.head_revision() == "0002"


def test_an_older_database_upgrades_in_place(store_url):
    engine = make_engine(resolve_url(store_url))
    try:
        migrate.upgrade(engine, "0001")
        with engine.begin() as conn:
            write_batch(conn, [make_result("old", [Ev()], body="Written before full-text search existed.")],
                        StoreConfig(raise_errors=True))
            assert migrate.current_revision(conn) == "0001"
    finally:
        engine.dispose()
    with pytest.raises(SchemaError):
        Store.open(store_url, upgrade=False)
    with Store.open(store_url) as store:
        assert store.schema_revision() == "0002"
        assert [h["doc_id"] for h in store.search("full-text search existed")] == ["old"]
        assert len(store.events()) == 1
        store.ingest([make_result("new", [Ev(date="2025-10-09")], source="B")])
        assert store.events()[0]["num_sources"] == 2


def test_downgrade_and_upgrade_again(store):
    store.ingest([make_result("kept", [Ev()], body="Survives a round trip of the search migration.")])
    migrate.downgrade(store.engine, "0001")
    assert store.schema_revision() == "0001"
    migrate.upgrade(store.engine)
    assert [h["doc_id"] for h in store.search("round trip")] == ["kept"]


def test_a_newer_database_is_refused(store_url):
    Store.open(store_url).close()
    engine = make_engine(resolve_url(store_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(SchemaError, match="newer"):
        Store.open(store_url)


def test_two_processes_creating_one_database_at_once(store_url):
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            Store.open(store_url).close()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store.open(store_url) as store:
        assert store.schema_revision() == "0002"
