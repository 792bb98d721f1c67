"""Server time of the board pages (listing, sorts, deep pages, search) and the home page on a large database.

Usage:  .venv/bin/python bench/board_pages.py [--size 100000] [--database-url postgresql+psycopg://…]
                                              [--repeat 5] [--keep]

Seeds `size` ideas on four boards with bench/similar_ideas.py's customer-suggestion text (about a
quarter per board), refreshes the planner's statistics as autovacuum would after a bulk load, and
times each page through the Flask test client as an anonymous visitor: median and best of --repeat.
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
]


def fresh_postgres(url: str):
    """Create the database the URL names (dropping an earlier one); return a function that drops it."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    statement = f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'
    with admin.connect() as connection:
        connection.execute(text(statement))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(statement))
        admin.dispose()

    return drop


def refresh_statistics(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/board-pages.sqlite3"
    drop = fresh_postgres(url) if url.startswith("postgresql") else None
    try:
        start = time.perf_counter()
        similar_ideas.seed(url, args.size)
        refresh_statistics(url)
        print(f"{args.size:,} ideas on {make_url(url).get_backend_name()}, seeded in {time.perf_counter() - start:.0f} s")
        client = similar_ideas.make_app(url).test_client()
        client.get("/")
        for path in PAGES:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                status = client.get(path).status_code
                times.append((time.perf_counter() - start) * 1000)
            print(f"{path:40s} {status}  median {statistics.median(times):8.1f} ms  best {min(times):8.1f} ms")
    finally:
        if drop and not args.keep:
            drop()


if __name__ == "__main__":
    main()
