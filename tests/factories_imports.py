"""Builders for import tests: CSV files as bytes, and counting what the database holds."""
import csv
import io

from sqlalchemy import func, select

from ideabox.extensions import db

GENERIC_HEADER = ["title", "description", "status", "board", "author email", "author name", "created", "voters",
                  "votes", "tags", "official response"]


def csv_bytes(rows, header=GENERIC_HEADER, delimiter=",", bom=False) -> bytes:
    """A CSV file of `rows` (lists, or dicts by header) under `header`, as an upload sends it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def make_imports(board) -> dict:
    """One file staged with a row error (its preview) and one imported (its result page), by the command line."""
    from ideabox.imports import services

    rows = [{"title": "Imported: calendar sync", "status": "started", "voters": "a11y-voter@example.com"},
            {"title": "", "description": "A row without a title"}]
    preview = services.start_import(None, "errors.csv", csv_bytes(rows), board=board)
    done = services.start_import(None, "done.csv", csv_bytes(rows[:1]), board=board)
    services.run_import(done, None)
    db.session.commit()
    return {"import_preview": preview.id, "import_done": done.id}
