"""Subscribing to the changelog: every release note, in-app and by email, not only those of ideas one backs."""
import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import IdeaStatus, User
from ideabox.roadmap.services import publish_release
from tests.conftest import ROLES, login
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for
from tests.factories_roadmap import back, make_theme, ship


@pytest.fixture
def subscribers(app):
    """A customer and an executive who take every release note; a customer who does not."""
    return {
        "reader": make_user(display_name="Rae Reader", changelog_emails=True),
        "exec": make_user(role="executive", display_name="Eve Exec", changelog_emails=True),
        "quiet": make_user(display_name="Quinn Quiet"),
        "unconfirmed": make_user(display_name="Una Unconfirmed", changelog_emails=True, email_confirmed_at=None),
    }


def publish(app, subject, pm, body="Now everywhere."):
    with app.test_request_context():
        release = publish_release(subject, pm, body)
    db.session.commit()
    return release


def test_subscribers_hear_of_every_public_release_once(app, board, customer, pm, subscribers):
    idea = ship(make_idea(board, customer, title="Dark mode"))
    back(idea, users=[subscribers["reader"]])  # a backer who also subscribed hears of it once
    publish(app, idea, pm)
    for name in ("reader", "exec"):
        [told] = notifications_for(subscribers[name])
        assert told.kind == "released" and told.message == "Shipped: “Dark mode”."
        [mail] = outbox_for(subscribers[name])
        assert mail.subject == "Shipped: Dark mode" and "Now everywhere." in mail.text_body
    assert "because you voted for or follow this idea" in outbox_for(subscribers["reader"])[0].text_body
    assert "because you subscribed to the changelog" in outbox_for(subscribers["exec"])[0].text_body
    assert notifications_for(subscribers["quiet"]) == []
    assert len(notifications_for(subscribers["unconfirmed"])) == 1 and outbox_for(subscribers["unconfirmed"]) == []
    assert notifications_for(pm) == []  # nobody is told of their own release


def test_a_private_boards_release_reaches_only_subscribers_on_the_team(app, private_board, customer, pm, subscribers):
    idea = ship(make_idea(private_board, customer, title="Audit log"))
    publish(app, idea, pm)
    assert notifications_for(subscribers["reader"]) == []
    assert len(notifications_for(subscribers["exec"])) == 1


def test_a_theme_release_reaches_subscribers(app, board, customer, pm, subscribers):
    theme = make_theme("Single sign-on", [make_idea(board, customer)], IdeaStatus.SHIPPED)
    publish(app, theme, pm)
    assert [n.message for n in notifications_for(subscribers["reader"])] == ["Shipped: “Single sign-on”."]


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_may_subscribe_and_visitors_are_asked_to_sign_in(client, as_role, role):
    user = as_role(role)
    response = client.post_form("/changelog/subscription", {"subscribe": "1"})
    if user is None:
        assert response.status_code in (302, 303) and response.location.startswith("/auth/login")
        return
    assert response.status_code == 303 and db.session.get(User, user.id).changelog_emails
    page = client.get("/changelog").get_data(as_text=True)
    assert "You will get every release note by email." in page and "Emailed every release" in page
    client.post_form("/changelog/subscription", {"subscribe": "0"})
    assert not db.session.get(User, user.id).changelog_emails


def test_the_button_answers_htmx_with_itself(client, customer):
    login(client, customer)
    response = client.htmx_post("/changelog/subscription", {"subscribe": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith("<form")
    assert 'id="changelog-subscription"' in html and 'name="subscribe" value="0"' in html
    again = client.htmx_post("/changelog/subscription", {"subscribe": "1"})  # a double click changes nothing
    assert 'value="0"' in again.get_data(as_text=True) and db.session.get(User, customer.id).changelog_emails


def test_subscribing_needs_a_csrf_token(client, customer):
    login(client, customer)
    assert client.post("/changelog/subscription", data={"subscribe": "1"}).status_code == 400
    assert not db.session.get(User, customer.id).changelog_emails


def test_the_account_settings_carry_the_choice(client, customer):
    login(client, customer)
    response = client.post_form("/auth/account", {"display_name": "Casey Customer", "timezone": "UTC",
                                                  "email_notifications": "y", "changelog_emails": "y"})
    assert response.status_code == 303 and db.session.get(User, customer.id).changelog_emails
    client.post_form("/auth/account", {"display_name": "Casey Customer", "timezone": "UTC"})
    user = db.session.scalar(select(User).where(User.id == customer.id))
    assert not user.changelog_emails and not user.email_notifications
