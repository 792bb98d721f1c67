"""Accounts: registering, signing in and out, safe redirects, settings, rate limits and the admin CLI."""
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from argon2 import PasswordHasher
from flask_babel import force_locale
from sqlalchemy import func, select

from ideabox import create_app
from ideabox.auth import reset, services
from ideabox.auth.passwords import verify_password
from ideabox.auth.redirects import safe_next_url
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import AuditEvent, OutboxEmail, Role, User, utcnow
from tests import factories
from tests.conftest import ROLES, CsrfClient, _test_config, login

NEW_PASSWORD = "a much longer passphrase"


@pytest.fixture(autouse=True)
def default_locale(app):
    """Services translate their messages; outside a request there is no browser language to pick."""
    with force_locale("en"):
        yield


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def registration(**overrides):
    data = {"email": "New.Person@Example.com", "display_name": "New Person", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    data.update(overrides)
    return data


def sign_in_redirect(response) -> str | None:
    """The `next` of a redirect to the sign-in page (None if the response is not one)."""
    location = urlsplit(response.location or "")
    if response.status_code != 302 or location.path != "/auth/login":
        return None
    return parse_qs(location.query)["next"][0]


def signed_in_user_id(client):
    with client.session_transaction() as session:
        return session.get("_user_id")


# --- services, without HTTP ---------------------------------------------------------------


def test_register_user_normalises_email_and_hashes_password(app):
    user = services.register_user("  Ada@Example.COM ", "  Ada   Lovelace ", NEW_PASSWORD, timezone="Europe/Paris")
    db.session.commit()
    assert user.email == "ada@example.com"
    assert user.display_name == "Ada Lovelace"
    assert user.role == Role.CUSTOMER
    assert user.timezone == "Europe/Paris"
    assert user.password_hash != NEW_PASSWORD and verify_password(user.password_hash, NEW_PASSWORD)


def test_register_user_ignores_an_unknown_time_zone(app):
    assert services.register_user("tz@example.com", "Tz", NEW_PASSWORD, timezone="Mars/Olympus").timezone == "UTC"


@pytest.mark.parametrize(
    "email, name, password, field",
    [
        ("not-an-email", "Ann", NEW_PASSWORD, "email"),
        ("", "Ann", NEW_PASSWORD, "email"),
        ("ann@example.com", "   ", NEW_PASSWORD, "display_name"),
        ("ann@example.com", "A" * 81, NEW_PASSWORD, "display_name"),
        ("ann@example.com", "Ann", "short", "password"),
        ("ann@example.com", "Ann", "x" * 257, "password"),
    ],
)
def test_register_user_refuses_bad_input(app, email, name, password, field):
    with pytest.raises(services.FieldError) as refused:
        services.register_user(email, name, password)
    assert refused.value.field == field
    db.session.rollback()
    assert user_count() == 0


def test_register_user_refuses_a_taken_email_whatever_its_case(app, customer):
    with pytest.raises(services.FieldError, match="already exists"):
        services.register_user("CASEY@example.com", "Another Casey", NEW_PASSWORD)
    db.session.rollback()
    assert user_count() == 1


def test_authenticate_accepts_right_credentials_in_any_email_case(app, customer):
    assert services.authenticate("Casey@Example.com", factories.PASSWORD) == customer
    assert customer.last_seen_at is not None


@pytest.mark.parametrize("email, password", [("casey@example.com", "wrong password!"), ("nobody@example.com", factories.PASSWORD)])
def test_authenticate_gives_the_same_message_for_wrong_password_and_unknown_email(app, customer, email, password):
    with pytest.raises(DomainError) as refused:
        services.authenticate(email, password)
    assert refused.value.message == "That email and password don't match an account."


def test_authenticate_refuses_suspended_people(app):
    user = factories.make_user(is_suspended=True)
    with pytest.raises(DomainError, match="suspended"):
        services.authenticate(user.email, factories.PASSWORD)


def test_authenticate_rehashes_a_password_hashed_with_old_parameters(app, customer):
    customer.password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(factories.PASSWORD)
    db.session.commit()
    old_hash = customer.password_hash
    services.authenticate(customer.email, factories.PASSWORD)
    assert customer.password_hash != old_hash
    assert "m=8," not in customer.password_hash and verify_password(customer.password_hash, factories.PASSWORD)


def test_update_account_saves_settings(app, customer):
    services.update_account(customer, "Casey C.", "America/New_York", False)
    assert (customer.display_name, customer.timezone, customer.email_notifications) == ("Casey C.", "America/New_York", False)


def test_update_account_refuses_an_unknown_time_zone(app, customer):
    with pytest.raises(services.FieldError, match="time zone"):
        services.update_account(customer, "Casey", "Nowhere/Land", True)
    assert customer.timezone == "UTC"


def test_change_password_needs_the_current_password(app, customer):
    with pytest.raises(services.FieldError, match="current password"):
        services.change_password(customer, "not my password", NEW_PASSWORD)
    services.change_password(customer, factories.PASSWORD, NEW_PASSWORD)
    assert verify_password(customer.password_hash, NEW_PASSWORD)


def test_set_role_records_an_audit_event(app, customer, admin):
    services.set_role(customer, "pm", actor=admin)
    event = db.session.scalar(select(AuditEvent))
    assert customer.role == Role.PM
    assert (event.action, event.actor_id, event.subject_id) == ("user.role_changed", admin.id, customer.id)
    assert event.details == {"email": customer.email, "before": "customer", "after": "pm"}


def test_set_role_refuses_an_unknown_role(app, customer):
    with pytest.raises(DomainError, match="Unknown role"):
        services.set_role(customer, "overlord")


def test_set_role_keeps_the_last_admin(app, admin):
    with pytest.raises(DomainError, match="last administrator"):
        services.set_role(admin, Role.CUSTOMER)
    assert admin.role == Role.ADMIN
    factories.make_user(role="admin")
    services.set_role(admin, Role.CUSTOMER)
    assert admin.role == Role.CUSTOMER


def test_create_admin_creates_then_promotes(app, customer):
    user, created = services.create_admin("Boss@Example.com", "Boss", NEW_PASSWORD)
    assert created and user.role == Role.ADMIN and user.email == "boss@example.com"
    promoted, created = services.create_admin("casey@example.com", "ignored", None)
    assert promoted == customer and not created and customer.role == Role.ADMIN
    assert customer.display_name == "Casey Customer"


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/ideas/3?sort=top", "/ideas/3?sort=top"),
        ("/b/mobile?", "/b/mobile"),
        ("https://evil.com/", "/"),
        ("//evil.com", "/"),
        ("/\\evil.com", "/"),
        ("\\\\evil.com", "/"),
        ("javascript:alert(1)", "/"),
        ("http:/evil.com", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_safe_next_url_only_allows_local_paths(target, expected):
    assert safe_next_url(target, "/") == expected


# --- registering through HTTP --------------------------------------------------------------


def test_register_page_renders(client):
    page = client.get("/auth/register").get_data(as_text=True)
    assert 'name="email"' in page and 'name="display_name"' in page and 'name="confirm"' in page


def test_register_creates_the_account_and_signs_in(client):
    response = client.post_form("/auth/register", registration())
    assert response.status_code == 302 and response.location == "/"
    user = db.session.scalar(select(User))
    assert user.email == "new.person@example.com" and user.role == Role.CUSTOMER
    assert signed_in_user_id(client) == str(user.id)


def test_register_returns_to_next(client):
    response = client.post_form("/auth/register?next=/b/mobile", registration())
    assert response.location == "/b/mobile"


def test_register_takes_the_time_zone_the_browser_reported(client):
    client.set_cookie("tz", "Asia/Tokyo")
    client.post_form("/auth/register", registration())
    assert db.session.scalar(select(User.timezone)) == "Asia/Tokyo"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"email": ""}, "Enter your email address."),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"email": "a" * 250 + "@example.com"}, "That email address is too long."),
        ({"display_name": ""}, "Enter the name other people will see."),
        ({"display_name": "\u200b\u200b"}, "Enter the name other people will see."),  # a name that shows nothing
        ({"display_name": "N" * 81}, "Use at most 80 characters for your name."),
        ({"password": "short", "confirm": "short"}, "Use between 10 and 256 characters for your password."),
        ({"confirm": "something else entirely"}, "The two passwords don&#39;t match."),
        ({"password": ""}, "Choose a password."),
    ],
)
def test_register_refuses_bad_input_with_a_clear_message(client, overrides, message):
    response = client.post_form("/auth/register", registration(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user_count() == 0


def test_register_refuses_a_duplicate_email(client, customer):
    response = client.post_form("/auth/register", registration(email="Casey@Example.com"))
    assert "An account with this email already exists" in response.get_data(as_text=True)
    assert user_count() == 1 and signed_in_user_id(client) is None


def test_signed_in_people_skip_the_register_and_login_pages(client, customer):
    login(client, customer)
    assert client.get("/auth/register").status_code == 302
    assert client.get("/auth/login?next=/b/x").location == "/b/x"


# --- signing in and out --------------------------------------------------------------------


def test_login_page_renders(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page and 'name="remember"' in page


def test_login_signs_in_and_returns_to_next(client, customer):
    response = client.post_form("/auth/login?next=/ideas/7", {"email": "CASEY@example.com", "password": factories.PASSWORD})
    assert response.status_code == 302 and response.location == "/ideas/7"
    assert signed_in_user_id(client) == str(customer.id)
    assert client.get_cookie("remember_token") is None


def test_login_with_remember_me_sets_the_remember_cookie(client, customer):
    client.post_form("/auth/login", {"email": customer.email, "password": factories.PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None


@pytest.mark.parametrize("evil", ["https://evil.com", "//evil.com", "https://evil.com/auth/login", "/\\evil.com"])
def test_login_refuses_to_redirect_off_site(client, customer, evil):
    response = client.post_form("/auth/login", {"email": customer.email, "password": factories.PASSWORD}, query_string={"next": evil})
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "casey@example.com", "password": "wrong password"}, "That email and password don&#39;t match an account."),
        ({"email": "nobody@example.com", "password": factories.PASSWORD}, "That email and password don&#39;t match an account."),
        ({"email": "", "password": factories.PASSWORD}, "Enter your email address."),
        ({"email": "casey@example.com", "password": ""}, "Enter your password."),
    ],
)
def test_login_refuses_bad_credentials_with_a_clear_message(client, customer, data, message):
    response = client.post_form("/auth/login", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


def test_suspended_people_cannot_sign_in(client):
    user = factories.make_user(is_suspended=True)
    response = client.post_form("/auth/login", {"email": user.email, "password": factories.PASSWORD})
    assert "This account is suspended" in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


def test_a_suspended_person_is_signed_out_of_an_existing_session(client, customer):
    login(client, customer)
    assert client.get("/auth/account").status_code == 200
    customer.is_suspended = True
    db.session.commit()
    assert client.get("/auth/account").status_code == 302


def test_logout_signs_out(client, customer):
    login(client, customer)
    response = client.post_form("/auth/logout")
    assert response.status_code == 303
    assert signed_in_user_id(client) is None


def test_logout_refuses_get(client, customer):
    login(client, customer)
    assert client.get("/auth/logout").status_code == 405
    assert signed_in_user_id(client) == str(customer.id)


@pytest.mark.parametrize(
    "url", ["/auth/login", "/auth/register", "/auth/logout", "/auth/account", "/auth/account/password", "/auth/forgot"]
)
def test_posts_without_csrf_token_are_refused(client, customer, url):
    login(client, customer)
    response = client.post(url, data={"email": customer.email, "password": factories.PASSWORD, "display_name": "Hacked"})
    assert response.status_code == 400
    db.session.refresh(customer)
    assert customer.display_name == "Casey Customer"


def test_visitors_sent_to_sign_in_come_back_where_they_were(client, customer):
    response = client.get("/auth/account?tab=profile")
    assert sign_in_redirect(response) == "/auth/account?tab=profile"
    login_page = client.get(response.location).get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)"', login_page).group(1)
    assert parse_qs(urlsplit(html.unescape(action)).query)["next"] == ["/auth/account?tab=profile"]
    back = client.post_form(response.location, {"email": customer.email, "password": factories.PASSWORD})
    assert back.location == "/auth/account?tab=profile"


# --- rate limiting -------------------------------------------------------------------------


def test_login_and_register_posts_are_rate_limited(_migrated, tmp_path):
    app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    app.test_client_class = CsrfClient
    client = app.test_client()
    with app.app_context():
        statuses = [client.post_form("/auth/login", {"email": "x@example.com", "password": "y"}).status_code for _ in range(11)]
        assert statuses[:10] == [200] * 10 and statuses[10] == 429
        assert client.get("/auth/login").status_code == 200  # only POSTs count
        register = [client.post_form("/auth/register", {"email": "bad"}).status_code for _ in range(11)]
        assert register[10] == 429
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_behind_a_trusted_proxy_each_visitor_has_a_budget_of_their_own(_migrated, tmp_path, trusted_proxies):
    app = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True,
                      "TRUSTED_PROXIES": trusted_proxies})
    app.test_client_class = CsrfClient
    client = app.test_client()

    def sign_in_from(address: str) -> int:
        return client.post_form("/auth/login", {"email": "x@example.com", "password": "y"},
                                headers={"X-Forwarded-For": address}).status_code

    with app.app_context():
        assert [sign_in_from("203.0.113.1") for _ in range(10)] == [200] * 10
        # with no trusted proxy the header is anyone's to write, so a new address in it buys no new budget
        assert sign_in_from("203.0.113.2") == (200 if trusted_proxies else 429)
        assert sign_in_from("203.0.113.1") == 429
        db.session.remove()
        db.engine.dispose()


