"""An idea or comment form sent again (its answer lost to a dropped connection or a restarted worker, or a double
click) posts once: the form carries a key made when it was shown, and a resend gets what the first send posted."""
import re
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ideabox.extensions import db
from ideabox.ideas import services
from ideabox.ideas.posted_once import submission_digest
from ideabox.ideas.services import add_comment, submit_idea
from ideabox.models import Board, Comment, Follow, Idea, User, Vote
from tests import factories
from tests.conftest import login
from tests.test_api import bearer, token_for

KEY_PATTERN = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_same_idea_form_sent_twice_posts_one_idea_with_one_vote(board, customer):
    first = submit_idea(board, customer, "Dark mode", submission_key="form-1")
    db.session.commit()
    again = submit_idea(board, customer, "Dark mode", submission_key="form-1")
    db.session.commit()
    assert again.id == first.id
    assert count(Idea) == 1 and count(Vote) == 1 and count(Follow) == 1 and again.vote_count == 1


def test_another_form_or_another_person_posts_anew(board, customer, other_customer):
    submit_idea(board, customer, "Dark mode", submission_key="form-1")
    submit_idea(board, customer, "Dark mode", submission_key="form-2")  # the person filled the form again
    submit_idea(board, other_customer, "Dark mode", submission_key="form-1")  # a key is one person's
    submit_idea(board, customer, "Dark mode")  # no key (an import, a script): no check
    db.session.commit()
    assert count(Idea) == 4


def test_an_old_form_shown_again_with_new_words_posts_them(board, customer):
    """The browser's Back button shows a page with the form it had: what is typed into it is new, not a resend."""
    idea = factories.make_idea(board, customer, title="Export to CSV")
    first = add_comment(idea, customer, "ONE", submission_key="box-1")
    second = add_comment(idea, customer, "TWO", submission_key="box-1")
    submit_idea(board, customer, "Dark mode", submission_key="form-1")
    submit_idea(board, customer, "Light mode", submission_key="form-1")
    db.session.commit()
    assert first.id != second.id and count(Comment) == 2 and count(Idea) == 3


def test_the_same_comment_form_sent_twice_posts_one_comment(board, customer, other_customer):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    first = add_comment(idea, other_customer, "Weekly, please.", submission_key="box-1")
    db.session.commit()
    again = add_comment(idea, other_customer, "Weekly, please.", submission_key="box-1")
    db.session.commit()
    assert again.id == first.id and count(Comment) == 1
    db.session.refresh(idea)
    assert idea.comment_count == 1


def test_a_resend_that_races_the_first_send_gets_its_row(board, customer):
    """The first send's row arrives between the resend's look and its insert: the unique key settles it."""
    first = submit_idea(board, customer, "Dark mode", submission_key="form-1")
    db.session.commit()
    key = submission_digest("form-1", "Dark mode", "")
    late = services._add_once(Idea(board=board, author=customer, title="Dark mode", submission_key=key), customer)
    assert late.id == first.id and count(Idea) == 1


def test_an_insert_refused_for_another_reason_still_fails(board, customer):
    with pytest.raises(IntegrityError):
        services._add_once(Comment(idea_id=2**31 - 1, author_id=customer.id, body="Orphan", submission_key="box-1"),
                           customer)


def both_at_once(app, send) -> list:
    """Run send() in two threads, each in its own app context and session, released together; their results."""
    both_ready = Barrier(2, timeout=30)  # a send that fails before it breaks the barrier instead of hanging

    def one():
        with app.app_context(), app.test_request_context():
            both_ready.wait()
            return send()

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda _: one(), range(2)))


def test_two_sends_at_once_post_one_idea(app, board, customer):
    db.session.commit()
    board_id, author_id = board.id, customer.id  # read here: the test's session is not the threads' to use

    def send():
        idea = submit_idea(db.session.get(Board, board_id), db.session.get(User, author_id), "Dark mode",
                           submission_key="form-1")
        db.session.commit()
        return idea.id

    ids = both_at_once(app, send)
    assert ids[0] == ids[1] and count(Idea) == 1 and count(Vote) == 1


def new_idea_form(client, board) -> dict:
    page = client.get(f"/b/{board.slug}/new").get_data(as_text=True)
    return {"title": "Dark mode", "body": "For night shifts.", "submission_key": KEY_PATTERN.search(page).group(1)}


