"""Give the demo a history: status changes with official replies, themes, merges and releases."""
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from ideabox.demo.content import (
    MERGED_WITHOUT_THEME,
    OFFICIAL_REPLIES,
    RELEASE_CLOSINGS,
    RELEASE_INTROS,
    RELEASE_RECALLS,
    THEMES,
)
from ideabox.demo.ideas import Planted, between
from ideabox.demo.people import Cast
from ideabox.effort import EFFORT_SIZES
from ideabox.extensions import db
from ideabox.models import AuditEvent, IdeaStatus, Merge, Release, StatusChange, Theme

# The steps an idea usually walks through on its way to each final status.
STATUS_PATHS = {
    IdeaStatus.UNDER_REVIEW: [IdeaStatus.UNDER_REVIEW],
    IdeaStatus.PLANNED: [IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED],
    IdeaStatus.IN_PROGRESS: [IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS],
    IdeaStatus.SHIPPED: [IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.SHIPPED],
    IdeaStatus.DECLINED: [IdeaStatus.UNDER_REVIEW, IdeaStatus.DECLINED],
}
# How often a triaged idea ends in each status (the rest stays open).
STATUS_WEIGHTS = {
    IdeaStatus.OPEN: 52, IdeaStatus.UNDER_REVIEW: 13, IdeaStatus.PLANNED: 10, IdeaStatus.IN_PROGRESS: 5,
    IdeaStatus.SHIPPED: 11, IdeaStatus.DECLINED: 9,
}
# Popular duplicate groups outside any theme are still being looked at, never shipped or declined.
GROUP_STATUS_WEIGHTS = {IdeaStatus.OPEN: 50, IdeaStatus.UNDER_REVIEW: 35, IdeaStatus.PLANNED: 15}


@dataclass
class History:
    """What the roadmap step wrote, for the activity step and the summary."""

    changes: list[dict] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)


def walk_status(rng, history: History, subjects: list[Planted], final: IdeaStatus, since: datetime,
                until: datetime, actor, theme: Theme | None = None, merged: list[Planted] = ()) -> None:
    """Move ideas (one, or a theme's) to `final` through believable steps, each with its history row."""
    steps = [s for s in STATUS_PATHS[final][:-1] if rng.random() < 0.6] + [final]
    times = sorted(between(rng, since, until) for _ in steps[:-1]) + [until]
    previous = subjects[0].idea.status
    for step, moment in zip(steps, times):
        replied = rng.random() < (0.92 if step == final else 0.4)
        note = rng.choice(OFFICIAL_REPLIES[step.value]) if replied else ""
        history.changes += [{"idea_id": p.idea.id, "from_status": previous, "to_status": step, "note": note,
                             "changed_by_id": actor.id, "created_at": moment} for p in subjects]
        if theme is not None:
            _audit(history, actor, "theme_status", theme, moment, from_status=str(previous), to_status=str(step),
                   note=note, idea_ids=[p.idea.id for p in subjects])
        previous = step
    for p in [*subjects, *merged]:
        p.idea.status = final
        p.idea.updated_at = until


def _audit(history: History, actor, action: str, subject, moment: datetime, **details) -> None:
    """Queue an audit event shaped like the ones the merging and theme services record."""
    history.audit.append({"actor_id": actor.id, "action": action, "subject_type": type(subject).__tablename__,
                          "subject_id": subject.id, "created_at": moment, "details": details})


def merge_into(history: History, primary: Planted, duplicates: list[Planted], moment: datetime, actor) -> None:
    """Merge duplicates into their primary the way the merging service does, undoable exactly."""
    merges = []
    for duplicate in duplicates:
        idea = duplicate.idea
        previous = {"merged_into_id": None, "merged_at": None, "theme_id": idea.theme_id,
                    "status": str(idea.status), "repointed": []}
        idea.merged_into_id, idea.merged_at, idea.updated_at = primary.idea.id, moment, moment
        idea.theme_id, idea.status = primary.idea.theme_id, primary.idea.status
        duplicate.votes_until = moment
        merges.append(Merge(merged_idea_id=idea.id, primary_idea_id=primary.idea.id, previous_state=previous,
                            merged_by_id=actor.id, created_at=moment))
    db.session.add_all(merges)
    db.session.flush()
    history.merges += merges
    for merge, duplicate in zip(merges, duplicates):
        _audit(history, actor, "merge", primary.idea, moment, merge_id=merge.id, merged_idea_id=duplicate.idea.id,
               merged_title=duplicate.idea.title, repointed=[], suggestion_id=None)


def _split_group(members: list[Planted]) -> tuple[Planted, list[Planted]]:
    """The first asker stays primary; the newest of a big group still waits for triage."""
    primary, rest = members[0], members[1:]
    return primary, rest[:-1] if len(members) >= 4 else rest


def _create_theme(rng, history: History, spec: dict, members: list[Planted], related: list[Planted],
                  now: datetime, cast: Cast) -> None:
    primary, duplicates = _split_group(members)
    actor = rng.choice(cast.pms)
    status = IdeaStatus(spec["status"])
    reached = now - timedelta(days=spec["days_ago"])
    gathered = [primary, *duplicates, *related]
    formed = min(max(p.idea.created_at for p in gathered) + timedelta(days=rng.uniform(1, 4)),
                 reached - timedelta(days=2))
    pinned = status in (IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS)
    theme = Theme(title=spec["title"], description=spec["description"], keywords=spec["keywords"],
                  status=status, created_by=actor, roadmap_pinned=pinned, created_at=formed, updated_at=reached,
                  roadmap_position=sum(t.roadmap_pinned for t in history.themes) if pinned else None,
                  shipped_at=reached if status == IdeaStatus.SHIPPED else None)
    db.session.add(theme)
    db.session.flush()
    history.themes.append(theme)
    for p in [primary, *related]:
        p.idea.theme_id = theme.id
    _audit(history, actor, "create_theme", theme, formed, title=theme.title,
           idea_ids=[p.idea.id for p in [primary, *related]])
    merge_into(history, primary, duplicates, formed, actor)
    walk_status(rng, history, [primary, *related], status, formed, reached, actor, theme=theme, merged=duplicates)
    if status == IdeaStatus.SHIPPED:
        title, body = spec["release"]
        history.releases.append(Release(title=title, body=body, theme_id=theme.id, author_id=actor.id,
                                        published_at=reached))


