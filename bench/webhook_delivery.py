"""What webhooks cost: the time a vote's request spends queuing events, and how fast the outbox drains.

Usage:  .venv/bin/python bench/webhook_delivery.py [--votes 1000] [--database-url postgresql+psycopg://…]

Times `cast_vote` and its commit, one vote per request as people vote, with no webhook and with three
subscribed endpoints (two JSON, one Slack); then drains the deliveries those votes queued to a real HTTP
endpoint on 127.0.0.1 that answers at once, with every endpoint answering 200 and again with one of the
three answering 500 (retried later, so skipped for the rest of the run). Without --database-url it runs
on a throw-away SQLite file; a PostgreSQL URL names a database this script creates afresh and drops.
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select, update

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT.parent)]

import similar_ideas  # noqa: E402
from databases import fresh_postgres  # noqa: E402
from tests.factories_webhooks import Receiver, make_webhook  # noqa: E402


def vote_times(users, idea, cast_vote, db) -> list[float]:
    """Milliseconds per vote, each with its own commit as in a request."""
    times = []
    for user in users:
        start = time.perf_counter()
        cast_vote(idea, user)
        db.session.commit()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    return f"median {statistics.median(ordered):.2f} ms, p95 {ordered[int(len(ordered) * 0.95)]:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--votes", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/webhooks.sqlite3"
    drop = fresh_postgres(url) if url.startswith("postgresql") else None
    receiver = Receiver().start()
    try:
        from flask_migrate import upgrade

        from ideabox.extensions import db
        from ideabox.ideas.services import cast_vote
        from ideabox.models import Board, Idea, Role, User, WebhookDelivery
        from ideabox.webhooks import delivery as outbox

        app = similar_ideas.make_app(url)
        app.config["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = True
        with app.app_context(), app.test_request_context():
            upgrade()
            board = Board(name="Mobile app", slug="mobile")
            db.session.add(board)
            db.session.execute(insert(User), [
                {"email": f"voter{i}@bench.example", "stored_display_name": f"Voter {i}", "role": Role.CUSTOMER,
                 "password_hash": "x"} for i in range(2 * args.votes + 1)])
            users = db.session.scalars(select(User).order_by(User.id)).all()
            idea = Idea(board=board, author=users[0], title="Dark mode", body="Please.")
            db.session.add(idea)
            db.session.commit()
            dialect = db.engine.dialect.name
            print(f"{dialect}, {args.votes:,} votes each way")
            print(f"  vote, no webhook:        {summary(vote_times(users[1:args.votes + 1], idea, cast_vote, db))}")
            for path, kind in (("/crm", "standard"), ("/warehouse", "standard"), ("/slack", "slack")):
                make_webhook(receiver.url + path, events=["vote.created"], kind=kind, name=path)
            print(f"  vote, three webhooks:    {summary(vote_times(users[args.votes + 1:], idea, cast_vote, db))}")
            queued = db.session.scalar(select(func.count(WebhookDelivery.id)))

            start = time.perf_counter()
            result = outbox.drain(limit=queued)
            seconds = time.perf_counter() - start
            print(f"  drain, all answer 200:   {result.sent:,} delivered in {seconds:.2f} s "
                  f"({result.sent / seconds:,.0f} per second)")

            db.session.execute(update(WebhookDelivery).values(
                delivered_at=None, attempts=0, next_attempt_at=WebhookDelivery.created_at))
            db.session.commit()
            receiver.failing_paths = {"/warehouse"}
            start = time.perf_counter()
            result = outbox.drain(limit=queued)
            seconds = time.perf_counter() - start
            print(f"  drain, one endpoint 500: {result.sent:,} delivered, {result.failed} failed, in {seconds:.2f} s "
                  f"({(result.sent + result.failed) / seconds:,.0f} attempts per second)")
    finally:
        receiver.stop()
        if drop:
            drop()


if __name__ == "__main__":
    main()
