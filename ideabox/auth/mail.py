"""Emails about the account itself (reset links, address confirmations): sent whatever the person's
notification settings, since they answer something the person just asked for."""
from flask import render_template
from flask_babel import force_locale

from ideabox.branding import site_name, site_settings
from ideabox.extensions import db
from ideabox.i18n import locale_of
from ideabox.models import OutboxEmail, User, utcnow
from ideabox.notifications import jobs


def queue_account_email(user: User | None, to_address: str, subject, template: str, **context) -> OutboxEmail:
    """Queue templates/auth/email/<template>.txt and .html to to_address in the person's language (the site's
    for someone without an account yet, such as the person an invitation is for: `user` is None), sent after
    the commit. The subject is a lazy string, so it is put in that language too."""
    context.update(user=user, site_name=site_name(), accent=site_settings().accent_color)
    with force_locale(locale_of(user)):
        message = OutboxEmail(
            user_id=user.id if user else None,
            to_address=to_address,
            subject=str(subject)[:200],
            text_body=render_template(f"auth/email/{template}.txt", **context),
            html_body=render_template(f"auth/email/{template}.html", **context),
            next_attempt_at=utcnow(),
        )
    db.session.add(message)
    jobs.deliver_after_commit()
    db.session.flush()
    return message
