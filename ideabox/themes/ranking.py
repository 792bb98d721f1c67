"""How themes (and ideas) are ranked: the one documented formula the UI explains.

For a group of ideas (a theme with every member idea and their merged duplicates, or one
idea with its merged duplicates) we look at its **backers**, counted once each as
`ideabox.backers` defines them: users who voted, and customer accounts a PM recorded demand
for. Then

    weight(b)    = segment_weight(b) × revenue_factor(b)          (1 when not configured)
    decay(b)     = 0.5 ** (age_in_weeks(b) + ½) × 7 / half_life    (0 beyond the window)
    score        = Σ_b weight(b)  +  momentum_weight × Σ_b weight(b) × decay(b)

* **Unique backers** is the plain count; the public only ever sees this number.
* **Momentum** uses the age of each backer's *latest vote* on the group, never the age of
  the idea: an old request that people start asking for again trends like a new one.
  Ages are bucketed by whole weeks so the decay is a `CASE` over bound cut-off times,
  which runs the same on SQLite and PostgreSQL (no `exp()` or date maths in SQL).
* **Weights** come from config: `RANK_SEGMENT_WEIGHTS` (e.g. `{"enterprise": 3.0}`,
  matched case-insensitively against the account's segment) and `RANK_REVENUE_WEIGHT`
  (revenue_factor = 1 + RANK_REVENUE_WEIGHT × log10(1 + annual_revenue / RANK_REVENUE_UNIT)).
  A user's weight is their customer account's; users without an account weigh 1.

Counting happens in SQL (one grouped query per ranking); only the per-account weights,
which need log10, are applied in Python to the handful of aggregated rows.
"""
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, case, func, literal, select, union_all

from ideabox.extensions import db
from ideabox.models import CustomerAccount, Idea, ProxyVote, Theme, User, Vote, utcnow
from ideabox.permissions import can_see_insights
from ideabox.themes.queries import primary_counts, visible_themes


@dataclass(frozen=True)
class RankSettings:
    """The knobs of the formula, read from config (see `settings_from_config`)."""

    half_life_days: float = 14.0
    window_weeks: int = 12
    momentum_weight: float = 2.0
    segment_weights: dict = field(default_factory=dict)
    revenue_weight: float = 0.0
    revenue_unit: int = 10_000

    def account_weight(self, segment: str | None, annual_revenue: int | None) -> float:
        """Weight of one backer belonging to an account with this segment and revenue."""
        weight = float(self.segment_weights.get((segment or "").strip().lower(), 1.0))
        if self.revenue_weight and annual_revenue:
            weight *= 1 + self.revenue_weight * math.log10(1 + annual_revenue / self.revenue_unit)
        return weight

    def week_decays(self) -> list[float]:
        """Decay of a vote 0, 1, 2… whole weeks old (taken at the middle of its week)."""
        return [0.5 ** ((week + 0.5) * 7 / self.half_life_days) for week in range(self.window_weeks)]


def settings_from_config(config) -> RankSettings:
    """Build the ranking settings from the app config, with the documented defaults."""
    defaults = RankSettings()
    return RankSettings(
        half_life_days=float(config.get("RANK_MOMENTUM_HALF_LIFE_DAYS", defaults.half_life_days)),
        window_weeks=int(config.get("RANK_MOMENTUM_WINDOW_WEEKS", defaults.window_weeks)),
        momentum_weight=float(config.get("RANK_MOMENTUM_WEIGHT", defaults.momentum_weight)),
        segment_weights={k.lower(): float(v) for k, v in (config.get("RANK_SEGMENT_WEIGHTS") or {}).items()},
        revenue_weight=float(config.get("RANK_REVENUE_WEIGHT", defaults.revenue_weight)),
        revenue_unit=int(config.get("RANK_REVENUE_UNIT", defaults.revenue_unit)),
    )


@dataclass(frozen=True)
class Score:
    """A group's unique backers (public) and its weighted score (staff and executives)."""

    backers: int = 0
    weighted_backers: float = 0.0
    momentum: float = 0.0
    score: float = 0.0


def momentum_case(column, settings: RankSettings, now: datetime):
    """A SQL CASE giving a vote at `column` its week-bucketed decay (0 outside the window)."""
    whens = [(column >= now - timedelta(weeks=week + 1), decay) for week, decay in enumerate(settings.week_decays())]
    return case(*whens, else_=0.0)


