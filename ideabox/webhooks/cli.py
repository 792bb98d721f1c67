"""`flask send-webhooks`: drain the webhook outbox (run it from cron, like send-emails)."""
import click
from flask.cli import with_appcontext

from ideabox.webhooks.delivery import drain


@click.command("send-webhooks")
@click.option("--limit", default=1000, show_default=True, help="Attempt at most this many deliveries.")
@with_appcontext
def send_webhooks(limit):
    """POST the due webhook deliveries, retrying failed ones on their schedule, and prune those finished more than
    30 days ago (run it from cron, e.g. every minute; with REDIS_URL set the RQ worker also sends them at once)."""
    result = drain(limit=limit)
    click.echo(f"Delivered {result.sent} webhook(s); {result.failed} failed and will be retried "
               f"(or were given up after the last attempt); {result.dropped} not sent, as their endpoint's settings "
               f"no longer take them; pruned {result.pruned} old deliveries.")
    if result.failed:
        raise SystemExit(1)


commands = [send_webhooks]
