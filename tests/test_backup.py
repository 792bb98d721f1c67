"""`flask backup create` / `restore`: every row comes back, on either database, and bad files change nothing."""
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from ideabox.backup.archive import MANIFEST
from ideabox.backup.create import write_backup
from ideabox.backup.snapshot import schema_revision
from ideabox.extensions import db
from ideabox.models import Idea, User
from tests import factories
from tests.factories_backup import app_on, fill_every_table, table_rows

DEMO_PASSWORD = "ideabox-demo"


def other_kind(engine) -> str:
    return "sqlite" if engine.dialect.name == "postgresql" else "postgresql"


def back_up(runner, path):
    result = runner.invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output
    return result


def restore_into(url, path, tmp_path):
    """Run `flask backup restore` against the database at `url`; return the app on it and the CLI result."""
    target = app_on(url, tmp_path)
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["backup", "restore", str(path)])
        db.engine.dispose()
    return target, result


def rows_of(target) -> dict:
    with target.app_context():
        rows = table_rows(db.engine)
        db.engine.dispose()
    return rows


@pytest.fixture
def filled(app):
    fill_every_table()
    return table_rows(db.engine)


def test_the_site_used_here_has_a_row_in_every_table(filled):
    # Keeps the round trips below honest: a table added later must be given rows in fill_every_table.
    assert [name for name, rows in filled.items() if not rows] == []


