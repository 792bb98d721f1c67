"""Comments once posted: the author edits or deletes theirs; PMs and admins hide or show any."""
import pytest
from sqlalchemy import func, select

from ideabox.comments import services
from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote
from ideabox.models import AuditEvent, Comment, Idea, Notification, OutboxEmail
from ideabox.models.idea import COMMENT_MAX
from tests import factories
from tests.conftest import ROLES, login
from tests.test_ideas_actions import assert_sent_to_sign_in


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def text_of(response):
    return response.get_data(as_text=True)


@pytest.fixture
def idea(board, customer):
    return factories.make_idea(board, customer, title="Export to CSV")


@pytest.fixture
def comment(idea, other_customer):
    return factories.make_comment(idea, other_customer, body="We need this **weekly**.")


def reloaded(comment_id):
    db.session.expire_all()
    return db.session.get(Comment, comment_id)


def comment_count(idea_id):
    db.session.expire_all()
    return db.session.get(Idea, idea_id).comment_count


# The rules, without HTTP --------------------------------------------------------------------

def test_the_author_rewords_a_comment_and_nobody_is_told_again(idea, pm, other_customer):
    cast_vote(idea, other_customer)
    posted = add_comment(idea, pm, "We are **designing** this now.")
    db.session.commit()
    told = (count(Notification), count(OutboxEmail))
    assert told == (1, 1)  # the backer heard of the official reply, once

    services.edit_comment(posted, pm, "  We are *building* this now.  ")
    db.session.commit()
    changed = reloaded(posted.id)
    assert changed.body == "We are *building* this now." and changed.updated_at is not None
    assert (count(Notification), count(OutboxEmail)) == told


def test_saving_the_same_text_does_not_mark_a_comment_edited(comment, other_customer):
    services.edit_comment(comment, other_customer, "We need this **weekly**.")
    assert reloaded(comment.id).updated_at is None


@pytest.mark.parametrize("body, message", [("   ", "Write something"), ("x" * (COMMENT_MAX + 1), "at most")])
def test_a_bad_edit_is_refused_and_keeps_the_words(comment, other_customer, body, message):
    with pytest.raises(DomainError, match=message):
        services.edit_comment(comment, other_customer, body)
    assert reloaded(comment.id).body == "We need this **weekly**."


@pytest.mark.parametrize("who", ["customer", "pm", "admin", "executive"])
def test_nobody_else_changes_or_deletes_a_comment(request, comment, idea, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment, user, "Rewritten by someone else")
    with pytest.raises(PermissionDenied):
        services.delete_comment(comment, user)
    assert reloaded(comment.id).body == "We need this **weekly**." and comment_count(idea.id) == 1


def test_the_author_deletes_a_comment_and_the_count_follows(idea, comment, other_customer, customer):
    factories.make_comment(idea, customer, body="Agreed")
    assert comment_count(idea.id) == 2
    services.delete_comment(reloaded(comment.id), other_customer)
    db.session.commit()
    assert reloaded(comment.id) is None and comment_count(idea.id) == 1


def test_staff_hide_a_comment_and_show_it_again_on_the_record(idea, comment, pm):
    services.set_comment_hidden(comment, pm, True)
    db.session.commit()
    assert reloaded(comment.id).is_hidden and comment_count(idea.id) == 0
    services.set_comment_hidden(reloaded(comment.id), pm, True)  # hiding twice changes nothing
    services.set_comment_hidden(reloaded(comment.id), pm, False)
    db.session.commit()
    assert not reloaded(comment.id).is_hidden and comment_count(idea.id) == 1
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.subject_id) for e in events] == [
        ("comment.hidden", pm.id, comment.id), ("comment.shown", pm.id, comment.id)]


@pytest.mark.parametrize("who", ["customer", "other_customer", "executive"])
def test_only_staff_hide_comments(request, comment, idea, who):
    with pytest.raises(PermissionDenied):
        services.set_comment_hidden(comment, request.getfixturevalue(who), True)
    assert not reloaded(comment.id).is_hidden and comment_count(idea.id) == 1


