"""Admin → Backup and restore: only admins download, the download is a whole backup, and it is on the audit log."""
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from ideabox.backup.archive import MANIFEST
from ideabox.extensions import db
from ideabox.models import AuditEvent
from tests import factories
from tests.conftest import ROLES, login


def downloads() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "site.backed_up")))


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_open_the_backup_page_and_download(client, as_role, role):
    as_role(role)
    expected = {"anonymous": 302, "admin": 200}.get(role, 403)
    page = client.get("/admin/backup")
    download = client.post_form("/admin/backup")
    assert (page.status_code, download.status_code) == (expected, expected)
    if role == "anonymous":
        assert "/auth/login" in page.headers["Location"]
    if role != "admin":
        assert downloads() == []
    else:
        assert download.mimetype == "application/zip"
        assert 'href="/admin/backup"' in client.get("/admin/").get_data(as_text=True)  # in the admin menu


def test_the_download_is_a_backup_of_every_table_and_is_audited(client, admin):
    board = factories.make_board(name="Web app", slug="web")
    factories.make_idea(board, admin, title="Dark mode")
    login(client, admin)
    response = client.post_form("/admin/backup")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=ideabox-")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        rows = {t["name"]: t["rows"] for t in manifest["tables"]}
        assert rows["ideas"] == 1 and rows["boards"] == 1 and rows["users"] == 1
        columns = next(t["columns"] for t in manifest["tables"] if t["name"] == "ideas")
        [idea] = [dict(zip(columns, json.loads(line))) for line in archive.read("tables/ideas.jsonl").splitlines()]
        assert idea["title"] == "Dark mode"
    [event] = downloads()
    assert event.actor_id == admin.id and event.details["rows"] == sum(rows.values())
    assert "downloaded a backup of the whole site" in client.get("/admin/").get_data(as_text=True)


def test_a_download_needs_the_csrf_token(client, admin):
    login(client, admin)
    assert client.post("/admin/backup").status_code == 400
    assert downloads() == []


@pytest.mark.parametrize("database, words", [("sqlite", "To move it to PostgreSQL"),
                                             ("postgresql", "To restore a backup, create an empty database")])
def test_the_page_says_how_to_move_or_restore_for_the_database_in_use(client, admin, database, words):
    login(client, admin)
    page = client.get("/admin/backup").get_data(as_text=True)
    if db.engine.dialect.name == database:
        assert words in page
    else:
        assert words not in page
    assert "backup create --keep 14" in page
