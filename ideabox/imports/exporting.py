"""Every listed idea as a CSV in the column layout the generic import reads, so an export imports elsewhere."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Idea, StatusChange, User, Vote

HEADER = ["title", "description", "status", "board", "author email", "author name", "created", "voters", "votes",
          "tags", "official response"]


def idea_rows():
    """The header, then one row per idea on a board (merged and withdrawn ones left out), oldest first; each lists
    every backer of its merged duplicates too, so a site moved by export and import keeps them."""
    yield HEADER
    ideas = db.session.scalars(
        select(Idea).where(Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None)).order_by(Idea.id)
        .options(selectinload(Idea.board), selectinload(Idea.author), selectinload(Idea.tags))
    ).all()
    voters, replies = family_voters(), {}
    for idea_id, note in db.session.execute(
            select(StatusChange.idea_id, StatusChange.note).where(StatusChange.note != "")
            .order_by(StatusChange.created_at, StatusChange.id)):
        replies[idea_id] = note  # the latest wins, as on the idea's page
    for idea in ideas:
        emails = voters.get(idea.id, [])
        yield [idea.title, idea.body, idea.status.value, idea.board.name, idea.author.email,
               idea.author.stored_display_name, idea.created_at.isoformat(), " ".join(emails), len(emails),
               ", ".join(tag.name for tag in idea.tags), replies.get(idea.id, "")]


def family_voters() -> dict[int, list[str]]:
    """The emails of each primary idea's backers, each once, in the order they first voted.

    The family is backers.family_ids's (the idea and the ideas merged into it; merging flattens chains), grouped
    by the primary as ideas.ranking and insights do, in one query rather than one per idea."""
    primary_id = func.coalesce(Idea.merged_into_id, Idea.id)
    voters: dict[int, dict[str, None]] = {}
    for idea_id, email in db.session.execute(
            select(primary_id, User.email).select_from(Vote).join(Idea, Idea.id == Vote.idea_id)
            .join(User, User.id == Vote.user_id).order_by(Vote.created_at, Vote.id)):
        voters.setdefault(idea_id, {})[email] = None
    return {idea_id: list(emails) for idea_id, emails in voters.items()}
