"""Ideas and what customers attach to them: votes, comments, follows, status history."""
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.board import Board, Tag
from ideabox.models.types import IdeaStatus, UTCDateTime, enum_column_type, utcnow
from ideabox.models.user import CustomerAccount, User

TITLE_MAX = 140
BODY_MAX = 10_000
COMMENT_MAX = 5_000
SUBMISSION_KEY_MAX = 64

idea_tags = Table(
    "idea_tags",
    db.metadata,
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint("vote_count >= 0", name="vote_count_not_negative"),
        CheckConstraint("backer_count >= 0", name="backer_count_not_negative"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_self"),
        Index("ix_ideas_board_status", "board_id", "status"),
        # a board's ideas in the default order (most backed, then newest): its first page, the home previews
        Index("ix_ideas_board_top", "board_id", "backer_count", "created_at", "id"),
        Index("uq_ideas_author_submission", "author_id", "submission_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[IdeaStatus] = mapped_column(
        enum_column_type(IdeaStatus, "idea_status"), default=IdeaStatus.OPEN, index=True
    )
    # Votes cast on this idea row; backers = unique supporters incl. merged ideas and proxy votes.
    vote_count: Mapped[int] = mapped_column(default=0)
    backer_count: Mapped[int] = mapped_column(default=0, index=True)
    comment_count: Mapped[int] = mapped_column(default=0)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    roadmap_pinned: Mapped[bool] = mapped_column(default=False)
    roadmap_position: Mapped[int | None] = mapped_column()
    eta: Mapped[date | None] = mapped_column(Date)  # the month the team expects to ship it (its first day)
    # the PM or admin who looks after it (ideas.services.assign_owner); the team sees it, customers do not
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    effort: Mapped[int | None] = mapped_column()  # the team's estimate in points (ideabox.effort), ideas outside themes
    # the import from another tool that created it (imports.services.undo_import removes what an import made)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"), index=True)
    # the key of the form that posted it: the same form sent again gets this idea (ideas.forms.PostedOnce)
    submission_key: Mapped[str | None] = mapped_column(String(SUBMISSION_KEY_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Indexed: every web worker asks "what changed since my last look?" to keep its similarity index current.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)

    board: Mapped[Board] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    tags: Mapped[list[Tag]] = relationship(secondary=idea_tags, order_by=Tag.name)
    merged_into: Mapped["Idea | None"] = relationship(remote_side=[id], back_populates="merged_ideas")
    merged_ideas: Mapped[list["Idea"]] = relationship(back_populates="merged_into")
    theme: Mapped["Theme | None"] = relationship(back_populates="ideas")  # noqa: F821

    @property
    def is_visible(self) -> bool:
        """Listed on boards: neither withdrawn nor merged into another idea."""
        return self.withdrawn_at is None and self.merged_into_id is None

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.title!r}>"


# Board search on PostgreSQL: English stemming over title and body, named as a SQL literal (see below)
TEXT_SEARCH_CONFIG = text("'english'::regconfig")


def search_document():
    """An idea's text-search vector, as the GIN index below holds it (without it a search read every
    idea of the board: 0.56-0.91 s for 25,000). Its constants are SQL literals, not bound values, so
    the query matches the index even in a generic plan, which does not fold bound values in."""
    columns = Idea.__table__.c
    return func.to_tsvector(
        TEXT_SEARCH_CONFIG,
        func.coalesce(columns.title, text("''")).op("||")(text("' '")).op("||")(func.coalesce(columns.body, text("''"))),
    )


Index("ix_ideas_search", search_document(), postgresql_using="gin").ddl_if(dialect="postgresql")


class Vote(db.Model):
    """A customer's own upvote; one per user per idea, enforced by the database."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id"),
        # votes and voters over a window of days (the insights dashboard, momentum) read this index alone
        Index("ix_votes_created_user_idea", "created_at", "user_id", "idea_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class ProxyVote(db.Model):
    """Demand a PM heard on a sales or support call, recorded for a customer account."""

    __tablename__ = "proxy_votes"
    __table_args__ = (UniqueConstraint("idea_id", "customer_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    customer_account_id: Mapped[int] = mapped_column(
        ForeignKey("customer_accounts.id", ondelete="CASCADE"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    customer_account: Mapped[CustomerAccount] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (Index("uq_comments_author_submission", "author_id", "submission_key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    # an internal note: the team (PMs, executives, admins) sees it, customers never do; set once, when posted
    is_internal: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submission_key: Mapped[str | None] = mapped_column(String(SUBMISSION_KEY_MAX))  # as Idea.submission_key

    author: Mapped[User] = relationship()
    idea: Mapped[Idea] = relationship()


class CommentReaction(db.Model):
    """One person's emoji reaction to a comment (comments.reactions.REACTIONS names the kinds)."""

    __tablename__ = "comment_reactions"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Follow(db.Model):
    __tablename__ = "follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StatusChange(db.Model):
    """One entry of an idea's status history; `note` is the official reply, if any."""

    __tablename__ = "status_changes"
    __table_args__ = (Index("uq_status_changes_idea_submission", "submission_key", "idea_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[IdeaStatus | None] = mapped_column(enum_column_type(IdeaStatus, "from_status"))
    to_status: Mapped[IdeaStatus] = mapped_column(enum_column_type(IdeaStatus, "to_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the key of the status form that made it (as Idea.submission_key): the same form sent again changes nothing
    submission_key: Mapped[str | None] = mapped_column(String(SUBMISSION_KEY_MAX))

    changed_by: Mapped[User | None] = relationship()


class DuplicateAnswer(db.Model):
    """An author's answer to "is your idea the same as …?" right after submitting."""

    __tablename__ = "duplicate_answers"
    __table_args__ = (UniqueConstraint("idea_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    is_same: Mapped[bool] = mapped_column()
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdeaEmbedding(db.Model):
    """The semantic vector of an idea, computed once when it is written and reused."""

    __tablename__ = "idea_embeddings"

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(80))
    dimensions: Mapped[int] = mapped_column()
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
