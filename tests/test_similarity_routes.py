"""Similarity over HTTP: the as-you-type endpoint, the idea page's panels and the "same as" answer."""
import pytest
from flask import g
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import DuplicateAnswer, Vote
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_similarity import catch_up_on_every_lookup, post_idea  # noqa: F401

HTMX = {"HX-Request": "true"}


@pytest.fixture
def existing(board, pm):
    """An idea with two backers already on the public board."""
    idea = post_idea(board, pm, "Export reports to CSV", "Our finance team wants spreadsheets.")
    from ideabox.ideas.services import cast_vote

    cast_vote(idea, factories.make_user())
    db.session.commit()
    return idea


@pytest.fixture
def fresh(board, customer, existing):
    """A customer's new idea that paraphrases the existing one."""
    return post_idea(board, customer, "Download my reports as a CSV spreadsheet")


def switch_to(client, user):
    """Sign another user in mid-test (requests share the test's app context, where Flask-Login caches the user)."""
    g.pop("_login_user", None)
    return login(client, user)


def similar(client, title, **params):
    return client.get("/similar", query_string={"title": title, **params}, headers=HTMX)


def test_anyone_may_look_up_similar_ideas_on_a_public_board(client, existing, board):
    response = similar(client, "Download reports as spreadsheet", board=board.slug)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" not in page
    assert "Export reports to CSV" in page
    assert "2 backers" in page and "status--open" in page
    assert f'formaction="/ideas/{existing.id}/vote"' in page
    assert 'target="_blank"' in page


def test_private_board_ideas_never_reach_customers(client, board, private_board, pm, customer):
    post_idea(private_board, pm, "Dark mode for the admin console")
    login(client, customer)
    assert "admin console" not in similar(client, "Dark mode for the console").get_data(as_text=True)
    assert "admin console" not in similar(client, "Dark mode for the console", board=private_board.slug).get_data(as_text=True)
    switch_to(client, pm)
    assert "admin console" in similar(client, "Dark mode for the console").get_data(as_text=True)


@pytest.mark.parametrize("title", ["", "CSV", "   ", "\u00a0ab"])
def test_short_or_empty_titles_get_an_empty_partial(client, existing, title):
    response = similar(client, title)
    assert response.status_code == 200
    assert response.get_data(as_text=True).strip() == ""


def test_odd_parameters_are_tolerated(client, existing):
    response = client.get("/similar", query_string={"title": "Export reports " * 40, "body": "x" * 20000,
                                                    "board": "no-such-board", "exclude": "abc"}, headers=HTMX)
    assert response.status_code == 200
    assert "Export reports to CSV" in response.get_data(as_text=True)


def test_editing_an_idea_does_not_suggest_itself(client, existing):
    page = similar(client, "Export reports to CSV", exclude=existing.id).get_data(as_text=True)
    assert "Export reports to CSV" not in page


def test_without_htmx_the_lookup_is_a_page_that_works_without_javascript(client, existing, board, customer):
    login(client, customer)
    response = client.get("/similar", query_string={"title": "Export reports", "board": board.slug})

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page and "Export reports to CSV" in page
    assert 'name="csrf_token"' in page  # the vote buttons post the page's own form


def test_vote_for_this_instead_registers_the_vote(client, existing, customer):
    login(client, customer)
    page = similar(client, "Download reports as spreadsheet").get_data(as_text=True)
    assert 'data-testid="vote-instead"' in page

    response = client.post_form(f"/ideas/{existing.id}/vote", {"next": f"/ideas/{existing.id}", "title": "draft"})

    assert response.status_code == 303 and response.headers["Location"].endswith(f"/ideas/{existing.id}")
    assert db.session.scalar(select(func.count()).where(Vote.idea_id == existing.id, Vote.user_id == customer.id)) == 1
    assert 'data-testid="already-voted"' in similar(client, "Download reports as spreadsheet").get_data(as_text=True)


def test_idea_page_lists_similar_ideas_with_scores(client, fresh, existing):
    page = client.get(f"/ideas/{existing.id}").get_data(as_text=True)
    assert 'data-testid="idea-similar"' in page
    assert "Download my reports as a CSV spreadsheet" in page and "% alike" in page


def test_after_submitting_only_the_author_is_asked_about_the_closest_match(client, fresh, existing, customer, other_customer):
    login(client, customer)
    page = client.get(f"/ideas/{fresh.id}?submitted=1").get_data(as_text=True)
    assert 'data-testid="same-as-prompt"' in page and "Export reports to CSV" in page
    assert f'name="candidate_id" value="{existing.id}"' in page

    switch_to(client, other_customer)
    assert 'data-testid="same-as-prompt"' not in client.get(f"/ideas/{fresh.id}?submitted=1").get_data(as_text=True)


def answer(client, idea, candidate_id, value="yes", **kwargs):
    return client.post_form(f"/ideas/{idea.id}/same-as", {"candidate_id": candidate_id, "answer": value}, **kwargs)


