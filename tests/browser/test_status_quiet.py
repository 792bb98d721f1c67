"""In a real browser: a PM corrects a status set by mistake without telling the backers again."""
import pytest
from playwright.sync_api import expect

from ideabox.models import Notification
from tests.browser.conftest import console_errors_of, screenshot
from tests.browser.test_ideas import seed_people_and_idea

pytestmark = pytest.mark.browser


def test_correct_a_status_quietly(live_server, page, sign_in):
    _, _, pm_email, idea_id = seed_people_and_idea(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    form = page.get_by_test_id("status-form")
    form.locator("select[name=status]").select_option("declined")
    form.get_by_role("button", name="Update status").click()
    expect(page.locator(".flash--success")).to_contain_text("backers and followers will hear about it")
    with live_server.app.app_context():
        told = Notification.query.count()
    assert told == 1  # the idea's one backer

    form = page.get_by_test_id("status-form")
    form.locator("select[name=status]").select_option("under_review")
    form.get_by_test_id("status-quiet").check()
    form.scroll_into_view_if_needed()
    screenshot(page, "idea-status-quiet", full_page=False)
    form.get_by_role("button", name="Update status").click()
    expect(page.locator(".flash--success")).to_have_text("Status updated. Nobody was told.")
    expect(page.get_by_test_id("idea-status")).to_have_text("Under review")
    with live_server.app.app_context():
        assert Notification.query.count() == 0  # nobody is told, and the mistaken status's news is taken back
    assert errors == []
