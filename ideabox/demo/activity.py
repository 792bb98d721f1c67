"""The community's footprint: votes (with recent bursts), comments, follows and proxy votes."""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from ideabox.comments import mentions
from ideabox.demo.content import COMMENTS, INTERNAL_NOTES, PROXY_NOTES, STAFF_COMMENTS, TOPIC_COMMENTS
from ideabox.demo.ideas import Planted, between
from ideabox.demo.people import Cast
from ideabox.extensions import db
from ideabox.models import AuditEvent, Comment, CommentReaction, Follow, IdeaStatus, ProxyVote, Vote

# Most votes arrive in the weeks after an idea is posted.
MEAN_VOTE_DELAY_DAYS = 18
# Old ideas that suddenly get attention again, so "Trending" differs from "Top".
REVIVED_IDEAS = 12
REVIVAL_WINDOW = timedelta(days=10)
FOLLOW_SHARE = 0.35


@dataclass
class Footprint:
    """Rows written by the activity step, keyed the way later steps need them."""

    votes: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    internal_notes: list[dict] = field(default_factory=list)  # comments only the team sees
    follows: dict[tuple[int, int], datetime] = field(default_factory=dict)  # (user, idea) → since
    proxy_votes: list[dict] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)  # what the proxy-vote service would have logged
    voters: dict[int, set[int]] = field(default_factory=dict)  # idea id → user ids


def _weighted_sample(rng: random.Random, users: list, weights: dict[int, float], k: int) -> list:
    """Pick `k` distinct users, the more active ones more often (Efraimidis–Spirakis)."""
    keyed = sorted(users, key=lambda user: rng.random() ** (1 / weights.get(user.id, 1.0)), reverse=True)
    return keyed[:k]


def _vote_time(rng, p: Planted) -> datetime:
    moment = p.idea.created_at + timedelta(days=rng.expovariate(1 / MEAN_VOTE_DELAY_DAYS))
    return moment if moment <= p.votes_until else between(rng, p.idea.created_at, p.votes_until)


def _add_vote(footprint: Footprint, p: Planted, user, moment: datetime) -> None:
    footprint.votes.append({"idea_id": p.idea.id, "user_id": user.id, "created_at": moment})
    footprint.voters.setdefault(p.idea.id, set()).add(user.id)


def cast_votes(rng: random.Random, planted: list[Planted], cast: Cast, now: datetime) -> Footprint:
    """Votes: the author's own at creation, then a popularity-driven crowd over time."""
    footprint = Footprint()
    for p in planted:
        author = p.idea.author
        _add_vote(footprint, p, author, p.idea.created_at)
        footprint.follows[(author.id, p.idea.id)] = p.idea.created_at
        crowd = [u for u in (cast.staff if p.is_private else cast.customers) if u.id != author.id]
        for user in _weighted_sample(rng, crowd, cast.activity, min(round(p.popularity), len(crowd))):
            moment = _vote_time(rng, p)
            _add_vote(footprint, p, user, moment)
            if rng.random() < FOLLOW_SHARE:
                footprint.follows[(user.id, p.idea.id)] = moment
    _revive_old_ideas(rng, footprint, planted, cast, now)
    return footprint


def _revive_old_ideas(rng, footprint: Footprint, planted: list[Planted], cast: Cast, now: datetime) -> None:
    old = [p for p in planted if not p.is_private and p.idea.merged_into_id is None
           and p.idea.status in (IdeaStatus.OPEN, IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED)
           and now - p.idea.created_at > timedelta(days=120)]
    for p in rng.sample(old, min(REVIVED_IDEAS, len(old))):
        voted = footprint.voters[p.idea.id]
        fresh = [u for u in cast.customers if u.id not in voted]
        for user in rng.sample(fresh, min(rng.randint(12, 30), len(fresh))):
            _add_vote(footprint, p, user, between(rng, now - REVIVAL_WINDOW, now - timedelta(minutes=5)))


def write_comments(rng: random.Random, footprint: Footprint, planted: list[Planted], cast: Cast) -> None:
    """Comments from the idea's voters, plus occasional replies from staff."""
    for p in planted:
        voters = sorted(footprint.voters[p.idea.id])
        count = min(len(voters), int(rng.random() * 3 + len(voters) * 0.12), 12)
        topical = list(TOPIC_COMMENTS.get(p.written.cluster, ()))
        bodies = rng.sample(topical, min(len(topical), rng.randint(0, 2))) + rng.sample(COMMENTS, count)
        for body, user_id in zip(bodies, rng.sample(voters, count)):
            moment = p.idea.created_at + (p.votes_until - p.idea.created_at) * rng.random() ** 1.6
            footprint.comments.append({"idea_id": p.idea.id, "author_id": user_id, "body": body,
                                       "created_at": moment})
            footprint.follows.setdefault((user_id, p.idea.id), moment)
        if rng.random() < 0.15:
            staff = rng.choice(cast.pms)
            footprint.comments.append({"idea_id": p.idea.id, "author_id": staff.id,
                                       "body": rng.choice(STAFF_COMMENTS),
                                       "created_at": between(rng, p.idea.created_at, p.votes_until)})
    footprint.comments.sort(key=lambda row: row["created_at"])