def test_a_hidden_comment_is_out_of_its_author_s_reach(comment, pm, other_customer):
    services.set_comment_hidden(comment, pm, True)
    with pytest.raises(NotFound):
        services.edit_comment(comment, other_customer, "Sneaking it back")
    with pytest.raises(NotFound):
        services.delete_comment(comment, other_customer)
    assert reloaded(comment.id).body == "We need this **weekly**."


def test_comments_on_a_private_board_stay_out_of_customers_reach(private_board, pm, customer):
    idea = factories.make_idea(private_board, pm, title="Internal roadmap review")
    own = factories.make_comment(idea, customer, body="Left from when I was staff")
    with pytest.raises(NotFound):
        services.edit_comment(own, customer, "Changed")


# Through HTTP: every role --------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_may_open_the_edit_form(client, as_role, comment, role):
    as_role(role)
    response = client.get(f"/comments/{comment.id}/edit")
    if role == "anonymous":
        assert_sent_to_sign_in(response, f"/ideas/{comment.idea_id}#comment-{comment.id}")
    else:
        assert response.status_code == 403 and "Only its author" in text_of(response)


def test_the_author_edits_in_place_with_htmx(client, comment, other_customer):
    login(client, other_customer)
    form = client.get(f"/comments/{comment.id}/edit", headers={"HX-Request": "true"})
    assert form.status_code == 200 and 'data-testid="comment-edit-form"' in text_of(form)
    assert "We need this **weekly**." in text_of(form) and "<html" not in text_of(form)

    saved = client.htmx_post(f"/comments/{comment.id}/edit", {"body": "Every **Monday**, please."})
    html = text_of(saved)
    assert saved.status_code == 200 and f'id="comment-{comment.id}"' in html
    assert "<strong>Monday</strong>" in html and "edited" in html and "<html" not in html
    assert reloaded(comment.id).body == "Every **Monday**, please."


def test_the_author_edits_without_javascript(client, comment, other_customer, idea):
    login(client, other_customer)
    page = client.get(f"/comments/{comment.id}/edit")
    assert page.status_code == 200 and "Edit your comment" in text_of(page)
    assert "hx-post" not in text_of(page).split('id="comment-')[1]  # a plain form on its own page
    response = client.post_form(f"/comments/{comment.id}/edit", {"body": "Monthly is enough."})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"
    assert reloaded(comment.id).body == "Monthly is enough."


def test_a_bad_edit_shows_the_form_again_and_changes_nothing(client, comment, other_customer):
    login(client, other_customer)
    htmx = client.htmx_post(f"/comments/{comment.id}/edit", {"body": "   "})
    assert htmx.status_code == 200 and "Write something" in text_of(htmx) and "comment-edit-form" in text_of(htmx)
    plain = client.post_form(f"/comments/{comment.id}/edit", {"body": "x" * (COMMENT_MAX + 1)})
    assert plain.status_code == 400 and "Edit your comment" in text_of(plain)
    assert reloaded(comment.id).body == "We need this **weekly**."


