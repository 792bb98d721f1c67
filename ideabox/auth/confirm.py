"""Email addresses proven by a link sent to them: a new account's, and a new one its owner moves to.

Until an address is confirmed, IdeaBox sends it no notification email (the account works as before
and is told in the app), so nobody can sign someone else's address up for mail.
"""
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ideabox.admin.audit import record_event
from ideabox.auth.mail import queue_account_email
from ideabox.branding import site_name
from ideabox.auth.passwords import verify_password
from ideabox.auth.services import find_user_by_email, normalise_email
from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.models import OutboxEmail, User, utcnow
from ideabox.notifications.links import absolute_url

CONFIRM_LINK_MAX_AGE = 3 * 24 * 3600  # seconds


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="ideabox-email-confirm")


def confirmation_token(user: User, address: str) -> str:
    """A signed token saying `user`, whose email is now user.email, may take `address`; it dies once
    user.email changes, so a link to an address given up earlier cannot bring it back. A move to another address
    also dies with the sessions of its time (a new password, "sign out everywhere", an account taken over by its
    address's owner): whoever asked for it then cannot take the account away afterwards."""
    moving = {"session": user.session_version or 0} if address != user.email else {}
    return _serializer().dumps({"user": user.id, "email": address, "from": user.email, **moving})


def send_confirmation(user: User, address: str | None = None) -> OutboxEmail:
    """Email a confirmation link to `address` (the account's own email by default)."""
    address = address or user.email
    moving = address != user.email
    subject = (_l("Confirm your new email for %(site)s", site=site_name()) if moving
               else _l("Confirm your email for %(site)s", site=site_name()))
    return queue_account_email(
        user, address, subject, "confirm_email",
        confirm_url=absolute_url("auth.confirm_email", token=confirmation_token(user, address)),
        address=address, moving=moving, days=CONFIRM_LINK_MAX_AGE // (24 * 3600),
    )


def resend_confirmation(user: User) -> OutboxEmail:
    """Send the link again, unless the email is confirmed already."""
    if user.email_confirmed:
        raise DomainError(_("Your email %(email)s is confirmed already.", email=user.email))
    return send_confirmation(user)


def request_email_change(user: User, new_email: str | None, current_password: str | None) -> OutboxEmail:
    """Send a link to a new address; the account moves to it only once the link is opened."""
    if not verify_password(user.password_hash, current_password or ""):
        raise FieldError("current_password", _("That is not your current password."))
    try:
        address = normalise_email(new_email)
    except FieldError as error:
        raise FieldError("new_email", error.message) from None
    if address == user.email:
        raise FieldError("new_email", _("That is your email already."))
    if find_user_by_email(address) is not None:
        raise FieldError("new_email", _("Another account uses this email."))
    return send_confirmation(user, address)


def confirm_email(token: str, max_age: int = CONFIRM_LINK_MAX_AGE) -> tuple[User, str | None]:
    """Confirm the address a valid token names; return (its user, the email it replaced, if it did)."""
    invalid = DomainError(_("This confirmation link is invalid, has expired or was replaced by a newer one. "
                            "Sign in to ask for a new one."))
    try:
        data = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        raise invalid from None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int) or not isinstance(data.get("email"), str):
        raise invalid
    user = db.session.get(User, data["user"])
    if user is None or user.is_suspended or data.get("from") != user.email \
            or data.get("session", user.session_version or 0) != (user.session_version or 0):
        raise invalid
    address, previous = data["email"], None
    if address != user.email:
        if find_user_by_email(address) is not None:
            raise DomainError(_("Another account took %(email)s in the meantime.", email=address))
        previous, user.email = user.email, address
        record_event(user, "user.email_changed", user, email=previous, after=address)
        queue_account_email(user, previous, _l("Your %(site)s email has changed", site=site_name()),
                            "email_changed", previous=previous, address=address)
    if previous is not None or user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    db.session.flush()
    return user, previous
