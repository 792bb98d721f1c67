"""In a real browser: a customer reports a spam comment; a PM finds it under Moderation and hides it; the
customer is told. Three customers' reports hide a comment by themselves until a PM keeps it; an admin sets how
many reports that takes. The pages fit a phone."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.ideas.services import add_comment
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, fill_login_form, page_width, screenshot, wait_until

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
        assert page_width(pm_page) <= 390
        assert pm_errors == []

    page.goto(f"{live_server.url}/ideas/{idea_id}")
    expect(page.get_by_text("Buy cheap watches")).to_have_count(0)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text("The team hid the comment you reported on “Offline mode”.")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ideas/{idea_id}/report")
    assert page_width(page) <= 390
    assert errors == []


def seed_three_reporters(live_server) -> int:
    """Casey's idea with a comment by Sam, and three customers (ana@, ben@, cleo@) who will report it."""
    with live_server.app.app_context(), live_server.app.test_request_context():
        factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        casey = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        sam = factories.make_user(email="sam@example.com", display_name="Sam Sharp")
        for name in ("Ana", "Ben", "Cleo"):
            factories.make_user(email=f"{name.lower()}@example.com", display_name=name)
        idea = factories.make_idea(factories.make_board(name="Mobile app", slug="mobile"), casey, title="Offline mode")
        add_comment(idea, sam, "Frankly this whole board is a waste of time, like the people on it.")
        db.session.commit()
        return idea.id


def fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page_width(page) <= 390


def test_three_reports_hide_a_comment_until_a_pm_keeps_it(live_server, browser):
    idea_id = seed_three_reporters(live_server)
    for name in ("ana", "ben", "cleo"):
        with another_browser(browser) as reporter:
            errors = console_errors_of(reporter)
            reporter.goto(f"{live_server.url}/auth/login")
            fill_login_form(reporter, f"{name}@example.com")
            reporter.goto(f"{live_server.url}/ideas/{idea_id}")
            reporter.get_by_test_id("report-comment").click()
            reporter.get_by_label("Rude, hateful or abusive").check()
            reporter.get_by_role("button", name="Send the report").click()
            expect(reporter.locator(".flash--success")).to_contain_text("Thank you for telling us.")
            assert errors == []

    with another_browser(browser) as visitor:
        visitor.goto(f"{live_server.url}/ideas/{idea_id}")
        expect(visitor.get_by_text("a waste of time")).to_have_count(0)

    with another_browser(browser) as author:
        author.goto(f"{live_server.url}/auth/login")
        fill_login_form(author, "sam@example.com")
        author.goto(f"{live_server.url}/notifications/")
        expect(author.get_by_text("Your comment on “Offline mode” is hidden for now")).to_be_visible()

    with another_browser(browser) as pm_page:
        errors = console_errors_of(pm_page)
        pm_page.goto(f"{live_server.url}/auth/login")
        fill_login_form(pm_page, "pat@example.com")
        pm_page.goto(f"{live_server.url}/moderation/")
        item = pm_page.get_by_test_id("reported-item")
        expect(item.get_by_test_id("auto-hidden")).to_have_text("Hidden automatically after 3 reports — review")
        expect(item).to_contain_text("Hidden from customers")
        expect(pm_page.get_by_test_id("auto-hide-setting")).to_contain_text("once 3 different people report it")
        screenshot(pm_page, "moderation-queue-auto-hidden")
        fits_a_phone(pm_page)
        screenshot(pm_page, "moderation-queue-auto-hidden-phone")
        item.get_by_test_id("decide-keep").click()
        expect(pm_page.locator(".flash--success")).to_contain_text("The comment shows again")
        expect(pm_page.get_by_test_id("queue-empty")).to_be_visible()
        expect(pm_page.get_by_test_id("decided-report").first).to_contain_text("Kept · Pat PM")
        expect(pm_page.get_by_test_id("decided-report").first).to_contain_text("after an automatic hide")
        fits_a_phone(pm_page)
        assert errors == []

    with another_browser(browser) as visitor:
        visitor.goto(f"{live_server.url}/ideas/{idea_id}")
        expect(visitor.get_by_text("a waste of time")).to_be_visible()


def test_an_admin_sets_how_many_reports_hide_a_comment(live_server, page, sign_in):
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.goto(f"{live_server.url}/moderation/")
    page.get_by_test_id("auto-hide-setting").get_by_role("link", name="Change").click()
    expect(page).to_have_url(f"{live_server.url}/admin/site#reported-comments")
    card = page.get_by_test_id("auto-hide-form")
    field = card.get_by_label("Hide a comment automatically once this many different people have reported it")
    expect(field).to_have_value("3")
    field.fill("500")
    card.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("auto-hide-form")).to_contain_text("Enter a whole number from 0 to 50.")
    expect(page).to_have_url(f"{live_server.url}/admin/site/reported-comments#reported-comments")
    expect(page.get_by_test_id("auto-hide-form")).to_be_visible()
    # The browser scrolls to the fragment once the page has laid out, which may come after the URL is set.
    wait_until(page, "window.scrollY > 0")  # at the card
    screenshot(page, "site-settings-auto-hide-refused", full_page=False)  # what the admin sees: the card
    fits_a_phone(page)
    card.get_by_role("spinbutton").fill("-1")
    card.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("auto-hide-form")).to_contain_text("Enter a whole number from 0 to 50.")
    fits_a_phone(page)
    screenshot(page, "site-settings-auto-hide-refused-phone", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 860})
    page.get_by_test_id("auto-hide-form").get_by_label("Hide a comment automatically", exact=False).fill("5")
    page.get_by_test_id("auto-hide-form").get_by_role("button", name="Save").click()
    expect(page.locator(".flash--success")).to_contain_text("A comment now hides once 5 different people report it")
    expect(page.get_by_test_id("auto-hide-form").get_by_role("spinbutton")).to_have_value("5")
    expect(page).to_have_url(f"{live_server.url}/admin/site#top")
    wait_until(page, "window.scrollY === 0")  # where the message is
    screenshot(page, "site-settings-auto-hide")
    assert errors == []
