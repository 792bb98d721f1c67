"""The backup file: a zip of one JSON-lines file per table and a manifest that says what they hold.

Rows are stored as plain JSON (datetimes in ISO 8601 UTC, bytes in base64), not as SQL, so a backup made on
SQLite restores on PostgreSQL and back: that is how a site moves off its embedded database.
"""
import base64
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa

FORMAT = "ideabox-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """The file is not a backup this IdeaBox can restore, or the database cannot take it; nothing was changed."""


@dataclass(frozen=True)
class TableContents:
    name: str
    columns: list[str]
    rows: int


@dataclass(frozen=True)
class Manifest:
    schema_revision: str
    created_at: str
    source_dialect: str
    tables: list[TableContents]

    def as_json(self) -> str:
        return json.dumps({
            "format": FORMAT, "format_version": FORMAT_VERSION, "schema_revision": self.schema_revision,
            "created_at": self.created_at, "source_dialect": self.source_dialect,
            "tables": [{"name": t.name, "columns": t.columns, "rows": t.rows} for t in self.tables],
        }, indent=1)

    @property
    def row_count(self) -> int:
        return sum(table.rows for table in self.tables)


def table_entry(name: str) -> str:
    return f"tables/{name}.jsonl"


def encode_value(value):
    """A column value as JSON can carry it."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite hands back the stored UTC time without its zone
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decoder_for(column: sa.Column):
    """How to turn a stored JSON value back into what `column` takes (None passes through)."""
    if isinstance(column.type, sa.DateTime):
        return datetime.fromisoformat
    if isinstance(column.type, sa.Date):
        return date.fromisoformat
    if isinstance(column.type, sa.LargeBinary):
        return base64.b64decode
    return None


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """The archive's manifest, checked for shape; BackupError when it is not an IdeaBox backup."""
    try:
        data = json.loads(archive.read(MANIFEST))
        if data.get("format") != FORMAT:
            raise BackupError("This file is not an IdeaBox backup.")
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"This backup's format version {data.get('format_version')!r} is not one this "
                              f"IdeaBox reads ({FORMAT_VERSION}).")
        tables = [TableContents(t["name"], list(t["columns"]), int(t["rows"])) for t in data["tables"]]
        return Manifest(str(data["schema_revision"]), str(data["created_at"]), str(data["source_dialect"]), tables)
    except KeyError:
        raise BackupError("This file is not an IdeaBox backup: it has no manifest.json.") from None
    except (ValueError, TypeError, AttributeError):
        raise BackupError("This backup's manifest.json is damaged.") from None


def open_archive(path) -> zipfile.ZipFile:
    """Open a backup file for reading, or say plainly why it cannot be."""
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"There is no file at {path}.") from None
    except (zipfile.BadZipFile, OSError):
        raise BackupError(f"{path} is not an IdeaBox backup (not a zip file, or cut short).") from None
