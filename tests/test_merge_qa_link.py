"""A merged idea's old link leads to the idea it was merged into and says why (QA: /ideas/<merged id> redirected with
no explanation), never naming an idea the visitor may not see."""
import pytest

from ideabox.extensions import db
from ideabox.ideas.services import withdraw_idea
from ideabox.merging.services import merge_ideas
from tests.conftest import login
from tests.factories import make_idea

NOTICE = "was merged into this idea"


@pytest.fixture
def merged(app, board, customer, pm):
    kept = make_idea(board, customer, title="Two-factor sign-in")
    duplicate = make_idea(board, customer, title="Login codes by SMS")
    with app.test_request_context():
        merge_ideas(kept, [duplicate], pm)
    db.session.commit()
    return kept, duplicate


def test_the_old_link_redirects_with_a_notice(client, merged):
    kept, duplicate = merged
    response = client.get(f"/ideas/{duplicate.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{kept.id}?merged_from={duplicate.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Login codes by SMS” was merged into this idea" in page


def test_the_page_alone_says_nothing(client, merged):
    kept, _ = merged
    assert NOTICE not in client.get(f"/ideas/{kept.id}").get_data(as_text=True)


@pytest.mark.parametrize("merged_from", ["abc", "999999", "", "²", "99999999999999999999", "-2"])
def test_a_made_up_parameter_says_nothing(client, merged, merged_from):
    kept, _ = merged
    response = client.get(f"/ideas/{kept.id}?merged_from={merged_from}")
    assert response.status_code == 200 and NOTICE not in response.get_data(as_text=True)


def test_an_idea_merged_elsewhere_is_not_claimed(client, board, customer, merged):
    kept, duplicate = merged
    other = make_idea(board, customer, title="Unrelated")
    assert NOTICE not in client.get(f"/ideas/{other.id}?merged_from={duplicate.id}").get_data(as_text=True)


def test_a_private_board_s_idea_is_never_named(client, app, board, private_board, customer, pm):
    kept = make_idea(board, customer, title="Two-factor sign-in")
    secret = make_idea(private_board, pm, title="Acme asked for hardware keys")
    with app.test_request_context():
        merge_ideas(kept, [secret], pm)
    db.session.commit()
    assert client.get(f"/ideas/{secret.id}").status_code == 404  # its link never reaches them
    page = client.get(f"/ideas/{kept.id}?merged_from={secret.id}").get_data(as_text=True)
    assert "Acme" not in page and NOTICE not in page
    login(client, pm)
    assert "“Acme asked for hardware keys” was merged into this idea" in client.get(
        f"/ideas/{secret.id}", follow_redirects=True).get_data(as_text=True)


def test_a_withdrawn_duplicate_is_never_named(client, app, merged, pm):
    kept, duplicate = merged
    with app.test_request_context():
        withdraw_idea(duplicate, pm)
    db.session.commit()
    page = client.get(f"/ideas/{kept.id}?merged_from={duplicate.id}").get_data(as_text=True)
    assert "Login codes" not in page
