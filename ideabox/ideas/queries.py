"""Read-side queries of the ideas area: selects that views compose and paginate."""
from collections import Counter

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import aliased, selectinload

from ideabox.extensions import db
from ideabox.ideas.ranking import apply_sort
from ideabox.ideas.search import search_condition
from ideabox.ideas.spelling import corrected_search, words_of
from ideabox.models import Board, Comment, Follow, Idea, IdeaStatus, StatusChange, Tag, User, Vote, idea_tags
from ideabox.permissions import can_hide_comment, can_see_insights, can_use_internal_notes, is_staff

PREVIEW_SIZE = 3
VOCABULARY_IDEAS = 3000  # the most-backed ideas whose words a misspelt search is corrected to


def listed():
    """The condition for ideas shown on boards: not withdrawn, not merged into another."""
    return Idea.withdrawn_at.is_(None) & Idea.merged_into_id.is_(None)


def visible_board_ids(user):
    """A select of the ids of the boards `user` may see."""
    query = select(Board.id)
    return query if can_see_insights(user) else query.where(Board.is_private.is_(False))


def visible_boards(user):
    """A select of the boards `user` may see, public first then by name."""
    return select(Board).where(Board.id.in_(visible_board_ids(user))).order_by(Board.is_private, Board.name)


def boards_open_to_ideas(user):
    """A select of the boards `user` may see that take new ideas (closed boards left out), in visible_boards' order."""
    return visible_boards(user).where(Board.accepts_ideas.is_(True))


def idea_counts(board_ids) -> dict[int, int]:
    """Listed ideas per board, in one grouped query."""
    rows = db.session.execute(
        select(Idea.board_id, func.count()).where(Idea.board_id.in_(board_ids), listed()).group_by(Idea.board_id)
    )
    return dict(rows.all())


def top_ideas_by_board(board_ids, size: int = PREVIEW_SIZE) -> dict[int, list[Idea]]:
    """The `size` most-backed listed ideas of each board, in one query.

    Each board's part reads the first rows of the index ix_ideas_board_top; ranking every idea of
    every board in a window took 100-160 ms at 100,000 ideas.
    """
    previews: dict[int, list[Idea]] = {board_id: [] for board_id in board_ids}
    if not previews:
        return previews
    tops = [apply_sort(select(Idea.id).where(Idea.board_id == board_id, listed()), "top").limit(size).subquery().select()
            for board_id in previews]
    for idea in db.session.scalars(apply_sort(select(Idea).where(Idea.id.in_(union_all(*tops))), "top")):
        previews[idea.board_id].append(idea)
    return previews


def board_ideas(board, sort: str, status: IdeaStatus | None = None, tag: Tag | None = None, terms: str = "",
                mine: str | None = None, user=None):
    """A select of a board's listed ideas (board None: of every board `user` may see), filtered and
    sorted, with what a row shows loaded.

    mine (one of TEAM_MINE_FILTERS) keeps the ideas `user` voted for, posted, follows or owns.
    """
    query = (
        select(Idea)
        .where(_on_boards(board, user), listed())
        .options(selectinload(Idea.tags), selectinload(Idea.author), selectinload(Idea.board))
    )
    if mine:
        query = query.where(_mine_condition(mine, user))
    if status:
        query = query.where(Idea.status == status)
    if tag:
        query = query.where(Idea.tags.any(Tag.id == tag.id))
    if terms:
        query = query.where(search_condition(terms))
    return apply_sort(query, sort)


def did_you_mean(board, filters, user) -> str | None:
    """A search that found nothing, its misspelt words corrected, if that finds something with the same filters."""
    corrected = corrected_search(filters.q, search_vocabulary(board, user))
    if corrected is None:
        return None
    found = board_ideas(board, filters.sort, filters.status, filters.tag, corrected, filters.mine, user)
    return corrected if db.session.scalar(select(func.count()).select_from(found.order_by(None).subquery())) else None


def search_vocabulary(board, user) -> Counter:
    """How often each word appears in the titles and descriptions of the most-backed listed ideas `user` may see
    (on the board, if given)."""
    rows = db.session.execute(
        select(Idea.title, Idea.body).where(_on_boards(board, user), listed())
        .order_by(Idea.backer_count.desc(), Idea.id.desc()).limit(VOCABULARY_IDEAS))
    vocabulary = Counter()
    for title, body in rows:
        vocabulary.update(words_of(title))
        vocabulary.update(words_of(body))
    return vocabulary


def _on_boards(board, user):
    """Ideas on the board, or (board None) on every board `user` may see."""
    return Idea.board_id == board.id if board else Idea.board_id.in_(visible_board_ids(user))


MINE_FILTERS = ("voted", "posted", "following")
TEAM_MINE_FILTERS = (*MINE_FILTERS, "owned")  # staff also list the ideas assigned to them


def mine_filters_for(user) -> tuple[str, ...]:
    return TEAM_MINE_FILTERS if is_staff(user) else MINE_FILTERS


