"""The team's dashboard figures: demand and activity over a window of days, overall or on one board.

Every count is one grouped query, the same on SQLite and PostgreSQL: time buckets are a CASE over
bound cut-off times (the reader's midnights, from insights.windows), never a database's own date functions.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal, or_, select, true, union_all

from ideabox.extensions import db
from ideabox.ideas.queries import listed
from ideabox.insights.windows import Window
from ideabox.models import Board, Comment, Idea, IdeaStatus, ProxyVote, StatusChange, Theme, Vote
from ideabox.roadmap.queries import Card, idea_cards, last_shipped, on_board, theme_cards

PERIODS = (7, 30, 90, 180, 365)
DEFAULT_PERIOD = 90
TOP_REQUESTS = 10
BATCH_LIMIT = 2_000  # groups counted exactly in one go: their ids stay far below SQLite's 32,766 parameters


HEADLINE_LABELS = {
    "ideas": _l("Ideas posted"),
    "votes": _l("Votes"),
    "voters": _l("People voting"),
    "comments": _l("Comments"),
    "shipped": _l("Ideas shipped"),
}


@dataclass(frozen=True)
class Headline:
    """One dashboard figure, this window's and the previous window's."""

    key: str
    value: int
    before: int

    @property
    def change(self) -> float | None:
        """Relative change against the previous window (None where that was 0)."""
        return (self.value - self.before) / self.before if self.before else None


def _activity_counts(window: Window) -> dict[str, int]:
    """Ideas posted, votes, people voting, public comments and ideas shipped within the window (and shipped still)."""
    on_board = window.on_board(Idea.board_id)
    vote_count, voter_count = db.session.execute(window.votes(func.count(), func.count(Vote.user_id.distinct()))).one()
    ideas = select(func.count()).select_from(Idea).where(window.during(Idea.created_at), Idea.withdrawn_at.is_(None),
                                                         on_board)
    comments = (
        select(func.count()).select_from(Comment).join(Idea, Idea.id == Comment.idea_id)
        .where(window.during(Comment.created_at), Comment.is_internal.is_(False), Comment.is_hidden.is_(False),
               on_board)
    )
    shipped_at = last_shipped().subquery()
    shipped = (
        select(func.count()).select_from(Idea).join(shipped_at, shipped_at.c.idea_id == Idea.id)
        .where(window.during(shipped_at.c.at), Idea.status == IdeaStatus.SHIPPED, on_board)
    )
    return {"ideas": db.session.scalar(ideas), "votes": vote_count, "voters": voter_count,
            "comments": db.session.scalar(comments), "shipped": db.session.scalar(shipped)}


def headlines(window: Window) -> list[Headline]:
    """The window's figures next to the previous window's."""
    now, before = _activity_counts(window), _activity_counts(window.previous())
    return [Headline(key, now[key], before[key]) for key in now]


def _bucket(column, window: Window):
    """A timestamp's bucket number within the window (rows outside it are filtered out first).

    The CASE halves the buckets at each level, so a row takes about 6 comparisons for a year of
    weeks, not 26 on average down a flat list of cut-offs."""
    bounds = window.bucket_starts()[1:]

    def split(first: int, last: int):  # buckets first..last; bounds[i] starts bucket i + 1
        if first == last:
            return literal(first)
        middle = (first + last) // 2
        return case((column < bounds[middle], split(first, middle)), else_=split(middle + 1, last))

    return split(0, len(bounds))


def activity_series(window: Window) -> dict:
    """Per day or week of the window (its first day in `days`; `runs_on` if the last is today or this week,
    so far): ideas posted, votes cast and distinct people voting."""
    starts = window.bucket_starts()
    on_board = window.on_board(Idea.board_id)
    vote_bucket = _bucket(Vote.created_at, window).label("bucket")
    vote_rows = db.session.execute(
        window.votes(vote_bucket, func.count(), func.count(Vote.user_id.distinct())).group_by(vote_bucket)
    ).all()
    idea_bucket = _bucket(Idea.created_at, window).label("bucket")
    idea_rows = db.session.execute(
        select(idea_bucket, func.count()).where(window.during(Idea.created_at), Idea.withdrawn_at.is_(None), on_board)
        .group_by(idea_bucket)
    ).all()
    series = {name: [0] * len(starts) for name in ("ideas", "votes", "voters")}
    for bucket, votes, voters in vote_rows:
        series["votes"][bucket], series["voters"][bucket] = votes, voters
    for bucket, ideas in idea_rows:
        series["ideas"][bucket] = ideas
    return {"starts": starts, "days": window.bucket_dates(), "bucket_days": window.bucket_days(),
            "runs_on": window.runs_on(), **series}


@dataclass(frozen=True)
class Request:
    """A top request: a roadmap card and the backers it gained within the window."""

    card: Card
    new_backers: int

    @property
    def target(self) -> tuple[str, dict]:
        """The endpoint and its values of the request's own page (the team's theme page, or the idea)."""
        if self.card.kind == "theme":
            return "themes.theme", {"theme_id": self.card.id}
        return "ideas.idea", {"idea_id": self.card.id}


def _distinct_backers(group_key, where, window: Window | None = None, first: bool = True) -> dict[int, int]:
    """Distinct backers (people voting, accounts recorded) of each group of the ideas `where` selects:
    all of them; with a window, those whose first backing of the group falls within it, or with
    first=False those who backed it during the window at all (read through the votes' time index)."""
    users = (select(group_key.label("key"), literal(0).label("kind"), Vote.user_id.label("backer"),
                    Vote.created_at.label("at"))
             .select_from(Idea).join(Vote, Vote.idea_id == Idea.id).where(where))
    accounts = (select(group_key.label("key"), literal(1).label("kind"), ProxyVote.customer_account_id.label("backer"),
                       ProxyVote.created_at.label("at"))
                .select_from(Idea).join(ProxyVote, ProxyVote.idea_id == Idea.id).where(where))
    if window is not None and not first:
        users, accounts = users.where(window.during(Vote.created_at)), accounts.where(window.during(ProxyVote.created_at))
    rows = union_all(users, accounts).subquery()
    # the first backing is tested after grouping: a WHERE on the vote times led SQLite down the votes'
    # time index through every vote of the window, when only a few groups' votes were wanted
    backers = select(rows.c.key).group_by(rows.c.key, rows.c.kind, rows.c.backer)
    if window is not None and first:
        backers = backers.having(window.during(func.min(rows.c.at)))
    backers = backers.subquery()
    return dict(db.session.execute(select(backers.c.key, func.count()).group_by(backers.c.key)).all())


def _themes_on_board(window: Window):
    """The condition on Idea for the ideas of themes with an idea listed on the window's board (of any theme without one)."""
    where = Idea.theme_id.is_not(None)
    if window.board is not None:
        where &= Idea.theme_id.in_(select(Idea.theme_id).where(Idea.board_id == window.board.id, listed()))
    return where


def _unthemed_primaries(window: Window):
    """A select of the ids of listed ideas outside themes (on the window's board, if any)."""
    return select(Idea.id).where(listed(), Idea.theme_id.is_(None), window.on_board(Idea.board_id))


def _family_of(primary_ids):
    """The condition on Idea for these primary ideas and the ideas merged into them (indexed, unlike
    grouping by COALESCE(merged_into_id, id) IN ...)."""
    return or_(Idea.id.in_(primary_ids), Idea.merged_into_id.in_(primary_ids))


PRIMARY = func.coalesce(Idea.merged_into_id, Idea.id)


def _most_backed(window: Window, limit: int) -> tuple[list, list, None]:
    """The `limit` themes and the `limit` unthemed ideas with the most backers."""
    backers = _distinct_backers(Idea.theme_id, _themes_on_board(window))
    best = sorted(backers, key=lambda theme_id: (-backers[theme_id], theme_id))[:limit]
    themes = db.session.scalars(select(Theme).where(Theme.id.in_(best))).all()
    ideas = db.session.scalars(select(Idea).where(Idea.id.in_(_unthemed_primaries(window)))
                               .order_by(Idea.backer_count.desc(), Idea.id).limit(limit)).all()
    return themes, ideas, None


def _most_new_backers(window: Window, limit: int) -> tuple[list, list, dict]:
    """The `limit` themes and ideas with the most new backers in the window (ties: more backers in all),
    and the new backers of every group it counted, by (kind, id).

    Counting first backings needs each group's whole history, too slow for every group backed in a
    year. So the groups are ranked by who backed them during the window at all (one pass over its
    votes, never fewer than the new backers), and exact counts are made for the best of them, in
    growing batches, until no group left could reach the limit-th exact count."""
    bound = {("theme", key): count for key, count in
             _distinct_backers(Idea.theme_id, Idea.theme_id.is_not(None), window, first=False).items()}
    bound.update({("idea", key): count for key, count in _distinct_backers(PRIMARY, true(), window, first=False).items()})
    candidates = sorted(bound, key=lambda group: (-bound[group], group))
    new, total = {}, {}
    start, batch = 0, 4 * limit
    while start < len(candidates):
        counted_new, counted_total = _exact_counts(candidates[start:start + batch], window)
        new.update(counted_new)
        total.update(counted_total)
        start, batch = start + batch, min(batch * 2, BATCH_LIMIT)
        ranked = sorted(new.values(), reverse=True)
        if len(ranked) >= limit and (start >= len(candidates) or bound[candidates[start]] < ranked[limit - 1]):
            break
    best = sorted(new, key=lambda group: (-new[group], -total[group], group))[:limit]
    themes = db.session.scalars(select(Theme).where(Theme.id.in_([key for kind, key in best if kind == "theme"]))).all()
    ideas = db.session.scalars(select(Idea).where(Idea.id.in_([key for kind, key in best if kind == "idea"]))).all()
    return themes, ideas, new


def _exact_counts(groups: list, window: Window) -> tuple[dict, dict]:
    """New backers in the window (first backing) and backers in all, by (kind, id), of those of these
    groups that the window's board shows: themes with an idea listed on it, listed unthemed ideas on it."""
    theme_ids = db.session.scalars(select(Idea.theme_id).where(
        _themes_on_board(window), Idea.theme_id.in_([key for kind, key in groups if kind == "theme"])).distinct()).all()
    idea_ids = db.session.scalars(_unthemed_primaries(window).where(
        Idea.id.in_([key for kind, key in groups if kind == "idea"]))).all()
    new = _new_backers_of(theme_ids, idea_ids, window)
    total = {("theme", key): count for key, count in _distinct_backers(Idea.theme_id, Idea.theme_id.in_(theme_ids)).items()}
    total.update({("idea", key): count for key, count in
                  db.session.execute(select(Idea.id, Idea.backer_count).where(Idea.id.in_(idea_ids))).all()})
    return new, total


def _new_backers_of(theme_ids, idea_ids, window: Window) -> dict:
    """New backers in the window (first backing) of these themes and primary ideas, by (kind, id)."""
    new = {("theme", key): count for key, count in
           _distinct_backers(Idea.theme_id, Idea.theme_id.in_(theme_ids), window).items()}
    new.update({("idea", key): count for key, count in _distinct_backers(PRIMARY, _family_of(idea_ids), window).items()})
    return new


RANKINGS = ("backers", "new")


def top_requests(viewer, window: Window, limit: int = TOP_REQUESTS, by: str = "backers") -> list[Request]:
    """Themes and unthemed ideas (every status), with their backers (each person once) and the new backers
    they gained in the window (who first backed them then): the most backed first, or with by="new" the
    most new backers first. Narrowed to the window's board, where themes with an idea on it count.

    Only the best `limit` themes become cards: building every theme's card loads all their ideas."""
    themes, ideas, new = (_most_new_backers if by == "new" else _most_backed)(window, limit)
    cards = theme_cards(themes, viewer) + idea_cards(ideas)
    if window.board is not None:
        cards = on_board(cards, window.board)
    if new is None:
        new = _new_backers_of([card.id for card in cards if card.kind == "theme"],
                              [card.id for card in cards if card.kind == "idea"], window)
    requests = [Request(card, new.get((card.kind, card.id), 0)) for card in cards if card.backers]
    if by == "new":
        requests.sort(key=lambda item: (-item.new_backers, -item.card.backers, item.card.kind, item.card.id))
    else:
        requests.sort(key=lambda item: (-item.card.backers, item.card.kind, item.card.id))
    return requests[:limit]


@dataclass(frozen=True)
class BoardFigures:
    """One board's listed ideas by status, and its activity within the window."""

    board: Board
    by_status: dict
    new_ideas: int
    voters: int

    @property
    def ideas(self) -> int:
        return sum(self.by_status.values())


def board_breakdown(boards: list[Board], window: Window) -> list[BoardFigures]:
    """Per board of `boards` (most ideas first): listed ideas by status, ideas posted and people voting
    in the window (narrowed to the window's board, if any)."""
    on_board = window.on_board(Idea.board_id)
    statuses = db.session.execute(
        select(Idea.board_id, Idea.status, func.count()).where(listed(), on_board).group_by(Idea.board_id, Idea.status)
    ).all()
    posted = dict(db.session.execute(
        select(Idea.board_id, func.count()).where(window.during(Idea.created_at), Idea.withdrawn_at.is_(None), on_board)
        .group_by(Idea.board_id)
    ).all())
    voters = dict(db.session.execute(
        select(Idea.board_id, func.count(Vote.user_id.distinct())).select_from(Vote).join(Idea, Idea.id == Vote.idea_id)
        .where(window.during(Vote.created_at), on_board).group_by(Idea.board_id)
    ).all())
    by_board = {board.id: {status: 0 for status in IdeaStatus} for board in boards}
    for board_id, status, count in statuses:
        if board_id in by_board:
            by_board[board_id][IdeaStatus(status)] = count
    figures = [BoardFigures(board, by_board[board.id], posted.get(board.id, 0), voters.get(board.id, 0))
               for board in boards]
    return sorted(figures, key=lambda row: (-row.ideas, row.board.name.lower()))
