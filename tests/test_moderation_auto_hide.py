"""A comment enough different people reported hides by itself until the team reviews it: who counts, who sees
it, what the queue shows, the team's two answers and who is told (the admin's setting: *_setting.py)."""
import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.ideas.services import add_comment
from ideabox.models import AuditEvent, Comment, Notification, Report
from ideabox.moderation import services
from ideabox.moderation.auto_hide import set_auto_hide_reports
from tests import factories
from tests.conftest import ROLES, login

SPAM = "Buy cheap watches at spam.example!"


@pytest.fixture
def thread(app, board, customer, other_customer):
    """Olive's idea, with a spam comment by Casey."""
    with app.test_request_context():
        idea = factories.make_idea(board, other_customer, title="Offline mode")
        comment = add_comment(idea, customer, SPAM)
        db.session.commit()
    return {"idea": idea, "comment": comment}


def report_by(thread, *people, comment=None):
    for person in people:
        services.report(person, "spam", "", thread["idea"], comment or thread["comment"])
    db.session.commit()


def reporters(count, **fields):
    return [factories.make_user(**fields) for _ in range(count)]


def hidden(comment) -> bool:
    db.session.expire_all()
    return db.session.get(Comment, comment.id).is_hidden


def open_reports() -> list[Report]:
    db.session.expire_all()
    return list(db.session.scalars(select(Report).where(Report.resolved_at.is_(None)).order_by(Report.id)))


def notifications_of(user) -> list[str]:
    return list(db.session.scalars(select(Notification.message).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def decide(client, thread, decision):
    return client.post_form("/moderation/decide", {"idea_id": thread["idea"].id, "comment_id": thread["comment"].id,
                                                   "decision": decision}, follow_redirects=True)


def test_three_different_people_hide_a_comment_and_its_reports_stay_open(thread, customer):
    report_by(thread, *reporters(2))
    assert not hidden(thread["comment"])
    report_by(thread, *reporters(1, role="executive"))  # executives count like customers
    assert hidden(thread["comment"])
    assert [filed.auto_hidden_after for filed in open_reports()] == [3, 3, 3]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "comment.hidden"))
    assert (event.actor_id, event.subject_id) == (None, thread["comment"].id)
    assert event.details == {"idea_id": thread["idea"].id, "automatic": True, "reports": 3}
    assert notifications_of(customer) == ["Your comment on “Offline mode” is hidden for now: several people "
                                          "reported it. The team will look at it and show it again if it belongs."]
    assert db.session.get(Comment, thread["comment"].id).idea.comment_count == 0


@pytest.mark.parametrize("role, sees_it", [("anonymous", False), ("customer", False), ("executive", False),
                                           ("pm", True), ("admin", True)])
def test_a_comment_hidden_automatically_shows_to_the_team_only(client, as_role, thread, role, sees_it):
    report_by(thread, *reporters(3))
    as_role(role)
    page = client.get(f"/ideas/{thread['idea'].id}").get_data(as_text=True)
    assert (SPAM in page) == sees_it
    assert ('data-testid="comment-hidden"' in page) == sees_it  # as a PM's hide shows it
    if role == "anonymous":  # nor does the API show it (signed-in API calls take a token)
        listed = client.get(f"/api/v1/ideas/{thread['idea'].id}/comments")
        assert listed.status_code == 200 and SPAM not in listed.get_data(as_text=True)


def test_the_team_suspended_people_and_a_second_report_do_not_count(thread, pm, admin):
    suspended = factories.make_user(is_suspended=True)
    db.session.add(Report(reporter_id=suspended.id, idea_id=thread["idea"].id, comment_id=thread["comment"].id,
                          reason="spam"))
    [twice, once] = reporters(2)
    report_by(thread, pm, admin, twice, once)
    db.session.add(Report(reporter_id=twice.id, idea_id=thread["idea"].id, comment_id=thread["comment"].id,
                          reason="abuse"))  # as two requests at once could leave
    db.session.commit()
    assert len(open_reports()) == 6 and not hidden(thread["comment"])
    report_by(thread, factories.make_user())
    assert hidden(thread["comment"]) and {filed.auto_hidden_after for filed in open_reports()} == {3}


