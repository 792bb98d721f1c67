"""In a real browser: a visitor's search that finds nothing offers what would find something, a misspelling
corrected or any one of its words, and one click gets there."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, page_width, screenshot

pytestmark = pytest.mark.browser


def test_a_visitor_follows_did_you_mean_and_any_of_the_words(live_server, page):
    with live_server.app.app_context():
        board, author = factories.make_board(name="Mobile app", slug="mobile"), factories.make_user()
        factories.make_idea(board, author, title="Dark mode", body="The white screen is blinding at night.")
        factories.make_idea(board, author, title="Offline sync", body="Field staff lose signal in basements.")
        factories.make_idea(board, author, title="Bigger buttons on phones")
        db.session.commit()
    errors = console_errors_of(page)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Search ideas on every board").fill("drak mode")
    page.get_by_label("Search ideas on every board").press("Enter")
    expect(page.get_by_role("heading", name="No ideas match")).to_be_visible()
    expect(page.get_by_test_id("did-you-mean")).to_have_text("Did you mean “dark mode”?")
    screenshot(page, "search-did-you-mean", full_page=False)
    page.get_by_test_id("did-you-mean-link").click()
    expect(page.get_by_test_id("idea-row")).to_have_count(1)
    expect(page.get_by_role("link", name="Dark mode")).to_be_visible()

    page.goto(f"{live_server.url}/b/mobile?q=phones+offline")  # both words are there, on different ideas
    expect(page.get_by_test_id("did-you-mean")).to_have_count(0)
    page.get_by_test_id("search-any-word").click()
    expect(page.get_by_test_id("idea-row")).to_have_count(2)
    expect(page.get_by_role("link", name="Offline sync")).to_be_visible()
    expect(page.get_by_role("link", name="Bigger buttons on phones")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/search?q=ofline+snyc")
    expect(page.get_by_test_id("did-you-mean")).to_have_text("Did you mean “offline sync”?")
    expect(page.get_by_test_id("search-any-word")).to_have_count(0)  # "ofline or snyc" would find nothing either
    assert page_width(page) <= 390
    screenshot(page, "search-did-you-mean-phone", full_page=False)
    assert errors == []
