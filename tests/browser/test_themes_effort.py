"""In a real browser: a PM sizes themes and ideas on their pages and ranks themes and a board by value for effort."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.factories_roadmap import back, make_theme

pytestmark = pytest.mark.browser


def seed_backed_work(live_server, as_themes: bool) -> dict:
    """A PM, and Exports, Dark mode and Offline with 6, 4 and 2 backers: ideas on the Mobile board, each
    in a theme of its own when as_themes. Returns their ids by title."""
    with live_server.app.app_context():
        factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        customer = factories.make_user(email="casey@example.com")
        board = factories.make_board(name="Mobile app", slug="mobile")
        ids = {}
        for title, backers in (("Exports", 6), ("Dark mode", 4), ("Offline", 2)):
            idea = factories.make_idea(board, customer, title=title)
            back(idea, backers)
            ids[title] = make_theme(title, [idea], status="open").id if as_themes else idea.id
        db.session.commit()
    return ids


def size_each(page, pages_url: str, ids: dict) -> None:
    """Size Exports XL and Dark mode S on their own pages (pages_url + id), as a PM does."""
    for title, choice in (("Exports", "XL · 8 points"), ("Dark mode", "S · 2 points")):
        page.goto(f"{pages_url}{ids[title]}")
        page.get_by_test_id("effort-select").select_option(label=choice)
        page.get_by_test_id("effort-submit").click()
        expect(page.get_by_text(f"Effort: {choice}.")).to_be_visible()


def test_a_pm_sizes_themes_and_ranks_them_by_value_for_effort(live_server, page, sign_in):
    ids = seed_backed_work(live_server, as_themes=True)
    errors = console_errors_of(page)
    sign_in(page, live_server, "pat@example.com")
    size_each(page, f"{live_server.url}/themes/", ids)
    expect(page.get_by_test_id("theme-effort")).to_contain_text("S · 2 points")
    screenshot(page, "theme-effort")

    page.goto(f"{live_server.url}/themes/")
    rows = page.get_by_test_id("theme-row")
    expect(rows.locator(".theme-table__title")).to_have_text(["Exports", "Dark mode", "Offline"])
    page.get_by_test_id("theme-rankings").get_by_role("link", name="Value for effort").click()
    expect(page).to_have_url(f"{live_server.url}/themes/?by=value")
    expect(rows.locator(".theme-table__title")).to_have_text(["Dark mode", "Exports", "Offline"])
    expect(rows.get_by_test_id("theme-row-effort")).to_have_text(["S · 2 points", "XL · 8 points", "—"])
    screenshot(page, "themes-by-value")
    assert errors == []


def test_a_pm_sizes_ideas_and_ranks_a_board_by_value_for_effort(live_server, page, sign_in):
    ids = seed_backed_work(live_server, as_themes=False)
    errors = console_errors_of(page)
    sign_in(page, live_server, "pat@example.com")
    size_each(page, f"{live_server.url}/ideas/", ids)
    page.goto(f"{live_server.url}/b/mobile")
    rows = page.get_by_test_id("idea-row").locator(".idea-row__title")
    expect(rows).to_have_text(["Exports", "Dark mode", "Offline"])
    page.get_by_role("link", name="Value for effort").click()
    expect(rows).to_have_text(["Dark mode", "Exports", "Offline"])
    expect(page.get_by_test_id("idea-effort")).to_have_text(["S · 2 points", "XL · 8 points"])
    screenshot(page, "board-by-value", full_page=False)
    assert errors == []
