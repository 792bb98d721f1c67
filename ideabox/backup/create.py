"""Writing a backup: every row of every table, read from one snapshot of the database."""
import json
import zipfile
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ideabox.backup.archive import MANIFEST, BackupError, Manifest, TableContents, encode_value, table_entry
from ideabox.backup.snapshot import data_tables, schema_revision, snapshot

ROWS_PER_FETCH = 1000


def write_backup(engine: Engine, target) -> Manifest:
    """Write the whole database to `target` (a path or a binary file) and return what went in."""
    with snapshot(engine) as connection:
        revision = schema_revision(connection)
        if revision is None:
            raise BackupError("This database has no IdeaBox schema yet (run `flask db upgrade`); there is "
                              "nothing to back up.")
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            tables = [_write_table(archive, connection, table) for table in data_tables(connection)]
            manifest = Manifest(revision, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                engine.dialect.name, tables)
            archive.writestr(MANIFEST, manifest.as_json())
    return manifest


def _write_table(archive: zipfile.ZipFile, connection, table: sa.Table) -> TableContents:
    columns = [column.name for column in table.columns]
    order = list(table.primary_key.columns) or list(table.columns)
    rows = connection.execution_options(yield_per=ROWS_PER_FETCH).execute(sa.select(table).order_by(*order))
    count = 0
    member = zipfile.ZipInfo(table_entry(table.name), datetime.now(timezone.utc).timetuple()[:6])
    member.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(member, "w", force_zip64=True) as entry:
        for row in rows:
            line = json.dumps([encode_value(value) for value in row], ensure_ascii=False, separators=(",", ":"))
            entry.write(line.encode("utf-8") + b"\n")
            count += 1
    return TableContents(table.name, columns, count)