def test_the_teams_own_comments_and_internal_notes_never_hide_by_themselves(app, thread, pm):
    with app.test_request_context():
        reply = add_comment(thread["idea"], pm, "We are on it.")
        db.session.commit()
    report_by(thread, *reporters(4), comment=reply)
    assert not hidden(reply) and len(open_reports()) == 4


def test_zero_turns_it_off_and_one_hides_at_the_first_report(thread, admin):
    set_auto_hide_reports(admin, 0)
    db.session.commit()
    report_by(thread, *reporters(5))
    assert not hidden(thread["comment"])
    set_auto_hide_reports(admin, 1)
    db.session.commit()
    report_by(thread, factories.make_user())  # the threshold counts the reports already open
    assert hidden(thread["comment"]) and {filed.auto_hidden_after for filed in open_reports()} == {6}


def test_the_queue_marks_it_for_review_and_keeping_it_shows_it_again(client, thread, customer, pm):
    people = reporters(3)
    report_by(thread, *people)
    login(client, pm)
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "1 waiting for a decision" in queue and "Hidden automatically after 3 reports — review" in queue
    assert "Keep it: show it again" in queue and "Keep it hidden" in queue
    assert "A comment hides once 3 different people report it" in queue
    assert "/admin/site#reported-comments" not in queue  # the setting is the admins'
    page = decide(client, thread, "kept").get_data(as_text=True)
    assert "The comment shows again; its author and the people who reported it are told." in page
    assert "0 waiting for a decision" in page and "after an automatic hide" in page
    assert not hidden(thread["comment"]) and open_reports() == []
    assert {filed.resolution for filed in db.session.scalars(select(Report))} == {"kept"}
    assert notifications_of(customer)[-1] == "The team looked at your comment on “Offline mode” and showed it again."
    for person in people:
        assert notifications_of(person) == ["The team looked at the comment you reported on “Offline mode” and kept it."]
    client.get("/logout")
    assert SPAM in client.get(f"/ideas/{thread['idea'].id}").get_data(as_text=True)

    report_by(thread, *reporters(3))  # the team kept it: new reports wait for the team
    assert not hidden(thread["comment"]) and len(open_reports()) == 3


def test_confirming_the_hide_closes_the_reports_and_tells_the_author(client, thread, customer, admin):
    people = reporters(3)
    report_by(thread, *people)
    login(client, admin)
    assert "/admin/site#reported-comments" in client.get("/moderation/").get_data(as_text=True)
    page = decide(client, thread, "hidden").get_data(as_text=True)
    assert "The comment stays hidden; its author and the people who reported it are told." in page
    assert hidden(thread["comment"]) and open_reports() == []
    assert {(filed.resolution, filed.resolved_by_id) for filed in db.session.scalars(select(Report))} == {
        ("hidden", admin.id)}
    assert notifications_of(customer)[-1] == "The team looked at your comment on “Offline mode” and kept it hidden."
    assert notifications_of(people[0]) == ["The team hid the comment you reported on “Offline mode”. "
                                           "Thank you for telling us."]
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "comment.hidden")) == 1


def test_showing_it_again_from_the_idea_page_keeps_it(client, thread, pm):
    report_by(thread, *reporters(3))
    login(client, pm)
    client.htmx_post(f"/comments/{thread['comment'].id}/show")
    assert not hidden(thread["comment"]) and open_reports() == []
    assert {(filed.resolution, filed.resolved_by_id) for filed in db.session.scalars(select(Report))} == {
        ("kept", pm.id)}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_queue_of_the_team_offers_the_review(client, as_role, thread, role):
    report_by(thread, *reporters(3))
    as_role(role)
    response = decide(client, thread, "kept")
    if role in ("pm", "admin"):
        assert response.status_code == 200 and not hidden(thread["comment"])
    else:
        assert response.status_code in (200, 403)  # anonymous people land on the sign-in page
        assert hidden(thread["comment"]) and len(open_reports()) == 3


def test_the_admin_index_and_the_audit_log_say_ideabox_hid_it(client, thread, pm):
    report_by(thread, *reporters(3))
    login(client, pm)
    index = client.get("/admin/").get_data(as_text=True)
    assert "<strong>IdeaBox</strong>" in index and "hid a comment after 3 reports" in index
    log = client.get("/merging/audit").get_data(as_text=True)
    assert '<td class="audit-table__who">IdeaBox</td>' in log and "automatically, after 3 reports" in log
