"""A process killed with SIGKILL in the middle of its work loses nothing: the real `flask` commands, a real SMTP
server, a real HTTP endpoint and the real Redis, each stopped at an observable point before the kill."""
import os
import sqlite3
import threading
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from rq.job import Job, JobStatus
from sqlalchemy import select, text
from standardwebhooks import Webhook as Verifier

from ideabox import jobs
from ideabox.extensions import db
from ideabox.ideas.services import submit_idea
from ideabox.models import ClusteringRun, Idea, OutboxEmail, WebhookDelivery
from ideabox.notifications.jobs import send_emails_job
from ideabox.queue import enqueue
from ideabox.triage.services import start_recompute
from tests import factories
from tests.conftest import login
from tests.crash_processes import SAFETY_NET, FlaskProcess, FullPipe, StallingSink, kill_pid, wait_until
from tests.factories_notifications import LocalSmtpServer
from tests.factories_triage import make_suggestion, seed_corpus
from tests.factories_webhooks import Answer, Receiver, make_webhook


@pytest.fixture
def flask(app, database_url):
    """Start `flask --app wsgi <args>` on the test database; every process is killed at the end, come what may."""
    started = []
    environment = {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key", "BASE_URL": "http://localhost",
                   "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1"}

    def start(*args, stderr=None, **extra):
        db.session.commit()  # the child reads what the test wrote
        process = FlaskProcess(list(args), {**environment, **{k: str(v) for k, v in extra.items()}}, stderr).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


@pytest.fixture
def stalling_smtp(app):
    server = LocalSmtpServer()
    server.sink = StallingSink()
    server.start()
    yield server
    server.sink.release.set()
    server.stop()


@pytest.fixture
def receiver(app):
    server = Receiver().start()
    yield server
    server.stop()


def smtp_settings(server) -> dict:
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": server.port, "MAIL_FROM": "IdeaBox <roadmap@example.com>"}


