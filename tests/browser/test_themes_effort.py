"""In a real browser: a PM sizes themes on their pages and ranks the themes by value for effort."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.factories_roadmap import back, make_theme

pytestmark = pytest.mark.browser


def test_a_pm_sizes_themes_and_ranks_them_by_value_for_effort(live_server, page, sign_in):
    with live_server.app.app_context():
        factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        customer = factories.make_user(email="casey@example.com")
        board = factories.make_board(name="Mobile app", slug="mobile")
        ids = {}
        for title, backers in (("Exports", 6), ("Dark mode", 4), ("Offline", 2)):
            idea = factories.make_idea(board, customer, title=title)
            back(idea, backers)
            ids[title] = make_theme(title, [idea], status="open").id
        db.session.commit()
    errors = console_errors_of(page)
    sign_in(page, live_server, "pat@example.com")
    for title, choice in (("Exports", "XL · 8 points"), ("Dark mode", "S · 2 points")):
        page.goto(f"{live_server.url}/themes/{ids[title]}")
        page.get_by_label("How much work it is").select_option(label=choice)
        page.get_by_role("button", name="Save effort").click()
        expect(page.get_by_text(f"Effort: {choice}.")).to_be_visible()
        expect(page.get_by_test_id("theme-effort")).to_contain_text(choice)
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