def score_groups(group_key, where, settings: RankSettings, now: datetime | None = None) -> dict:
    """Score every group of ideas: `group_key` is a column of Idea, `where` filters the ideas."""
    now = now or utcnow()
    users = (
        select(group_key.label("key"), literal(0).label("kind"), Vote.user_id.label("backer"),
               User.customer_account_id.label("account_id"), Vote.created_at.label("at"))
        .select_from(Idea).join(Vote, Vote.idea_id == Idea.id).join(User, User.id == Vote.user_id).where(where)
    )
    accounts = (
        select(group_key.label("key"), literal(1).label("kind"), ProxyVote.customer_account_id.label("backer"),
               ProxyVote.customer_account_id.label("account_id"), ProxyVote.created_at.label("at"))
        .select_from(Idea).join(ProxyVote, ProxyVote.idea_id == Idea.id).where(where)
    )
    rows = union_all(users, accounts).subquery()
    per_backer = (
        select(rows.c.key, rows.c.account_id, func.max(rows.c.at).label("last_at"))
        .group_by(rows.c.key, rows.c.kind, rows.c.backer, rows.c.account_id)
        .subquery()
    )
    per_account = select(
        per_backer.c.key, per_backer.c.account_id, func.count().label("backers"),
        func.sum(momentum_case(per_backer.c.last_at, settings, now)).label("momentum"),
    ).group_by(per_backer.c.key, per_backer.c.account_id)
    return _apply_weights(db.session.execute(per_account).all(), settings)


def _apply_weights(rows, settings: RankSettings) -> dict:
    account_ids = {row.account_id for row in rows if row.account_id is not None}
    weights = {None: 1.0}
    if account_ids:
        accounts = db.session.execute(
            select(CustomerAccount.id, CustomerAccount.segment, CustomerAccount.annual_revenue)
            .where(CustomerAccount.id.in_(account_ids))
        )
        weights.update({a.id: settings.account_weight(a.segment, a.annual_revenue) for a in accounts})
    totals: dict = {}
    for row in rows:
        backers, weighted, momentum = totals.get(row.key, (0, 0.0, 0.0))
        weight = weights.get(row.account_id, 1.0)
        totals[row.key] = (backers + row.backers, weighted + weight * row.backers,
                           momentum + weight * float(row.momentum or 0))
    return {
        key: Score(backers, round(weighted, 2), round(momentum, 2), round(weighted + settings.momentum_weight * momentum, 2))
        for key, (backers, weighted, momentum) in totals.items()
    }


def score_themes(theme_ids, settings: RankSettings, now: datetime | None = None,
                 public_only: bool = False) -> dict[int, Score]:
    """Scores of the given themes by id (themes without backers get an empty Score).

    Withdrawn ideas' families never count; public_only counts the families of the ideas on public boards only: a
    merged duplicate's backers count with its primary, whatever board the duplicate is on (themes.queries.primary_counts).
    """
    theme_ids = list(theme_ids)
    where = and_(Idea.theme_id.in_(theme_ids), primary_counts(public_only))
    scores = score_groups(Idea.theme_id, where, settings, now) if theme_ids else {}
    return {theme_id: scores.get(theme_id, Score()) for theme_id in theme_ids}


def score_ideas(idea_ids, settings: RankSettings, now: datetime | None = None) -> dict[int, Score]:
    """Scores of the given primary ideas by id, their merged duplicates included."""
    idea_ids = list(idea_ids)
    primary = func.coalesce(Idea.merged_into_id, Idea.id)
    scores = score_groups(primary, primary.in_(idea_ids), settings, now) if idea_ids else {}
    return {idea_id: scores.get(idea_id, Score()) for idea_id in idea_ids}


@dataclass(frozen=True)
class RankedTheme:
    """A theme with its score, as `rank_themes` returns them."""

    theme: Theme
    score: Score

    @property
    def value_for_effort(self) -> float | None:
        """Score per point of estimated effort (None until the team sizes the theme)."""
        return round(self.score.score / self.theme.effort, 2) if self.theme.effort else None


RANKINGS = ("score", "value")


def rank_themes(viewer, settings: RankSettings | None = None, statuses=None, limit: int | None = None,
                by: str = "score") -> list:
    """Themes the viewer may see, best score first (ties: more backers, then older theme).

    by="value" puts sized themes first, most score per point of effort first, then the unsized ones by score.
    """
    settings = settings or settings_from_config(current_app.config)
    query = visible_themes(viewer)
    if statuses:
        query = query.where(Theme.status.in_(list(statuses)))
    themes = list(db.session.scalars(query))
    scores = score_themes([theme.id for theme in themes], settings, public_only=not can_see_insights(viewer))
    ranked = [RankedTheme(theme, scores[theme.id])
              for theme in sorted(themes, key=lambda t: (-scores[t.id].score, -scores[t.id].backers, t.id))]
    if by == "value":
        ranked.sort(key=lambda row: (row.value_for_effort is None, -(row.value_for_effort or 0)))  # stable
    return ranked[:limit]
