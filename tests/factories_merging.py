"""Builders for merge, proxy-vote and theme tests: votes with explicit dates, proxy demand."""
from datetime import timedelta

from sqlalchemy import event

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


def count_queries(call) -> int:
    """How many SQL statements `call()` runs, starting from a cold identity map."""
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    db.session.expire_all()  # tests share the app's session: expire it so every count starts alike
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)
