"""Hand a job to an RQ worker right after the transaction that needs it commits.

Work that must not be lost (emails, webhook deliveries) is written to a table in the same
transaction as the change that caused it; the job only drains that table. So when Redis is down the
request still succeeds, and the cron command that drains the same table picks the work up.
"""
import logging

from flask import current_app
from sqlalchemy import event

from ideabox.extensions import db

log = logging.getLogger(__name__)
QUEUE_NAME = "ideabox"


def enqueue_after_commit(job, queue_setting: str) -> None:
    """When REDIS_URL is set, enqueue `job` once after this transaction commits, on the queue named by the
    `queue_setting` config key (by default the one queue `flask rq-worker` listens on)."""
    redis_url = current_app.config.get("REDIS_URL")
    session = db.session()
    pending = f"job_pending:{job.__module__}.{job.__name__}"
    if not redis_url or session.info.get(pending):
        return
    session.info[pending] = True
    queue_name = current_app.config.get(queue_setting) or current_app.config.get("RQ_QUEUE", QUEUE_NAME)

    def enqueue_now(committed_session):
        committed_session.info.pop(pending, None)
        enqueue(redis_url, queue_name, job)

    event.listen(session, "after_commit", enqueue_now, once=True)


def enqueue(redis_url: str, queue_name: str, job, timeout: int = 600):
    """Put `job` on the queue; if Redis is unreachable, log it and let the cron command do the work."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        return Queue(queue_name, connection=Redis.from_url(redis_url)).enqueue(job, job_timeout=timeout)
    except RedisError as error:
        log.warning("Could not enqueue %s (%s); its cron command will do the work.", job.__name__, error)
        return None


def job_abandoned(redis_url: str, job_id: str) -> bool:
    """Whether RQ says nobody will finish the job: it is gone, failed (its work horse died, say) or stopped, or it
    started on a worker that stopped beating (RQ drops a busy worker's key about 90 s after its last heartbeat).
    False while it waits in the queue or runs, and when Redis cannot be asked."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Worker
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    connection = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
    try:
        job = Job.fetch(job_id, connection=connection)
        status = job.get_status()
        if status == JobStatus.STARTED:
            worker_key = Worker.redis_worker_namespace_prefix + (job.worker_name or "")
            return not job.worker_name or Worker.find_by_key(worker_key, connection=connection) is None
        return status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)
    except NoSuchJobError:
        return True
    except RedisError as error:
        log.warning("Could not ask Redis about job %s (%s).", job_id, error)
        return False


def claim_next(statement, of=None):
    """The first row of an outbox select, locked for this worker: FOR UPDATE SKIP LOCKED lets several workers
    drain one outbox at once without two of them sending the same row (PostgreSQL; SQLite has one writer)."""
    return db.session.scalars(statement.limit(1).with_for_update(skip_locked=True, of=of)).first()


def in_app_context(work):
    """Run `work()` in an app context: the worker's own (after dropping connections its forked child must
    not share), or one built from the environment when a plain `rq worker` runs the job."""
    from flask import has_app_context

    if has_app_context():
        db.engine.dispose(close=False)
        return work()
    from ideabox import create_app

    with create_app().app_context():
        return work()
