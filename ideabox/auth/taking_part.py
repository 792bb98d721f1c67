"""Who may take part: a site can ask for a confirmed email before people post, vote, comment, react or report.

Off by default. When on, a signed-in customer whose address is not confirmed (auth.confirm) is refused these
actions with a reason saying how to fix it; the team (PMs, executives, admins: roles an admin gave) is trusted
as it is. What people did before stays. Taking something back (a vote, a reaction) and following stay open.
"""
from flask_babel import gettext as _

from ideabox.admin.audit import record_event
from ideabox.branding import SETTINGS_ID, site_settings
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.models import SiteSettings
from ideabox.permissions import can_admin, can_see_insights


def must_confirm_email_first(user) -> bool:
    """True when the site asks for a confirmed email and this signed-in person has not confirmed theirs."""
    return bool(user and user.is_authenticated and not user.email_confirmed and not can_see_insights(user)
                and site_settings().require_confirmed_email)


def require_confirmed_email(user) -> None:
    """Refuse a taking-part action to someone who must confirm their email first, saying how."""
    if must_confirm_email_first(user):
        raise DomainError(_("Confirm your email address first: we sent a link to %(email)s; "
                            "send it again from your account page.", email=user.email))


def set_require_confirmed_email(actor, required: bool) -> SiteSettings:
    """Turn on or off asking for a confirmed email before people take part (admins; audited)."""
    if not can_admin(actor):
        raise PermissionDenied(_("Only administrators can do this."))
    settings = db.session.get(SiteSettings, SETTINGS_ID) or SiteSettings(id=SETTINGS_ID)
    settings.require_confirmed_email = bool(required)
    db.session.add(settings)
    db.session.flush()
    record_event(actor, "site.confirmed_email_saved", settings, require_confirmed_email=bool(required))
    return settings
