"""The backers of an idea or theme as CSV, for a spreadsheet or a CRM import."""
import csv
import io
from typing import Iterable, Iterator

from ideabox.backing.queries import account_demand, every_backer

COLUMNS = ["kind", "name", "email", "customer_account", "segment", "annual_revenue", "backed_at", "ideas",
           "recorded_by", "note"]
# a spreadsheet runs a cell that starts like a formula (CSV injection): such text is written with a leading '
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _lines(rows: Iterable[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _account_cells(account) -> list:
    return [account.name, account.segment, account.annual_revenue] if account else ["", "", ""]


def _rows(family) -> Iterator[list]:
    yield COLUMNS
    for backer in every_backer(family):
        user = backer.user
        yield ["person", user.display_name, user.email, *_account_cells(user.customer_account),
               backer.first_backed_at.isoformat(), "; ".join(idea.title for idea in backer.ideas), "", ""]
    for demand, idea in account_demand(family):
        recorder = demand.recorded_by.display_name if demand.recorded_by else ""
        yield ["account", "", "", *_account_cells(demand.customer_account), demand.created_at.isoformat(),
               idea.title, recorder, demand.note]


def backers_csv(family) -> Iterator[str]:
    """The family's backers as CSV text, a line at a time: people, then accounts the team recorded.
    It starts with a byte-order mark, without which Excel misreads accented names as another encoding."""
    yield "\ufeff"
    yield from _lines(_rows(family))
