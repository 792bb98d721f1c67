"""Accounts: people who sign in, and the customer companies they belong to."""
import secrets
from datetime import datetime

from flask_babel import gettext as _
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String, false, true
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import Role, UTCDateTime, enum_column_type, utcnow


class CustomerAccount(db.Model):
    """A customer company; PMs record demand heard on calls against it."""

    __tablename__ = "customer_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    segment: Mapped[str | None] = mapped_column(String(60))
    annual_revenue: Mapped[int | None] = mapped_column(Integer)  # whole currency units per year
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="customer_account")


# the roles of User.is_staff, for queries that pick staff in SQL
STAFF_ROLES = (Role.PM, Role.ADMIN)
# the product team: staff and executives (permissions.can_see_insights, can_use_internal_notes)
TEAM_ROLES = (Role.PM, Role.EXECUTIVE, Role.ADMIN)
# what an erased account's name is stored as (exports, the API and queries see it); pages and emails show it
# in the reader's language (User.display_name)
ERASED_NAME = "Deleted user"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    # when its owner opened the link emailed to it; no notification email goes to an address before
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stored_display_name: Mapped[str] = mapped_column("display_name", String(80))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "user_role"), default=Role.CUSTOMER)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # the language the person chose for pages and emails; None follows the browser's Accept-Language
    locale: Mapped[str | None] = mapped_column(String(16))
    email_notifications: Mapped[bool] = mapped_column(default=True)
    # staff only: be told of every idea posted (in-app, and by email with email_notifications)
    new_idea_notifications: Mapped[bool] = mapped_column(default=True, server_default=true())
    # staff only: those emails come as one daily digest (flask send-digests) instead of one per idea
    new_idea_digest: Mapped[bool] = mapped_column(default=False, server_default=false())
    new_idea_digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the last digest's window end
    # the team (PMs, executives, admins): a weekly email of the week's insights (flask send-digests)
    insights_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    insights_email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # every release note on the changelog, not only those of ideas the person backs or follows
    changelog_emails: Mapped[bool] = mapped_column(default=False, server_default=false())
    unsubscribe_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    reputation: Mapped[int] = mapped_column(default=0)
    is_suspended: Mapped[bool] = mapped_column(default=False)
    customer_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # when the person (or an admin, at their request) erased the account: the row stays, stripped of
    # everything personal, so their ideas, comments and votes still count (auth.erasure)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # part of every session and remember-me cookie (get_id): raising it signs the person out everywhere
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    customer_account: Mapped[CustomerAccount | None] = relationship(back_populates="members")

    @hybrid_property
    def display_name(self) -> str:
        """The name shown beside the person's posts; an erased account's reads "Deleted user" in the reader's
        language."""
        return _("Deleted user") if self.erased_at is not None else self.stored_display_name

    @display_name.inplace.setter
    def _display_name_setter(self, name: str) -> None:
        self.stored_display_name = name

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return cls.stored_display_name

    @property
    def is_active(self) -> bool:
        return not self.is_suspended

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the id, and the session
        version once it has moved (so sessions from before a password change stop working)."""
        return f"{self.id}.{self.session_version}" if self.session_version else str(self.id)

    def has_role(self, *roles: Role) -> bool:
        """True when the user holds one of `roles` (admins hold every role)."""
        return self.role == Role.ADMIN or self.role in roles

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_staff(self) -> bool:
        """PMs and admins: the people who triage (STAFF_ROLES)."""
        return self.has_role(Role.PM)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