def write_internal_notes(rng: random.Random, footprint: Footprint, planted: list[Planted], cast: Cast) -> None:
    """Notes the team left each other on about half of the most wanted ideas; each writer follows the idea."""
    visible = [p for p in planted if p.idea.merged_into_id is None]
    wanted = sorted(visible, key=lambda p: len(footprint.voters[p.idea.id]), reverse=True)
    writers = cast.pms + [cast.demo["executive"]]
    for p in wanted[: max(1, len(wanted) // 4)]:
        if rng.random() < 0.5:
            continue
        for number, body in enumerate(rng.sample(INTERNAL_NOTES, rng.randint(1, 2))):
            writer, moment = rng.choice(writers), between(rng, p.idea.created_at, p.votes_until)
            body = _maybe_mentioning(body, writer, writers, f"{p.idea.id}-{number}")
            footprint.internal_notes.append({"idea_id": p.idea.id, "author_id": writer.id, "body": body,
                                             "is_internal": True, "created_at": moment})
            footprint.follows.setdefault((writer.id, p.idea.id), moment)


def _maybe_mentioning(body: str, writer, team: list, key: str) -> str:
    """Some notes ask a teammate by name (comments.mentions). A stream of its own per note, so the
    demo's other random choices stay as they were."""
    pick = random.Random(f"mention-{key}")
    others = [person for person in team if person.id != writer.id]
    if not others or pick.random() >= 0.4:
        return body
    return f"{mentions.token(pick.choice(others))} {body}"


def record_proxy_votes(rng: random.Random, footprint: Footprint, planted: list[Planted], cast: Cast) -> None:
    """Demand PMs heard from customer companies, on the most wanted and the internal ideas."""
    visible = [p for p in planted if p.idea.merged_into_id is None]
    wanted = sorted(visible, key=lambda p: len(footprint.voters[p.idea.id]), reverse=True)
    candidates = {p.idea.id: p for p in wanted[: max(1, len(wanted) // 4)] + [p for p in visible if p.is_private]}
    for p in candidates.values():
        if rng.random() < 0.45:
            continue
        for account in rng.sample(cast.accounts, rng.randint(1, 3)):
            pm, note = rng.choice(cast.pms), rng.choice(PROXY_NOTES)
            moment = between(rng, p.idea.created_at, p.votes_until)
            footprint.proxy_votes.append({"idea_id": p.idea.id, "customer_account_id": account.id,
                                          "recorded_by_id": pm.id, "note": note, "created_at": moment})
            footprint.audit.append({"actor_id": pm.id, "action": "proxy_vote", "subject_type": "ideas",
                                    "subject_id": p.idea.id, "created_at": moment,
                                    "details": {"account_id": account.id, "account_name": account.name,
                                                "note": note}})


def write_footprint(footprint: Footprint) -> None:
    """Bulk-insert every row of the footprint."""
    db.session.execute(insert(Vote), footprint.votes)
    for comments in (footprint.comments, footprint.internal_notes):
        if comments:
            db.session.execute(insert(Comment), comments)
    follows = [{"user_id": u, "idea_id": i, "created_at": t} for (u, i), t in sorted(footprint.follows.items())]
    db.session.execute(insert(Follow), follows)
    if footprint.proxy_votes:
        db.session.execute(insert(ProxyVote), footprint.proxy_votes)
        db.session.execute(insert(AuditEvent), footprint.audit)


REACTION_WEIGHTS = {"thumbs_up": 8, "heart": 3, "tada": 2, "laugh": 1, "thinking": 1, "eyes": 1}


def add_reactions(rng: random.Random, cast: Cast, now: datetime) -> int:
    """Some public comments collect a few emoji reactions from other people (after the comments exist)."""
    people = [user.id for user in cast.customers + cast.staff]
    kinds, weights = list(REACTION_WEIGHTS), list(REACTION_WEIGHTS.values())
    comments = db.session.execute(select(Comment.id, Comment.author_id, Comment.created_at)
                                  .where(Comment.is_internal.is_(False)).order_by(Comment.id)).all()
    rows = []
    for comment_id, author_id, created_at in comments:
        if rng.random() >= 0.45:
            continue
        for user_id in rng.sample([p for p in people if p != author_id], rng.randint(1, 4)):
            rows.append({"comment_id": comment_id, "user_id": user_id, "kind": rng.choices(kinds, weights)[0],
                         "created_at": between(rng, created_at, now)})
    unique = list({(r["comment_id"], r["user_id"], r["kind"]): r for r in rows}.values())
    if unique:
        db.session.execute(insert(CommentReaction), unique)
    return len(unique)
