"""In a real browser: a PM assigns an idea to a teammate from the Planning card; the teammate finds it
in their notifications and among the ideas assigned to them."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot

pytestmark = pytest.mark.browser


def test_assign_an_idea_and_find_it_as_the_owner(live_server, browser, page, sign_in):
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        casey = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        idea = factories.make_idea(board, casey, title="Offline mode")
        factories.make_idea(board, casey, title="Dark mode")
        db.session.commit()
        idea_id = idea.id
    errors = console_errors_of(page)
    sign_in(page, live_server, "pat@example.com")
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    expect(page.get_by_test_id("idea-owner")).to_contain_text("Nobody owns it yet.")
    page.get_by_test_id("owner-select").select_option(label="Ada Admin")
    page.get_by_test_id("owner-submit").click()
    expect(page.locator(".flash--success")).to_have_text("Ada Admin owns it now.")
    expect(page.get_by_test_id("idea-owner")).to_contain_text("Owned by Ada Admin.")
    page.get_by_test_id("idea-owner").scroll_into_view_if_needed()
    screenshot(page, "idea-owner-assigned", full_page=False)

    with another_browser(browser) as ada:
        sign_in(ada, live_server, "ada@example.com")
        ada.goto(f"{live_server.url}/notifications/")
        expect(ada.get_by_text("Pat PM assigned you “Offline mode”.")).to_be_visible()
        ada.goto(f"{live_server.url}/")
        ada.get_by_test_id("owned-link").click()
        expect(ada.locator("[data-testid=search-summary]")).to_contain_text("assigned to you")
        expect(ada.get_by_role("link", name="Offline mode")).to_be_visible()
        expect(ada.get_by_role("link", name="Dark mode")).to_have_count(0)
        screenshot(ada, "ideas-assigned-to-me", full_page=False)
    assert errors == []
