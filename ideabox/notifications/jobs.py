"""Hand queued emails to an RQ worker right after the transaction that queued them commits."""
import logging

from flask import current_app, has_app_context
from sqlalchemy import event

from ideabox.extensions import db

log = logging.getLogger(__name__)
QUEUE_NAME = "ideabox"


def deliver_after_commit() -> None:
    """When REDIS_URL is set, enqueue one send job after this transaction commits."""
    redis_url = current_app.config.get("REDIS_URL")
    session = db.session()
    if not redis_url or session.info.get("email_job_pending"):
        return
    session.info["email_job_pending"] = True
    # By default the one queue `flask rq-worker` listens on; EMAIL_QUEUE gives email a queue of its own.
    queue_name = current_app.config.get("EMAIL_QUEUE") or current_app.config.get("RQ_QUEUE", QUEUE_NAME)

    def enqueue(committed_session):
        committed_session.info.pop("email_job_pending", None)
        enqueue_send_job(redis_url, queue_name)

    event.listen(session, "after_commit", enqueue, once=True)


def enqueue_send_job(redis_url: str, queue_name: str = QUEUE_NAME):
    """Put a send-emails job on the queue; if Redis is down the `flask send-emails` cron still sends."""
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        return Queue(queue_name, connection=Redis.from_url(redis_url)).enqueue(send_emails_job, job_timeout=600)
    except RedisError as error:
        log.warning("Could not enqueue the send-emails job (%s); `flask send-emails` will send them.", error)
        return None


def send_emails_job():
    """RQ job: send every due email in the outbox (builds the app when run by `rq worker`)."""
    from ideabox.notifications.mailer import drain_outbox

    if has_app_context():  # e.g. `flask rq-worker`: the forked child must not share the parent's connections
        db.engine.dispose(close=False)
        return drain_outbox().as_dict()
    from ideabox import create_app

    with create_app().app_context():
        return drain_outbox().as_dict()
