"""Boards group ideas by product area; tags label ideas across boards."""
from datetime import datetime

from sqlalchemy import String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from ideabox.extensions import db
from ideabox.models.types import UTCDateTime, utcnow

CLOSED_MESSAGE_MAX = 300


class Board(db.Model):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    is_private: Mapped[bool] = mapped_column(default=False)
    # False: a retired product's board, still read, voted and commented on, that takes no new ideas
    accepts_ideas: Mapped[bool] = mapped_column(default=True, server_default=true())
    closed_message: Mapped[str] = mapped_column(String(CLOSED_MESSAGE_MAX), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Board {self.slug}>"


class Tag(db.Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    color: Mapped[str] = mapped_column(String(7), default="#6366f1")

    def __repr__(self) -> str:
        return f"<Tag {self.slug}>"
