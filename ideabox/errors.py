"""Domain errors raised by services, and the HTTP error pages."""
import time

from flask import render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ideabox.routing import without_trailing_slash


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
# Said below the title when the view gave no reason of its own, in place of werkzeug's description: written
# for developers, in English only ("The requested URL was not found on the server. If you entered the URL…").
ERROR_MESSAGES = {
    400: _l("Something in that request was not as this page expects. Go back, reload the page and try again."),
    403: _l("Your account does not have access to this. If you think it should, ask the site's administrators."),
    404: _l("There is nothing at this address, or it is not shared with you. Check the link, or start again "
            "from the boards."),
    405: _l("This address does not take that kind of request. Go back and use the page's own links and buttons."),
    413: _l("What you sent is larger than this page accepts."),
    429: _l("You are going a little fast. Wait a minute, then try again."),
    500: _l("Something broke on our side, not yours. Try again in a moment; if it keeps happening, tell the "
            "site's administrators."),
}
OTHER_ERROR_MESSAGE = _l("This request could not be completed. Go back and try again.")


def error_page(code, message=None):
    """The site's error page for `code`, saying `message` below its title; a 429 says when to try again."""
    title = str(ERROR_TITLES.get(code) or _("Error"))
    headers = {"Retry-After": str(seconds_until_retry())} if code == 429 else {}
    return render_template("errors/error.html", code=code, title=title, message=message), code, headers


def seconds_until_retry() -> int:
    """How long the rate limit this request ran into holds (a minute when unknown): the Retry-After of a 429."""
    from ideabox.extensions import limiter

    limit = limiter.current_limit
    return max(0, limit.reset_at - int(time.time())) if limit else 60


def reason_given(error) -> str | None:
    """The reason a view gave with abort(404, reason), if any: werkzeug keeps its own description on the class, and
    Flask-Limiter puts only the limit ("20 per 1 minute") on a 429."""
    if isinstance(error, RateLimitExceeded):
        return None
    return vars(error).get("description")


def register_error_handlers(app):
    def handle(error, code):
        if code == 404 and (to_the_bare_address := without_trailing_slash()):
            return to_the_bare_address
        if request.path.startswith(JSON_PATH):  # e.g. a wrong URL or method under /api/, before any API view ran
            from ideabox.api.errors import json_error

            return json_error(error)
        return error_page(code, reason_given(error) or ERROR_MESSAGES.get(code, OTHER_ERROR_MESSAGE))

    for code in ERROR_TITLES:
        app.register_error_handler(code, lambda error, code=code: handle(error, code))

    @app.errorhandler(HTTPException)
    def other_error(error):
        """Any other HTTP error of a page (415, 416…) in our words too; the API's keep werkzeug's answer."""
        if request.path.startswith(JSON_PATH):
            return error
        return error_page(error.code, reason_given(error) or OTHER_ERROR_MESSAGE)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(400, _("Your form expired or was sent from elsewhere. Reload the page and try again."))