# --- account settings ----------------------------------------------------------------------


def test_account_page_shows_settings(client, customer):
    login(client, customer)
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Casey Customer" in page and 'value="Europe/Berlin"' in page and "email_notifications" in page


def test_account_settings_are_saved(client, customer):
    login(client, customer)
    response = client.post_form("/auth/account", {"display_name": "Casey C.", "timezone": "Europe/Berlin"})
    assert response.status_code == 303
    db.session.refresh(customer)
    assert (customer.display_name, customer.timezone, customer.email_notifications) == ("Casey C.", "Europe/Berlin", False)
    assert "Your settings are saved." in client.get("/auth/account").get_data(as_text=True)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"display_name": "", "timezone": "UTC"}, "Enter the name other people will see."),
        ({"display_name": "X" * 81, "timezone": "UTC"}, "Use at most 80 characters for your name."),
        ({"display_name": "Casey", "timezone": "Mars/Base"}, "Choose a time zone from the list."),
        ({"display_name": "Casey"}, "Choose a time zone"),
    ],
)
def test_account_settings_refuse_bad_input(client, customer, data, message):
    login(client, customer)
    response = client.post_form("/auth/account", {**data, "email_notifications": "y"})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert (customer.display_name, customer.timezone) == ("Casey Customer", "UTC")


