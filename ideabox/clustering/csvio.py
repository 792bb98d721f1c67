"""Read feedback CSVs (id, title, body[, group]) with clear errors."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .documents import Document

REQUIRED = ("id", "title", "body")
READ = (*REQUIRED, "group")


class InputError(ValueError):
    """The input file cannot be used; the message says why."""


def read_csv(path: str | Path) -> tuple[list[Document], list[str] | None]:
    """Return the documents of a CSV and its `group` column (None if absent)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte {exc.start}): re-export it as UTF-8") from None
    if not text.strip():
        raise InputError(f"{path} is empty: expected a header row with id,title,body")
    csv.field_size_limit(10_000_000)
    # strict: a quote left open would otherwise swallow every later record into one field
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise InputError(f"{path}, the header row: {exc}; check its quotes") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{path} lacks column(s) {', '.join(missing)}; header is {','.join(header)}")
    twice = [c for c in READ if header.count(c) > 1]
    if twice:
        raise InputError(f"{path} has column(s) {', '.join(twice)} more than once; header is {','.join(header)}")
    reader.fieldnames = header
    return _documents(reader, path)


def _records(reader: csv.DictReader, path: str | Path):
    """The reader's records; a malformed one is an InputError naming the line it starts on."""
    while True:
        starts_on = reader.line_num + 1
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            hint = "" if "field limit" in str(exc) else "; check its quotes"
            raise InputError(f"{path}, the record starting on line {starts_on}: {exc}{hint}") from None


def _documents(reader: csv.DictReader, path: str | Path) -> tuple[list[Document], list[str] | None]:
    docs, groups, seen = [], [], set()
    has_group = "group" in reader.fieldnames
    for line, row in enumerate(_records(reader, path), start=2):
        doc_id = (row.get("id") or "").strip()
        if not doc_id:
            raise InputError(f"{path}, record {line}: empty id")
        if doc_id in seen:
            raise InputError(f"{path}, record {line}: duplicate id {doc_id!r}")
        seen.add(doc_id)
        docs.append(Document(doc_id, row.get("title") or "", row.get("body") or ""))
        if has_group:
            groups.append((row.get("group") or "").strip() or doc_id)
    if not docs:
        raise InputError(f"{path} has a header but no rows")
    return docs, (groups if has_group else None)