def answers() -> list[DuplicateAnswer]:
    return list(db.session.scalars(select(DuplicateAnswer)))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_may_answer(client, as_role, fresh, existing, role):
    as_role(role)
    response = answer(client, fresh, existing.id)
    if role == "anonymous":
        assert response.status_code == 303 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    assert answers() == []


def test_the_author_saying_yes_stores_the_answer_and_votes_for_the_match(client, fresh, existing, customer):
    login(client, customer)
    before = existing.backer_count

    response = answer(client, fresh, existing.id, "yes")

    assert response.status_code == 303 and response.headers["Location"].endswith(f"/ideas/{fresh.id}?submitted=1")
    [stored] = answers()
    assert (stored.idea_id, stored.candidate_id, stored.is_same, stored.answered_by_id) == (fresh.id, existing.id, True, customer.id)
    db.session.refresh(existing)
    assert existing.backer_count == before + 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="same-as-answer"' in page and "You said your idea is the same as" in page


def test_saying_no_keeps_the_ideas_apart_and_can_be_changed(client, fresh, existing, customer):
    login(client, customer)
    assert answer(client, fresh, existing.id, "no").status_code == 303
    [stored] = answers()
    assert stored.is_same is False
    assert db.session.scalar(select(func.count()).where(Vote.idea_id == existing.id, Vote.user_id == customer.id)) == 0

    response = answer(client, fresh, existing.id, "yes", headers=HTMX)

    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    assert "You said your idea is the same as" in response.get_data(as_text=True)
    assert 'id="idea-similar" data-testid="idea-similar" hx-swap-oob="true"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert [a.is_same for a in answers()] == [True]


def test_answering_without_csrf_is_refused(client, fresh, existing, customer):
    login(client, customer)
    response = client.post(f"/ideas/{fresh.id}/same-as", data={"candidate_id": existing.id, "answer": "yes"})
    assert response.status_code == 400
    assert answers() == []


@pytest.mark.parametrize("data, status", [
    ({"answer": "yes"}, 400),
    ({"candidate_id": "abc", "answer": "yes"}, 400),
    ({"candidate_id": "EXISTING", "answer": "maybe"}, 400),
    ({"candidate_id": "EXISTING"}, 400),
    ({"candidate_id": "999999", "answer": "yes"}, 404),
    ({"candidate_id": "FRESH", "answer": "yes"}, 404),
])
def test_bad_answers_change_nothing(client, fresh, existing, customer, data, status):
    login(client, customer)
    ids = {"EXISTING": str(existing.id), "FRESH": str(fresh.id)}
    data = {key: ids.get(value, value) for key, value in data.items()}

    response = client.post_form(f"/ideas/{fresh.id}/same-as", data)

    assert response.status_code == status
    assert answers() == []


def test_answering_about_an_unknown_idea_is_404(client, existing, customer):
    login(client, customer)
    assert client.post_form("/ideas/999999/same-as", {"candidate_id": existing.id, "answer": "yes"}).status_code == 404


def test_a_private_candidate_cannot_be_claimed_by_a_customer(client, fresh, private_board, pm, customer):
    hidden = post_idea(private_board, pm, "Export reports to CSV for finance")
    login(client, customer)
    assert answer(client, fresh, hidden.id).status_code == 404
    assert answers() == []


def test_lookups_are_rate_limited_per_visitor(app, tmp_path):
    from ideabox import create_app
    from tests.conftest import _test_config

    limited = create_app({**_test_config(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path), "RATELIMIT_ENABLED": True})
    client = limited.test_client()
    statuses = [client.get("/similar?title=ab", headers=HTMX).status_code for _ in range(121)]
    assert statuses[:120] == [200] * 120 and statuses[120] == 429


def count_queries(client, url):
    from sqlalchemy import event

    statements = []

    def record(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url, headers=HTMX).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_the_lookup_does_not_query_per_suggestion(client, board, pm, customer):
    login(client, customer)
    post_idea(board, pm, "Export reports to CSV")
    url = f"/similar?title=Export+reports+to+CSV&board={board.slug}"
    client.get(url, headers=HTMX)  # builds the index
    few = count_queries(client, url)
    for n in range(4):
        post_idea(factories.make_board(), pm, f"Export reports to CSV, variant {n}")
    client.get(url, headers=HTMX)  # the catch-up reads the new ideas once

    many = count_queries(client, url)

    assert 'data-testid="similar-item"' in client.get(url, headers=HTMX).get_data(as_text=True)
    assert similar(client, "Export reports to CSV").get_data(as_text=True).count('data-testid="similar-item"') == 5
    assert many == few


def test_titles_are_escaped_everywhere_they_are_shown(client, board, pm, customer):
    evil = post_idea(board, pm, 'Export reports to CSV <img src=x onerror=alert(1)>')
    fresh = post_idea(board, customer, "Export reports to CSV files <img src=x onerror=alert(1)>")
    login(client, customer)

    pages = [similar(client, "Export reports to CSV").get_data(as_text=True),
             client.get(f"/ideas/{fresh.id}?submitted=1").get_data(as_text=True)]

    for page in pages:
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert f'name="candidate_id" value="{evil.id}"' in pages[1]  # the "same as" question names it too
