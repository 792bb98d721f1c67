"""Signing in with an OpenID Connect provider, against a real provider: who it signs in, links, creates or refuses,
roles from a claim, the round trip's errors, `next`, unlinking, and "SSO only"."""
import json

import httpx
import pytest
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ideabox.auth import erasure
from ideabox.extensions import db
from ideabox.models import ExternalIdentity, OutboxEmail, Role, SiteSettings, User
from ideabox.sso import signin
from tests.conftest import login
from tests.factories import PASSWORD
from tests.factories_sso import (  # noqa: F401 (issuer and provider are fixtures)
    authorize, issuer, local, make_provider, provider, serving, set_claims, sign_in_through)


def text(response) -> str:
    return response.get_data(as_text=True)


def signed_in_as(client) -> User | None:
    with client.session_transaction() as session:
        user_id = session.get("_user_id")
    return db.session.get(User, int(user_id.partition(".")[0])) if user_id else None


def flashed(client) -> str:
    return text(client.get("/auth/login"))


def identities() -> int:
    return db.session.scalar(select(func.count(ExternalIdentity.id)))


def test_a_first_sign_in_creates_a_customer_account(client, provider):
    claims = {"email": "Nia@Acme.com", "email_verified": True, "name": "Nia  Okafor"}
    response = sign_in_through(client, provider, "nia-1", claims)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = signed_in_as(client)
    assert user.email == "nia@acme.com" and user.display_name == "Nia Okafor" and user.role == Role.CUSTOMER
    assert user.password_hash is None and user.email_confirmed_at is not None
    identity = db.session.scalar(select(ExternalIdentity))
    assert (identity.subject, identity.user_id, identity.email) == ("nia-1", user.id, "nia@acme.com")
    assert identity.last_used_at is not None
    assert "Welcome, Nia Okafor! Your account is ready." in text(client.get("/"))
    assert client.get("/auth/account").status_code == 200
    with client.session_transaction() as session:
        assert not any(key.startswith("_state_") for key in session)  # the round trip's state is used up
    client.post_form("/auth/logout")
    sign_in_through(client, provider, "nia-1")  # again: the same account, through the linked sign-in
    assert signed_in_as(client).id == user.id and identities() == 1
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_an_unverified_email_makes_an_unconfirmed_account_and_asks_to_confirm(client, provider):
    sign_in_through(client, provider, "uma-1", {"email": "uma@acme.com", "email_verified": False})
    user = signed_in_as(client)
    assert user.email_confirmed_at is None and user.display_name == "uma"
    assert db.session.scalar(select(OutboxEmail.to_address)) == "uma@acme.com"


def test_a_verified_email_links_the_existing_account(client, provider, customer):
    sign_in_through(client, provider, "casey-9", {"email": "CASEY@example.com", "email_verified": True, "name": "X"})
    assert signed_in_as(client).id == customer.id
    db.session.refresh(customer)
    assert customer.display_name == "Casey Customer" and customer.password_hash  # nothing else of theirs changes
    assert db.session.scalar(select(ExternalIdentity.user_id)) == customer.id


def test_an_unverified_email_never_takes_over_an_existing_account(client, provider, customer):
    response = sign_in_through(client, provider, "mallory", {"email": "casey@example.com", "email_verified": False})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert signed_in_as(client) is None and identities() == 0
    assert "does not say the address is verified" in flashed(client)


def test_a_signed_in_person_links_a_sign_in_whatever_its_email(client, provider, customer):
    login(client, customer)
    response = sign_in_through(client, provider, "casey-work", {"email": "c.customer@work.example"})
    assert response.headers["Location"] == "/auth/account#sign-ins"
    page = text(client.get("/auth/account"))
    assert "Your Acme SSO sign-in is linked" in page and "c.customer@work.example" in page
    client.post_form("/auth/logout")
    sign_in_through(client, provider, "casey-work")
    assert signed_in_as(client).id == customer.id


def test_a_sign_in_linked_to_someone_else_is_not_linked_again(client, provider, customer, other_customer):
    sign_in_through(client, provider, "olive", {"email": "olive@example.com", "email_verified": True})
    client.post_form("/auth/logout")
    login(client, customer)
    sign_in_through(client, provider, "olive")
    assert "already linked to another account" in text(client.get("/auth/account"))
    assert db.session.scalar(select(ExternalIdentity.user_id)) == other_customer.id


