"""Emoji reactions to comments: toggling, counts, who may react to what, bad input, CSRF, the data download."""
import re

import pytest
from sqlalchemy import func, select

from ideabox.comments.reactions import REACTIONS, reaction_counts, toggle_reaction
from ideabox.errors import DomainError, NotFound
from ideabox.extensions import db
from ideabox.models import CommentReaction
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_merging import count_queries
from tests.test_comments import comment, idea  # noqa: F401  (fixtures: an idea with another customer's comment)
from tests.test_ideas_actions import assert_sent_to_sign_in


def reactions() -> list[tuple]:
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(
        select(CommentReaction.comment_id, CommentReaction.user_id, CommentReaction.kind)
        .order_by(CommentReaction.user_id, CommentReaction.kind))]


def shown(html: str, comment_id: int) -> dict[str, str]:
    """The reactions a page shows under one comment: {kind: count}."""
    block = html.split(f'id="reactions-{comment_id}"', 1)[1].split('class="reaction-picker"', 1)[0]
    return dict(re.findall(r'data-testid="reaction-(\w+)">.*?class="reaction__count">(\d+)<', block, re.S))


def react(client, comment, kind, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post_form(f"/comments/{comment.id}/reactions", {"reaction": kind}, headers=headers)


def test_a_reaction_toggles_on_and_off(client, comment, customer):
    login(client, customer)
    response = react(client, comment, "thumbs_up")
    assert response.status_code == 303 and response.location.endswith(f"/ideas/{comment.idea_id}#comment-{comment.id}")
    assert reactions() == [(comment.id, customer.id, "thumbs_up")]
    react(client, comment, "heart")
    react(client, comment, "thumbs_up")  # the same kind again takes it back
    assert reactions() == [(comment.id, customer.id, "heart")]


def test_the_idea_page_counts_each_kind_and_marks_ones_own(client, comment, customer, other_customer, pm):
    for user, kind in ((customer, "thumbs_up"), (other_customer, "thumbs_up"), (pm, "tada")):
        toggle_reaction(comment, user, kind)
    db.session.commit()
    login(client, customer)
    html = client.get(f"/ideas/{comment.idea_id}").get_data(as_text=True)
    assert shown(html, comment.id) == {"thumbs_up": "2", "tada": "1"}
    mine = re.search(r'<button type="submit" id="reaction-\d+-thumbs_up" class="reaction is-mine" aria-pressed="true"'
                     r'\s+title="Thumbs up"', html)
    assert mine and re.search(r'class="reaction" aria-pressed="false"\s+title="Hooray"', html)
    assert html.index('data-testid="reaction-thumbs_up"') < html.index('data-testid="reaction-tada"')  # fixed order


def test_htmx_gets_the_comments_reactions_back(client, comment, customer):
    login(client, customer)
    response = react(client, comment, "eyes", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith(f'<div class="reactions" id="reactions-{comment.id}"')
    assert shown(html, comment.id) == {"eyes": "1"} and 'aria-pressed="true"' in html


def test_visitors_see_counts_and_are_asked_to_sign_in(client, comment, customer):
    toggle_reaction(comment, customer, "heart")
    db.session.commit()
    html = client.get(f"/ideas/{comment.idea_id}").get_data(as_text=True)
    assert shown(html, comment.id) == {"heart": "1"}
    assert 'data-testid="add-reaction"' not in html and f'action="/comments/{comment.id}/reactions"' not in html
    assert_sent_to_sign_in(react(client, comment, "heart"), f"/ideas/{comment.idea_id}#comment-{comment.id}")
    assert reactions() == [(comment.id, customer.id, "heart")]


@pytest.mark.parametrize("kind", ["", "thumbsdown", "<script>", "x" * 50])
def test_an_unknown_reaction_says_why_and_changes_nothing(client, comment, customer, kind):
    login(client, customer)
    response = react(client, comment, kind)
    assert response.status_code == 303
    assert "Choose one of the reactions offered." in client.get(response.location).get_data(as_text=True)
    assert reactions() == []


def test_reacting_needs_a_csrf_token(client, comment, customer):
    login(client, customer)
    assert client.post(f"/comments/{comment.id}/reactions", data={"reaction": "heart"}).status_code == 400
    assert reactions() == []


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_may_react_to_a_public_comment(client, as_role, comment, role):
    user = as_role(role)
    response = react(client, comment, "tada")
    if role == "anonymous":
        assert response.status_code == 303 and reactions() == []
    else:
        assert response.status_code == 303 and reactions() == [(comment.id, user.id, "tada")]


@pytest.mark.parametrize("role", ROLES)
def test_internal_notes_take_reactions_from_the_team_only(client, as_role, idea, pm, role):
    note = factories.make_comment(idea, pm, body="Engineering says Q3.")
    note.is_internal = True
    db.session.commit()
    user = as_role(role)
    response = react(client, note, "eyes")
    if role in ("pm", "executive", "admin"):
        assert response.status_code == 303 and reactions() == [(note.id, user.id, "eyes")]
    else:
        assert response.status_code == 404 and reactions() == []  # customers never learn it exists


def test_hidden_comments_and_private_boards_are_out_of_reach(client, private_board, customer, other_customer, pm):
    hidden = factories.make_comment(factories.make_idea(factories.make_board(), other_customer), other_customer)
    hidden.is_hidden = True
    secret = factories.make_comment(factories.make_idea(private_board, pm), pm)
    db.session.commit()
    login(client, customer)
    assert react(client, hidden, "heart").status_code == 404
    assert react(client, secret, "heart").status_code == 404
    with pytest.raises(NotFound):
        toggle_reaction(secret, customer, "heart")
    with pytest.raises(DomainError):
        toggle_reaction(hidden, pm, "party")
    assert reactions() == []


def test_reactions_go_with_their_comment(client, comment, customer):
    toggle_reaction(comment, customer, "laugh")
    db.session.commit()
    db.session.delete(comment)
    db.session.commit()
    assert reactions() == []


def test_the_data_download_lists_ones_reactions(client, comment, customer):
    toggle_reaction(comment, customer, "heart")
    db.session.commit()
    login(client, customer)
    data = client.get("/auth/account/data.json").get_json()
    assert [(r["comment"], r["reaction"]) for r in data["reactions"]] == [(comment.id, "heart")]


def test_the_idea_page_reads_reactions_in_one_query_however_many_comments(app, client, idea, customer,
                                                                          other_customer):
    # The page's similar ideas catch up with the database once a second, reading what changed; on a slow run adding
    # ten comments took longer than that, and only the second count caught up (18 against 20 queries).
    app.config["SIMILARITY_SYNC_SECONDS"] = 3600
    login(client, customer)

    def add_comments(n):
        for _ in range(n):
            made = factories.make_comment(idea, other_customer)
            toggle_reaction(made, customer, "thumbs_up")
            toggle_reaction(made, other_customer, "heart")
        db.session.commit()

    add_comments(2)
    client.get(f"/ideas/{idea.id}")  # the first page of a process warms caches the count should not see
    few = count_queries(lambda: client.get(f"/ideas/{idea.id}"))
    add_comments(10)
    many = count_queries(lambda: client.get(f"/ideas/{idea.id}"))
    assert few == many
    assert db.session.scalar(select(func.count()).select_from(CommentReaction)) == 24


def test_counts_for_no_comments_and_every_kind_has_an_emoji(app, customer):
    assert reaction_counts([], customer) == {}
    assert all(emoji and str(label) for emoji, label in REACTIONS.values())

