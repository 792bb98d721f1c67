"""Small hand-written corpora of customer suggestions for the clustering tests."""
from ideabox.clustering import Document

# (id, title, body, group): items sharing a group are duplicates written by different people
SUGGESTIONS = [
    (1, "Dark mode", "Please add a dark theme, the white background hurts my eyes at night.", "dark"),
    (2, "Add a dark theme option", "Would love a night mode for the app.", "dark"),
    (3, "Night mode please!!", "The app is way too bright when I use it in bed. Dark colours?", "dark"),
    (4, "Export my data to CSV", "I need to export all my records into a spreadsheet.", "export"),
    (5, "CSV export", "Let us download the reports as csv files for Excel.", "export"),
    (6, "Exprot to excel", "download everything as a spreadsheet (xlsx or csv)", "export"),
    (7, "Sign in with Google", "Add Google login so I don't need another password.", "sso"),
    (8, "Google account login", "Please support signing in with my Google account.", "sso"),
    (9, "Keyboard shortcuts", "Power users want hotkeys for common actions like archiving.", "keys"),
    (10, "Add hotkeys", "Keyboard shortcuts for archive, reply and search would save time.", "keys"),
    (11, "Mobile app for Android", "There is an iPhone app but nothing on Android phones.", "android"),
    (12, "Android version", "When will the app be available on Android?", "android"),
    (13, "Recurring invoices", "Bill my customers automatically every month.", "r13"),
    (14, "Change the logo colour", "The orange logo clashes with our brand.", "r14"),
    (15, "Two-factor authentication", "Add 2FA with an authenticator app for security.", "r15"),
    (16, "Slack integration", "Post new comments to a Slack channel.", "r16"),
    (17, "Import contacts from Gmail", "Let me pull my address book in from Gmail.", "r17"),
    (18, "Faster page loads", "The dashboard takes ten seconds to load every morning.", "r18"),
    (19, "Calendar sync", "Sync due dates with Outlook and Google Calendar.", "r19"),
    (20, "Bigger font size", "Text is too small on my laptop; let me zoom the font.", "r20"),
]

# near-misses: share words with an item above but ask for something else
NEAR_MISSES = {
    "Export my invoices to PDF for printing": 4,  # export, but PDF printing, not CSV data
    "Dark chocolate theme for the holiday newsletter": 1,
}


def documents():
    """Return the suggestions as Documents."""
    return [Document(i, t, b) for i, t, b, _ in SUGGESTIONS]


def groups():
    """Return the true group of each suggestion, in order."""
    return [g for *_, g in SUGGESTIONS]