def _mine_condition(mine: str, user):
    """Ideas the user voted for or follows (on them or on a duplicate merged into them), posted, or owns."""
    if mine == "posted":
        return Idea.author_id == user.id
    if mine == "owned":
        return Idea.owner_id == user.id
    model = Vote if mine == "voted" else Follow
    acted_on = aliased(Idea)
    primary = func.coalesce(acted_on.merged_into_id, acted_on.id)
    return Idea.id.in_(select(primary).select_from(model).join(acted_on, acted_on.id == model.idea_id)
                       .where(model.user_id == user.id))


def _mine_count(mine: str, board, user):
    """A scalar select counting the board's (board None: every visible board's) listed ideas in `mine`."""
    return (select(func.count()).where(_on_boards(board, user), listed(), _mine_condition(mine, user))
            .scalar_subquery())


def mine_counts(board, user) -> dict[str, int]:
    """How many of a board's listed ideas (board None: of every board the user may see) the user voted
    for, posted and follows (empty when signed out)."""
    if not (user and user.is_authenticated):
        return {}
    filters = mine_filters_for(user)
    counts = db.session.execute(select(*(_mine_count(mine, board, user) for mine in filters))).one()
    return dict(zip(filters, counts))


def status_counts(board) -> dict[IdeaStatus, int]:
    """Listed ideas of a board per status, for the status filter."""
    rows = db.session.execute(
        select(Idea.status, func.count()).where(Idea.board_id == board.id, listed()).group_by(Idea.status)
    )
    return {IdeaStatus(status): count for status, count in rows}


def board_tags(board) -> list[Tag]:
    """Tags used by the board's listed ideas, by name."""
    used = select(idea_tags.c.tag_id).join(Idea, Idea.id == idea_tags.c.idea_id).where(
        Idea.board_id == board.id, listed()
    )
    return list(db.session.scalars(select(Tag).where(Tag.id.in_(used)).order_by(Tag.name)))


def all_tags() -> list[Tag]:
    """Every tag, by name (the choices of the idea form)."""
    return list(db.session.scalars(select(Tag).order_by(Tag.name)))


def voted_idea_ids(user, idea_ids) -> set[int]:
    """Which of `idea_ids` the user backs (a vote on it or on a duplicate merged into it) — one query."""
    if not (user and user.is_authenticated) or not idea_ids:
        return set()
    return set(db.session.scalars(select(Idea.id).where(Idea.id.in_(idea_ids), _mine_condition("voted", user))))


def has_voted(user, idea) -> bool:
    """True when the user backs this idea with their own vote (here or on a merged duplicate)."""
    return idea.id in voted_idea_ids(user, [idea.id])


def is_following(user, idea) -> bool:
    """True when the user follows this idea, itself or through a duplicate merged into it: news of it reaches them
    either way (backers.follower_user_ids)."""
    if not (user and user.is_authenticated):
        return False
    family = select(Idea.id).where((Idea.id == idea.id) | (Idea.merged_into_id == idea.id))
    return db.session.scalar(
        select(Follow.idea_id).where(Follow.user_id == user.id, Follow.idea_id.in_(family)).limit(1)) is not None


def comments_of(idea, include_hidden: bool = False, include_internal: bool = False):
    """A select of an idea's comments, oldest first, authors loaded; hidden ones (staff) and internal
    notes (the team) only if asked."""
    statement = (
        select(Comment)
        .where(Comment.idea_id == idea.id)
        .options(selectinload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    )
    if not include_hidden:
        statement = statement.where(Comment.is_hidden.is_(False))
    if not include_internal:
        statement = statement.where(Comment.is_internal.is_(False))
    return statement


def comments_seen_by(user, idea) -> list[Comment]:
    """The idea's comments as `user` sees them: with the hidden ones for those who may hide comments,
    and internal notes for the team."""
    statement = comments_of(idea, include_hidden=can_hide_comment(user),
                            include_internal=can_use_internal_notes(user))
    return list(db.session.scalars(statement))


def status_history(idea):
    """A select of an idea's status changes, newest first, with who made them."""
    return (
        select(StatusChange)
        .where(StatusChange.idea_id == idea.id)
        .options(selectinload(StatusChange.changed_by))
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc())
    )


def latest_official_reply(idea) -> StatusChange | None:
    """The most recent status change that carries an official reply."""
    return db.session.scalars(
        select(StatusChange)
        .where(StatusChange.idea_id == idea.id, StatusChange.note != "")
        .options(selectinload(StatusChange.changed_by))
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc())
        .limit(1)
    ).first()


def recent_voters(idea, limit: int = 12) -> list[User]:
    """The latest people who voted for the idea, for the voters strip."""
    return list(
        db.session.scalars(
            select(User).join(Vote, Vote.user_id == User.id).where(Vote.idea_id == idea.id)
            .order_by(Vote.created_at.desc(), Vote.id.desc()).limit(limit)
        )
    )


def find_tags(tag_ids) -> list[Tag]:
    """The tags with these ids."""
    if not tag_ids:
        return []
    return list(db.session.scalars(select(Tag).where(Tag.id.in_(tag_ids)).order_by(Tag.name)))


def tag_by_slug(slug: str) -> Tag | None:
    """The tag with this slug, if any."""
    return db.session.scalar(select(Tag).where(Tag.slug == slug))


def board_by_slug(slug: str) -> Board | None:
    """The board with this slug, if any."""
    return db.session.scalar(select(Board).where(Board.slug == slug))
