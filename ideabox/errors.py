"""Domain errors raised by services, and the HTTP error pages."""
from flask import render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import CSRFError


class DomainError(Exception):
    """A business rule refused an action; `message` is shown to the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FieldError(DomainError):
    """A rule refused one field's value; `field` names it so a form can show the message beside it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class PermissionDenied(DomainError):
    """The acting user may not do this."""


class NotFound(DomainError):
    """The thing acted on does not exist (or is not visible to the user)."""


JSON_PATH = "/api/"  # the JSON API answers its errors in JSON

ERROR_TITLES = {
    400: _l("Bad request"),
    403: _l("You can't do that"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    413: _l("Too large"),
    429: _l("Slow down"),
    500: _l("Something went wrong"),
}
# Said in place of werkzeug's own description, written for developers and in English only.
ERROR_MESSAGES = {
    413: _l("What you sent is larger than this page accepts."),
}


def error_page(code, message=None):
    """The site's error page for `code`, saying `message` below its title."""
    title = str(ERROR_TITLES.get(code) or _("Error"))
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register_error_handlers(app):
    def handle(error, code):
        if request.path.startswith(JSON_PATH):  # e.g. a wrong URL or method under /api/, before any API view ran
            from ideabox.api.errors import json_error

            return json_error(error)
        return error_page(code, ERROR_MESSAGES.get(code) or getattr(error, "description", None))

    for code in ERROR_TITLES:
        app.register_error_handler(code, lambda error, code=code: handle(error, code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(400, _("Your form expired or was sent from elsewhere. Reload the page and try again."))
