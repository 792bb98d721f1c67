"""CLI commands of the notifications area (thin wrappers over its services)."""
import click
from flask.cli import with_appcontext

from ideabox.errors import DomainError
from ideabox.notifications.mailer import drain_outbox


@click.command("send-emails")
@click.option("--limit", default=1000, show_default=True, help="Send at most this many emails.")
@with_appcontext
def send_emails(limit):
    """Send the due emails of the outbox over SMTP (run it from cron, e.g. every minute)."""
    try:
        result = drain_outbox(limit=limit)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Sent {result.sent} email(s); {result.failed} failed and will be retried.")
    if result.failed:
        raise SystemExit(1)


commands = [send_emails]
