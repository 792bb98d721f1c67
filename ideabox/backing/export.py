"""The backers of an idea or theme as CSV, for a spreadsheet or a CRM import."""
from typing import Iterator

from ideabox.backing.queries import account_demand, every_backer

COLUMNS = ["kind", "name", "email", "customer_account", "segment", "annual_revenue", "backed_at", "ideas",
           "recorded_by", "note"]


def _account_cells(account) -> list:
    return [account.name, account.segment, account.annual_revenue] if account else ["", "", ""]


def backer_rows(family) -> Iterator[list]:
    """The family's backers as spreadsheet rows after a header: people, then accounts the team recorded."""
    yield COLUMNS
    for backer in every_backer(family):
        user = backer.user
        yield ["person", user.display_name, user.email, *_account_cells(user.customer_account),
               backer.first_backed_at.isoformat(), "; ".join(idea.title for idea in backer.ideas), "", ""]
    for demand, idea in account_demand(family):
        recorder = demand.recorded_by.display_name if demand.recorded_by else ""
        yield ["account", "", "", *_account_cells(demand.customer_account), demand.created_at.isoformat(),
               idea.title, recorder, demand.note]
