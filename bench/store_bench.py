"""Event store benchmark: ingest throughput, and query latency over a million synthetic events.

    python bench/store_bench.py                       # SQLite in a temporary folder
    python bench/store_bench.py --pg URL              # and PostgreSQL (or set DRAGOMAN_TEST_PG_URL)
    python bench/store_bench.py --events 200000 --articles 500   # quicker
    python bench/store_bench.py --corpus examples/articles.jsonl   # also end to end, with the real pipeline

1. Ingest: synthetic ArticleResults (realistic text length, 5 events each, dates and dyads that overlap so
   events merge) stored through ``Store.ingest`` in batches of 32: articles/s and events/s, store only
   (the pipeline's own cost is measured by bench/extract_bench.py).
2. Queries: N synthetic merged events generated straight into the events table (dyads drawn with a
   heavy-tailed distribution over 150 codes, ten years of dates), then the latency of
   ``dyad RUS TJK --by month`` (target under 100 ms on SQLite), of the busiest dyad, and of an events query.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sqlalchemy import create_engine, text  # noqa: E402

from dragoman.records import Article, ArticleResult, Event, Party, Place, Span  # noqa: E402
from dragoman.store import Store, StoreConfig  # noqa: E402
from dragoman.store import schema as t  # noqa: E402
from dragoman.store.db import resolve_url  # noqa: E402

TYPES = [("CONSULT", 1, 1.0, "040"), ("AGREE", 1, 3.0, "057"), ("SUPPORT", 1, 3.4, "051"),
         ("COOPERATE", 2, 6.0, "061"), ("AID", 2, 7.0, "070"), ("REQUEST", 1, -0.1, "020"),
         ("ACCUSE", 3, -2.0, "112"), ("REJECT", 3, -4.0, "120"), ("THREATEN", 3, -4.4, "130"),
         ("SANCTION", 4, -5.6, "163"), ("MOBILIZE", 4, -7.2, "150"), ("ASSAULT", 4, -10.0, "190")]
REAL = ["RUS", "USA", "CHN", "UKR", "TUR", "IRN", "GBR", "FRA", "DEU", "IND", "ISR", "KAZ", "UZB", "PAK", "AFG",
        "SYR", "JPN", "KOR", "PRK", "AZE", "TJK", "ARM", "KGZ", "TKM", "BLR", "POL", "SAU", "EGY", "IGO", "NGO"]
CODES = REAL + [f"X{i:02d}" for i in range(150 - len(REAL))]
WORDS = ("minister delegation agreement border trade energy pipeline summit treaty security cooperation investment "
         "railway water dam harvest parliament election customs tariff migration labour bank loan grain port "
         "corridor mining uranium gold cotton hydropower tunnel highway airport cargo drought flood relief").split()


def weights(n: int) -> list[float]:
    return [1.0 / (rank + 1) ** 0.9 for rank in range(n)]


def synthetic_results(n: int, seed: int = 7) -> list[ArticleResult]:
    rng = random.Random(seed)
    w = weights(len(CODES))
    start = date(2024, 1, 1)
    results = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(365))
        sentences, events = [], []
        offset = 0
        for _ in range(5):
            a, r = rng.choices(CODES[:40], w[:40], k=2)
            kind, quad, score, cameo = rng.choice(TYPES)
            sentence = f"{a} and {r} {' '.join(rng.choice(WORDS) for _ in range(20))}."
            span = Span(offset, offset + len(sentence), sentence)
            offset += len(sentence) + 1
            sentences.append(sentence)
            when = day - timedelta(days=rng.randrange(3))
            events.append(Event(kind, [Party(a, "GOV")], [Party(r, "GOV")], span, Span(span.start, span.start + 3,
                                sentence[:3]), "bench", date=when.isoformat(), cameo=cameo, quad_class=quad,
                                score=score, place=Place("Somewhere", r, 40 + rng.random(), 60 + rng.random())))
            sentences.append(" ".join(rng.choice(WORDS) for _ in range(60)) + ".")
            offset += len(sentences[-1]) + 1
        body = "\n".join(sentences)
        results.append(ArticleResult(Article(f"bench-{i}", body, f"Story {i}", day.isoformat(), f"Outlet {i % 40}"),
                                     events=events))
    return results


def bench_ingest(url: str, n: int, batch: int = 32) -> dict:
    results = synthetic_results(n)
    events = sum(len(r.events) for r in results)
    with Store.open(url, StoreConfig()) as store:
        started = time.perf_counter()
        for i in range(0, n, batch):
            store.ingest(results[i:i + batch])
        elapsed = time.perf_counter() - started
        merged = store.stats()["events"]
        again = time.perf_counter()
        for i in range(0, n, batch):
            store.ingest(results[i:i + batch])
        skip_elapsed = time.perf_counter() - again
    return {"articles": n, "events": events, "seconds": elapsed, "articles_per_s": n / elapsed,
            "events_per_s": events / elapsed, "merged_events": merged, "rerun_articles_per_s": n / skip_elapsed}


def bench_pipeline(url: str, corpus: str) -> dict:
    """End to end: reader -> pipeline -> store (model loading excluded)."""
    from dragoman.options import Options
    from dragoman.pipeline import Pipeline
    from dragoman.store.ingest import ingest_paths

    pipeline = Pipeline(Options())
    with Store.open(url) as store:
        report = ingest_paths([corpus], store, pipeline=pipeline, progress=False)
    return report.as_dict()


def generate_events(url: str, n: int, seed: int = 11) -> dict:
    """N merged events straight into the events table (the ingest path is measured separately)."""
    rng = random.Random(seed)
    w = weights(len(CODES))
    cum = []
    total = 0.0
    for x in w:
        total += x
        cum.append(total)
    start = date(2016, 1, 1)
    now = datetime.now(timezone.utc)
    with Store.open(url) as store:
        engine = store.engine
        columns = ("event_type", "actor_code", "actor_sector", "recipient_code", "recipient_sector", "negated",
                   "hypothetical", "certain", "date", "day", "day_hi", "cameo", "quad_class", "score", "is_root",
                   "num_mentions", "num_articles", "num_sources", "source_url", "place_country", "created_at",
                   "updated_at")
        insert = t.events.insert()
        chunk = 50_000
        started = time.perf_counter()
        made = 0
        while made < n:
            rows = []
            for _ in range(min(chunk, n - made)):
                a, r = rng.choices(CODES, cum_weights=cum, k=2)
                if a == r:
                    r = CODES[(CODES.index(a) + 1) % len(CODES)]
                kind, quad, score, cameo = rng.choice(TYPES)
                d = start + timedelta(days=rng.randrange(3650))
                day = d.year * 10000 + d.month * 100 + d.day
                sources = 1 + int(rng.expovariate(1.0))
                rows.append(dict(zip(columns, (kind, a, "GOV", r, "GOV", False, False, True, d.isoformat(), day, day,
                                               cameo, quad, score + rng.uniform(-0.5, 0.5), False, sources, sources,
                                               sources, "https://example.org/x", r, now, now))))
            with engine.begin() as conn:
                conn.execute(insert, rows)
            made += len(rows)
            print(f"  generated {made:,} events", file=sys.stderr, end="\r")
        print(file=sys.stderr)
        load = time.perf_counter() - started
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql("ANALYZE events")
            rus_tjk = conn.execute(text("SELECT count(*) FROM events WHERE (actor_code='RUS' AND recipient_code='TJK')"
                                        " OR (actor_code='TJK' AND recipient_code='RUS')")).scalar_one()
            top = conn.execute(text("SELECT actor_code, recipient_code, count(*) c FROM events GROUP BY 1, 2 "
                                    "ORDER BY c DESC LIMIT 1")).one()
    return {"events": n, "load_seconds": load, "rus_tjk_events": rus_tjk, "top_dyad": (top[0], top[1], top[2])}


def latency(fn, runs: int = 21) -> dict:
    started = time.perf_counter()
    fn()
    cold = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return {"cold_ms": cold * 1000, "median_ms": statistics.median(times) * 1000,
            "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))] * 1000}


def bench_queries(url: str, top: tuple[str, str, int]) -> dict:
    with Store.open(url) as store:
        out = {
            "dyad RUS TJK --by month": latency(lambda: store.dyad("RUS", "TJK", by="month")),
            f"dyad {top[0]} {top[1]} --by month ({top[2]:,} events)":
                latency(lambda: store.dyad(top[0], top[1], by="month")),
            "dyad RUS TJK --by week --since 2020": latency(lambda: store.dyad("RUS", "TJK", by="week",
                                                                             since="2020")),
            "events --actor RUS --recipient TJK --since 2024 (100)":
                latency(lambda: store.events(actor="RUS", recipient="TJK", since="2024", limit=100)),
            "events --type ASSAULT --country UKR (100)":
                latency(lambda: store.events(event_type="ASSAULT", country="UKR", limit=100)),
        }
        out["stats"] = latency(store.stats, runs=3)
    return out


def _drop_pg_schema(base: str, schema: str) -> None:
    engine = create_engine(resolve_url(base))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    engine.dispose()


def pg_scratch(base: str, schema: str) -> str:
    engine = create_engine(resolve_url(base))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine.dispose()
    return resolve_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--pg", default=os.environ.get("DRAGOMAN_BENCH_PG_URL") or os.environ.get("DRAGOMAN_TEST_PG_URL"))
    parser.add_argument("--keep", metavar="DIR", help="keep the SQLite databases in this folder")
    parser.add_argument("--corpus", metavar="JSONL", help="also ingest this corpus through the real pipeline")
    args = parser.parse_args()

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dragoman-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    targets = [("SQLite", lambda name: f"sqlite:///{folder / (name + '.db')}", None)]
    if args.pg:
        targets.append(("PostgreSQL", lambda name: pg_scratch(args.pg, f"bench_{name}"), args.pg))
    for label, url_for, pg in targets:
        print(f"\n== {label}")
        for name in ("ingest", "events", "pipeline"):
            path = folder / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        ing = bench_ingest(url_for("ingest"), args.articles)
        print(f"ingest: {ing['articles']} articles, {ing['events']} event records -> {ing['merged_events']} events "
              f"in {ing['seconds']:.1f} s: {ing['articles_per_s']:.0f} articles/s, {ing['events_per_s']:.0f} "
              f"events/s; rerun (all skipped): {ing['rerun_articles_per_s']:.0f} articles/s")
        if args.corpus:
            e2e = bench_pipeline(url_for("pipeline"), args.corpus)
            print(f"end to end ({args.corpus}): {e2e['stored']} articles, {e2e['events']} event records in "
                  f"{e2e['seconds']:.1f} s: {e2e['articles_per_second']:.1f} articles/s, "
                  f"{e2e['events_per_second']:.1f} events/s")
        gen = generate_events(url_for("events"), args.events)
        print(f"generated {gen['events']:,} events in {gen['load_seconds']:.0f} s; RUS-TJK events: "
              f"{gen['rus_tjk_events']:,}; busiest dyad {gen['top_dyad'][0]}->{gen['top_dyad'][1]}: "
              f"{gen['top_dyad'][2]:,}")
        for query, figures in bench_queries(url_for("events") if pg is None else
                                            resolve_url(args.pg).update_query_dict(
                                                {"options": "-csearch_path=bench_events"}).render_as_string(
                                                hide_password=False), gen["top_dyad"]).items():
            print(f"  {query:<55} median {figures['median_ms']:8.2f} ms  p95 {figures['p95_ms']:8.2f} ms  "
                  f"cold {figures['cold_ms']:8.2f} ms")
        if pg is not None:
            for name in ("ingest", "events", "pipeline"):
                _drop_pg_schema(pg, f"bench_{name}")
    if not args.keep:
        for path in folder.glob("*"):
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
