"""The instance's own look (name, welcome text, logo, accent colour): read on every page, set by an admin."""
import re
from email.utils import formataddr, parseaddr

from flask import current_app, g, has_app_context, has_request_context, url_for
from flask_babel import format_decimal, gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ideabox.admin.audit import record_event
from ideabox.errors import FieldError
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.i18n import supported_locale
from ideabox.models import SiteSettings
from ideabox.models.site import DEFAULT_ACCENT, DEFAULT_AUTO_HIDE_REPORTS
from ideabox.permissions import can_admin
from ideabox.text import says_nothing
from ideabox.uploads.services import extension_of, store_image

SETTINGS_ID = 1
NAME_MAX = 60
HEADING_MAX = 120
WELCOME_MAX = 2000
LOGO_SIDE = 512  # the header shows it 32 px high: twice that on sharp screens leaves plenty
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# white button text on the accent must stay readable: WCAG AA asks 4.5:1 for text of normal size
MIN_CONTRAST = 4.5


def site_settings() -> SiteSettings:
    """The saved settings, or unsaved defaults; read once per request."""
    if has_request_context() and "site_settings" in g:
        return g.site_settings
    try:
        settings = db.session.get(SiteSettings, SETTINGS_ID)
    except SQLAlchemyError:  # an error page must still render when the database is what failed; the
        settings = None      # session is the caller's to roll back, with whatever else it holds
    if settings is None:
        settings = SiteSettings(id=SETTINGS_ID, name="", welcome_heading="", welcome_message="",
                                accent_color=DEFAULT_ACCENT, auto_hide_reports=DEFAULT_AUTO_HIDE_REPORTS,
                                require_confirmed_email=False)
    if has_request_context():
        g.site_settings = settings
    return settings


def site_name() -> str:
    """What the instance calls itself in pages and emails: the admin's choice, else SITE_NAME, else IdeaBox."""
    configured = current_app.config.get("SITE_NAME", "IdeaBox") if has_app_context() else "IdeaBox"
    return site_settings().name or configured


def mail_sender(configured: str) -> str:
    """The From header: MAIL_FROM's address under the site's name, once an admin has named the site."""
    name = site_settings().name
    address = parseaddr(configured)[1]
    return formataddr((name, address)) if name and address else configured


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def contrast_with_white(color: str) -> float:
    """The WCAG contrast ratio of white text on this colour (1 to 21)."""
    r, g_, b = (_channel(v) for v in _rgb(color))
    luminance = 0.2126 * r + 0.7152 * g_ + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def _mixed(color: str, other: tuple[int, int, int], share: float) -> str:
    return "#" + "".join(f"{round(c + (o - c) * share):02x}" for c, o in zip(_rgb(color), other))


def accent_style(color: str) -> str:
    """CSS custom properties for the accent: the colour, a darker one for hover, a pale one for tints."""
    if not HEX_COLOR.match(color or "") or color.lower() == DEFAULT_ACCENT:
        return ""
    return (f"--primary: {color}; --primary-dark: {_mixed(color, (0, 0, 0), 0.15)}; "
            f"--primary-soft: {_mixed(color, (255, 255, 255), 0.9)};")


def _checked_color(color: str | None) -> str:
    color = (color or "").strip().lower()
    if not HEX_COLOR.match(color):
        raise FieldError("accent_color", _("Use a colour like #4f46e5."))
    ratio = contrast_with_white(color)
    if ratio < MIN_CONTRAST:
        raise FieldError("accent_color", _(
            "White text on %(color)s is hard to read (contrast %(ratio)s:1; buttons need %(min)s:1). "
            "Choose a darker shade.", color=color, ratio=format_decimal(ratio, "0.0"), min=format_decimal(MIN_CONTRAST)))
    return color


def _checked_text(field: str, value: str | None, max_length: int) -> str:
    """`value` trimmed, or "" (IdeaBox's own words then show) when it draws nothing, zero-width spaces included."""
    value = (value or "").strip()
    if says_nothing(value):
        return ""
    if len(value) > max_length:
        raise FieldError(field, _("Use at most %(count)d characters.", count=max_length))
    return value


def save_site_settings(actor, *, name, welcome_heading, welcome_message, accent_color,
                       logo=None, remove_logo=False, default_locale=None) -> SiteSettings:
    """Save the instance's look and default language (None keeps it); logo is an uploaded image's binary
    stream. The caller commits."""
    if not can_admin(actor):
        raise PermissionDenied(_("Only administrators can do this."))
    values = dict(
        name=" ".join(_checked_text("name", name, NAME_MAX).split()),
        welcome_heading=_checked_text("welcome_heading", welcome_heading, HEADING_MAX),
        welcome_message=_checked_text("welcome_message", welcome_message, WELCOME_MAX),
        accent_color=_checked_color(accent_color),
    )
    if default_locale is not None:
        if not supported_locale(default_locale):
            raise FieldError("default_locale", _("Choose a language from the list."))
        values["default_locale"] = default_locale
    settings = db.session.get(SiteSettings, SETTINGS_ID) or SiteSettings(id=SETTINGS_ID)
    old_logo = settings.logo
    if logo is not None:
        try:
            settings.logo = store_image(logo, actor, longest_side=LOGO_SIDE)
        except DomainError as error:  # shown beside the logo field
            raise FieldError("logo_file", error.message) from None
    elif remove_logo:
        settings.logo = None
    for key, value in values.items():
        setattr(settings, key, value)
    db.session.add(settings)
    if old_logo is not None and settings.logo is not old_logo:
        db.session.delete(old_logo)  # nothing else shows a logo: its image goes with it
    db.session.flush()
    record_event(actor, "site.saved", settings, **values, logo=bool(settings.logo))
    if has_request_context():
        g.site_settings = settings
    return settings


def logo_url() -> str | None:
    """Where the admin's logo is served, if there is one."""
    logo = site_settings().logo
    return url_for("uploads.image", key=logo.key, extension=extension_of(logo)) if logo is not None else None
