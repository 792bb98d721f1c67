"""Server time of the team's insights dashboard on a large database.

Usage:  .venv/bin/python bench/insights_page.py [--size 100000] [--votes-per-idea 5] [--themes 2000]
                                                [--database-url postgresql+psycopg://…] [--repeat 5]

Seeds `size` ideas as bench/board_pages.py does (bench/similar_ideas.py's text on four boards, posted
over two years), then votes from 20,000 customers cast after each idea was posted, `themes` themes of
3-10 ideas each, one idea in five moved along the statuses (with its status history) and a comment
for every other idea. Times /insights/ for each period and for one board, as an executive, through
the Flask test client: median and best of --repeat. On PostgreSQL the tables are vacuumed first, as
autovacuum would after the load. Without --database-url it uses a throw-away
SQLite file; a PostgreSQL URL names a database this script creates afresh and drops at the end.
"""
import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import similar_ideas  # noqa: E402
from board_pages import refresh_statistics, time_pages  # noqa: E402
from databases import fresh_postgres  # noqa: E402

PAGES = ["/insights/?days=30", "/insights/", "/insights/?days=180", "/insights/?days=365",
         "/insights/?days=90&board=web", "/insights/?rank=new", "/insights/?days=365&rank=new"]
CUSTOMERS = 20_000
BATCH = 50_000


def add_customers(count: int) -> list[int]:
    from ideabox.extensions import db
    from ideabox.models import Role, User

    rows = [{"email": f"voter{i}@bench.example", "stored_display_name": f"Voter {i}", "role": Role.CUSTOMER,
             "password_hash": "x"} for i in range(count)]
    db.session.execute(insert(User), rows)
    return list(db.session.scalars(select(User.id).where(User.email.like("voter%@bench.example"))))


def add_votes(rng: random.Random, ideas: list, voters: list[int], per_idea: int, now) -> int:
    """Votes cast between each idea's posting and now (most soon after), each person once an idea."""
    from ideabox.extensions import db
    from ideabox.models import Vote

    rows, total = [], 0
    for idea_id, posted in ideas:
        age = (now - posted).total_seconds()
        for voter in rng.sample(voters, min(len(voters), max(1, int(rng.expovariate(1 / per_idea))))):
            rows.append({"idea_id": idea_id, "user_id": voter,
                         "created_at": posted + timedelta(seconds=age * rng.random() ** 2)})
        if len(rows) >= BATCH:
            db.session.execute(insert(Vote), rows)
            total, rows = total + len(rows), []
    if rows:
        db.session.execute(insert(Vote), rows)
    return total + len(rows)


def add_themes_statuses_comments(rng: random.Random, ideas: list, themes: int, now) -> None:
    from ideabox.extensions import db
    from ideabox.models import Comment, Idea, IdeaStatus, StatusChange, Theme

    statuses = [IdeaStatus.UNDER_REVIEW, IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.SHIPPED,
                IdeaStatus.DECLINED]
    order = rng.sample(range(len(ideas)), len(ideas))
    for number in range(themes):
        theme = Theme(title=f"Theme {number}", status=IdeaStatus.OPEN, created_at=now)
        db.session.add(theme)
        db.session.flush()
        members = [ideas[order.pop()][0] for _ in range(rng.randint(3, 10))]
        db.session.execute(update(Idea).where(Idea.id.in_(members)).values(theme_id=theme.id))
    moved = rng.sample(ideas, len(ideas) // 5)
    for status in statuses:
        chosen = moved[statuses.index(status)::len(statuses)]
        db.session.execute(update(Idea).where(Idea.id.in_([i for i, _ in chosen])).values(status=status))
        db.session.execute(insert(StatusChange), [
            {"idea_id": i, "from_status": IdeaStatus.OPEN, "to_status": status, "note": "",
             "created_at": posted + (now - posted) * rng.random()} for i, posted in chosen])
    comments = [{"idea_id": i, "author_id": 1, "body": "Me too", "is_hidden": False, "is_internal": False,
                 "created_at": posted + (now - posted) * rng.random()} for i, posted in ideas[::2]]
    for start in range(0, len(comments), BATCH):
        db.session.execute(insert(Comment), comments[start:start + BATCH])


def seed_demand(app, size: int, per_idea: int, themes: int) -> dict:
    from ideabox.backers import recount
    from ideabox.extensions import db
    from ideabox.models import Idea, Role, User, utcnow

    rng = random.Random(size)
    with app.app_context():
        now = utcnow()
        ideas = db.session.execute(select(Idea.id, Idea.created_at).order_by(Idea.id)).all()
        voters = add_customers(CUSTOMERS)
        votes = add_votes(rng, ideas, voters, per_idea, now)
        add_themes_statuses_comments(rng, ideas, themes, now)
        db.session.add(User(email="exec@bench.example", display_name="Exec", role=Role.EXECUTIVE, password_hash="x"))
        db.session.commit()
        # the stored counts follow the votes, as the app keeps them
        for idea in db.session.scalars(select(Idea).where(Idea.theme_id.is_(None))
                                       .order_by(Idea.id).limit(2_000)):
            recount(idea)
        db.session.commit()
        executive = db.session.scalar(select(User.id).where(User.email == "exec@bench.example"))
        return {"votes": votes, "executive": executive,
                "themed": db.session.scalar(select(func.count()).where(Idea.theme_id.is_not(None)))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--votes-per-idea", type=int, default=5)
    parser.add_argument("--themes", type=int, default=2_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/insights.sqlite3"
    drop = fresh_postgres(url) if url.startswith("postgresql") else None
    try:
        app = similar_ideas.make_app(url)
        start = time.perf_counter()
        similar_ideas.seed(url, args.size)
        seeded = seed_demand(app, args.size, args.votes_per_idea, args.themes)
        # on PostgreSQL autovacuum also marks the pages all-visible, which index-only scans of the votes need
        refresh_statistics(url, "VACUUM ANALYZE" if drop else "ANALYZE")
        print(f"{args.size:,} ideas, {seeded['votes']:,} votes, {args.themes:,} themes of {seeded['themed']:,} ideas "
              f"on {make_url(url).get_backend_name()}, seeded in {time.perf_counter() - start:.0f} s")
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = str(seeded["executive"]), True
        time_pages(client, PAGES, args.repeat)
    finally:
        if drop:
            drop()


if __name__ == "__main__":
    main()
