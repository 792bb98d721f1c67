"""Latency of "similar ideas while you type" at 10,000 and 100,000 ideas.

Usage:  .venv/bin/python bench/similar_ideas.py [--sizes 10000 100000] [--queries 400]
                                                [--database-url postgresql://…]

For each size, one process seeds a fresh database (customer-suggestion text recombined from the
phrases below, with one stored embedding per idea, as the app keeps them) and a second process,
standing for one web worker, builds the in-memory index (in the background, as a worker does for a
large board) and then times, per query:
  - the real endpoint GET /similar through the Flask test client (signed-in customer, htmx), and
  - the index call alone (LiveIndex.similar, what every lookup costs on top of rendering).
It prints p50/p99 of both, the one-off index build and the worker's peak RSS. A few minutes in all.
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# What customers ask for, each with ways different people phrase it (written for this bench).
FEATURES = [
    ["export reports to CSV", "CSV export of reports", "download my data as a spreadsheet", "export to Excel"],
    ["dark mode", "a dark theme", "night mode", "a darker colour scheme"],
    ["Slack notifications", "post updates to Slack", "a Slack integration", "Slack alerts"],
    ["single sign-on with Okta", "SAML SSO", "log in with our identity provider", "Azure AD login"],
    ["recurring tasks", "repeating tasks", "tasks that repeat every week", "scheduled repeating to-dos"],
    ["two-way Google Calendar sync", "calendar sync", "show due dates in Google Calendar", "an iCal feed"],
    ["keyboard shortcuts", "hotkeys for common actions", "shortcut keys", "a command palette"],
    ["offline mode", "working without internet", "offline access on the plane", "offline editing"],
    ["bulk edit", "editing many items at once", "mass update of fields", "multi-select actions"],
    ["a public API", "REST API access", "an API for integrations", "API tokens"],
    ["webhooks", "outgoing webhooks on changes", "event callbacks", "webhook notifications"],
    ["two-factor authentication", "2FA", "authenticator app login", "security keys"],
    ["custom fields", "our own fields on tasks", "extra properties", "user-defined fields"],
    ["Gantt charts", "a timeline view", "a project timeline", "dependencies on a timeline"],
    ["a Kanban board", "board view with columns", "drag cards between columns", "swimlanes"],
    ["time tracking", "log hours on tasks", "a built-in timer", "timesheets"],
    ["invoice PDFs", "download invoices as PDF", "printable invoices", "VAT on invoices"],
    ["an audit log", "history of who changed what", "activity log for admins", "change tracking"],
    ["guest access", "invite clients as guests", "read-only users", "external collaborators"],
    ["task templates", "project templates", "reusable checklists", "template library"],
    ["email digests", "a daily summary email", "weekly digest", "fewer notification emails"],
    ["mentions in comments", "@mentions", "notify people from a comment", "tag teammates"],
    ["file attachments from Google Drive", "attach Dropbox files", "OneDrive attachments", "larger uploads"],
    ["a Zapier integration", "Zapier triggers", "Make and Zapier support", "no-code automations"],
    ["a Microsoft Teams app", "Teams notifications", "Teams integration", "open tasks inside Teams"],
    ["a Jira import", "import from Trello", "migrate from Asana", "CSV import"],
    ["role-based permissions", "custom roles", "restrict who can delete", "per-project permissions"],
    ["dashboards with charts", "a reporting dashboard", "burndown charts", "workload charts"],
    ["search across projects", "faster search", "search inside attachments", "saved searches"],
    ["subtasks", "nested subtasks", "checklists inside tasks", "sub-items"],
    ["an Android widget", "an iOS home screen widget", "widgets on the phone", "lock screen widget"],
    ["Apple Watch support", "reminders on my watch", "a watchOS app", "wearable notifications"],
    ["multiple assignees", "assign a task to two people", "shared ownership of tasks", "co-owners"],
    ["task priorities", "priority levels", "urgent flag", "sort by priority"],
    ["a German translation", "French language support", "localisation", "right-to-left languages"],
    ["accessibility for screen readers", "keyboard-only navigation", "high-contrast mode", "larger fonts"],
    ["SCIM user provisioning", "automatic user deprovisioning", "sync users from Okta", "directory sync"],
    ["data residency in the EU", "EU data centre", "GDPR data export", "choose where data is stored"],
    ["per-seat billing changes", "annual billing", "pay by invoice", "a cheaper plan for non-profits"],
    ["print view", "print a project", "printer-friendly task list", "export a board as PDF"],
]
OPENERS = ["", "", "Please add ", "Add ", "Support ", "We need ", "I'd love ", "Can we get ", "Allow ",
           "Feature request: ", "It would be great to have ", "Bring back "]
QUALIFIERS = ["", "", "", " for the mobile app", " on Android", " on iPhone", " for admins", " per project",
              " for guests", " in the API", " for enterprise plans", " on the web app", " for our whole team",
              " in reports", " for each workspace", " with filters"]
BODY = [
    "Right now we copy everything by hand, which takes {n} hours a week.",
    "Our team of {n} people runs into this every day.",
    "Competitors already offer this and our managers keep asking why we don't.",
    "This is the main thing stopping us from moving the rest of the company over.",
    "We tried a workaround with a browser extension but it breaks after every update.",
    "Our finance team needs it for the monthly close.",
    "Customers of ours ask for it in almost every call.",
    "Without it we can't pass our security review.",
    "It should work the same on the web and in the mobile apps.",
    "Ideally admins could switch it on or off per workspace.",
    "Happy to test a beta version if that helps.",
    "This has been open for a long time; any update would be appreciated.",
]


def idea_text(rng: random.Random) -> tuple[str, str, str]:
    """One customer suggestion: a title recombined from the phrase banks, a short body, and the
    title's gist (the request without its "Please add"), which is what its meaning rests on."""
    gist = rng.choice(rng.choice(FEATURES)) + rng.choice(QUALIFIERS)
    title = (rng.choice(OPENERS) + gist).strip()
    body = " ".join(s.format(n=rng.randint(2, 40)) for s in rng.sample(BODY, rng.randint(1, 3)))
    return (title[0].upper() + title[1:])[:140], body, gist


