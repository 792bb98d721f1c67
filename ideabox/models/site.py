"""The instance's own look: name, welcome text, logo and accent colour, set by an admin."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import UTCDateTime, utcnow

DEFAULT_ACCENT = "#4f46e5"
DEFAULT_AUTO_HIDE_REPORTS = 3  # as Discourse does
AUTO_HIDE_MAX = 50  # more people than this never agree on one comment: it would be "off" in disguise


class SiteSettings(db.Model):
    """One row (id 1). Empty texts mean "IdeaBox's own words", so they stay translated."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), default="")
    welcome_heading: Mapped[str] = mapped_column(String(120), default="")
    welcome_message: Mapped[str] = mapped_column(Text, default="")
    accent_color: Mapped[str] = mapped_column(String(7), default=DEFAULT_ACCENT)
    # the language for visitors whose browser asks for none IdeaBox speaks, and for team-wide messages (Slack)
    default_locale: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    # people sign in through the single sign-on providers only (admins keep a password fallback: sso.policy)
    sso_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    # a comment this many different people reported hides until the team reviews it (0: never; moderation.auto_hide)
    auto_hide_reports: Mapped[int] = mapped_column(default=DEFAULT_AUTO_HIDE_REPORTS,
                                                   server_default=str(DEFAULT_AUTO_HIDE_REPORTS))
    # people confirm their email before they post, vote, comment, react or report (auth.taking_part)
    require_confirmed_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    logo_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    logo = relationship("Upload", lazy="joined")
