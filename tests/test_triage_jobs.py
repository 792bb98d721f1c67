"""Recomputing from the command line and in an RQ worker (the real Redis at 127.0.0.1:6379)."""
import os
import signal

import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import ClusteringRun, MergeSuggestion
from tests.conftest import login
from tests.factories_triage import GROUPS, seed_corpus



def pending_groups(ideas) -> list[set[str]]:
    key_of = {idea.id: key for key, idea in ideas.items()}
    suggestions = db.session.scalars(select(MergeSuggestion).where(MergeSuggestion.state == "pending"))
    return [{key_of[m.idea_id] for m in s.members} for s in suggestions]


def latest_run() -> ClusteringRun:
    return db.session.scalar(select(ClusteringRun).order_by(ClusteringRun.id.desc()))


@pytest.fixture
def corpus(board):
    return seed_corpus(board)


def test_cli_recomputes_with_a_progress_bar_on_stderr(runner, corpus):
    result = runner.invoke(args=["recompute-suggestions"])

    assert result.exit_code == 0, result.output
    assert "duplicate group(s) waiting in the triage inbox" in result.stdout
    assert "Recomputing suggestions" in result.stderr and "100%" in result.stderr
    assert latest_run().state == "finished"
    assert all(group in pending_groups(corpus) for group in GROUPS.values())


def test_cli_if_never_run_computes_once(runner, corpus):
    first = runner.invoke(args=["recompute-suggestions", "--if-never-run"])
    second = runner.invoke(args=["recompute-suggestions", "--if-never-run"])

    assert first.exit_code == 0 and "waiting in the triage inbox" in first.stdout
    assert second.exit_code == 0 and "nothing to do" in second.stdout
    assert db.session.scalar(select(db.func.count()).select_from(ClusteringRun)) == 1


def test_cli_refuses_while_a_run_is_under_way(runner, corpus):
    db.session.add(ClusteringRun(state="running", backend="hybrid"))
    db.session.commit()

    result = runner.invoke(args=["recompute-suggestions"])

    assert result.exit_code != 0
    assert "already being recomputed" in result.output
    assert db.session.scalar(select(db.func.count()).select_from(ClusteringRun)) == 1


def sigterm():
    os.kill(os.getpid(), signal.SIGTERM)


def ctrl_c():
    raise KeyboardInterrupt


@pytest.mark.parametrize("interrupt, code", [(sigterm, 128 + signal.SIGTERM), (ctrl_c, 1)])
def test_cli_stopped_mid_run_marks_its_run_failed(runner, corpus, monkeypatch, interrupt, code):
    def stopped(*args, **kwargs):
        interrupt()  # SIGTERM from systemctl or a deploy, or Ctrl-C, while the engine computes

    monkeypatch.setattr("ideabox.jobs.find_themes", stopped)
    before = signal.getsignal(signal.SIGTERM)

    result = runner.invoke(args=["recompute-suggestions"])

    assert result.exit_code == code
    run = latest_run()
    assert run.state == "failed" and run.error == "Stopped before finishing." and run.finished_at
    assert signal.getsignal(signal.SIGTERM) == before


def test_cli_enqueue_without_redis_fails_clearly(runner, corpus):
    result = runner.invoke(args=["recompute-suggestions", "--enqueue"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output
    assert latest_run().state == "failed"


def test_rq_worker_command_needs_redis(runner):
    result = runner.invoke(args=["rq-worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


@pytest.fixture
def job_environment(monkeypatch, database_url):
    """The job builds its own app from the environment, as under `rq worker ideabox`."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")


def run_worker(queue):
    from ideabox.worker import InProcessWorker

    db.session.commit()  # end our transaction: the job's own app writes through its own connections
    InProcessWorker([queue], connection=queue.connection).work(burst=True)
    db.session.expire_all()


def test_recompute_button_queues_a_job_that_a_worker_runs(client, pm, corpus, redis_queue, job_environment):
    login(client, pm)

    response = client.post_form("/triage/runs")

    assert response.status_code == 303
    run = latest_run()
    assert run.state == "queued" and run.job_id
    assert redis_queue.job_ids == [run.job_id]
    inbox = client.get("/triage/").get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in inbox and "Waiting for a worker" in inbox
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in inbox  # progress without JS too

    run_worker(redis_queue)

    run = db.session.get(ClusteringRun, run.id)
    assert run.state == "finished" and run.progress_done == run.progress_total > 0
    assert all(group in pending_groups(corpus) for group in GROUPS.values())
    status = client.get(f"/triage/runs/{run.id}?polling=1", headers={"HX-Request": "true"})
    assert status.headers["HX-Refresh"] == "true"
    assert "every 1s" not in status.get_data(as_text=True)


def test_cli_can_enqueue_for_the_worker(runner, corpus, redis_queue, job_environment):
    result = runner.invoke(args=["recompute-suggestions", "--enqueue"])

    assert result.exit_code == 0, result.output
    assert "Queued run" in result.stdout
    run_worker(redis_queue)
    assert latest_run().state == "finished"


def test_polling_shows_progress_while_running(client, pm):
    run = ClusteringRun(state="running", backend="hybrid", progress_done=30, progress_total=120)
    db.session.add(run)
    db.session.commit()
    login(client, pm)

    response = client.get(f"/triage/runs/{run.id}?polling=1", headers={"HX-Request": "true"})

    body = response.get_data(as_text=True)
    assert "HX-Refresh" not in response.headers
    assert 'value="25"' in body and "every 1s" in body
    assert client.get(f"/triage/runs/{run.id}").status_code == 303  # without htmx: back to the inbox
    assert client.get("/triage/runs/999999", headers={"HX-Request": "true"}).status_code == 404


def test_flask_rq_worker_runs_queued_recomputes(runner, corpus, redis_queue, job_environment):
    runner.invoke(args=["recompute-suggestions", "--enqueue"])
    db.session.commit()

    result = runner.invoke(args=["rq-worker", "--burst", "--queue", redis_queue.name])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert latest_run().state == "finished"
    assert all(group in pending_groups(corpus) for group in GROUPS.values())
