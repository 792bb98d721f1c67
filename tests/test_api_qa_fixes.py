"""The API's answers to QA's findings: one rate-limit budget however a token is spelled, hidden comments said so,
a body that is not JSON refused with 415, a typed OpenAPI document, the same pagination keys on every page,
Retry-After on a 429 only, and a role checked before an Idempotency-Key."""
import json
from contextlib import contextmanager

import pytest

from ideabox.api.setup import API_PREFIX as API
from ideabox.extensions import db
from tests import factories
from tests.test_api import bearer, token_for


@contextmanager
def rate_limited_client(_migrated, tmp_path):
    """A client of an app that counts calls, on the test's database."""
    from ideabox import create_app
    from tests.conftest import _test_config

    limited_app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    with limited_app.app_context():
        yield limited_app.test_client()
        db.session.remove()
        db.engine.dispose()


def test_a_token_has_one_budget_however_its_header_is_spelled(board, customer, _migrated, tmp_path):
    token = token_for(customer)
    spellings = [f"Bearer {token}", f"bearer {token}", f"BEARER {token}", f"Bearer   {token}", f"Bearer {token}  "]
    with rate_limited_client(_migrated, tmp_path) as client:
        statuses = [client.get(f"{API}/boards", headers={"Authorization": spellings[i % len(spellings)]}).status_code
                    for i in range(300)]
        assert statuses == [200] * 300
        for spelling in spellings:
            assert client.get(f"{API}/boards", headers={"Authorization": spelling}).status_code == 429


def test_bad_tokens_share_the_address_budget(board, customer, _migrated, tmp_path):
    with rate_limited_client(_migrated, tmp_path) as client:
        statuses = [client.get(f"{API}/boards", headers={"Authorization": f"Bearer ibx_made-up-{i}"}).status_code
                    for i in range(300)]
        assert statuses == [401] * 300  # each made-up token counted on the address, not on a budget of its own
        assert client.get(f"{API}/boards").status_code == 429
        assert client.get(f"{API}/boards", headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 429
        assert client.get(f"{API}/boards", headers=bearer(token_for(customer))).status_code == 200  # its own budget


@pytest.fixture
def hidden_comment(board, customer, other_customer, pm):
    """An idea with a comment and one the team hid; returns the idea."""
    from ideabox.comments.services import set_comment_hidden

    idea = factories.make_idea(board, customer, title="Offline mode")
    factories.make_comment(idea, customer, body="Please hurry.")
    set_comment_hidden(factories.make_comment(idea, other_customer, body="Buy cheap watches"), pm, True)
    db.session.commit()
    return idea


@pytest.mark.parametrize("role", ["pm", "admin"])
def test_the_team_sees_which_comments_are_hidden(client, hidden_comment, role):
    token = token_for(factories.make_user(role=role))
    comments = client.get(f"{API}/ideas/{hidden_comment.id}/comments", headers=bearer(token)).json
    assert [(c["body"], c["hidden"]) for c in comments] == [("Please hurry.", False), ("Buy cheap watches", True)]
    described = client.get(f"{API}/openapi.json").json["components"]["schemas"]["Comment"]["properties"]["hidden"]
    assert described["type"] == "boolean" and "moderation" in described["description"]


@pytest.mark.parametrize("role", [None, "customer", "executive"])
def test_others_never_see_hidden_comments(client, hidden_comment, role):
    headers = bearer(token_for(factories.make_user(role=role))) if role else {}
    comments = client.get(f"{API}/ideas/{hidden_comment.id}/comments", headers=headers).json
    assert [(c["body"], c["hidden"]) for c in comments] == [("Please hurry.", False)]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
@pytest.mark.parametrize("method, path, body", [
    ("post", "/ideas", {"board": "mobile", "title": "Dark mode"}),
    ("post", "/ideas/{idea}/comments", {"body": "Me too."}),
    ("put", "/ideas/{idea}/status", {"status": "planned"}),
])
def test_a_body_not_sent_as_json_is_refused_with_415(client, board, pm, content_type, method, path, body):
    idea = factories.make_idea(board, pm, title="Offline mode")
    url = API + path.format(idea=idea.id)
    response = client.open(url, method=method, data=json.dumps(body), content_type=content_type,
                           headers=bearer(token_for(pm)))
    assert response.status_code == 415
    assert response.json == {"code": 415, "status": "Unsupported Media Type",
                             "message": "Send the body as JSON, with the header `Content-Type: application/json`."}
    assert client.open(url, method=method, json=body, headers=bearer(token_for(pm))).status_code in (200, 201)


def untyped_schemas(node, where="#"):
    """Where a property, array item, parameter or header of the document has a schema that says nothing of its
    type (`{}`, or only a description)."""
    if isinstance(node, list):
        return [found for i, item in enumerate(node) for found in untyped_schemas(item, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    described = list((node.get("properties") or {}).items())
    described += [(key, node[key]) for key in ("items", "schema") if isinstance(node.get(key), dict)]
    found = [f"{where}/{name}" for name, schema in described
             if not {"type", "$ref", "anyOf", "allOf", "oneOf"} & set(schema)]
    return found + [found for key, value in node.items() for found in untyped_schemas(value, f"{where}/{key}")]


def test_every_property_of_the_openapi_document_has_a_type(client):
    document = client.get(f"{API}/openapi.json").json
    assert untyped_schemas(document) == []
    assert untyped_schemas({"properties": {"at": {}, "n": {"type": "integer"}}}) == ["#/at"]  # the walk finds them


def test_the_openapi_document_types_timestamps_links_limits_and_the_location(client):
    from openapi_schema_validator import OAS30Validator
    from openapi_spec_validator import validate

    document = client.get(f"{API}/openapi.json").json
    validate(document)
    schemas = document["components"]["schemas"]
    for schema, name, nullable in [("Idea", "created_at", False), ("Comment", "created_at", False),
                                   ("Comment", "edited_at", True), ("Release", "published_at", False),
                                   ("RoadmapCard", "shipped_at", True)]:
        described = schemas[schema]["properties"][name]
        assert (described["type"], described["format"], described.get("nullable", False)) == (
            "string", "date-time", nullable), (schema, name)
    assert schemas["Idea"]["properties"]["url"]["format"] == "uri"
    assert schemas["Idea"]["properties"]["status"]["type"] == "string"
    assert schemas["RoadmapCard"]["properties"]["idea_ids"] == {
        "type": "array", "items": {"type": "integer"}, "description": "The ideas you may see that the card stands for"}
    assert [schemas[schema]["properties"][name]["maxLength"] for schema, name in [
        ("NewIdea", "title"), ("NewIdea", "body"), ("NewComment", "body"), ("StatusChange", "note")]] == [
        140, 10_000, 5_000, 5_000]
    author = OAS30Validator({**schemas["Release"]["properties"]["author"], "components": document["components"]})
    author.validate(None)
    author.validate({"id": 1, "name": "Pat PM"})
    assert not author.is_valid({"id": "one"}) and not author.is_valid(3)
    created = document["paths"][f"{API}/ideas"]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["schema"] == {"type": "string", "format": "uri"}


def test_comment_bodies_and_status_notes_are_held_to_their_documented_length(client, board, pm):
    idea = factories.make_idea(board, pm, title="Offline mode")
    headers = bearer(token_for(pm))
    comment = client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "x" * 5001}, headers=headers)
    assert comment.status_code == 422 and "body" in comment.json["errors"]["json"]
    status = client.put(f"{API}/ideas/{idea.id}/status", json={"status": "planned", "note": "x" * 5001},
                        headers=headers)
    assert status.status_code == 422 and "note" in status.json["errors"]["json"]
    assert client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "x" * 5000}, headers=headers).status_code == 201


