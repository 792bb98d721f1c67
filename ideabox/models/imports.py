"""An import of ideas from another tool: the uploaded CSV, staged in the database between preview and import."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import UTCDateTime, utcnow
from ideabox.models.user import User

PREVIEWED, IMPORTED, UNDONE = "previewed", "imported", "undone"


class Import(db.Model):
    """One uploaded file: kept in the database (not on a worker's disk) so any worker can preview or run it."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # column mapping, status mapping, delimiter, board and options (imports.settings)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default=PREVIEWED)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    # ids of the accounts, boards and tags this import made, for undo: {"users": [...], "boards": [...], "tags": [...]}
    created: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Import {self.id} {self.filename!r} {self.state}>"
