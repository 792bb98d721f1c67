"""The audit log, in-app notifications and the email outbox."""
from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import ForeignKey, JSON, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import UTCDateTime, utcnow
from ideabox.models.user import User


class AuditEvent(db.Model):
    """Who did what, when: every merge, split, undo and status change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column()
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # notifications.services.News.kind
    # the message in the language the reader had when it was written, and in every language IdeaBox speaks: the
    # inbox shows it in the language of the page it is read on (`message`)
    stored_message: Mapped[str] = mapped_column("message", Text)
    messages: Mapped[dict | None] = mapped_column(JSON)
    link: Mapped[str] = mapped_column(String(500), default="")
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    # the comment it is about (a comment, a note, a mention, an official reply). Unlike a sent email it is no record,
    # only a pointer: it goes with the comment, on every path that deletes one; hiding one takes it from non-staff
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # the theme its news is about, so a theme status corrected without telling anyone takes back what it announced
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    @hybrid_property
    def message(self) -> str:
        """The message in the language of the page (or, written before every language was kept, as written); in a
        query, as written for its reader."""
        locale = get_locale()
        return (self.messages or {}).get(str(locale) if locale else "") or self.stored_message

    @message.inplace.setter
    def _message_setter(self, text: str) -> None:
        self.stored_message, self.messages = text, None

    @message.inplace.expression
    @classmethod
    def _message_expression(cls):
        return cls.stored_message


class OutboxEmail(db.Model):
    """An email waiting to be sent; a failed send stays here and is retried, never lost."""

    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the comment the email quotes (an official reply, a mention), so rewording or deleting it reaches the copies not
    # yet sent; kind (News.kind) says which, so a reworded mention is not rewritten as an official reply
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str | None] = mapped_column(String(30))
    # the list its unsubscribe link stops (notifications.mailing_lists); an email about the account itself: none
    mailing_list: Mapped[str | None] = mapped_column(String(20))
    # the idea the email is about (a digest of several: none), so an email whose recipient may no longer read the
    # idea (moved to a private board, withdrawn) is not sent; it goes with the idea, as its notifications do
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    # likewise the theme a theme's news is about, and the release note a "Shipped" email quotes: a status corrected
    # without telling anyone, or a release note withdrawn or corrected, reaches the copies not yet sent
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"), index=True)
