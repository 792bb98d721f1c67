"""Plant the written ideas on boards, each with an author, tags and a believable creation time."""
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ideabox.demo.catalog import WrittenIdea
from ideabox.demo.content import BOARDS, TAGS, THEMES
from ideabox.demo.people import Cast
from ideabox.extensions import db
from ideabox.models import Board, Idea, Tag

# Theme ideas were written well before the team picked them up.
THEME_LEAD_TIME = timedelta(days=40)
# Nobody's idea convinces everyone: the most a single idea is voted for.
MAX_POPULARITY = 120


@dataclass
class Planted:
    """An idea in the database together with what the generator knows about it."""

    idea: Idea
    written: WrittenIdea
    popularity: float  # how many votes it should roughly collect
    votes_until: datetime  # merged ideas stop collecting votes once merged

    @property
    def is_private(self) -> bool:
        return self.idea.board.is_private


def between(rng: random.Random, low: datetime, high: datetime) -> datetime:
    """A random moment between `low` and `high` (returns `low` when the range is empty)."""
    if high <= low:
        return low
    return low + (high - low) * rng.random()


def create_boards_and_tags(start: datetime) -> tuple[dict[str, Board], dict[str, Tag]]:
    """Create the product's boards and the tags used across them (reusing tags that exist)."""
    boards = {slug: Board(slug=slug, name=name, description=description, is_private=private, created_at=start)
              for slug, name, description, private in BOARDS}
    known = {tag.slug: tag for tag in db.session.scalars(select(Tag))}
    tags = {slug: known.get(slug) or Tag(slug=slug, name=name, color=color) for slug, name, color in TAGS}
    db.session.add_all([*boards.values(), *tags.values()])
    db.session.flush()
    return boards, tags


def theme_for(idea: WrittenIdea) -> dict | None:
    """The written theme an idea belongs to (by its duplicate group or by title), if any."""
    return next((theme for theme in THEMES
                 if idea.cluster in theme["clusters"] or idea.title in theme.get("related", ())), None)


def _latest_creation(idea: WrittenIdea, now: datetime) -> datetime:
    """Ideas of a theme were written well before the team picked the theme up."""
    theme = theme_for(idea)
    return now - timedelta(days=theme["days_ago"]) - THEME_LEAD_TIME if theme else now - timedelta(hours=2)


def _creation_times(rng, group: list[WrittenIdea], start: datetime, now: datetime) -> list[datetime]:
    """Creation times for one duplicate group: the first asker earliest, the others later."""
    latest = min(_latest_creation(group[0], now), now - timedelta(days=2))
    first = between(rng, start, start + (latest - start) * 0.45)
    return [first, *sorted(between(rng, first + timedelta(hours=6), latest) for _ in group[1:])]


def plant_ideas(rng: random.Random, chosen: list[WrittenIdea], cast: Cast, boards, tags,
                start: datetime, now: datetime) -> list[Planted]:
    """Create Idea rows for the chosen texts, grouped duplicates first-asked first."""
    groups: dict[str | None, list[WrittenIdea]] = {}
    for written in chosen:
        groups.setdefault(written.cluster, []).append(written)
    timed: list[tuple[WrittenIdea, datetime, float]] = []
    for key, group in groups.items():
        if key is None:
            # Skewed towards recent months: the community grew over time.
            timed += [(w, start + (_latest_creation(w, now) - start) * rng.random() ** 0.8,
                       rng.lognormvariate(2.5, 0.8)) for w in group]
        else:
            # A theme is a theme because its first ask drew a crowd.
            first = rng.uniform(60, 110) if theme_for(group[0]) else rng.lognormvariate(2.5, 0.8) * 2.2
            popularity = [first, *(rng.lognormvariate(2.5, 0.8) * 0.6 for _ in group[1:])]
            timed += list(zip(group, _creation_times(rng, group, start, now), popularity))
    authors = list(cast.activity)
    author_weights = list(cast.activity.values())
    customers_by_id = {user.id: user for user in cast.customers}
    planted = []
    for written, created, popularity in timed:
        board = boards[written.board]
        if board.is_private:
            author = rng.choice(cast.pms)
        else:
            author = customers_by_id[rng.choices(authors, author_weights)[0]]
        idea = Idea(board=board, author=author, title=written.title, body=written.body,
                    tags=[tags[slug] for slug in written.tags if rng.random() < 0.8],
                    created_at=created, updated_at=created)
        planted.append(Planted(idea, written, min(popularity, MAX_POPULARITY), now))
    planted.sort(key=lambda p: p.idea.created_at)
    db.session.add_all([p.idea for p in planted])
    db.session.flush()
    return planted
