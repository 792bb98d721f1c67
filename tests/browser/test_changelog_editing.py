"""In a real browser: a PM corrects a published release note, filters by kind, and deletes one after confirming."""
import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, screenshot
from tests.factories_roadmap import make_release, ship

pytestmark = pytest.mark.browser


def test_a_pm_corrects_filters_and_deletes_release_notes(live_server, page, sign_in):
    with live_server.app.app_context():
        pm = factories.make_user(role="pm", email="pat@example.com", display_name="Pat PM")
        board = factories.make_board(name="Mobile app", slug="mobile")
        idea = ship(factories.make_idea(board, pm, title="Dark mode"))
        make_release("Dark mod", "Now everywere.", idea=idea, author=pm, kind="new", days_ago=2)
        make_release("Crash on login", "Fixed for **everyone**.", idea=idea, author=pm, kind="fixed", days_ago=1)
        db.session.commit()
    errors = console_errors_of(page)
    sign_in(page, live_server, "pat@example.com")
    page.goto(f"{live_server.url}/changelog")
    notes = page.get_by_test_id("release")
    expect(notes).to_have_count(2)
    expect(page.get_by_test_id("release-kind")).to_have_text(["Fixed", "New"])

    page.get_by_test_id("release-kinds").get_by_role("link", name="Fixed").click()
    expect(notes).to_have_count(1)
    expect(notes.first).to_contain_text("Crash on login")
    page.get_by_test_id("release-kinds").get_by_role("link", name="All").click()

    notes.filter(has_text="Dark mod").get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill("Dark mode")
    page.get_by_label("Release note").fill("Now **everywhere**, on every device.")
    page.get_by_label("What kind of change").select_option("improved")
    screenshot(page, "release-edit")
    page.get_by_role("button", name="Save release note").click()
    expect(page.get_by_text("Release note saved. Nobody was notified again.")).to_be_visible()
    corrected = notes.filter(has_text="Dark mode")
    expect(corrected.get_by_test_id("release-kind")).to_have_text("Improved")
    expect(corrected.locator("strong")).to_have_text("everywhere")
    expect(corrected).to_contain_text("Updated")
    screenshot(page, "release-corrected")

    crash = notes.filter(has_text="Crash on login")
    page.once("dialog", lambda dialog: dialog.dismiss())  # asked first: cancelling keeps the note
    crash.get_by_role("button", name="Delete").click()
    expect(notes).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    crash.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Release note “Crash on login” deleted.")).to_be_visible()
    expect(notes).to_have_count(1)
    assert errors == []
