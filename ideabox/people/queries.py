"""Read-side queries of the people pages: the leaderboard, and what a profile shows to whoever looks."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.ideas.queries import visible_board_ids
from ideabox.models import Comment, Idea, IdeaStatus, User
from ideabox.people.reputation import ADOPTED, PRIMARY, counted_status
from ideabox.permissions import is_staff

PROFILE_IDEAS = 20
PROFILE_COMMENTS = 10


def ranked_people():
    """A select of the people with reputation, highest first (suspended and erased accounts left out)."""
    return (select(User).where(User.reputation > 0, User.is_suspended.is_(False), User.erased_at.is_(None))
            .order_by(User.reputation.desc(), User.id))


def adopted_counts(user_ids) -> dict[int, int]:
    """How many of each person's ideas the team adopted (planned, in progress or shipped), merged ones included."""
    rows = db.session.execute(
        select(Idea.author_id, func.count()).select_from(Idea)
        .outerjoin(PRIMARY, PRIMARY.id == Idea.merged_into_id)
        .where(Idea.author_id.in_(list(user_ids)), Idea.withdrawn_at.is_(None),
               counted_status().in_([*ADOPTED, IdeaStatus.SHIPPED]))
        .group_by(Idea.author_id))
    return dict(rows.all())


def _ideas_seen_by(person: User, viewer):
    query = select(Idea).where(Idea.author_id == person.id, Idea.board_id.in_(visible_board_ids(viewer)))
    return query if is_staff(viewer) else query.where(Idea.withdrawn_at.is_(None))


def profile_ideas(person: User, viewer) -> tuple[list[Idea], int]:
    """The person's newest ideas the viewer may see (merged ones too, which lead to where they went), and how many."""
    query = _ideas_seen_by(person, viewer)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    ideas = db.session.scalars(query.options(selectinload(Idea.board), selectinload(Idea.merged_into))
                               .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(PROFILE_IDEAS)).all()
    return list(ideas), total


def profile_comments(person: User, viewer) -> list[Comment]:
    """The person's newest public comments on ideas the viewer may see (never internal notes or hidden comments)."""
    return list(db.session.scalars(
        select(Comment).join(Idea, Idea.id == Comment.idea_id)
        .where(Comment.author_id == person.id, Comment.is_internal.is_(False), Comment.is_hidden.is_(False),
               Idea.board_id.in_(visible_board_ids(viewer)), Idea.withdrawn_at.is_(None))
        .options(selectinload(Comment.idea)).order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(PROFILE_COMMENTS)))
