"""Builders for the ideas tests: votes and status changes with chosen timestamps."""
from datetime import timedelta

from ideabox.backers import recount
from ideabox.extensions import db
from ideabox.models import Vote, utcnow
from tests import factories


def add_votes(idea, count, hours_ago=0.0, voters=None):
    """Add `count` votes cast `hours_ago` hours ago by fresh (or given) users; recount the idea."""
    voters = voters or [factories.make_user() for _ in range(count)]
    moment = utcnow() - timedelta(hours=hours_ago)
    for voter in voters[:count]:
        db.session.add(Vote(idea_id=idea.id, user_id=voter.id, created_at=moment))
    db.session.flush()
    recount(idea)
    db.session.commit()
    return voters
