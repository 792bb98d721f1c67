"""In a real browser: an admin uploads a Canny-style CSV, sees the preview with a row error, skips it, imports,
finds the ideas on the board, then undoes the import. The pages fit a phone."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import console_errors_of, fill_login_form, page_width, screenshot
from tests.factories_imports import csv_bytes

pytestmark = pytest.mark.browser

HEADER = ["Title", "Details", "Board", "Status", "Author Name", "Author Email", "Created At", "Votes", "Voters", "Tags"]
ROWS = [
    ["Dark mode", "Easier on the eyes at night.", "Mobile app", "complete", "Jane Roe", "jane@example.com",
     "2023-04-05T06:07:08Z", "3", "bo@example.com, al@example.com", "UI"],
    ["Offline mode", "Work on the train.", "Mobile app", "planned", "Bo Lee", "bo@example.com", "2023-05-06", "1", "",
     ""],
    ["", "A row without a title.", "Mobile app", "open", "Al", "al@example.com", "2023-06-07", "0", "", ""],
]


def sign_in(page, live_server, email="ada@example.com"):
    """Through the login form (the footer's language switcher is a form too: click the login form's button)."""
    page.goto(f"{live_server.url}/auth/login")
    fill_login_form(page, email)
    page.wait_for_load_state("networkidle")


def seed(live_server) -> None:
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        factories.make_board(name="Mobile app", slug="mobile")


def test_an_admin_imports_a_canny_export_and_undoes_it(live_server, page, tmp_path):
    seed(live_server)
    path = tmp_path / "canny-posts.csv"
    path.write_bytes(csv_bytes(ROWS, header=HEADER, bom=True))
    errors = console_errors_of(page)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Import ideas").click()
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_label("Board for ideas that name none").select_option(label="Mobile app")
    screenshot(page, "imports-upload")
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_test_id("import-preset")).to_contain_text("Canny")
    expect(page.get_by_test_id("import-error")).to_contain_text("Line 4")
    expect(page.get_by_test_id("import-error")).to_contain_text("No title.")
    expect(page.get_by_test_id("figure-ideas")).to_have_text("2")
    expect(page.get_by_test_id("preview-row")).to_have_count(2)
    screenshot(page, "imports-preview")
    page.get_by_test_id("run-import").click()
    expect(page.locator(".flash--error")).to_contain_text("1 row has an error")

    page.get_by_label("Skip the rows with errors and import the others").check()
    page.get_by_role("button", name="Update preview").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("These rows will be skipped")
    page.get_by_test_id("run-import").click()
    expect(page.locator(".flash--success")).to_contain_text("Imported 2 ideas.")
    expect(page.get_by_test_id("import-state")).to_have_text("Imported")
    screenshot(page, "imports-result")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page_width(page) <= 390
    screenshot(page, "imports-result-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/b/mobile?status=planned")
    expect(page.get_by_text("Offline mode")).to_be_visible()

    page.goto(f"{live_server.url}/admin/imports/")
    expect(page.get_by_test_id("import-row")).to_contain_text("canny-posts.csv")
    page.get_by_test_id("import-row").get_by_role("link", name="Open").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Undo import").click()
    expect(page.locator(".flash--success")).to_contain_text("Import undone")
    expect(page.get_by_test_id("import-state")).to_have_text("Undone")
    page.goto(f"{live_server.url}/b/mobile?status=planned")
    expect(page.get_by_text("Offline mode")).to_have_count(0)
    assert errors == []


def test_the_preview_fits_a_phone(live_server, page, tmp_path):
    seed(live_server)
    path = tmp_path / "ideas.csv"
    path.write_bytes(csv_bytes(ROWS, header=HEADER))
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/imports/")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_test_id("import-preview")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page_width(page) <= 390
    screenshot(page, "imports-preview-390")
    page.goto(f"{live_server.url}/admin/imports/")
    assert page_width(page) <= 390
    screenshot(page, "imports-upload-390")
