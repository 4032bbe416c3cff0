"""Load on loopback with the harness of bench/load_test.py: a real `dragoman serve` on 127.0.0.1, a fixed list of
requests over the read API and the pages, 20 concurrent clients, every request timed out and the run bounded.

Default suite: 1,000 requests against 10,000 synthetic events (plus the 33 sample articles) in well under a
minute. ``slow``: the full run, 10,000 requests against 100,000 events (the database is cached in the
harness's folder). Also the cache of corpus-wide aggregates (dragoman.web.reads.Aggregates) that keeps the
overview, statistics and networks from scanning the events table on every request.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from dragoman.web.reads import Aggregates

from .conftest import TOKEN, load_harness

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory, databases: dict[str, Path]) -> Path:
    """The sample store plus 10,000 synthetic events (built in a temporary folder: about two seconds)."""
    return load_harness().database(10_000, folder=tmp_path_factory.mktemp("load"), base=databases["sample"],
                              log=lambda message: None)


@pytest.mark.model
def test_a_thousand_requests_from_twenty_clients(small_db: Path):
    lt = load_harness()
    plan = lt.request_plan(small_db, 1000)
    assert len(plan) == 1000 and {endpoint for endpoint, _ in plan} == set(lt.MIX)
    with lt.serve(small_db) as (base, server):
        figures = lt.run(base, plan, clients=20, timeout=10, max_seconds=90, server=server)
    assert figures["requests"] == 1000 and figures["errors"] == 0, figures["first_errors"]
    assert figures["p99_ms"] < 4000, lt.summary(figures)  # generous: the machine may be busy with other work
    assert all(f["errors"] == 0 for f in figures["endpoints"].values())


@pytest.mark.slow
@pytest.mark.model
def test_ten_thousand_requests_over_100000_events(databases: dict[str, Path]):
    lt = load_harness()
    db = lt.database(100_000, base=databases["sample"], log=lambda message: None)
    plan = lt.request_plan(db, 10_000)
    with lt.serve(db) as (base, server):
        figures = lt.run(base, plan, clients=20, timeout=10, max_seconds=900, server=server)
    print("\n" + lt.summary(figures))
    assert figures["requests"] == 10_000 and figures["errors"] == 0, figures["first_errors"]
    assert figures["p99_ms"] < 5000, lt.summary(figures)


def test_the_harness_is_bounded():
    lt = load_harness()
    assert lt.percentile([5, 1, 4, 2, 3], 50) == 3 and lt.percentile([1.0] * 99 + [9.0], 99) == 1.0
    assert lt.percentile(list(range(1, 101)), 99) == 99 and lt.percentile([7], 99) == 7
    # nothing listens on the port: every request fails fast, the run ends by itself and counts them as errors
    plan = [("api_stats", "/api/stats")] * 30
    started = time.monotonic()
    figures = lt.run(f"http://127.0.0.1:{lt.free_port()}", plan, clients=5, timeout=2, max_seconds=20)
    assert figures["requests"] == 30 and figures["errors"] == 30 and time.monotonic() - started < 20


# -- the aggregates cache ------------------------------------------------------------------------------------

def slow(value: object, calls: list, seconds: float = 0.1):  # noqa: ANN201
    def compute() -> object:
        calls.append(value)
        time.sleep(seconds)
        return value
    return compute


def test_one_computation_for_concurrent_requests():
    cache, calls = Aggregates(seconds=5), []
    threads = [threading.Thread(target=cache.get, args=("k", slow(1, calls))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert calls == [1] and cache.get("k", slow(2, calls)) == 1


def test_a_stale_value_is_served_while_it_is_refreshed():
    cache, calls = Aggregates(seconds=0.2), []
    assert cache.get("k", slow(1, calls)) == 1
    time.sleep(0.25)
    started = time.monotonic()
    assert cache.get("k", slow(2, calls)) == 1 and time.monotonic() - started < 0.05  # no waiting
    assert cache.get("k", slow(3, calls)) == 1  # the refresh is under way: not a second one
    deadline = time.monotonic() + 5
    while cache.get("k", slow(4, calls)) != 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert cache.get("k", slow(5, calls)) == 2 and calls == [1, 2]


def test_clear_size_errors_and_off():
    cache, calls = Aggregates(seconds=60, size=3), []
    cache.get("k", slow(1, calls, 0))
    cache.clear()
    assert cache.get("k", slow(2, calls, 0)) == 2
    for key in "abc":
        cache.get(key, slow(key, calls, 0))
    assert cache.get("k", slow(3, calls, 0)) == 3  # the least recently used went first
    with pytest.raises(ZeroDivisionError):
        cache.get("e", lambda: 1 / 0)
    assert cache.get("e", slow(4, calls, 0)) == 4  # a failure is not kept
    off = Aggregates(seconds=0)
    assert [off.get("k", slow(n, calls, 0)) for n in (5, 6)] == [5, 6]


@pytest.mark.model
def test_an_ingest_through_the_app_shows_at_once(empty_client):  # noqa: ANN001
    c = empty_client
    assert c.get("/api/stats").json()["articles"] == 0
    assert c.get("/api/network").json()["edges"] == [] and '<div class="n">0</div>' in c.get("/").text
    article = {"id": "post-1", "title": "Putin visits Dushanbe", "date": "2025-10-09",
               "text": "Russian President Vladimir Putin met Tajik President Emomali Rahmon in Dushanbe on Thursday."}
    assert c.post("/api/articles", json=article, headers=AUTH).status_code == 200
    stats = c.get("/api/stats").json()
    assert stats["articles"] == 1 and stats["events"] >= 1
    assert {e["source"] for e in c.get("/api/network").json()["edges"]} == {"RUS"}
    assert sum(p["events"] for p in c.get("/api/timeline").json()["periods"]) == stats["events"]
    assert f'<div class="n">{stats["events"]}</div>' in c.get("/").text
