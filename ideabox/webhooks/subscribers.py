"""Turn domain signals into webhook events. An event about a private board's idea reaches only the endpoints
that include private boards; internal notes and hidden comments never leave."""
from ideabox import signals
from ideabox.roadmap.queries import is_public_release
from ideabox.themes.queries import can_view_theme
from ideabox.webhooks import payloads
from ideabox.webhooks.events import publish


def _idea_event(event_type: str, idea, announce: bool = True, **data) -> None:
    publish(event_type, {"idea": payloads.idea(idea), **data}, private=idea.board.is_private, announce=announce)


@signals.idea_submitted.connect
def idea_created(idea, actor=None, **_):
    _idea_event("idea.created", idea)


@signals.idea_withdrawn.connect
def idea_withdrawn(idea, actor=None, **_):
    _idea_event("idea.withdrawn", idea)


@signals.idea_status_changed.connect
def idea_status_changed(idea, change, actor=None, quiet=False, **_):
    """A correction the PM asked to tell nobody about still reaches systems that keep the status in sync, marked
    as one, but no chat channel."""
    _idea_event("idea.status_changed", idea, announce=not quiet, from_status=payloads.status(change.from_status),
                to_status=payloads.status(change.to_status), note=change.note, changed_by=payloads.person(actor),
                correction=bool(quiet))


@signals.vote_cast.connect
def vote_created(idea, voter=None, **_):
    _idea_event("vote.created", idea, voter=payloads.person(voter))


@signals.vote_retracted.connect
def vote_deleted(idea, voter=None, **_):
    _idea_event("vote.deleted", idea, voter=payloads.person(voter))


@signals.comment_added.connect
def comment_created(comment, actor=None, **_):
    if comment.is_internal or comment.is_hidden:
        return
    _idea_event("comment.created", comment.idea, comment=payloads.comment(comment))


@signals.ideas_merged.connect
def ideas_merged(primary, merged=(), actor=None, **_):
    merged_ideas = [{"id": idea.id, "title": idea.title, "url": payloads.idea_url(idea)} for idea in merged]
    _idea_event("ideas.merged", primary, merged=merged_ideas, merged_by=payloads.person(actor))


@signals.theme_status_changed.connect
def theme_status_changed(theme, from_status=None, to_status=None, note="", actor=None, **_):
    data = {"theme": payloads.theme(theme), "from_status": payloads.status(from_status),
            "to_status": payloads.status(to_status), "note": note, "changed_by": payloads.person(actor)}
    publish("theme.status_changed", data, private=not can_view_theme(None, theme))


@signals.release_published.connect
def release_published(release, actor=None, **_):
    data = {"release": payloads.release(release),
            "theme": payloads.theme(release.theme) if release.theme else None,
            "idea": payloads.idea(release.idea) if release.idea else None}
    publish("release.published", data, private=not is_public_release(release))
