"""Stored clustering output and every merge a PM makes, so nothing is lost on restart."""
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, JSON, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideabox.extensions import db
from ideabox.models.types import UTCDateTime, utcnow
from ideabox.models.user import User


class ClusteringRun(db.Model):
    """One recomputation of duplicate suggestions over the whole corpus."""

    __tablename__ = "clustering_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|finished|failed
    backend: Mapped[str] = mapped_column(String(20), default="hybrid")
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    job_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last sign of life of its process


class MergeSuggestion(db.Model):
    """A group of ideas the engine thinks are duplicates, waiting for a PM's decision."""

    __tablename__ = "merge_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("clustering_runs.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)  # pending|accepted|dismissed|superseded
    proposed_title: Mapped[str] = mapped_column(String(140))
    # a PM saved the title: it stays when the group's ideas change and passes to the group a recompute puts in its
    # place (triage.titles), where the engine's follows the ideas
    title_saved_by_pm: Mapped[bool] = mapped_column(default=False, server_default=false())
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    cohesion: Mapped[float] = mapped_column(Float, default=0.0)
    pair_scores: Mapped[list] = mapped_column(JSON, default=list)  # [[idea_id, idea_id, score], …]
    backers_united: Mapped[int] = mapped_column(default=0, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["SuggestionMember"]] = relationship(
        back_populates="suggestion", cascade="all, delete-orphan", order_by="SuggestionMember.position"
    )


class SuggestionMember(db.Model):
    __tablename__ = "suggestion_members"

    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("merge_suggestions.id", ondelete="CASCADE"), primary_key=True
    )
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)  # 0 = most central
    centrality: Mapped[float] = mapped_column(Float, default=0.0)

    suggestion: Mapped[MergeSuggestion] = relationship(back_populates="members")
    idea: Mapped["Idea"] = relationship()  # noqa: F821


class DismissedPair(db.Model):
    """Two ideas a PM said are not duplicates; never suggested together again."""

    __tablename__ = "dismissed_pairs"
    __table_args__ = (
        UniqueConstraint("low_idea_id", "high_idea_id"),
        CheckConstraint("low_idea_id < high_idea_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    low_idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    high_idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Merge(db.Model):
    """A link from a merged idea to its primary; `previous_state` makes undo exact."""

    __tablename__ = "merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    merged_idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    primary_idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("merge_suggestions.id", ondelete="SET NULL"))
    previous_state: Mapped[dict] = mapped_column(JSON, default=dict)
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    merged_by: Mapped[User | None] = relationship(foreign_keys=[merged_by_id])