def test_cancel_brings_the_comment_back(client, comment, other_customer, idea):
    login(client, other_customer)
    fragment = client.get(f"/comments/{comment.id}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<strong>weekly</strong>" in text_of(fragment)
    plain = client.get(f"/comments/{comment.id}")
    assert plain.status_code == 303 and plain.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_may_delete(client, as_role, comment, idea, role):
    as_role(role)
    response = client.post_form(f"/comments/{comment.id}/delete")
    if role == "anonymous":
        assert_sent_to_sign_in(response, f"/ideas/{idea.id}#comments")
    else:
        assert response.status_code == 403
    assert reloaded(comment.id) is not None and comment_count(idea.id) == 1


def test_deleting_with_htmx_refreshes_the_list_and_the_counts(client, comment, other_customer, idea):
    login(client, other_customer)
    response = client.htmx_post(f"/comments/{comment.id}/delete")
    html = text_of(response)
    assert response.status_code == 200 and 'id="comments"' in html and "0 comments" in html
    assert 'hx-swap-oob="true"' in html and 'data-testid="stat-comments">0<' in html
    assert reloaded(comment.id) is None and comment_count(idea.id) == 0


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_hide_comments(client, as_role, comment, idea, role):
    as_role(role)
    response = client.post_form(f"/comments/{comment.id}/hide")
    hidden = reloaded(comment.id).is_hidden
    if role in ("pm", "admin"):
        assert response.status_code == 303 and hidden and comment_count(idea.id) == 0
    else:
        if role == "anonymous":
            assert_sent_to_sign_in(response, f"/ideas/{idea.id}#comments")
        else:
            assert response.status_code == 403
        assert not hidden and comment_count(idea.id) == 1


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_comment_is_seen_by_staff_only(client, as_role, comment, idea, pm, role):
    services.set_comment_hidden(comment, pm, True)
    db.session.commit()
    as_role(role)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    staff = role in ("pm", "admin")
    assert ("We need this" in page) == staff
    assert ("Hidden from customers" in page) == staff
    assert "0 comments" in page
    single = client.get(f"/comments/{comment.id}", headers={"HX-Request": "true"})
    assert single.status_code == (200 if staff else 404)


def test_staff_show_a_hidden_comment_again(client, comment, idea, admin):
    services.set_comment_hidden(comment, admin, True)
    db.session.commit()
    login(client, admin)
    response = client.htmx_post(f"/comments/{comment.id}/show")
    assert response.status_code == 200 and "1 comment" in text_of(response)
    assert not reloaded(comment.id).is_hidden and comment_count(idea.id) == 1


def test_the_idea_page_offers_each_person_their_own_actions(client, comment, idea, other_customer, pm, customer):
    login(client, other_customer)
    own = text_of(client.get(f"/ideas/{idea.id}"))
    assert 'data-testid="edit-comment"' in own and 'data-testid="delete-comment"' in own
    assert 'data-testid="hide-comment"' not in own
    login(client, customer)
    others = text_of(client.get(f"/ideas/{idea.id}"))
    assert 'data-testid="edit-comment"' not in others and 'data-testid="hide-comment"' not in others
    login(client, pm)
    staff = text_of(client.get(f"/ideas/{idea.id}"))
    assert 'data-testid="hide-comment"' in staff and 'data-testid="edit-comment"' not in staff


def test_comments_on_boards_out_of_sight_are_not_found(client, private_board, pm, customer):
    idea = factories.make_idea(private_board, pm, title="Internal")
    hidden_from_customers = factories.make_comment(idea, customer, body="Mine")
    login(client, customer)
    assert client.get(f"/comments/{hidden_from_customers.id}/edit").status_code == 404
    assert client.post_form(f"/comments/{hidden_from_customers.id}/delete").status_code == 404
    assert client.get("/comments/999999/edit").status_code == 404
    assert reloaded(hidden_from_customers.id) is not None


@pytest.mark.parametrize("action", ["edit", "delete", "hide", "show"])
def test_every_comment_post_needs_a_csrf_token(client, comment, other_customer, admin, action):
    login(client, admin if action in ("hide", "show") else other_customer)
    response = client.post(f"/comments/{comment.id}/{action}", data={"body": "Changed"})
    assert response.status_code == 400 and "Reload the page" in text_of(response)
    unchanged = reloaded(comment.id)
    assert (unchanged.body, unchanged.is_hidden, unchanged.updated_at) == ("We need this **weekly**.", False, None)


def test_the_audit_log_links_to_each_hidden_comment(client, comment, idea, pm):
    login(client, pm)
    client.post_form(f"/comments/{comment.id}/hide")
    client.post_form(f"/comments/{comment.id}/show")
    log = text_of(client.get("/merging/audit"))
    assert log.count(f'href="/ideas/{idea.id}#comment-{comment.id}"') == 2
    assert "hid" in log and "showed again" in log


def test_comments_on_a_withdrawn_idea_are_out_of_customers_reach(client, idea, comment, other_customer, pm):
    idea.withdrawn_at = idea.created_at
    db.session.commit()
    login(client, other_customer)
    assert client.get(f"/comments/{comment.id}/edit").status_code == 404
    assert client.post_form(f"/comments/{comment.id}/delete").status_code == 404
    login(client, pm)
    assert client.post_form(f"/comments/{comment.id}/hide").status_code == 303
    assert reloaded(comment.id).is_hidden and reloaded(comment.id).body == "We need this **weekly**."
