"""In a real browser: a person downloads their data, then erases their account; an admin sees it erased."""
import json

import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot

pytestmark = pytest.mark.browser


def test_download_my_data_then_erase_my_account(live_server, browser, page, sign_in):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        casey = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        idea = factories.make_idea(board, casey, title="Offline mode")
        db.session.commit()
        idea_id = idea.id
    errors = console_errors_of(page)
    sign_in(page, live_server, "casey@example.com")
    page.goto(f"{live_server.url}/auth/account")

    with page.expect_download() as download:
        page.get_by_test_id("download-data").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert download.value.suggested_filename.startswith("ideabox-data-")
    assert data["account"]["email"] == "casey@example.com" and data["ideas"][0]["title"] == "Offline mode"

    form = page.get_by_test_id("erase-form")
    form.get_by_label("Current password").fill(factories.PASSWORD)
    form.get_by_test_id("erase-account").click()
    expect(form.locator(".errors")).to_contain_text("Tick the box to confirm")
    form.scroll_into_view_if_needed()
    screenshot(page, "account-erase-refused", full_page=False)

    form.get_by_label("Current password").fill(factories.PASSWORD)
    form.get_by_label("I understand").check()
    form.get_by_test_id("erase-account").click()
    expect(page.locator(".flash--info")).to_contain_text("Your account is erased")
    expect(page.locator(".usernav")).to_contain_text("Sign in")
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    expect(page.locator(".idea-meta, body")).to_contain_text("by Deleted user")
    screenshot(page, "account-erased-idea", full_page=False)

    with another_browser(browser) as admin_page:
        sign_in(admin_page, live_server, "ada@example.com")
        admin_page.goto(f"{live_server.url}/admin/users")
        expect(admin_page.get_by_test_id("erased")).to_have_count(1)
        screenshot(admin_page, "admin-users-erased", full_page=False)
    assert errors == []
