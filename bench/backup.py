"""Time and size of a whole-site backup and its restore on a large site, on SQLite and PostgreSQL.

Usage:  .venv/bin/python bench/backup.py [--size 100000] [--votes-per-idea 10]
                                         [--database-url postgresql+psycopg://…/bench_backup]

Seeds `size` ideas with stored embeddings (bench/similar_ideas.py's customer-suggestion text) and about
`votes-per-idea` votes each from 500 people, then, in this one process:
  - `write_backup` of the whole database (what `flask backup create` and the admin's download run),
  - `restore_backup` of that file into a new empty SQLite database and a new empty PostgreSQL one
    (what `flask backup restore` runs, migrations to head included),
and prints each one's wall time, the file's size and rows, and the process's peak RSS so far.
Without --database-url the site is a throw-away SQLite file; PostgreSQL databases named after the URL's
are created afresh on that server and dropped at the end.
"""
import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import similar_ideas  # noqa: E402
from databases import fresh_postgres  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_backup"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def add_votes(app, per_idea: int) -> int:
    """Give each idea about `per_idea` votes from the seeded people (no two from one person)."""
    from ideabox.extensions import db
    from ideabox.models import Idea, User, Vote

    rng = random.Random(per_idea)
    now = datetime.now(timezone.utc)
    with app.app_context():
        people = list(db.session.scalars(select(User.id)))
        ideas = list(db.session.scalars(select(Idea.id)))
        for start in range(0, len(ideas), 5000):
            rows = [{"idea_id": idea, "user_id": person, "created_at": now}
                    for idea in ideas[start:start + 5000]
                    for person in rng.sample(people, rng.randint(0, 2 * per_idea))]
            db.session.execute(insert(Vote), rows)
            db.session.commit()
        total = db.session.scalar(select(func.count(Vote.id)))
        db.engine.dispose()
    return total


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - start:8.1f} s   peak RSS {peak_rss_mb():,.0f} MB", flush=True)
    return result


def enter_and_leave(context) -> None:
    with context:
        pass


def restore_into(url: str, path: Path) -> None:
    from ideabox.backup.restore import restore_backup
    from ideabox.extensions import db

    app = similar_ideas.make_app(url)
    with app.app_context():
        restore_backup(db.engine, path)
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--votes-per-idea", type=int, default=10)
    parser.add_argument("--database-url", help="seed the site on this PostgreSQL database instead of SQLite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="server and name for the restores")
    args = parser.parse_args()

    from ideabox.backup.create import write_backup
    from ideabox.backup.snapshot import snapshot
    from ideabox.extensions import db

    with tempfile.TemporaryDirectory(prefix="bench-backup-") as folder:
        folder = Path(folder)
        source = args.database_url or f"sqlite:///{folder / 'site.sqlite3'}"
        drops = [fresh_postgres(source)] if source.startswith("postgresql") else []
        similar_ideas.seed(source, args.size)
        votes = add_votes(similar_ideas.make_app(source), args.votes_per_idea)
        print(f"{args.size:,} ideas and {votes:,} votes on {make_url(source).get_backend_name()}")

        app = similar_ideas.make_app(source)
        with app.app_context():
            timed("snapshot alone (on SQLite, the file copy)", lambda: enter_and_leave(snapshot(db.engine)))
            manifest = timed("backup (write_backup)", lambda: write_backup(db.engine, folder / "site.zip"))
            db.engine.dispose()
        size = (folder / "site.zip").stat().st_size
        print(f"  {manifest.row_count:,} rows of {len(manifest.tables)} tables, {size / 2**20:,.1f} MB zipped")

        timed("restore into an empty SQLite database", lambda: restore_into(
            f"sqlite:///{folder / 'restored.sqlite3'}", folder / "site.zip"))
        target = make_url(args.postgres_url).set(database=make_url(args.postgres_url).database + "_restored")
        target_url = target.render_as_string(hide_password=False)
        drops.append(fresh_postgres(target_url))
        timed("restore into an empty PostgreSQL database", lambda: restore_into(target_url, folder / "site.zip"))
        for drop in drops:
            drop()


if __name__ == "__main__":
    main()
