"""Who an identity provider's verified claims sign in: the linked account, else a verified email's, else a new one."""
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ideabox.auth.services import (
    DISPLAY_NAME_MAX_LENGTH, clean_display_name, find_user_by_email, is_known_timezone, normalise_email, set_role,
)
from ideabox.errors import DomainError, FieldError, NotFound
from ideabox.extensions import db
from ideabox.i18n import chosen_locale
from ideabox.models import ExternalIdentity, Role, SsoProvider, User, utcnow
from ideabox.sso import queries
from ideabox.sso.policy import password_allowed
from ideabox.sso.services import MAPPED_ROLES
from ideabox.sso.takeover import proves_unconfirmed_address, take_over


class SignedIn(NamedTuple):
    """Who a sign-in let in, whether their account is new, and whether they took it over (ideabox.sso.takeover)."""
    user: User
    created: bool
    taken_over: bool


def _email(provider: SsoProvider, claims: dict) -> str:
    try:
        email = normalise_email(claims.get("email") if isinstance(claims.get("email"), str) else None)
    except DomainError:
        raise DomainError(_("%(provider)s did not share a valid email address, which an account needs. Ask your "
                            "administrator to allow the “email” scope.", provider=provider.name)) from None
    domain = email.rpartition("@")[2]
    if provider.allowed_domains and domain not in provider.allowed_domains:
        raise DomainError(_("Signing in with %(provider)s is for addresses at %(domains)s; %(email)s is not one of "
                            "them.", provider=provider.name, domains=", ".join(provider.allowed_domains), email=email))
    return email


def email_verified(claims: dict) -> bool:
    """Whether the provider vouches for the email (some send the boolean as a string)."""
    return claims.get("email_verified") in (True, "true")


def mapped_role(provider: SsoProvider, claims: dict) -> Role | None:
    """The role the provider's claim gives, or None when the provider maps no roles or did not send the claim."""
    if not provider.role_claim or provider.role_claim not in claims:
        return None
    found = claims[provider.role_claim]
    found = {str(value) for value in (found if isinstance(found, list) else [found])}
    for role in MAPPED_ROLES:
        if found & set(provider.role_values.get(role.value, [])):
            return role
    return Role.CUSTOMER


def display_name(claims: dict, email: str) -> str:
    """The name to show: the provider's name for the person, else their user name, else the email's first part;
    each only if registration would take it as a name (cut to length, as the person cannot fix it here)."""
    candidates = [claims.get(key) for key in ("name", "preferred_username", "nickname")]
    for name in [*candidates, email.partition("@")[0]]:
        if not isinstance(name, str):
            continue
        try:
            return clean_display_name(" ".join(name.split())[:DISPLAY_NAME_MAX_LENGTH])
        except FieldError:
            continue
    return email[:DISPLAY_NAME_MAX_LENGTH]


def _create_account(provider: SsoProvider, claims: dict, email: str, timezone: str | None) -> User:
    if not provider.creates_accounts:
        raise DomainError(_("No account here uses %(email)s, and signing in with %(provider)s does not create one. "
                            "Ask an administrator to invite you.", email=email, provider=provider.name))
    user = User(email=email, display_name=display_name(claims, email), password_hash=None, role=Role.CUSTOMER,
                timezone=timezone if is_known_timezone(timezone) else "UTC", locale=chosen_locale(),
                email_confirmed_at=utcnow() if email_verified(claims) else None)
    db.session.add(user)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # the same email signed up a moment ago
        raise DomainError(_("An account with %(email)s was just created. Try signing in again.", email=email)) from None
    return user


def _account_for(provider: SsoProvider, claims: dict, email: str, current: User | None, timezone: str | None):
    """The account a new link goes to, and whether it was created for it."""
    if current is not None:  # linking from Account settings: being signed in proves the account is theirs
        return current, False
    user = find_user_by_email(email)
    if user is None:
        return _create_account(provider, claims, email, timezone), True
    if not email_verified(claims):
        # otherwise a provider that lets people type any address would hand over that address's account
        raise DomainError(_("An account with %(email)s exists, but %(provider)s does not say the address is verified, "
                            "so it cannot be linked. Sign in with your password, then link %(provider)s in your "
                            "account settings.", email=email, provider=provider.name))
    return user, False


def _refuse_closed(user: User) -> None:
    if user.erased_at is not None or user.is_suspended:
        raise DomainError(_("This account is suspended. Contact an administrator if you think this is a mistake."))


def sign_in(provider: SsoProvider, claims: dict, *, current: User | None = None,
            timezone: str | None = None) -> SignedIn:
    """The account these verified claims sign in to (or link to `current`), whether it is new, and whether the
    sign-in took it over by proving its unconfirmed email; roles follow the provider's claim when it maps any.
    The caller commits, and rolls back on a refusal."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise DomainError(_("%(provider)s did not say who you are. Try again.", provider=provider.name))
    email = _email(provider, claims)
    identity = queries.identity_for(provider, subject)
    created = False
    if identity is not None:
        if current is not None and identity.user_id != current.id:
            raise DomainError(_("This %(provider)s sign-in is already linked to another account.",
                                provider=provider.name))
        user = identity.user
        _refuse_closed(user)
    else:
        user, created = _account_for(provider, claims, email, current, timezone)
        _refuse_closed(user)
        identity = ExternalIdentity(provider_id=provider.id, subject=subject, user_id=user.id, email=email)
        db.session.add(identity)
    # linking from Account settings takes nothing over: the signed-in person holds the account already
    taken_over = current is None and proves_unconfirmed_address(user, email, email_verified(claims))
    if taken_over:
        take_over(user, provider, kept=identity, name=display_name(claims, email), timezone=timezone)
    role = mapped_role(provider, claims)
    if role is not None and role != user.role:
        try:
            set_role(user, role)
        except DomainError:  # the last admin stays one: an IdP's groups must not leave the site without any
            pass
    identity.last_used_at = user.last_seen_at = utcnow()
    db.session.flush()
    return SignedIn(user, created, taken_over)


def unlink(user: User, identity_id: int) -> ExternalIdentity:
    """Remove one of the person's linked sign-ins, unless it is their only way in."""
    identity = db.session.get(ExternalIdentity, identity_id)
    if identity is None or identity.user_id != user.id:
        raise NotFound(_("That sign-in is not linked to your account."))
    others = db.session.scalar(select(func.count(ExternalIdentity.id))
                               .where(ExternalIdentity.user_id == user.id, ExternalIdentity.id != identity.id))
    if not others and not (user.password_hash and password_allowed(user)):
        raise DomainError(_("This is your only way to sign in, so it stays linked. Link another sign-in first, or set "
                            "a password with “Forgot password?” on the sign-in page."))
    db.session.delete(identity)
    db.session.flush()
    return identity
