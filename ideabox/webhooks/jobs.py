"""The RQ job that drains the webhook outbox right after a transaction queued deliveries."""
from ideabox.queue import in_app_context


def send_webhooks_job():
    """RQ job: send every due webhook delivery (builds the app when run by a plain `rq worker`)."""
    from ideabox.webhooks.delivery import drain

    return in_app_context(lambda: drain().as_dict())
