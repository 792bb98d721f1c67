"""What happens to a comment once posted: its author edits or deletes it, staff hide it or show it again.

Like ideabox.ideas.services, every function takes the acting user explicitly, raises a DomainError
the view can show and flushes; the caller commits once.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ideabox import signals
from ideabox.admin.audit import record_event
from ideabox.auth.taking_part import require_confirmed_email
from ideabox.comments.mentions import check_mentions
from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db
from ideabox.models import Comment, Idea, utcnow
from ideabox.models.idea import COMMENT_MAX
from ideabox.permissions import can_edit_comment, can_hide_comment, can_view_comment
from ideabox.text import says_nothing


def clean_comment_body(body: str) -> str:
    """The comment text as stored, or a DomainError saying what is wrong with it."""
    body = (body or "").strip()
    if says_nothing(body):
        raise DomainError(_("Write something before posting your comment."))
    if len(body) > COMMENT_MAX:
        raise DomainError(_("Comments can be at most %(max)d characters.", max=COMMENT_MAX))
    return body


def edit_comment(comment: Comment, actor, body: str) -> Comment:
    """Let the author reword their comment; it is marked edited. Nobody is notified again but the
    people it newly mentions; the copies of an official reply's email not yet sent carry the new words."""
    _require_own(comment, actor)
    require_confirmed_email(actor)  # new words are taking part; deleting stays open
    body = check_mentions(clean_comment_body(body), comment.idea, actor, comment.is_internal)
    if body != comment.body:
        previous_body, comment.body = comment.body, body
        comment.updated_at = utcnow()
        db.session.flush()
        signals.comment_edited.send(comment, actor=actor, previous_body=previous_body)
    return comment


def delete_comment(comment: Comment, actor) -> Idea:
    """Let the author take their comment back; return the idea it was on."""
    _require_own(comment, actor)
    idea = comment.idea
    signals.comment_removed.send(comment, actor=actor, deleted=True)
    db.session.delete(comment)
    db.session.flush()
    _recount(idea)
    return idea


def set_comment_hidden(comment: Comment, actor, hidden: bool) -> Comment:
    """Hide a comment from everyone but staff (spam, abuse, personal data), or show it again."""
    _require_visible(comment, actor)
    if not can_hide_comment(actor):
        raise PermissionDenied(_("Only product managers and admins can hide comments."))
    if comment.is_internal:
        raise DomainError(_("Internal notes are already hidden from customers."))
    if comment.is_hidden != hidden:
        _change_hidden(comment, actor, hidden)
    return comment


def hide_comment_automatically(comment: Comment, reports: int) -> Comment:
    """Hide a comment that `reports` different people reported, as IdeaBox itself (no actor), until the team
    reviews it (moderation.auto_hide)."""
    if not (comment.is_hidden or comment.is_internal):
        _change_hidden(comment, None, True, automatic=True, reports=reports)
    return comment


def _change_hidden(comment: Comment, actor, hidden: bool, **details) -> None:
    comment.is_hidden = hidden
    record_event(actor, "comment.hidden" if hidden else "comment.shown", comment, idea_id=comment.idea_id, **details)
    db.session.flush()
    if hidden:
        signals.comment_removed.send(comment, actor=actor, automatic=details.get("automatic", False))
    else:
        signals.comment_shown.send(comment, actor=actor)
    _recount(comment.idea)


def _require_visible(comment: Comment, actor) -> None:
    if not (actor and actor.is_authenticated):
        raise PermissionDenied(_("Sign in to do that."))
    if not can_view_comment(actor, comment):
        raise NotFound(_("This comment does not exist."))


def _require_own(comment: Comment, actor) -> None:
    _require_visible(comment, actor)
    if not can_edit_comment(actor, comment):
        raise PermissionDenied(_("Only its author can change or delete a comment."))
    if comment.idea.withdrawn_at:
        raise DomainError(_("This idea was withdrawn by its author."))


def _recount(idea: Idea) -> None:
    """Count the idea's comments customers see, from the rows (a concurrent change cannot skew it)."""
    idea.comment_count = (
        select(func.count())
        .where(Comment.idea_id == idea.id, Comment.is_hidden.is_(False), Comment.is_internal.is_(False))
        .scalar_subquery()
    )
    db.session.flush()
    db.session.refresh(idea, ["comment_count"])
