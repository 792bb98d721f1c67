"""A site that asks for a confirmed email: who may post, vote, comment, react and report, on the pages and
through the API, and what stays open (taking back, following, the team's own work, what was done before)."""
import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from ideabox.api.tokens import make_token
from ideabox.auth.taking_part import must_confirm_email_first, set_require_confirmed_email
from ideabox.comments.reactions import toggle_reaction
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas import services
from ideabox.merging.services import merge_ideas
from ideabox.models import Comment, CommentReaction, Idea, IdeaStatus, Report, Vote
from ideabox.moderation.services import report
from tests import factories
from tests.conftest import login

API = "/api/v1"
REFUSAL = "Confirm your email address first: we sent a link to new@example.com; send it again from your account page."


@pytest.fixture(autouse=True)
def default_locale(app):
    with force_locale("en"):
        yield


@pytest.fixture
def required(admin):
    set_require_confirmed_email(admin, True)
    db.session.commit()


@pytest.fixture
def newcomer(app):
    return factories.make_user(email="new@example.com", display_name="Nora New", email_confirmed_at=None)


@pytest.fixture
def idea(board, other_customer):
    return factories.make_idea(board, other_customer, title="Dark mode")


@pytest.fixture
def comment(idea, other_customer):
    return factories.make_comment(idea, other_customer, body="Yes please")


def every_action(board, idea, comment):
    """Each taking-part action, as (name, call with a user)."""
    return {
        "submit": lambda user: services.submit_idea(board, user, "Offline mode"),
        "vote": lambda user: services.cast_vote(idea, user),
        "toggle_vote": lambda user: services.toggle_vote(idea, user),
        "comment": lambda user: services.add_comment(idea, user, "A long comment " * 20),
        "react": lambda user: toggle_reaction(comment, user, "heart"),
        "report": lambda user: report(user, "spam", "", idea, comment),
    }


ACTIONS = ["submit", "vote", "toggle_vote", "comment", "react", "report"]


@pytest.mark.parametrize("action", ACTIONS)
def test_an_unconfirmed_person_is_refused_with_how_to_fix_it(required, newcomer, board, idea, comment, action):
    with pytest.raises(DomainError) as refused:
        every_action(board, idea, comment)[action](newcomer)
    assert refused.value.message == REFUSAL


@pytest.mark.parametrize("action", ACTIONS)
def test_off_by_default_nothing_changes(newcomer, board, idea, comment, action):
    every_action(board, idea, comment)[action](newcomer)


@pytest.mark.parametrize("action", ACTIONS)
def test_a_confirmed_person_takes_part(required, customer, board, idea, comment, action):
    every_action(board, idea, comment)[action](customer)


@pytest.mark.parametrize("role", ["pm", "executive", "admin"])
def test_the_team_is_trusted_even_unconfirmed(required, board, idea, role):
    member = factories.make_user(role=role, email_confirmed_at=None)
    assert not must_confirm_email_first(member)
    services.submit_idea(board, member, "From the team")
    services.cast_vote(idea, member)
    services.add_comment(idea, member, "A note", internal=True)
    services.add_comment(idea, member, "A reply")


def test_the_teams_own_work_goes_on(required, board, idea, pm):
    """A PM's status change with an official reply and a merge need no customer's confirmation."""
    services.change_status(idea, IdeaStatus.PLANNED, pm, note="On the roadmap")
    duplicate = factories.make_idea(board, factories.make_user(email_confirmed_at=None), title="Dark theme")
    merge_ideas(idea, [duplicate], pm)
    db.session.commit()
    assert db.session.get(Idea, duplicate.id).merged_into_id == idea.id


def test_taking_back_and_following_stay_open_and_the_past_stays(board, idea, comment, newcomer, admin):
    services.cast_vote(idea, newcomer)
    toggle_reaction(comment, newcomer, "heart")
    own = services.submit_idea(board, newcomer, "Before the rule")
    db.session.commit()
    set_require_confirmed_email(admin, True)
    db.session.commit()
    assert db.session.get(Idea, own.id).backer_count == 1  # what was done before stays
    assert services.toggle_follow(idea, newcomer) is True
    assert toggle_reaction(comment, newcomer, "heart") is False
    assert services.retract_vote(idea, newcomer) is True
    assert db.session.scalar(select(func.count()).select_from(CommentReaction)) == 0


@pytest.fixture
def own_posts(board, idea, newcomer, admin):
    """An idea and a comment the newcomer posted before the site asked for a confirmed email."""
    own_idea = services.submit_idea(board, newcomer, "Before the rule", "The first words")
    own_comment = services.add_comment(idea, newcomer, "My first words")
    db.session.commit()
    set_require_confirmed_email(admin, True)
    db.session.commit()
    return own_idea, own_comment


def test_rewording_old_posts_waits_for_the_confirmation_but_taking_them_back_does_not(own_posts, newcomer):
    from ideabox.comments.services import delete_comment, edit_comment
    own_idea, own_comment = own_posts
    with pytest.raises(DomainError) as refused:
        services.edit_idea(own_idea, newcomer, "Spam title", "Spam words")
    assert refused.value.message == REFUSAL
    with pytest.raises(DomainError) as refused:
        edit_comment(own_comment, newcomer, "Spam words")
    assert refused.value.message == REFUSAL
    db.session.rollback()
    assert (db.session.get(Idea, own_idea.id).title, db.session.get(Comment, own_comment.id).body) == (
        "Before the rule", "My first words")
    delete_comment(db.session.get(Comment, own_comment.id), newcomer)
    services.withdraw_idea(db.session.get(Idea, own_idea.id), newcomer)
    db.session.commit()
    assert db.session.get(Comment, own_comment.id) is None and db.session.get(Idea, own_idea.id).withdrawn_at


