"""Storing batches: idempotence, replacement, failures, atomicity, and everything an article carries."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from dragoman.records import Article, InputError
from dragoman.store import schema as t
from dragoman.store.core import CODE, COPY, SKIP

from .conftest import Ev, make_result, rahmon


def count(store, table) -> int:  # noqa: ANN001
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def corpus():
    return [make_result(f"doc-{i}", [Ev(date=f"2025-{i + 1:02d}-15", actor="RUS", recipient="TJK"),
                                     Ev(event="AID", actor="CHN", recipient="TJK", date=f"2025-{i + 1:02d}-15")],
                        actors=[rahmon()], figures=True, commitments=True, source=f"Outlet {i}")
            for i in range(6)]


def test_ingesting_twice_stores_once(store):
    first = store.ingest(corpus())
    assert [o.status for o in first.outcomes] == ["stored"] * 6
    before = {table.name: count(store, table) for table in t.metadata.sorted_tables}
    second = store.ingest(corpus())
    assert [o.status for o in second.outcomes] == ["skipped"] * 6
    after = {table.name: count(store, table) for table in t.metadata.sorted_tables}
    assert before == after
    assert before["articles"] == 6 and before["mentions"] == 12 and before["figures"] == 6
    assert before["commitments"] == 6 and before["actors"] == 1 and before["article_actors"] == 6
    assert before["actor_mentions"] == 6


def test_same_content_under_another_id_is_skipped(store):
    result = make_result("orig", [Ev()])
    store.ingest([result])
    clone = dataclasses.replace(result, article=dataclasses.replace(result.article, id="clone"))
    report = store.ingest([clone])
    assert report.outcomes[0].status == "skipped" and "orig" in report.outcomes[0].reason
    assert count(store, t.articles) == 1


def test_article_text_and_metadata_are_kept(store):
    result = make_result("meta", [Ev()], url="https://example.org/a", title="Putin in Dushanbe")
    store.ingest([result])
    with store.engine.connect() as conn:
        row = conn.execute(select(t.articles).where(t.articles.c.doc_id == "meta")).one()
    assert row.text == result.article.text and row.title == "Putin in Dushanbe"
    assert row.url == "https://example.org/a" and row.date == "2025-10-09" and row.day == 20251009
    assert row.status == "coded" and row.source_key == "outlet a"


def test_input_errors_and_refused_records_are_failures(open_store):
    store = open_store(raise_errors=False)
    bad = make_result("bad", [Ev(event="X" * 40)])  # longer than the column: PostgreSQL refuses it
    bad.events[0].sentence = None  # and no sentence at all: refused on both backends
    good = make_result("good", [Ev()])
    report = store.ingest([InputError("in.jsonl:3", "invalid JSON"), bad, good])
    assert [o.status for o in report.outcomes] == ["failed", "failed", "stored"]
    failures = store.failures()
    assert [f["origin"] for f in failures] == ["in.jsonl:3", "test:bad"]
    assert failures[0]["reason"] == "invalid JSON" and failures[1]["reason"].startswith("store: ")
    assert count(store, t.articles) == 1 and count(store, t.mentions) == 1
    # the fixed article stores, and its failure is cleared
    store.ingest([make_result("bad", [Ev()])])
    assert [f["origin"] for f in store.failures()] == ["in.jsonl:3"]
    # the same origin failing again replaces its record
    store.ingest([InputError("in.jsonl:3", "still invalid")])
    assert [f["reason"] for f in store.failures()] == ["still invalid"]


def test_a_batch_is_all_or_nothing(store):
    store.ingest([make_result("kept", [Ev()])])
    with pytest.raises(ZeroDivisionError):
        store.ingest(make_result(f"lost-{i}", [Ev()]) if i < 3 else 1 / 0 for i in range(5))
    assert count(store, t.articles) == 1
    with pytest.raises(AttributeError):
        store.ingest([make_result("lost-a", [Ev()]), "not a record"])
    assert count(store, t.articles) == 1 and count(store, t.events) == 1


def test_uncoded_article_is_pending_until_coded(store):
    result = make_result("later", [Ev()])
    report = store.ingest([result.article])
    assert report.outcomes[0].status == "pending"
    assert store.classify(result.article) == CODE
    assert store.ingest([result]).outcomes[0].status == "stored"
    assert store.classify(result.article) == SKIP
    assert store.stats()["articles_pending"] == 0


def test_classify(store):
    store.ingest([make_result("c1", [Ev()])])
    stored = make_result("c1", [Ev()]).article
    assert store.classify(stored) == SKIP
    assert store.classify(dataclasses.replace(stored, title="New title")) == CODE
    copy = dataclasses.replace(stored, id="c1-copy", source="Other outlet", title="Reprint")
    assert store.classify(copy) == COPY
    assert store.classify(Article(id="new", text="Something else entirely.")) == CODE


def test_actors_are_shared_across_articles(store):
    store.ingest([make_result("r1", [Ev()], actors=[rahmon()]), make_result("r2", [Ev()], actors=[rahmon()])])
    [actor] = store.actors(country="TJK")
    assert actor["name"] == "Emomali Rahmon" and actor["articles"] == 2 and actor["mentions"] == 2
    assert actor["sector"] == "GOV" and actor["kind"] == "person"
    assert store.actors(country="RUS") == []
    assert store.actors(name="rahm")[0]["name"] == "Emomali Rahmon"


def test_stats(store):
    store.ingest(corpus())
    stats = store.stats()
    assert stats["articles"] == 6 and stats["events"] == 12 and stats["mentions"] == 12
    assert stats["events_by_type"] == {"AID": 6, "CONSULT": 6}
    assert stats["first_day"] == "2025-01-15" and stats["last_day"] == "2025-06-15"
    assert stats["schema"] == "0004" and stats["backend"] in ("sqlite", "postgresql")
    assert stats["top_dyads"][0]["events"] == 6
    assert stats["events_multi_article"] == 0


def test_two_writers_at_once_merge_correctly(open_store):
    import threading

    stores = [open_store(), open_store()]
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(8):
                stores[worker].ingest([make_result(f"w{worker}-{i}", [Ev(date=f"2025-{i + 1:02d}-10")],
                                                   source=f"Outlet {worker}")])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    events = stores[0].events()
    assert len(events) == 8 and all(e["num_sources"] == 2 for e in events)
