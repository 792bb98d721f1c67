"""The daily digest of new ideas, for product team members who take new-idea emails once a day."""
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Idea, User, utcnow
from ideabox.notifications.news import new_ideas_digest_news
from ideabox.notifications.queries import team_wanting_new_ideas
from ideabox.notifications.services import queue_emails, takes_email

FIRST_WINDOW = timedelta(days=1)  # what a first digest covers, when none was sent before
LONGEST_WINDOW = timedelta(days=7)  # a digest never reaches further back, however long since the last
LISTED = 50  # ideas listed in one email; the rest are counted


def _new_ideas(reader: User, since: datetime, until: datetime):
    return (
        select(Idea)
        .where(Idea.created_at > since, Idea.created_at <= until, Idea.author_id != reader.id,
               Idea.withdrawn_at.is_(None))
    )


def send_new_idea_digests(now: datetime | None = None) -> int:
    """Queue to each digest reader one email of the ideas posted since their last digest; return how
    many were queued. Run it once a day (flask send-digests): a second run finds nothing new."""
    now = now or utcnow()
    readers = db.session.scalars(
        select(User).where(User.id.in_(team_wanting_new_ideas(digest=True)), User.is_suspended.is_(False))
    ).all()
    queued = 0
    for reader in readers:
        since = max(reader.new_idea_digest_sent_at or now - FIRST_WINDOW, now - LONGEST_WINDOW)
        new = _new_ideas(reader, since, now)
        total = db.session.scalar(select(func.count()).select_from(new.subquery()))
        if total and takes_email(reader):
            listed = db.session.scalars(
                new.options(selectinload(Idea.board), selectinload(Idea.author)).order_by(Idea.created_at, Idea.id)
                .limit(LISTED)
            ).all()
            queue_emails([reader], new_ideas_digest_news(listed, total))
            queued += 1
        reader.new_idea_digest_sent_at = now
    db.session.flush()
    return queued
