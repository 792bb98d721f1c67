"""A NUL character in a request's address, fields or JSON is refused with a clear message and changes nothing:
no text people type holds one, and PostgreSQL cannot store it (it failed there as a server error)."""
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import Comment, Idea
from tests import factories
from tests.conftest import login
from tests.test_api import bearer, token_for
from tests.test_uploads import image_bytes, post_image

MESSAGE = "Text cannot hold the NUL character (\\0). Remove it and send again."


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_idea_form_with_a_nul_is_refused_and_posts_nothing(client, board, customer):
    login(client, customer)
    answer = client.post_form(f"/b/{board.slug}/new", data={"title": "Dark\x00mode", "body": "At night."})
    assert answer.status_code == 400 and MESSAGE in answer.get_data(as_text=True)
    assert count(Idea) == 0


def test_a_nul_in_a_field_s_name_or_a_second_value_is_refused_too(client, board, customer):
    login(client, customer)
    for data in ({"title": "Dark mode", "x\x00": "1"}, {"title": "Dark mode", "tags": ["1", "\x00"]}):
        assert client.post_form(f"/b/{board.slug}/new", data=data).status_code == 400
    assert count(Idea) == 0


def test_a_search_or_address_with_a_nul_is_refused_not_a_server_error(client, board):
    for url in ("/search?q=dark%00mode", f"/b/{board.slug}?q=%00", "/b/mob%00ile"):
        answer = client.get(url)
        assert answer.status_code == 400 and MESSAGE in answer.get_data(as_text=True), url


def test_the_api_refuses_a_nul_in_json_in_json_and_posts_nothing(client, board, customer):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    headers = bearer(token_for(customer))
    for url, body in ((f"/api/v1/ideas/{idea.id}/comments", {"body": ".!\x00"}),
                      ("/api/v1/ideas", {"board": board.slug, "title": "Dark mode", "body": ["\x00"]}),
                      ("/api/v1/ideas", {"board": board.slug, "title": "Dark mode", "x\x00": 1})):
        answer = client.post(url, json=body, headers=headers)
        assert answer.status_code == 400 and answer.json["message"] == MESSAGE, body
    assert count(Comment) == 0 and count(Idea) == 1


def test_an_uploaded_file_may_hold_nul_bytes(client, customer):
    """Files are binary: a PNG's bytes hold NULs, and the guard reads only the text fields."""
    login(client, customer)
    png = image_bytes()
    assert b"\x00" in png
    answer = post_image(client, png)
    assert answer.status_code == 201, answer.get_data(as_text=True)
