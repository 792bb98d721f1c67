"""Similarity test helpers: wire the area into a test app, post ideas as customers do, a catalogue of ideas."""
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


def wire_similarity(app) -> None:
    """Register the similarity blueprint and subscribers on a test app if the factory does not yet."""
    import ideabox.similarity.subscribers  # noqa: F401  (connects the signal receivers)
    from ideabox.similarity.views import bp

    if "similarity" not in app.blueprints:
        app.register_blueprint(bp)
    # The idea page includes the merge panel, whose helper comes with the merging blueprint.
    if "merging" not in app.blueprints:
        from ideabox.merging.views import bp as merging_bp

        app.register_blueprint(merging_bp)


@pytest.fixture(autouse=True)
def similarity_wired(app):
    wire_similarity(app)
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
