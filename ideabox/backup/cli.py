"""`flask backup create` and `flask backup restore`: whole-site backups from cron, and moving between databases."""
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from ideabox.backup.archive import BackupError
from ideabox.backup.create import write_backup
from ideabox.backup.restore import restore_backup
from ideabox.extensions import db

backup = AppGroup("backup", help="Back up the whole site to one file, or restore one into an empty database.")


class BackupRefused(click.ClickException):
    exit_code = 2


def _unreachable(error: Exception) -> BackupRefused:
    """The database DATABASE_URL names could not be opened (no such database or folder, server down, refused),
    in one line: the driver's reason can run to several."""
    cause = error.orig if isinstance(error, sa.exc.DBAPIError) else error
    reason = next((line.strip() for line in str(cause).splitlines() if line.strip()), type(cause).__name__)
    return BackupRefused(f"Cannot open the database {db.engine.url.render_as_string(hide_password=True)}: {reason}")


@backup.command("create")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--keep", type=click.IntRange(min=1), help="Then delete all but the newest KEEP ideabox-*.zip "
              "backups in that folder (for a nightly cron line).")
def create(path, keep):
    """Write every table to PATH (default: instance/backups/ideabox-<UTC time>.zip)."""
    if path is None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        path = Path(current_app.instance_path) / "backups" / f"ideabox-{stamp}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")  # a crash midway must not leave a file that looks whole
    try:
        manifest = write_backup(db.engine, partial)
    except BackupError as error:
        partial.unlink(missing_ok=True)
        raise BackupRefused(str(error)) from None
    except (sa.exc.OperationalError, sqlite3.OperationalError) as error:  # the SQLite snapshot opens the file itself
        partial.unlink(missing_ok=True)
        raise _unreachable(error) from None
    os.replace(partial, path)
    click.echo(f"Backed up {manifest.row_count} rows of {len(manifest.tables)} tables (schema "
               f"{manifest.schema_revision}) to {path} ({path.stat().st_size:,} bytes).")
    if keep:
        newest_first = sorted(path.parent.glob("ideabox-*.zip"), key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
        for old in newest_first[keep:]:
            old.unlink()
            click.echo(f"Deleted the older backup {old}.")


@backup.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def restore(path):
    """Restore the backup at PATH into the empty database DATABASE_URL names, then migrate it to this version."""
    try:
        manifest = restore_backup(db.engine, path)
    except BackupError as error:
        raise BackupRefused(str(error)) from None
    except sa.exc.OperationalError as error:
        raise _unreachable(error) from None
    click.echo(f"Restored {manifest.row_count} rows of {len(manifest.tables)} tables from {path} (made on "
               f"{manifest.source_dialect} at {manifest.created_at}, schema {manifest.schema_revision}) into "
               f"{db.engine.dialect.name}.")


commands = [backup]
