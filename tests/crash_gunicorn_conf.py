"""gunicorn hooks for tests/test_crash_gunicorn.py (`gunicorn -c tests/crash_gunicorn_conf.py …`), never production.

Each worker, once it has loaded the app, leaves `ready-<pid>` in $CRASH_DIR. A request carrying the header
`X-Crash-Pause: before-commit` stops in its first commit (savepoints aside) once everything it wrote is flushed (rows written, the
transaction still open); `after-commit` stops right after that commit, before the response. Either way the worker
leaves `paused-<pid>` in $CRASH_DIR and sleeps until the test kills it.
"""
import os
import time
from pathlib import Path

PAUSE_HEADER = "X-Crash-Pause"
PAUSE_SECONDS = 60  # a safety net: the test kills the worker long before


def _pause_at(point: str):
    def pause(session):
        from flask import g, has_request_context, request

        if not has_request_context() or request.headers.get(PAUSE_HEADER) != point or g.get("crash_paused"):
            return
        if session.in_nested_transaction():  # a savepoint's release: nothing is committed yet
            return
        g.crash_paused = True
        if point == "before-commit":
            session.flush()  # what commit would do next: every row of the request is now in the database
        Path(os.environ["CRASH_DIR"], f"paused-{os.getpid()}").touch()
        time.sleep(PAUSE_SECONDS)

    return pause


def post_worker_init(worker):
    """Install the pauses in this worker, then say it is ready to take requests."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    event.listen(Session, "before_commit", _pause_at("before-commit"))
    event.listen(Session, "after_commit", _pause_at("after-commit"))
    Path(os.environ["CRASH_DIR"], f"ready-{worker.pid}").touch()
