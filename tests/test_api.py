"""The public JSON API: what each caller may read and do, its errors, its tokens and its OpenAPI document."""
import json
from datetime import date

import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from ideabox.api.tokens import make_token, token_hash
from ideabox.extensions import db
from ideabox.ideas.services import cast_vote
from ideabox.models import ApiToken, Comment, IdeaStatus, Notification, utcnow
from tests import factories
from tests.factories_roadmap import make_release

API = "/api/v1"


def token_for(user) -> str:
    _, text = make_token(user, "Tests")
    db.session.commit()
    return text


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def ideas(board, private_board, customer, other_customer):
    """Three listed ideas on Mobile app (backed 3, 1 and 2 times), one withdrawn, one merged into the first,
    and one on the private board."""
    top = factories.make_idea(board, customer, title="Offline mode", body="Work on the *train*.")
    low = factories.make_idea(board, other_customer, title="Dark mode", status=IdeaStatus.PLANNED)
    mid = factories.make_idea(board, customer, title="Export to CSV")
    for idea, count in ((top, 3), (low, 1), (mid, 2)):
        for _ in range(count):
            cast_vote(idea, factories.make_user())
    factories.make_idea(board, customer, title="Never mind", withdrawn_at=utcnow())
    factories.make_idea(board, other_customer, title="Offline lists", merged_into_id=top.id)
    secret = factories.make_idea(private_board, customer, title="Audit log")
    db.session.commit()
    return {"top": top, "low": low, "mid": mid, "secret": secret}


def titles(response) -> list[str]:
    return [idea["title"] for idea in response.json]


