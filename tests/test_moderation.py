"""Reports and the moderation queue: who may report what, what is refused, who decides, and who is told."""
import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.ideas.services import add_comment
from ideabox.models import AuditEvent, Comment, Notification, Report
from ideabox.moderation import services
from tests import factories
from tests.conftest import ROLES, login


@pytest.fixture
def thread(app, board, customer, other_customer, pm):
    """Olive's idea, with a comment by Casey and an internal note by Pat."""
    with app.test_request_context():
        idea = factories.make_idea(board, other_customer, title="Offline mode", body="Let me work on the train.")
        comment = add_comment(idea, customer, "Buy cheap watches at spam.example!")
        note = add_comment(idea, pm, "Acme asked too.", internal=True)
        db.session.commit()
    return {"idea": idea, "comment": comment, "note": note}


def report_count(**where) -> int:
    return db.session.scalar(select(func.count(Report.id)).filter_by(**where))


def notifications_of(user) -> list[str]:
    return list(db.session.scalars(select(Notification.message).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


@pytest.mark.parametrize("role", ROLES)
def test_customers_and_executives_report_what_others_wrote(client, as_role, role, thread):
    user = as_role(role)
    page = client.get(f"/ideas/{thread['idea'].id}").get_data(as_text=True)
    reporters = role in ("customer", "executive")
    assert ('data-testid="report-comment"' in page) == reporters
    assert ('data-testid="report-idea"' in page) == reporters
    response = client.post_form(f"/comments/{thread['comment'].id}/report", {"reason": "spam", "note": "An ad."})
    if role == "anonymous":
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
        assert report_count() == 0
        return
    if reporters:
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"/ideas/{thread['idea'].id}#comment-{thread['comment'].id}")
        [filed] = db.session.scalars(select(Report)).all()
        assert (filed.reporter_id, filed.comment_id, filed.reason, filed.note) == (user.id, thread["comment"].id,
                                                                                   "spam", "An ad.")
    else:  # the team hides or withdraws directly; the report form still works for them
        assert response.status_code in (303, 422)


def test_the_team_hears_of_each_report_in_the_app(client, thread, customer, other_customer, pm, admin):
    login(client, other_customer)
    client.post_form(f"/comments/{thread['comment'].id}/report", {"reason": "spam"})
    expected = ("Olive Other reported a comment on “Offline mode”: Spam or advertising.")
    assert notifications_of(pm)[-1] == expected and notifications_of(admin)[-1] == expected
    assert not any("reported" in message for message in notifications_of(customer))


@pytest.mark.parametrize("fields, by_author, message", [
    ({"reason": ""}, False, "Choose why it does not belong."),
    ({"reason": "boring"}, False, "Not a valid choice"),
    ({"reason": "spam", "note": "x" * 501}, False, "Use at most 500 characters."),
    ({"reason": "spam"}, True, "This is your own; edit or delete it instead."),
])
def test_bad_reports_are_refused_with_a_reason(client, thread, customer, fields, by_author, message):
    login(client, customer if by_author else factories.make_user())  # Casey wrote the comment
    response = client.post_form(f"/comments/{thread['comment'].id}/report", fields)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert report_count() == 0


def test_a_person_reports_a_thing_once_and_never_an_internal_note(client, thread, customer, executive, app):
    login(client, executive)
    client.post_form(f"/ideas/{thread['idea'].id}/report", {"reason": "off_topic"})
    again = client.post_form(f"/ideas/{thread['idea'].id}/report", {"reason": "spam"})
    assert again.status_code == 422 and "You reported this already" in again.get_data(as_text=True)
    assert report_count() == 1
    with app.test_request_context():
        with pytest.raises(Exception) as refused:
            services.report(executive, "abuse", "", thread["idea"], thread["note"])
    assert "Internal notes are for the team only" in str(refused.value)
    login(client, customer)
    assert client.get(f"/comments/{thread['note'].id}/report").status_code == 404  # customers never see it


def test_reports_need_their_csrf_token(client, thread, customer):
    login(client, factories.make_user())
    assert client.post(f"/comments/{thread['comment'].id}/report", data={"reason": "spam"}).status_code == 400
    assert report_count() == 0


@pytest.mark.parametrize("role, allowed", [("anonymous", None), ("customer", False), ("executive", False),
                                           ("pm", True), ("admin", True)])
def test_only_pms_and_admins_open_the_queue_and_decide(client, as_role, thread, role, allowed):
    reporter = factories.make_user()
    services.report(reporter, "spam", "", thread["idea"], thread["comment"])
    db.session.commit()
    as_role(role)
    page = client.get("/moderation/")
    decision = client.post_form("/moderation/decide", {"idea_id": thread["idea"].id,
                                                       "comment_id": thread["comment"].id, "decision": "hidden"})
    db.session.refresh(thread["comment"])
    if allowed is None:
        assert page.status_code == decision.status_code == 302
    elif not allowed:
        assert page.status_code == decision.status_code == 403
    else:
        assert page.status_code == 200 and decision.status_code == 303
    assert thread["comment"].is_hidden == bool(allowed)


def test_hiding_a_reported_comment_closes_every_report_and_tells_the_reporters(client, thread, pm):
    reporters = [factories.make_user(display_name=name) for name in ("Ana", "Ben")]
    for reporter, reason in zip(reporters, ("spam", "abuse")):
        services.report(reporter, reason, "Looks like an ad." if reason == "spam" else "", thread["idea"],
                        thread["comment"])
    db.session.commit()
    login(client, pm)
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "1 waiting for a decision" in queue and "2 reports" in queue and "Looks like an ad." in queue
    assert "Spam or advertising" in queue and "Rude, hateful or abusive" in queue
    page = client.post_form("/moderation/decide", {"idea_id": thread["idea"].id, "comment_id": thread["comment"].id,
                                                   "decision": "hidden"}, follow_redirects=True).get_data(as_text=True)
    assert "The comment is hidden" in page and "0 waiting for a decision" in page and "Latest decisions" in page
    assert report_count(resolution="hidden") == 2 and report_count(resolved_at=None) == 0
    for reporter in reporters:
        assert notifications_of(reporter)[-1] == ("The team hid the comment you reported on “Offline mode”. "
                                                  "Thank you for telling us.")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report.resolved"))
    assert event.details == {"decision": "hidden", "reports": 2, "name": "Offline mode"}
    again = client.post_form("/moderation/decide", {"idea_id": thread["idea"].id,
                                                    "comment_id": thread["comment"].id, "decision": "kept"},
                             follow_redirects=True).get_data(as_text=True)
    assert "dealt with these reports already" in again


def test_withdrawing_a_reported_idea_or_keeping_it(client, thread, pm, board):
    reporter = factories.make_user()
    kept = factories.make_idea(board, factories.make_user(), title="Dark mode")
    services.report(reporter, "off_topic", "", thread["idea"])
    services.report(reporter, "spam", "", kept)
    db.session.commit()
    login(client, pm)
    client.post_form("/moderation/decide", {"idea_id": thread["idea"].id, "decision": "withdrawn"})
    client.post_form("/moderation/decide", {"idea_id": kept.id, "decision": "kept"})
    db.session.refresh(thread["idea"])
    db.session.refresh(kept)
    assert thread["idea"].withdrawn_at is not None and kept.withdrawn_at is None
    assert notifications_of(reporter)[-2:] == [
        "The team took down the idea “Offline mode” you reported. Thank you for telling us.",
        "The team looked at the idea “Dark mode” you reported and kept it."]
    link = db.session.scalar(select(Notification.link).where(Notification.user_id == reporter.id)
                             .order_by(Notification.id.desc()))
    assert link == f"/ideas/{kept.id}"


def test_a_wrong_decision_changes_nothing(client, thread, pm):
    services.report(factories.make_user(), "spam", "", thread["idea"], thread["comment"])
    db.session.commit()
    login(client, pm)
    page = client.post_form("/moderation/decide", {"idea_id": thread["idea"].id, "comment_id": thread["comment"].id,
                                                   "decision": "withdrawn"}, follow_redirects=True)
    assert "Choose what to do with it." in page.get_data(as_text=True)
    assert report_count(resolved_at=None) == 1
    db.session.refresh(thread["idea"])
    assert thread["idea"].withdrawn_at is None
    assert client.post_form("/moderation/decide", {"idea_id": 999999, "decision": "kept"}).status_code == 404


@pytest.mark.filterwarnings("error::sqlalchemy.exc.SAWarning")  # was db.get_or_404(Idea, None) with no idea_id
@pytest.mark.parametrize("ids", [{"idea_id": None}, {"idea_id": ""}, {"idea_id": "abc"}, {"comment_id": "abc"}])
def test_a_decision_that_does_not_say_what_it_is_about_is_a_bad_request(client, thread, pm, ids):
    services.report(factories.make_user(), "spam", "", thread["idea"], thread["comment"])
    db.session.commit()
    login(client, pm)
    data = {"idea_id": thread["idea"].id, "comment_id": thread["comment"].id, "decision": "hidden", **ids}
    response = client.post_form("/moderation/decide", {key: value for key, value in data.items() if value is not None})
    assert response.status_code == 400
    assert "The decision did not say which idea or comment it is about." in response.get_data(as_text=True)
    assert report_count(resolved_at=None) == 1


def test_a_deleted_comment_takes_its_reports_along_and_its_reporters_hear_of_it(client, thread, customer, app):
    """The reports go with the comment; its reporters were once left waiting for a decision that never came."""
    from ideabox.comments.services import delete_comment

    reporter = factories.make_user()
    services.report(reporter, "spam", "", thread["idea"], thread["comment"])
    db.session.commit()
    with app.test_request_context():
        delete_comment(db.session.get(Comment, thread["comment"].id), customer)
    db.session.commit()
    assert report_count() == 0
    assert notifications_of(reporter) == ["The comment you reported on “Offline mode” was deleted by its author."]
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "report.dropped"))
    assert event.actor_id == customer.id and event.details["reports"] == 1