def draft_queries(count: int, seed: int) -> list[str]:
    """Titles as a customer has them while typing: whole phrasings and prefixes of them."""
    rng = random.Random(seed)
    drafts = []
    for _ in range(count):
        title = idea_text(rng)[0]
        if rng.random() < 0.4:
            title = title[: rng.randint(8, max(9, len(title)))]
        drafts.append(title)
    return drafts


def bench_config(database_url: str) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "TESTING": True,
            "RATELIMIT_ENABLED": False, "SIMILARITY_SYNC_SECONDS": 1.0}


def make_app(database_url: str):
    """The real app, with the similarity blueprint registered if the factory does not yet."""
    from ideabox import create_app
    from ideabox.similarity.views import bp

    app = create_app(bench_config(database_url))
    if "similarity" not in app.blueprints:
        app.register_blueprint(bp)
    return app


def seed(database_url: str, size: int) -> dict:
    """Create the schema and `size` ideas (with stored embeddings) on 3 public and 1 private board."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from ideabox.clustering import get_encoder
    from ideabox.extensions import db
    from ideabox.models import Board, Idea, IdeaEmbedding, Role, User, utcnow
    from ideabox.similarity.embeddings import encode_vector, idea_document

    app = make_app(database_url)
    with app.app_context():
        upgrade()
        boards = [Board(name=n, slug=s, is_private=p) for n, s, p in
                  [("Mobile app", "mobile", False), ("Web app", "web", False), ("Integrations", "integrations", False),
                   ("Internal", "internal", True)]]
        users = [User(email=f"user{i}@bench.example", display_name=f"User {i}", role=Role.CUSTOMER,
                      password_hash="x") for i in range(500)]
        db.session.add_all(boards + users)
        db.session.commit()
        rng = random.Random(size)
        encoder = get_encoder(app.config["CLUSTERING_BACKEND"])
        # Each idea's stored vector is the model's embedding of its gist (its bodies are stock sentences),
        # computed once per distinct gist: putting 100k ideas through the sentence model one by one would
        # take the better part of an hour, and lookup latency depends only on the number and width of
        # the vectors, not on how they were made.
        gist_vectors = {}
        now = utcnow()
        for start in range(0, size, 10_000):
            texts = [idea_text(rng) for _ in range(min(10_000, size - start))]
            # Ideas accumulated over two years, as on a real board (not one bulk import a second ago).
            stamps = [now - timedelta(minutes=rng.randint(10, 2 * 365 * 24 * 60)) for _ in texts]
            rows = [{"id": start + i + 1, "board_id": rng.choice(boards).id, "author_id": rng.choice(users).id,
                     "title": t, "body": b, "status": "open", "vote_count": 1, "backer_count": rng.randint(1, 60),
                     "comment_count": 0, "roadmap_pinned": False, "created_at": when, "updated_at": when}
                    for i, ((t, b, _), when) in enumerate(zip(texts, stamps))]
            db.session.execute(insert(Idea), rows)
            gists = [gist for _, _, gist in texts]
            new_gists = sorted(set(gists) - gist_vectors.keys())
            if new_gists:
                gist_vectors.update(zip(new_gists, encoder.embed([idea_document(0, g, "") for g in new_gists])))
            db.session.execute(insert(IdeaEmbedding), [
                {"idea_id": r["id"], "model": encoder.model, "dimensions": encoder.dim,
                 "vector": encode_vector(gist_vectors[gist]), "updated_at": now} for r, gist in zip(rows, gists)])
            db.session.commit()
        return {"ideas": size, "customer_email": users[0].email}


def percentiles(seconds: list[float]) -> dict:
    ms = np.array(seconds) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p99_ms": round(float(np.percentile(ms, 99)), 2)}


def current_rss_mb() -> float:
    """This process's resident memory now (Linux), as opposed to its peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def measure(database_url: str, queries: int) -> dict:
    """Build the index in this (worker) process and time the endpoint and the index call."""
    from sqlalchemy import select

    from ideabox.extensions import db
    from ideabox.models import Board, User
    from ideabox.similarity.embeddings import idea_document
    from ideabox.similarity.index_registry import live_index

    app = make_app(database_url)
    client = app.test_client()
    with app.app_context():
        customer = db.session.scalar(select(User).order_by(User.id).limit(1))
        hidden = list(db.session.scalars(select(Board.id).where(Board.is_private)))
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(customer.id), True
    headers = {"HX-Request": "true"}

    started = time.perf_counter()
    first = client.get("/similar", query_string={"title": "Export reports to CSV", "board": "mobile"}, headers=headers)
    first_seconds = time.perf_counter() - started
    assert first.status_code == 200, first.status_code
    index = live_index(app)
    assert index.wait_for_build(timeout=900), "the index build failed (see the log)"
    build_seconds = time.perf_counter() - started
    rss_after_build = current_rss_mb()
    warm = client.get("/similar", query_string={"title": "Export reports to CSV", "board": "mobile"}, headers=headers)
    assert "similar__item" in warm.get_data(as_text=True)

    http, shown = [], 0
    for title in draft_queries(queries, seed=1):
        t0 = time.perf_counter()
        response = client.get("/similar", query_string={"title": title, "board": "mobile"}, headers=headers)
        http.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
        shown += response.get_data(as_text=True).count('data-testid="similar-item"')

    alone = []
    with app.app_context():
        for title in draft_queries(queries, seed=2):
            doc = idea_document("__draft__", title, "")
            t0 = time.perf_counter()
            index.similar(doc, k=30, hidden_boards=hidden)
            alone.append(time.perf_counter() - t0)
    return {
        "ideas_indexed": len(index),
        "first_lookup_s": round(first_seconds, 3),
        "index_build_s": round(build_seconds, 1),
        "endpoint": percentiles(http),
        "index_call": percentiles(alone),
        "avg_suggestions_shown": round(shown / queries, 2),
        "rss_after_build_mb": rss_after_build,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_database(base_url: str | None, size: int, workdir: Path) -> tuple[str, callable]:
    """A new empty database for one size: a SQLite file, or a PostgreSQL database next to `base_url`."""
    if not base_url:
        return f"sqlite:///{workdir / f'bench-{size}.sqlite3'}", lambda: None
    from sqlalchemy.engine import make_url

    from databases import fresh_postgres
    from ideabox.config import normalise_database_url

    url = make_url(normalise_database_url(base_url)).set(database=f"ideabox_bench_{size}")
    url = url.render_as_string(hide_password=False)
    return url, fresh_postgres(url)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--database-url", help="PostgreSQL server to create bench databases on (default: SQLite)")
    parser.add_argument("--child", choices=["seed", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "seed":
        print(json.dumps(seed(args.url, args.sizes[0])))
        return
    if args.child == "measure":
        print(json.dumps(measure(args.url, args.queries)))
        return
    with tempfile.TemporaryDirectory() as workdir:
        for size in args.sizes:
            url, drop = fresh_database(args.database_url, size, Path(workdir))
            t0 = time.perf_counter()
            run_child("--child", "seed", "--url", url, "--sizes", str(size))
            seeded = time.perf_counter() - t0
            result = run_child("--child", "measure", "--url", url, "--queries", str(args.queries))
            drop()
            print(f"{size:>7,} ideas  endpoint p50 {result['endpoint']['p50_ms']:7.2f} ms  p99 {result['endpoint']['p99_ms']:7.2f} ms"
                  f" | index call p50 {result['index_call']['p50_ms']:6.2f} ms  p99 {result['index_call']['p99_ms']:6.2f} ms"
                  f" | index build (background) {result['index_build_s']:.0f} s"
                  f" | worker RSS {result['rss_after_build_mb']:.0f} MB (peak {result['peak_rss_mb']:.0f} MB)"
                  f" | seeding {seeded:.0f} s")
            print("         " + json.dumps({"ideas": size, **result, "load_average": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main()
