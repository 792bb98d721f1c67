"""Who backs an idea or a theme, person by person and account by account, for the team.

`family` is always a select of idea ids: an idea with its merged duplicates (backers.family_ids)
or every idea of a theme (themes.queries.theme_family_ids). A person who voted for several of
them is one backer, listed with every idea they voted for.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Idea, ProxyVote, User, Vote

PER_PAGE = 50
EXPORT_CHUNK = 500  # backers read per query when exporting: bounds memory on ideas with many thousands


@dataclass(frozen=True)
class Backer:
    user: User
    first_backed_at: datetime
    ideas: list[Idea]  # the family's ideas they voted for, in the order they voted


def _newest_backers_first(family):
    first_votes = (
        select(Vote.user_id, func.min(Vote.created_at).label("first_at"))
        .where(Vote.idea_id.in_(family))
        .group_by(Vote.user_id)
        .subquery()
    )
    return (
        select(User)
        .join(first_votes, first_votes.c.user_id == User.id)
        .order_by(first_votes.c.first_at.desc(), User.id.desc())
    )


def _backers(users: list[User], family) -> list[Backer]:
    votes = db.session.execute(
        select(Vote.user_id, Vote.created_at, Idea)
        .join(Idea, Idea.id == Vote.idea_id)
        .where(Vote.user_id.in_([user.id for user in users]), Vote.idea_id.in_(family))
        .order_by(Vote.created_at, Vote.id)
    ).all()
    by_user: dict[int, list] = {}
    for user_id, created_at, idea in votes:
        by_user.setdefault(user_id, []).append((created_at, idea))
    return [Backer(user, by_user[user.id][0][0], [idea for _, idea in by_user[user.id]]) for user in users]


def backers_page(family, page: int):
    """One page of the people backing the family, newest first: (pagination, [Backer])."""
    statement = _newest_backers_first(family).options(selectinload(User.customer_account))
    pagination = db.paginate(statement, page=page, per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return pagination, _backers(list(pagination.items), family)


def every_backer(family) -> Iterator[Backer]:
    """Every person backing the family, newest first, read a chunk at a time."""
    user_ids = db.session.scalars(_newest_backers_first(family).with_only_columns(User.id)).all()
    for start in range(0, len(user_ids), EXPORT_CHUNK):
        chunk = user_ids[start:start + EXPORT_CHUNK]
        users = {user.id: user for user in db.session.scalars(
            select(User).where(User.id.in_(chunk)).options(selectinload(User.customer_account)))}
        yield from _backers([users[user_id] for user_id in chunk], family)


def account_demand(family) -> list[tuple[ProxyVote, Idea]]:
    """Demand the team recorded for customer accounts on the family's ideas, newest first."""
    return [tuple(row) for row in db.session.execute(
        select(ProxyVote, Idea)
        .join(Idea, Idea.id == ProxyVote.idea_id)
        .where(ProxyVote.idea_id.in_(family))
        .options(selectinload(ProxyVote.customer_account), selectinload(ProxyVote.recorded_by))
        .order_by(ProxyVote.created_at.desc(), ProxyVote.id.desc())
    )]
