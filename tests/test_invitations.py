"""Invitations: an admin invites someone by email with a role; the emailed link makes their account."""
import hashlib
import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ideabox import create_app
from ideabox.auth import erasure, invitations
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import AuditEvent, Invitation, OutboxEmail, Role, User, utcnow
from ideabox.notifications.mailer import drain_outbox
from tests import factories
from tests.conftest import CsrfClient, _test_config, login

PASSWORD = "a long enough passphrase"
LINK = re.compile(r"http://localhost(/auth/invite/([^\s\"<]+))")


@pytest.fixture(autouse=True)
def default_locale(app):
    with force_locale("en"):
        yield


def invite(client, email="new.pm@example.com", role="pm", note="", **args):
    """POST the People page's invite form (with a CSRF token, as the browser does)."""
    return client.post_form("/admin/invitations", {"email": email, "role": role, "note": note}, **args)


def invitation_to(email="new.pm@example.com") -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.email == email).order_by(Invitation.id.desc()))


def mails_to(address="new.pm@example.com") -> list[OutboxEmail]:
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == address).order_by(OutboxEmail.id)).all()


def link_path(mail_text: str) -> str:
    """The site path of the invitation link in an email's text."""
    return LINK.search(mail_text).group(1)


def latest_link(address="new.pm@example.com") -> str:
    return link_path(mails_to(address)[-1].text_body)


def accept(client, path, name="Nia New", password=PASSWORD, confirm=None):
    return client.post_form(path, {"display_name": name, "password": password,
                                   "confirm": password if confirm is None else confirm})


def audit(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def people_page(client) -> str:
    return client.get("/admin/users").get_data(as_text=True)


def sent_by(admin, email="new.pm@example.com", role="pm", note="") -> Invitation:
    """An invitation made through the service, committed, with its email queued."""
    invitation = invitations.invite(admin, email, role, note)
    db.session.commit()
    return invitation


# --- inviting ---------------------------------------------------------------------------------


def test_an_admin_invites_someone_and_the_email_arrives(client, admin, smtp):
    login(client, admin)
    response = invite(client, email="New.PM@Example.com", note="Welcome! You'll <b>triage</b> the mobile board.")
    assert response.status_code == 303 and response.location == "/admin/users"
    invitation = invitation_to()
    assert (invitation.role, invitation.invited_by_id, invitation.accepted_at, invitation.revoked_at) == (Role.PM, admin.id, None, None)
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)

    assert drain_outbox().sent == 1
    [message] = smtp.to("new.pm@example.com")
    assert message["Subject"] == "Ada Admin invited you to IdeaBox"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Ada Admin invited you to join IdeaBox as Product manager." in text
    assert "Welcome! You'll <b>triage</b> the mobile board." in text and "&lt;b&gt;triage&lt;/b&gt;" in html
    assert "works for 7 days" in text
    path, token = LINK.search(text).groups()
    assert f'href="http://localhost{path}"' in html
    # only a hash of the link's secret is kept: neither the token nor its secret is in the row
    secret = invitations._serializer().loads(token)["secret"]
    assert invitation.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(value in (token, secret) for value in vars(invitation).values())

    [event] = audit("invitation.sent")
    assert (event.actor_id, event.subject_id, event.details) == (admin.id, invitation.id, {"email": "new.pm@example.com", "after": "pm"})
    page = client.get(response.location).get_data(as_text=True)
    assert "We emailed an invitation to new.pm@example.com. Its link works for 7 days." in page
    row = re.search(r'<tr data-testid="invitation-row" data-email="new.pm@example.com">(.*?)</tr>', page, re.S).group(1)
    assert "Product manager" in row and "Ada Admin" in row and "Send again" in row and "Revoke" in row
    overview = client.get("/admin/").get_data(as_text=True)
    assert re.search(r'invited</span>\s*<span>new.pm@example.com</span>', overview)


def test_a_customer_invitation_says_so_plainly(client, admin):
    login(client, admin)
    invite(client, email="cust@example.com", role="customer")
    [mail] = mails_to("cust@example.com")
    assert "Ada Admin invited you to IdeaBox, to share ideas and vote" in mail.text_body
    assert "Product manager" not in mail.text_body and mail.user_id is None