def test_deleting_an_unreported_comment_tells_nobody_and_logs_nothing(client, thread, customer, app):
    from ideabox.comments.services import delete_comment

    with app.test_request_context():
        delete_comment(db.session.get(Comment, thread["comment"].id), customer)
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like("report.%"))) == 0


def test_hiding_a_reported_comment_from_the_idea_page_closes_its_reports(client, thread, pm):
    reporter = factories.make_user()
    services.report(reporter, "spam", "", thread["idea"], thread["comment"])
    db.session.commit()
    login(client, pm)
    client.htmx_post(f"/comments/{thread['comment'].id}/hide")
    assert report_count(resolution="hidden", resolved_by_id=pm.id) == 1 and report_count(resolved_at=None) == 0
    assert notifications_of(reporter) == ["The team hid the comment you reported on “Offline mode”. "
                                          "Thank you for telling us."]  # told once
    assert "0 waiting for a decision" in client.get("/moderation/").get_data(as_text=True)


def test_a_reported_idea_its_author_withdraws_leaves_the_queue(client, thread, other_customer, app):
    from ideabox.ideas.services import withdraw_idea

    reporter = factories.make_user()
    services.report(reporter, "off_topic", "", thread["idea"])
    db.session.commit()
    with app.test_request_context():
        withdraw_idea(thread["idea"], other_customer)  # Olive wrote it; nobody backs it yet
    db.session.commit()
    assert report_count(resolution="withdrawn", resolved_by_id=other_customer.id) == 1
    assert notifications_of(reporter) == ["The idea “Offline mode” you reported was withdrawn by its author."]


def test_deciding_to_hide_tells_each_reporter_once(client, thread, pm):
    reporter = factories.make_user()
    services.report(reporter, "spam", "", thread["idea"], thread["comment"])
    db.session.commit()
    login(client, pm)
    client.post_form("/moderation/decide", {"idea_id": thread["idea"].id, "comment_id": thread["comment"].id,
                                            "decision": "hidden"})
    assert len(notifications_of(reporter)) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "report.resolved")) == 1
