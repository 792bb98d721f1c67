"""Read side of the public roadmap and changelog: cards, rankings and releases a viewer may see."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.orm import selectinload

from ideabox.extensions import db
from ideabox.models import Board, Idea, IdeaStatus, Release, StatusChange, Theme, utcnow
from ideabox.permissions import can_see_insights, is_staff
from ideabox.themes.ranking import Score, score_themes, settings_from_config

COLUMNS = (IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.SHIPPED)
REQUESTED = (IdeaStatus.OPEN, IdeaStatus.UNDER_REVIEW)
SHIPPED_WINDOW = timedelta(days=90)


@dataclass
class Card:
    """One roadmap item: a theme (shown once for all its ideas) or an idea outside any theme."""

    subject: Theme | Idea
    kind: str  # "theme" | "idea"
    backers: int
    boards: list[Board]
    ideas: list[Idea] = field(default_factory=list)
    score: Score | None = None
    shipped_at: datetime | None = None

    @property
    def id(self) -> int:
        return self.subject.id

    @property
    def sort_key(self):
        position = self.subject.roadmap_position
        return (not self.subject.roadmap_pinned, position is None, position or 0, -self.backers,
                self.subject.title.lower(), self.id)


def board_is_visible(viewer):
    """A SQL condition on Board: every board for insiders, public boards for everyone else."""
    return true() if can_see_insights(viewer) else Board.is_private.is_(False)


def visible_primaries(viewer):
    """A select of listed ideas (not merged, not withdrawn) on boards the viewer may see."""
    return (
        select(Idea).join(Board, Board.id == Idea.board_id)
        .where(Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None), board_is_visible(viewer))
        .options(selectinload(Idea.board))
    )


def theme_scores(theme_ids, viewer) -> dict[int, Score]:
    """Unique backers (and weighted scores) per theme, counting the families of the ideas on boards the viewer sees."""
    return score_themes(theme_ids, settings_from_config(current_app.config), public_only=not can_see_insights(viewer))


def theme_cards(themes, viewer) -> list[Card]:
    """Cards for themes that have at least one idea the viewer may see."""
    themes = list(themes)
    members: dict[int, list[Idea]] = {theme.id: [] for theme in themes}
    if themes:
        ideas = db.session.scalars(
            visible_primaries(viewer).where(Idea.theme_id.in_(list(members))).order_by(Idea.backer_count.desc())
        )
        for idea in ideas:
            members[idea.theme_id].append(idea)
    scores = theme_scores([t.id for t in themes if members[t.id]], viewer)
    return [
        Card(theme, "theme", scores[theme.id].backers, _boards_of(members[theme.id]), members[theme.id],
             scores[theme.id], theme.shipped_at)
        for theme in themes if members[theme.id]
    ]


def _boards_of(ideas) -> list[Board]:
    boards = {idea.board.id: idea.board for idea in ideas}
    return sorted(boards.values(), key=lambda board: board.name.lower())


def idea_cards(ideas) -> list[Card]:
    """Cards for ideas that belong to no theme."""
    ideas = list(ideas)
    shipped = _shipped_times([idea.id for idea in ideas if idea.status == IdeaStatus.SHIPPED])
    return [Card(idea, "idea", idea.backer_count, [idea.board], [idea], shipped_at=shipped.get(idea.id))
            for idea in ideas]


def _shipped_times(idea_ids) -> dict[int, datetime]:
    if not idea_ids:
        return {}
    return dict(db.session.execute(last_shipped().where(StatusChange.idea_id.in_(idea_ids))).all())


def last_shipped():
    """A select of each idea's id and when it last arrived at Shipped (idea_id, at). An idea counts as shipped only
    while it is, and then once, when it last shipped: a status set back ("Tell nobody" corrections are plain status
    changes too) takes it out, and a reply posted on a shipped idea (Shipped to Shipped) is no new shipping."""
    arrived = StatusChange.to_status == IdeaStatus.SHIPPED
    came_from_elsewhere = or_(StatusChange.from_status.is_(None), StatusChange.from_status != IdeaStatus.SHIPPED)
    return (select(StatusChange.idea_id, func.max(StatusChange.created_at).label("at"))
            .where(arrived, came_from_elsewhere).group_by(StatusChange.idea_id))


def roadmap_columns(viewer, now: datetime | None = None) -> dict[IdeaStatus, list[Card]]:
    """The roadmap: Planned, In progress and recently Shipped cards, pinned first then by position and backers."""
    cutoff = (now or utcnow()) - SHIPPED_WINDOW
    themes = db.session.scalars(select(Theme).where(Theme.status.in_(COLUMNS)))
    ideas = db.session.scalars(
        visible_primaries(viewer).where(Idea.theme_id.is_(None), Idea.status.in_(COLUMNS))
    )
    columns = {status: [] for status in COLUMNS}
    for card in theme_cards(themes, viewer) + idea_cards(ideas):
        if card.subject.status == IdeaStatus.SHIPPED and (card.shipped_at or card.subject.updated_at) < cutoff:
            continue
        columns[card.subject.status].append(card)
    for cards in columns.values():
        cards.sort(key=lambda card: card.sort_key)
    return columns


def column_of(status: IdeaStatus, viewer) -> list[Card]:
    """The ordered cards of one roadmap column."""
    return roadmap_columns(viewer)[status]


def most_requested(viewer, limit: int | None = 10) -> list[Card]:
    """Open and under-review themes with backers, best first by the rank formula of `themes.ranking`."""
    themes = db.session.scalars(select(Theme).where(Theme.status.in_(REQUESTED)))
    cards = [card for card in theme_cards(themes, viewer) if card.backers]
    # The same order as themes.ranking.rank_themes, but scored only on ideas this viewer may see.
    cards.sort(key=lambda card: (-card.score.score, -card.backers, card.id))
    return cards[:limit]


def visible_boards(viewer):
    """A select of the boards the viewer may see, by name."""
    return select(Board).where(board_is_visible(viewer)).order_by(Board.name)


def on_board(cards: list[Card], board: Board) -> list[Card]:
    """The cards with at least one idea on `board`."""
    return [card for card in cards if any(b.id == board.id for b in card.boards)]


def visible_theme(theme_id: int, viewer) -> Card | None:
    """The card of one theme if the viewer may see it."""
    theme = db.session.get(Theme, theme_id)
    cards = theme_cards([theme], viewer) if theme else []
    return cards[0] if cards else None


def visible_releases(viewer):
    """A select of releases the viewer may see, newest first: a note shows where what it is about does, so never
    a private board's for the public, nor a withdrawn idea's (nor a theme's whose ideas were all withdrawn) for
    anyone but staff, who still open withdrawn ideas (permissions.can_view_idea)."""
    query = (
        select(Release)
        .options(selectinload(Release.theme), selectinload(Release.author),
                 selectinload(Release.idea).selectinload(Idea.board))
        .order_by(Release.published_at.desc(), Release.id.desc())
    )
    if is_staff(viewer):
        return query
    readable = and_(Idea.withdrawn_at.is_(None), board_is_visible(viewer))
    readable_idea = exists(select(Idea.id).join(Board, Board.id == Idea.board_id)
                           .where(Idea.id == Release.idea_id, readable))
    readable_theme = exists(select(Idea.id).join(Board, Board.id == Idea.board_id)
                            .where(Idea.theme_id == Release.theme_id, readable))
    return query.where(or_(Release.idea_id.is_(None), readable_idea), or_(Release.theme_id.is_(None), readable_theme))


def is_public_release(release) -> bool:
    """Whether visitors may read the release note (its theme or idea is on a public board, and listed)."""
    return db.session.scalar(visible_releases(None).with_only_columns(Release.id).where(Release.id == release.id)) is not None


def latest_theme_update(ideas) -> StatusChange | None:
    """The team's latest official note on a theme, as its ideas received it (a theme's status form writes it to each
    of them); `ideas` are those the viewer may see, so no note reaches them through a private board's idea."""
    ids = [idea.id for idea in ideas]
    if not ids:
        return None
    return db.session.scalars(
        select(StatusChange).where(StatusChange.idea_id.in_(ids), StatusChange.note != "")
        .options(selectinload(StatusChange.changed_by))
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc()).limit(1)
    ).first()


