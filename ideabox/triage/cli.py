"""CLI commands of the triage area (thin wrappers over its services)."""
import signal
import sys
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import with_appcontext

from ideabox import jobs
from ideabox.extensions import db
from ideabox.triage import queries, services


@click.command("recompute-suggestions")
@click.option("--backend", type=click.Choice(["tfidf", "semantic", "hybrid"]), default=None,
              help="Matching backend (default: the CLUSTERING_BACKEND setting).")
@click.option("--enqueue", is_flag=True, help="Put the run on the RQ queue instead of running it here.")
@click.option("--if-never-run", is_flag=True, help="Do nothing when suggestions were ever computed (for `make run`).")
@with_appcontext
def recompute_suggestions(backend, enqueue, if_never_run):
    """Recompute duplicate suggestions over every visible idea."""
    from sqlalchemy import exists, select
    from tqdm import tqdm

    from ideabox.models import ClusteringRun

    if if_never_run and db.session.scalar(select(exists().where(ClusteringRun.id.isnot(None)))):
        click.echo("Suggestions were computed before; nothing to do.")
        return

    if jobs.active_run() is not None:  # checked here too: outside a request there is no locale to phrase it in
        raise click.ClickException("Suggestions are already being recomputed; wait for that run to finish.")
    run = services.start_recompute(None, backend or current_app.config["CLUSTERING_BACKEND"])
    db.session.commit()
    if enqueue:
        redis_url = current_app.config.get("REDIS_URL") or _fail(run, "REDIS_URL is not set.")
        job_id = jobs.enqueue_run(run, redis_url, current_app.config.get("RQ_QUEUE", jobs.QUEUE_NAME))
        db.session.commit()
        click.echo(f"Queued run {run.id} as job {job_id}.")
        return
    with tqdm(total=1, desc="Recomputing suggestions", unit="step", file=sys.stderr) as bar, sigterm_exits():
        def show(done, total):
            bar.total = total
            bar.update(done - bar.n)

        run = jobs.execute_run(run, listener=show)  # marks the run failed on Ctrl-C or SIGTERM
    if run.state == "failed":
        raise click.ClickException(f"Run {run.id} failed: {run.error}")
    pending = db.session.scalar(queries.pending_count())
    click.echo(f"Run {run.id} finished: {pending} duplicate group(s) waiting in the triage inbox.")


@contextmanager
def sigterm_exits():
    """Turn SIGTERM (systemctl stop, a deploy) into SystemExit meanwhile, so the run is marked failed on the way out."""
    def leave(signum, frame):
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(run, message):
    run.state, run.error = "failed", message
    db.session.commit()
    raise click.ClickException(message)


@click.command("rq-worker")
@click.option("--queue", "queue_names", multiple=True, help="Queue(s) to listen on (default: ideabox).")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def rq_worker(queue_names, burst):
    """Run an RQ worker for IdeaBox's background jobs (needs REDIS_URL)."""
    from redis import Redis

    from ideabox.worker import IdeaBoxWorker

    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url:
        raise click.ClickException("REDIS_URL is not set: without Redis, recomputes run inside the request.")
    names = list(queue_names) or [current_app.config.get("RQ_QUEUE", jobs.QUEUE_NAME)]
    IdeaBoxWorker(names, connection=Redis.from_url(redis_url)).work(burst=burst)


commands = [recompute_suggestions, rq_worker]
