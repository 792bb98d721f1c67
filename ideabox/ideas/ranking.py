"""How board lists are ordered: Top, Trending and New, all computed by the database.

Trending is a gravity score summed over votes, so each vote fades with its own age:

    trending(idea) = Σ over votes v on the idea and on ideas merged into it
                     of 1 / (hours_since(v.created_at) + 2) ^ GRAVITY

with GRAVITY = 1.5. A vote cast now is worth about 0.35, a day-old vote about 0.008 and a
week-old vote about 0.0005, so a burst of fresh votes lifts an older idea above a newer idea
with a few votes, and an idea nobody voted for lately sinks. The sum runs in one grouped
subquery joined to the ideas query — never in Python over every row — and works on SQLite
and PostgreSQL thanks to `hours_since`, which compiles to each dialect's date arithmetic.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, case, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from ideabox.models import Idea, Vote
from ideabox.permissions import can_see_insights

GRAVITY = 1.5
HOURS_OFFSET = 2
SORTS = ("top", "trending", "new")
INSIDER_SORTS = (*SORTS, "value")  # value for effort: the team's sizes are theirs alone
SORT_LABELS = {"top": _l("Top"), "trending": _l("Trending"), "new": _l("New"), "value": _l("Value for effort")}
DEFAULT_SORT = "top"


class hours_since(FunctionElement):
    """Hours elapsed between a timestamp column and the database's current time (a float)."""

    type = Float()
    name = "hours_since"
    inherit_cache = True


@compiles(hours_since, "sqlite")
def _hours_since_sqlite(element, compiler, **kw):
    return f"((julianday('now') - julianday({compiler.process(element.clauses, **kw)})) * 24.0)"


@compiles(hours_since, "postgresql")
def _hours_since_postgresql(element, compiler, **kw):
    return f"(EXTRACT(EPOCH FROM (now() - {compiler.process(element.clauses, **kw)})) / 3600.0)"


def trending_scores():
    """A subquery of (idea_id, score): per-vote gravity decay summed per primary idea."""
    primary_id = func.coalesce(Idea.merged_into_id, Idea.id)
    # Clock skew can make a just-cast vote look a few seconds "in the future"; clamp at zero.
    age = case((hours_since(Vote.created_at) < 0, 0.0), else_=hours_since(Vote.created_at))
    decay = func.power(age + HOURS_OFFSET, -GRAVITY)
    return (
        select(primary_id.label("idea_id"), func.sum(decay).label("score"))
        .join(Idea, Idea.id == Vote.idea_id)
        .group_by(primary_id)
        .subquery("trending")
    )


def sorts_for(user) -> tuple:
    """The orders a person may list ideas in: value for effort for the team and executives only."""
    return INSIDER_SORTS if can_see_insights(user) else SORTS


def apply_sort(query, sort: str):
    """Order an ideas select by `sort` (one of INSIDER_SORTS); ties fall back to newest first."""
    if sort == "new":
        return query.order_by(Idea.created_at.desc(), Idea.id.desc())
    if sort == "trending":
        scores = trending_scores()
        score = func.coalesce(scores.c.score, 0.0)
        return query.outerjoin(scores, scores.c.idea_id == Idea.id).order_by(
            score.desc(), Idea.created_at.desc(), Idea.id.desc()
        )
    if sort == "value":  # backers per point of effort, sized ideas first; the rest as Top
        value = cast(Idea.backer_count, Float) / Idea.effort
        return query.order_by(Idea.effort.is_(None), value.desc(), Idea.backer_count.desc(),
                              Idea.created_at.desc(), Idea.id.desc())
    return query.order_by(Idea.backer_count.desc(), Idea.created_at.desc(), Idea.id.desc())