def test_other_email_domains_are_refused(client, provider):
    provider.allowed_domains = ["acme.com", "acme.fr"]
    db.session.commit()
    sign_in_through(client, provider, "eve", {"email": "eve@acme.com.evil.example", "email_verified": True})
    assert signed_in_as(client) is None and db.session.scalar(select(func.count(User.id))) == 0
    assert ("Signing in with Acme SSO is for addresses at acme.com, acme.fr; eve@acme.com.evil.example is not one "
            "of them.") in flashed(client)
    sign_in_through(client, provider, "ann", {"email": "ann@ACME.fr", "email_verified": True})
    assert signed_in_as(client).email == "ann@acme.fr"


def test_without_account_creation_only_existing_accounts_come_in(client, provider, customer):
    provider.creates_accounts = False
    db.session.commit()
    sign_in_through(client, provider, "stranger", {"email": "stranger@example.com", "email_verified": True})
    assert signed_in_as(client) is None and db.session.scalar(select(func.count(User.id))) == 1
    assert "does not create one. Ask an administrator to invite you." in flashed(client)
    sign_in_through(client, provider, "casey", {"email": "casey@example.com", "email_verified": True})
    assert signed_in_as(client).id == customer.id


def test_a_provider_without_an_email_is_refused(client, provider):
    sign_in_through(client, provider, "no-email", {"name": "Nobody"})  # the mock then says the sub is the email
    assert signed_in_as(client) is None
    assert "did not share a valid email address" in flashed(client)


def test_roles_follow_the_mapped_claim_at_each_sign_in(client, provider, admin):
    provider.role_claim, provider.role_values = "groups", {"admin": ["ideabox-admin"], "pm": ["ideabox-pm"]}
    db.session.commit()
    claims = {"email": "pam@acme.com", "email_verified": True, "groups": ["staff", "ideabox-pm"]}
    sign_in_through(client, provider, "pam", claims)
    pam = signed_in_as(client)
    assert pam.role == Role.PM
    client.post_form("/auth/logout")
    set_claims(provider.issuer, "pam", {**claims, "groups": ["ideabox-pm", "ideabox-admin"]})
    sign_in_through(client, provider, "pam")
    db.session.refresh(pam)
    assert pam.role == Role.ADMIN  # the highest role of the person's groups
    client.post_form("/auth/logout")
    set_claims(provider.issuer, "pam", {**claims, "groups": []})
    sign_in_through(client, provider, "pam")
    db.session.refresh(pam)
    assert pam.role == Role.CUSTOMER
    client.post_form("/auth/logout")
    set_claims(provider.issuer, "pam", {"email": "pam@acme.com", "email_verified": True})  # no claim: no change
    pam.role = Role.EXECUTIVE
    db.session.commit()
    sign_in_through(client, provider, "pam")
    db.session.refresh(pam)
    assert pam.role == Role.EXECUTIVE


def test_the_last_admin_stays_one_whatever_the_claim_says(client, provider, admin):
    provider.role_claim, provider.role_values = "groups", {"admin": ["ideabox-admin"]}
    db.session.commit()
    sign_in_through(client, provider, "ada", {"email": "ada@example.com", "email_verified": True, "groups": []})
    assert signed_in_as(client).id == admin.id
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_without_a_mapping_roles_made_by_hand_stay(client, provider, admin):
    sign_in_through(client, provider, "ada", {"email": "ada@example.com", "email_verified": True,
                                              "groups": ["ideabox-pm"]})
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN and signed_in_as(client).id == admin.id


@pytest.mark.parametrize("closed", ["suspended", "erased"])
def test_suspended_and_erased_accounts_are_refused(client, provider, customer, admin, closed):
    sign_in_through(client, provider, "casey", {"email": "casey@example.com", "email_verified": True})
    client.post_form("/auth/logout")
    if closed == "suspended":
        customer.is_suspended = True
    else:
        erasure.erase_account(customer, actor=admin)
    db.session.commit()
    sign_in_through(client, provider, "casey")
    if closed == "erased":  # the erased account's sign-in went with it: this is someone new to the site now
        assert signed_in_as(client).id != customer.id
        assert db.session.scalar(select(ExternalIdentity.user_id)) != customer.id
    else:
        assert signed_in_as(client) is None and "This account is suspended." in flashed(client)


