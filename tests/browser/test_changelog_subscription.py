"""In a real browser: subscribe to the changelog from its page, in place, and stop again."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, fill_login_form, screenshot
from tests.browser.test_ideas import assert_same_document, mark_page

pytestmark = pytest.mark.browser


def test_subscribe_to_the_changelog_in_place(live_server, page, sign_in):
    with live_server.app.app_context():
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
        db.session.commit()
    errors = console_errors_of(page)
    page.goto(f"{live_server.url}/changelog")
    page.get_by_test_id("changelog-subscription").click()  # a visitor is asked to sign in first
    expect(page).to_have_url(f"{live_server.url}/auth/login?next=/changelog")
    fill_login_form(page, "casey@example.com")
    expect(page).to_have_url(f"{live_server.url}/changelog")

    mark_page(page)
    button = page.get_by_test_id("changelog-subscription")
    expect(button).to_have_text("Email me every release")
    button.click()
    expect(button).to_have_text("✓ Emailed every release")
    assert_same_document(page)
    screenshot(page, "changelog-subscribed", full_page=False)
    page.reload()
    expect(page.get_by_test_id("changelog-subscription")).to_have_attribute("aria-pressed", "true")
    page.get_by_test_id("changelog-subscription").click()
    expect(page.get_by_test_id("changelog-subscription")).to_have_text("Email me every release")
    page.goto(f"{live_server.url}/auth/account")
    expect(page.get_by_label("Email me every release note on the changelog")).not_to_be_checked()
    assert errors == []
