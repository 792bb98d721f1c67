"""Reports: someone tells the team an idea or a comment does not belong (spam, abuse, personal data…)."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import UTCDateTime, utcnow
from ideabox.models.user import User

NOTE_MAX = 500
KEEP, HIDE, WITHDRAW = "kept", "hidden", "withdrawn"  # the team's decisions (resolution)
DELETED = "deleted"  # no decision: the author deleted the comment, and its reports go with it


class Report(db.Model):
    """One person's report of an idea, or (comment_id set) of a comment on it, open until the team keeps, hides
    or withdraws it."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)  # or the comment's
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # moderation.services.REASONS
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str] = mapped_column(String(20), default="")  # hidden | withdrawn | kept
    # set on each report still open when its comment was hidden automatically: how many people had reported it
    auto_hidden_after: Mapped[int | None] = mapped_column()

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    idea = relationship("Idea")
    comment = relationship("Comment")
