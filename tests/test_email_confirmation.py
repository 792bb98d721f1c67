"""Email addresses are proven by a link before IdeaBox emails them; moving an account to a new address."""
import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from ideabox import create_app
from ideabox.auth import confirm, reset, services
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import AuditEvent, IdeaStatus, OutboxEmail, User, utcnow
from ideabox.notifications.digest import send_new_idea_digests
from ideabox.notifications.mailer import drain_outbox
from tests import factories
from tests.conftest import ROLES, CsrfClient, _test_config, login
from tests.factories_notifications import notifications_for, outbox_for

PASSWORD = factories.PASSWORD
LINK = re.compile(r"http://localhost(/auth/confirm/[^\s\"<]+)")


@pytest.fixture(autouse=True)
def default_locale(app):
    with force_locale("en"):
        yield


def confirm_path(email) -> str:
    """The site path of the confirmation link in an outbox email."""
    return LINK.search(email.text_body).group(1)


def mail_of(user):
    """Every email queued for the person, to whichever address, oldest first."""
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.user_id == user.id).order_by(OutboxEmail.id)).all()


def unconfirmed(**fields) -> User:
    return factories.make_user(email_confirmed_at=None, **fields)


def sign_up(client, email="New.Person@Example.com"):
    return client.post_form("/auth/register", {"email": email, "display_name": "New Person",
                                               "password": PASSWORD, "confirm": PASSWORD})


# --- signing up -------------------------------------------------------------------------------


