"""A small customer-suggestion corpus with clear duplicate paraphrases, and triage builders."""
from ideabox.extensions import db
from ideabox.models import MergeSuggestion, SuggestionMember
from ideabox.triage.grouping import Group
from tests import factories
from tests.factories_merging import make_vote

# key: (title, body). Keys sharing a prefix before "-" are duplicates written by different people.
CORPUS = {
    "csv-1": ("Export reports to CSV", "We need to export our monthly reports as CSV files for Excel."),
    "csv-2": ("Download report data as a CSV file", "Let me download the report table as CSV so I can open it in Excel."),
    "csv-3": ("CSV export for reports", "A button to export any report to a CSV spreadsheet."),
    "slack-1": ("Slack notifications for status changes", "Post a message to our Slack channel when an idea changes status."),
    "slack-2": ("Send updates to a Slack channel", "Notify a Slack channel whenever the status of a request changes."),
    "sso-1": ("Single sign-on with Okta", "Our company requires SSO through Okta for every tool we use."),
    "sso-2": ("Support SAML single sign-on", "We need SAML SSO login so employees sign in with their company account."),
    "dark-1": ("Add a dark mode", "The white background is blinding at night. Please add a dark mode."),
    "dark-2": ("Night mode to reduce eye strain", "Please offer a dark mode option, the bright UI hurts my eyes at night."),
    "keys": ("Keyboard shortcuts for navigation", "Power users want shortcuts to move between pages quickly."),
    "offline": ("Offline mode on mobile", "Let the mobile app work without an internet connection on the plane."),
    "tags": ("Bulk edit tags", "Select many items and change their tags at once."),
    "2fa": ("Two-factor authentication", "Protect accounts with a second factor such as an authenticator app."),
    "calendar": ("Google Calendar integration", "Show due dates in my Google Calendar."),
    "fields": ("Custom fields on requests", "Let admins add their own fields to each request form."),
}
GROUPS = {"csv": {"csv-1", "csv-2", "csv-3"}, "slack": {"slack-1", "slack-2"},
          "sso": {"sso-1", "sso-2"}, "dark": {"dark-1", "dark-2"}}


def seed_corpus(board, author=None) -> dict:
    """Create every corpus idea (each by its own customer); return {key: Idea}."""
    ideas = {}
    for key, (title, body) in CORPUS.items():
        writer = author or factories.make_user(role="customer", display_name=f"Writer {key}")
        ideas[key] = factories.make_idea(board, writer, title=title, body=body)
    return ideas


def seed_backers(ideas: dict) -> dict:
    """Votes giving the groups distinct unique-backer totals: slack 5, csv 3, dark 2 (one overlap), sso 1."""
    voters = [factories.make_user(role="customer", display_name=f"Voter {n}") for n in range(5)]
    plan = {"slack-1": voters[:3], "slack-2": voters[3:5], "csv-1": voters[:2], "csv-3": voters[2:3],
            "dark-1": voters[:2], "dark-2": voters[1:2], "sso-1": voters[:1]}
    for key, people in plan.items():
        for voter in people:
            make_vote(ideas[key], voter)
    return {"slack": 5, "csv": 3, "dark": 2, "sso": 1}


def make_suggestion(ideas: list, title="Proposed theme", scores=None, state="pending") -> MergeSuggestion:
    """A stored suggestion over the given ideas, as a recompute would write it."""
    from ideabox.jobs import build_suggestion

    ids = [idea.id for idea in ideas]
    scores = scores or {(min(a, b), max(a, b)): 0.8 for i, a in enumerate(ids) for b in ids[i + 1:]}
    suggestion = build_suggestion(Group(ids, title, ["keyword"], scores), run_id=None)
    suggestion.state = state
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def member_ids(suggestion) -> list[int]:
    """The member idea ids of a suggestion, read fresh from the database."""
    return list(db.session.scalars(
        db.select(SuggestionMember.idea_id).where(SuggestionMember.suggestion_id == suggestion.id)
        .order_by(SuggestionMember.position)
    ))
