"""Reputation: one number per person, recomputed whenever what it counts changes (from the rows, and from each
idea's vote count, itself recounted from the rows on every vote), never counted up or down, so it cannot drift.

- 1 point for each other person backing one of your ideas (a vote on it);
- 1 point for each other person reacting to one of your comments (once per comment, whatever the emoji;
  nothing for a hidden comment, or one under a withdrawn idea);
- 10 points for each of your ideas the team plans or starts, 25 once it ships: an idea merged into another
  counts with that idea's status, since its author asked for the same thing. Withdrawn ideas count nothing.
"""
from dataclasses import dataclass

from sqlalchemy import case, event, func, inspect, select, update
from sqlalchemy.orm import aliased

from ideabox.extensions import db
from ideabox.models import Comment, CommentReaction, Idea, IdeaStatus, User, Vote

ADOPTED_POINTS = 10  # planned or in progress
SHIPPED_POINTS = 25
ADOPTED = (IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS)
PENDING = "reputation_to_refresh"  # session.info key: the people to recompute at commit


@dataclass
class Breakdown:
    backers: int
    reactions: int
    adopted: int  # ideas planned or in progress
    shipped: int

    @property
    def total(self) -> int:
        return self.backers + self.reactions + ADOPTED_POINTS * self.adopted + SHIPPED_POINTS * self.shipped


def _backers(user_id, *only):
    # Each idea keeps its vote count (recounted from the rows on every vote), so a popular author's points come
    # from their ideas' counts less their own votes, rather than from counting every vote they ever received.
    counted = (Idea.author_id == user_id, Idea.withdrawn_at.is_(None), *only)
    received = select(func.coalesce(func.sum(Idea.vote_count), 0)).where(*counted)
    own = select(func.count(Vote.id)).join(Idea, Idea.id == Vote.idea_id).where(*counted, Vote.user_id == user_id)
    return received.scalar_subquery() - own.scalar_subquery()


def _reactions(user_id, *only):
    # Six emoji from one person on one comment are one reaction: count each person's first kind only. (No
    # derived table: it could not see the person being updated.)
    twin = aliased(CommentReaction)
    earlier_kind = select(twin.kind).where(twin.comment_id == CommentReaction.comment_id,
                                           twin.user_id == CommentReaction.user_id, twin.kind < CommentReaction.kind)
    return (select(func.count()).select_from(CommentReaction).join(Comment, Comment.id == CommentReaction.comment_id)
            .join(Idea, Idea.id == Comment.idea_id)
            .where(Comment.author_id == user_id, CommentReaction.user_id != user_id, Comment.is_hidden.is_(False),
                   Idea.withdrawn_at.is_(None), ~earlier_kind.exists(), *only).scalar_subquery())


PRIMARY = aliased(Idea)  # the idea a duplicate was merged into, outer-joined on Idea.merged_into_id


def counted_status():
    """The status that counts for an idea: its own, or that of the idea it was merged into (PRIMARY)."""
    return func.coalesce(PRIMARY.status, Idea.status)


def _own_ideas(user_id, *columns):
    return (select(*columns).select_from(Idea).outerjoin(PRIMARY, PRIMARY.id == Idea.merged_into_id)
            .where(Idea.author_id == user_id, Idea.withdrawn_at.is_(None)))


def _adoption_points(user_id):
    points = case((counted_status() == IdeaStatus.SHIPPED, SHIPPED_POINTS),
                  (counted_status().in_(ADOPTED), ADOPTED_POINTS), else_=0)
    return _own_ideas(user_id, func.coalesce(func.sum(points), 0)).scalar_subquery()


def _reputation(user_id):
    return _backers(user_id) + _reactions(user_id) + _adoption_points(user_id)


def refresh_at_commit(user_ids) -> None:
    """Recompute these people's reputation just before the transaction commits, once each, whatever else the
    transaction still changes (a comment is announced before it is deleted, a merge moves many ideas)."""
    session = db.session()
    if not event.contains(session, "before_commit", _refresh_pending):
        event.listen(session, "before_commit", _refresh_pending)
    session.info.setdefault(PENDING, set()).update(user_id for user_id in user_ids if user_id is not None)


def _refresh_pending(session) -> None:
    refresh(session.info.pop(PENDING, set()))


def refresh(user_ids) -> None:
    """Recompute the reputation of these people now (ids; None and repeated ids are fine)."""
    ids = sorted({user_id for user_id in user_ids if user_id is not None})
    if not ids:
        return
    db.session.flush()
    db.session.execute(update(User).where(User.id.in_(ids)).values(reputation=_reputation(User.id))
                       .execution_options(synchronize_session=False))
    mapper = inspect(User)
    for user_id in ids:  # looked up by key: reading .id of every loaded person would reload each one
        loaded = db.session.identity_map.get(mapper.identity_key_from_primary_key((user_id,)))
        if loaded is not None:
            db.session.expire(loaded, ["reputation"])


def refresh_everyone() -> int:
    """Recompute every person's reputation (`flask recompute-reputation`); returns how many people there are."""
    db.session.flush()
    db.session.execute(update(User).values(reputation=_reputation(User.id)).execution_options(synchronize_session=False))
    db.session.expire_all()
    return db.session.scalar(select(func.count(User.id)))


def with_its_primary_among(idea_ids):
    """The condition that an idea is among `idea_ids` (a select), and so is the idea it was merged into, if any:
    that idea's status is the one it counts with, and its page is where it leads."""
    return Idea.id.in_(idea_ids) & (Idea.merged_into_id.is_(None) | Idea.merged_into_id.in_(idea_ids))


def breakdown(user: User, idea_ids=None, comment_ids=None) -> Breakdown:
    """Where a person's reputation comes from, for their profile; given the ideas and comments a viewer may see
    (selects of ids), only what those earned."""
    ideas, adoptions, comments = [], [], []
    if idea_ids is not None:
        ideas, adoptions = [Idea.id.in_(idea_ids)], [with_its_primary_among(idea_ids)]
    if comment_ids is not None:
        comments = [Comment.id.in_(comment_ids)]
    status = counted_status()
    adopted, shipped = db.session.execute(_own_ideas(
        user.id, func.count().filter(status.in_(ADOPTED)), func.count().filter(status == IdeaStatus.SHIPPED))
        .where(*adoptions)).one()
    backers, reactions = db.session.execute(select(_backers(user.id, *ideas), _reactions(user.id, *comments))).one()
    return Breakdown(backers=backers, reactions=reactions, adopted=adopted, shipped=shipped)
