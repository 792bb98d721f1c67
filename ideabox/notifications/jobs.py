"""Hand queued emails to an RQ worker right after the transaction that queued them commits."""
from ideabox.queue import enqueue_after_commit, in_app_context


def deliver_after_commit() -> None:
    """When REDIS_URL is set, enqueue one send job after this transaction commits. EMAIL_QUEUE gives email a
    queue of its own."""
    enqueue_after_commit(send_emails_job, "EMAIL_QUEUE")


def send_emails_job():
    """RQ job: send every due email in the outbox (builds the app when run by `rq worker`)."""
    from ideabox.notifications.mailer import drain_outbox

    return in_app_context(lambda: drain_outbox().as_dict())
