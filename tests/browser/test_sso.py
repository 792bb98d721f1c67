"""In a real browser, with a real OpenID Provider: an admin adds the provider through the form, then a visitor
presses "Sign in with …", answers the provider's authorization page and comes back signed in, with the sign-in
listed in Account settings; the pages fit a phone."""
import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, page_width, screenshot
from tests.factories_sso import running_provider, set_claims

pytestmark = pytest.mark.browser

OFF_MACHINE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")  # the provider's page links a stylesheet on a CDN


def keep_local(page) -> list[str]:
    """Refuse requests that would leave the machine; return the list IdeaBox's console errors fill."""
    page.route(OFF_MACHINE, lambda route: route.abort())
    errors = console_errors_of(page)
    return errors


def fits_a_phone(page, url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    assert page_width(page) <= 390, url


def test_an_admin_adds_a_provider_and_a_visitor_signs_in_with_it(live_server, page, browser, sign_in):
    live_server.app.config.update(SSO_ALLOW_PRIVATE_NETWORKS=True, BASE_URL=live_server.url)
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
    with running_provider() as issuer:
        admin_errors = keep_local(page)
        sign_in(page, live_server, "ada@example.com")
        page.get_by_role("link", name="Admin", exact=True).click()
        page.get_by_role("link", name="Single sign-on").click()
        page.get_by_role("link", name="New provider").click()
        expect(page.get_by_test_id("sso-redirect-uri")).to_contain_text(f"{live_server.url}/auth/sso/callback")
        page.get_by_label("Button label").fill("Okta")
        page.get_by_label("Issuer URL").fill(issuer)
        page.get_by_label("Client ID").fill("ideabox")
        page.get_by_label("Client secret").fill("browser-test-secret")
        page.get_by_label("Allowed email domains").fill("acme.com")
        page.get_by_role("button", name="Check and save").click()
        expect(page.locator(".flash--success")).to_contain_text("“Okta” is saved")
        assert "browser-test-secret" not in page.content()
        screenshot(page, "sso-admin-provider")
        page.get_by_role("link", name="Single sign-on").first.click()
        expect(page.get_by_test_id("sso-provider-row")).to_contain_text("Okta")
        screenshot(page, "sso-admin-list")

        set_claims(issuer, "nia", {"email": "nia@acme.com", "email_verified": True, "name": "Nia Okafor"})
        with another_browser(browser) as visitor:
            errors = keep_local(visitor)
            visitor.goto(f"{live_server.url}/auth/login?next=/roadmap")
            screenshot(visitor, "sso-login-page")
            visitor.get_by_role("link", name="Sign in with Okta").click()
            expect(visitor).to_have_url(re.compile(re.escape(issuer) + "/oauth2/authorize"))
            visitor.get_by_placeholder("sub").fill("nia")
            visitor.get_by_role("button", name="Authorize").click()
            expect(visitor).to_have_url(f"{live_server.url}/roadmap")
            expect(visitor.get_by_role("button", name="Sign out", exact=True)).to_have_count(1)
            expect(visitor.locator(".flash--success")).to_contain_text("Welcome, Nia Okafor!")
            visitor.goto(f"{live_server.url}/auth/account")
            expect(visitor.get_by_test_id("linked-signins")).to_contain_text("Okta")
            screenshot(visitor, "sso-account-page")
            fits_a_phone(visitor, f"{live_server.url}/auth/account")
            screenshot(visitor, "sso-account-page-phone")
            visitor.get_by_role("button", name="Sign out", exact=True).click()
            fits_a_phone(visitor, f"{live_server.url}/auth/login")
            screenshot(visitor, "sso-login-page-phone")
            assert [e for e in errors if "ERR_FAILED" not in e] == []
        fits_a_phone(page, f"{live_server.url}/admin/sso")
        fits_a_phone(page, f"{live_server.url}/admin/sso/1")
        screenshot(page, "sso-admin-provider-phone")
    assert admin_errors == []
