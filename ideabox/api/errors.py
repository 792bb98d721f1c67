"""Errors of the API, as JSON: {"code", "status"[, "message"][, "errors"]}, and how the OpenAPI document
declares them: each refusal once, as a response component that operations refer to."""
from contextlib import contextmanager
from functools import wraps
from http import HTTPStatus

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from ideabox.api.limits import API_RATE_LIMIT
from ideabox.api.pagination import page_metadata
from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import IdempotencyKeyReused

# Every error an API view can end in. The app's HTML error pages are registered per code, and Flask prefers
# a handler for the code over one for HTTPException, so each code gets the JSON handler on each API blueprint.
JSON_ERROR_CODES = (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500)

# The refusals operations declare, as the OpenAPI document describes them. Headers listed are always sent.
REFUSALS = {
    400: ("The body is sent as JSON but does not parse, or a text in the call holds the NUL character (`\\u0000`), "
          "which no field may hold.", {}),
    401: ("No token where the operation needs one, or a token that is unknown, revoked, or whose owner is "
          "suspended. Without a token a call reads what a visitor reads.",
          {"WWW-Authenticate": "`Bearer`, or `Bearer error=\"invalid_token\"` for a bad token"}),
    403: ("Your role does not allow this (the product team sets statuses and writes internal notes).", {}),
    404: ("There is no such idea or board, or you may not see it.", {}),
    413: ("The body is larger than the server accepts: 1 MB unless its administrator set another "
          "`MAX_CONTENT_LENGTH`.", {}),
    415: ("The body is not sent as JSON: send it with `Content-Type: application/json`.", {}),
    422: ("Invalid input, with `errors` naming each field by where it was sent (`json`, `query`, `headers`), such as "
          "an `Idempotency-Key` already used for a request with other content; or, with only a `message`, a rule "
          "refused it (a closed board, a merged idea, a status the idea already has).", {}),
    429: (f"Past the rate limit, {API_RATE_LIMIT}, for this token (or for this address, for calls without a "
          "valid token).",
          {"Retry-After": "Seconds until calls are accepted again"}),
}
# NUL characters, the body's size, a bad token and the rate limit are checked before any view
EVERY_CALL_MAY_GET = (400, 401, 413, 429)
# Said where werkzeug raised the error itself, with no message for people
MESSAGES = {413: _l("The request is larger than the API accepts.")}
NOT_JSON = "Send the body as JSON, with the header `Content-Type: application/json`."
KEY_REUSED = ("This Idempotency-Key was already used for a request with other content (another board, idea, title, "
              "body or `internal`). Send a new key to post something new.")


class ErrorSchema(Schema):
    """The body of every refusal (documentation only: flask-smorest's `handle_http_exception` writes it)."""

    code = fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    status = fields.String(required=True, metadata={"description": "Its name, e.g. `Not Found`"})
    message = fields.String(metadata={"description": "Why, in words for people"})
    errors = fields.Dict(keys=fields.String(), metadata={
        "description": "What was invalid, by where it was sent (`json`, `query`, `headers`): each field's messages, "
                       "or the body's"})


def refusal_responses() -> dict[str, dict]:
    """The response component of each refusal, named as flask-smorest names it (`NOT_FOUND`…)."""
    return {HTTPStatus(code).name: {
        "description": description, "content": {"application/json": {"schema": ErrorSchema}},
        **({"headers": {name: {"description": about, "required": True, "schema": {"type": "string"}}
                        for name, about in headers.items()}} if headers else {}),
    } for code, (description, headers) in REFUSALS.items()}


class ApiBlueprint(Blueprint):
    """A blueprint of the API: each operation declares the refusals any call may get, and those its view names
    with `refuses`."""

    _make_pagination_metadata = staticmethod(page_metadata)  # flask-smorest leaves keys out at the ends

    def route(self, rule, **options):
        register = super().route(rule, **options)
        every_call = self.refuses(*EVERY_CALL_MAY_GET)
        return lambda view: register(self._decorate_view_func_or_method_view(every_call, view))

    def arguments(self, schema, *, location="json", **kwargs):
        """As flask-smorest's; a body must also say it is JSON, or webargs reads it as empty and reports each
        required field missing."""
        parse = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return parse
        return lambda view: self.refuses(415)(json_body_required(parse(view)))

    def refuses(self, *codes):
        """Declare that the view may answer each of `codes`, referring to the refusal's response component."""

        def decorate(view):
            for code in codes:
                view = self.alt_response(code, response=HTTPStatus(code).name)(view)
            return view

        return decorate


def json_body_required(view):
    """Refuse with 415 a call whose body is not declared JSON."""

    @wraps(view)
    def checked(*args, **kwargs):
        if not request.is_json:
            abort(415, message=NOT_JSON)
        return view(*args, **kwargs)

    return checked


def json_error(error):
    """The API's JSON answer to `error`, with the headers HTTP asks of it (`Allow` on a 405)."""
    body, code, headers = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].handle_http_exception(error)
    if code in MESSAGES:
        body.setdefault("message", str(MESSAGES[code]))
    own = {name: value for name, value in error.get_headers() if name != "Content-Type"}
    return body, code, {**own, **(headers or {})}


def answer_errors_in_json(blueprint) -> None:
    for code in JSON_ERROR_CODES:
        blueprint.register_error_handler(code, json_error)


@contextmanager
def refusals():
    """Turn a service's refusal into the matching API error, undoing what it began."""
    try:
        yield
    except IdempotencyKeyReused:  # the header's fault, named as the header's own invalid values are
        db.session.rollback()
        abort(422, message=KEY_REUSED, errors={"headers": {"Idempotency-Key": [KEY_REUSED]}})
    except PermissionDenied as error:
        db.session.rollback()
        abort(403, message=error.message)
    except NotFound as error:
        db.session.rollback()
        abort(404, message=error.message)
    except DomainError as error:
        db.session.rollback()
        abort(422, message=error.message)
