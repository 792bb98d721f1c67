"""Server time of the board pages (listing, sorts, deep pages, search), the home page and the API's idea lists on a
large database.

Usage:  .venv/bin/python bench/board_pages.py [--size 100000] [--database-url postgresql+psycopg://…]
                                              [--repeat 5] [--keep]

Seeds `size` ideas on four boards with bench/similar_ideas.py's customer-suggestion text (about a
quarter per board), refreshes the planner's statistics as autovacuum would after a bulk load, and
times each page through the Flask test client as an anonymous visitor: median and best of --repeat.
With --signed-in it times them as a customer who posted about 50 ideas of each board, voted for 300
and follows 100, and adds the board's "Yours" views.
Without --database-url it uses a throw-away SQLite file. A PostgreSQL URL names a database that this
script creates afresh (and drops at the end unless --keep) on that server.
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import similar_ideas  # noqa: E402
from databases import fresh_postgres  # noqa: E402

PAGES = [
    "/",
    "/b/web",
    "/b/web?sort=new",
    "/b/web?sort=trending",
    "/b/web?page=200",
    "/b/web?q=dark+mode",
    "/b/web?q=export+reports+csv+finance",
    "/b/web?q=zzzz+nothing",
    "/b/web?status=open&q=slack",
    "/search?q=dark+mode",
    "/search?q=export+reports+csv+finance",
    "/search?q=zzzz+nothing",
    "/api/v1/ideas?board=web",
    "/api/v1/ideas?board=web&sort=new",
    "/api/v1/ideas?board=web&sort=trending",
    "/api/v1/ideas?board=web&page=200",
    "/api/v1/ideas?q=dark+mode",
    "/api/v1/ideas",
]
YOURS = ["/b/web?mine=voted", "/b/web?mine=posted", "/b/web?mine=following"]


def refresh_statistics(url: str, statement: str = "ANALYZE") -> None:
    """Run ANALYZE (or, say, PostgreSQL's VACUUM ANALYZE) outside a transaction, as autovacuum would."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def first_customer_id() -> int:
    """The id of the customer bench/similar_ideas.py seeded first (inside an app context)."""
    from sqlalchemy import select

    from ideabox.extensions import db
    from ideabox.models import User

    return db.session.scalar(select(User.id).order_by(User.id).limit(1))


def give_votes_and_follows(app, votes: int = 300, follows: int = 100) -> int:
    """Have the first customer vote for and follow random ideas; return that customer's id."""
    import random

    from sqlalchemy import func, insert, select

    from ideabox.extensions import db
    from ideabox.models import Follow, Idea, Vote

    with app.app_context():
        person = first_customer_id()
        ideas = db.session.scalar(select(func.max(Idea.id)))
        chosen = random.Random(1).sample(range(1, ideas + 1), votes + follows)
        db.session.execute(insert(Vote), [{"idea_id": i, "user_id": person} for i in chosen[:votes]])
        db.session.execute(insert(Follow), [{"idea_id": i, "user_id": person} for i in chosen[votes:]])
        db.session.commit()
    return person


def time_pages(client, paths: list[str], repeat: int) -> None:
    """Print each page's status and its median and best server time over `repeat` requests."""
    for path in paths:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - start) * 1000)
        print(f"{path:40s} {status}  median {statistics.median(times):8.1f} ms  best {min(times):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--signed-in", action="store_true", help="as a customer with votes, follows and ideas")
    parser.add_argument("--no-seed", action="store_true", help="time a PostgreSQL database kept by --keep")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/board-pages.sqlite3"
    drop = fresh_postgres(url) if url.startswith("postgresql") and not args.no_seed else None
    try:
        app = similar_ideas.make_app(url)
        if not args.no_seed:
            start = time.perf_counter()
            similar_ideas.seed(url, args.size)
            if args.signed_in:
                give_votes_and_follows(app)
            refresh_statistics(url)
            print(f"{args.size:,} ideas on {make_url(url).get_backend_name()}, seeded in {time.perf_counter() - start:.0f} s")
        client = app.test_client()
        if args.signed_in:
            with app.app_context():
                person = first_customer_id()
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = str(person), True
        client.get("/")
        time_pages(client, PAGES + (YOURS if args.signed_in else []), args.repeat)
    finally:
        if drop and not args.keep:
            drop()


if __name__ == "__main__":
    main()
