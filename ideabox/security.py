"""Security headers sent with every response, and input no request may carry."""
from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort as abort_in_json

from ideabox.errors import JSON_PATH

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def register_security_headers(app):
    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if response.mimetype == "text/html" and current_user.is_authenticated:
            # what a signed-in person sees is theirs and changes as they act: the browser must not show it again
            # from its cache, after they sign out (a shared computer) or on Back (a vote, a form, that has moved on)
            headers.setdefault("Cache-Control", "no-store")
        if response.mimetype in ("text/html", "application/atom+xml"):
            # a page's language follows the browser's Accept-Language (ideabox.i18n): a shared cache must not hand
            # the French page to a German browser
            response.vary.add("Accept-Language")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def holds_nul(value) -> bool:
    """Whether a text, or any text in parsed JSON, holds the NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


def _keys_and_values(fields):
    for key, values in fields.lists():
        yield key
        yield from values


def register_input_guards(app):
    @app.before_request
    def refuse_nul_characters():
        """No text people type holds NUL, and PostgreSQL cannot store it: a request carrying one in its address,
        fields or JSON is refused whole, before any view, rather than failing at the database (uploaded files
        are binary and are not looked at)."""
        texts = [request.path, *_keys_and_values(request.args), *_keys_and_values(request.form)]
        if any("\x00" in text for text in texts) or (request.is_json and holds_nul(request.get_json(silent=True))):
            message = _("Text cannot hold the NUL character (\\0). Remove it and send again.")
            if request.path.startswith(JSON_PATH):
                abort_in_json(400, message=message)
            abort(400, message)
