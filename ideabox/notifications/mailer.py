"""Send the outbox over SMTP. A failed send stays queued and is retried with backoff, never lost."""
import smtplib
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import select

from ideabox.branding import mail_sender
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import Idea, OutboxEmail, User, utcnow
from ideabox.notifications.services import unsubscribe_url
from ideabox.permissions import can_view_idea
from ideabox.queue import claim_next

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    dropped: int = 0  # about an idea their recipient may no longer read

    def as_dict(self) -> dict:
        return asdict(self)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the n-th failed attempt: 1, 2, 4 … minutes, capped at 6 hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def due_emails(now: datetime):
    """A select of unsent emails whose next attempt is due, oldest first."""
    return (
        select(OutboxEmail)
        .where(OutboxEmail.sent_at.is_(None), OutboxEmail.next_attempt_at <= now)
        .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id)
    )


def recipient_may_read(email: OutboxEmail) -> bool:
    """Whether the recipient may still read the idea the email is about (one about no idea: yes). The idea may
    have moved to a private board, been withdrawn or its board made private, or the recipient left the team,
    since notify checked; a move or withdrawal drops such emails at once, this catches the rest."""
    if email.idea_id is None:
        return True
    idea = db.session.get(Idea, email.idea_id)
    user = db.session.get(User, email.user_id) if email.user_id else None
    return idea is not None and can_view_idea(user, idea)


def build_message(email: OutboxEmail) -> EmailMessage:
    """The MIME message of an outbox row: text and HTML parts, and the List-Unsubscribe headers of the list it
    belongs to (an email about the account itself, none)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = mail_sender(config["MAIL_FROM"])
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Date"] = format_datetime(email.created_at or utcnow())
    message["Message-ID"] = message_id(email)
    user = db.session.get(User, email.user_id) if email.user_id else None
    if user is not None and email.mailing_list:
        message["List-Unsubscribe"] = f"<{unsubscribe_url(user.unsubscribe_token, email.mailing_list)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text_body)
    if email.html_body:
        message.add_alternative(email.html_body, subtype="html")
    # Headers are written out once the bodies are encoded. At the default 78 characters a longer header with no
    # space to fold at (List-Unsubscribe's <URL>) goes out as RFC 2047 encoded words, which mail clients do not read
    # as a link; RFC 5322 allows 998.
    message.policy = message.policy.clone(max_line_length=998)
    return message


def message_id(email: OutboxEmail) -> str:
    """The same Message-ID on every attempt, so the copy a crash re-sends (after the server took it, before the
    row was marked sent) is recognisable as one message by mail servers and clients."""
    created = (email.created_at or utcnow()).strftime("%Y%m%d%H%M%S%f")
    return f"<ideabox.{created}.{email.id}@{_mail_domain()}>"


def _mail_domain() -> str:
    sender = current_app.config["MAIL_FROM"]
    return sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else "ideabox.local"


class SmtpSession:
    """One SMTP connection, opened on first use and reopened after a failure."""

    def __init__(self, config):
        if not config.get("SMTP_HOST"):
            raise DomainError("SMTP_HOST is not configured, so no email can be sent.")
        self.config = config
        self.connection = None

    def send(self, message: EmailMessage) -> None:
        if self.connection is None:
            self.connection = smtplib.SMTP(self.config["SMTP_HOST"], int(self.config["SMTP_PORT"]), timeout=30)
            if self.config.get("SMTP_STARTTLS"):
                self.connection.starttls()
            if self.config.get("SMTP_USERNAME"):
                self.connection.login(self.config["SMTP_USERNAME"], self.config["SMTP_PASSWORD"] or "")
        self.connection.send_message(message)

    def reset(self) -> None:
        """Drop a connection that failed, so the next email starts afresh."""
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()


def deliver(email: OutboxEmail, smtp: SmtpSession, now: datetime) -> bool:
    """Try to send one email; on failure count the attempt, keep the error and schedule a retry."""
    try:
        smtp.send(build_message(email))
    except (smtplib.SMTPException, OSError) as error:
        smtp.reset()
        email.attempts += 1
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.next_attempt_at = now + retry_delay(email.attempts)
        db.session.flush()
        return False
    email.attempts += 1
    email.sent_at = now
    email.last_error = ""
    db.session.flush()
    return True


def drain_outbox(now: datetime | None = None, limit: int = 1000) -> DrainResult:
    """Send every due email, committing after each one: a crash loses none, and re-sends at most the one it
    interrupted (with the same Message-ID), when the server had taken it before the row was marked sent. One about
    an idea its recipient may no longer read is dropped instead."""
    now = now or utcnow()
    smtp = SmtpSession(current_app.config)
    result = DrainResult()
    try:
        for _ in range(limit):
            email = claim_next(due_emails(now))
            if email is None:
                break
            if not recipient_may_read(email):
                current_app.logger.info("outbox email %s dropped: its recipient may no longer read idea %s",
                                        email.id, email.idea_id)
                db.session.delete(email)
                result.dropped += 1
            elif deliver(email, smtp, now):
                result.sent += 1
            else:
                result.failed += 1
            db.session.commit()
    finally:
        smtp.reset()
    return result
