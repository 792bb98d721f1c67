"""CSV downloads: formula-like text is protected on the way out and read back exactly by the import."""
import csv
import io

import pytest

from ideabox.imports.reading import read_table
from ideabox.spreadsheets import FORMULA_START, csv_text, unprotect

TEXTS = [f"{start}1 day offset" for start in FORMULA_START] + [
    "'Tis the season", "'quoted' words", "'", "'-1' as a literal", "''=two apostrophes", "Plain", "x = y",
]


def _written(values: list[str]) -> list[str]:
    """What a spreadsheet reads in each cell of the CSV text of one row."""
    return next(csv.reader(io.StringIO("".join(csv_text([values])).lstrip("\ufeff"), newline="")))


@pytest.mark.parametrize("text", TEXTS)
def test_no_cell_starts_like_a_formula_and_unprotect_gives_the_text_back(text):
    [cell] = _written([text])
    assert not cell.startswith(FORMULA_START)
    assert unprotect(cell) == text


def test_a_genuine_leading_apostrophe_before_other_text_is_kept():
    assert [unprotect(text) for text in ["'Tis", "'quoted'", "'", "' spaced"]] == ["'Tis", "'quoted'", "'", "' spaced"]


def test_the_import_reads_an_exported_file_back_cell_for_cell():
    content = "".join(csv_text([["title", "description"], *[[text, "- " + text] for text in TEXTS]])).encode()
    table = read_table(content)
    assert [(row["title"], row["description"]) for _, row in table.rows] == [(text, "- " + text) for text in TEXTS]
