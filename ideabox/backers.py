"""Who backs an idea, counted once: the rule every count, rank and notification shares.

An idea's backers are the users who voted for it or for any idea merged into it, plus the
customer accounts a PM recorded demand for on any of those ideas. A person who voted for
three merged duplicates counts once; nobody's support is lost by a merge.
"""
from sqlalchemy import func, or_, select, union

from ideabox import signals
from ideabox.extensions import db
from ideabox.models import Follow, Idea, ProxyVote, Vote


def family_ids(primary_id: int):
    """A select of the primary idea's id and the ids of every idea merged into it."""
    return select(Idea.id).where(or_(Idea.id == primary_id, Idea.merged_into_id == primary_id))


def primary_of(idea: Idea) -> Idea:
    """The idea that carries this one's backers: itself, or the idea it was merged into."""
    seen = {idea.id}
    while idea.merged_into_id and idea.merged_into_id not in seen:
        idea = db.session.get(Idea, idea.merged_into_id)
        seen.add(idea.id)
    return idea


def backer_user_ids(primary_id: int):
    """A select of the distinct users who voted for the idea or its merged duplicates."""
    return select(Vote.user_id).where(Vote.idea_id.in_(family_ids(primary_id))).distinct()


def follower_user_ids(primary_id: int):
    """A select of users following the idea or any of its merged duplicates."""
    return select(Follow.user_id).where(Follow.idea_id.in_(family_ids(primary_id))).distinct()


def audience_user_ids(primary_id: int) -> list[int]:
    """Everyone to tell about news on an idea: backers and followers, merged duplicates included."""
    return list(db.session.scalars(union(backer_user_ids(primary_id), follower_user_ids(primary_id))))


def recount(idea: Idea) -> Idea:
    """Recompute an idea's own vote count and its unique-backer count from the rows."""
    idea.vote_count = db.session.scalar(select(func.count()).where(Vote.idea_id == idea.id))
    users = db.session.scalar(select(func.count()).select_from(backer_user_ids(idea.id).subquery()))
    accounts = db.session.scalar(
        select(func.count(ProxyVote.customer_account_id.distinct())).where(
            ProxyVote.idea_id.in_(family_ids(idea.id))
        )
    )
    idea.backer_count = users + accounts
    signals.backers_recounted.send(idea)
    return idea


def recount_with_primary(idea: Idea) -> None:
    """Recount an idea and, if it is merged, the primary that shows its backers too."""
    db.session.flush()
    recount(idea)
    if idea.merged_into_id:
        recount(db.session.get(Idea, idea.merged_into_id))