@pytest.mark.parametrize(
    ("email", "role", "note", "message"),
    [
        ("not an email", "pm", "", "Enter a valid email address, like name@company.com."),
        ("", "pm", "", "Enter the email address of the person to invite."),
        ("someone@", "pm", "", "Enter a valid email address"),
        ("x" * 250 + "@example.com", "pm", "", "That email address is too long."),
        ("someone@example.com", "overlord", "", "Unknown role. Choose one of: customer, pm, executive, admin."),
        ("someone@example.com", "", "", "Unknown role."),
        ("someone@example.com", "pm", "x" * 501, "Use at most 500 characters."),
    ],
)
def test_bad_input_says_why_and_changes_nothing(client, admin, email, role, note, message):
    login(client, admin)
    response = invite(client, email=email, role=role, note=note)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert 'data-testid="invite-form"' in page and 'class="is-active"><span>People and roles' in page
    assert count(Invitation) == 0 and count(OutboxEmail) == 0 and count(AuditEvent) == 0


def test_an_address_with_an_account_is_not_invited(client, admin, customer):
    login(client, admin)
    response = invite(client, email="CASEY@example.com")
    assert "casey@example.com has an account already: change its role in the list of people instead." in response.get_data(as_text=True)
    assert count(Invitation) == 0 and count(OutboxEmail) == 0


def test_an_address_is_invited_once_at_a_time(client, admin):
    login(client, admin)
    invite(client)
    response = invite(client, email="New.Pm@example.com", role="admin")
    assert "new.pm@example.com is invited already: send the invitation again or revoke it" in response.get_data(as_text=True)
    assert count(Invitation) == 1 and invitation_to().role == Role.PM and len(mails_to()) == 1
    assert len(audit("invitation.sent")) == 1


def test_a_revoked_invitation_leaves_the_address_free_to_invite_again(client, admin):
    first = sent_by(admin)
    invitations.revoke_invitation(admin, first)
    db.session.commit()
    login(client, admin)
    assert invite(client, role="executive").status_code == 303
    assert count(Invitation) == 2 and invitation_to().role == Role.EXECUTIVE


def test_the_database_holds_one_open_invitation_per_address(app, admin):
    first = sent_by(admin)
    second = Invitation(email=first.email, role=Role.PM, token_hash="0" * 64, expires_at=utcnow())
    db.session.add(second)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    first.revoked_at = utcnow()
    db.session.add(Invitation(email=first.email, role=Role.PM, token_hash="0" * 64, expires_at=utcnow()))
    db.session.commit()
    assert count(Invitation) == 2


# --- accepting --------------------------------------------------------------------------------


def test_the_invited_person_joins_with_the_role_signed_in_and_confirmed(client, admin, smtp):
    login(client, admin)
    invite(client, note="You'll own the mobile board.")
    client.post_form("/auth/logout")
    drain_outbox()
    path = link_path(smtp.to("new.pm@example.com")[0].get_body(("plain",)).get_content())

    form = client.get(path).get_data(as_text=True)
    assert "Ada Admin invited you to join as Product manager." in form and "You&#39;ll own the mobile board." in form
    assert re.search(r'<input type="email" id="invited-email" value="new.pm@example.com" readonly', form)
    assert "Join as Product manager" in form

    response = accept(client, path, name="  Nia   New ")
    assert response.status_code == 303 and response.location == "/"
    user = db.session.scalar(select(User).where(User.email == "new.pm@example.com"))
    assert (user.display_name, user.role) == ("Nia New", Role.PM) and user.email_confirmed
    invitation = invitation_to()
    assert invitation.accepted_at is not None and invitation.user_id == user.id
    [event] = audit("invitation.accepted")
    assert (event.actor_id, event.subject_id, event.details) == (user.id, invitation.id, {"email": user.email, "after": "pm"})

    home = client.get("/").get_data(as_text=True)
    assert "Welcome, Nia New! You joined as Product manager." in home
    assert 'data-testid="confirm-banner"' not in home
    account = client.get("/auth/account").get_data(as_text=True)
    assert "Signed in as new.pm@example.com" in account and 'data-testid="role-badge">Product manager' in account
    assert client.get("/triage/").status_code == 200  # a PM's page

    client.post_form("/auth/logout")
    assert client.post_form("/auth/login", {"email": "new.pm@example.com", "password": PASSWORD}).status_code == 302
    login(client, admin)
    assert 'data-testid="invitation-row"' not in people_page(client)
    assert "accepted the invitation for" in client.get("/admin/").get_data(as_text=True)


def test_a_used_link_says_so_and_makes_no_second_account(client, admin):
    sent_by(admin)
    path = latest_link()
    accept(client, path)
    client.post_form("/auth/logout")
    response = client.get(path, follow_redirects=True)
    assert "This invitation was used already. Sign in with the account it made." in response.get_data(as_text=True)
    again = accept(client, path, name="Someone Else")
    assert again.status_code == 302 and again.location == "/auth/login"
    assert count(User) == 2 and len(audit("invitation.accepted")) == 1


