"""In a real browser: an action the server refuses in the background (the comment was hidden, the idea withdrawn,
since the page was loaded) says why beside what was pressed, and keeps what was typed."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.models import Comment, Idea, utcnow
from tests.browser.conftest import screenshot
from tests.browser.test_ideas import assert_same_document, mark_page, seed_people_and_idea
from tests.browser.test_keyboard_focus import seed_own_comment

pytestmark = pytest.mark.browser


def test_saving_a_comment_hidden_meanwhile_says_why_and_keeps_the_text(live_server, page, sign_in):
    idea_id, comment_id, customer_email = seed_own_comment(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    mark_page(page)
    page.locator(f"#comment-{comment_id} [data-testid=edit-comment]").click()
    editor = page.locator("[data-testid=comment-edit-form] textarea")
    editor.fill("Needed in the depot, and in the plant.")
    with live_server.app.app_context():  # a PM hides it meanwhile
        db.session.get(Comment, comment_id).is_hidden = True
        db.session.commit()
    page.click("[data-testid=save-comment]")
    alert = page.locator("[data-request-error]")
    expect(alert).to_have_text("The team hid this comment from customers, so it can no longer be changed.")
    expect(alert).to_have_attribute("role", "alert")
    assert editor.input_value() == "Needed in the depot, and in the plant."
    assert_same_document(page)
    screenshot(page, "request-error-comment-hidden", full_page=False)


def test_voting_on_an_idea_withdrawn_meanwhile_says_why(live_server, page, sign_in):
    _, customer_email, _, idea_id = seed_people_and_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    with live_server.app.app_context():
        db.session.get(Idea, idea_id).withdrawn_at = utcnow()
        db.session.commit()
    page.get_by_test_id("vote-button").first.click()
    expect(page.locator("[data-request-error]")).to_have_text("This idea was withdrawn by its author.")
