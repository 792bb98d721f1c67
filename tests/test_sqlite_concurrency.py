"""The SQLite default under gunicorn's several workers: readers never wait for a writer, writers queue for the lock
instead of failing, and a backup holds every committed row, even those still in the write-ahead log."""
import json
import shutil
import sqlite3
import threading
import time
import zipfile
from contextlib import closing

import pytest
from sqlalchemy import func, select, text

from ideabox import create_app
from ideabox.backup.archive import table_entry
from ideabox.backup.create import write_backup
from ideabox.extensions import db
from ideabox.models import Board
from tests import factories


@pytest.fixture
def database_file(app):
    """The path of the test database, on SQLite runs only."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's locking; PostgreSQL's readers and writers never wait for each other this way")
    return db.engine.url.database


@pytest.fixture
def other_connection(database_file):
    """A connection of another worker, outside SQLAlchemy, that begins and ends its own transactions."""
    connection = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
    yield connection
    connection.close()


def board_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Board))


def test_a_new_database_is_in_wal_mode_from_the_apps_first_connection(database_file, tmp_path):
    path = tmp_path / "fresh.sqlite3"
    fresh = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "k"})
    with fresh.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        db.engine.dispose()
    with closing(sqlite3.connect(path)) as plain:  # the mode is kept in the file, for every later connection
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_reader_is_not_blocked_by_an_open_write_transaction(app, board, other_connection):
    # EXCLUSIVE is the lock a rollback-journal writer holds while it commits, or once its changes outgrow its cache
    other_connection.execute("BEGIN EXCLUSIVE")
    other_connection.execute("INSERT INTO boards (slug, name, description, is_private, created_at)"
                             " VALUES ('web', 'Web', '', 0, '2026-01-01')")
    started = time.monotonic()
    assert board_count() == 1  # the last committed state, at once
    assert time.monotonic() - started < 1
    other_connection.execute("COMMIT")
    assert board_count() == 2


def test_a_writer_waits_for_the_write_lock_rather_than_failing(app, board, other_connection):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 20_000  # the driver's default is 5,000
    other_connection.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, other_connection.execute, ["COMMIT"]).start()
    started = time.monotonic()
    factories.make_board(name="Web", slug="web")
    assert time.monotonic() - started > 0.8  # it waited for the other writer, then went through
    assert board_count() == 2


def test_a_backup_holds_the_rows_still_in_the_write_ahead_log(database_file, board, customer, tmp_path):
    factories.make_idea(board, customer, title="Only in the log so far")
    copied_file = shutil.copy(database_file, tmp_path / "copied.sqlite3")
    with closing(sqlite3.connect(copied_file)) as copy:  # the file alone lacks them: they await a checkpoint
        assert copy.execute("SELECT count(*) FROM ideas").fetchone() == (0,)
    write_backup(db.engine, tmp_path / "site.zip")
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        ideas = [json.loads(line) for line in archive.read(table_entry("ideas")).splitlines()]
    assert any("Only in the log so far" in row for row in ideas)


def test_two_opposite_merges_at_once_cannot_make_a_loop(app, board, customer, pm, other_connection):
    """Pat merges y into x while Ada merges x into y: SQLite ignores FOR UPDATE, so the second merge's check once
    read the first's rows before its commit and linked each idea to the other (both unreachable)."""
    from ideabox.errors import DomainError
    from ideabox.merging.services import merge_ideas
    from ideabox.models import Idea

    x, y = factories.make_idea(board, customer, title="Dark mode"), factories.make_idea(board, customer, title="Night")
    db.session.commit()
    other_connection.execute("BEGIN IMMEDIATE")  # Pat's merge, written and not yet committed
    other_connection.execute("UPDATE ideas SET merged_into_id = ? WHERE id = ?", (x.id, y.id))
    threading.Timer(0.5, lambda: other_connection.execute("COMMIT")).start()
    with app.test_request_context(), pytest.raises(DomainError, match="that would make a loop"):
        merge_ideas(y, [x], pm)  # Ada's: waits for Pat's to commit, then sees it
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Idea, x.id).merged_into_id is None and db.session.get(Idea, y.id).merged_into_id == x.id