@pytest.mark.parametrize(
    ("name", "password", "confirm", "message"),
    [
        ("", PASSWORD, None, "Enter the name other people will see."),
        ("Nia", "short", None, "Use between 10 and 256 characters for your password."),
        ("Nia", PASSWORD, "another long passphrase", "The two passwords don&#39;t match."),
        ("x" * 81, PASSWORD, None, "Use at most 80 characters for your name."),
    ],
)
def test_a_bad_name_or_password_says_why_and_makes_nothing(client, admin, name, password, confirm, message):
    sent_by(admin)
    response = accept(client, latest_link(), name=name, password=password, confirm=confirm)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "Join as Product manager" in page
    assert count(User) == 1 and invitation_to().accepted_at is None


def test_someone_signed_in_who_accepts_becomes_the_new_account(client, admin, customer):
    sent_by(admin)
    login(client, customer)
    page = client.get(latest_link()).get_data(as_text=True)
    assert "You are signed in as casey@example.com. Joining signs you in with the new account instead." in page
    accept(client, latest_link())
    assert "Signed in as new.pm@example.com" in client.get("/auth/account").get_data(as_text=True)


# --- links that must not work -------------------------------------------------------------------


def test_an_expired_link_says_so_and_changes_nothing(client, admin):
    invitation = sent_by(admin)
    path = latest_link()
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(path, follow_redirects=True)
    assert "This invitation has expired. Ask the person who invited you to send it again." in response.get_data(as_text=True)
    accept(client, path)
    assert count(User) == 1 and invitation_to().accepted_at is None
    login(client, admin)
    assert 'data-testid="expired"' in people_page(client)


def test_a_link_past_its_signed_age_has_expired(app, admin):
    sent_by(admin)
    token = LINK.search(mails_to()[-1].text_body).group(2)
    with pytest.raises(DomainError, match="has expired"):
        invitations.invitation_for_token(token, max_age=-1)
    assert invitations.invitation_for_token(token).email == "new.pm@example.com"


def test_tampered_and_foreign_links_are_refused(app, admin):
    invitation = sent_by(admin)
    token = LINK.search(mails_to()[-1].text_body).group(2)
    sign = invitations._serializer().dumps
    other_salt = invitations.URLSafeTimedSerializer("test-secret-key", salt="ideabox-email-confirm").dumps
    for bad in (token[:-2] + "xx", "not-a-token", sign(["a list"]), sign({"invitation": str(invitation.id), "secret": "x"}),
                sign({"invitation": invitation.id + 1, "secret": "x"}), other_salt({"invitation": invitation.id, "secret": "x"})):
        with pytest.raises(DomainError, match="This invitation link is not valid"):
            invitations.invitation_for_token(bad)
    with pytest.raises(DomainError, match="A newer invitation replaced this link"):
        invitations.invitation_for_token(sign({"invitation": invitation.id, "secret": "guessed"}))


def test_a_bad_link_over_http_says_so(client):
    response = client.get("/auth/invite/not-a-token", follow_redirects=True)
    assert response.status_code == 200 and "This invitation link is not valid" in response.get_data(as_text=True)


def test_an_invitation_from_someone_no_longer_an_admin_no_longer_stands(client, admin):
    other_admin = factories.make_user(role="admin", email="otto@example.com", display_name="Otto Admin")
    sent_by(admin)
    path = latest_link()
    admin.role = Role.PM
    db.session.commit()
    response = client.get(path, follow_redirects=True)
    assert "whoever sent it is no longer an administrator" in response.get_data(as_text=True)
    assert count(User) == 2

    invitations.resend_invitation(other_admin, invitation_to())  # another admin vouches for it again
    db.session.commit()
    assert invitation_to().invited_by_id == other_admin.id
    assert "Otto Admin invited you to join as Product manager." in client.get(latest_link()).get_data(as_text=True)


# --- an account with the address already exists -----------------------------------------------


