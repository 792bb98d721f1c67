"""What fuzzing the API found (tests/test_security_api_fuzz.py), each pinned by a plain test."""
import json

import pytest

from ideabox.api.setup import API_PREFIX
from ideabox.extensions import db
from tests import factories


@pytest.fixture
def three_ideas(board, customer):
    for title in ("Offline mode", "Dark mode", "Export to CSV"):
        factories.make_idea(board, customer, title=title)
    db.session.commit()


@pytest.mark.parametrize("url", [f"{API_PREFIX}/ideas/{{id}}", f"{API_PREFIX}/ideas/{{id}}/comments", "/ideas/{id}"])
@pytest.mark.parametrize("id", [2**31, 2**63, 10**30])
def test_an_id_past_what_the_id_columns_hold_is_not_found(client, three_ideas, url, id):
    """SQLite cannot bind an integer past 2**63: such an id in a URL was a 500, on the API and the pages alike."""
    assert client.get(url.format(id=id)).status_code == 404


@pytest.mark.parametrize("method, path", [("put", "vote"), ("delete", "vote"), ("get", "comments"), ("post", "comments")])
def test_an_id_past_the_id_columns_is_not_found_whatever_the_method(client, three_ideas, method, path):
    """Each method had its own rule: werkzeug noted the first rule's methods, then the id failed to convert, so the
    second method registered on a path answered 405 Method Not Allowed, and without the Allow header 405 requires."""
    response = client.open(f"{API_PREFIX}/ideas/{2**31}/{path}", method=method, json={"body": "Hello"})
    assert response.status_code == 404 and response.json["code"] == 404


@pytest.mark.parametrize("path, allowed", [("ideas", {"GET", "HEAD", "OPTIONS", "POST"}),
                                           ("ideas/1", {"GET", "HEAD", "OPTIONS"})])
def test_a_method_not_allowed_names_those_that_are(client, three_ideas, path, allowed):
    """The API's JSON error handler dropped werkzeug's headers, so a 405 came without the Allow header HTTP requires."""
    response = client.patch(f"{API_PREFIX}/{path}")
    assert response.status_code == 405 and response.json["code"] == 405
    assert set(response.headers["Allow"].split(", ")) == allowed


@pytest.mark.parametrize("page", [2, 10**17, 10**22])
def test_a_page_past_the_end_is_empty_however_far(client, three_ideas, page):
    """A page number whose offset passed 2**63 overflowed the database: a 500."""
    response = client.get(f"{API_PREFIX}/ideas", query_string={"page": page})
    assert response.status_code == 200 and response.json == []
    assert json.loads(response.headers["X-Pagination"])["total"] == 3


def test_the_pagination_header_is_documented_as_the_json_it_is(client, three_ideas):
    """flask-smorest described X-Pagination with a bare `schema` (the "simple" style, total,3,page,1,…)."""
    header = client.get(f"{API_PREFIX}/openapi.json").json["components"]["headers"]["PAGINATION"]
    assert "schema" not in header
    assert header["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PaginationMetadata"}
    assert json.loads(client.get(f"{API_PREFIX}/ideas").headers["X-Pagination"])["total"] == 3
