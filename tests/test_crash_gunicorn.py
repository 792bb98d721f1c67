"""A gunicorn worker SIGKILLed in the middle of a request, as the OOM killer does: the database keeps the request's
change whole or not at all, nothing stays locked, and the master's new worker serves the same session at once.

Real gunicorn as `make run` starts it, on the test database; the worker is stopped in its commit by the hooks of
tests/crash_gunicorn_conf.py, and killed by the pid they report."""
import re
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from ideabox.extensions import db
from ideabox.models import Follow, Idea, Vote
from tests.conftest import CSRF_PATTERN
from tests.crash_gunicorn_conf import PAUSE_HEADER
from tests.crash_processes import SAFETY_NET, Gunicorn, kill_pid, wait_until
from tests.factories import PASSWORD
from tests.factories_notifications import free_port

TITLE = "Export the roadmap as PDF"
SUBMISSION_KEY_PATTERN = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')
LOCKS_GONE_WITHIN = 5  # seconds; SQLite frees a dead process's locks as it exits, PostgreSQL as its backend sees EOF


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    db.session.commit()  # the workers read what the test wrote
    server = Gunicorn(free_port(), {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
                                    "BASE_URL": "http://localhost"}, tmp_path)
    try:
        wait_until(lambda: len(server.ready()) == 2 or server.process.poll() is not None, "two workers")
        assert server.process.poll() is None, "gunicorn exited: its log is below"
        yield server
    finally:
        print(server.stop()[-2000:])  # shown when the test fails


def signed_in(server: Gunicorn, user) -> requests.Session:
    """A browser session signed in through the real login form."""
    web = requests.Session()
    token = CSRF_PATTERN.search(web.get(server.url + "/auth/login", timeout=SAFETY_NET).text).group(1)
    answer = web.post(server.url + "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token},
                      allow_redirects=False, timeout=SAFETY_NET)
    assert answer.status_code == 302, answer.text
    return web


def idea_form(server: Gunicorn, web: requests.Session, board) -> dict:
    """The new-idea form filled in, with its hidden fields as a browser sends them."""
    page = web.get(f"{server.url}/b/{board.slug}/new", timeout=SAFETY_NET)
    assert page.status_code == 200
    return {"title": TITLE, "body": "For the board meeting.", "csrf_token": CSRF_PATTERN.search(page.text).group(1),
            "submission_key": SUBMISSION_KEY_PATTERN.search(page.text).group(1)}


def post_idea(server: Gunicorn, web: requests.Session, board, form: dict, **headers) -> requests.Response:
    return web.post(f"{server.url}/b/{board.slug}/new", data=form, headers=headers, allow_redirects=False,
                    timeout=SAFETY_NET)


def submit_and_kill(server: Gunicorn, web: requests.Session, board, form: dict, point: str, while_paused=None):
    """POST the idea, stop its worker at `point`, run `while_paused`, SIGKILL the worker; its pid and the time."""
    with ThreadPoolExecutor(1) as pool:
        posting = pool.submit(post_idea, server, web, board, form, **{PAUSE_HEADER: point})
        [worker] = wait_until(server.paused, f"a worker to pause at {point}")
        try:
            assert worker in server.workers()
            if while_paused:
                while_paused()
        finally:  # even when a check failed: the paused request would hold the test for a minute
            kill_pid(worker)
        killed_at = time.monotonic()
        with pytest.raises(requests.ConnectionError):  # the browser gets no answer at all
            posting.result(SAFETY_NET)
    return worker, killed_at


