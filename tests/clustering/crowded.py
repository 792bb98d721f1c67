"""A board of long bug reports written on one template: unrelated reports share most of their words.

Written for these tests. Each report differs from the others only in the problem it names, so raw
scores between unrelated reports are high; only a score well above that background means "the same".
"""
from ideabox.clustering import Document

PROBLEMS = [
    "the export button does nothing", "the chart legend overlaps the axis", "the date picker shows the wrong month",
    "the search box loses my query", "the avatar upload fails", "the sidebar collapses by itself",
    "the invoice total is rounded wrong", "the notification bell count never clears",
    "the language switch resets to English", "the print view cuts off the last column",
    "the filter by tag ignores archived ideas", "the comment editor drops line breaks",
    "the team page lists deleted members", "the CSV import skips the first row", "the roadmap card colours are swapped",
    "the password reset link expires at once", "the timezone of due dates is off by one hour",
    "the drag and drop of cards stutters", "the keyboard shortcut for search is ignored",
    "the mobile menu cannot be closed", "the vote counter jumps back after a refresh",
    "the tooltip on the status badge is empty", "the board description is cut after 200 characters",
    "the email digest arrives twice",
]
TEMPLATE = ("Steps to reproduce: log in with a company account on the web app, open the dashboard from the top menu, "
            "wait until every widget has loaded and then {problem}. Expected it to work as described in the help "
            "centre. Browser: latest Chrome on Windows 11, also seen on Firefox. This blocks our weekly reporting for "
            "the whole team.")
# a new report of a problem nobody filed yet, and a re-report of the first one in other words
UNRELATED = ("The status filter forgets my choice", "the status filter forgets my choice")
DUPLICATE = ("Export button does nothing", "clicking export does nothing at all")


def report(title: str, problem: str) -> tuple[str, str]:
    """Return (title, body) of a report on the template."""
    return title, TEMPLATE.format(problem=problem)


def board_reports() -> list[tuple[str, str]]:
    """(title, body) of every report on the board, in PROBLEMS order."""
    return [report(p[0].upper() + p[1:], p) for p in PROBLEMS]


def crowded_documents() -> list[Document]:
    """The board's reports as engine documents, ids 0.."""
    return [Document(i, title, body) for i, (title, body) in enumerate(board_reports())]
