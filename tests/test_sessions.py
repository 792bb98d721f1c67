"""Sessions end where they should: a password change or reset, or "Sign out everywhere else", signs the
person out on every other browser (remember-me cookies included) and keeps the one that asked."""
import pytest

from ideabox.extensions import db
from ideabox.models import User
from tests import factories
from tests.conftest import ROLES
from tests.test_auth import NEW_PASSWORD, emailed_reset_path, outbox


def browser(app, user, remember=False):
    """A client signed in through the real sign-in form, as one more browser of `user`."""
    client = app.test_client()
    response = client.post_form("/auth/login", {"email": user.email, "password": factories.PASSWORD,
                                                **({"remember": "y"} if remember else {})})
    assert response.status_code in (302, 303) and "/auth/login" not in response.location
    return client


def signed_in(client) -> bool:
    return client.get("/auth/account").status_code == 200


def restarted(client):
    """The browser was closed: its session cookie is gone, a remember-me cookie stays."""
    client.delete_cookie("session")
    return client


@pytest.fixture
def casey(app, customer):
    return customer


def test_a_password_change_signs_out_every_other_browser_and_keeps_this_one(app, casey):
    laptop, phone = browser(app, casey), browser(app, casey)
    response = laptop.post_form("/auth/account/password", {"current_password": factories.PASSWORD,
                                                           "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert "You are signed out everywhere else." in laptop.get(response.location).get_data(as_text=True)
    assert signed_in(laptop) and not signed_in(phone)


def test_a_remembered_browser_is_signed_out_too_and_the_one_that_asked_stays_remembered(app, casey):
    laptop, tablet = browser(app, casey, remember=True), browser(app, casey, remember=True)
    assert signed_in(restarted(tablet))  # remember-me works at all
    tablet = browser(app, casey, remember=True)
    laptop.post_form("/auth/account/password", {"current_password": factories.PASSWORD,
                                                "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert not signed_in(restarted(tablet))
    assert signed_in(restarted(laptop))  # its new remember-me cookie names the new session version


def test_a_failed_password_change_ends_nothing(app, casey):
    laptop, phone = browser(app, casey), browser(app, casey)
    laptop.post_form("/auth/account/password", {"current_password": "wrong guess", "new_password": NEW_PASSWORD,
                                                "confirm": NEW_PASSWORD})
    assert signed_in(laptop) and signed_in(phone)
    assert db.session.get(User, casey.id).session_version == 0


def test_a_password_reset_signs_out_everywhere_but_the_browser_that_reset(app, casey):
    laptop, phone = browser(app, casey), browser(app, casey, remember=True)
    stranger_device = app.test_client()
    stranger_device.post_form("/auth/forgot", {"email": casey.email})
    path = emailed_reset_path(outbox()[0])
    stranger_device.post_form(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert signed_in(stranger_device)
    assert not signed_in(laptop) and not signed_in(restarted(phone))


def test_sign_out_everywhere_else(app, casey):
    laptop, phone = browser(app, casey), browser(app, casey, remember=True)
    response = laptop.post_form("/auth/account/sessions", {})
    assert response.status_code == 303 and response.location.endswith("/auth/account")
    assert signed_in(laptop) and not signed_in(phone) and not signed_in(restarted(phone))
    db.session.expire_all()
    assert db.session.get(User, casey.id).session_version == 1
    again = browser(app, casey)  # signing in afresh works, in the new version
    assert signed_in(again) and signed_in(laptop)


def test_the_account_page_offers_it(app, casey):
    html = browser(app, casey).get("/auth/account").get_data(as_text=True)
    assert 'action="/auth/account/sessions"' in html and "Sign out everywhere else" in html
    assert "Changing it signs you out on every other device and browser." in html


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_end_its_own_other_sessions_and_visitors_are_asked_to_sign_in(client, as_role, role):
    user = as_role(role)
    response = client.post_form("/auth/account/sessions", {})
    if role == "anonymous":
        assert response.status_code == 302 and "/auth/login" in response.location
        return
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version == 1


def test_ending_sessions_needs_a_csrf_token(app, casey):
    laptop, phone = browser(app, casey), browser(app, casey)
    assert laptop.post("/auth/account/sessions").status_code == 400
    assert signed_in(phone)


@pytest.mark.parametrize("session_id", ["abc", "1.x", "1.2.3", "", ".1", "1.-1"])
def test_a_forged_session_id_signs_no_one_in(app, casey, session_id):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id.replace("1", str(casey.id), 1) if session_id else session_id
        session["_fresh"] = True
    assert not signed_in(client)