def releases_of_theme(theme_id: int):
    """A select of a theme's releases, newest first."""
    return select(Release).where(Release.theme_id == theme_id).order_by(Release.published_at.desc(), Release.id.desc())


def releases_of_idea(idea_id: int):
    """A select of an idea's own release notes (not its theme's), newest first."""
    return select(Release).where(Release.idea_id == idea_id).order_by(Release.published_at.desc(), Release.id.desc())


def releases_of(item: Theme | Idea):
    """A select of a theme's or an idea's own release notes, newest first."""
    return releases_of_theme(item.id) if isinstance(item, Theme) else releases_of_idea(item.id)


def shipped_releases(item: Theme | Idea) -> list:
    """The release notes a status form would withdraw when it moves a shipped theme or idea off Shipped."""
    return db.session.scalars(releases_of(item)).all() if item.status == IdeaStatus.SHIPPED else []


def shipped_items():
    """Selects of shipped themes and shipped unthemed ideas (those without a release first), for the release form."""
    has_release_theme = exists().where(Release.theme_id == Theme.id)
    has_release_idea = exists().where(Release.idea_id == Idea.id)
    themes = select(Theme).where(Theme.status == IdeaStatus.SHIPPED).order_by(
        has_release_theme, Theme.updated_at.desc())
    ideas = (
        select(Idea).where(Idea.status == IdeaStatus.SHIPPED, Idea.theme_id.is_(None),
                           Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None))
        .order_by(has_release_idea, Idea.updated_at.desc())
    )
    return themes, ideas
