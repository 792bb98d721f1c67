"""Read-side queries of the moderation queue."""
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Comment, Idea, Report

QUEUE_SIZE = 50
RESOLVED_SHOWN = 30


@dataclass
class Subject:
    """An idea or a comment with its open reports, most reported first."""

    idea: Idea
    comment: Comment | None
    reports: list[Report] = field(default_factory=list)

    @property
    def reasons(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for filed in self.reports:
            counted[filed.reason] = counted.get(filed.reason, 0) + 1
        return counted

    @property
    def hidden_after(self) -> int | None:
        """After how many reports the comment was hidden automatically, while it waits for review; else None."""
        if self.comment is None or not self.comment.is_hidden:
            return None
        return max((filed.auto_hidden_after or 0 for filed in self.reports), default=0) or None


def open_reports(idea: Idea, comment: Comment | None = None):
    """A select of the open reports on the idea itself, or on one of its comments."""
    query = select(Report).where(Report.idea_id == idea.id, Report.resolved_at.is_(None))
    return query.where(Report.comment_id == comment.id) if comment else query.where(Report.comment_id.is_(None))


def open_count() -> int:
    """How many ideas and comments wait for a decision."""
    grouped = select(Report.idea_id, Report.comment_id).where(Report.resolved_at.is_(None)) \
        .group_by(Report.idea_id, Report.comment_id).subquery()
    return db.session.scalar(select(func.count()).select_from(grouped))


def open_subjects() -> list[Subject]:
    """The reported ideas and comments waiting for a decision: the most reported, then the longest waiting, first."""
    grouped = db.session.execute(
        select(Report.idea_id, Report.comment_id).where(Report.resolved_at.is_(None))
        .group_by(Report.idea_id, Report.comment_id)
        .order_by(func.count().desc(), func.min(Report.created_at)).limit(QUEUE_SIZE)).all()
    if not grouped:
        return []
    ideas = {idea.id: idea for idea in db.session.scalars(
        select(Idea).where(Idea.id.in_({idea_id for idea_id, _ in grouped})).options(
            selectinload(Idea.author), selectinload(Idea.board)))}
    comments = {comment.id: comment for comment in db.session.scalars(
        select(Comment).where(Comment.id.in_({comment_id for _, comment_id in grouped if comment_id}))
        .options(selectinload(Comment.author)))}
    subjects = {(idea_id, comment_id): Subject(ideas[idea_id], comments.get(comment_id))
                for idea_id, comment_id in grouped}
    for filed in db.session.scalars(
            select(Report).where(Report.resolved_at.is_(None), Report.idea_id.in_(list(ideas)))
            .options(selectinload(Report.reporter)).order_by(Report.created_at)):
        subject = subjects.get((filed.idea_id, filed.comment_id))
        if subject is not None:
            subject.reports.append(filed)
    return list(subjects.values())


def recently_resolved():
    """A select of the latest decided reports, newest first, with who reported and who decided."""
    return (select(Report).where(Report.resolved_at.is_not(None))
            .options(selectinload(Report.reporter), selectinload(Report.resolved_by), selectinload(Report.idea))
            .order_by(Report.resolved_at.desc(), Report.id.desc()).limit(RESOLVED_SHOWN))
