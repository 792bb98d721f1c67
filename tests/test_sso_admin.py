"""The admin's single sign-on pages: who may use them, the discovery check on saving, the write-only secret, the
audit log, and the "SSO only" switch."""
import json
import socket

import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import AuditEvent, SiteSettings, SsoProvider
from tests.conftest import ROLES, login
from tests.factories_sso import issuer, make_provider  # noqa: F401 (issuer is a fixture)

SECRET = "very-secret-client-secret-42"


@pytest.fixture
def private_ok(app):
    app.config["SSO_ALLOW_PRIVATE_NETWORKS"] = True


def form(client, issuer_url, **fields) -> dict:
    values = {"csrf_token": client.csrf_token(), "name": "Okta", "issuer": issuer_url, "client_id": "ideabox-client",
              "client_secret": SECRET, "scopes": "", "allowed_domains": "acme.com, @Acme.fr", "creates_accounts": "y",
              "role_claim": "groups", "admin_values": "ideabox-admin", "pm_values": "ideabox-pm, product",
              "executive_values": "", "is_enabled": "y"}
    values.update(fields)
    return {key: value for key, value in values.items() if value is not None}


def text(response) -> str:
    return response.get_data(as_text=True)


def providers() -> int:
    return db.session.scalar(select(func.count(SsoProvider.id)))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_open_the_sso_pages(client, as_role, role, issuer, private_ok):
    provider = make_provider(issuer)
    as_role(role)
    expected = {"anonymous": 302, "admin": 200}.get(role, 403)
    for url in ["/admin/sso", "/admin/sso/new", f"/admin/sso/{provider.id}"]:
        response = client.get(url)
        assert response.status_code == expected, (url, role)
        if role == "anonymous":
            assert "/auth/login" in response.headers["Location"]
    if role == "admin":
        assert 'href="/admin/sso"' in text(client.get("/admin/"))  # in the admin menu
        return
    assert client.post_form("/admin/sso/new", form(client, issuer)).status_code == expected
    assert client.post_form(f"/admin/sso/{provider.id}", form(client, issuer, name="Hijacked")).status_code == expected
    assert client.post_form("/admin/sso", {"sso_only": "y"}).status_code == expected
    assert client.post_form(f"/admin/sso/{provider.id}/delete").status_code == expected
    db.session.expire_all()
    assert providers() == 1 and provider.name == "Acme SSO"
    assert not (db.session.get(SiteSettings, 1) or SiteSettings(sso_only=False)).sso_only


def test_every_post_needs_the_csrf_token(client, admin, issuer, private_ok):
    provider = make_provider(issuer)
    login(client, admin)
    for url, data in [("/admin/sso/new", form(client, issuer)), (f"/admin/sso/{provider.id}", form(client, issuer)),
                      ("/admin/sso", {"sso_only": "y"}), (f"/admin/sso/{provider.id}/delete", {})]:
        data.pop("csrf_token", None)
        assert client.post(url, data=data).status_code == 400, url
    assert providers() == 1


def test_an_admin_adds_a_provider_after_its_discovery_answers(client, admin, issuer, private_ok):
    login(client, admin)
    new_page = text(client.get("/admin/sso/new"))
    assert "http://localhost/auth/sso/callback" in new_page  # the redirect URI to register, from BASE_URL
    response = client.post_form("/admin/sso/new", form(client, issuer), follow_redirects=True)
    assert "“Okta” is saved: its discovery document answered." in text(response)
    provider = db.session.scalar(select(SsoProvider))
    assert (provider.issuer, provider.client_id, provider.client_secret) == (issuer, "ideabox-client", SECRET)
    assert provider.scopes == "openid email profile" and provider.allowed_domains == ["acme.com", "acme.fr"]
    assert provider.role_values == {"admin": ["ideabox-admin"], "pm": ["ideabox-pm", "product"]}
    assert provider.is_enabled and provider.creates_accounts
    assert "Sign in with Okta" in text(client.application.test_client().get("/auth/login"))


def test_an_empty_secret_keeps_the_saved_one_and_no_page_or_audit_shows_it(client, admin, issuer, private_ok):
    login(client, admin)
    client.post_form("/admin/sso/new", form(client, issuer))
    provider = db.session.scalar(select(SsoProvider))
    client.post_form(f"/admin/sso/{provider.id}", form(client, issuer, client_secret="", name="Okta EU"))
    db.session.refresh(provider)
    assert provider.name == "Okta EU" and provider.client_secret == SECRET
    edit = text(client.get(f"/admin/sso/{provider.id}"))
    assert "A secret is saved and never shown again." in edit
    refused = text(client.post_form(f"/admin/sso/{provider.id}", form(client, issuer, role_claim="")))
    for page in (edit, refused, text(client.get("/admin/sso")), text(client.get("/admin/"))):
        assert SECRET not in page
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sso_provider.saved")))
    assert len(events) == 2 and all(SECRET not in json.dumps(event.details) for event in events)
    assert [event.details["new_secret"] for event in events] == [True, False]
    assert "saved the single sign-on provider" in text(client.get("/admin/"))


