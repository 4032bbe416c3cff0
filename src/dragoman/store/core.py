"""The event store's library API: ``Store.open(url)``, ``store.ingest(batch)``, queries and exports.

The CLI (dragoman.cli.store) and the web layer (dragoman.web) are thin layers over this class.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import OperationalError

from dragoman.records import Article, ArticleResult, InputError
from dragoman.store import browse, dedup, migrate, nul, queries, review
from dragoman.store import schema as t
from dragoman.store.config import StoreConfig
from dragoman.store.dates import parse_when
from dragoman.store.db import StoreMissing, display_url, is_memory_sqlite, make_engine, resolve_url, writer
from dragoman.store.origins import same_input
from dragoman.store.queries import EventFilter
from dragoman.store.write import PENDING, BatchReport, content_hash, write_batch

def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return migrate.current_revision(conn)


# What an incremental ingest should do with an article before running the pipeline on it.
# REFUSE: the id is stored from another input; not worth coding, Store.ingest refuses it (store/origins.py).
SKIP, COPY, CODE, REFUSE = "skip", "copy", "code", "refuse"


class Store:
    """A database of articles, actors and merged events, on SQLite or PostgreSQL."""

    def __init__(self, engine: Engine, url: URL, config: StoreConfig) -> None:
        self.engine = engine
        self.url = url
        self.config = config

    @classmethod
    def open(cls, url: str | os.PathLike[str] | URL | None = None, config: StoreConfig | None = None,
             upgrade: bool = True, environ: Mapping[str, str] | None = None, read_only: bool = False) -> Store:
        """Open (and create, or upgrade in place) the database: a SQLite path or URL, a postgresql:// URL,
        else $DRAGOMAN_DB, else ./dragoman.db. ``read_only`` (the read commands): never create or write it
        (see ``_open_for_reading``)."""
        config = config or StoreConfig()
        resolved = url if isinstance(url, URL) else resolve_url(url, environ)
        if read_only:
            return cls._open_for_reading(resolved, config, upgrade)
        engine = make_engine(resolved, busy_timeout_ms=config.busy_timeout_ms)
        store = cls(engine, resolved, config)
        try:
            if upgrade:
                migrate.upgrade(engine)
            else:
                store.check_schema()
        except BaseException:
            engine.dispose()
            raise
        return store

    @classmethod
    def _open_for_reading(cls, url: URL, config: StoreConfig, upgrade: bool) -> Store:
        """An existing store, for reading: a missing SQLite file or a database without Dragoman's tables is
        StoreMissing (a mistyped path is not created); a SQLite file is opened read-only (``mode=ro``: works
        on a file and folder the user cannot write). A store at an older schema is upgraded once through a
        writable connection when ``upgrade`` (as a write would), else refused."""
        sqlite_file = url.get_backend_name() == "sqlite" and not is_memory_sqlite(url)
        if sqlite_file and not Path(url.database).expanduser().is_file():
            raise StoreMissing(f"database {url.database} does not exist (check --db; dragoman ingest creates one)")
        engine = make_engine(url, config.busy_timeout_ms, read_only=True)
        try:
            revision = _revision(engine)
        except OperationalError as exc:
            engine.dispose()
            if not sqlite_file or not any(m in str(exc) for m in ("unable to open", "readonly database")):
                raise
            # a WAL database in a folder this user cannot write: SQLite cannot make the shared-memory file a
            # reader needs ("attempt to write a readonly database"), so read the file as it is (immutable)
            engine = make_engine(url, config.busy_timeout_ms, read_only=True, immutable=True)
            revision = _revision(engine)
        if revision is None or revision != migrate.head_revision():
            engine.dispose()
            if revision is None:
                raise StoreMissing(f"{display_url(url)} holds no Dragoman store (dragoman ingest creates one)")
            if not upgrade:
                raise migrate.SchemaError(f"database schema is {revision!r}, expected {migrate.head_revision()!r}")
            try:
                cls.open(url, config).close()
            except OperationalError as exc:
                raise migrate.SchemaError(f"database schema is {revision!r}, older than this version's "
                                          f"{migrate.head_revision()!r}, and it cannot be upgraded here "
                                          f"({str(exc).splitlines()[0]}): upgrade it once where it is writable"
                                          ) from None
            engine = make_engine(url, config.busy_timeout_ms, read_only=True)
        return cls(engine, url, config)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def check_schema(self) -> None:
        with self.engine.connect() as conn:
            current = migrate.current_revision(conn)
        if current != migrate.head_revision():
            raise migrate.SchemaError(f"database schema is {current!r}, expected {migrate.head_revision()!r}: "
                                      "open it with upgrade=True")

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return migrate.current_revision(conn)

    # -- writing ---------------------------------------------------------------------------------------

    def ingest(self, batch: Iterable[ArticleResult | Article | InputError]) -> BatchReport:
        """Store a batch in one transaction: all of it is committed, or none of it.

        An ``Article`` alone (not an ArticleResult) is stored uncoded: as a near-duplicate of a stored article
        when it is one, else pending, to be coded by the next run.
        """
        items = list(batch)
        with writer(self.engine).begin() as conn:
            return write_batch(conn, items, self.config, datetime.now(timezone.utc))

    def classify(self, article: Article) -> str:
        """Before coding: SKIP (stored unchanged), COPY (a near-duplicate of a stored article, so only
        linked), REFUSE (its id is stored from another input: pass it to ``ingest`` uncoded, which records the
        refusal) or CODE (new or changed: run the pipeline)."""
        a = t.articles
        article = nul.clean_article(article)  # as it would be written (PostgreSQL refuses a NUL in a bound id)
        digest = content_hash(article)
        with self.engine.connect() as conn:
            row = conn.execute(select(a.c.id, a.c.content_hash, a.c.status, a.c.origin)
                               .where(a.c.doc_id == article.id)).first()
            if row is not None and row.content_hash == digest and row.status != PENDING:
                return SKIP
            if row is not None and not same_input(row.origin, article.origin):
                return REFUSE
            if row is None and conn.execute(select(a.c.id).where(a.c.content_hash == digest,
                                                                 a.c.status != PENDING).limit(1)).first():
                return SKIP
            when = parse_when(article.date)
            match = dedup.find_near_duplicate(conn, dedup.signature(article.text, self.config),
                                              row.id if row is not None else None,
                                              when.lo if when and when.precision == "day" else None, self.config)
        return COPY if match else CODE

    # -- reading ---------------------------------------------------------------------------------------

    def events(self, filters: EventFilter | None = None, *, sources: bool = False, corrected: bool = False,
               **kwargs: Any) -> list[dict[str, Any]]:
        """Merged events, newest first. ``filters`` or keyword arguments of EventFilter; ``sources=True`` adds
        each event's articles and sentences; ``corrected=True`` reads the reviewers' corrected view (events
        judged wrong left out, corrections applied, each with its ``verdict``; store/review.py)."""
        f = filters or EventFilter(**kwargs)
        with self.engine.connect() as conn:
            rows = review.corrected_events(conn, f) if corrected else queries.events(conn, f)
            if sources and rows:
                found = queries.event_sources(conn, [r["id"] for r in rows])
                for row in rows:
                    row["sources"] = found.get(row["id"], [])
        return rows

    def event(self, event_id: int) -> dict[str, Any] | None:
        """One event with its sources, negated, hypothetical and backdrop-only ones included."""
        with self.engine.connect() as conn:
            row = conn.execute(queries.event_select().where(t.events.c.id == event_id)).first()
            if row is None:
                return None
            out = queries.event_dict(row)
            out["sources"] = queries.event_sources(conn, [event_id]).get(event_id, [])
        return out

    def event_details(self, event_id: int) -> dict[str, Any] | None:
        """What ``event`` leaves out: context, place feature, date span, first-paragraph flag, timestamps."""
        with self.engine.connect() as conn:
            return browse.event_details(conn, event_id)

    def events_between(self, a: str, b: str, filters: EventFilter | None = None, *, directed: bool = False,
                       sources: bool = False, **kwargs: Any) -> list[dict[str, Any]]:
        """Events between two codes in either direction (a->b only if ``directed``), newest first, with the
        filters, limit and offset of ``events`` (``filters`` or EventFilter's keyword arguments)."""
        f = filters or EventFilter(**kwargs)
        with self.engine.connect() as conn:
            return browse.events_between(conn, a, b, f, directed, sources)

    def actors(self, country: str | None = None, kind: str | None = None, name: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Distinct actors with their numbers of articles and mentions, most reported first."""
        with self.engine.connect() as conn:
            return queries.actors(conn, country, kind, name, limit, offset)

    def actor(self, actor_id: int, max_articles: int = 200) -> dict[str, Any] | None:
        """A named actor's record: sectors, roles, aliases, articles, events as actor and recipient, and the
        codes on the other side."""
        with self.engine.connect() as conn:
            return browse.actor(conn, actor_id, max_articles)

    def articles(self, since: str | None = None, until: str | None = None, source: str | None = None,
                 status: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Articles, newest first, each with its number of event records; ``status`` coded, duplicate, pending."""
        with self.engine.connect() as conn:
            return browse.articles(conn, since, until, source, status, limit, offset)

    def article(self, doc_id: str) -> dict[str, Any] | None:
        """One article with its text and everything extracted from it, with offsets into the text."""
        with self.engine.connect() as conn:
            return browse.article(conn, doc_id)

    def dyad(self, a: str, b: str, by: str = "month", since: str | None = None, until: str | None = None,
             directed: bool = False, include_background: bool = False) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return queries.dyad(conn, a, b, by, since, until, directed, include_background)

    def timeline(self, by: str = "month", since: str | None = None, until: str | None = None,
                 event_type: str | None = None, a: str | None = None, b: str | None = None,
                 directed: bool = False, include_background: bool = False, include_uncertain: bool = False
                 ) -> list[dict[str, Any]]:
        """Rows as ``dyad``'s, over the whole store, one code's events (``a``) or a pair's, with a type filter."""
        with self.engine.connect() as conn:
            return browse.timeline(conn, by, since, until, event_type, a, b, directed, include_background,
                                   include_uncertain)

    def network(self, since: str | None = None, until: str | None = None, event_type: str | None = None,
                min_events: int = 1, max_edges: int | None = None) -> dict[str, Any]:
        """Codes as nodes and an undirected edge per pair weighted by its events (the strongest ``max_edges``)."""
        with self.engine.connect() as conn:
            return browse.network(conn, since, until, event_type, min_events, max_edges)

    def counterparts(self, code: str, limit: int = 20) -> list[dict[str, Any]]:
        """The codes ``code`` has most events with, either direction."""
        with self.engine.connect() as conn:
            return browse.counterparts(conn, code, limit)

    def date_span(self) -> tuple[int | None, int | None]:
        """First and last day (YYYYMMDD integers) of the events the default filter shows."""
        with self.engine.connect() as conn:
            return browse.date_span(conn)

    def search(self, q: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return queries.search(conn, q, limit, offset)

    # -- for lists that say how many there are, exports of any size, and per-type counts (web pages) --------

    def count_events(self, filters: EventFilter, pair: tuple[str, str] | None = None, directed: bool = False
                     ) -> int:
        """How many events ``filters`` match (between the ``pair`` of codes, if given), whatever the limit."""
        with self.engine.connect() as conn:
            return queries.count_events(conn, filters, _pair(pair, directed))

    def stream_events(self, filters: EventFilter, pair: tuple[str, str] | None = None, directed: bool = False,
                      batch: int = 1000) -> Iterator[dict[str, Any]]:
        """The events ``filters`` match, one at a time (``batch`` rows fetched at a time), holding a connection
        until the iterator ends."""
        with self.engine.connect() as conn:
            yield from browse.stream_events(conn, filters, _pair(pair, directed), batch)

    def type_counts(self, filters: EventFilter, pair: tuple[str, str] | None = None, directed: bool = False
                    ) -> list[dict[str, Any]]:
        """Events per PLOVER type (with quad classes and the mean score), most frequent first."""
        with self.engine.connect() as conn:
            return browse.type_counts(conn, filters, _pair(pair, directed))

    def place_counts(self, filters: EventFilter, pair: tuple[str, str] | None = None, directed: bool = False
                     ) -> list[dict[str, Any]]:
        """The located events counted per place and quad class, with the newest event's id (for maps)."""
        with self.engine.connect() as conn:
            return browse.place_counts(conn, filters, _pair(pair, directed))

    def article_span(self, filters: EventFilter | None = None, pair: tuple[str, str] | None = None,
                     directed: bool = False) -> tuple[int | None, int | None]:
        """First and last publication day (YYYYMMDD integers) of the articles, the span of the reporting; given
        filters (and a pair), of the articles reporting the events they match."""
        with self.engine.connect() as conn:
            return browse.article_span(conn, filters, _pair(pair, directed))

    def search_count(self, q: str) -> int:
        with self.engine.connect() as conn:
            return browse.search_count(conn, q)

    def search_events(self, q: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Events of a PLOVER type, or whose actor, recipient or place name contains ``q``."""
        with self.engine.connect() as conn:
            return browse.search_events(conn, q, limit, offset)

    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            out = queries.stats(conn)
            out["backend"] = self.backend
            out["database"] = display_url(self.url)
            out["schema"] = migrate.current_revision(conn)
        return out

    def failures(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return queries.failures(conn, limit, offset)

    # -- review (store/review.py) ------------------------------------------------------------------------

    def judge(self, event_id: int, judgement: review.Judgement) -> dict[str, Any]:
        """Store an analyst's judgement on an event (the coder's record is left as it is); LookupError when
        there is no such event, review.ReviewError when the judgement is malformed."""
        with writer(self.engine).begin() as conn:
            return review.judge(conn, event_id, judgement)

    def judgements(self, event_id: int | None = None, limit: int | None = None, offset: int = 0
                   ) -> list[dict[str, Any]]:
        """Judgements newest first, all of them or one event's."""
        with self.engine.connect() as conn:
            return review.judgements(conn, event_id, limit, offset)

    def review_precision(self) -> dict[str, Any]:
        """Reviewed precision overall and per coded event type."""
        with self.engine.connect() as conn:
            return review.precision(conn)

    def export_gold(self, directory: str | os.PathLike[str]) -> int:
        """One gold file per reviewed article in ``directory`` (the evaluation format); returns how many."""
        with self.engine.connect() as conn:
            return review.write_gold(conn, Path(directory))

    def export(self, fmt: str, path: str | os.PathLike[str] | IO[Any], since: str | None = None,
               until: str | None = None, filters: EventFilter | None = None) -> int:
        """Write events as plover (JSON Lines), csv, parquet, gdelt (tab-separated) or graphml to a file or an
        open stream (text; binary for parquet); returns the number of records (events, or edges for graphml)."""
        from dragoman.store import export

        f = filters or EventFilter(since=since, until=until)
        target = Path(path) if isinstance(path, (str, os.PathLike)) else path
        with self.engine.connect() as conn:
            return export.export(conn, fmt, target, f)


def _pair(pair: tuple[str, str] | None, directed: bool) -> tuple:
    return (queries.pair_condition(pair[0], pair[1], directed),) if pair else ()