@pytest.mark.parametrize("role", ["pm", "admin"])
def test_the_team_may_stop_hearing_of_new_ideas(client, as_role, role):
    user = as_role(role)
    assert "new_idea_notifications" in client.get("/auth/account").get_data(as_text=True)
    data = {"display_name": "Pat", "timezone": "UTC", "email_notifications": "y"}
    assert client.post_form("/auth/account", data).status_code == 303
    db.session.refresh(user)
    assert (user.new_idea_notifications, user.email_notifications) == (False, True)
    assert client.post_form("/auth/account", {**data, "new_idea_notifications": "y"}).status_code == 303
    db.session.refresh(user)
    assert user.new_idea_notifications is True


@pytest.mark.parametrize("role", ["pm", "admin"])
def test_the_team_may_take_new_ideas_as_a_daily_digest(client, as_role, role):
    user = as_role(role)
    assert "new_idea_digest" in client.get("/auth/account").get_data(as_text=True)
    data = {"display_name": "Pat", "timezone": "UTC", "email_notifications": "y", "new_idea_notifications": "y"}
    before = utcnow()
    assert client.post_form("/auth/account", {**data, "new_idea_digest": "y"}).status_code == 303
    db.session.refresh(user)
    assert user.new_idea_digest is True and user.new_idea_digest_sent_at >= before  # the first covers from now on
    started = user.new_idea_digest_sent_at
    assert client.post_form("/auth/account", {**data, "new_idea_digest": "y"}).status_code == 303
    db.session.refresh(user)
    assert user.new_idea_digest_sent_at == started  # saving again does not skip what is waiting
    assert client.post_form("/auth/account", data).status_code == 303
    db.session.refresh(user)
    assert user.new_idea_digest is False


