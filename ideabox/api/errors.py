"""Errors of the API, as JSON: {"code", "status", "message"[, "errors"]}."""
from contextlib import contextmanager

from flask import current_app
from flask_smorest import abort

from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db

# Every error an API view can end in. The app's HTML error pages are registered per code, and Flask prefers
# a handler for the code over one for HTTPException, so each code gets the JSON handler on each API blueprint.
JSON_ERROR_CODES = (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500)


def json_error(error):
    return current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].handle_http_exception(error)


def answer_errors_in_json(blueprint) -> None:
    for code in JSON_ERROR_CODES:
        blueprint.register_error_handler(code, json_error)


@contextmanager
def refusals():
    """Turn a service's refusal into the matching API error, undoing what it began."""
    try:
        yield
    except PermissionDenied as error:
        db.session.rollback()
        abort(403, message=error.message)
    except NotFound as error:
        db.session.rollback()
        abort(404, message=error.message)
    except DomainError as error:
        db.session.rollback()
        abort(422, message=error.message)
