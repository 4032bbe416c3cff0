"""Schema and migrations: what Alembic builds is what schema.py says, and older databases upgrade in place."""
from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from dragoman.store import SchemaError, Store
from dragoman.store import migrate
from dragoman.store.db import make_engine, resolve_url
from dragoman.store.schema import metadata

from .conftest import Ev, make_result, write_at_revision


def _ignore_search(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    return not (name or "").startswith("articles_fts") and name != "ix_articles_fts"


def test_migrated_schema_matches_the_metadata(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _ignore_search, "compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert store.schema_revision() == migrate.head_revision() == "0004"


def columns(engine, table: str) -> set[str]:  # noqa: ANN001
    with engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def test_an_older_database_upgrades_in_place(store_url):
    write_at_revision(store_url, "0001", [[make_result("old", [Ev()], body="Written before full-text search.")]])
    with pytest.raises(SchemaError):
        Store.open(store_url, upgrade=False)
    with Store.open(store_url) as store:
        assert store.schema_revision() == "0004"
        assert [h["doc_id"] for h in store.search("before full-text search")] == ["old"]
        assert len(store.events()) == 1
        store.ingest([make_result("new", [Ev(date="2025-10-09")], source="B")])
        assert store.events()[0]["num_sources"] == 2


def test_rows_from_before_the_background_flag_are_ordinary(store_url):
    """0003 on a database with data: every existing mention and event is read as not background (the old code
    stored backdrops as ordinary events), and a backdrop stored afterwards is told apart."""
    recalled = Ev(event="ASSAULT", actor="AZE", recipient="RUS", quad_class=4, score=-10.0, cameo="190",
                  background=True)
    write_at_revision(store_url, "0002", [[make_result("old", [Ev(date="2025-10-09"), recalled])]])
    engine = make_engine(resolve_url(store_url))
    try:
        assert "background" not in columns(engine, "mentions") | columns(engine, "events")
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert store.schema_revision() == "0004"
        old = store.events()
        assert sorted(e["event"] for e in old) == ["ASSAULT", "CONSULT"]
        assert not any(e["background"] for e in old)
        assert store.dyad("AZE", "RUS", by="all")[0]["material_conflict"] == 1
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM mentions WHERE background")).scalar_one() == 0
        store.ingest([make_result("new", [recalled], date="2025-11-20", source="B")])
        assert {e["id"] for e in store.events()} == {e["id"] for e in old}
        [backdrop] = [e for e in store.events(include_background=True) if e["background"]]
        assert (backdrop["date"], backdrop["num_sources"]) == ("2025-11-20", 1)


def test_rows_from_before_date_precision_take_it_from_their_dates_form(store_url):
    """0004 on a database with data: every stored date gets the precision its form says, the new judgements table
    is empty, and a week stored afterwards is a seven-day window."""
    write_at_revision(store_url, "0003", [[make_result("old", [Ev(date="2025-10-09"), Ev(event="AID", date="2025-09"),
                                                               Ev(event="SANCTION", date="2024")])]])
    engine = make_engine(resolve_url(store_url))
    try:
        assert "date_precision" not in columns(engine, "mentions") | columns(engine, "events")
        assert not inspect(engine).has_table("judgements")
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert store.schema_revision() == "0004"
        assert {e["event"]: e["date_precision"] for e in store.events()} == {
            "CONSULT": "day", "AID": "month", "SANCTION": "year"}
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM mentions WHERE date_precision IS NULL")).scalar_one() == 0
        assert store.judgements() == []


def test_downgrade_and_upgrade_again(store):
    store.ingest([make_result("kept", [Ev(), Ev(event="AID", background=True)],
                              body="Survives a round trip of the search migration.")])
    assert (len(store.events()), len(store.events(include_background=True))) == (1, 2)
    migrate.downgrade(store.engine, "0002")
    assert "background" not in columns(store.engine, "mentions") | columns(store.engine, "events")
    migrate.downgrade(store.engine, "0001")
    assert store.schema_revision() == "0001"
    migrate.upgrade(store.engine)
    assert [h["doc_id"] for h in store.search("round trip")] == ["kept"]
    assert len(store.events()) == 2  # the flag did not survive the round trip: both read as ordinary again


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
        assert store.schema_revision() == "0004"
