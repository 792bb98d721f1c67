"""An email's unsubscribe link and its one-click List-Unsubscribe header (RFC 8058) stop the emails of its own list:
the weekly insights email's the insights email, a changelog subscriber's release note every release note, a PM's
new-idea email the news of new ideas; the news of ideas one backs stops only from their own link. Emails about the
account itself carry no unsubscribe link, and unsubscribing never drops one. Delivered over a real local SMTP
server where the headers matter."""
import re
from html import unescape

from ideabox.auth.reset import request_password_reset
from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status, submit_idea
from ideabox.insights.email import send_weekly_insights
from ideabox.models import IdeaStatus, OutboxEmail, User
from ideabox.notifications.mailer import drain_outbox
from ideabox.roadmap.services import publish_release
from tests.factories import make_idea, make_user
from tests.factories_merging import make_vote
from tests.factories_notifications import outbox_for
from tests.factories_roadmap import ship


def _link(mail: OutboxEmail) -> str:
    """The unsubscribe path in an email's text, as the reader's mail client would open it."""
    return re.search(r"Unsubscribe from these emails: http://localhost(\S+)", mail.text_body).group(1)


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def _unsubscribe_through(client, mail: OutboxEmail, mailing_list: str, question: str) -> None:
    """Open the email's unsubscribe link, which names its list and asks the question, and confirm."""
    link = _link(mail)
    assert link.endswith(f"?list={mailing_list}")
    assert question in client.get(link).get_data(as_text=True)
    client.post(link)


def _status_email_for(app, board, pm, backer):
    """A status change of an idea the person backs, queued to them."""
    with app.test_request_context():
        idea = make_idea(board, make_user(), title="Offline mode")
        cast_vote(idea, backer)
        change_status(idea, IdeaStatus.PLANNED, pm)
        db.session.commit()
    [mail] = [mail for mail in outbox_for(backer) if mail.kind == "status_changed"]
    return mail


def test_the_insights_email_stops_only_the_insights_email(client, app, board, pm, customer, smtp):
    eve = make_user(role="executive", email="eve@example.com", insights_email=True)
    make_vote(make_idea(board, customer), make_user(), days_ago=1)
    status_mail = _status_email_for(app, board, pm, eve)
    assert send_weekly_insights() == 1
    db.session.commit()
    [insights_mail] = [mail for mail in outbox_for(eve) if mail.kind == "insights"]
    link = _link(insights_mail)
    assert link == f"/notifications/unsubscribe/{eve.unsubscribe_token}?list=insights"

    drain_outbox()
    headers = {message["Subject"]: message["List-Unsubscribe"] for message in smtp.to("eve@example.com")}
    assert headers[insights_mail.subject] == f"<http://localhost{link}>"
    assert headers[status_mail.subject] == f"<http://localhost/notifications/unsubscribe/{eve.unsubscribe_token}>"

    page = client.get(link).get_data(as_text=True)
    assert "Stop the weekly insights email?" in page and "eve@example.com" in page
    assert _fresh(eve).insights_email is True  # opening the link changes nothing
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "We won't send eve@example.com the weekly insights email any more." in _page(done)
    eve = _fresh(eve)
    assert eve.insights_email is False and eve.email_notifications is True


def test_unsubscribing_from_a_list_drops_only_that_lists_unsent_emails(client, app, board, pm, customer):
    eve = make_user(role="executive", insights_email=True)
    make_vote(make_idea(board, customer), make_user(), days_ago=1)
    send_weekly_insights()
    db.session.commit()
    status_mail = _status_email_for(app, board, pm, eve)
    insights_link = _link([mail for mail in outbox_for(eve) if mail.kind == "insights"][0])
    client.post(insights_link)
    assert [mail.id for mail in outbox_for(eve)] == [status_mail.id]


def test_a_changelog_subscribers_release_note_stops_every_release_note_but_not_their_own_ideas(
        client, app, board, pm, customer):
    fan = make_user(email="fan@example.com", changelog_emails=True)
    with app.test_request_context():
        publish_release(ship(make_idea(board, customer, title="Dark mode")), pm, "Now everywhere.")
        db.session.commit()
    [mail] = outbox_for(fan)
    assert "because you subscribed to the changelog" in mail.text_body
    _unsubscribe_through(client, mail, "changelog", "Stop emailing every release note?")
    fan = _fresh(fan)
    assert fan.changelog_emails is False and fan.email_notifications is True
    assert outbox_for(fan) == []

    backed = make_idea(board, customer, title="Offline mode")
    with app.test_request_context():
        cast_vote(backed, fan)
        publish_release(ship(backed), pm, "Works on the train.")
        db.session.commit()
    [mail] = outbox_for(fan)  # what they voted for still reaches them, with the link that stops that
    assert mail.subject == "Shipped: Offline mode" and _link(mail) == f"/notifications/unsubscribe/{fan.unsubscribe_token}"


def test_a_new_idea_email_stops_the_news_of_new_ideas(client, app, board, pm, customer):
    with app.test_request_context():
        submit_idea(board, customer, "Export to PDF")
        db.session.commit()
    [mail] = outbox_for(pm)
    _unsubscribe_through(client, mail, "new_ideas", "Stop hearing of every new idea?")
    pm = _fresh(pm)
    assert pm.new_idea_notifications is False and pm.email_notifications is True
    with app.test_request_context():
        submit_idea(board, customer, "Import from CSV")
        db.session.commit()
    assert outbox_for(pm) == []


def test_an_email_about_the_account_has_no_unsubscribe_and_outlives_unsubscribing(client, app, board, pm, smtp):
    bea = make_user(email="bea@example.com")
    status_mail = _status_email_for(app, board, pm, bea)
    reset = request_password_reset("bea@example.com")
    db.session.commit()
    client.post(_link(status_mail))
    assert _fresh(bea).email_notifications is False
    assert [mail.id for mail in outbox_for(bea)] == [reset.id]  # the reset link they asked for still goes
    drain_outbox()
    [message] = smtp.to("bea@example.com")
    assert message["Subject"] == reset.subject and message["List-Unsubscribe"] is None


def test_a_list_already_stopped_says_so_and_offers_to_stop_every_email(client):
    eve = make_user(role="executive", insights_email=False)
    link = f"/notifications/unsubscribe/{eve.unsubscribe_token}?list=insights"
    page = _page(client.get(link))
    assert "You're unsubscribed" in page and "weekly insights email any more" in page
    stop_all = f'action="/notifications/unsubscribe/{eve.unsubscribe_token}"'
    assert stop_all in page and "Stop every email instead" in page
    client.post(f"/notifications/unsubscribe/{eve.unsubscribe_token}")
    assert _fresh(eve).email_notifications is False
    assert "Stop every email instead" not in client.get(link).get_data(as_text=True)


def test_an_unknown_list_is_not_found_and_changes_nothing(client, customer):
    link = f"/notifications/unsubscribe/{customer.unsubscribe_token}?list=everything"
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert _fresh(customer).email_notifications is True