def test_an_account_made_meanwhile_is_offered_a_sign_in_and_keeps_its_role(client, admin):
    sent_by(admin)
    path = latest_link()
    factories.make_user(email="new.pm@example.com", display_name="Early Bird")  # signed up as a customer meanwhile

    page = client.get(path).get_data(as_text=True)
    assert "You already have an account" in page and "Sign in as new.pm@example.com" in page
    assert 'data-testid="role-not-changed"' in page
    assert "an invitation never changes the role of an account that exists already" in page
    response = accept(client, path)
    assert response.status_code == 200 and "You already have an account" in response.get_data(as_text=True)
    assert count(User) == 2 and db.session.scalar(select(User.role).where(User.email == "new.pm@example.com")) == Role.CUSTOMER
    assert invitation_to().accepted_at is None

    login(client, admin)
    people = people_page(client)
    row = re.search(r'<tr data-testid="invitation-row" data-email="new.pm@example.com">(.*?)</tr>', people, re.S).group(1)
    assert 'data-testid="has-account"' in row and "Send again" not in row and "Revoke" in row
    refused = client.post_form(f"/admin/invitations/{invitation_to().id}/resend", follow_redirects=True)
    assert "new.pm@example.com has an account now: change its role in the list of people" in refused.get_data(as_text=True)
    assert len(mails_to()) == 1


@pytest.mark.parametrize(("invited", "holds", "warned"), [
    ("customer", "customer", False), ("customer", "pm", False), ("pm", "pm", False), ("executive", "admin", False),
    ("pm", "executive", True), ("admin", "pm", True),
])
def test_the_role_warning_shows_only_when_the_account_lacks_the_role(client, admin, invited, holds, warned):
    sent_by(admin, role=invited)
    path = latest_link()
    account = factories.make_user(email="new.pm@example.com", role=holds)
    page = client.get(path).get_data(as_text=True)
    assert "You already have an account" in page
    assert ('data-testid="role-not-changed"' in page) == warned
    login(client, account)
    assert "Continue" in client.get(path).get_data(as_text=True)


# --- sending again and revoking ------------------------------------------------------------------


def test_sending_again_replaces_the_link_and_extends_it(client, admin, smtp):
    invitation = sent_by(admin)
    first_path, first_hash = latest_link(), invitation.token_hash
    invitation.expires_at = utcnow() - timedelta(days=1)  # expired: sending again revives it
    db.session.commit()
    login(client, admin)
    response = client.post_form(f"/admin/invitations/{invitation.id}/resend?q=nia")
    assert response.status_code == 303 and response.location == "/admin/users?q=nia"
    assert "We sent new.pm@example.com a new link; the one sent before no longer works." in client.get(response.location).get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.token_hash != first_hash and invitation.expires_at > utcnow() + timedelta(days=6)
    assert [event.details for event in audit("invitation.resent")] == [{"email": "new.pm@example.com", "after": "pm"}]

    assert drain_outbox().sent == 2
    first, second = smtp.to("new.pm@example.com")
    second_path = link_path(second.get_body(("plain",)).get_content())
    assert link_path(first.get_body(("plain",)).get_content()) == first_path != second_path
    client.post_form("/auth/logout")
    replaced = client.get(first_path, follow_redirects=True).get_data(as_text=True)
    assert "A newer invitation replaced this link: open the latest invitation email sent to new.pm@example.com." in replaced
    accept(client, second_path)
    assert db.session.scalar(select(User.role).where(User.email == "new.pm@example.com")) == Role.PM


def test_revoking_stops_the_link(client, admin):
    invitation = sent_by(admin)
    path = latest_link()
    login(client, admin)
    response = client.post_form(f"/admin/invitations/{invitation.id}/revoke")
    assert response.status_code == 303 and response.location == "/admin/users"
    page = client.get("/admin/users").get_data(as_text=True)
    assert "The invitation to new.pm@example.com is revoked; its link no longer works." in page
    assert 'data-testid="invitation-row"' not in page
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None and len(audit("invitation.revoked")) == 1

    for again in ("revoke", "resend"):
        refused = client.post_form(f"/admin/invitations/{invitation.id}/{again}", follow_redirects=True)
        assert "This invitation to new.pm@example.com was revoked." in refused.get_data(as_text=True)
    assert len(mails_to()) == 1 and len(audit("invitation.revoked")) == 1

    client.post_form("/auth/logout")
    withdrawn = client.get(path, follow_redirects=True).get_data(as_text=True)
    assert "This invitation was withdrawn." in withdrawn
    accept(client, path)
    assert count(User) == 1


def test_an_accepted_invitation_cannot_be_resent_or_revoked(client, admin):
    invitation = sent_by(admin)
    accept(client, latest_link())
    login(client, admin)
    for action in ("resend", "revoke"):
        page = client.post_form(f"/admin/invitations/{invitation.id}/{action}", follow_redirects=True).get_data(as_text=True)
        assert "new.pm@example.com accepted this invitation already." in page
    db.session.refresh(invitation)
    assert invitation.revoked_at is None and len(mails_to()) == 1


@pytest.mark.parametrize("action", ["resend", "revoke"])
def test_unknown_invitations_are_404(client, admin, action):
    login(client, admin)
    assert client.post_form(f"/admin/invitations/999/{action}").status_code == 404


