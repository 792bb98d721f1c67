"""The refusals the OpenAPI document declares are the ones the API answers.

Every operation of the generated document is called for real in each situation that refuses it (a bad token, no
token where one is needed, an unknown idea, a body that is not JSON, not declared JSON, too large or not valid, a NUL
character, a page out of range, a role that is not enough, the rate limit): the answer's status must be declared for
that operation, its body must match the declared schema and its declared headers must be there. And each refusal an
operation declares happens here.
"""
import json
from dataclasses import dataclass
from typing import NamedTuple

import pytest
from openapi_schema_validator import OAS30Validator

from ideabox.api.setup import API_PREFIX as API
from ideabox.api.tokens import make_token
from ideabox.extensions import db
from tests import factories

VALID_BODIES = {("post", f"{API}/ideas"): {"board": "mobile", "title": "Dark mode"},
                ("post", f"{API}/ideas/{{idea_id}}/comments"): {"body": "Me too."},
                ("put", f"{API}/ideas/{{idea_id}}/status"): {"status": "planned"}}
# flask-smorest declares 422 for any arguments; the roadmap's only one, a board's slug, is free text.
NEVER_ANSWERED = {("get", f"{API}/roadmap", 422)}


class Operation(NamedTuple):
    method: str
    path: str
    definition: dict


@dataclass
class Site:
    client: object
    document: dict
    customer: str  # tokens
    pm: str
    idea: int  # ids
    merged: int
    missing: int

    @property
    def operations(self) -> list[Operation]:
        return [Operation(method, path, definition) for path, item in self.document["paths"].items()
                for method, definition in item.items() if method != "parameters"]

    def call(self, operation, token=None, idea_id=None, body=None, data=None, query=None,
             content_type="application/json"):
        """Call `operation` on a real idea with a valid body, unless told otherwise."""
        url = operation.path.replace("{idea_id}", str(idea_id or self.idea))
        if operation.definition.get("requestBody") and data is None:
            body = body or VALID_BODIES[operation.method, operation.path]
        return self.client.open(url, method=operation.method, json=body, data=data, query_string=query,
                                content_type=content_type if data else None,
                                headers={"Authorization": f"Bearer {token}"} if token else {})


@pytest.fixture
def site(client, board, customer, pm) -> Site:
    idea = factories.make_idea(board, customer, title="Offline mode")
    merged = factories.make_idea(board, customer, title="Offline lists", merged_into_id=idea.id)
    db.session.commit()
    tokens = [make_token(user, "Tests")[1] for user in (customer, pm)]
    db.session.commit()
    return Site(client, client.get(f"{API}/openapi.json").json, *tokens, idea.id, merged.id, merged.id + 100)


def bad_token(site):
    return [(op, 401, site.call(op, token="ibx_unknown")) for op in site.operations]


def no_token(site):
    needs_token = [op for op in site.operations if {} not in op.definition.get("security", site.document["security"])]
    return [(op, 401, site.call(op)) for op in needs_token]


def unknown_idea(site):
    return [(op, 404, site.call(op, token=site.pm, idea_id=site.missing)) for op in site.operations
            if "{idea_id}" in op.path]


def body_not_json(site):
    return [(op, 400, site.call(op, token=site.pm, data="{nope")) for op in site.operations
            if "requestBody" in op.definition]


def body_not_declared_json(site):
    return [(op, 415, site.call(op, token=site.pm, data=json.dumps(VALID_BODIES[op.method, op.path]),
                                content_type="text/plain")) for op in site.operations if "requestBody" in op.definition]


def body_too_large(site):
    too_large = '"%s"' % ("x" * site.client.application.config["MAX_CONTENT_LENGTH"])
    return [(op, 413, site.call(op, token=site.pm, data=too_large)) for op in site.operations]


def nul_character(site):
    return [(op, 400, site.call(op, token=site.pm, query={"q": "dark\x00mode"})) for op in site.operations]


def body_not_valid(site):
    return [(op, 422, site.call(op, token=site.pm, body={"unexpected": 1})) for op in site.operations
            if "requestBody" in op.definition]


def page_out_of_range(site):
    return [(op, 422, site.call(op, query={"page": 0})) for op in site.operations
            if any(parameter.get("name") == "page" for parameter in op.definition.get("parameters", []))]


def unknown_board(site):
    answers = {"get": lambda op: site.call(op, query={"board": "nowhere"}),
               "post": lambda op: site.call(op, token=site.customer, body={"board": "nowhere", "title": "Dark"})}
    return [(op, 404, answers[op.method](op)) for op in site.operations
            if op.path in (f"{API}/ideas", f"{API}/roadmap")]


def refused_by_role_or_rule(site):
    by_path = {(op.method, op.path.removeprefix(API)): op for op in site.operations}
    cases = [("post", "/ideas/{idea_id}/comments", 403, {"body": {"body": "Psst", "internal": True}}),
             ("put", "/ideas/{idea_id}/status", 403, {}),
             ("put", "/ideas/{idea_id}/vote", 422, {"idea_id": site.merged}),
             ("delete", "/ideas/{idea_id}/vote", 422, {"idea_id": site.merged})]
    return [(by_path[method, path], status, site.call(by_path[method, path], token=site.customer, **options))
            for method, path, status, options in cases]


SITUATIONS = [bad_token, no_token, unknown_idea, body_not_json, body_not_declared_json, body_too_large, nul_character, body_not_valid,
              page_out_of_range, unknown_board, refused_by_role_or_rule]


def assert_declared(document, op, status, response) -> None:
    """`response` has `status`, which `op` declares, with a body of the declared schema and the declared headers."""
    where = f"{op.method.upper()} {op.path}"
    assert response.status_code == status, (where, response.status_code, response.get_data(as_text=True))
    declared = op.definition["responses"].get(str(status))
    assert declared is not None, f"{where} answers {status} but does not declare it"
    declared = document["components"]["responses"][declared["$ref"].rpartition("/")[2]] if "$ref" in declared \
        else declared
    schema = declared["content"][response.mimetype]["schema"]
    OAS30Validator({**schema, "components": document["components"]}).validate(response.json)
    missing = {name for name, header in declared.get("headers", {}).items() if header.get("required")} - set(
        response.headers.keys())
    assert not missing, f"{where} answers {status} without the declared {missing}"


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda situation: situation.__name__)
def test_each_refusal_is_declared_by_its_operation_with_its_body(site, situation):
    answers = situation(site)
    assert answers, "the document has no operation this situation applies to"
    for op, status, response in answers:
        assert_declared(site.document, op, status, response)


def test_every_operation_declares_the_rate_limit_it_meets(site, customer, _migrated, tmp_path):
    from ideabox import create_app
    from tests.conftest import _test_config

    limited_app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    site.client = limited_app.test_client()
    with limited_app.app_context():
        while site.client.get(f"{API}/boards", headers={"Authorization": f"Bearer {site.customer}"}).status_code \
                == 200:
            pass  # one budget for the whole API
        for op in site.operations:
            assert_declared(site.document, op, 429, site.call(op, token=site.customer))
        db.session.remove()
        db.engine.dispose()


def test_every_declared_refusal_is_one_the_api_answers(site):
    declared = {(op.method, op.path, int(code)) for op in site.operations for code in op.definition["responses"]
                if code.isdigit() and int(code) >= 400}
    answered = {(op.method, op.path, response.status_code) for situation in SITUATIONS
                for op, _, response in situation(site)}
    rate_limited = {(op.method, op.path, 429) for op in site.operations}  # met in the test above
    assert declared - answered - rate_limited == NEVER_ANSWERED
