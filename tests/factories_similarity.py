"""Similarity test helpers: catch up on every lookup, post ideas as customers do, a catalogue of ideas."""
import pytest

from ideabox.extensions import db
from ideabox.ideas import services as idea_services
from ideabox.similarity.index_registry import live_index

# Ideas a feature-request board of a task-management product would hold.
CATALOGUE = [
    "Export reports to CSV",
    "Dark mode for the mobile app",
    "Slack notifications when an idea ships",
    "Single sign-on with Okta",
    "Recurring tasks every week",
    "Google Calendar two-way sync",
    "Keyboard shortcuts for power users",
    "Offline mode on iPhone",
]


@pytest.fixture(autouse=True)
def catch_up_on_every_lookup(app):
    """Catch up with the database on every lookup (the default waits a second between looks)."""
    app.config["SIMILARITY_SYNC_SECONDS"] = 0
    return app


def post_idea(board, author, title, body=""):
    """Submit an idea through the ideas service and commit, as the new-idea view does."""
    idea = idea_services.submit_idea(board, author, title, body)
    db.session.commit()
    return idea


def titles(results) -> list[str]:
    """The titles of SimilarIdea results, best first."""
    return [result.idea.title for result in results]


def built_index():
    """This app's index, built (or caught up) now."""
    index = live_index()
    index.ensure_current()
    return index
