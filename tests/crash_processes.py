"""Real `flask` commands in their own processes, to be killed with SIGKILL mid-work, and servers that stall.

Starting a Python process that imports IdeaBox takes 3-10 s on the shared CI cores (scikit-learn, numpy), so
the commands are forked from a forkserver that imported IdeaBox once. Each child runs Flask's own command line
(`flask --app wsgi …`) against the test database, as cron or systemd would; it is its own process group, so a
kill takes a forking RQ worker together with its work horse.
"""
import multiprocessing
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from tests.factories_notifications import SmtpSink

PRELOAD = ["tests.crash_preload", "rq", "redis", "flask.cli"]
CONTEXT = multiprocessing.get_context("forkserver")
CONTEXT.set_forkserver_preload(PRELOAD)
PROJECT = Path(__file__).resolve().parent.parent
SAFETY_NET = 60  # seconds; every wait ends on an observable event long before this


def _run_flask(args: list[str], environment: dict, stderr: str | None = None) -> None:
    os.setpgrp()
    if stderr:  # a pipe the test keeps full: the command stops at its first write to stderr
        os.dup2(os.open(stderr, os.O_WRONLY), 2)
    os.chdir(PROJECT)
    os.environ.update(environment)
    from flask.cli import cli

    cli.main(args=["--app", "wsgi", *args], prog_name="flask")


class FlaskProcess:
    """`flask --app wsgi <args>` in a process of its own, with `environment` added to its environment (and its
    stderr sent to the named pipe `stderr`, if given)."""

    def __init__(self, args: list[str], environment: dict, stderr: str | None = None):
        self.process = CONTEXT.Process(target=_run_flask, args=(list(args), dict(environment), stderr), daemon=False)

    def start(self) -> "FlaskProcess":
        self.process.start()
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def children(self, pid: int | None = None) -> list[int]:
        """Pids of the processes it (or `pid`) forked: an RQ worker's work horse."""
        return children_of(pid or self.pid)

    def descendants(self, pid: int | None = None) -> list[int]:
        return [grandchild for child in self.children(pid) for grandchild in [child, *self.descendants(child)]]

    def wait(self, timeout: float = SAFETY_NET) -> int:
        """Wait for it to exit by itself; its exit code."""
        self.process.join(timeout)
        if self.process.exitcode is None:
            raise TimeoutError(f"flask {self.process._args[0]} still runs after {timeout} s")
        return self.process.exitcode

    def kill(self) -> None:
        """SIGKILL it and everything it forked, with no handler or cleanup, as the OOM killer or a power cut does.
        RQ's work horse leaves its worker's process group (setsid), so it is found by its parent and killed too."""
        if self.process.exitcode is None and self.pid:
            try:
                os.killpg(self.pid, signal.SIGSTOP)  # frozen, it forks nothing new while its family is listed
                for pid in [self.pid, *self.descendants()]:
                    os.kill(pid, signal.SIGKILL)
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.join(SAFETY_NET)


def children_of(pid: int) -> list[int]:
    """Pids of the processes `pid` forked."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


class Gunicorn:
    """`gunicorn --workers 2 --threads 4 … wsgi:app`, as `make run` serves, on `port` with `environment` added, and
    the hooks of tests/crash_gunicorn_conf.py reporting to files in `directory`."""

    def __init__(self, port: int, environment: dict, directory: Path):
        self.url, self.directory = f"http://127.0.0.1:{port}", directory
        self.log = open(directory / "gunicorn.log", "wb")
        command = [str(PROJECT / ".venv/bin/gunicorn"), "--workers", "2", "--threads", "4", "--timeout", "120",
                   "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--log-level", "warning",
                   "-c", str(PROJECT / "tests/crash_gunicorn_conf.py"), "wsgi:app"]
        self.process = subprocess.Popen(command, cwd=PROJECT, stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, **environment, "CRASH_DIR": str(directory)},
                                        start_new_session=True)

    def workers(self) -> list[int]:
        return children_of(self.process.pid)

    def _pids(self, prefix: str) -> set[int]:
        return {int(path.name.removeprefix(prefix)) for path in self.directory.glob(prefix + "*")}

    def ready(self) -> set[int]:
        """Workers that loaded the app and take requests (those killed since included)."""
        return self._pids("ready-")

    def paused(self) -> set[int]:
        """Workers holding a request at an `X-Crash-Pause` point."""
        return self._pids("paused-")

    def stop(self) -> str:
        """Quick shutdown (SIGINT: no waiting for a paused request), then SIGKILL to whatever is left; its log."""
        try:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(SAFETY_NET)
        self.log.close()
        return (self.directory / "gunicorn.log").read_text(errors="replace")


def kill_pid(pid: int) -> None:
    """SIGKILL one process (a work horse, leaving its worker alive)."""
    os.kill(pid, signal.SIGKILL)


class FullPipe:
    """A named pipe filled to the brim: a process writing to it blocks at its first write, until `close`."""

    def __init__(self, path):
        os.mkfifo(path)
        self.path = str(path)
        self.fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)  # read-write: opening it never waits for a writer
        for chunk in (b"\0" * 4096, b"\0"):  # then byte by byte: a short write never leaves room for a small one
            try:
                while True:
                    os.write(self.fd, chunk)
            except BlockingIOError:
                pass

    def close(self) -> None:
        os.close(self.fd)


def wait_until(condition, what: str, timeout: float = SAFETY_NET, every: float = 0.02):
    """Poll an observable condition until it holds (the timeout is only a safety net); return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"timed out waiting for {what}")


class StallingSink(SmtpSink):
    """Accepts mail until `stall_at` messages were accepted; then takes in the next one's DATA and never answers
    it until `release` is set (the worker is killed meanwhile). `stalled` keeps the messages it got that way."""

    def __init__(self, stall_at: int | None = None):
        super().__init__()
        self.stall_at = stall_at
        self.stalled = []
        self.got_stalled_data = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.stall_at is not None and len(self.messages) >= self.stall_at:
            self.stalled.append(envelope.content)
            self.got_stalled_data.set()
            await server.loop.run_in_executor(None, self.release.wait, SAFETY_NET)
            return "451 Try again later"
        return await super().handle_DATA(server, session, envelope)