def test_signing_up_sends_a_link_that_confirms_the_address(client, smtp):
    response = sign_up(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new.person@example.com"))
    assert user.email_confirmed_at is None
    assert drain_outbox().sent == 1
    [message] = smtp.to("new.person@example.com")
    assert message["Subject"] == "Confirm your email for IdeaBox"
    text = message.get_body(("plain",)).get_content()
    path = LINK.search(text).group(1)
    assert f'href="http://localhost{path}"' in message.get_body(("html",)).get_content()
    assert "works for 3 days" in text

    home = client.get("/").get_data(as_text=True)
    assert 'data-testid="confirm-banner"' in home and "we sent a link to new.person@example.com" in home

    opened = client.get(path, follow_redirects=True)
    assert "new.person@example.com is confirmed" in opened.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_confirmed_at is not None
    assert 'data-testid="confirm-banner"' not in client.get("/").get_data(as_text=True)


def test_the_link_works_in_a_browser_that_is_not_signed_in(client):
    sign_up(client)
    path = confirm_path(outbox_for(db.session.scalar(select(User)))[0])
    client.post_form("/auth/logout")
    response = client.get(path)
    assert response.status_code == 302 and response.location == "/auth/login"
    assert db.session.scalar(select(User)).email_confirmed


def test_opening_the_link_twice_keeps_the_first_confirmation(client, customer):
    customer.email_confirmed_at = None
    db.session.commit()
    path = confirm_path(confirm.send_confirmation(customer))
    db.session.commit()
    client.get(path)
    first = db.session.get(User, customer.id).email_confirmed_at
    again = client.get(path, follow_redirects=True)
    assert "is confirmed" in again.get_data(as_text=True)
    assert db.session.get(User, customer.id).email_confirmed_at == first


def test_a_failed_sign_up_sends_nothing(client, customer):
    response = sign_up(client, email=customer.email)
    assert "already exists" in response.get_data(as_text=True)
    assert outbox_for(customer) == []


# --- what an unconfirmed address gets ---------------------------------------------------------


def test_unconfirmed_backers_are_told_in_the_app_and_not_emailed(app, board, pm):
    idea = factories.make_idea(board, factories.make_user(), title="Offline mode")
    sure = factories.make_user(display_name="Confirmed Carla")
    unsure = unconfirmed(display_name="Unconfirmed Uma")
    with app.test_request_context():
        for backer in (sure, unsure):
            cast_vote(idea, backer)
        change_status(idea, IdeaStatus.PLANNED, pm)
    db.session.commit()
    assert len(notifications_for(unsure, "status_changed")) == 1
    assert outbox_for(unsure) == [] and len(outbox_for(sure)) == 1

    unsure.email_confirmed_at = utcnow()
    with app.test_request_context():
        change_status(idea, IdeaStatus.IN_PROGRESS, pm)
    db.session.commit()
    assert [mail.subject for mail in outbox_for(unsure)] == ["In progress: Offline mode"]


def test_an_unconfirmed_digest_reader_gets_no_digest(board, customer):
    reader = unconfirmed(role="pm", new_idea_digest=True, new_idea_digest_sent_at=utcnow() - timedelta(days=1))
    factories.make_idea(board, customer, title="Fresh one", created_at=utcnow() - timedelta(hours=1))
    assert send_new_idea_digests() == 0 and outbox_for(reader) == []


def test_a_password_reset_link_also_confirms_the_address(app):
    user = unconfirmed()
    token = reset.password_reset_token(user)
    reset.reset_password(token, "a much longer passphrase")
    assert user.email_confirmed


def test_admins_made_on_the_command_line_are_confirmed(app):
    user, created = services.create_admin("root@example.com", "Root", "a much longer passphrase")
    assert created and user.email_confirmed


# --- links that must not work -----------------------------------------------------------------


def test_tampered_expired_and_foreign_links_confirm_nothing(app, customer):
    user = unconfirmed()
    token = confirm.confirmation_token(user, user.email)
    for bad in (token[:-2] + "xx", "not-a-token", confirm._serializer().dumps(["a list"]),
                confirm._serializer().dumps({"user": "1", "email": user.email, "from": user.email})):
        with pytest.raises(DomainError, match="invalid, has expired"):
            confirm.confirm_email(bad)
    with pytest.raises(DomainError):
        confirm.confirm_email(token, max_age=-1)
    user.is_suspended = True
    with pytest.raises(DomainError):
        confirm.confirm_email(token)
    assert not user.email_confirmed


def test_a_bad_link_over_http_says_so_and_changes_nothing(client, customer):
    user = unconfirmed()
    login(client, user)
    response = client.get("/auth/confirm/not-a-token", follow_redirects=True)
    assert response.status_code == 200 and "invalid, has expired" in response.get_data(as_text=True)
    assert not db.session.get(User, user.id).email_confirmed
    client.post_form("/auth/logout")
    assert client.get("/auth/confirm/not-a-token").location == "/auth/login"


# --- sending the link again -------------------------------------------------------------------


def test_the_link_can_be_sent_again_and_both_work(client):
    user = unconfirmed()
    login(client, user)
    response = client.post_form("/auth/confirm/resend", {"next": "/b/nowhere"})
    assert response.status_code == 303 and response.location == "/b/nowhere"
    assert "We sent a new link" in client.get("/auth/account").get_data(as_text=True)
    [mail] = outbox_for(user)
    assert mail.to_address == user.email
    client.get(confirm_path(mail))
    assert db.session.get(User, user.id).email_confirmed


def test_resending_to_a_confirmed_address_sends_nothing(client, customer):
    login(client, customer)
    response = client.post_form("/auth/confirm/resend", follow_redirects=True)
    assert "is confirmed already" in response.get_data(as_text=True) and outbox_for(customer) == []


def test_resend_needs_a_csrf_token_and_a_sign_in(client):
    user = unconfirmed()
    login(client, user)
    assert client.post("/auth/confirm/resend").status_code == 400
    client.post_form("/auth/logout")
    response = client.post_form("/auth/confirm/resend")
    assert response.status_code == 302 and response.location.startswith("/auth/login")
    assert outbox_for(user) == []


def test_resend_and_change_are_rate_limited(_migrated, tmp_path):
    app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    app.test_client_class = CsrfClient
    client = app.test_client()
    with app.app_context():
        login(client, unconfirmed())
        statuses = [client.post_form("/auth/confirm/resend").status_code for _ in range(6)]
        assert statuses == [303] * 5 + [429]
        db.session.remove()
        db.engine.dispose()


# --- moving to a new address ------------------------------------------------------------------


def change(client, new_email, password=PASSWORD):
    return client.post_form("/auth/account/email", {"new_email": new_email, "current_password": password})


def test_moving_to_a_new_address_waits_for_its_link(client, customer, smtp):
    login(client, customer)
    response = change(client, "Casey.New@Example.com")
    assert response.status_code == 303
    page = client.get("/auth/account").get_data(as_text=True)
    assert "We sent a link to casey.new@example.com" in page and "until then it keeps casey@example.com" in page
    db.session.refresh(customer)
    assert customer.email == "casey@example.com"
    [mail] = mail_of(customer)
    assert mail.to_address == "casey.new@example.com" and mail.subject == "Confirm your new email for IdeaBox"

    client.get(confirm_path(mail))
    db.session.refresh(customer)
    assert customer.email == "casey.new@example.com" and customer.email_confirmed
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.email_changed"))
    assert event.details == {"email": "casey@example.com", "after": "casey.new@example.com"}
    drain_outbox()
    [notice] = smtp.to("casey@example.com")
    assert notice["Subject"] == "Your IdeaBox email has changed"
    assert "now uses casey.new@example.com" in notice.get_body(("plain",)).get_content()
    assert client.post_form("/auth/login", {"email": "casey.new@example.com", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("new_email", "password", "message"),
    [
        ("casey.new@example.com", "wrong password!", "That is not your current password."),
        ("not an email", PASSWORD, "Enter a valid email address"),
        ("Casey@Example.com", PASSWORD, "That is your email already."),
        ("olive@example.com", PASSWORD, "Another account uses this email."),
        ("", PASSWORD, "Enter your email address."),
    ],
)
def test_a_bad_change_says_why_and_changes_nothing(client, customer, other_customer, new_email, password, message):
    login(client, customer)
    response = change(client, new_email, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert "new_idea_notifications" not in page  # the page shown again keeps the team's settings to the team
    db.session.refresh(customer)
    assert customer.email == "casey@example.com" and mail_of(customer) == []


def test_a_change_needs_a_csrf_token(client, customer):
    login(client, customer)
    response = client.post("/auth/account/email", data={"new_email": "x@example.com", "current_password": PASSWORD})
    assert response.status_code == 400 and mail_of(customer) == []


def test_an_address_taken_before_the_link_is_opened_stays_with_its_taker(client, customer):
    login(client, customer)
    change(client, "wanted@example.com")
    path = confirm_path(mail_of(customer)[0])
    factories.make_user(email="wanted@example.com")
    response = client.get(path, follow_redirects=True)
    assert "Another account took wanted@example.com" in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert customer.email == "casey@example.com"


def test_links_sent_before_a_move_stop_working(client, customer):
    login(client, customer)
    change(client, "first@example.com")
    change(client, "second@example.com")
    first, second = (confirm_path(mail) for mail in mail_of(customer))
    client.get(second)
    db.session.refresh(customer)
    assert customer.email == "second@example.com"
    response = client.get(first, follow_redirects=True)
    assert "invalid, has expired or was replaced" in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert customer.email == "second@example.com"


def test_a_move_asked_for_before_the_sessions_ended_stops_working(client, customer):
    """Someone who knew the password asked to move the account to their own address; the owner then changed the
    password (or took the account over by single sign-on), which signs everyone else out: the link dies too."""
    login(client, customer)
    change(client, "squatter@example.com")
    path = confirm_path(mail_of(customer)[0])
    services.end_sessions(customer)
    db.session.commit()
    response = client.get(path, follow_redirects=True)
    assert "invalid, has expired or was replaced" in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert customer.email == "casey@example.com"
    own_address = confirm.confirmation_token(customer, customer.email)
    services.end_sessions(customer)  # a confirmation of the account's own address is no move: it still works
    db.session.commit()
    assert confirm.confirm_email(own_address)[0] == customer


# --- every role -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_can_move_its_email_and_visitors_cannot(client, as_role, role):
    user = as_role(role)
    response = change(client, f"{role}.moved@example.com")
    if user is None:
        assert response.status_code == 302 and response.location.startswith("/auth/login")
        return
    assert response.status_code == 303
    client.get(confirm_path(mail_of(user)[-1]))
    assert db.session.get(User, user.id).email == f"{role}.moved@example.com"


@pytest.mark.parametrize("role", ROLES[1:])
def test_every_role_sees_the_banner_until_it_confirms(client, role):
    user = unconfirmed(role=role)
    login(client, user)
    assert 'data-testid="confirm-banner"' in client.get("/").get_data(as_text=True)
    account = client.get("/auth/account").get_data(as_text=True)
    assert 'data-testid="confirm-banner"' not in account and "Not confirmed" in account
    client.post_form("/auth/confirm/resend")
    client.get(confirm_path(mail_of(user)[-1]))
    assert 'data-testid="confirm-banner"' not in client.get("/").get_data(as_text=True)
    assert "Confirmed" in client.get("/auth/account").get_data(as_text=True)


def test_visitors_see_no_banner(client):
    assert 'data-testid="confirm-banner"' not in client.get("/").get_data(as_text=True)


def test_the_admin_page_shows_the_move(client, customer, admin):
    login(client, customer)
    change(client, "casey.new@example.com")
    client.get(confirm_path(mail_of(customer)[0]))
    login(client, admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert "changed their email from" in page and "casey@example.com" in page and "casey.new@example.com" in page


def test_the_people_list_marks_unconfirmed_emails(client, admin):
    unconfirmed(email="unsure@example.com")
    login(client, admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert page.count('data-testid="unconfirmed"') == 1
    assert re.search(r'unsure@example\.com <span class="badge badge--warn" data-testid="unconfirmed">', page)
