"""Reading an uploaded CSV: its encoding, delimiter, header row and rows, with the line number each row starts on."""
import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _

from ideabox.errors import FieldError
from ideabox.imports.presets import normalise
from ideabox.spreadsheets import unprotect

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
DELIMITERS = {"comma": ",", "semicolon": ";"}


@dataclass(frozen=True)
class Table:
    """A CSV file read: its headers and, for each row, the line it starts on and its cells by header."""

    delimiter: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]


def too_large_message() -> str:
    """Why a file past MAX_BYTES is refused."""
    return _("The file is larger than %(size)d MB. Split it into smaller files.", size=MAX_BYTES // (1024 * 1024))


def decode(content: bytes) -> str:
    """The file's text: UTF-8, with or without Excel's byte-order mark; anything else is refused."""
    if not content.strip():
        raise FieldError("file", _("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FieldError("file", too_large_message())
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FieldError("file", _("The file is not UTF-8 text. In Excel choose “CSV UTF-8” when you save it; "
                                   "other tools have a similar option.")) from None


def sniff_delimiter(text: str, choice: str = "auto") -> str:
    """The delimiter chosen, or the one of `,` and `;` the header line uses."""
    if choice in DELIMITERS:
        return DELIMITERS[choice]
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;").delimiter
    except csv.Error:
        return ","


def read_table(content: bytes, choice: str = "auto") -> Table:
    """Read the CSV, refusing a file that has no header row or no rows (FieldError on "file")."""
    text = decode(content)
    delimiter = sniff_delimiter(text, choice)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [cell.strip() for cell in next(reader, [])]
        rows = []
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                # an IdeaBox export wrote formula-like text behind a ': read it back as it was
                rows.append((line, dict(zip(headers, (unprotect(cell.strip()) for cell in cells)))))
            line = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise FieldError("file", _("The file has more than %(count)d rows. Split it into smaller files.",
                                           count=MAX_ROWS))
    except csv.Error as error:
        raise FieldError("file", _("The file is not a readable CSV (line %(line)d: %(error)s).",
                                   line=reader.line_num, error=error)) from None
    if not any(headers):
        raise FieldError("file", _("The file has no header row."))
    refuse_repeated_columns(headers)
    if not rows:
        raise FieldError("file", _("The file has a header row but no ideas under it."))
    return Table(delimiter=delimiter, headers=[h for h in headers if h], rows=rows)


def quoted(names) -> str:
    """Column names as a message lists them: “a”, “b”."""
    return ", ".join(f"“{name}”" for name in names)


def refuse_repeated_columns(headers: list[str]) -> None:
    """Refuse a header row naming a column twice, compared as the mapping compares them ("Title" is "title"):
    only one of the two could be read, and the other would be dropped without a word."""
    spellings: dict[str, list[str]] = {}
    for header in filter(None, headers):
        spellings.setdefault(normalise(header) or header, []).append(header)
    repeated = [quoted(names) for names in spellings.values() if len(names) > 1]
    if repeated:
        raise FieldError("file", _("The file has the same column more than once: %(columns)s. Give each column its "
                                   "own name and upload the file again.", columns="; ".join(repeated)))