def writer_waits(database_url: str) -> bool:
    """Whether a new write would have to wait for another transaction's locks (asked without waiting)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            try:
                connection.execute(text("LOCK TABLE ideas, votes, follows IN SHARE ROW EXCLUSIVE MODE NOWAIT"))
            except OperationalError:
                return True
            finally:
                connection.rollback()
        return False
    probe = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:  # database is locked
        return True
    finally:
        probe.close()


def open_transactions() -> list[str]:
    """Other sessions on the test database inside a transaction (PostgreSQL; SQLite has no such view)."""
    if db.engine.dialect.name != "postgresql":
        return []
    states = list(db.session.scalars(text("SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                                          "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'")))
    db.session.rollback()
    return states


def ideas_as_stored() -> list[tuple]:
    """(vote count, vote rows, the author's follow rows) of each idea titled TITLE."""
    db.session.rollback()  # a fresh look, and no lock of the test's kept
    votes = select(func.count()).where(Vote.idea_id == Idea.id).scalar_subquery()
    follows = select(func.count()).where(Follow.idea_id == Idea.id, Follow.user_id == Idea.author_id).scalar_subquery()
    rows = db.session.execute(select(Idea.vote_count, votes, follows).where(Idea.title == TITLE)).all()
    db.session.rollback()
    return [tuple(row) for row in rows]


def replaced(server: Gunicorn, worker: int, killed_at: float) -> float:
    """Wait for the master's new worker to load the app; seconds since the kill."""
    wait_until(lambda: len(server.ready() - {worker}) == 2, "the master to replace the killed worker")
    assert worker not in server.workers() and len(server.workers()) == 2
    return time.monotonic() - killed_at


def test_a_worker_killed_inside_its_transaction_leaves_nothing_locked_and_the_retry_lands_once(
        gunicorn, database_url, board, customer):
    web = signed_in(gunicorn, customer)
    form = idea_form(gunicorn, web, board)

    def mid_transaction():  # the idea, its vote and its follow are written and the transaction is open
        assert writer_waits(database_url)
        if db.engine.dialect.name == "postgresql":
            assert open_transactions() == ["idle in transaction"]  # what must not outlive the kill

    worker, killed_at = submit_and_kill(gunicorn, web, board, form, "before-commit", mid_transaction)

    wait_until(lambda: not writer_waits(database_url), "the killed transaction's locks to go", LOCKS_GONE_WITHIN)
    unlocked = time.monotonic() - killed_at
    assert open_transactions() == []
    assert ideas_as_stored() == []  # none of it: no idea, so no orphan vote or follow either
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
    retried = post_idea(gunicorn, web, board, form)  # the same form sent again, on the same session cookie
    assert retried.status_code == 303 and "/ideas/" in retried.headers["Location"]
    assert ideas_as_stored() == [(1, 1, 1)]
    seconds = replaced(gunicorn, worker, killed_at)
    assert web.get(gunicorn.url + retried.headers["Location"], timeout=SAFETY_NET).status_code == 200
    print(f"\n{db.engine.dialect.name}: locks free {unlocked:.3f} s after the kill, new worker ready after {seconds:.2f} s")


def test_a_worker_killed_after_its_commit_leaves_the_whole_idea_and_the_resend_finds_it(
        gunicorn, database_url, board, customer):
    web = signed_in(gunicorn, customer)
    form = idea_form(gunicorn, web, board)
    worker, killed_at = submit_and_kill(gunicorn, web, board, form, "after-commit")

    assert ideas_as_stored() == [(1, 1, 1)]  # the idea with its author's vote, counted, and follow: all of it
    assert not writer_waits(database_url) and open_transactions() == []
    resent = post_idea(gunicorn, web, board, form)  # the browser got no answer, so its person sends the form again
    assert resent.status_code == 303
    assert resent.headers["Location"].startswith(f"/ideas/{db.session.scalar(select(Idea.id))}?")
    assert ideas_as_stored() == [(1, 1, 1)]  # the idea it posted the first time, not a second one
    seconds = replaced(gunicorn, worker, killed_at)
    board_page = web.get(f"{gunicorn.url}/b/{board.slug}", timeout=SAFETY_NET)
    assert board_page.status_code == 200 and TITLE in board_page.text
    print(f"\n{db.engine.dialect.name}: new worker ready after {seconds:.2f} s")
