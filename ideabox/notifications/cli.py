"""CLI commands of the notifications area (thin wrappers over its services)."""
import click
from flask.cli import with_appcontext

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.insights.email import send_weekly_insights
from ideabox.notifications.digest import send_new_idea_digests
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
    if result.dropped:
        click.echo(f"Dropped {result.dropped} email(s) about ideas their recipients may no longer read.")
    if result.failed:
        raise SystemExit(1)


@click.command("send-digests")
@with_appcontext
def send_digests():
    """Queue the daily digest of new ideas, and the weekly insights email to those a week has passed for,
    to the team members who asked for them (run it from cron once a day, e.g. at 8:00); the outbox sends
    them like any other email."""
    queued = send_new_idea_digests()
    weekly = send_weekly_insights()
    db.session.commit()
    click.echo(f"Queued {queued} digest email(s).")
    click.echo(f"Queued {weekly} weekly insights email(s).")


commands = [send_emails, send_digests]
