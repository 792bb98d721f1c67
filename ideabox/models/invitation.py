"""Invitations: an admin asks someone by email to join with a role; the emailed link creates the account."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import Role, UTCDateTime, enum_column_type, utcnow
from ideabox.models.user import User

OPEN = text("accepted_at IS NULL AND revoked_at IS NULL")


class Invitation(db.Model):
    __tablename__ = "invitations"
    # one open invitation per address, even when two admins invite it at the same moment
    __table_args__ = (
        Index("uq_invitations_open_email", "email", unique=True, sqlite_where=OPEN, postgresql_where=OPEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))  # stored lower-cased, like User.email
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "invitation_role"), default=Role.CUSTOMER)
    note: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 of the secret in the latest emailed link (never the secret itself); sending again replaces it
    token_hash: Mapped[str] = mapped_column(String(64))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # when the latest link went out
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)  # the account it made

    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= utcnow()

    def __repr__(self) -> str:
        return f"<Invitation {self.id} {self.email} {self.role}>"
