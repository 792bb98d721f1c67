"""In a real browser: a PM who set Shipped by mistake corrects it quietly, and the idea page and the changelog
stop saying it shipped."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.models import Notification
from tests.browser.conftest import another_browser, console_errors_of, screenshot
from tests.browser.test_ideas import seed_people_and_idea

pytestmark = pytest.mark.browser


def test_a_mistaken_shipped_is_corrected_quietly(live_server, browser, page, sign_in):
    _, _, pm_email, idea_id = seed_people_and_idea(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, pm_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    form = page.get_by_test_id("status-form")
    form.locator("select[name=status]").select_option("shipped")
    form.locator("textarea[name=note]").fill("Out now in **4.2**.")
    form.locator("textarea[name=release_note]").fill("Work offline on the train.")
    form.get_by_role("button", name="Update status").click()
    expect(page.get_by_test_id("official-reply")).to_contain_text("Shipped")
    page.goto(f"{live_server.url}/changelog")
    expect(page.locator(".rm-release__title")).to_have_text(["Offline mode for field work"])
    with live_server.app.app_context():
        told = db.session.query(Notification).filter(Notification.kind != "released").count()

    page.goto(f"{live_server.url}/ideas/{idea_id}")
    form = page.get_by_test_id("status-form")
    withdraw = form.get_by_test_id("status-withdraw-releases")
    expect(withdraw).to_be_checked()
    expect(form).to_contain_text("also withdraw the release note “Offline mode for field work” from the changelog")
    form.locator("select[name=status]").select_option("in_progress")
    form.get_by_test_id("status-quiet").check()
    form.scroll_into_view_if_needed()
    screenshot(page, "status-correction-form", full_page=False)
    form.get_by_role("button", name="Update status").click()

    expect(page.locator(".flash--success")).to_have_text(
        "Status updated. Nobody was told. Its release note is withdrawn from the changelog.")
    expect(page.get_by_test_id("idea-status")).to_have_text("In progress")
    expect(page.get_by_test_id("official-reply")).to_have_count(0)
    expect(page.get_by_test_id("status-history")).to_contain_text("Out now in 4.2.")
    expect(page.get_by_test_id("status-withdraw-releases")).to_have_count(0)  # nothing left to withdraw
    screenshot(page, "status-correction-idea")
    with live_server.app.app_context():
        assert db.session.query(Notification).count() == told  # nobody is told; the Shipped news is taken back

    with another_browser(browser) as visitor:
        visitor.goto(f"{live_server.url}/ideas/{idea_id}")
        expect(visitor.get_by_test_id("idea-status")).to_have_text("In progress")
        expect(visitor.get_by_test_id("official-reply")).to_have_count(0)
        visitor.goto(f"{live_server.url}/changelog")
        expect(visitor.locator(".rm-release__title")).to_have_count(0)
        expect(visitor.locator("main")).not_to_contain_text("Offline mode for field work")
        screenshot(visitor, "status-correction-changelog", full_page=False)
        feed = visitor.request.get(f"{live_server.url}/changelog.atom").text()
        assert "<entry>" not in feed and "Offline mode" not in feed
    assert errors == []
