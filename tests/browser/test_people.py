"""In a real browser: a visitor follows an author's name from an idea to their profile and on to the top
contributors; the pages fit a phone."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import IdeaStatus
from tests import factories
from tests.browser.conftest import console_errors_of, page_width, screenshot

pytestmark = pytest.mark.browser


def seed(live_server) -> int:
    with live_server.app.app_context(), live_server.app.test_request_context():
        pm = factories.make_user(role="pm", display_name="Pat PM")
        casey = factories.make_user(display_name="Casey Customer")
        board = factories.make_board(name="Mobile app", slug="mobile")
        offline = factories.make_idea(board, casey, title="Offline mode", body="Let me work on the train.")
        factories.make_idea(board, casey, title="Dark mode")
        for _ in range(4):
            cast_vote(offline, factories.make_user())
        change_status(offline, IdeaStatus.SHIPPED, pm, note="Out now.")
        db.session.commit()
        return offline.id


def test_a_visitor_reads_a_contributors_profile_and_the_leaderboard(live_server, page, browser):
    idea_id = seed(live_server)
    errors = console_errors_of(page)
    page.goto(f"{live_server.url}/ideas/{idea_id}")
    page.locator(".idea-head").get_by_role("link", name="Casey Customer").click()
    expect(page.get_by_role("heading", name="Casey Customer")).to_be_visible()
    expect(page.get_by_test_id("reputation-total")).to_have_text("29")  # 4 backers + 25 for shipping
    expect(page.get_by_test_id("points-shipped")).to_have_text("1")
    expect(page.get_by_test_id("profile-idea")).to_have_count(2)
    screenshot(page, "people-profile")

    page.get_by_role("link", name="← Top contributors").click()
    first = page.get_by_test_id("contributor").first
    expect(first).to_contain_text("Casey Customer")
    expect(first).to_contain_text("1 idea adopted")
    expect(first.get_by_test_id("reputation")).to_contain_text("29")
    expect(page.get_by_role("link", name="People")).to_have_class("is-active")
    screenshot(page, "people-leaderboard")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/people", page.url.replace(live_server.url, "")):
        page.goto(f"{live_server.url}{path}")
        assert page_width(page) <= 390, path
    page.get_by_role("link", name="Casey Customer").click()
    screenshot(page, "people-profile-phone")
    assert errors == []


def test_a_long_unbroken_name_wraps_on_a_phone(live_server, page):
    long_name = "Maximilian" * 8  # 80 characters, the longest a display name may be, with nowhere to break
    with live_server.app.app_context(), live_server.app.test_request_context():
        person = factories.make_user(display_name=long_name)
        idea = factories.make_idea(factories.make_board(), person, title="Offline mode")
        cast_vote(idea, factories.make_user())
        db.session.commit()
        person_id = person.id
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (f"/people/{person_id}", "/people"):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_text(long_name).first).to_be_visible()
        assert page_width(page) <= 390, path
        overflowing = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(element => element.getBoundingClientRect().right > window.innerWidth)
            .map(element => element.tagName + '.' + element.className)""")
        assert overflowing == [], path
    screenshot(page, "people-long-name-phone")
