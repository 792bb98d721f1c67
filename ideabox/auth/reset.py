"""Forgotten passwords: a signed, one-hour link by email that stops working once the password changes."""
import hashlib

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ideabox.auth.mail import queue_account_email
from ideabox.branding import site_name
from ideabox.auth.passwords import hash_password
from ideabox.auth.services import check_password_rules, end_sessions, find_user_by_email
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import OutboxEmail, User, utcnow
from ideabox.notifications.links import absolute_url
from ideabox.sso.policy import password_allowed

RESET_LINK_MAX_AGE = 3600  # seconds


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="ideabox-password-reset")


def _fingerprint(user: User) -> str:
    # Part of the token: once the password changes, every link sent before stops working.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def password_reset_token(user: User) -> str:
    """A signed token naming `user` and their current password."""
    return _serializer().dumps({"user": user.id, "password": _fingerprint(user)})


def request_password_reset(email: str | None) -> OutboxEmail | None:
    """Queue a reset link to the account with `email`, if there is an active one (the caller never says which)."""
    user = find_user_by_email(email)
    if user is None or user.is_suspended or not password_allowed(user):
        return None
    return queue_account_email(
        user, user.email, _l("Reset your %(site)s password", site=site_name()), "reset_password",
        reset_url=absolute_url("auth.reset_password", token=password_reset_token(user)),
        hours=RESET_LINK_MAX_AGE // 3600,
    )


def user_for_reset_token(token: str, max_age: int = RESET_LINK_MAX_AGE) -> User:
    """The user a still-valid reset token belongs to, else DomainError."""
    invalid = DomainError(_("This reset link is invalid or has expired. Ask for a new one."))
    try:
        data = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        raise invalid from None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) and isinstance(data.get("user"), int) else None
    if user is None or user.is_suspended or data.get("password") != _fingerprint(user) or not password_allowed(user):
        raise invalid
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password for the owner of a valid reset token (which also shows the email is theirs)."""
    user = user_for_reset_token(token)
    user.password_hash = hash_password(check_password_rules(new_password))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return end_sessions(user)  # whoever knew the old password is signed out everywhere
