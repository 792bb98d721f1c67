"""Read-side queries for notifications."""
from sqlalchemy import func, select, union
from sqlalchemy.orm import selectinload

from ideabox.backers import audience_user_ids, follower_user_ids
from ideabox.extensions import db
from ideabox.models import Follow, Idea, Notification, User, Vote
from ideabox.models.user import STAFF_ROLES, TEAM_ROLES


def team_wanting_new_ideas(digest: bool = False):
    """A select of the PMs and admins who want to hear of every new idea, by email one at a time or,
    with digest, in a daily digest."""
    return select(User.id).where(User.role.in_(STAFF_ROLES), User.new_idea_notifications.is_(True),
                                 User.new_idea_digest.is_(digest))


def changelog_subscribers(team_only: bool = False):
    """A select of the people who take every release note (for a private board's, the team only)."""
    query = select(User.id).where(User.changelog_emails.is_(True))
    return query.where(User.role.in_(TEAM_ROLES)) if team_only else query


def team_following(primary_id: int):
    """A select of the team members (PMs, executives, admins) following the idea or its duplicates."""
    return select(User.id).where(User.id.in_(follower_user_ids(primary_id)), User.role.in_(TEAM_ROLES))


def unread_count(user_id: int) -> int:
    """How many in-app notifications the user has not read."""
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def notifications_of(user_id: int, unread_only: bool = False):
    """A select of the user's notifications, newest first."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def primary_id(idea: Idea) -> int:
    """The id of the idea that carries this one's backers (itself unless merged)."""
    return idea.merged_into_id or idea.id


def readers_of(idea: Idea) -> list:
    """Who may read the idea now, as conditions on User (none: everyone), the rule of permissions.can_view_idea:
    a private board's ideas the team, a withdrawn idea staff, either only while their account is active."""
    readers = []
    if idea.board.is_private:
        readers.append(User.role.in_(TEAM_ROLES))  # permissions.can_see_insights
    if idea.withdrawn_at is not None:
        readers.append(User.role.in_(STAFF_ROLES))  # permissions.is_staff
    return readers + [User.is_suspended.is_(False)] if readers else []


def theme_audience_ids(theme_id: int) -> set[int]:
    """Backers and followers of the ideas in a theme (merged duplicates included), each person once, counting for
    each person only the ideas they may read: who backs only a private board's ideas of it hears nothing."""
    audience = set()
    ideas = db.session.scalars(select(Idea).where(Idea.theme_id == theme_id).options(selectinload(Idea.board))).all()
    for idea in ideas:
        ids = audience_user_ids(idea.id)
        if ids and (readers := readers_of(idea)):
            ids = db.session.scalars(select(User.id).where(User.id.in_(ids), *readers))
        audience.update(ids)
    return audience


def audience_by_idea(idea_ids) -> dict[int, set[int]]:
    """Who voted for or follows each of these ideas itself (not through an idea merged into it): for each person, the
    ids of the ideas among these they back or follow."""
    ids = list(idea_ids)
    audience = {}
    for user_id, idea_id in db.session.execute(union(
            select(Vote.user_id, Vote.idea_id).where(Vote.idea_id.in_(ids)),
            select(Follow.user_id, Follow.idea_id).where(Follow.idea_id.in_(ids)))):
        audience.setdefault(user_id, set()).add(idea_id)
    return audience
