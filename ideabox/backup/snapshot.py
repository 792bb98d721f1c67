"""A consistent view of the whole database to read a backup from, without stopping the site's writers."""
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ideabox.ideas.search import is_search_index_table


@contextmanager
def snapshot(engine: Engine):
    """Yield a connection that sees the database as of one instant, for as long as the backup reads."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with _sqlite_copy(engine) as connection:
            yield connection
        return
    # PostgreSQL's MVCC: a repeatable-read transaction sees one snapshot and blocks no writer
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            yield connection


@contextmanager
def _sqlite_copy(engine: Engine):
    # A long read transaction on SQLite would hold off every writer (and time them out), so copy the file with
    # SQLite's online backup, which takes its lock for the length of the page copy only, and read the copy.
    with tempfile.TemporaryDirectory(prefix="ideabox-backup-") as directory:
        copy_path = Path(directory) / "snapshot.sqlite3"
        # mode=rw: a path with no database behind it is refused, not made into an empty database and backed up
        source = sqlite3.connect(f"{Path(engine.url.database).resolve().as_uri()}?mode=rw", uri=True)
        target = sqlite3.connect(copy_path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        copy_engine = sa.create_engine(f"sqlite:///{copy_path}")
        try:
            with copy_engine.connect() as connection:
                yield connection
        finally:
            copy_engine.dispose()


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database's schema is at (None before the first migration)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def data_tables(connection: Connection) -> list[sa.Table]:
    """Every table but Alembic's own and SQLite's search index (its triggers fill it from the ideas restored),
    parents before the tables that point at them."""
    metadata = sa.MetaData()
    metadata.reflect(bind=connection, only=lambda name, _: not is_search_index_table(name))
    return [table for table in metadata.sorted_tables if table.name != "alembic_version"]
