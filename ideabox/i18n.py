"""Locale and time-zone selection for Flask-Babel."""
from flask import has_request_context, request
from flask_login import current_user

SUPPORTED_LOCALES = ["en"]


def select_locale():
    """Pick the best supported language from the browser's Accept-Language (default outside requests)."""
    if not has_request_context():
        return SUPPORTED_LOCALES[0]
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or SUPPORTED_LOCALES[0]


def select_timezone():
    """Show times in the signed-in user's zone, else the zone the browser reported in a cookie."""
    if not has_request_context():
        return None
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return request.cookies.get("tz") or None
