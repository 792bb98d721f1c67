"""idea search on SQLite: a stemmed full-text index of titles and bodies

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-08 14:00:00

SQLite searched with LIKE, word by word: "exports" did not find "Export tasks to CSV", and "cat" found
"Duplicate a project". ideas_fts is an FTS5 index of every idea's title and body with the Porter stemmer, as
PostgreSQL's English configuration stems (its GIN index is 0002's; nothing to do there). It is external-content:
it holds the index, ideas holds the text. The triggers keep it in step with ideas: a new idea, an edit of its
title or body (not the vote counts), a deletion.

A later migration that rebuilds `ideas` on SQLite (batch_alter_table copies the table, drops it and renames the
copy) drops these triggers with it and must create TRIGGERS again; tests/test_search_stemming.py fails otherwise.
"""
from alembic import op


revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None

TABLE = ("CREATE VIRTUAL TABLE ideas_fts USING fts5("
         "title, body, content='ideas', content_rowid='id', tokenize='porter unicode61')")
# An external-content index forgets a row by being told its old words, exactly as indexed.
_FORGET = "INSERT INTO ideas_fts(ideas_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);"
_LEARN = "INSERT INTO ideas_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
TRIGGERS = {
    "ideas_fts_insert": f"CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN {_LEARN} END",
    "ideas_fts_update": f"CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body ON ideas "
                        f"BEGIN {_FORGET} {_LEARN} END",
    "ideas_fts_delete": f"CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN {_FORGET} END",
}


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(TABLE)
    for trigger in TRIGGERS.values():
        op.execute(trigger)
    op.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")  # index the ideas already there


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS ideas_fts")
