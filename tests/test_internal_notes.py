"""Internal notes: the team (PMs, executives, admins) write on an idea what customers never see."""
import pytest
from sqlalchemy import func, select

from ideabox.comments import services
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, toggle_follow
from ideabox.merging.services import merge_ideas
from ideabox.models import Comment, Follow, Idea, Notification, OutboxEmail
from tests import factories
from tests.conftest import ROLES, login

TEAM = ("pm", "executive", "admin")
NOTE = "Sales heard this in **three** renewal calls."


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def text_of(response):
    return response.get_data(as_text=True)


def comment_count(idea_id):
    db.session.expire_all()
    return db.session.get(Idea, idea_id).comment_count


@pytest.fixture
def idea(board, customer):
    return factories.make_idea(board, customer, title="Export to CSV")


@pytest.fixture
def note(idea, pm):
    posted = add_comment(idea, pm, NOTE, internal=True)
    db.session.commit()
    return posted


# The rules, without HTTP --------------------------------------------------------------------

@pytest.mark.parametrize("who", TEAM)
def test_the_team_leaves_a_note_the_public_count_leaves_out(request, idea, who):
    member = request.getfixturevalue(who)
    posted = add_comment(idea, member, NOTE, internal=True)
    db.session.commit()
    assert posted.is_internal and comment_count(idea.id) == 0
    assert db.session.get(Follow, (member.id, idea.id)) is not None


@pytest.mark.parametrize("who", ["customer", "other_customer"])
def test_customers_cannot_write_internal_notes(request, idea, who):
    with pytest.raises(PermissionDenied, match="product team"):
        add_comment(idea, request.getfixturevalue(who), NOTE, internal=True)
    assert count(Comment) == 0 and comment_count(idea.id) == 0


def test_a_note_tells_the_team_members_who_follow_the_idea_and_nobody_else(idea, pm, executive, admin,
                                                                             other_customer):
    cast_vote(idea, other_customer)
    toggle_follow(idea, executive)
    db.session.commit()
    posted = add_comment(idea, pm, NOTE, internal=True)
    db.session.commit()
    told = db.session.scalars(select(Notification)).all()
    assert [(n.user_id, n.kind) for n in told] == [(executive.id, "internal_note")]
    assert "left an internal note" in told[0].message and told[0].link.endswith(f"#comment-{posted.id}")
    assert count(OutboxEmail) == 0  # the customer who backs it hears nothing, and the team is told in-app


def test_a_public_staff_comment_is_still_an_official_reply_to_every_backer(idea, pm, other_customer):
    cast_vote(idea, other_customer)
    add_comment(idea, pm, "We are designing this now.")
    db.session.commit()
    assert count(Notification, Notification.user_id == other_customer.id, Notification.kind == "official_reply") == 1
    assert count(OutboxEmail) == 1 and comment_count(idea.id) == 1


def test_a_note_cannot_be_hidden_it_already_is(note, admin):
    with pytest.raises(DomainError, match="already hidden"):
        services.set_comment_hidden(note, admin, True)
    db.session.expire_all()
    assert not db.session.get(Comment, note.id).is_hidden


def test_its_author_rewords_or_deletes_a_note_and_it_stays_internal(idea, note, pm):
    services.edit_comment(note, pm, "Sales heard this in four calls.")
    db.session.commit()
    db.session.expire_all()
    edited = db.session.get(Comment, note.id)
    assert edited.is_internal and edited.body == "Sales heard this in four calls." and comment_count(idea.id) == 0
    services.delete_comment(edited, pm)
    db.session.commit()
    assert count(Comment) == 0 and comment_count(idea.id) == 0


def test_deleting_a_public_comment_recounts_without_the_notes(idea, note, other_customer):
    public = add_comment(idea, other_customer, "Me too")
    db.session.commit()
    assert comment_count(idea.id) == 1
    services.delete_comment(public, other_customer)
    db.session.commit()
    assert comment_count(idea.id) == 0 and count(Comment) == 1


