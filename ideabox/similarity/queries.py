"""Read-side queries of the similarity area."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ideabox.extensions import db
from ideabox.models import Board, DuplicateAnswer, Idea


def listed_ideas_by_id(idea_ids):
    """A select of the listed (not merged, not withdrawn) ideas among `idea_ids`, boards loaded."""
    return (
        select(Idea)
        .where(Idea.id.in_(list(idea_ids)), Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None))
        .options(joinedload(Idea.board))  # many-to-one: one query, not two
    )


def all_boards() -> list[Board]:
    """Every board (a short list), for deciding which ones a viewer may not see."""
    return list(db.session.scalars(select(Board)))


def latest_answer(idea) -> DuplicateAnswer | None:
    """The author's most recent "is this the same as …?" answer about this idea."""
    return db.session.scalar(
        select(DuplicateAnswer).where(DuplicateAnswer.idea_id == idea.id)
        .order_by(DuplicateAnswer.created_at.desc(), DuplicateAnswer.id.desc()).limit(1)
    )


def answer_about(idea, candidate) -> DuplicateAnswer | None:
    """The stored answer for this (idea, candidate) pair, if any."""
    return db.session.scalar(
        select(DuplicateAnswer).where(DuplicateAnswer.idea_id == idea.id, DuplicateAnswer.candidate_id == candidate.id)
    )
