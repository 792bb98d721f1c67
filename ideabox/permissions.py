"""Named access rules shared by views and templates."""
from functools import wraps

from flask import abort
from flask_login import current_user

from ideabox.models import Role


def role_required(*roles: Role):
    """Allow the view only to signed-in users holding one of `roles` (admins always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from ideabox.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # read by the security tests, which check every page against it
        return wrapped

    return decorator


def is_staff(user) -> bool:
    """PMs and admins: may triage, set statuses, manage boards."""
    return bool(user and user.is_authenticated and user.has_role(Role.PM))


def can_see_insights(user) -> bool:
    """Staff and executives see weighted scores and private boards' demand."""
    return bool(user and user.is_authenticated and user.has_role(Role.PM, Role.EXECUTIVE))


def can_view_board(user, board) -> bool:
    """Public boards are open to all; private ones to staff and executives."""
    return not board.is_private or can_see_insights(user)


def can_edit_idea(user, idea) -> bool:
    """Authors edit or withdraw their idea until someone else backs it; staff always can."""
    if not (user and user.is_authenticated):
        return False
    if is_staff(user):
        return True
    return idea.author_id == user.id and not has_backing_from_others(idea)


def has_backing_from_others(idea) -> bool:
    """True once anyone but the author has voted for the idea (or demand was recorded for it)."""
    from sqlalchemy import exists, or_, select

    from ideabox.extensions import db
    from ideabox.models import ProxyVote, Vote

    others_voted = exists().where(Vote.idea_id == idea.id, Vote.user_id != idea.author_id)
    proxy_recorded = exists().where(ProxyVote.idea_id == idea.id)
    return bool(db.session.scalar(select(or_(others_voted, proxy_recorded))))


def can_view_idea(user, idea) -> bool:
    """An idea shows where its board does; once its author withdrew it, to staff only."""
    return can_view_board(user, idea.board) and (not idea.withdrawn_at or is_staff(user))


def can_view_comment(user, comment) -> bool:
    """A comment shows where its idea does; hidden ones to staff only; internal notes to the team
    (staff and executives) only."""
    if comment.is_internal and not can_use_internal_notes(user):
        return False
    return can_view_idea(user, comment.idea) and (not comment.is_hidden or is_staff(user))


def can_use_internal_notes(user) -> bool:
    """The team (PMs, executives, admins) write and read internal notes on ideas, which customers never see."""
    return can_see_insights(user)


def can_edit_comment(user, comment) -> bool:
    """Only its author changes or deletes a comment: staff hide it instead, so nobody's words are rewritten."""
    return bool(user and user.is_authenticated and comment.author_id == user.id)


def can_hide_comment(user) -> bool:
    """PMs and admins hide comments from customers (and show them again)."""
    return is_staff(user)


def can_report(user, author_id) -> bool:
    """Customers and executives report what others wrote; PMs and admins act on it directly."""
    return bool(user and user.is_authenticated and not is_staff(user) and author_id != user.id)


def can_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ADMIN)
