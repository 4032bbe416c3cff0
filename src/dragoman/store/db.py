"""Database URLs and engines: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL through psycopg 3.

Everything here is a pure function of its arguments: the URL and the config are built at the edge.
"""
from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, create_engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

DEFAULT_SQLITE_FILE = "dragoman.db"
ENV_VAR = "DRAGOMAN_DB"
BACKENDS = ("sqlite", "postgresql")


def resolve_url(url: str | os.PathLike[str] | None, environ: Mapping[str, str] | None = None,
                cwd: Path | None = None) -> URL:
    """The database URL to use: the argument, else $DRAGOMAN_DB, else ./dragoman.db.

    A bare path means a SQLite file; ``postgresql://`` and ``postgres://`` use psycopg 3.
    """
    environ = os.environ if environ is None else environ
    raw = os.fspath(url) if url is not None else (environ.get(ENV_VAR) or "")
    if not raw:
        raw = str((cwd or Path.cwd()) / DEFAULT_SQLITE_FILE)
    if "://" not in raw:
        if raw == ":memory:":
            return make_url("sqlite://")
        return URL.create("sqlite", database=str(Path(raw).expanduser()))
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://"):]
    try:
        parsed = make_url(raw)
    except (ValueError, ArgumentError):  # "invalid literal for int()" from a port that is not a number
        raise ValueError(f"not a valid database URL: {_without_password(raw)} (expected "
                         "postgresql://user:password@host:port/database with a numeric port, or a SQLite path)"
                         ) from None
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise ValueError(f"unsupported database {backend!r}: use a SQLite path or a postgresql:// URL")
    if backend == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and parsed.drivername != "sqlite":
        parsed = parsed.set(drivername="sqlite")
    return parsed


def _without_password(raw: str) -> str:
    """A URL as typed, its password (between 'user:' and '@') masked, for an error message."""
    return re.sub(r"(://[^/:@]*:)[^@/]*@", r"\1***@", raw)


class StoreMissing(FileNotFoundError):
    """A read found no database, or one without Dragoman's tables: a mistyped path is not created."""


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def display_url(url: URL) -> str:
    """The URL without its password, for messages."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL, busy_timeout_ms: int = 30_000, sqlite_synchronous: str = "FULL",
                read_only: bool = False, immutable: bool = False) -> Engine:
    """An engine configured for the store.

    SQLite: WAL journal (readers never block the writer), ``synchronous=FULL`` so a committed batch survives
    a power cut, a busy timeout so concurrent writers wait instead of failing, foreign keys on, and
    transactions begun by us (``BEGIN`` or, for writers, ``BEGIN IMMEDIATE``) rather than by the driver.

    ``read_only`` (SQLite files): opened with ``mode=ro``, no folder made, no switch to WAL, nothing written, so
    reads work on a file and folder the user cannot write; ``immutable`` adds SQLite's ``immutable=1``, for a
    WAL database in such a folder, where SQLite cannot make the shared-memory file a WAL reader needs.
    """
    if url.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    memory = is_memory_sqlite(url)
    kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": busy_timeout_ms / 1000}}
    if read_only and not memory:
        uri = f"file:{quote(str(Path(url.database).expanduser().absolute()))}?mode=ro{'&immutable=1' * immutable}"
        kwargs = {"creator": lambda: sqlite3.connect(uri, uri=True, check_same_thread=False,
                                                     timeout=busy_timeout_ms / 1000)}
    elif not memory and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)
    _configure_sqlite(engine, memory or read_only, busy_timeout_ms, sqlite_synchronous, read_only)
    return engine


def _configure_sqlite(engine: Engine, keep_journal: bool, busy_timeout_ms: int, synchronous: str,
                      read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        # Let SQLAlchemy's begin event issue BEGIN itself (the driver's implicit BEGIN is deferred and
        # cannot be made IMMEDIATE), and set the pragmas every connection needs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            if not keep_journal:
                _set_wal(cursor, busy_timeout_ms)
            if read_only:
                cursor.execute("PRAGMA query_only=ON")
            else:
                cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("dragoman_begin", "")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "immediate" else "BEGIN")


def _set_wal(cursor, busy_timeout_ms: int) -> None:  # noqa: ANN001 - a DB-API cursor
    """Switch a file database to WAL. The switch can report 'database is locked' without waiting for the busy
    handler while another connection is creating the same new database, so it is retried until the timeout."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions take the write lock at once (SQLite ``BEGIN IMMEDIATE``).

    A deferred transaction that reads and then writes can fail with 'database is locked' at once when
    another writer got there first; an immediate one waits for the busy timeout instead.
    """
    return engine.execution_options(dragoman_begin="immediate")


def lock_for_writing(conn: Connection, key: int = 0x64726167) -> None:
    """Serialise writers: SQLite's BEGIN IMMEDIATE already does; PostgreSQL takes a transaction-scoped
    advisory lock so two ingests never create the same merged event twice."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(key)})")