def test_the_pages_offer_no_rewording_of_old_posts_until_confirmed(client, own_posts, newcomer, idea):
    own_idea, own_comment = own_posts
    login(client, newcomer)
    own_page = client.get(f"/ideas/{own_idea.id}").get_data(as_text=True)
    assert 'data-testid="edit-idea"' not in own_page and 'data-testid="withdraw"' in own_page
    other_page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert 'data-testid="edit-comment"' not in other_page and 'data-testid="delete-comment"' in other_page
    edit_page = client.get(f"/ideas/{own_idea.id}/edit").get_data(as_text=True)
    assert 'data-testid="confirm-first"' in edit_page and 'id="idea-form"' not in edit_page
    # a form typed before the rule came on: refused with the reason, the words kept, nothing changed
    edited = client.post_form(f"/ideas/{own_idea.id}/edit", {"title": "New title", "body": "Typed earlier"})
    assert REFUSAL in edited.get_data(as_text=True) and "Typed earlier</textarea>" in edited.get_data(as_text=True)
    reworded = client.htmx_post(f"/comments/{own_comment.id}/edit", {"body": "Reworded"}).get_data(as_text=True)
    assert REFUSAL in reworded and "Reworded</textarea>" in reworded
    assert db.session.get(Idea, own_idea.id).title == "Before the rule"
    assert db.session.get(Comment, own_comment.id).body == "My first words"


def test_opening_the_link_lets_them_in(required, newcomer, board):
    from ideabox.auth.confirm import confirm_email, confirmation_token
    confirm_email(confirmation_token(newcomer, newcomer.email))
    assert services.submit_idea(board, newcomer, "Now confirmed").id


# --- the pages ----------------------------------------------------------------------------------


def test_the_pages_show_the_notice_instead_of_the_forms(client, required, newcomer, board, idea):
    login(client, newcomer)
    new_idea = client.get(f"/b/{board.slug}/new").get_data(as_text=True)
    idea_page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    board_page = client.get(f"/b/{board.slug}").get_data(as_text=True)
    for html in (new_idea, idea_page, board_page):
        assert 'data-testid="confirm-first"' in html and "Confirm your email to post and vote" in html
        assert html.count('action="/auth/confirm/resend"') == 1  # the banner's; the notice points to it
    assert 'id="idea-form"' not in new_idea
    assert 'data-testid="post-comment"' not in idea_page
    assert 'data-testid="new-idea"' not in board_page


@pytest.mark.parametrize("who", ["customer", "newcomer_when_off", "pm_unconfirmed"])
def test_others_see_the_forms(client, admin, customer, newcomer, board, idea, who):
    if who == "customer":
        set_require_confirmed_email(admin, True)
        db.session.commit()
        login(client, customer)
    elif who == "newcomer_when_off":
        login(client, newcomer)
    else:
        set_require_confirmed_email(admin, True)
        db.session.commit()
        login(client, factories.make_user(role="pm", email_confirmed_at=None))
    assert 'id="idea-form"' in client.get(f"/b/{board.slug}/new").get_data(as_text=True)
    idea_page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert 'data-testid="post-comment"' in idea_page and 'data-testid="confirm-first"' not in idea_page


def test_posting_anyway_over_http_is_refused_with_the_reason(client, required, newcomer, board, idea, comment):
    login(client, newcomer)
    posted = client.post_form(f"/b/{board.slug}/new", {"title": "Offline mode", "body": "Long text"}).get_data(as_text=True)
    # typed before the rule came on: the reason, and the text kept in the form
    assert REFUSAL in posted and "Long text</textarea>" in posted and 'data-testid="confirm-first"' in posted
    commented = client.htmx_post(f"/ideas/{idea.id}/comments", {"body": "Me too"}).get_data(as_text=True)
    assert REFUSAL in commented and "Me too</textarea>" in commented
    voted = client.post_form(f"/ideas/{idea.id}/vote", {"next": f"/ideas/{idea.id}"}, follow_redirects=True)
    assert REFUSAL in voted.get_data(as_text=True)  # flashed where the button was
    reacted = client.post_form(f"/comments/{comment.id}/reactions", {"reaction": "heart"}, follow_redirects=True)
    assert REFUSAL in reacted.get_data(as_text=True)
    reported = client.post_form(f"/comments/{comment.id}/report", {"reason": "spam", "note": ""})
    assert REFUSAL in reported.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Vote).where(Vote.user_id == newcomer.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.author_id == newcomer.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(CommentReaction)) == 0
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


# --- the API ------------------------------------------------------------------------------------


def test_the_api_answers_422_with_the_reason(client, required, newcomer, board, idea):
    _, token = make_token(newcomer, "Tests")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    answers = [
        client.post(f"{API}/ideas", json={"board": board.slug, "title": "Offline mode", "body": ""}, headers=headers),
        client.put(f"{API}/ideas/{idea.id}/vote", headers=headers),
        client.post(f"{API}/ideas/{idea.id}/comments", json={"body": "Me too"}, headers=headers),
    ]
    for answer in answers:
        assert answer.status_code == 422, answer.get_json()
        assert answer.get_json()["message"] == REFUSAL
    assert client.delete(f"{API}/ideas/{idea.id}/vote", headers=headers).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 1
