"""Read-side queries for notifications."""
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import Notification


def unread_count(user_id: int) -> int:
    """How many in-app notifications the user has not read."""
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
