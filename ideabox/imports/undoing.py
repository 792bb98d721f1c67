"""Undoing an import: its ideas go (their votes, follows and history with them), then whatever it created for
them that nothing else uses now."""
from flask_babel import gettext as _
from sqlalchemy import delete, exists, or_, select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import ApiToken, Board, Comment, CommentReaction, Follow, Idea, Tag, User, Vote, idea_tags
from ideabox.people import reputation
from ideabox.similarity.index_registry import live_index


def remove_import(imp) -> dict:
    """Delete the import's ideas and the untouched accounts, empty boards and unused tags it made; return counts."""
    ideas = select(Idea.id).where(Idea.import_id == imp.id)
    merged = db.session.scalar(select(Idea.id).where(or_(Idea.import_id == imp.id, Idea.merged_into_id.in_(ideas)),
                                                     Idea.merged_into_id.isnot(None)).limit(1))
    if merged is not None:
        raise DomainError(_("Some imported ideas were merged since. Undo those merges in Triage first."))
    idea_ids = list(db.session.scalars(ideas))
    authors = set(db.session.scalars(select(Idea.author_id).where(Idea.id.in_(idea_ids)).distinct()))
    db.session.execute(delete(Idea).where(Idea.import_id == imp.id))
    created = imp.created or {}
    users = _remove(User, created.get("users", []), _untouched_user)
    boards = _remove(Board, created.get("boards", []), lambda: ~exists().where(Idea.board_id == Board.id))
    tags = _remove(Tag, created.get("tags", []), lambda: ~exists().where(idea_tags.c.tag_id == Tag.id))
    reputation.refresh_at_commit(authors - set(users))
    index = live_index()
    for idea_id in idea_ids:
        index.remove(idea_id)
    return {"ideas": len(idea_ids), "accounts": len(users), "boards": len(boards), "tags": len(tags)}


def _remove(model, ids: list[int], unused) -> list[int]:
    """Delete the rows among `ids` that `unused()` holds for; return their ids."""
    if not ids:
        return []
    gone = list(db.session.scalars(select(model.id).where(model.id.in_(ids), unused())))
    if gone:
        db.session.execute(delete(model).where(model.id.in_(gone)))
    return gone


def _untouched_user():
    """Never signed in nor set a password, and nothing of theirs is left (an idea, vote, comment, reaction, follow)."""
    clauses = [~exists().where(column == User.id) for column in (
        Idea.author_id, Vote.user_id, Comment.author_id, CommentReaction.user_id, Follow.user_id, ApiToken.user_id)]
    return User.password_hash.is_(None) & User.last_seen_at.is_(None) & User.erased_at.is_(None) & db.and_(*clauses)