def test_a_cancelled_sign_in_changes_nothing(client, provider):
    response = sign_in_through(client, provider, None)
    assert response.headers["Location"] == "/auth/login" and signed_in_as(client) is None
    assert "Signing in with Acme SSO was cancelled. Nothing changed." in flashed(client)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_tampered_or_foreign_state_is_refused(client, provider):
    set_claims(provider.issuer, "tess", {"email": "tess@acme.com", "email_verified": True})
    start = client.get(f"/auth/sso/{provider.id}/start")
    back = local(authorize(start.headers["Location"], "tess"))
    response = client.get(back.replace("state=", "state=x"))
    assert response.headers["Location"] == "/auth/login" and signed_in_as(client) is None
    assert "That sign-in took too long or did not start here." in flashed(client)
    other_browser = client.application.test_client()
    other_browser.get(back)  # a callback this browser never started (login CSRF): refused too
    assert signed_in_as(other_browser) is None
    tampered = back.replace(f"state={provider.id}.", f"state={provider.id}0.")
    assert client.get(tampered).headers["Location"] == "/auth/login"
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_disabled_provider_neither_starts_nor_finishes(client, provider):
    set_claims(provider.issuer, "dan", {"email": "dan@acme.com", "email_verified": True})
    start = client.get(f"/auth/sso/{provider.id}/start")
    provider.is_enabled = False
    db.session.commit()
    client.get(local(authorize(start.headers["Location"], "dan")))
    assert signed_in_as(client) is None
    assert client.get(f"/auth/sso/{provider.id}/start").status_code == 404


@pytest.mark.parametrize("next_url, lands", [
    ("/ideas/new?board=mobile", "/ideas/new?board=mobile"),
    ("https://evil.example/phish", "/"),
    ("//evil.example", "/"),
    ("/auth/login", "/"),
])
def test_next_survives_the_round_trip_and_stays_on_this_site(client, provider, next_url, lands):
    response = sign_in_through(client, provider, "nora", {"email": "nora@acme.com", "email_verified": True},
                               next=next_url)
    assert response.headers["Location"] == lands


def test_the_login_and_register_pages_show_the_buttons(client, provider, issuer):
    make_provider(issuer, name="Hidden IdP", is_enabled=False)
    for page in ("/auth/login?next=/roadmap", "/auth/register"):
        body = text(client.get(page))
        assert "Sign in with Acme SSO" in body and "Hidden IdP" not in body and 'name="password"' in body
    assert f'href="/auth/sso/{provider.id}/start?next=/roadmap"' in text(client.get("/auth/login?next=/roadmap"))


def test_unlinking_keeps_a_way_in(client, provider, customer):
    sign_in_through(client, provider, "solo", {"email": "solo@acme.com", "email_verified": True})
    solo = signed_in_as(client)
    only = db.session.scalar(select(ExternalIdentity.id))
    assert client.post(f"/auth/sso/identities/{only}/unlink").status_code == 400  # CSRF
    client.post_form(f"/auth/sso/identities/{only}/unlink")
    assert identities() == 1 and "This is your only way to sign in" in text(client.get("/auth/account"))
    second = make_provider(provider.issuer, name="Backup IdP")
    db.session.add(ExternalIdentity(provider_id=second.id, subject="solo", user_id=solo.id, email="solo@acme.com"))
    db.session.commit()
    client.post_form(f"/auth/sso/identities/{only}/unlink")
    assert identities() == 1 and "Acme SSO is no longer linked to your account." in text(client.get("/auth/account"))
    last = db.session.scalar(select(ExternalIdentity.id))
    client.post_form(f"/auth/sso/identities/{last}/unlink")
    assert identities() == 1  # the last one again
    login(client, customer)  # someone else's sign-in is not theirs to unlink
    client.post_form(f"/auth/sso/identities/{last}/unlink")
    assert identities() == 1


def test_a_person_with_a_password_unlinks_their_only_sign_in(client, provider, customer):
    login(client, customer)
    sign_in_through(client, provider, "casey", {"email": "casey@example.com"})
    identity = db.session.scalar(select(ExternalIdentity.id))
    assert "Unlink" in text(client.get("/auth/account"))
    client.post_form(f"/auth/sso/identities/{identity}/unlink")
    assert identities() == 0


def sso_only_site():
    db.session.merge(SiteSettings(id=1, sso_only=True))
    db.session.commit()


