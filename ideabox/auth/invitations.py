"""Invitations: an admin asks someone by email to join with a role; the emailed link lets them choose a
name and password, and the account is made with that role and its email confirmed (only the address's
owner could open the link).

Each link carries a random secret, signed like the other account links (confirm.py, reset.py); the
database keeps only the secret's SHA-256, so sending an invitation again stops its previous link.
A link never changes an account that exists already: an admin changes that account's role instead.
"""
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from ideabox.admin.audit import record_event
from ideabox.admin.queries import open_invitations
from ideabox.admin.services import clean_text, require_admin
from ideabox.auth.mail import queue_account_email
from ideabox.auth.services import find_user_by_email, normalise_email, parse_role, register_user
from ideabox.branding import site_name
from ideabox.errors import DomainError, FieldError
from ideabox.extensions import db
from ideabox.models import Invitation, OutboxEmail, User, utcnow
from ideabox.notifications.links import absolute_url
from ideabox.permissions import can_admin

INVITATION_LIFETIME = timedelta(days=7)
NOTE_MAX_LENGTH = 500


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="ideabox-invitation")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _send_link(invitation: Invitation, sender: User) -> OutboxEmail:
    """Give the invitation a new secret, valid INVITATION_LIFETIME from now, and email its link."""
    secret = secrets.token_urlsafe(32)
    invitation.token_hash = _digest(secret)
    invitation.sent_at = utcnow()
    invitation.expires_at = invitation.sent_at + INVITATION_LIFETIME
    try:
        with db.session.begin_nested():
            db.session.flush()  # the id goes into the link
    except IntegrityError:  # another admin invited the same address a moment ago
        raise _already_invited(invitation.email) from None
    token = _serializer().dumps({"invitation": invitation.id, "secret": secret})
    return queue_account_email(
        None, invitation.email, _l("%(name)s invited you to %(site)s", name=sender.display_name, site=site_name()),
        "invitation", accept_url=absolute_url("auth.accept_invitation", token=token), inviter=sender.display_name,
        role=invitation.role.value, note=invitation.note, days=INVITATION_LIFETIME.days,
    )


def _already_invited(email: str) -> FieldError:
    return FieldError("email", _("%(email)s is invited already: send the invitation again or revoke it in the "
                                 "list of pending invitations.", email=email))


def _has_account(email: str) -> FieldError:
    return FieldError("email", _("%(email)s has an account already: change its role in the list of people "
                                 "instead.", email=email))


def invite(actor: User, email: str | None, role, note: str | None = "") -> Invitation:
    """An admin invites `email` to join with `role`; the link is emailed at once and is on the audit log."""
    require_admin(actor)
    email = normalise_email(email)
    try:
        role = parse_role(role)
    except DomainError as error:
        raise FieldError("role", error.message) from None
    note = clean_text("note", note, NOTE_MAX_LENGTH, required=False)
    if find_user_by_email(email) is not None:
        raise _has_account(email)
    if db.session.scalar(open_invitations(email)) is not None:
        raise _already_invited(email)
    invitation = Invitation(email=email, role=role, note=note, invited_by=actor)
    db.session.add(invitation)
    _send_link(invitation, actor)
    record_event(actor, "invitation.sent", invitation, email=email, after=str(role))
    return invitation


def _require_open(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise DomainError(_("%(email)s accepted this invitation already.", email=invitation.email))
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation to %(email)s was revoked.", email=invitation.email))


def resend_invitation(actor: User, invitation: Invitation) -> Invitation:
    """Email a new link for another INVITATION_LIFETIME (the one before stops working); the admin who
    sends it vouches for it from now on."""
    require_admin(actor)
    _require_open(invitation)
    if find_user_by_email(invitation.email) is not None:
        raise DomainError(_("%(email)s has an account now: change its role in the list of people, and revoke "
                            "this invitation.", email=invitation.email))
    invitation.invited_by = actor
    _send_link(invitation, actor)
    record_event(actor, "invitation.resent", invitation, email=invitation.email, after=str(invitation.role))
    return invitation


def revoke_invitation(actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an open invitation: its link stops working."""
    require_admin(actor)
    _require_open(invitation)
    invitation.revoked_at = utcnow()
    record_event(actor, "invitation.revoked", invitation, email=invitation.email, after=str(invitation.role))
    db.session.flush()
    return invitation


def invitation_for_token(token: str, max_age: int = int(INVITATION_LIFETIME.total_seconds())) -> Invitation:
    """The open, unexpired invitation whose latest link `token` is, else DomainError saying why not."""
    invalid = DomainError(_("This invitation link is not valid. Check that you opened the whole link from the "
                            "email, or ask for a new invitation."))
    expired = DomainError(_("This invitation has expired. Ask the person who invited you to send it again."))
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise expired from None
    except BadSignature:
        raise invalid from None
    if not isinstance(data, dict) or not isinstance(data.get("invitation"), int) or not isinstance(data.get("secret"), str):
        raise invalid
    invitation = db.session.get(Invitation, data["invitation"])
    if invitation is None:
        raise invalid
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation was used already. Sign in with the account it made."))
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation was withdrawn. Ask an administrator if you still need an account."))
    if not hmac.compare_digest(_digest(data["secret"]), invitation.token_hash):
        raise DomainError(_("A newer invitation replaced this link: open the latest invitation email sent to "
                            "%(email)s.", email=invitation.email))
    if invitation.is_expired:
        raise expired
    sender = invitation.invited_by
    if sender is None or sender.is_suspended or not can_admin(sender):
        raise DomainError(_("This invitation no longer stands: whoever sent it is no longer an administrator. "
                            "Ask an administrator to invite you again."))
    return invitation


def existing_account(invitation: Invitation) -> User | None:
    """The account that has the invited address by now, if one does (the link then cannot make another)."""
    return find_user_by_email(invitation.email)


def accept_invitation(token: str, display_name: str | None, password: str | None, timezone: str | None = None,
                      locale: str | None = None) -> User:
    """Make the invited person's account with the invitation's role, their email confirmed; close the invitation."""
    invitation = invitation_for_token(token)
    user = register_user(invitation.email, display_name, password, timezone=timezone, role=invitation.role,
                         locale=locale)
    user.email_confirmed_at = invitation.accepted_at = utcnow()
    invitation.user_id = user.id
    record_event(user, "invitation.accepted", invitation, email=user.email, after=str(user.role))
    db.session.flush()
    return user
