"""Emoji reactions to comments: a quick "+1" or "thanks" that adds no noise to the thread."""
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import case, delete, func, select
from sqlalchemy.exc import IntegrityError

from ideabox import signals
from ideabox.auth.taking_part import require_confirmed_email
from ideabox.errors import DomainError, NotFound
from ideabox.extensions import db
from ideabox.models import Comment, CommentReaction
from ideabox.permissions import can_view_comment

# kind -> (emoji, what a screen reader says); the order is the order shown
REACTIONS = {
    "thumbs_up": ("👍", _l("Thumbs up")),
    "heart": ("❤️", _l("Heart")),
    "tada": ("🎉", _l("Hooray")),
    "laugh": ("😄", _l("Laugh")),
    "thinking": ("🤔", _l("Thinking")),
    "eyes": ("👀", _l("Eyes")),
}


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    emoji: str
    label: str
    count: int
    mine: bool


def toggle_reaction(comment: Comment, user, kind: str) -> bool:
    """Add the user's reaction of this kind to the comment, or take it back; return whether it is on now."""
    if kind not in REACTIONS:
        raise DomainError(_("Choose one of the reactions offered."))
    if not can_view_comment(user, comment):
        raise NotFound(_("This comment does not exist."))
    key = {"comment_id": comment.id, "user_id": user.id, "kind": kind}
    if db.session.execute(delete(CommentReaction).filter_by(**key)).rowcount:
        signals.reaction_toggled.send(comment, actor=user)
        return False
    require_confirmed_email(user)  # taking a reaction back stays open to everyone
    try:
        with db.session.begin_nested():  # a double click's twin may have added it a moment ago: it is on
            db.session.add(CommentReaction(**key))
    except IntegrityError:
        pass
    signals.reaction_toggled.send(comment, actor=user)
    return True


def reaction_counts(comment_ids, viewer) -> dict[int, list[ReactionCount]]:
    """Each comment's reactions in REACTIONS order, with counts and whether the viewer gave them (one query)."""
    comment_ids = list(comment_ids)
    if not comment_ids:
        return {}
    viewer_id = viewer.id if viewer is not None and viewer.is_authenticated else -1
    rows = db.session.execute(
        select(CommentReaction.comment_id, CommentReaction.kind, func.count(),
               func.max(case((CommentReaction.user_id == viewer_id, 1), else_=0)))
        .where(CommentReaction.comment_id.in_(comment_ids))
        .group_by(CommentReaction.comment_id, CommentReaction.kind)
    ).all()
    found = {(comment_id, kind): (count, bool(mine)) for comment_id, kind, count, mine in rows}
    return {
        comment_id: [ReactionCount(kind, emoji, str(label), *found[comment_id, kind])
                     for kind, (emoji, label) in REACTIONS.items() if (comment_id, kind) in found]
        for comment_id in comment_ids
    }
