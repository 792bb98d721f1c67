"""CSV downloads that spreadsheets open safely: Excel reads the encoding right, and no cell runs as a formula."""
import csv
import io
from typing import Iterable, Iterator

from flask import Response, stream_with_context

# a spreadsheet runs a cell that starts like a formula (CSV injection): such text is written with a leading '
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # text already starting with ' then a formula character gets one more, so unprotect() gives it back whole
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def unprotect(text: str) -> str:
    """A cell's text as it was before csv_text protected it: the one ' it added taken off, nothing else."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START) else text


def csv_text(rows: Iterable[list]) -> Iterator[str]:
    """The rows as CSV text, a line at a time, after a byte-order mark (without which Excel misreads
    accented names as another encoding)."""
    yield "\ufeff"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_download(rows: Iterable[list], filename: str) -> Response:
    """A streamed attachment of the rows (read within the request, so they may query the database)."""
    return Response(stream_with_context(csv_text(rows)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