def test_a_new_provider_needs_a_secret(client, admin, issuer, private_ok):
    login(client, admin)
    response = client.post_form("/admin/sso/new", form(client, issuer, client_secret=""))
    assert "Enter the client secret your identity provider gave you." in text(response) and providers() == 0


@pytest.mark.parametrize("fields, message", [
    ({"issuer": "http://127.0.0.1:{closed}"}, "cannot be fetched (ConnectionError)"),
    ({"issuer": "{issuer}/nowhere"}, "cannot be fetched (HTTP 404)"),
    ({"issuer": "not a url"}, "Enter a full address starting with https://"),
    ({"scopes": "email profile"}, "Include the “openid” scope"),
    ({"allowed_domains": "acme"}, "“acme” is not a domain like acme.com."),
    ({"role_claim": ""}, "Name the claim these values are read from"),
])
def test_what_the_discovery_check_and_the_form_refuse(client, admin, issuer, private_ok, fields, message):
    login(client, admin)
    fields = {key: value.format(closed=closed_port(), issuer=issuer) for key, value in fields.items()}
    response = client.post_form("/admin/sso/new", form(client, issuer, **fields))
    assert response.status_code == 200 and message in text(response) and providers() == 0


def test_private_addresses_are_refused_unless_the_setting_allows_them(client, admin, issuer):
    login(client, admin)
    for private in (issuer, "http://169.254.169.254", "http://10.1.2.3"):
        response = client.post_form("/admin/sso/new", form(client, private))
        assert "is on a private network" in text(response) and "SSO_ALLOW_PRIVATE_NETWORKS" in text(response)
    assert providers() == 0


def test_deleting_a_provider_is_audited_and_unlinks_its_sign_ins(client, admin, issuer, private_ok):
    from ideabox.models import ExternalIdentity

    provider = make_provider(issuer)
    db.session.add(ExternalIdentity(provider_id=provider.id, subject="ada", user_id=admin.id, email=admin.email))
    db.session.commit()
    login(client, admin)
    response = client.post_form(f"/admin/sso/{provider.id}/delete", follow_redirects=True)
    assert "“Acme SSO” is deleted" in text(response)
    assert providers() == 0 and db.session.scalar(select(func.count(ExternalIdentity.id))) == 0
    assert db.session.scalar(select(AuditEvent.details).where(AuditEvent.action == "sso_provider.deleted"))["name"] == \
        "Acme SSO"


def test_sso_only_needs_a_provider_that_is_on_and_keeps_one(client, admin, issuer, private_ok):
    login(client, admin)
    response = client.post_form("/admin/sso", {"sso_only": "y"})
    assert "Add and turn on a provider first" in text(response)
    provider = make_provider(issuer)
    response = client.post_form("/admin/sso", {"sso_only": "y"}, follow_redirects=True)
    assert "People now sign in with single sign-on only." in text(response)
    assert db.session.get(SiteSettings, 1).sso_only
    refused = text(client.post_form(f"/admin/sso/{provider.id}", form(client, issuer, is_enabled=None)))
    assert "is the only provider people can sign in with" in refused
    client.post_form(f"/admin/sso/{provider.id}/delete")
    assert providers() == 1
    client.post_form("/admin/sso", {})
    assert not db.session.get(SiteSettings, 1).sso_only
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("site.sso_only%"))
                                   .order_by(AuditEvent.id)))
    assert actions == ["site.sso_only_on", "site.sso_only_off"]


def test_a_provider_that_is_down_can_still_be_switched_off(client, admin, issuer, private_ok):
    down = f"http://127.0.0.1:{closed_port()}"
    provider = make_provider(down, role_claim="groups", role_values={"admin": ["ideabox-admin"]})
    login(client, admin)
    moved = text(client.post_form(f"/admin/sso/{provider.id}", form(client, f"{down}/moved", is_enabled=None)))
    assert "cannot be fetched (ConnectionError)" in moved  # a new issuer is checked, on or off
    response = client.post_form(f"/admin/sso/{provider.id}", form(client, down, is_enabled=None))
    assert response.status_code == 303
    said = text(client.get(response.location))  # not that its discovery document answered: it was not asked
    assert "is saved and off: its button is gone from the sign-in page." in said and "answered" not in said
    db.session.refresh(provider)
    assert not provider.is_enabled and provider.issuer == down
    assert "Sign in with" not in text(client.application.test_client().get("/auth/login"))
    turned_on = text(client.post_form(f"/admin/sso/{provider.id}", form(client, down)))
    assert "cannot be fetched (ConnectionError)" in turned_on  # turning it on checks it again
    db.session.refresh(provider)
    assert not provider.is_enabled
