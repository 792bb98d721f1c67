"""Read-side queries of the people pages: the leaderboard, and what a profile shows to whoever looks."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.ideas.queries import visible_board_ids
from ideabox.models import Comment, Idea, IdeaStatus, User
from ideabox.people.reputation import ADOPTED, PRIMARY, Breakdown, with_its_primary_among, breakdown, counted_status
from ideabox.permissions import can_use_internal_notes, is_staff

PROFILE_IDEAS = 20
PROFILE_COMMENTS = 10


def ranked_people():
    """A select of the people with reputation, highest first (suspended and erased accounts left out)."""
    return (select(User).where(User.reputation > 0, User.is_suspended.is_(False), User.erased_at.is_(None))
            .order_by(User.reputation.desc(), User.id))


def seen_idea_ids(viewer):
    """A select of the ids of the ideas `viewer` may see: on boards they see; withdrawn ones to staff only."""
    # Not correlated: it is used inside queries on ideas and comments, which would otherwise turn it into a
    # condition on their own rows.
    query = select(Idea.id).where(Idea.board_id.in_(visible_board_ids(viewer))).correlate(None)
    return query if is_staff(viewer) else query.where(Idea.withdrawn_at.is_(None))


def seen_comment_ids(viewer):
    """A select of the ids of the comments `viewer` may see on a profile: public ones (internal notes to the team)
    on ideas they see, and on a merged idea only when they see the idea it went into, where its comments show."""
    ideas = seen_idea_ids(viewer)
    query = (select(Comment.id).join(Idea, Idea.id == Comment.idea_id)
             .where(with_its_primary_among(ideas), Comment.is_hidden.is_(False)).correlate(None))
    return query if can_use_internal_notes(viewer) else query.where(Comment.is_internal.is_(False))


def adopted_counts(user_ids, viewer) -> dict[int, int]:
    """How many of each person's ideas the team adopted (planned, in progress or shipped), merged ones included,
    of those `viewer` may see."""
    rows = db.session.execute(
        select(Idea.author_id, func.count()).select_from(Idea)
        .outerjoin(PRIMARY, PRIMARY.id == Idea.merged_into_id)
        .where(Idea.author_id.in_(list(user_ids)), Idea.withdrawn_at.is_(None),
               counted_status().in_([*ADOPTED, IdeaStatus.SHIPPED]), with_its_primary_among(seen_idea_ids(viewer)))
        .group_by(Idea.author_id))
    return dict(rows.all())


def points_seen_by(person: User, viewer) -> Breakdown:
    """Where the person's reputation comes from, counting only the ideas and comments `viewer` may see."""
    return breakdown(person, seen_idea_ids(viewer), seen_comment_ids(viewer))


def _ideas_seen_by(person: User, viewer):
    return select(Idea).where(Idea.author_id == person.id, Idea.id.in_(seen_idea_ids(viewer)))


def profile_ideas(person: User, viewer) -> tuple[list[Idea], int]:
    """The person's newest ideas the viewer may see (merged ones too, which lead to where they went), and how many."""
    query = _ideas_seen_by(person, viewer)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    ideas = db.session.scalars(query.options(selectinload(Idea.board),
                                             selectinload(Idea.merged_into).selectinload(Idea.board))
                               .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(PROFILE_IDEAS)).all()
    return list(ideas), total


def profile_comments(person: User, viewer) -> list[Comment]:
    """The person's newest public comments on ideas the viewer may see (never internal notes or hidden comments)."""
    return list(db.session.scalars(
        select(Comment).join(Idea, Idea.id == Comment.idea_id)
        .where(Comment.author_id == person.id, Comment.is_internal.is_(False), Idea.withdrawn_at.is_(None),
               Comment.id.in_(seen_comment_ids(viewer)))
        .options(selectinload(Comment.idea)).order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(PROFILE_COMMENTS)))
