"""A small hand-written, labelled sample of customer feedback for the quality regression test.

Written for these tests (not taken from any dataset): short consumer phrasing, paraphrases, typos,
title-only items, and distractors that share words with a group but ask for something else.
"""
from ideabox.clustering import Document

ROWS = [
    ("a1", "Dark mode", "The white screen is blinding at night, please add a dark theme.", "dark"),
    ("a2", "Night theme", "Can we get a darker colour scheme for evening use?", "dark"),
    ("a3", "pls add dark mode!!", "", "dark"),
    ("a4", "Option for black background", "My eyes hurt after an hour. A dark UI would help.", "dark"),
    ("b1", "Export to CSV", "I want to download all my data as a CSV file.", "csv"),
    ("b2", "Download data as spreadsheet", "Need an export button that gives me an Excel or csv file.", "csv"),
    ("b3", "exprot csv", "export my contacts list to csv", "csv"),
    ("c1", "Log in with Google", "Please let me sign in using my Google account.", "google"),
    ("c2", "Google sign-in", "Single sign on with Google would be great, too many passwords.", "google"),
    ("c3", "SSO via Gmail account", "", "google"),
    ("d1", "Offline mode", "The app is useless on the underground, let me use it without internet.", "offline"),
    ("d2", "Work without an internet connection", "Cache my notes so I can read them on a plane.", "offline"),
    ("e1", "Remind me before a due date", "Send a notification a day before a task is due.", "remind"),
    ("e2", "Due date reminders", "I keep missing deadlines, an email reminder would help.", "remind"),
    ("e3", "Notify me when tasks are due", "", "remind"),
    ("f1", "Undo delete", "I deleted a project by accident and could not get it back.", "undo"),
    ("f2", "Trash bin / restore deleted items", "Please keep deleted things for 30 days so we can restore them.", "undo"),
    ("g1", "Bulk edit tasks", "Select many tasks at once and change their status together.", "bulk"),
    ("g2", "Multi-select to change several items", "Editing tasks one by one takes forever.", "bulk"),
    ("h1", "Two factor authentication", "Add 2FA with an authenticator app.", "2fa"),
    ("h2", "2FA login security", "Please support two-step verification codes when signing in.", "2fa"),
    ("i1", "Share a board with people outside my team", "Guests should be able to view a board read-only.", "guest"),
    ("i2", "Read-only guest access", "Let clients see our board without giving them an account.", "guest"),
    ("j1", "Recurring tasks", "Tasks that repeat every week, like paying rent.", "recur"),
    ("j2", "Repeat a task every month", "I want a task to come back automatically each month.", "recur"),
    ("x1", "Change the logo colour", "The orange logo clashes with our brand.", "x1"),
    ("x2", "Dark chocolate theme for the holiday newsletter", "Marketing wants a brown palette for December.", "x2"),
    ("x3", "Export invoices to PDF", "Our accountant needs printable PDF invoices.", "x3"),
    ("x4", "Import contacts from Outlook", "Let me bring my address book over from Outlook.", "x4"),
    ("x5", "Faster search", "Searching takes several seconds on big projects.", "x5"),
    ("x6", "Slack integration", "Post new comments to a Slack channel.", "x6"),
    ("x7", "Bigger font size", "Text is too small on my laptop.", "x7"),
    ("x8", "Google Calendar sync", "Show due dates in my Google Calendar.", "x8"),
    ("x9", "Delete my account", "GDPR: I want to remove my account and all data.", "x9"),
    ("x10", "Price is too high for small teams", "A cheaper plan for 2-3 people please.", "x10"),
    ("x11", "Tablet layout", "The iPad version wastes half the screen.", "x11"),
    ("x12", "Emoji reactions on comments", "A thumbs up would be quicker than writing ok.", "x12"),
    ("x13", "Set a task's priority", "High, medium, low labels with colours.", "x13"),
    ("x14", "Time tracking", "Start a timer on a task and see hours per week.", "x14"),
    ("x15", "API access", "We want to create tasks from our own scripts via a REST API.", "x15"),
]


def as_sample(rows):
    """Return (documents, groups) of (id, title, body, group) rows."""
    return [Document(i, t, b) for i, t, b, _ in rows], [g for *_, g in rows]


def labelled_sample():
    """Return (documents, groups) of the labelled sample."""
    return as_sample(ROWS)
