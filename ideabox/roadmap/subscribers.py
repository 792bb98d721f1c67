"""Turn shipped ideas and themes into changelog releases."""
from ideabox import signals
from ideabox.models import IdeaStatus
from ideabox.roadmap.services import publish_release


@signals.idea_status_changed.connect
def release_shipped_idea(idea, change, actor=None, release_note="", **_):
    """When an idea ships with a release note, publish it on the changelog."""
    if change.to_status == IdeaStatus.SHIPPED and (release_note or "").strip():
        publish_release(idea, actor, release_note)


@signals.theme_status_changed.connect
def release_shipped_theme(theme, to_status, actor=None, release_note="", **_):
    """When a theme ships with a release note, publish it on the changelog."""
    if to_status == IdeaStatus.SHIPPED and (release_note or "").strip():
        publish_release(theme, actor, release_note)
