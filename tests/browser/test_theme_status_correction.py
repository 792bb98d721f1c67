"""In a real browser: a PM who shipped a theme by mistake moves it back quietly; its release note leaves the
changelog and nobody is told."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.factories_roadmap import back, make_release, make_theme

pytestmark = pytest.mark.browser


def test_a_pm_corrects_a_shipped_theme_without_telling_anyone(live_server, page, sign_in):
    with live_server.app.app_context():
        pm = factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        board = factories.make_board(name="Mobile app", slug="mobile")
        idea = factories.make_idea(board, factories.make_user(email="casey@example.com"), title="Export to CSV")
        back(idea, 3)
        theme = make_theme("Exports", [idea], status="shipped")
        make_release("Exports are here", "CSV and PDF.", theme=theme, author=pm)
        theme_id = theme.id
    errors = console_errors_of(page)
    sign_in(page, live_server, "pat@example.com")
    page.goto(f"{live_server.url}/themes/{theme_id}")
    form = page.get_by_test_id("theme-status-form")
    withdraw = form.get_by_test_id("status-withdraw-releases")
    expect(withdraw).to_be_checked()
    expect(form).to_contain_text("also withdraw the release note “Exports are here” from the changelog")
    form.get_by_label("Status", exact=True).select_option(label="In progress")
    form.get_by_test_id("theme-status-quiet").check()
    form.scroll_into_view_if_needed()
    screenshot(page, "theme-status-correction")
    form.get_by_role("button", name="Update theme and its ideas").click()
    expect(page.get_by_text("Theme and its ideas moved to In progress. Nobody was told. Its release note is "
                            "withdrawn from the changelog.")).to_be_visible()
    page.goto(f"{live_server.url}/changelog")
    expect(page.get_by_text("Exports are here")).to_have_count(0)
    assert errors == []
