"""In a real browser: a customer reports a spam comment; a PM finds it under Moderation and hides it; the
customer is told. The pages fit a phone."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.ideas.services import add_comment
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot

pytestmark = pytest.mark.browser


def seed(live_server) -> int:
    with live_server.app.app_context(), live_server.app.test_request_context():
        factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        casey = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        spammer = factories.make_user(display_name="Cheap Watches")
        board = factories.make_board(name="Mobile app", slug="mobile")
        idea = factories.make_idea(board, casey, title="Offline mode", body="Let me work on the train.")
        add_comment(idea, spammer, "Buy cheap watches at spam.example, best prices!")
        db.session.commit()
        return idea.id


def test_a_report_reaches_the_queue_and_the_team_hides_the_comment(live_server, page, sign_in, browser):
    idea_id = seed(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, "casey@example.com")
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    page.get_by_test_id("report-comment").click()
    expect(page.get_by_test_id("reported-content")).to_contain_text("Buy cheap watches")
    page.get_by_label("Spam or advertising").check()
    page.get_by_label("Anything the team should know (optional)").fill("An advert, not feedback.")
    screenshot(page, "report-form")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".flash--success")).to_contain_text("Thank you for telling us.")

    with another_browser(browser) as pm_page:
        pm_errors = console_errors_of(pm_page)
        sign_in(pm_page, live_server, "pat@example.com")
        pm_page.get_by_role("link", name="Admin", exact=True).click()
        expect(pm_page.get_by_test_id("waiting-reports")).to_have_text("1")
        pm_page.get_by_test_id("moderation-link").click()
        item = pm_page.get_by_test_id("reported-item")
        expect(item).to_contain_text("An advert, not feedback.")
        expect(item).to_contain_text("Spam or advertising")
        screenshot(pm_page, "moderation-queue")
        item.get_by_test_id("decide-hide").click()
        expect(pm_page.locator(".flash--success")).to_contain_text("The comment is hidden")
        expect(pm_page.get_by_test_id("queue-empty")).to_be_visible()
        expect(pm_page.get_by_test_id("decided-report")).to_contain_text("Hidden · Pat PM")
        pm_page.set_viewport_size({"width": 390, "height": 844})
        assert pm_page.evaluate("document.documentElement.scrollWidth") <= 390
        assert pm_errors == []

    page.goto(f"{live_server.url}/ideas/{idea_id}")
    expect(page.get_by_text("Buy cheap watches")).to_have_count(0)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text("The team hid the comment you reported on “Offline mode”.")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ideas/{idea_id}/report")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
