"""Emails about the account itself (reset links, address confirmations): sent whatever the person's
notification settings, since they answer something the person just asked for."""
from flask import render_template

from ideabox.branding import site_name, site_settings

from ideabox.extensions import db
from ideabox.models import OutboxEmail, User, utcnow
from ideabox.notifications import jobs


def queue_account_email(user: User | None, to_address: str, subject: str, template: str, **context) -> OutboxEmail:
    """Queue templates/auth/email/<template>.txt and .html to to_address, sent after the commit (`user` is
    None for someone without an account yet, such as the person an invitation is for)."""
    context.update(user=user, site_name=site_name(), accent=site_settings().accent_color)
    message = OutboxEmail(
        user_id=user.id if user else None,
        to_address=to_address,
        subject=subject[:200],
        text_body=render_template(f"auth/email/{template}.txt", **context),
        html_body=render_template(f"auth/email/{template}.html", **context),
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    jobs.deliver_after_commit()
    db.session.flush()
    return message
