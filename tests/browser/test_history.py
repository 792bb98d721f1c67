"""The browser's Back button after acting on a page: what comes back tells the present, and a form on it posts what
is typed into it. (A signed-in person's pages are not kept in the browser's cache: security.py.)"""
from ideabox.extensions import db
from ideabox.models import Comment
from tests.browser.conftest import screenshot
from tests.browser.test_ideas import seed_people_and_idea


def test_back_after_commenting_and_voting_shows_the_present_and_posts_anew(live_server, page, sign_in):
    slug, customer_email, _, idea_id = seed_people_and_idea(live_server)
    sign_in(page, live_server, customer_email)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    page.fill("#comment-body", "ONE: needed in the depot.")
    page.click("[data-testid=post-comment]")
    page.wait_for_selector("[data-testid=comment]:has-text('ONE')")
    vote = page.locator("[data-testid=vote-button]").first
    vote.click()
    page.wait_for_selector("[data-testid=vote-button][aria-pressed=true]")

    page.goto(f"{live_server.url}/roadmap")
    page.go_back()
    page.wait_for_selector("#comment-body")
    assert page.locator("[data-testid=comment]:has-text('ONE')").count() == 1  # not the page as first loaded
    assert page.locator("[data-testid=vote-button]").first.get_attribute("aria-pressed") == "true"

    page.fill("#comment-body", "TWO: and in the basement.")
    page.click("[data-testid=post-comment]")
    page.wait_for_selector("[data-testid=comment]:has-text('TWO')")
    screenshot(page, "history-back-then-comment", full_page=False)
    with live_server.app.app_context():
        bodies = sorted(db.session.scalars(db.select(Comment.body).where(Comment.idea_id == idea_id)))
    assert bodies == ["ONE: needed in the depot.", "TWO: and in the basement."]