def test_sso_only_refuses_passwords_except_the_admins_fallback(client, provider, customer, admin):
    sso_only_site()
    page = text(client.get("/auth/login"))
    assert "Sign in with Acme SSO" in page and 'name="password"' not in page and "Create an account" not in page
    assert "Administrator? Sign in with a password" in page
    response = client.post_form("/auth/login", {"email": customer.email, "password": PASSWORD})
    assert "single sign-on only" in text(response) and signed_in_as(client) is None
    fallback = text(client.get("/auth/login?password=1"))
    assert 'name="password"' in fallback and "for administrators only" in fallback
    client.post_form("/auth/login?password=1", {"email": admin.email, "password": PASSWORD})
    assert signed_in_as(client).id == admin.id
    client.post_form("/auth/logout")
    register = client.post_form("/auth/register", {"email": "new@example.com", "display_name": "New",
                                                   "password": "a long enough password",
                                                   "confirm": "a long enough password"})
    assert "creates accounts through single sign-on only" in text(register)
    assert db.session.scalar(select(func.count(User.id))) == 2
    sign_in_through(client, provider, "casey", {"email": "casey@example.com", "email_verified": True})
    assert signed_in_as(client).id == customer.id  # single sign-on goes on


def test_forgot_password_sets_one_for_sso_accounts_unless_sso_only(client, provider, admin):
    sign_in_through(client, provider, "sam", {"email": "sam@acme.com", "email_verified": True})
    client.post_form("/auth/logout")
    client.post_form("/auth/forgot", {"email": "sam@acme.com"})
    assert db.session.scalar(select(func.count(OutboxEmail.id))) == 1
    sso_only_site()
    client.post_form("/auth/forgot", {"email": "sam@acme.com"})
    client.post_form("/auth/forgot", {"email": admin.email})
    assert list(db.session.scalars(select(OutboxEmail.to_address))) == ["sam@acme.com", admin.email]


def test_erasing_an_account_removes_its_sign_ins_and_the_download_lists_them(client, provider, customer, admin):
    login(client, customer)
    sign_in_through(client, provider, "casey", {"email": "casey@example.com"})
    data = json.loads(client.get("/auth/account/data.json").get_data(as_text=True))
    assert [(s["provider"], s["subject"], s["email"]) for s in data["single_sign_on"]] == [
        ("Acme SSO", "casey", "casey@example.com")]
    erasure.erase_account(customer, actor=admin)
    db.session.commit()
    assert identities() == 0


def test_the_provider_is_real(issuer):
    document = httpx.get(f"{issuer}/.well-known/openid-configuration").json()
    assert document["issuer"] == issuer and httpx.get(document["jwks_uri"]).json()["keys"]


@pytest.mark.parametrize("claims, name", [
    ({"name": "\u200b\u200b", "preferred_username": "nia.o"}, "nia.o"),
    ({"name": {"x": 1}, "nickname": "Nia"}, "Nia"),
    ({"name": ["Nia"], "preferred_username": 7}, "nia"),
    ({"name": "\u3164", "preferred_username": " \u2800 "}, "nia"),
    ({"name": "  Nia \n Okafor "}, "Nia Okafor"),
    ({"name": "N" * 79 + " Okafor"}, "N" * 79),
])
def test_display_names_from_the_provider_follow_the_registration_rules(claims, name):
    assert signin.display_name(claims, "nia@acme.com") == name


def test_an_invisible_or_structured_name_claim_falls_back_to_the_next(client, provider):
    sign_in_through(client, provider, "zw", {"email": "zw@acme.com", "email_verified": True, "name": "\u200b\u200b",
                                             "preferred_username": {"x": 1}, "nickname": "Zoe W"})
    assert signed_in_as(client).display_name == "Zoe W"


@pytest.mark.parametrize("state", ["99999999999999999999999.abc", "%C2%B2.abc", "2147483648.abc", "1" * 5000 + ".a"])
def test_a_hostile_state_is_refused_as_a_stale_sign_in(client, provider, state):
    response = client.get(f"/auth/sso/callback?code=x&state={state}")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "That sign-in took too long or did not start here." in flashed(client)


@pytest.mark.parametrize("document", [b"[1, 2, 3]", b'"openid"', b"42", b"null"])
def test_a_discovery_document_that_is_not_an_object_stops_the_sign_in_politely(client, app, document):
    app.config["SSO_ALLOW_PRIVATE_NETWORKS"] = True
    with serving(Response(document, content_type="application/json")) as url:
        broken = make_provider(url, name="Broken IdP")
        response = client.get(f"/auth/sso/{broken.id}/start")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "Signing in with Broken IdP is not possible right now." in flashed(client)
