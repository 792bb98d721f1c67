"""Writing the audit log: who changed what, when."""
from ideabox.extensions import db
from ideabox.models import AuditEvent


def record_event(actor, action: str, subject, **details) -> AuditEvent:
    """Add an audit event about `subject` (a model instance) done by `actor` (may be None for the CLI)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=type(subject).__tablename__,
        subject_id=subject.id,
        details=details,
    )
    db.session.add(event)
    return event
