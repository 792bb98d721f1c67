"""Serving the API on the app: the OpenAPI document, token authentication, JSON errors, rate limits."""
from flask_smorest import Api
from marshmallow import fields

from ideabox.api import catalogue, ideas
from ideabox.api.auth import READ_SECURITY, TOKEN_SCHEME, authenticate
from ideabox.api.errors import ErrorSchema, answer_errors_in_json, refusal_responses
from ideabox.api.limits import API_RATE_LIMIT, rate_limit_headers, rate_limit_key
from ideabox.api.pagination import PaginationMetadataSchema

API_PREFIX = "/api/v1"
BLUEPRINTS = (catalogue.bp, ideas.bp)
NULL = {"type": "object", "nullable": True, "enum": [None]}  # OpenAPI 3.0 has no null type: this schema is null only


class SiteApi(Api):
    """flask-smorest's Api, but its JSON error handler serves the API's blueprints only: the site's pages
    keep their HTML error pages. Its error responses describe the API's refusals as they are."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass

    def _register_responses(self):
        super()._register_responses()
        for name, response in refusal_responses().items():  # replaces flask-smorest's generic ones
            self.spec.components.response(name, response, lazy=True)

    def _register_pagination_header(self):
        # The header holds JSON: OpenAPI 3 says so with `content`. flask-smorest's `schema` would promise the
        # "simple" style (total,3,page,1,…), which no client could parse as sent.
        self.spec.components.header("PAGINATION", {
            "description": "Pagination metadata, as JSON",
            "content": {"application/json": {"schema": PaginationMetadataSchema}}}, lazy=True)


def nested_or_null(converter, field, ret, **kwargs) -> dict:
    """Describe a nullable nested object as "that schema, or null": apispec adds "or any object or null" instead,
    which lets anything through."""
    if isinstance(field, fields.Nested) and field.allow_none and "anyOf" in ret:
        return {"anyOf": [*(branch for branch in ret["anyOf"] if "$ref" in branch), NULL]}
    return {}


def _prepare_blueprints() -> None:
    from ideabox.extensions import csrf, limiter

    for blueprint in BLUEPRINTS:
        blueprint.before_request(authenticate)
        blueprint.after_request(rate_limit_headers)
        answer_errors_in_json(blueprint)
        csrf.exempt(blueprint)  # no cookie is read, so no other site can act through a visitor's browser
        limiter.shared_limit(API_RATE_LIMIT, scope="api", key_func=rate_limit_key)(blueprint)  # one budget for all


_prepare_blueprints()


def init_api(app) -> Api:
    """Serve the API and its OpenAPI document on `app`."""
    app.config.update(API_TITLE="IdeaBox", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
                      OPENAPI_URL_PREFIX=API_PREFIX, OPENAPI_JSON_PATH="openapi.json")
    api = SiteApi(app, spec_kwargs={"security": READ_SECURITY, "info": {"description": (
        "Read boards, ideas, comments and release notes as the site shows them; with a personal token "
        "(Account → API tokens, sent as `Authorization: Bearer <token>`) post ideas, vote, comment and, for the "
        "product team, set statuses, with your own rights. Errors are JSON: `code`, `status`, `message`, and "
        "`errors` for invalid fields. Lists are paged with `page` and `page_size`; the X-Pagination header "
        "holds the totals.")}})
    api.ma_plugin.converter.add_attribute_function(nested_or_null)
    api.spec.components.security_scheme(TOKEN_SCHEME, {"type": "http", "scheme": "bearer",
                                                      "description": "A personal API token (ibx_…)"})
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
    return api
