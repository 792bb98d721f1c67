"""In a real browser: react to a comment from the picker, in place, see it counted, and take it back."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideabox.comments.reactions import toggle_reaction
from ideabox.extensions import db
from ideabox.models import Idea, User
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.browser.test_ideas import assert_same_document, mark_page, seed_people_and_idea

pytestmark = pytest.mark.browser


def seed_commented_idea(live_server):
    """The shared idea, with a comment by Olive that she gave a thumbs-up; returns (customer email, idea id)."""
    _slug, customer_email, _pm, idea_id = seed_people_and_idea(live_server)
    with live_server.app.app_context():
        other = db.session.scalar(select(User).where(User.display_name == "Olive Other"))
        comment = factories.make_comment(db.session.get(Idea, idea_id), other, body="Basements and lifts too.")
        toggle_reaction(comment, other, "thumbs_up")
        db.session.commit()
    return customer_email, idea_id


def test_react_to_a_comment_in_place(live_server, page, sign_in):
    customer_email, idea_id = seed_commented_idea(live_server)
    errors = console_errors_of(page)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    reactions = page.get_by_test_id("reactions").first
    expect(reactions.get_by_test_id("reaction-thumbs_up")).to_contain_text("1")
    expect(reactions.get_by_test_id("add-reaction")).to_have_count(0)  # visitors see counts only

    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    mark_page(page)
    reactions = page.get_by_test_id("reactions").first
    picker = reactions.locator("details.reaction-picker")
    reactions.get_by_test_id("add-reaction").click()
    expect(picker).to_have_attribute("open", "")
    page.keyboard.press("Escape")  # closes, as a click elsewhere does
    expect(picker).not_to_have_attribute("open", "")
    reactions.get_by_test_id("add-reaction").click()
    page.get_by_role("heading", name="Offline mode for field work").click()
    expect(picker).not_to_have_attribute("open", "")
    reactions.get_by_test_id("add-reaction").click()
    screenshot(page, "reaction-picker", full_page=False)
    reactions.get_by_test_id("pick-tada").click()
    tada = page.get_by_test_id("reaction-tada")
    expect(tada).to_have_attribute("aria-pressed", "true")
    expect(tada).to_contain_text("1")
    page.get_by_test_id("reaction-thumbs_up").click()  # +1 to the existing reaction
    expect(page.get_by_test_id("reaction-thumbs_up")).to_contain_text("2")
    expect(page.get_by_test_id("reaction-thumbs_up")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "reactions", full_page=False)
    page.get_by_test_id("reaction-tada").click()  # taken back: the chip goes
    expect(page.get_by_test_id("reaction-tada")).to_have_count(0)
    assert_same_document(page)
    page.reload()
    expect(page.get_by_test_id("reaction-thumbs_up")).to_contain_text("2")
    assert errors == []
