"""Languages: which ones IdeaBox speaks, and which one each page and email is in; time zones."""
from babel import negotiate_locale
from flask import g, has_request_context, request
from flask_babel import gettext as _, refresh
from flask_login import current_user
from wtforms import SelectChoice

from ideabox.errors import FieldError
from ideabox.extensions import db

# each language named in its own words, as a person looking for theirs would read it
LANGUAGES = {"en": "English", "fr": "Français", "de": "Deutsch"}
SUPPORTED_LOCALES = list(LANGUAGES)
FALLBACK_LOCALE = "en"
LOCALE_COOKIE = "lang"
LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600


def N_(message: str) -> str:
    """Mark a text for translation but keep it as written, to be translated where it is shown (Babel extracts
    N_ by default): for texts stored once and read later in other languages."""
    return message


def supported_locale(code: str | None) -> str | None:
    """The code if IdeaBox speaks that language, else None."""
    return code if code in LANGUAGES else None


def site_locale() -> str:
    """The site's default language, set by an admin: for visitors whose browser asks for none IdeaBox
    speaks, for people who follow their browser when no browser is there (emails), and for team-wide messages."""
    from ideabox.branding import site_settings  # branding's imports reach the models; this module is loaded first

    return supported_locale(site_settings().default_locale) or FALLBACK_LOCALE


def locale_of(user) -> str:
    """The language to write to a person in when they are not looking (emails, notifications)."""
    return supported_locale(getattr(user, "locale", None)) or site_locale()


def select_locale() -> str:
    """A signed-in person's saved language, else a visitor's choice from the switcher, else the saved language of
    the person an emailed link is for (page_for), else the browser's best match, else the site's default."""
    if not has_request_context():
        return site_locale()
    if current_user and current_user.is_authenticated and supported_locale(current_user.locale):
        return current_user.locale
    return (supported_locale(request.cookies.get(LOCALE_COOKIE)) or g.get("reader_locale")
            or browser_locale() or site_locale())


def chosen_locale() -> str | None:
    """The language this browser asked for, by the switcher or its own list (None: neither, or no request): what a
    new account starts with, so its emails come in the language it signed up in."""
    if not has_request_context():
        return None
    return supported_locale(request.cookies.get(LOCALE_COOKIE)) or browser_locale()


def browser_locale() -> str | None:
    """The first language of the browser's list IdeaBox speaks, a region's included: "de-AT, en;q=0.5" is German
    (Werkzeug's best_match takes an exact "en" over "de-AT", whatever their order)."""
    code = negotiate_locale([language for language, _quality in request.accept_languages], SUPPORTED_LOCALES, sep="-")
    return supported_locale(code.lower()) if code else None


def page_for(user) -> None:
    """This page answers a link emailed to `user` (unsubscribe, reset, confirm), who may open it signed out or in
    another browser: show it in their saved language, as the email was written, unless this browser chose one."""
    g.reader_locale = supported_locale(getattr(user, "locale", None))
    refresh()


def select_timezone():
    """Show times in the signed-in user's zone, else the zone the browser reported in a cookie."""
    if not has_request_context():
        return None
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return request.cookies.get("tz") or None


def language_choices(browser_label=None) -> list[SelectChoice]:
    """The languages as choices of a select, after an empty "follow the browser" choice if labelled."""
    choices = [SelectChoice(code, name) for code, name in LANGUAGES.items()]
    return [SelectChoice("", browser_label), *choices] if browser_label else choices


def set_language(user, code: str | None):
    """Save the language a person reads IdeaBox in; empty follows their browser."""
    if code and not supported_locale(code):
        raise FieldError("locale", _("Choose a language from the list."))
    user.locale = code or None
    db.session.flush()
    return user
