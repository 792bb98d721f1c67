"""The audit log: one row per merge, undo, split and theme decision, written by the services."""
from ideabox.extensions import db
from ideabox.models import AuditEvent


def record_event(actor, action: str, subject, **details) -> AuditEvent:
    """Add an audit event saying `actor` did `action` to `subject` (a model row)."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        subject_type=type(subject).__name__.lower(),
        subject_id=subject.id,
        details=details,
    )
    db.session.add(event)
    return event
