"""Read-side queries of the admin area, returned as select() for callers to page through."""
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import AuditEvent, Board, CustomerAccount, Idea, Invitation, Role, Tag, User
from ideabox.models.user import STAFF_ROLES


def boards_by_name():
    """Every board, by name."""
    return select(Board).order_by(Board.name, Board.id)


def tags_by_name():
    """Every tag, by name."""
    return select(Tag).order_by(Tag.name, Tag.id)


def counts_by(column, ids) -> dict[int, int]:
    """How many rows have each of `ids` in `column` (e.g. ideas per board), as {id: count}."""
    if not ids:
        return {}
    query = select(column, func.count()).where(column.in_(list(ids))).group_by(column)
    return dict(db.session.execute(query).all())


def contains(column, text: str):
    """Case-insensitive "column contains text", with LIKE's wildcards in `text` taken literally."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def users_matching(search: str = "", role: str = ""):
    """People whose name or email contains `search`, optionally of one role, newest first."""
    query = select(User).options(selectinload(User.customer_account)).order_by(User.created_at.desc(), User.id.desc())
    if search:
        query = query.where(or_(contains(User.email, search), contains(User.display_name, search)))
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    return query


def open_invitations(email: str | None = None):
    """Invitations neither accepted nor revoked (expired ones too: they can be sent again), newest first,
    with who sent them; only those to `email` when given."""
    query = (select(Invitation).where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
             .options(selectinload(Invitation.invited_by)).order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    return query.where(Invitation.email == email) if email is not None else query


def emails_with_accounts(emails) -> set[str]:
    """Which of `emails` (lower-cased) belong to an account."""
    if not emails:
        return set()
    return set(db.session.scalars(select(User.email).where(User.email.in_(list(emails)))))


def customer_accounts_matching(search: str = ""):
    """Customer accounts whose name contains `search`, by name."""
    query = select(CustomerAccount).order_by(CustomerAccount.name, CustomerAccount.id)
    if search:
        query = query.where(contains(CustomerAccount.name, search))
    return query


def account_members(account):
    """The people of one customer account, by name."""
    return select(User).where(User.customer_account_id == account.id).order_by(User.display_name)


def recent_audit_events(limit: int = 8):
    """The latest audit events with their actors."""
    return select(AuditEvent).options(selectinload(AuditEvent.actor)).order_by(AuditEvent.id.desc()).limit(limit)


def dashboard_counts() -> dict:
    """Totals shown on the admin landing page."""
    def count(column, *where):
        return db.session.scalar(select(func.count(column)).where(*where))

    return {
        "boards": count(Board.id),
        "tags": count(Tag.id),
        "users": count(User.id),
        "staff": count(User.id, User.role.in_(STAFF_ROLES)),
        "suspended": count(User.id, User.is_suspended.is_(True)),
        "accounts": count(CustomerAccount.id),
        "ideas": count(Idea.id),
    }
