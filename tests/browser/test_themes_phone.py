"""In a real browser on a phone: the theme ranking's table scrolls sideways inside its card, so an executive reaches
the score, effort and value columns (the card cut them off, and the backers figure with them; QA)."""
import pytest
from playwright.sync_api import expect

from ideabox.backers import recount
from ideabox.extensions import db
from ideabox.models import Vote
from tests import factories
from tests.browser.conftest import page_width, screenshot
from tests.factories_roadmap import make_theme

pytestmark = pytest.mark.browser


def test_an_executive_reaches_every_column_of_the_theme_ranking_on_a_phone(live_server, page, sign_in):
    with live_server.app.app_context():
        factories.make_user(role="executive", email="eve@example.com")
        board, people = factories.make_board(name="Mobile app", slug="mobile"), [factories.make_user() for _ in range(3)]
        idea = factories.make_idea(board, people[0], title="Single sign-on with Okta and Azure AD for every workspace")
        db.session.add_all(Vote(idea_id=idea.id, user_id=person.id) for person in people)
        db.session.flush()
        recount(idea)
        make_theme("Single sign-on for enterprise workspaces", [idea], effort=3)
        db.session.commit()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "eve@example.com")
    page.goto(f"{live_server.url}/themes/")
    row = page.get_by_test_id("theme-row")
    expect(row).to_have_count(1)
    assert page_width(page) <= 390
    scroller = page.locator(".table-scroll").filter(has=page.get_by_test_id("theme-ranking"))
    scroller.evaluate("area => { area.scrollLeft = area.scrollWidth; }")
    value = row.get_by_test_id("theme-row-value")
    box = value.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # scrolled into view inside the card
    screenshot(page, "themes-ranking-phone", full_page=False)