# --- who may do what ------------------------------------------------------------------------------


def snapshot():
    """Everything the invitation POSTs could change."""
    db.session.expire_all()
    rows = db.session.scalars(select(Invitation).order_by(Invitation.id))
    return ([(i.email, i.role, i.token_hash, i.revoked_at, i.accepted_at) for i in rows], count(OutboxEmail), count(AuditEvent))


@pytest.mark.parametrize("role", ["anonymous", "customer", "pm", "executive"])
def test_only_admins_invite_resend_and_revoke(client, as_role, admin, role):
    invitation = sent_by(admin)
    as_role(role)
    before = snapshot()
    for url, data in (("/admin/invitations", {"email": "sneaky@example.com", "role": "admin"}),
                      (f"/admin/invitations/{invitation.id}/resend", {}), (f"/admin/invitations/{invitation.id}/revoke", {})):
        response = client.post_form(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and response.location.startswith("/auth/login"), url
        else:
            assert response.status_code == 403, (url, role)
        assert snapshot() == before, url
    page = client.get("/admin/users")
    assert page.status_code == (302 if role == "anonymous" else 403)


def test_admins_may_invite_resend_and_revoke(client, as_role):
    as_role("admin")
    assert invite(client).status_code == 303
    invitation = invitation_to()
    for action in ("resend", "revoke"):
        assert client.post_form(f"/admin/invitations/{invitation.id}/{action}").status_code == 303
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None and len(mails_to()) == 2


def test_every_invitation_post_needs_a_csrf_token(client, admin):
    invitation = sent_by(admin)
    path = latest_link()
    login(client, admin)
    before = snapshot()
    for url, data in (("/admin/invitations", {"email": "x@example.com", "role": "pm"}),
                      (f"/admin/invitations/{invitation.id}/resend", {}), (f"/admin/invitations/{invitation.id}/revoke", {})):
        assert client.post(url, data=data).status_code == 400, url
    client.post_form("/auth/logout")
    assert client.post(path, data={"display_name": "Nia", "password": PASSWORD, "confirm": PASSWORD}).status_code == 400
    assert snapshot() == before and count(User) == 1


# --- rate limits ----------------------------------------------------------------------------------


@pytest.fixture
def limited(_migrated, tmp_path):
    """An app with rate limits on (the test app turns them off), and an admin signed in on its client."""
    app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    app.test_client_class = CsrfClient
    with app.app_context(), force_locale("en"):
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()  # the `app` fixture (under default_locale) empties the tables


def test_sending_again_is_limited_per_invitation(limited):
    admin = factories.make_user(role="admin")
    login(limited, admin)
    first, second = sent_by(admin, "one@example.com"), sent_by(admin, "two@example.com")
    statuses = [limited.post_form(f"/admin/invitations/{first.id}/resend").status_code for _ in range(6)]
    assert statuses == [303] * 5 + [429]
    assert limited.post_form(f"/admin/invitations/{second.id}/resend").status_code == 303
    assert len(mails_to("one@example.com")) == 6


def test_inviting_is_limited(limited):
    login(limited, factories.make_user(role="admin"))
    statuses = [invite(limited, email="not an email").status_code for _ in range(51)]
    assert statuses == [200] * 50 + [429]


def test_accepting_is_limited(limited):
    sent_by(factories.make_user(role="admin"))
    path = latest_link()
    statuses = [accept(limited, path, password="short").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]


# --- erasure and the People page ----------------------------------------------------------------


def test_erasing_an_account_forgets_its_invitations(client, admin):
    sent_by(admin)
    accept(client, latest_link())
    user = db.session.scalar(select(User).where(User.email == "new.pm@example.com"))
    erasure.erase_account(user, user)
    db.session.commit()
    assert count(Invitation) == 0
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_type == "invitations")).all()
    assert {event.action for event in events} == {"invitation.sent", "invitation.accepted"}
    assert all("new.pm@example.com" not in str(event.details) for event in events)


def test_the_people_page_makes_the_same_number_of_queries_for_3_or_20_invitations(client, admin):
    from sqlalchemy import event

    def queries_of_people_page():
        statements = []

        def record(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get("/admin/users").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    def invite_more(n):
        for _ in range(n):
            inviter = factories.make_user(role="admin")
            sent_by(inviter, email=f"person{count(Invitation)}@example.com")

    login(client, admin)
    invite_more(3)
    few = queries_of_people_page()
    invite_more(17)
    assert queries_of_people_page() == few
    assert people_page(client).count('data-testid="invitation-row"') == 20