def outbox() -> list[OutboxEmail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_an_email_worker_killed_mid_send_loses_nothing(app, flask, stalling_smtp, redis_queue):
    for number in range(5):
        db.session.add(OutboxEmail(to_address=f"reader{number}@example.com", subject=f"News {number}",
                                   text_body="Your idea moved."))
    db.session.commit()
    sink = stalling_smtp.sink
    sink.stall_at = 2
    redis_url = app.config["REDIS_URL"]  # the redis_queue fixture's
    enqueue(redis_url, redis_queue.name, send_emails_job)
    worker = flask("rq-worker", "--queue", redis_queue.name, REDIS_URL=redis_url, **smtp_settings(stalling_smtp))

    assert sink.got_stalled_data.wait(SAFETY_NET)  # the server has the third email's DATA, and has not answered
    worker.kill()
    sink.release.set()

    assert [bool(email.sent_at) for email in outbox()] == [True, True, False, False, False]
    assert [email.attempts for email in outbox()] == [1, 1, 0, 0, 0]  # the killed attempt left no trace
    sink.stall_at = None
    cron = flask("send-emails", **smtp_settings(stalling_smtp))
    assert cron.wait() == 0

    emails = outbox()
    assert all(email.sent_at for email in emails)
    accepted = Counter(message["To"] for message in sink.messages)
    assert accepted == Counter(email.to_address for email in emails)  # each accepted once: none lost, none twice
    # At least once: the email in flight at the kill reached the server, unanswered, and went again. A server that
    # kept such a message (having read its DATA) would deliver that one email twice, under one Message-ID.
    [in_flight] = sink.stalled
    interrupted = message_from_bytes(in_flight, policy=default_policy)
    [resent] = [message for message in sink.messages if message["To"] == "reader2@example.com"]
    assert interrupted["Message-ID"] == resent["Message-ID"]
    assert len({message["Message-ID"] for message in sink.messages}) == len(emails)


def post_ideas(app, board, author, count: int) -> list[Idea]:
    with app.test_request_context():
        ideas = [submit_idea(board, author, f"Idea {number}", "Please.") for number in range(count)]
        db.session.commit()
    return ideas


def deliveries() -> list[WebhookDelivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_webhook_sender_killed_mid_request_resends_with_the_same_id(app, flask, receiver, board, customer):
    webhook = make_webhook(receiver.url + "/hooks")
    stalled = threading.Event()
    receiver.answer(Answer(), Answer(hold=stalled), Answer())
    post_ideas(app, board, customer, 3)
    sender = flask("send-webhooks")

    wait_until(lambda: len(receiver.received) == 2, "the endpoint to get the second delivery")
    sender.kill()
    stalled.set()

    assert [(bool(d.delivered_at), d.attempts) for d in deliveries()] == [(True, 1), (False, 0), (False, 0)]
    assert flask("send-webhooks").wait() == 0

    rows = deliveries()
    assert all(row.delivered_at and row.attempts == 1 for row in rows)
    ids = [request.headers["webhook-id"] for request in receiver.received]
    first, second, third = (row.message_id for row in rows)
    assert ids == [first, second, second, third]  # the one cut off comes again under its id: receivers drop it
    for request in receiver.received:
        Verifier(webhook.secret).verify(request.body, request.headers)


class WriteBlocker:
    """A lock the test holds to stop a recompute mid-way: on PostgreSQL a pending suggestion's row, so the run gets
    to 'running' and waits at replacing the suggestions; on SQLite the database's write lock, so it waits at its
    first write."""

    def __init__(self, database_url: str):
        self.database_url, self.release = database_url, lambda: None

    def hold(self) -> None:
        if db.engine.dialect.name == "postgresql":
            connection = db.engine.connect()
            connection.execute(text("SELECT id FROM merge_suggestions FOR UPDATE"))
            self.release = connection.close
        else:
            holder = sqlite3.connect(self.database_url.removeprefix("sqlite:///"), isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            self.release = holder.close


@pytest.fixture
def blocker(board, database_url):
    ideas = seed_corpus(board)
    make_suggestion(list(ideas.values())[:2])
    db.session.commit()
    blocker = WriteBlocker(database_url)
    yield blocker
    blocker.release()


def test_a_recompute_whose_worker_was_killed_can_be_started_again(app, client, flask, redis_queue, pm, blocker):
    run = start_recompute(pm, "tfidf")
    db.session.commit()
    redis_url = app.config["REDIS_URL"]
    job_id = jobs.enqueue_run(run, redis_url, redis_queue.name)
    db.session.commit()
    blocker.hold()
    worker = flask("rq-worker", "--queue", redis_queue.name, REDIS_URL=redis_url)
    job = Job.fetch(job_id, connection=redis_queue.connection)
    wait_until(lambda: job.get_status() == JobStatus.STARTED and worker.children(), "the work horse to take the run")
    if db.engine.dialect.name == "postgresql":
        wait_until(lambda: db.session.scalar(select(ClusteringRun.state).where(ClusteringRun.id == run.id)
                                             .execution_options(populate_existing=True)) == "running",
                   "the run to be running")
        db.session.rollback()

    [horse] = worker.children()
    kill_pid(horse)  # as the OOM killer does to a big recompute; the worker itself lives on
    wait_until(lambda: job.get_status() == JobStatus.FAILED, "RQ to see its work horse die")
    blocker.release()

    db.session.expire_all()
    assert db.session.get(ClusteringRun, run.id).state in jobs.ACTIVE_STATES  # nobody told the run
    login(client, pm)
    status = client.get(f"/triage/runs/{run.id}?polling=1", headers={"HX-Request": "true"})
    assert "The worker stopped before finishing." in status.get_data(as_text=True)
    assert status.headers["HX-Refresh"] == "true"  # the inbox stops spinning and offers Recompute again
    again = start_recompute(pm, "tfidf")
    db.session.commit()
    assert again.id != run.id and db.session.get(ClusteringRun, run.id).state == "failed"


def run_state(run_id: int):
    return db.session.execute(select(ClusteringRun.state, ClusteringRun.heartbeat_at)
                              .where(ClusteringRun.id == run_id)).one_or_none()


@pytest.fixture
def stderr_gate(tmp_path):
    gate = FullPipe(tmp_path / "stderr")
    yield gate
    gate.close()


def test_a_recompute_command_killed_mid_run_is_released_once_its_heartbeat_is_old(
        app, client, flask, pm, blocker, stderr_gate):
    if db.engine.dialect.name == "postgresql":  # it saves 'running' and a heartbeat, then waits to replace suggestions
        blocker.hold()
        command = flask("recompute-suggestions", "--backend", "tfidf")
        run_id = wait_until(lambda: db.session.scalar(select(ClusteringRun.id).where(ClusteringRun.state == "running")
                                                      .execution_options(populate_existing=True)), "a running run")
        db.session.rollback()
    else:  # SQLite's lock would stop it before it creates its run: its stderr stops it right after, at the bar
        command = flask("recompute-suggestions", "--backend", "tfidf", stderr=stderr_gate.path)
        run_id = wait_until(lambda: db.session.scalar(select(ClusteringRun.id)), "the run to be created")
        db.session.rollback()
    command.kill()  # as the OOM killer, or gunicorn past its timeout, does: no handler runs
    blocker.release()

    state, heartbeat = run_state(run_id)
    assert state in jobs.ACTIVE_STATES and (heartbeat is not None) == (db.engine.dialect.name == "postgresql")
    login(client, pm)
    refused = client.post_form("/triage/runs", follow_redirects=True).get_data(as_text=True)
    assert "already being recomputed" in refused  # its heartbeat is fresh: it might still be working

    run = db.session.get(ClusteringRun, run_id)
    lost = jobs.HEARTBEAT_LOST_AFTER + timedelta(seconds=1)
    run.created_at -= lost  # the clock moves on: every time the run wrote is that much older
    run.started_at = run.started_at and run.started_at - lost
    run.heartbeat_at = run.heartbeat_at and run.heartbeat_at - lost
    db.session.commit()
    started = client.post_form("/triage/runs", follow_redirects=True).get_data(as_text=True)

    assert "Suggestions recomputed" in started
    db.session.expire_all()
    runs = list(db.session.scalars(select(ClusteringRun).order_by(ClusteringRun.id)))
    assert [(r.state, r.error) for r in runs] == [("failed", "The worker stopped before finishing."), ("finished", "")]


def read_exactly(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        data += os.read(fd, size - len(data))
    return data


def test_a_backup_killed_mid_write_leaves_no_file_that_looks_whole(app, flask, runner, board, customer, tmp_path):
    for number in range(2):  # random text deflates little, so the backup outgrows the 64 KiB pipe below
        factories.make_idea(board, customer, title=f"Big {number}", body=os.urandom(120_000).hex())
    target = tmp_path / "ideabox-nightly.zip"
    partial = target.with_name(target.name + ".partial")
    os.mkfifo(partial)  # the writer's temporary file is a pipe: the test reads what it wrote, then kills it
    writer = flask("backup", "create", str(target))
    # Read-write, so the pipe never reads as ended: zipfile first tries to open it read-write too, and closes it.
    pipe = os.open(partial, os.O_RDWR)
    try:
        written = read_exactly(pipe, 64 * 1024)  # the writer is mid-way: it has written these bytes
        writer.kill()
    finally:
        os.close(pipe)

    assert not target.exists() and sorted(tmp_path.glob("ideabox-*.zip")) == []  # nor does --keep count it
    cut = tmp_path / "cut.zip"
    cut.write_bytes(written)
    result = runner.invoke(args=["backup", "restore", str(cut)])
    assert result.exit_code == 2
    assert "is not an IdeaBox backup (not a zip file, or cut short)" in result.output
    assert db.session.scalar(select(db.func.count()).select_from(Idea)) == 2
