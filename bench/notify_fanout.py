"""Time a PM's status change (with an official reply) on an idea that many people back.

Usage:  .venv/bin/python bench/notify_fanout.py [--backers 5000] [--database-url postgresql+psycopg://…]

Every backer is told in the app and by email (queued in the outbox) inside the PM's request, so the
request's time grows with the audience. Seeds the backers and their votes, then times
`ideas.services.change_status` and its commit. Without --database-url it runs on a throw-away
SQLite file; a PostgreSQL URL names a database this script creates afresh and drops afterwards.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

import similar_ideas  # noqa: E402
from databases import fresh_postgres  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backers", type=int, default=5000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/notify-fanout.sqlite3"
    drop = fresh_postgres(url) if url.startswith("postgresql") else None
    try:
        from flask_migrate import upgrade

        from ideabox.extensions import db
        from ideabox.ideas.services import change_status
        from ideabox.models import Board, Idea, IdeaStatus, Notification, OutboxEmail, Role, User, Vote, utcnow

        app = similar_ideas.make_app(url)
        with app.app_context(), app.test_request_context():
            upgrade()
            board = Board(name="Mobile app", slug="mobile")
            pm = User(email="pm@bench.example", display_name="Pat PM", role=Role.PM, password_hash="x")
            db.session.add_all([board, pm])
            db.session.flush()
            db.session.execute(insert(User), [
                {"email": f"backer{i}@bench.example", "stored_display_name": f"Backer {i}", "role": Role.CUSTOMER,
                 "password_hash": "x", "email_confirmed_at": utcnow()}  # unconfirmed addresses get no email
                for i in range(args.backers)])
            backers = db.session.scalars(select(User.id).where(User.role == Role.CUSTOMER)).all()
            idea = Idea(board_id=board.id, author_id=backers[0], title="Dark mode", body="Please.",
                        vote_count=len(backers), backer_count=len(backers))
            db.session.add(idea)
            db.session.flush()
            db.session.execute(insert(Vote), [{"idea_id": idea.id, "user_id": b, "created_at": utcnow()} for b in backers])
            db.session.commit()
            start = time.perf_counter()
            change_status(idea, IdeaStatus.PLANNED, pm, note="Scheduled for **March**.")
            db.session.commit()
            seconds = time.perf_counter() - start
            told = db.session.scalar(select(func.count()).select_from(Notification))
            emails = db.session.scalar(select(func.count()).select_from(OutboxEmail))
            print(f"{args.backers:,} backers on {db.engine.dialect.name}: status change with a reply "
                  f"{seconds:.2f} s ({told:,} notifications, {emails:,} emails queued)")
    finally:
        if drop:
            drop()


if __name__ == "__main__":
    main()
