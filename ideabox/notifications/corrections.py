"""A status corrected without telling anyone ("Tell nobody") takes back what the mistaken status announced in the
app, as it drops the emails not yet sent (unsent.drop_unsent_status_news): the "now Planned" of a status set by
mistake, and its "Shipped" news when the correction withdrew the release note. What came before that status was
set stays, true as it was."""
from datetime import datetime

from sqlalchemy import delete, func, or_, select

from ideabox.extensions import db
from ideabox.models import Notification, Release, StatusChange


def mistaken_status_set_at(idea_ids, correction_ids) -> datetime | None:
    """When the status being corrected was set: the latest change of these ideas, before the correction's own
    changes, that moved one to a new status."""
    return db.session.scalar(select(func.max(StatusChange.created_at)).where(
        StatusChange.idea_id.in_(list(idea_ids)), StatusChange.id.not_in(list(correction_ids)),
        or_(StatusChange.from_status.is_(None), StatusChange.from_status != StatusChange.to_status)))


def withdraw_status_notifications(since: datetime | None, *, idea_id: int | None = None,
                                  theme_id: int | None = None) -> int:
    """Delete the in-app news of the status set at `since` about the idea (its primary) or the theme, everyone's:
    the status changes since (not the updates the team chose to post), and "Shipped" unless a release note from
    then still stands. Return how many."""
    if since is None:
        return 0
    kinds = ["status_changed"]
    about = Notification.idea_id == idea_id if idea_id is not None else Notification.theme_id == theme_id
    release_of = Release.idea_id == idea_id if idea_id is not None else Release.theme_id == theme_id
    if not db.session.scalar(select(func.count(Release.id)).where(release_of, Release.published_at >= since)):
        kinds.append("released")
    return db.session.execute(
        delete(Notification).where(about, Notification.kind.in_(kinds), Notification.created_at >= since)
        .execution_options(synchronize_session=False)).rowcount
