"""In a real browser: a PM closes a retired product's board with a message; a customer finds it closed but
can still vote there."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import Idea
from tests import factories
from tests.browser.conftest import another_browser, console_errors_of, screenshot

pytestmark = pytest.mark.browser

MESSAGE = "The classic app is retired: post ideas about the new app on the Mobile app board."


def test_a_pm_closes_a_board_and_a_customer_can_only_vote_there(live_server, page, browser, sign_in):
    with live_server.app.app_context():
        factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        factories.make_user(role="customer", email="casey@example.com", display_name="Casey Customer")
        author = factories.make_user(display_name="Olive Other")
        factories.make_board(name="Mobile app", slug="mobile", description="iOS and Android apps.")
        classic = factories.make_board(name="Classic app", slug="classic", description="The desktop app we are retiring.")
        idea = factories.make_idea(classic, author, title="Keyboard shortcut to archive")
        factories.make_idea(classic, author, title="Remember the window size")
        db.session.commit()
        idea_id = idea.id
    errors = console_errors_of(page)
    with another_browser(browser) as customer:
        customer_errors = console_errors_of(customer)
        sign_in(customer, live_server, "casey@example.com")
        customer.goto(f"{live_server.url}/b/classic/new")  # typing while the PM closes the board
        customer.get_by_label("Title").fill("Dark mode for the classic app")
        customer.get_by_label("Details").fill("My eyes hurt at night.\nA dark theme would help.")

        sign_in(page, live_server, "pat@example.com")
        page.goto(f"{live_server.url}/admin/boards")
        page.get_by_role("row", name="Classic app").get_by_role("link", name="Edit").click()
        accepts = page.get_by_label("Accept new ideas")
        expect(accepts).to_be_checked()
        accepts.uncheck()
        page.get_by_label("Message when closed").fill(MESSAGE)
        screenshot(page, "closed-board-admin-form")
        page.get_by_role("button", name="Save board").click()
        expect(page.get_by_text("Board “Classic app” is saved.")).to_be_visible()
        expect(page.get_by_role("row", name="Classic app").get_by_test_id("board-closed-pill")).to_have_text("Closed to new ideas")
        screenshot(page, "closed-board-admin-list", full_page=False)

        customer.get_by_test_id("submit-idea").click()
        expect(customer.get_by_role("heading", name="Classic app takes no new ideas")).to_be_visible()
        expect(customer.get_by_test_id("closed-message")).to_have_text(MESSAGE)
        draft = customer.get_by_test_id("unposted-draft")
        expect(draft).to_contain_text("Your idea was not posted")
        expect(draft.get_by_label("Title")).to_have_value("Dark mode for the classic app")
        expect(draft.get_by_label("Details")).to_have_value("My eyes hurt at night.\nA dark theme would help.")
        expect(customer.get_by_test_id("open-boards").get_by_role("link", name="Mobile app")).to_be_visible()
        screenshot(customer, "closed-board-unposted-draft")

        customer.goto(live_server.url)
        card = customer.get_by_test_id("board-card").filter(has_text="Classic app")
        expect(card.get_by_test_id("board-closed")).to_contain_text("Closed to new ideas")
        expect(card.get_by_test_id("closed-message")).to_have_text(MESSAGE)
        expect(card.get_by_role("link", name="Post an idea")).to_have_count(0)
        expect(customer.get_by_test_id("board-card").filter(has_text="Mobile app")
               .get_by_role("link", name="Post an idea")).to_be_visible()
        screenshot(customer, "closed-board-home")

        card.get_by_role("link", name="Classic app").click()
        expect(customer).to_have_url(f"{live_server.url}/b/classic")
        expect(customer.get_by_test_id("board-closed")).to_contain_text("Closed to new ideas")
        expect(customer.get_by_test_id("closed-message")).to_have_text(MESSAGE)
        expect(customer.get_by_role("link", name="Post an idea")).to_have_count(0)
        expect(customer.get_by_test_id("new-idea")).to_have_count(0)

        row = customer.locator(f"#vote-{idea_id}")
        expect(row.get_by_test_id("vote-count")).to_have_text("0")
        row.get_by_test_id("vote-button").click()
        expect(customer.locator(f"#vote-{idea_id} .vote.is-voted [data-testid=vote-count]")).to_have_text("1")
        screenshot(customer, "closed-board-voted")
        # the refused post answered 409 (Chromium logs it); nothing else went wrong
        assert customer_errors == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count(Idea.id))) == 2
    assert errors == []