# Through the web -----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_a_note_is_seen_by_the_team_only(client, as_role, idea, note, role):
    as_role(role)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    team = role in TEAM
    assert ("Sales heard this in" in page) == team
    assert ('data-testid="comment-internal"' in page) == team
    assert ("(and 1 internal note)" in page) == team
    assert "0 comments" in page
    single = client.get(f"/comments/{note.id}", headers={"HX-Request": "true"})
    assert single.status_code == (200 if team else 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_is_offered_the_internal_note_box(client, as_role, idea, role):
    as_role(role)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert ('data-testid="internal-note"' in page) == (role in TEAM)
    # staff are warned that a public comment from them goes to every backer; executives' comments do not
    assert ("emailed it as an official reply" in page) == (role in ("pm", "admin"))


@pytest.mark.parametrize("role", TEAM)
def test_the_team_posts_a_note_with_htmx(client, as_role, idea, role):
    as_role(role)
    response = client.htmx_post(f"/ideas/{idea.id}/comments", data={"body": NOTE, "internal": "y"})
    html = text_of(response)
    assert response.status_code == 200 and 'data-testid="comment-internal"' in html and "0 comments" in html
    posted = db.session.scalars(select(Comment)).one()
    assert posted.is_internal and comment_count(idea.id) == 0
    assert 'data-testid="internal-note"' in html and 'checked' not in html.split('data-testid="internal-note"')[0][-200:]


def test_without_the_box_ticked_a_team_comment_is_public(client, idea, executive):
    login(client, executive)
    response = client.post_form(f"/ideas/{idea.id}/comments", data={"body": "Public word"})
    assert response.status_code == 303
    assert not db.session.scalars(select(Comment)).one().is_internal and comment_count(idea.id) == 1


def test_a_customer_forging_the_box_is_refused_and_nothing_is_posted(client, idea, customer):
    login(client, customer)
    response = client.post_form(f"/ideas/{idea.id}/comments", data={"body": "Secret?", "internal": "y"})
    assert response.status_code == 400 and "Only the product team can write internal notes." in text_of(response)
    assert count(Comment) == 0 and comment_count(idea.id) == 0


def test_posting_a_note_needs_a_csrf_token(client, idea, pm):
    login(client, pm)
    response = client.post(f"/ideas/{idea.id}/comments", data={"body": NOTE, "internal": "y"})
    assert response.status_code == 400 and count(Comment) == 0


def test_the_idea_page_offers_no_hide_button_on_a_note(client, idea, note, admin):
    login(client, admin)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert 'data-testid="comment-internal"' in page and 'data-testid="hide-comment"' not in page
    response = client.post_form(f"/comments/{note.id}/hide", follow_redirects=True)
    assert "Internal notes are already hidden from customers." in text_of(response)
    db.session.expire_all()
    assert not db.session.get(Comment, note.id).is_hidden


@pytest.mark.parametrize("role", ROLES)
def test_notes_of_a_merged_duplicate_reach_the_team_only(client, as_role, board, idea, pm, role):
    duplicate = factories.make_idea(board, pm, title="CSV export please")
    add_comment(duplicate, pm, "Note on the duplicate", internal=True)
    factories.make_comment(duplicate, pm, body="Public word on the duplicate")
    merge_ideas(idea, [duplicate], pm)
    db.session.commit()
    as_role(role)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert "Public word on the duplicate" in page
    assert ("Note on the duplicate" in page) == (role in TEAM)


def test_the_inbox_shows_a_note_with_its_own_icon(client, idea, pm, executive):
    toggle_follow(idea, executive)
    add_comment(idea, pm, NOTE, internal=True)
    db.session.commit()
    login(client, executive)
    inbox = text_of(client.get("/notifications/"))
    assert "left an internal note on “Export to CSV”" in inbox and "inbox__icon--internal_note" in inbox
