"""Themes group merged duplicates into one request; releases announce what shipped."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import IdeaStatus, UTCDateTime, enum_column_type, utcnow
from ideabox.models.user import User


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(140))
    description: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[IdeaStatus] = mapped_column(
        enum_column_type(IdeaStatus, "theme_status"), default=IdeaStatus.OPEN, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    roadmap_pinned: Mapped[bool] = mapped_column(default=False)
    roadmap_position: Mapped[int | None] = mapped_column()
    eta: Mapped[date | None] = mapped_column(Date)  # the month the team expects to ship it (its first day)
    effort: Mapped[int | None] = mapped_column()  # the team's estimate in points (ideabox.effort.EFFORT_SIZES)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    ideas: Mapped[list["Idea"]] = relationship(back_populates="theme")  # noqa: F821
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Theme {self.id} {self.title!r}>"


class Release(db.Model):
    """A changelog entry written when a theme or idea ships."""

    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text, default="")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="new")  # roadmap.services.RELEASE_KIND_LABELS
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    theme: Mapped[Theme | None] = relationship()
    idea: Mapped["Idea | None"] = relationship()  # noqa: F821
    author: Mapped[User | None] = relationship()

    @property
    def changed_at(self) -> datetime:
        """When the note last changed: its correction, else its publication."""
        return self.edited_at or self.published_at
