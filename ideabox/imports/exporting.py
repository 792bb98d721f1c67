"""Every listed idea as a CSV in the column layout the generic import reads, so an export imports elsewhere."""
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Idea, StatusChange, User, Vote

HEADER = ["title", "description", "status", "board", "author email", "author name", "created", "voters", "votes",
          "tags", "official response"]


def idea_rows():
    """The header, then one row per idea on a board (merged and withdrawn ones left out), oldest first."""
    yield HEADER
    ideas = db.session.scalars(
        select(Idea).where(Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None)).order_by(Idea.id)
        .options(selectinload(Idea.board), selectinload(Idea.author), selectinload(Idea.tags))
    ).all()
    voters, replies = defaultdict(list), {}
    for idea_id, email in db.session.execute(
            select(Vote.idea_id, User.email).join(User, User.id == Vote.user_id).order_by(Vote.id)):
        voters[idea_id].append(email)
    for idea_id, note in db.session.execute(
            select(StatusChange.idea_id, StatusChange.note).where(StatusChange.note != "")
            .order_by(StatusChange.created_at, StatusChange.id)):
        replies[idea_id] = note  # the latest wins, as on the idea's page
    for idea in ideas:
        yield [idea.title, idea.body, idea.status.value, idea.board.name, idea.author.email,
               idea.author.stored_display_name, idea.created_at.isoformat(), " ".join(voters[idea.id]), idea.vote_count,
               ", ".join(tag.name for tag in idea.tags), replies.get(idea.id, "")]
