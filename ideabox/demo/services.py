"""Fill an empty IdeaBox with the Northwind Projects community: the one entry point of the demo."""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, insert, select

from ideabox.backers import recount
from ideabox.demo.activity import (
    add_reactions, cast_votes, record_proxy_votes, write_comments, write_footprint, write_internal_notes,
)
from ideabox.demo.catalog import catalog_size, choose_ideas
from ideabox.demo.content import DEMO_ACCOUNTS, DEMO_PASSWORD
from ideabox.demo.ideas import create_boards_and_tags, plant_ideas
from ideabox.demo.people import create_people
from ideabox.demo.roadmap import History, assign_owners, build_roadmap, label_releases, set_etas, size_work
from ideabox.extensions import db
from ideabox.models import Board, Idea, Notification, utcnow
from ideabox.people import reputation
from ideabox.i18n import FALLBACK_LOCALE
from ideabox.notifications.links import site_path
from ideabox.notifications.news import status_news
from ideabox.notifications.services import in_every_language

DEFAULT_SEED = 20240601
HISTORY = timedelta(days=270)
CUSTOMERS = 190
# The demo customer's inbox shows this many recent status updates on ideas they back.
DEMO_INBOX_SIZE = 8
DEMO_UNREAD = 3
EXISTING_ACCOUNT = "(account existed before; password unchanged)"


@dataclass
class DemoSummary:
    """What seed-demo wrote; `clusters` maps each duplicate group's key to its idea ids."""

    seed: int
    users: int = 0
    boards: int = 0
    ideas: int = 0
    votes: int = 0
    comments: int = 0
    internal_notes: int = 0
    follows: int = 0
    proxy_votes: int = 0
    status_changes: int = 0
    themes: int = 0
    releases: int = 0
    merges: int = 0
    clusters: dict[str, list[int]] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (role, email, password or note)


def has_content() -> bool:
    """True when the database already holds boards or ideas: the demo only fills an empty app."""
    return any(db.session.scalar(select(exists(select(model.id)))) for model in (Idea, Board))


def seed_demo(seed: int = DEFAULT_SEED, idea_count: int | None = None, now: datetime | None = None) -> DemoSummary:
    """Create the whole demo community; the caller commits. Same seed, same content."""
    rng = random.Random(seed)
    now = now or utcnow()
    start = now - HISTORY
    boards, tags = create_boards_and_tags(start)
    cast = create_people(rng, CUSTOMERS, start)
    chosen = choose_ideas(rng, idea_count or catalog_size())
    planted = plant_ideas(rng, chosen, cast, boards, tags, start, now)
    history = build_roadmap(rng, planted, cast, now)
    footprint = cast_votes(rng, planted, cast, now)
    write_comments(rng, footprint, planted, cast)
    record_proxy_votes(rng, footprint, planted, cast)
    # each from its own random stream, so the rest of the demo stays as it was
    write_internal_notes(random.Random(seed + 1), footprint, planted, cast)
    set_etas(random.Random(seed + 2), history, planted, now)
    assign_owners(random.Random(seed + 3), planted, cast)
    size_work(random.Random(seed + 4), history, planted)
    label_releases(random.Random(seed + 6), history)
    write_footprint(footprint)
    add_reactions(random.Random(seed + 5), cast, now)
    _fill_demo_inbox(history, footprint.voters, cast.demo["customer"].id, now)
    _mark_last_seen(cast, footprint.votes + footprint.comments)
    comment_counts: dict[int, int] = {}
    for row in footprint.comments:
        comment_counts[row["idea_id"]] = comment_counts.get(row["idea_id"], 0) + 1
    db.session.flush()
    with db.session.no_autoflush:  # one batched UPDATE at the end instead of one per idea
        for p in planted:
            p.idea.comment_count = comment_counts.get(p.idea.id, 0)
            recount(p.idea)
    db.session.flush()
    reputation.refresh_everyone()  # the demo writes its rows in bulk, past the signals that keep it current
    clusters: dict[str, list[int]] = {}
    for p in planted:
        if p.written.cluster:
            clusters.setdefault(p.written.cluster, []).append(p.idea.id)
    return DemoSummary(
        seed=seed, users=len(cast.customers) + len(cast.staff), boards=len(boards), ideas=len(planted),
        votes=len(footprint.votes), comments=len(footprint.comments),
        internal_notes=len(footprint.internal_notes), follows=len(footprint.follows),
        proxy_votes=len(footprint.proxy_votes), status_changes=len(history.changes), themes=len(history.themes),
        releases=len(history.releases), merges=len(history.merges), clusters=clusters,
        accounts=[(role, email, EXISTING_ACCOUNT if email in cast.reused else DEMO_PASSWORD)
                  for email, _name, role, _account in DEMO_ACCOUNTS],
    )


def _mark_last_seen(cast, rows: list[dict]) -> None:
    """Remember when each person was last active, from their newest vote or comment."""
    last: dict[int, datetime] = {}
    for row in rows:
        user_id = row.get("user_id") or row["author_id"]
        last[user_id] = max(last.get(user_id, row["created_at"]), row["created_at"])
    for user in [*cast.customers, *cast.staff]:
        user.last_seen_at = last.get(user.id, user.last_seen_at)


def _fill_demo_inbox(history: History, voters: dict[int, set[int]], customer_id: int, now: datetime) -> None:
    """Give the demo customer a few notifications about ideas they voted for; the newest unread."""
    titles = dict(db.session.execute(select(Idea.id, Idea.title)).all())
    news = [change for change in history.changes if customer_id in voters.get(change["idea_id"], ())]
    rows = []
    latest = sorted(news, key=lambda change: change["created_at"])[-DEMO_INBOX_SIZE:]
    for position, change in enumerate(latest):
        moment, link = change["created_at"], site_path("ideas.idea", idea_id=change["idea_id"])
        unread = position >= len(latest) - DEMO_UNREAD
        told = status_news(titles[change["idea_id"]], link, change["from_status"], change["to_status"])
        messages = in_every_language(told.message)
        rows.append({
            "user_id": customer_id, "kind": told.kind, "idea_id": change["idea_id"],
            "stored_message": messages[FALLBACK_LOCALE], "messages": messages,
            "link": link, "created_at": moment, "read_at": None if unread else moment + timedelta(hours=5),
        })
    if rows:
        db.session.execute(insert(Notification), rows)