def test_the_browser_s_resend_of_the_idea_form_lands_on_the_first_idea(client, board, customer):
    login(client, customer)
    form = new_idea_form(client, board)
    first = client.post_form(f"/b/{board.slug}/new", data=form)
    again = client.post_form(f"/b/{board.slug}/new", data=form)
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert count(Idea) == 1
    other = client.post_form(f"/b/{board.slug}/new", data=new_idea_form(client, board))  # a new form: a new idea
    assert other.status_code == 303 and count(Idea) == 2


def test_each_form_shown_carries_its_own_key(client, board, customer):
    login(client, customer)
    assert new_idea_form(client, board)["submission_key"] != new_idea_form(client, board)["submission_key"]


def test_an_altered_key_still_posts_the_idea(client, board, customer):
    login(client, customer)
    form = {**new_idea_form(client, board), "submission_key": "x" * 500}
    assert client.post_form(f"/b/{board.slug}/new", data=form).status_code == 303
    assert count(Idea) == 1 and db.session.scalar(select(Idea.submission_key)) is None


def test_a_comment_typed_into_a_page_from_the_browser_s_history_is_posted(client, board, customer,
                                                                          other_customer):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    login(client, other_customer)
    key = KEY_PATTERN.search(client.get(f"/ideas/{idea.id}").get_data(as_text=True)).group(1)
    for words in ("ONE", "TWO"):  # TWO typed after Back brought the page with the same form again
        answer = client.htmx_post(f"/ideas/{idea.id}/comments", data={"body": words, "submission_key": key})
        assert answer.status_code == 200 and words in answer.get_data(as_text=True)
    assert sorted(db.session.scalars(select(Comment.body))) == ["ONE", "TWO"]


def test_the_comment_box_resent_by_htmx_posts_once_and_offers_a_fresh_box(client, board, customer, other_customer):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    login(client, other_customer)
    key = KEY_PATTERN.search(client.get(f"/ideas/{idea.id}").get_data(as_text=True)).group(1)
    answers = [client.htmx_post(f"/ideas/{idea.id}/comments", data={"body": "Weekly, please.", "submission_key": key})
               for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert count(Comment) == 1
    fresh = KEY_PATTERN.search(answers[1].get_data(as_text=True)).group(1)
    assert fresh != key  # the box shown after posting is a new form


def test_the_api_repeats_an_idea_sent_again_with_its_idempotency_key(client, board, customer):
    headers = {**bearer(token_for(customer)), "Idempotency-Key": "crm-sync-4711"}
    payload = {"board": board.slug, "title": "Dark mode"}
    first = client.post("/api/v1/ideas", json=payload, headers=headers)
    again = client.post("/api/v1/ideas", json=payload, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"] and again.headers["Location"] == first.headers["Location"]
    assert count(Idea) == 1
    without_key = client.post("/api/v1/ideas", json=payload, headers=bearer(token_for(customer)))
    assert without_key.status_code == 201 and count(Idea) == 2


def test_the_api_repeats_a_comment_sent_again_with_its_idempotency_key(client, board, customer):
    idea = factories.make_idea(board, customer, title="Export to CSV")
    headers = {**bearer(token_for(customer)), "Idempotency-Key": "crm-note-1"}
    answers = [client.post(f"/api/v1/ideas/{idea.id}/comments", json={"body": "Weekly."}, headers=headers)
               for _ in range(2)]
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json["id"] == answers[1].json["id"] and count(Comment) == 1


def test_the_api_refuses_an_idempotency_key_past_64_characters(client, board, customer):
    headers = {**bearer(token_for(customer)), "Idempotency-Key": "k" * 65}
    answer = client.post("/api/v1/ideas", json={"board": board.slug, "title": "Dark mode"}, headers=headers)
    assert answer.status_code == 422 and "Idempotency-Key" in answer.json["errors"]["headers"]
    assert count(Idea) == 0


def test_the_openapi_document_describes_the_idempotency_key(client):
    operation = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/ideas"]["post"]
    [header] = [p for p in operation["parameters"] if p["in"] == "header" and p["name"] == "Idempotency-Key"]
    assert header["required"] is False and header["schema"]["maxLength"] == 64
