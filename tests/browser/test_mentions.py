"""@mentions in a real browser: the comment box suggests people as one types, the mention shows
highlighted, and the person mentioned finds it among their notifications."""
import re

from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot


def seed(live_server):
    """Casey's idea with a comment from Olive; Pat is a PM and Eve an executive."""
    with live_server.app.app_context():
        board = factories.make_board(name="Mobile app", slug="mobile")
        casey = factories.make_user(email="casey@example.com", display_name="Casey Customer")
        olive = factories.make_user(email="olive@example.com", display_name="Olive Other")
        factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        factories.make_user(role="executive", email="eve@example.com", display_name="Eve Exec")
        idea = factories.make_idea(board, casey, title="Offline mode")
        factories.make_comment(idea, olive, "Same here, on the train every day.")
        db.session.commit()
        return idea.id


def test_mention_someone_from_the_comment_box(live_server, browser, page, sign_in):
    idea_id = seed(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, "pat@example.com")
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    box = page.locator("#comment-body")
    box.click()
    box.press_sequentially("Thanks @ol")
    menu = page.get_by_test_id("mention-menu")
    expect(menu.get_by_role("option")).to_have_text(["Olive Other"])
    box.press_sequentially("d")  # no one matches "old": the list goes away
    expect(menu).to_have_count(0)
    box.press("Backspace")
    expect(menu.get_by_role("option")).to_have_text(["Olive Other"])
    screenshot(page, "mention-suggestions", full_page=False)
    box.press("Enter")
    expect(menu).to_have_count(0)
    box.press_sequentially("is it every day?")
    assert box.input_value().startswith("Thanks [@Olive Other](mention:")

    page.get_by_test_id("internal-note").check()  # a note may only mention the team
    box.press_sequentially(" @")
    expect(menu.get_by_role("option")).to_have_text([re.compile(r"^Eve Exec\s*Team$")])
    box.press("Escape")
    expect(menu).to_have_count(0)
    page.get_by_test_id("internal-note").uncheck()
    box.fill(box.input_value().removesuffix(" @"))

    page.get_by_test_id("post-comment").click()
    mention = page.locator("[data-testid=comment] .mention")
    expect(mention).to_have_text("@Olive Other")
    screenshot(page, "mention-posted", full_page=False)

    with another_browser(browser) as olive_page:
        sign_in(olive_page, live_server, "olive@example.com")
        olive_page.goto(f"{live_server.url}/notifications/")
        expect(olive_page.get_by_text("Pat PM mentioned you on “Offline mode”.")).to_be_visible()
        screenshot(olive_page, "mention-notification", full_page=False)
    assert errors == []