def test_the_openapi_document_is_valid_and_describes_every_route(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = response.json
    validate(document)  # raises on an invalid OpenAPI 3.0 document
    assert document["info"]["title"] == "IdeaBox" and document["info"]["version"] == "v1"
    assert set(document["paths"]) == {f"{API}/boards", f"{API}/releases", f"{API}/roadmap", f"{API}/ideas",
                                      f"{API}/ideas/{{idea_id}}",
                                      f"{API}/ideas/{{idea_id}}/vote", f"{API}/ideas/{{idea_id}}/comments",
                                      f"{API}/ideas/{{idea_id}}/status"}
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer", "description": "A personal API token (ibx_…)"}
    post = document["paths"][f"{API}/ideas"]["post"]
    assert post["security"] == [{"token": []}] and "201" in post["responses"]
    idea_fields = document["components"]["schemas"]["Idea"]["properties"]
    assert {"id", "title", "body", "url", "status", "board", "author", "votes", "backers", "tags"} <= set(idea_fields)
    assert "email" not in json.dumps(document["components"]["schemas"])


def test_visitors_read_public_boards_and_listed_ideas_ranked(client, ideas):
    boards = client.get(f"{API}/boards").json
    assert [b["slug"] for b in boards] == ["mobile"] and boards[0]["url"] == "http://localhost/b/mobile"
    response = client.get(f"{API}/ideas")
    assert response.status_code == 200
    assert titles(response) == ["Offline mode", "Export to CSV", "Dark mode"]
    assert json.loads(response.headers["X-Pagination"])["total"] == 3
    first = response.json[0]
    assert first["votes"] == 3 and first["board"]["slug"] == "mobile" and first["author"]["name"] == "Casey Customer"
    assert "email" not in response.get_data(as_text=True)
    assert titles(client.get(f"{API}/ideas?sort=new")) == ["Export to CSV", "Dark mode", "Offline mode"]
    assert titles(client.get(f"{API}/ideas?status=planned")) == ["Dark mode"]
    assert titles(client.get(f"{API}/ideas?q=csv")) == ["Export to CSV"]
    paged = client.get(f"{API}/ideas?page=2&page_size=2")
    assert titles(paged) == ["Dark mode"]
    assert json.loads(paged.headers["X-Pagination"]) == {"total": 3, "total_pages": 2, "first_page": 1,
                                                        "last_page": 2, "page": 2, "previous_page": 1,
                                                        "next_page": None}


def test_private_and_withdrawn_ideas_stay_hidden_from_those_who_may_not_see_them(client, ideas, executive):
    assert client.get(f"{API}/ideas/{ideas['secret'].id}").status_code == 404
    assert client.get(f"{API}/ideas?board=internal").json["message"] == "There is no board “internal”."
    token = token_for(executive)
    assert client.get(f"{API}/ideas/{ideas['secret'].id}", headers=bearer(token)).json["title"] == "Audit log"
    assert "Audit log" in titles(client.get(f"{API}/ideas", headers=bearer(token)))
    assert [b["slug"] for b in client.get(f"{API}/boards", headers=bearer(token)).json] == ["mobile", "internal"]


def test_a_merged_duplicate_reads_with_the_idea_that_carries_it(client, ideas):
    merged = db.session.scalar(select(type(ideas["top"])).where(type(ideas["top"]).title == "Offline lists"))
    body = client.get(f"{API}/ideas/{merged.id}").json
    assert body["merged_into_id"] == ideas["top"].id and body["url"] == f"http://localhost/ideas/{ideas['top'].id}"


@pytest.mark.parametrize("header", ["Bearer ibx_not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "ibx_raw"])
def test_a_bad_token_is_refused_outright(client, ideas, header):
    response = client.get(f"{API}/ideas", headers={"Authorization": header})
    assert response.status_code == 401 and response.json["code"] == 401
    assert "token is unknown" in response.json["message"] and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_writing_needs_a_token_and_the_session_cookie_does_not_count(client, board, customer):
    from tests.conftest import login

    login(client, customer)  # a signed-in browser: the API ignores its cookie, so no other site can use it
    response = client.post(f"{API}/ideas", json={"board": "mobile", "title": "Dark mode"})
    assert response.status_code == 401 and "This needs a token" in response.json["message"]
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_person_posts_an_idea_with_their_token(client, board, customer):
    token = token_for(customer)
    response = client.post(f"{API}/ideas", json={"board": "mobile", "title": "  Dark mode  ", "body": "At night."},
                           headers=bearer(token))
    assert response.status_code == 201, response.json
    idea = response.json
    assert (idea["title"], idea["body"], idea["author"]["id"], idea["votes"]) == ("Dark mode", "At night.",
                                                                                    customer.id, 1)
    assert response.headers["Location"] == f"http://localhost{API}/ideas/{idea['id']}"
    assert client.get(response.headers["Location"]).json["title"] == "Dark mode"


@pytest.mark.parametrize("payload, status, expected", [
    ({"title": "Dark mode"}, 422, {"errors": {"json": {"board": ["Missing data for required field."]}}}),
    ({"board": "mobile"}, 422, {"errors": {"json": {"title": ["Missing data for required field."]}}}),
    ({"board": "mobile", "title": "x" * 200}, 422, {"errors": {"json": {"title": ["Length must be between 1 and 140."]}}}),
    ({"board": "mobile", "title": "Dark", "priority": "high"}, 422, {"errors": {"json": {"priority": ["Unknown field."]}}}),
    ({"board": "nowhere", "title": "Dark mode"}, 404, {"message": "There is no board “nowhere”."}),
    ({"board": "mobile", "title": "   "}, 422, {"message": "Give your idea a title."}),
])
def test_bad_input_gets_a_clear_error_and_changes_nothing(client, board, customer, payload, status, expected):
    token = token_for(customer)
    response = client.post(f"{API}/ideas", json=payload, headers=bearer(token))
    assert response.status_code == status
    for key, value in expected.items():
        assert response.json[key] == value
    assert client.get(f"{API}/ideas").json == []


def test_a_closed_board_refuses_new_ideas(client, customer):
    factories.make_board(name="Legacy", slug="legacy", accepts_ideas=False, closed_message="Post on Mobile app.")
    response = client.post(f"{API}/ideas", json={"board": "legacy", "title": "Dark mode"},
                           headers=bearer(token_for(customer)))
    assert response.status_code == 422 and "closed to new ideas" in response.json["message"]


def test_voting_and_taking_it_back(client, ideas, other_customer):
    token, idea_id = token_for(other_customer), ideas["mid"].id
    for _ in range(2):  # voting twice changes nothing
        response = client.put(f"{API}/ideas/{idea_id}/vote", headers=bearer(token))
        assert response.status_code == 200 and response.json["voted"] is True and response.json["idea"]["votes"] == 3
    response = client.delete(f"{API}/ideas/{idea_id}/vote", headers=bearer(token))
    assert response.json == {"voted": False, "idea": {**response.json["idea"], "votes": 2}}
    assert client.put(f"{API}/ideas/{idea_id}/vote").status_code == 401


def test_comments_internal_notes_stay_with_the_team(client, ideas, customer, pm):
    idea_id = ideas["top"].id
    customer_token, pm_token = token_for(customer), token_for(pm)
    response = client.post(f"{API}/ideas/{idea_id}/comments", json={"body": "Please hurry."},
                           headers=bearer(customer_token))
    assert response.status_code == 201 and response.json["official"] is False and response.json["internal"] is False
    note = client.post(f"{API}/ideas/{idea_id}/comments", json={"body": "Acme asked too.", "internal": True},
                       headers=bearer(pm_token))
    assert note.status_code == 201 and note.json["internal"] is True
    refused = client.post(f"{API}/ideas/{idea_id}/comments", json={"body": "Sneaky", "internal": True},
                          headers=bearer(customer_token))
    assert refused.status_code == 403 and "Only the product team" in refused.json["message"]
    assert [c["body"] for c in client.get(f"{API}/ideas/{idea_id}/comments").json] == ["Please hurry."]
    assert [c["body"] for c in client.get(f"{API}/ideas/{idea_id}/comments", headers=bearer(pm_token)).json] == [
        "Please hurry.", "Acme asked too."]
    assert db.session.scalar(select(Comment.body).where(Comment.body == "Sneaky")) is None


@pytest.mark.parametrize("role, allowed", [("customer", False), ("executive", False), ("pm", True), ("admin", True)])
def test_only_the_product_team_sets_statuses(client, ideas, role, allowed):
    token = token_for(factories.make_user(role=role))
    response = client.put(f"{API}/ideas/{ideas['top'].id}/status", json={"status": "planned", "note": "In March."},
                          headers=bearer(token))
    db.session.refresh(ideas["top"])
    if allowed:
        assert response.status_code == 200 and response.json["status"] == "planned"
        assert db.session.scalar(select(func.count(Notification.id))) == 3  # its three backers are told
    else:
        assert response.status_code == 403 and ideas["top"].status == IdeaStatus.OPEN


def test_an_unknown_status_is_refused(client, ideas, pm):
    response = client.put(f"{API}/ideas/{ideas['top'].id}/status", json={"status": "done"},
                          headers=bearer(token_for(pm)))
    assert response.status_code == 422 and "status" in response.json["errors"]["json"]


def test_release_notes_are_listed_newest_first_private_ones_for_the_team(client, ideas, executive):
    make_release(title="Dark mode", idea=ideas["low"], days_ago=2)
    make_release(title="Audit log", idea=ideas["secret"], days_ago=1)
    assert [r["title"] for r in client.get(f"{API}/releases").json] == ["Dark mode"]
    releases = client.get(f"{API}/releases", headers=bearer(token_for(executive))).json
    assert [r["title"] for r in releases] == ["Audit log", "Dark mode"]


def test_the_roadmap_reads_as_on_the_page_with_themes_as_one_card(client, ideas, executive):
    from tests.factories_roadmap import make_theme

    theme = make_theme("Offline", [ideas["top"], ideas["mid"]], status=IdeaStatus.IN_PROGRESS, eta=date(2027, 3, 1))
    ideas["secret"].status = IdeaStatus.PLANNED
    db.session.commit()
    roadmap = client.get(f"{API}/roadmap").json
    assert [card["title"] for card in roadmap["planned"]] == ["Dark mode"]  # the private idea stays hidden
    [card] = roadmap["in_progress"]
    assert (card["kind"], card["id"], card["eta"], card["boards"]) == ("theme", theme.id, "2027-03", ["mobile"])
    assert sorted(card["idea_ids"]) == sorted([ideas["top"].id, ideas["mid"].id]) and card["backers"] == 5
    assert card["url"] == f"http://localhost/roadmap/themes/{theme.id}" and roadmap["shipped"] == []
    insider = client.get(f"{API}/roadmap", headers=bearer(token_for(executive))).json
    assert sorted(card["title"] for card in insider["planned"]) == ["Audit log", "Dark mode"]
    assert [card["title"] for card in client.get(f"{API}/roadmap?board=internal",
                                                 headers=bearer(token_for(executive))).json["planned"]] == ["Audit log"]
    assert client.get(f"{API}/roadmap?board=internal").status_code == 404


def test_tokens_are_stored_as_hashes_and_stop_working_when_revoked_or_suspended(client, ideas, customer):
    token = token_for(customer)
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash == token_hash(token) and token not in (row.token_hash, row.prefix)
    assert token.startswith(row.prefix) and len(token) > 40
    assert client.get(f"{API}/ideas", headers=bearer(token)).status_code == 200
    db.session.refresh(row)
    assert row.last_used_at is not None
    customer.is_suspended = True
    db.session.commit()
    assert client.get(f"{API}/ideas", headers=bearer(token)).status_code == 401
    customer.is_suspended = False
    db.session.delete(row)
    db.session.commit()
    assert client.get(f"{API}/ideas", headers=bearer(token)).status_code == 401


def test_api_errors_are_json_and_site_errors_stay_html(client, ideas):
    missing = client.get(f"{API}/ideas/999999")
    assert missing.status_code == 404 and missing.json == {"code": 404, "status": "Not Found",
                                                           "message": "This idea does not exist."}
    wrong_method = client.patch(f"{API}/ideas")
    assert wrong_method.status_code == 405 and wrong_method.json["code"] == 405
    assert client.get(f"{API}/ideas?sort=loudest").json["errors"]["query"]["sort"]
    assert client.get(f"{API}/nowhere").json == {"code": 404, "status": "Not Found"}
    page = client.get("/ideas/999999")
    assert page.status_code == 404 and page.content_type.startswith("text/html")


def test_calls_are_rate_limited_per_token(ideas, customer, _migrated, tmp_path):
    from ideabox import create_app
    from tests.conftest import _test_config

    token = token_for(customer)  # in the test's database, which the rate-limited app below shares
    limited_app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    client = limited_app.test_client()
    with limited_app.app_context():
        statuses = [client.get(f"{API}/{path}", headers=bearer(token)).status_code
                    for path in ["boards", f"ideas/{ideas['top'].id}", "releases"] * 100]
        assert statuses == [200] * 300  # one budget for the whole API
        assert client.get(f"{API}/ideas", headers=bearer(token)).json["code"] == 429
        assert client.get(f"{API}/boards").status_code == 200  # anonymous calls are counted apart
        db.session.remove()
        db.engine.dispose()


def test_a_webhook_payload_and_the_api_describe_an_idea_alike(client, ideas, app):
    from ideabox.webhooks import payloads

    with app.test_request_context():
        assert payloads.idea(ideas["top"]) == client.get(f"{API}/ideas/{ideas['top'].id}").json
