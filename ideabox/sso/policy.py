"""Who may use a password while the site is "SSO only": admins, so a broken identity provider locks nobody out."""
from flask_babel import gettext as _

from ideabox.branding import site_settings
from ideabox.errors import DomainError
from ideabox.models import Role, User


def sso_only() -> bool:
    """True when people sign in through the single sign-on providers only."""
    return bool(site_settings().sso_only)


def password_allowed(user: User) -> bool:
    """Whether `user` may sign in with, or reset, a password: anyone, or admins only while SSO only is on."""
    return not sso_only() or user.role == Role.ADMIN


def require_password_allowed(user: User) -> User:
    """Return `user`, or refuse a password sign-in while SSO only is on (admins excepted)."""
    if not password_allowed(user):
        raise DomainError(_("This site signs people in with single sign-on only. Use a “Sign in with …” button."))
    return user


def require_registration_open() -> None:
    """Refuse sign-ups with a password while SSO only is on."""
    if sso_only():
        raise DomainError(_("This site creates accounts through single sign-on only. Use a “Sign in with …” button."))
