"""Builders for merge, proxy-vote and theme tests: votes with explicit dates, proxy demand."""
from datetime import timedelta

from ideabox.backers import recount_with_primary
from ideabox.extensions import db
from ideabox.models import ProxyVote, Vote, utcnow


def make_vote(idea, user, days_ago: float = 0) -> Vote:
    """A vote by `user` for `idea` cast `days_ago` days ago; counts recomputed."""
    vote = Vote(idea_id=idea.id, user_id=user.id, created_at=utcnow() - timedelta(days=days_ago))
    db.session.add(vote)
    recount_with_primary(idea)
    db.session.commit()
    return vote


def make_proxy_vote(idea, account, recorded_by, days_ago: float = 0, note="") -> ProxyVote:
    """Demand recorded for `account` on `idea` `days_ago` days ago; counts recomputed."""
    vote = ProxyVote(idea_id=idea.id, customer_account_id=account.id, recorded_by_id=recorded_by.id,
                     note=note, created_at=utcnow() - timedelta(days=days_ago))
    db.session.add(vote)
    recount_with_primary(idea)
    db.session.commit()
    return vote