@pytest.mark.parametrize("query, expected", [
    ("board=mobile&q=nothing-matches", {"total": 0, "total_pages": 0, "first_page": 1, "last_page": 1, "page": 1,
                                        "previous_page": None, "next_page": None}),
    ("page_size=2", {"total": 3, "total_pages": 2, "first_page": 1, "last_page": 2, "page": 1,
                     "previous_page": None, "next_page": 2}),
    ("page_size=2&page=30", {"total": 3, "total_pages": 2, "first_page": 1, "last_page": 2, "page": 30,
                             "previous_page": 2, "next_page": None}),
], ids=["empty", "first", "past the end"])
def test_x_pagination_always_holds_the_same_keys(client, board, customer, query, expected):
    from openapi_schema_validator import OAS30Validator

    for title in ("Offline mode", "Dark mode", "Export to CSV"):
        factories.make_idea(board, customer, title=title)
    response = client.get(f"{API}/ideas?{query}")
    pagination = json.loads(response.headers["X-Pagination"])
    assert pagination == expected
    document = client.get(f"{API}/openapi.json").json
    header = document["components"]["headers"]["PAGINATION"]["content"]["application/json"]["schema"]
    OAS30Validator({**header, "components": document["components"]}).validate(pagination)
    schema = document["components"]["schemas"][header["$ref"].rpartition("/")[2]]
    assert set(schema["required"]) == set(expected)  # the document promises every key


def test_only_a_429_says_retry_after(board, customer, _migrated, tmp_path):
    token = token_for(customer)
    with rate_limited_client(_migrated, tmp_path) as client:
        answers = [client.get(f"{API}/boards", headers=bearer(token)),
                   client.post(f"{API}/ideas", json={"board": "mobile", "title": "Dark mode"}, headers=bearer(token)),
                   client.get(f"{API}/boards", headers=bearer("ibx_made-up"))]
        assert [answer.status_code for answer in answers] == [200, 201, 401]
        for answer in answers:
            assert "Retry-After" not in answer.headers
            assert answer.headers["X-RateLimit-Limit"] == "300" and int(answer.headers["X-RateLimit-Remaining"]) < 300
        while (refused := client.get(f"{API}/boards", headers=bearer(token))).status_code == 200:
            pass
        assert refused.status_code == 429 and 0 <= int(refused.headers["Retry-After"]) <= 61  # a minute, rounded up
        assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_a_customer_reusing_a_key_for_an_internal_note_is_refused_for_the_role(client, board, customer):
    idea = factories.make_idea(board, customer, title="Offline mode")
    headers = {**bearer(token_for(customer)), "Idempotency-Key": "crm-4711"}
    assert client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Me too."}, headers=headers).status_code == 201
    refused = client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Me too.", "internal": True},
                          headers=headers)
    assert refused.status_code == 403 and "Only the product team" in refused.json["message"]