@pytest.mark.parametrize("role, label", [("pm", "Product manager"), ("executive", "Executive"), ("admin", "Administrator")])
def test_the_account_page_names_the_role(client, as_role, role, label):
    as_role(role)
    page = client.get("/auth/account").get_data(as_text=True)
    assert f'data-testid="role-badge">{label}<' in page


@pytest.mark.parametrize("role", ["customer", "executive"])
def test_others_have_no_new_idea_setting(client, as_role, role):
    user = as_role(role)
    page = client.get("/auth/account").get_data(as_text=True)
    assert "new_idea_notifications" not in page and "new_idea_digest" not in page
    data = {"display_name": "Pat", "timezone": "UTC", "new_idea_notifications": "", "new_idea_digest": "y"}
    assert client.post_form("/auth/account", data).status_code == 303
    db.session.refresh(user)
    assert user.new_idea_notifications is True  # untouched: the fields are not theirs
    assert user.new_idea_digest is False and user.new_idea_digest_sent_at is None


def test_password_change(client, customer):
    login(client, customer)
    data = {"current_password": factories.PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post_form("/auth/account/password", data).status_code == 303
    db.session.refresh(customer)
    assert verify_password(customer.password_hash, NEW_PASSWORD)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"current_password": "wrong one!!", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, "Your current password is not right."),
        ({"current_password": factories.PASSWORD, "new_password": "short", "confirm": "short"}, "Use between 10 and 256"),
        ({"current_password": factories.PASSWORD, "new_password": NEW_PASSWORD, "confirm": "different!!"}, "match"),
    ],
)
def test_password_change_refuses_bad_input(client, customer, data, message):
    login(client, customer)
    response = client.post_form("/auth/account/password", data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert verify_password(customer.password_hash, factories.PASSWORD)


@pytest.mark.parametrize("role", ["customer", "pm", "executive", "admin"])
def test_every_signed_in_role_may_use_account_settings(client, as_role, role):
    as_role(role)
    assert client.get("/auth/account").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in_from_account_pages(client):
    assert sign_in_redirect(client.get("/auth/account")) == "/auth/account"
    assert sign_in_redirect(client.post_form("/auth/account/password", {})) == "/auth/account/password"


# --- command line --------------------------------------------------------------------------


def test_create_admin_command_creates_an_admin(runner):
    result = runner.invoke(args=["create-admin", "--email", "Root@Example.com", "--name", "Ada", "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert "Created administrator root@example.com" in result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.display_name, user.role) == ("root@example.com", "Ada", Role.ADMIN)


def test_create_admin_command_prompts_for_the_password_twice(runner):
    result = runner.invoke(args=["create-admin", "--email", "root@example.com"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert verify_password(db.session.scalar(select(User.password_hash)), NEW_PASSWORD)


def test_create_admin_command_promotes_an_existing_account(runner, customer):
    result = runner.invoke(args=["create-admin", "--email", "casey@example.com"])
    assert result.exit_code == 0, result.output
    assert "now an administrator" in result.output
    db.session.refresh(customer)
    assert customer.role == Role.ADMIN and user_count() == 1


def test_create_admin_command_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-admin", "--email", "root@example.com", "--password", "short"])
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    assert user_count() == 0


def test_set_role_command(runner, customer, admin):
    result = runner.invoke(args=["set-role", "CASEY@example.com", "pm"])
    assert result.exit_code == 0 and "casey@example.com is now pm" in result.output
    db.session.refresh(customer)
    assert customer.role == Role.PM


@pytest.mark.parametrize(
    "args, message",
    [
        (["set-role", "nobody@example.com", "pm"], "No account with the email nobody@example.com"),
        (["set-role", "casey@example.com", "overlord"], "Invalid value"),
        (["set-role", "ada@example.com", "customer"], "last administrator"),
    ],
)
def test_set_role_command_refuses_bad_input(runner, customer, admin, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and message in result.output
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


# --- forgotten passwords -------------------------------------------------------------------


def outbox():
    return db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def emailed_reset_path(email: OutboxEmail) -> str:
    url = re.search(r"http://localhost(/auth/reset/\S+)", email.text_body).group(1)
    assert url in html.unescape(email.html_body)
    return url


def test_request_password_reset_queues_an_email_with_a_working_link(app, customer):
    message = reset.request_password_reset("Casey@Example.com")
    assert message.to_address == "casey@example.com" and message.subject == "Reset your IdeaBox password"
    token = emailed_reset_path(message).rsplit("/", 1)[1]
    assert reset.user_for_reset_token(token) == customer


def test_request_password_reset_sends_nothing_to_unknown_or_suspended_people(app):
    factories.make_user(email="gone@example.com", is_suspended=True)
    assert reset.request_password_reset("nobody@example.com") is None
    assert reset.request_password_reset("gone@example.com") is None
    assert outbox() == []


def test_reset_tokens_expire_and_die_with_the_password(app, customer):
    token = reset.password_reset_token(customer)
    with pytest.raises(DomainError, match="invalid or has expired"):
        reset.user_for_reset_token(token, max_age=-1)
    with pytest.raises(DomainError, match="invalid or has expired"):
        reset.user_for_reset_token(token[:-2] + "xx")
    reset.reset_password(token, NEW_PASSWORD)
    assert verify_password(customer.password_hash, NEW_PASSWORD)
    with pytest.raises(DomainError, match="invalid or has expired"):
        reset.reset_password(token, "another new password")


def test_forgot_password_over_http_never_says_whether_the_email_exists(client, customer):
    answers = []
    for email in ("casey@example.com", "nobody@example.com"):
        response = client.post_form("/auth/forgot", {"email": email})
        assert response.status_code == 303 and response.location == "/auth/login"
        answers.append(client.get("/auth/login").get_data(as_text=True).replace(email, "EMAIL"))
    assert "a link to choose a new password is on its way" in answers[0]
    assert re.search(r'class="flash[^"]*">([^<]+)<', answers[0]).group(1) == re.search(r'class="flash[^"]*">([^<]+)<', answers[1]).group(1)
    assert len(outbox()) == 1


def test_forgot_password_refuses_a_malformed_email(client):
    response = client.post_form("/auth/forgot", {"email": "not an email"})
    assert response.status_code == 200 and "Enter a valid email address" in response.get_data(as_text=True)


def test_reset_password_over_http(client, customer):
    client.post_form("/auth/forgot", {"email": customer.email})
    path = emailed_reset_path(outbox()[0])
    assert 'name="password"' in client.get(path).get_data(as_text=True)
    short = client.post_form(path, {"password": "short", "confirm": "short"})
    assert "Use between 10 and 256 characters" in short.get_data(as_text=True)
    response = client.post_form(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    db.session.refresh(customer)
    # signed in, in a session of the new version: sessions from before the reset no longer count
    assert response.status_code == 303 and signed_in_user_id(client) == customer.get_id() == f"{customer.id}.1"
    assert verify_password(customer.password_hash, NEW_PASSWORD)
    used_again = client.get(path)
    assert used_again.status_code == 302 and used_again.location == "/auth/forgot"


def test_reset_password_with_a_bad_token(client):
    response = client.get("/auth/reset/not-a-token", follow_redirects=True)
    assert "This reset link is invalid or has expired" in response.get_data(as_text=True)
    assert client.post_form("/auth/reset/not-a-token", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize("url", ["/auth/forgot", "/auth/reset/some-token"])
def test_reset_posts_without_csrf_token_are_refused(client, url):
    assert client.post(url, data={"email": "casey@example.com", "password": NEW_PASSWORD}).status_code == 400


def test_logout_when_already_signed_out_just_goes_home(client):
    response = client.post_form("/auth/logout")
    assert response.status_code == 303 and response.location == "/"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_open_the_sign_in_pages(client, as_role, role):
    as_role(role)
    for url in ("/auth/forgot", "/auth/login", "/auth/register"):
        expected = 200 if role == "anonymous" or url == "/auth/forgot" else 302
        assert client.get(url).status_code == expected, (url, role)
