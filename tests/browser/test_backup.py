"""In a real browser: an admin finds Backup and restore in the admin menu, downloads a backup of the site, and the
file holds every idea; the page fits a phone."""
import json
import zipfile

import pytest
from playwright.sync_api import expect

from ideabox.extensions import db
from tests import factories
from tests.browser.conftest import console_errors_of, page_width, screenshot

pytestmark = pytest.mark.browser


def seed(live_server) -> None:
    with live_server.app.app_context():
        factories.make_user(role="admin", email="ada@example.com", display_name="Ada Admin")
        board = factories.make_board(name="Mobile app", slug="mobile")
        author = factories.make_user(display_name="Casey Customer")
        for title in ("Offline mode", "Dark mode", "Export to CSV"):
            factories.make_idea(board, author, title=title)
        db.session.commit()


def test_an_admin_downloads_a_backup_of_the_site(live_server, page, sign_in, tmp_path):
    seed(live_server)
    errors = console_errors_of(page)
    sign_in(page, live_server, "ada@example.com")
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Backup and restore").click()
    expect(page.get_by_role("heading", name="Backup and restore", level=1)).to_be_visible()
    screenshot(page, "backup-page")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-backup").click()
    download = download_info.value
    assert download.suggested_filename.startswith("ideabox-") and download.suggested_filename.endswith(".zip")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        tables = {t["name"]: t for t in json.loads(archive.read("manifest.json"))["tables"]}
        title = tables["ideas"]["columns"].index("title")
        titles = {json.loads(line)[title] for line in archive.read("tables/ideas.jsonl").splitlines()}
    assert titles == {"Offline mode", "Dark mode", "Export to CSV"}
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_test_id("audit-event").first).to_contain_text("downloaded a backup of the whole site")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/backup")
    assert page_width(page) <= 390
    screenshot(page, "backup-page-phone")
    assert errors == []
