"""Restoring a backup into an empty database: the schema at the backup's revision, every row, then migrations."""
import json
import zipfile

import flask_migrate
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from ideabox.backup.archive import BackupError, Manifest, decoder_for, open_archive, read_manifest, table_entry
from ideabox.backup.snapshot import data_tables, schema_revision
from ideabox.extensions import migrate

ROWS_PER_INSERT = 1000


def restore_backup(engine: Engine, path) -> Manifest:
    """Load the backup at `path` into the app's empty database and bring its schema up to date."""
    with open_archive(path) as archive:
        manifest = read_manifest(archive)
        _check_archive(archive, manifest)
        revisions = _known_revisions()
        if manifest.schema_revision not in revisions:
            raise BackupError(f"This backup comes from a newer IdeaBox (schema {manifest.schema_revision}); "
                              f"this one knows up to {revisions[-1]}. Upgrade IdeaBox, then restore.")
        with engine.connect() as connection:
            _check_empty(connection)
            current = schema_revision(connection)
        _migrate(current, manifest.schema_revision, revisions)
        try:
            with engine.begin() as connection:
                _load(connection, archive, manifest)
        except (ValueError, TypeError):
            raise BackupError("This backup is damaged: a row could not be read.") from None
        except sa.exc.IntegrityError as error:
            raise BackupError(f"This backup's rows do not fit together ({error.orig}); nothing was restored.") from None
    flask_migrate.upgrade()
    return manifest


def _check_archive(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    missing = [t.name for t in manifest.tables if table_entry(t.name) not in archive.namelist()]
    if missing:
        raise BackupError(f"This backup is incomplete: it lacks the table(s) {', '.join(missing)}.")
    damaged = archive.testzip()
    if damaged is not None:
        raise BackupError(f"This backup is damaged: {damaged} does not match its checksum.")


def _known_revisions() -> list[str]:
    """This IdeaBox's migrations, oldest first."""
    script = migrate.get_config().get_main_option("script_location")
    return [revision.revision for revision in reversed(list(ScriptDirectory(script).walk_revisions()))]


def _check_empty(connection: Connection) -> None:
    holding = [table.name for table in data_tables(connection)
               if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first()]
    if holding:
        raise BackupError("A backup restores into an empty database only, and this one holds data (in "
                          f"{', '.join(sorted(holding)[:5])}). Point DATABASE_URL at a new database.")


def _migrate(current: str | None, target: str, revisions: list[str]) -> None:
    """Bring the (empty) schema to the backup's revision, up or down."""
    if current == target:
        return
    if current is not None and revisions.index(current) > revisions.index(target):
        flask_migrate.downgrade(revision=target)
    else:
        flask_migrate.upgrade(revision=target)


def _load(connection: Connection, archive: zipfile.ZipFile, manifest: Manifest) -> None:
    tables = data_tables(connection)
    expected = {t.name: t for t in manifest.tables}
    if set(expected) != {table.name for table in tables}:
        raise BackupError("This backup's tables do not match its schema revision's; it was not made by IdeaBox.")
    loaded: set[str] = set()
    deferred = []
    for table in tables:
        later = _forward_references(table, loaded)
        deferred += _load_table(connection, archive, table, expected[table.name], later)
        loaded.add(table.name)
    for table, column, key_values in deferred:
        _fill_forward_references(connection, table, column, key_values)
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection, tables)


def _forward_references(table: sa.Table, loaded: set[str]) -> set[str]:
    """Columns pointing at rows not yet loaded (a table's own rows, say): loaded empty, filled in at the end."""
    return {fk.parent.name for fk in table.foreign_keys
            if fk.column.table.name not in loaded and fk.parent.nullable}


def _load_table(connection, archive, table: sa.Table, contents, later: set[str]):
    if set(contents.columns) != {column.name for column in table.columns}:
        raise BackupError(f"The columns of {table.name} in this backup do not match its schema revision's.")
    decoders = [decoder_for(table.columns[name]) for name in contents.columns]
    key = [column.name for column in table.primary_key.columns]
    postponed = {name: [] for name in later}
    batch, count = [], 0
    with archive.open(table_entry(table.name)) as entry:
        for line in entry:
            values = json.loads(line)
            row = {name: (decode(value) if decode and value is not None else value)
                   for name, decode, value in zip(contents.columns, decoders, values, strict=True)}
            for name in later:
                if row[name] is not None:
                    postponed[name].append(({k: row[k] for k in key}, row[name]))
                    row[name] = None
            batch.append(row)
            count += 1
            if len(batch) == ROWS_PER_INSERT:
                connection.execute(table.insert(), batch)
                batch = []
    if batch:
        connection.execute(table.insert(), batch)
    if count != contents.rows:
        raise BackupError(f"This backup is cut short: {table.name} holds {count} rows of {contents.rows}.")
    return [(table, name, pairs) for name, pairs in postponed.items() if pairs]


def _fill_forward_references(connection, table: sa.Table, column: str, key_values) -> None:
    statement = sa.update(table).values({column: sa.bindparam("_value")})
    for name in key_values[0][0]:
        statement = statement.where(table.c[name] == sa.bindparam(f"_key_{name}"))
    rows = [{"_value": value, **{f"_key_{k}": v for k, v in keys.items()}} for keys, value in key_values]
    connection.execute(statement, rows)


def _reset_sequences(connection: Connection, tables: list[sa.Table]) -> None:
    # rows came in with their ids, so each id sequence must move past them or the next insert collides
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, sa.Integer):
            connection.execute(sa.text(
                f'SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX("{keys[0].name}"), 1), '
                f'MAX("{keys[0].name}") IS NOT NULL) FROM "{table.name}"'),
                {"table": f'"{table.name}"', "column": keys[0].name})
