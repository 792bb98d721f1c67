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
