"""Alembic environment for the store. Run programmatically (see dragoman.store.migrate); the caller passes
the open connection in ``config.attributes["connection"]``, so no alembic.ini and no URL here."""
from __future__ import annotations

from alembic import context

from dragoman.store.schema import SQLITE_FTS_TABLE, metadata


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    # The SQLite FTS5 table and its shadow tables are made by migration 0002, not described by metadata.
    if type_ == "table" and name and name.startswith(SQLITE_FTS_TABLE):
        return False
    if type_ == "index" and name == "ix_articles_fts":
        return False
    return True


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("dragoman's migrations run with a connection: use dragoman.store.migrate")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
