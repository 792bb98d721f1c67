"""Settings every SQLite connection asks for, so the embedded database behaves under gunicorn's workers.

Foreign keys are enforced only when each connection asks: deleting a board or a user then cascades and nulls
exactly as on PostgreSQL. The schema is trusted: the triggers that keep the search index in step (migration 0038)
write to an FTS5 table, which SQLite refuses where trusted_schema is OFF, as some builds of it default to. A
database file is switched to write-ahead logging (kept in the file), so readers never
wait for a writer, and writers queue for the write lock instead of failing with "database is locked".
"""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

# The driver gives up after 5 s, losing the request; 20 s leaves room for a long write (a recompute replacing its
# suggestions, an import) and still answers the visitor well inside gunicorn's 120 s timeout.
BUSY_TIMEOUT_MS = 20_000


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection, _record):
    """Enforce foreign keys, trust the schema; on a database file, also wait for locks and use write-ahead logging."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA trusted_schema=ON")
    in_file = cursor.execute("PRAGMA database_list").fetchone()[2] != ""  # "" for :memory: and temporary ones
    if in_file:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: switching to WAL needs the lock a moment
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a power cut may undo the last commits, not corrupt
    cursor.close()


def lock_for_writing(session) -> None:
    """SQLite's stand-in for SELECT … FOR UPDATE, which it ignores: take the database's write lock now (BEGIN
    IMMEDIATE, waiting up to the busy timeout for another writer to commit) unless this transaction holds it
    already. What is read next is then the last commit, and stays so until this transaction ends, so a check and
    the write it allows cannot interleave with another request's. Nothing on other databases."""
    dbapi_connection = session.connection().connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN IMMEDIATE")


@event.listens_for(Engine, "savepoint")
def begin_before_savepoint(connection, _name):
    """Open the transaction before a savepoint. pysqlite opens one only before an INSERT, UPDATE or DELETE, so a
    SAVEPOINT coming first opened a transaction of its own, and its RELEASE committed at once what was meant to
    stand or fall with the rest of the request (a new idea's row without its vote and follow).

    IMMEDIATE: a savepoint guards a write (post once, record once), and the lookup inside it reads first. In a
    deferred transaction that read pins a snapshot, and a write after another connection's commit fails at once
    with "database is locked" (the busy timeout cannot make a stale snapshot current); taking the write lock at
    BEGIN queues the two sends instead."""
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN IMMEDIATE")