@pytest.mark.parametrize("kind", ["same", "other"])
def test_a_backup_restores_every_row_on_either_database(app, runner, filled, empty_database, tmp_path, kind):
    back_up(runner, tmp_path / "site.zip")
    url = empty_database(db.engine.dialect.name if kind == "same" else other_kind(db.engine))
    target, result = restore_into(url, tmp_path / "site.zip", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"Restored {sum(map(len, filled.values()))} rows of {len(filled)} tables" in result.output
    assert rows_of(target) == filled


def test_the_restored_site_works_new_rows_included(app, runner, filled, empty_database, tmp_path):
    back_up(runner, tmp_path / "site.zip")
    target, _ = restore_into(empty_database(db.engine.dialect.name), tmp_path / "site.zip", tmp_path)
    with target.app_context():
        person = db.session.scalar(sa.select(User).where(User.email == "customer@demo.example.com"))
        highest = db.session.scalar(sa.select(sa.func.max(Idea.id)))
        client = target.test_client()
        signed_in = client.post_form("/auth/login", {"email": person.email, "password": DEMO_PASSWORD})
        assert signed_in.status_code in (302, 303), "the demo password still signs in"
        assert person.display_name in client.get("/").get_data(as_text=True)
        board = factories.make_board(name="After the move", slug="after")
        idea = factories.make_idea(board, person, title="A first idea on the restored site")
        assert idea.id > highest  # the id sequences moved past the restored rows
        db.session.remove()
        db.engine.dispose()


def test_a_backup_of_an_older_schema_is_migrated_as_it_is_restored(app, empty_database, tmp_path):
    old = app_on(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path)
    with old.app_context():
        flask_migrate.upgrade(revision="0028")
        users = sa.Table("users", sa.MetaData(), autoload_with=db.engine)
        with db.engine.begin() as connection:
            connection.execute(users.insert(), [{
                "id": 7, "email": "old@example.com", "display_name": "Old Timer", "role": "customer",
                "timezone": "UTC", "email_notifications": True, "new_idea_notifications": True,
                "new_idea_digest": False, "created_at": datetime.now(timezone.utc), "reputation": 3,
                "unsubscribe_token": "t" * 32, "is_suspended": False,
            }])
        manifest = write_backup(db.engine, tmp_path / "old.zip")
        db.engine.dispose()
    assert manifest.schema_revision == "0028"
    target, result = restore_into(empty_database(db.engine.dialect.name), tmp_path / "old.zip", tmp_path)
    assert result.exit_code == 0, result.output
    with target.app_context():
        with db.engine.connect() as connection:
            assert schema_revision(connection) != "0028"
        person = db.session.get(User, 7)
        # 0043 recounted the reputation from what the site holds: nothing of theirs earns a point
        assert (person.display_name, person.reputation, person.locale) == ("Old Timer", 0, None)
        db.session.remove()
        db.engine.dispose()


def rewritten(source, target, change):
    """Copy the backup at `source` to `target`, with `change(name, bytes)` deciding each member's new bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = change(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
    return target


def with_manifest(**changes):
    def change(name, data):
        if name != MANIFEST:
            return data
        return json.dumps({**json.loads(data), **changes})
    return change


def one_more_user_row(name, data):
    if name != MANIFEST:
        return data
    manifest = json.loads(data)
    next(t for t in manifest["tables"] if t["name"] == "users")["rows"] += 1
    return json.dumps(manifest)


def saved(path, data: bytes):
    path.write_bytes(data)
    return path


BAD_FILES = {
    "missing": (lambda good, path: path, "There is no file at"),
    "not a zip": (lambda good, path: saved(path, b"id,title\n1,Dark mode\n"), "is not an IdeaBox backup"),
    "cut short": (lambda good, path: saved(path, good.read_bytes()[:-4000]), "is not an IdeaBox backup"),
    "no manifest": (lambda good, path: rewritten(good, path, lambda n, d: None if n == MANIFEST else d),
                    "it has no manifest.json"),
    "another format": (lambda good, path: rewritten(good, path, with_manifest(format="other-tool")),
                       "This file is not an IdeaBox backup."),
    "newer schema": (lambda good, path: rewritten(good, path, with_manifest(schema_revision="9999")),
                     "comes from a newer IdeaBox (schema 9999)"),
    "a table missing": (lambda good, path: rewritten(good, path, lambda n, d: None if n == "tables/votes.jsonl"
                                                     else d), "it lacks the table(s) votes"),
    "rows missing": (lambda good, path: rewritten(good, path, one_more_user_row), "users holds"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_a_reason_and_leaves_the_database_empty(app, runner, empty_database, tmp_path,
                                                                          case):
    factories.make_idea(factories.make_board(), factories.make_user(), title="Dark mode")
    good = tmp_path / "good.zip"
    back_up(runner, good)
    make_file, reason = BAD_FILES[case]
    bad = make_file(good, tmp_path / "bad.zip")
    target, result = restore_into(empty_database(db.engine.dialect.name), bad, tmp_path)
    assert result.exit_code == 2
    assert reason in result.output
    assert not any(rows_of(target).values())


def test_a_backup_never_restores_over_a_site_that_holds_data(app, runner, filled, tmp_path):
    back_up(runner, tmp_path / "site.zip")
    result = runner.invoke(args=["backup", "restore", str(tmp_path / "site.zip")])
    assert result.exit_code == 2
    assert "restores into an empty database only" in result.output
    assert table_rows(db.engine) == filled


def test_nightly_backups_keep_only_the_newest(app, runner, tmp_path):
    factories.make_user()
    folder = tmp_path / "backups"
    for night in range(1, 5):
        result = runner.invoke(args=["backup", "create", str(folder / f"ideabox-night{night}.zip"), "--keep", "2"])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["ideabox-night3.zip", "ideabox-night4.zip"]


def test_a_backup_without_a_path_goes_to_the_instance_folder(app, runner, tmp_path):
    factories.make_user()
    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["backup", "create"])
    assert result.exit_code == 0, result.output
    written = list((Path(app.instance_path) / "backups").glob("ideabox-*.zip"))
    assert len(written) == 1 and str(written[0]) in result.output
    with zipfile.ZipFile(written[0]) as archive:
        assert json.loads(archive.read(MANIFEST))["schema_revision"] == schema_revision(db.session.connection())


@pytest.mark.parametrize("command", ["create", "restore"])
def test_a_database_that_cannot_be_opened_is_named_in_one_line(app, runner, tmp_path, command):
    back_up(runner, tmp_path / "site.zip")
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'ideabox.sqlite3'}"
    target = app_on(unreachable, tmp_path)
    path = tmp_path / ("site.zip" if command == "restore" else "new.zip")
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["backup", command, str(path)])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: Cannot open the database sqlite:///") and "unable to open database file" in line
    assert not (tmp_path / "no-such-folder").exists() and not (tmp_path / "new.zip").exists()


def test_a_backup_of_a_database_file_that_is_not_there_makes_no_file(app, runner, tmp_path):
    missing = tmp_path / "ideabox.sqlite3"
    with app_on(f"sqlite:///{missing}", tmp_path).app_context() as context:
        result = context.app.test_cli_runner().invoke(args=["backup", "create", str(tmp_path / "new.zip")])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: Cannot open the database sqlite:///") and "unable to open database file" in line
    assert not missing.exists() and not (tmp_path / "new.zip").exists()
