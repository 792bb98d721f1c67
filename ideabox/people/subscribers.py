"""Keep reputation current: each event names the people whose points it may change; they are recomputed as the
transaction commits."""
from sqlalchemy import select

from ideabox import signals
from ideabox.extensions import db
from ideabox.models import Comment, Idea
from ideabox.people import reputation


def _authors_of_family(*ideas) -> list[int]:
    """The authors of these ideas and of every idea merged into them."""
    ids = [idea.id for idea in ideas]
    merged = db.session.scalars(select(Idea.author_id).where(Idea.merged_into_id.in_(ids)))
    return [*(idea.author_id for idea in ideas), *merged]


@signals.vote_cast.connect
@signals.vote_retracted.connect
def idea_author_changed(idea, **_):
    reputation.refresh_at_commit([idea.author_id])


@signals.idea_withdrawn.connect
def idea_withdrawn(idea, **_):
    """Its backers no longer count for its author, nor the reactions under it for those who commented."""
    reputation.refresh_at_commit([idea.author_id, *db.session.scalars(
        select(Comment.author_id).where(Comment.idea_id == idea.id).distinct())])


@signals.idea_status_changed.connect
def idea_status_changed(idea, **_):
    reputation.refresh_at_commit(_authors_of_family(idea))


@signals.theme_status_changed.connect
def theme_status_changed(theme, **_):
    reputation.refresh_at_commit(db.session.scalars(select(Idea.author_id).where(Idea.theme_id == theme.id)))


@signals.ideas_merged.connect
def ideas_merged(primary, merged=(), **_):
    reputation.refresh_at_commit(_authors_of_family(*merged, primary))


@signals.merge_undone.connect
def merge_undone(primary, restored=(), **_):
    reputation.refresh_at_commit(_authors_of_family(primary, *restored))


@signals.reaction_toggled.connect
@signals.comment_removed.connect
@signals.comment_shown.connect
def comment_author_changed(comment, **_):
    reputation.refresh_at_commit([comment.author_id])