def build_roadmap(rng: random.Random, planted: list[Planted], cast: Cast, now: datetime) -> History:
    """Write themes, merges, status histories and releases; returns what was written."""
    history = History()
    groups: dict[str, list[Planted]] = {}
    for p in planted:
        if p.written.cluster:
            groups.setdefault(p.written.cluster, []).append(p)
    settled: set[int] = set()
    by_title = {p.idea.title: p for p in planted}
    for spec in THEMES:
        members = sorted((p for key in spec["clusters"] for p in groups.get(key, [])),
                         key=lambda p: p.idea.created_at)
        related = [by_title[title] for title in spec.get("related", ()) if title in by_title]
        if members:
            _create_theme(rng, history, spec, members, related, now, cast)
            settled.update(id(p) for p in [*members, *related])
    for key in MERGED_WITHOUT_THEME:
        if members := groups.get(key):
            primary, duplicates = _split_group(members)
            moment = min(max(p.idea.created_at for p in members[: len(duplicates) + 1])
                         + timedelta(days=rng.uniform(1, 6)), now - timedelta(hours=1))
            merge_into(history, primary, duplicates, moment, rng.choice(cast.pms))
    firsts = {id(group[0]) for group in groups.values()}
    for group in groups.values():
        settled.update(id(p) for p in group[1:])  # untriaged duplicates stay open
    for p in planted:
        if id(p) not in settled and now - p.idea.created_at > timedelta(days=10):
            weights = GROUP_STATUS_WEIGHTS if id(p) in firsts else STATUS_WEIGHTS
            _settle_one(rng, history, p, cast, now, weights)
    _write(history)
    return history


def _settle_one(rng, history: History, p: Planted, cast: Cast, now: datetime, weights: dict) -> None:
    final = rng.choices(list(weights), list(weights.values()))[0]
    if final == IdeaStatus.OPEN:
        return
    since = p.idea.created_at + timedelta(days=1)
    reached = between(rng, since + timedelta(days=2), now - timedelta(hours=1))
    actor = rng.choice(cast.pms)
    walk_status(rng, history, [p], final, since, reached, actor)
    if final == IdeaStatus.SHIPPED:
        history.releases.append(Release(title=p.idea.title, body=release_note(rng, p), idea_id=p.idea.id,
                                        author_id=actor.id, published_at=reached))


def release_note(rng, p: Planted) -> str:
    """A short changelog entry for one shipped idea, recalling what its author asked for."""
    ask = re.split(r"(?<=\w\w[.!?])\s", p.idea.body.strip(), maxsplit=1)[0]
    parts = [rng.choice(RELEASE_INTROS), rng.choice(RELEASE_RECALLS).format(ask=ask) if ask else "",
             rng.choice(RELEASE_CLOSINGS)]
    return "\n\n".join(part for part in parts if part)


def _write(history: History) -> None:
    db.session.add_all(history.releases)
    db.session.flush()
    if history.changes:
        db.session.execute(insert(StatusChange), history.changes)
    if history.audit:
        db.session.execute(insert(AuditEvent), history.audit)


def set_etas(rng: random.Random, history: History, planted: list[Planted], now: datetime) -> None:
    """Give most roadmap cards still to ship an ETA: in progress within a quarter, planned within half a year."""
    ahead = {IdeaStatus.IN_PROGRESS: (0, 3), IdeaStatus.PLANNED: (1, 6)}
    cards = list(history.themes) + [p.idea for p in planted if not (p.idea.theme_id or p.idea.merged_into_id)]
    for card in cards:
        if card.status in ahead and rng.random() < 0.7:
            months = now.year * 12 + now.month - 1 + rng.randint(*ahead[card.status])
            card.eta = date(months // 12, months % 12 + 1, 1)


def label_releases(rng: random.Random, history: History) -> None:
    """Most release notes announce something new; some an improvement, a few a fix (the changelog's filter)."""
    for release in history.releases:
        release.kind = rng.choices(["new", "improved", "fixed"], weights=[6, 3, 1])[0]


def size_work(rng: random.Random, history: History, planted: list[Planted]) -> None:
    """The team has sized most themes not yet shipped and some ideas outside themes, so "Value for
    effort" ranks something on the themes list and on the boards."""
    sizes = list(EFFORT_SIZES.values())
    for theme in history.themes:
        if theme.status != IdeaStatus.SHIPPED and rng.random() < 0.8:
            theme.effort = rng.choice(sizes)
    for p in planted:
        idea = p.idea
        if not (idea.theme_id or idea.merged_into_id) and idea.status != IdeaStatus.SHIPPED and rng.random() < 0.4:
            idea.effort = rng.choice(sizes)


def assign_owners(rng: random.Random, planted: list[Planted], cast) -> None:
    """Most ideas under review, planned or in progress have an owner among the PMs (the demo PM owns
    a share of them, so "Assigned to you" is not empty when one signs in as them)."""
    owners = cast.pms
    for p in planted:
        if p.idea.merged_into_id is None and p.idea.status in (IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED,
                                                               IdeaStatus.IN_PROGRESS) and rng.random() < 0.75:
            p.idea.owner = rng.choice(owners)
