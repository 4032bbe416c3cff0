"""Schema migrations, run programmatically with Alembic (no alembic.ini): a database made by an older
version of Dragoman is upgraded in place when the store opens it."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from dragoman.store.db import lock_for_writing, writer

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaError(RuntimeError):
    """The database's schema is not one this version can use."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction, holding the write lock so two processes opening
    a new database at once do not both build it. A database already at head is left alone without taking the
    lock, so opening the store to read never waits for (or times out behind) a writer's batch."""
    scripts = ScriptDirectory.from_config(alembic_config())
    if revision == "head":
        with engine.connect() as conn:
            if current_revision(conn) == scripts.get_current_head():
                return
    known = {s.revision for s in scripts.walk_revisions()}
    with writer(engine).begin() as conn:
        lock_for_writing(conn)
        current = current_revision(conn)
        if current is not None and current not in known:
            raise SchemaError(f"the database's schema {current!r} is newer than this version of Dragoman knows")
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with writer(engine).begin() as conn:
        lock_for_writing(conn)
        command.downgrade(alembic_config(conn), revision)
