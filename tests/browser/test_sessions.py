"""In a real browser: "Sign out everywhere else" on one computer signs the person out on another."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot

pytestmark = pytest.mark.browser


def test_sign_out_everywhere_else(live_server, page, browser, sign_in):
    with live_server.app.app_context():
        factories.make_user(email="casey@example.com", display_name="Casey Customer")
        db.session.commit()
    errors = console_errors_of(page)
    with another_browser(browser) as other_computer:
        sign_in(other_computer, live_server, "casey@example.com")
        sign_in(page, live_server, "casey@example.com")
        page.goto(f"{live_server.url}/auth/account")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_test_id("end-other-sessions").click()
        expect(page.get_by_text("You are signed out everywhere else.")).to_be_visible()
        screenshot(page, "sessions-ended", full_page=False)
        expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()  # this browser stays
        other_computer.goto(f"{live_server.url}/auth/account")
        expect(other_computer).to_have_url(f"{live_server.url}/auth/login?next=%2Fauth%2Faccount")
    assert errors == []
