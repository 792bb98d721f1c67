"""Webhooks: the endpoints an admin connects, and each delivery to them (an outbox, like the email's)."""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, JSON, String, Table, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.board import Board
from ideabox.models.types import UTCDateTime, utcnow
from ideabox.models.user import User

URL_MAX = 2000

# The boards a webhook that is not for all boards hears of; a deleted board leaves it, never widening the webhook.
webhook_boards = Table(
    "webhook_boards",
    db.metadata,
    Column("webhook_id", ForeignKey("webhooks.id", ondelete="CASCADE"), primary_key=True),
    Column("board_id", ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Webhook(db.Model):
    """An endpoint told of the events it subscribes to: a signed JSON POST (Standard Webhooks), or a Slack
    message when `kind` is "slack"."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(String(URL_MAX))
    kind: Mapped[str] = mapped_column(String(20), default="standard")  # webhooks.events.KINDS
    events: Mapped[list] = mapped_column(JSON, default=list)  # event types, webhooks.events.EVENT_TYPES
    include_private: Mapped[bool] = mapped_column(default=False)  # events on private boards too
    # False: only events on `boards`, even when none of them is left (webhooks.scope)
    all_boards: Mapped[bool] = mapped_column(default=True, server_default=true())
    is_active: Mapped[bool] = mapped_column(default=True)
    secret: Mapped[str] = mapped_column(String(100))  # "whsec_" + base64, signs every standard delivery
    # after a rotation the old secret also signs, until it expires, so receivers can switch without a gap
    previous_secret: Mapped[str] = mapped_column(String(100), default="")
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str] = mapped_column(Text, default="")  # why IdeaBox turned it off, if it did
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()
    boards: Mapped[list[Board]] = relationship(secondary=webhook_boards, order_by=(Board.name, Board.id))

    @property
    def unsent_boards(self) -> list[Board]:
        """The picked boards whose events are not sent: private ones (made private since) while private boards
        are left out."""
        return [] if self.include_private else [board for board in self.boards if board.is_private]


class WebhookDelivery(db.Model):
    """One event for one webhook: the exact body to POST, and how each attempt went. A failed attempt is
    retried with backoff; the row is never dropped before it is delivered or has run out of attempts."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(40))
    # the webhook-id header: the same on retries and on an admin's "Send again", so receivers can drop repeats
    message_id: Mapped[str] = mapped_column(String(40), index=True)
    body: Mapped[str] = mapped_column(Text)
    # what the body was written for, so a delivery the endpoint's settings no longer admit does not go out after
    # they change (webhooks.events.not_for_the_endpoint): its kind's format, whether it tells of a private board, and
    # the boards it is about (None: unknown, a delivery queued before these were kept, or none: a test)
    kind: Mapped[str | None] = mapped_column(String(20))
    private: Mapped[bool] = mapped_column(default=False, server_default=false())
    board_ids: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # None: nothing more to try
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # gave up after the last attempt
    response_status: Mapped[int | None] = mapped_column()
    response_body: Mapped[str] = mapped_column(Text, default="")  # the first 2 KB the endpoint answered
    last_error: Mapped[str] = mapped_column(Text, default="")
    duration_ms: Mapped[int | None] = mapped_column()
    # an admin's "Send again" that delivered this event while this row still waited to retry it: its retries end
    # there, or the endpoint (a Slack channel, which has no webhook-id to drop repeats by) would get it twice
    delivered_by_resend_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="SET NULL"))

    webhook: Mapped[Webhook] = relationship()
