"""An API `POST` under an `Idempotency-Key` posts once: a repeat gets the first post, the same key with other content
is refused with 422 (draft-ietf-httpapi-idempotency-key-header), and a key is one person's."""
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlalchemy import func, select

from ideabox.api.setup import API_PREFIX as API
from ideabox.extensions import db
from ideabox.models import Comment, Idea
from tests import factories
from tests.test_api import bearer, token_for
from tests.test_api_openapi_errors import Operation, assert_declared


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def keyed(token: str, key: str) -> dict:
    return {**bearer(token), "Idempotency-Key": key}


def assert_key_reused(client, response, method: str, path: str) -> None:
    """A 422 naming the header, with the body and status the OpenAPI document declares for the operation."""
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json["message"]
    assert response.json["errors"]["headers"]["Idempotency-Key"] == [response.json["message"]]
    document = client.get(f"{API}/openapi.json").json
    assert_declared(document, Operation(method, path, document["paths"][path][method]), 422, response)


def test_a_repeat_answers_as_the_first_send_did(client, board, customer):
    headers = keyed(token_for(customer), "crm-4711")
    first = client.post(f"{API}/ideas", json={"board": board.slug, "title": "Dark mode", "body": "At night."},
                        headers=headers)
    # the words as the idea stores them: spaces around and inside a title are not another idea
    again = client.post(f"{API}/ideas", json={"board": board.slug, "title": "  Dark   mode ", "body": "At night.\n"},
                        headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Location"] == first.headers["Location"] and again.json == first.json
    assert count(Idea) == 1


@pytest.mark.parametrize("change", [{"title": "Light mode"}, {"body": "By day."}, {"board": "web"}],
                         ids=["title", "body", "board"])
def test_the_same_key_with_another_idea_is_refused(client, board, customer, change):
    factories.make_board(name="Web app", slug="web")
    headers = keyed(token_for(customer), "crm-4711")
    sent = {"board": board.slug, "title": "Dark mode", "body": "At night."}
    first = client.post(f"{API}/ideas", json=sent, headers=headers)
    refused = client.post(f"{API}/ideas", json={**sent, **change}, headers=headers)
    assert_key_reused(client, refused, "post", f"{API}/ideas")
    assert [idea.title for idea in db.session.scalars(select(Idea))] == ["Dark mode"]
    assert client.post(f"{API}/ideas", json=sent, headers=headers).json["id"] == first.json["id"]  # still repeats


def test_the_same_key_with_another_comment_is_refused(client, board, customer, other_customer):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    other_idea = factories.make_idea(board, customer, title="Export to PDF")
    headers = keyed(token_for(other_customer), "note-1")
    first = client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Weekly."}, headers=headers)
    again = client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Weekly."}, headers=headers)
    assert first.status_code == again.status_code == 201 and again.json["id"] == first.json["id"]
    path = f"{API}/ideas/{{idea_id}}/comments"
    assert_key_reused(client, client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Daily."},
                                          headers=headers), "post", path)
    assert_key_reused(client, client.post(f"{API}/ideas/{other_idea.id}/comments", json={"body": "Weekly."},
                                          headers=headers), "post", path)
    assert count(Comment) == 1
    db.session.refresh(other_idea)
    assert other_idea.comment_count == 0


def test_a_note_under_the_key_of_a_public_comment_is_refused(client, board, customer, pm):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    headers = keyed(token_for(pm), "note-1")
    assert client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Soon."}, headers=headers).status_code == 201
    refused = client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Soon.", "internal": True},
                          headers=headers)
    assert_key_reused(client, refused, "post", f"{API}/ideas/{{idea_id}}/comments")
    assert count(Comment) == 1


