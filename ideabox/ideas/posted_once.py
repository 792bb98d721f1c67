"""What makes a form sent twice post once (ideas.forms.PostedOnce): the key it carries, and for status changes
the rows the first send made. A lost answer, a double click or a worker restarted mid-request sends the form
again; backers must not hear twice of one status change."""
import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ideabox.extensions import db
from ideabox.models import StatusChange


def submission_digest(form_key: str | None, *words: str) -> str | None:
    """What makes two sends one submission: the same form (its key) carrying the same words. A page the browser
    shows again from its history keeps its form's key, and what is typed into it then is a new submission."""
    if not form_key:
        return None
    return hashlib.sha256("\x1f".join((form_key, *words)).encode()).hexdigest()


def earlier_status_changes(actor_id: int, submission_key: str | None) -> list[StatusChange]:
    """The status changes this person made with this form send (an idea's one, a theme's one per idea), if any."""
    if not submission_key:
        return []
    return list(db.session.scalars(select(StatusChange).where(
        StatusChange.changed_by_id == actor_id, StatusChange.submission_key == submission_key)
        .order_by(StatusChange.id)))


def add_status_changes_once(changes: list[StatusChange], actor_id: int) -> list[StatusChange]:
    """Insert the changes and return them, or those a concurrent send of the same form inserted a moment ago
    (their idea and key are unique together)."""
    try:
        with db.session.begin_nested():
            db.session.add_all(changes)
    except IntegrityError:
        earlier = earlier_status_changes(actor_id, changes[0].submission_key) if changes else []
        if not earlier:
            raise
        return earlier
    return changes
