"""Read-side queries of themes: members, backers, visibility."""
from sqlalchemy import exists, func, select, union
from sqlalchemy.orm import aliased, selectinload

from ideabox.extensions import db
from ideabox.models import Board, Follow, Idea, ProxyVote, Theme, Vote
from ideabox.permissions import can_see_insights


def primary_is_public():
    """A SQL condition on Idea: the idea, or the idea it was merged into, is on a public board.

    A merged duplicate's backers count with its primary (ideabox.backers), whatever board the
    duplicate sits on, so it is the primary's board that decides who sees them counted.
    """
    primary, board = aliased(Idea), aliased(Board)
    public_ids = select(primary.id).join(board, board.id == primary.board_id).where(board.is_private.is_(False))
    return func.coalesce(Idea.merged_into_id, Idea.id).in_(public_ids)


def primary_counts(public_only: bool = False):
    """A SQL condition on Idea: its backers count in its theme's figures. The idea, or the idea it was merged into,
    is not withdrawn (a withdrawn idea keeps its theme but leaves the theme's figures, as it leaves the board's),
    and with public_only it is on a public board (primary_is_public)."""
    withdrawn = select(Idea.id).where(Idea.withdrawn_at.is_not(None)).scalar_subquery()
    condition = func.coalesce(Idea.merged_into_id, Idea.id).not_in(withdrawn)
    return condition & primary_is_public() if public_only else condition


def theme_family_ids(theme_id: int, public_only: bool = False):
    """A select of the ids of a theme's member ideas and their merged duplicates whose backers count (see
    primary_counts; public_only: of its public ones)."""
    # Merged duplicates always carry their primary's theme_id (the merge services keep it so).
    return select(Idea.id).where(Idea.theme_id == theme_id, primary_counts(public_only))


def theme_backer_user_ids(theme_id: int, public_only: bool = False):
    """A select of the distinct users who voted for any idea of the theme."""
    return select(Vote.user_id).where(Vote.idea_id.in_(theme_family_ids(theme_id, public_only))).distinct()


def theme_backers(theme: Theme, viewer=None) -> int:
    """Unique backers of a theme, users and customer accounts each once; private boards only for insiders."""
    public_only = not can_see_insights(viewer)
    users = db.session.scalar(
        select(func.count()).select_from(theme_backer_user_ids(theme.id, public_only).subquery())
    )
    accounts = db.session.scalar(
        select(func.count(ProxyVote.customer_account_id.distinct())).where(
            ProxyVote.idea_id.in_(theme_family_ids(theme.id, public_only))
        )
    )
    return users + accounts


def theme_audience_user_ids(theme_id: int) -> list[int]:
    """Everyone to tell about news on a theme: backers and followers of all its ideas."""
    followers = select(Follow.user_id).where(Follow.idea_id.in_(theme_family_ids(theme_id)))
    return list(db.session.scalars(union(theme_backer_user_ids(theme_id), followers)))


def theme_members(theme: Theme, viewer):
    """A select of the theme's visible member ideas, most backed first, boards loaded."""
    query = (
        select(Idea)
        .join(Board, Board.id == Idea.board_id)
        .where(Idea.theme_id == theme.id, Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None))
        .options(selectinload(Idea.board))
        .order_by(Idea.backer_count.desc(), Idea.id)
    )
    if not can_see_insights(viewer):
        query = query.where(Board.is_private.is_(False))
    return query


def visible_themes(viewer):
    """A select of themes the viewer may see: any theme for insiders, else those with a public idea."""
    query = select(Theme)
    if not can_see_insights(viewer):
        public_member = (
            select(Idea.id)
            .join(Board, Board.id == Idea.board_id)
            .where(Idea.theme_id == Theme.id, Board.is_private.is_(False), Idea.withdrawn_at.is_(None))
        )
        query = query.where(exists(public_member))
    return query


def can_view_theme(viewer, theme: Theme) -> bool:
    """True when the viewer may see the theme (not all of its ideas hidden on private boards)."""
    return db.session.scalar(select(visible_themes(viewer).where(Theme.id == theme.id).exists()))


def merged_duplicate_counts(idea_ids, viewer) -> dict[int, int]:
    """How many ideas are merged into each of the given ideas, counting those the viewer may see
    (as the idea page lists them: merging.queries.merged_duplicates)."""
    query = (
        select(Idea.merged_into_id, func.count())
        .join(Board, Board.id == Idea.board_id)
        .where(Idea.merged_into_id.in_(list(idea_ids)))
        .group_by(Idea.merged_into_id)
    )
    if not can_see_insights(viewer):
        query = query.where(Board.is_private.is_(False))
    return dict(db.session.execute(query).all())