def test_a_mention_is_the_same_whatever_its_label(client, board, customer, other_customer):
    """The comment stores each mention with the person's name: a repeat that labels it as the first send did is
    the same comment."""
    idea = factories.make_idea(board, customer, title="Export to CSV")
    headers = keyed(token_for(other_customer), "note-1")
    sent = {"body": f"[@casey](mention:{customer.id}) agreed?"}
    first = client.post(f"{API}/ideas/{idea.id}/comments", json=sent, headers=headers)
    assert first.status_code == 201 and "[@Casey Customer]" in db.session.scalar(select(Comment.body))
    again = client.post(f"{API}/ideas/{idea.id}/comments", json=sent, headers=headers)
    assert again.status_code == 201 and again.json["id"] == first.json["id"] and count(Comment) == 1
    someone_else = {"body": f"[@casey](mention:{other_customer.id}) agreed?"}
    assert client.post(f"{API}/ideas/{idea.id}/comments", json=someone_else, headers=headers).status_code == 422


def test_a_key_is_one_person_s(client, board, customer, other_customer):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    mine, theirs = keyed(token_for(customer), "sync-1"), keyed(token_for(other_customer), "sync-1")
    sent = {"board": board.slug, "title": "Dark mode"}
    first = client.post(f"{API}/ideas", json=sent, headers=mine)
    same_words = client.post(f"{API}/ideas", json=sent, headers=theirs)
    other_words = client.post(f"{API}/ideas", json={**sent, "title": "Light mode", "body": "By day."},
                              headers=keyed(token_for(other_customer), "sync-2"))
    assert first.status_code == same_words.status_code == other_words.status_code == 201
    assert same_words.json["id"] != first.json["id"] and same_words.json["author"] != first.json["author"]
    # their key now names their own idea: it is theirs that a change is measured against, not mine
    refused = client.post(f"{API}/ideas", json={**sent, "title": "Sepia mode"}, headers=theirs)
    assert_key_reused(client, refused, "post", f"{API}/ideas")
    assert client.post(f"{API}/ideas", json=sent, headers=mine).json["id"] == first.json["id"]
    comments = [client.post(f"{API}/ideas/{idea.id}/comments", json={"body": words}, headers=headers)
                for words, headers in (("Weekly.", mine), ("Daily.", theirs))]
    assert [answer.status_code for answer in comments] == [201, 201]
    assert count(Idea) == 4 and count(Comment) == 2


@pytest.mark.parametrize("second_title", ["Dark mode", "Light mode"], ids=["same", "other"])
def test_two_sends_at_once_under_one_key_post_once(app, board, customer, second_title):
    """The unique key settles a race: the later insert fails, and the send gets the first one's idea, or a 422 when
    it carries other words; never a second idea, never a 500."""
    headers = keyed(token_for(customer), "crm-4711")
    bodies = [{"board": board.slug, "title": "Dark mode"}, {"board": board.slug, "title": second_title}]
    both_ready = Barrier(2, timeout=30)  # a send that fails before it breaks the barrier instead of hanging

    def send(body):
        client = app.test_client()  # its own request, app context and database session
        both_ready.wait()
        answer = client.post(f"{API}/ideas", json=body, headers=headers)
        return answer.status_code, answer.json

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(send, bodies))
    assert count(Idea) == 1
    posted = [body["id"] for status, body in answers if status == 201]
    if second_title == "Dark mode":
        assert [status for status, _ in answers] == [201, 201] and posted[0] == posted[1]
    else:
        assert sorted(status for status, _ in answers) == [201, 422]
        assert db.session.scalar(select(Idea.title)) == next(b["title"] for b, (s, _) in zip(bodies, answers)
                                                             if s == 201)


def test_the_document_says_what_reusing_a_key_gets(client):
    document = client.get(f"{API}/openapi.json").json
    for path in (f"{API}/ideas", f"{API}/ideas/{{idea_id}}/comments"):
        operation = document["paths"][path]["post"]
        assert "422" in operation["responses"] and "refused (422)" in operation["description"]
        [header] = [p for p in operation["parameters"] if p["in"] == "header" and p["name"] == "Idempotency-Key"]
        assert "422" in header["description"]
    assert "Idempotency-Key" in document["components"]["responses"]["UNPROCESSABLE_ENTITY"]["description"]
