"""Read-side queries of merging: duplicates of an idea, their comments, proxy demand, the audit log."""
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from ideabox.backers import family_ids
from ideabox.extensions import db
from ideabox.models import AuditEvent, Board, Comment, CustomerAccount, Idea, Merge, ProxyVote, Theme
from ideabox.permissions import can_see_insights, is_staff


def merged_duplicates(idea: Idea, viewer):
    """A select of (duplicate, its active Merge or None) for ideas merged into `idea`.

    Duplicates on private boards are left out for viewers who can't see those boards, so a
    cross-board merge never leaks private text, and withdrawn ones for all but staff, as their
    own pages are. A duplicate re-pointed here by a later merge has no Merge row of its own
    (undoing that later merge takes it back).
    """
    query = (
        select(Idea, Merge)
        .join(Board, Board.id == Idea.board_id)
        .outerjoin(Merge, and_(Merge.merged_idea_id == Idea.id, Merge.primary_idea_id == idea.id,
                               Merge.undone_at.is_(None)))
        .where(Idea.merged_into_id == idea.id)
        .options(selectinload(Idea.board))
        .order_by(Idea.vote_count.desc(), Idea.id)
    )
    if not can_see_insights(viewer):
        query = query.where(Board.is_private.is_(False))
    if not is_staff(viewer):
        query = query.where(Idea.withdrawn_at.is_(None))
    return query


def brought_along(primary: Idea, merged: list[Idea]) -> list[Idea]:
    """The ideas a merge just brought to `primary`: each of `merged`, then the ideas merged into it before, which its
    active Merge re-pointed there with it."""
    merges = db.session.scalars(select(Merge).where(
        Merge.primary_idea_id == primary.id, Merge.merged_idea_id.in_([idea.id for idea in merged]),
        Merge.undone_at.is_(None)))
    repointed = {merge.merged_idea_id: [row["idea_id"] for row in merge.previous_state.get("repointed", [])]
                 for merge in merges}
    ids = [idea_id for idea in merged for idea_id in (idea.id, *repointed.get(idea.id, []))]
    ideas = {idea.id: idea for idea in db.session.scalars(select(Idea).where(Idea.id.in_(ids)))}
    return [ideas[idea_id] for idea_id in ids if idea_id in ideas]


def arrivals(primary_id: int) -> dict[int, datetime]:
    """When each idea merged into the primary came to it: the time of its active Merge there, or of the Merge of
    the idea it had been merged into before, which brought it along."""
    arrived = {}
    for merge in db.session.scalars(select(Merge).where(Merge.primary_idea_id == primary_id,
                                                        Merge.undone_at.is_(None))):
        for idea_id in (merge.merged_idea_id, *(row["idea_id"] for row in merge.previous_state.get("repointed", []))):
            arrived[idea_id] = merge.created_at
    here = set(db.session.scalars(select(Idea.id).where(Idea.merged_into_id == primary_id)))
    return {idea_id: at for idea_id, at in arrived.items() if idea_id in here}


def merged_comments(duplicate_ids: list[int], include_internal: bool = False):
    """A select of the visible comments written on the given merged duplicates, oldest first; their
    internal notes only if asked (the team)."""
    statement = (
        select(Comment)
        .where(Comment.idea_id.in_(duplicate_ids), Comment.is_hidden.is_(False))
        .options(selectinload(Comment.author), selectinload(Comment.idea))
        .order_by(Comment.created_at, Comment.id)
    )
    return statement if include_internal else statement.where(Comment.is_internal.is_(False))


def proxy_votes(idea: Idea):
    """A select of demand recorded for customer accounts on the idea and its duplicates, newest first."""
    return (
        select(ProxyVote)
        .where(ProxyVote.idea_id.in_(family_ids(idea.id)))
        .options(selectinload(ProxyVote.customer_account), selectinload(ProxyVote.recorded_by))
        .order_by(ProxyVote.created_at.desc(), ProxyVote.id.desc())
    )


def account_names(limit: int = 500):
    """A select of customer account names, for the 'record demand' suggestions."""
    return select(CustomerAccount.name).order_by(CustomerAccount.name).limit(limit)


def theme_titles(limit: int = 500):
    """A select of theme titles, for the 'theme' suggestions on the idea page."""
    return select(Theme.title).order_by(Theme.title).limit(limit)


def merge_candidates(idea: Idea, text: str, limit: int = 8):
    """A select of ideas that could be merged into `idea`, matching `text` by title or id."""
    text = text.strip().lstrip("#")
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    match = Idea.title.ilike(f"%{escaped}%", escape="\\")
    if text.isdigit():
        match = or_(match, Idea.id == int(text))
    return (
        select(Idea)
        .where(match, Idea.id != idea.id, Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None))
        .options(selectinload(Idea.board))
        .order_by(Idea.backer_count.desc(), Idea.id)
        .limit(limit)
    )


def audit_events():
    """A select of the audit log, newest first, actors loaded."""
    return select(AuditEvent).options(selectinload(AuditEvent.actor)).order_by(
        AuditEvent.created_at.desc(), AuditEvent.id.desc()
    )


def merge_states(merge_ids) -> dict[int, str]:
    """For each of the given merges: "undone", or "open" while an undo can still put it back (its idea is
    still merged straight into that primary); merges merged over since are left out."""
    ids = [merge_id for merge_id in merge_ids if merge_id]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Merge.id, Merge.undone_at, Merge.primary_idea_id, Idea.merged_into_id)
        .join(Idea, Idea.id == Merge.merged_idea_id).where(Merge.id.in_(ids))
    )
    return {merge_id: "undone" if undone_at else "open" for merge_id, undone_at, primary_id, merged_into_id in rows
            if undone_at or merged_into_id == primary_id}
