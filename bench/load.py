"""Requests per second and latency of the pages people hit, served by real gunicorn workers under wrk.

Usage:  .venv/bin/python bench/load.py [--database postgresql|sqlite] [--workers 4] [--threads 1]
                                       [--connections 16] [--duration 15] [--size 10000]

Seeds a site on a fresh database (by default a PostgreSQL database it creates on 127.0.0.1 and drops
at the end): `size` ideas on three public boards and a private one with their stored embeddings
(bench/similar_ideas.py), 20,500 people, about five votes an idea, themes, statuses along the
roadmap and comments (bench/insights_page.py), and an API token for 500 of the customers. It then
starts gunicorn (`wsgi:app` with TRUSTED_PROXIES=1, as behind a load balancer) with REDIS_URL set,
so rate limits are counted in Redis as in production, each simulated visitor (its X-Forwarded-For)
with a budget of its own. wrk (Debian's `wrk`, scripted by bench/load.lua) drives one scenario at a time
for --duration seconds over --connections connections, after a short warm-up of each, and prints
requests/s, latency p50 / p90 / p99 and the answers outside 2xx, then the workers' peak RSS.
Before the scenarios, --settle seconds of idea pages let every worker build its similar-ideas index.
gunicorn, wrk and the database are stopped or dropped at the end. About five minutes by default.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

from sqlalchemy import select

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import insights_page  # noqa: E402
import similar_ideas  # noqa: E402
from board_pages import refresh_statistics  # noqa: E402
from databases import fresh_postgres  # noqa: E402

PUBLIC_BOARDS = ["mobile", "web", "integrations"]
SEARCHES = ["dark mode", "export reports csv", "slack", "single sign-on okta", "offline", "calendar sync",
            "two-factor", "zzzz nothing"]
TOKENS = 500


def lua_list(values) -> str:
    return "{" + ", ".join(json.dumps(v) for v in values) + "}"


def scenarios(site: dict) -> list[dict]:
    """What visitors do: (name, method, paths, headers, tokens), paths drawn at random for each request."""
    boards, ideas = PUBLIC_BOARDS, site["idea_ids"][:2000]
    drafts = similar_ideas.draft_queries(400, seed=1)
    return [
        {"name": "home", "paths": ["/"]},
        {"name": "board", "paths": [f"/b/{b}" for b in boards]},
        {"name": "board trending", "paths": [f"/b/{b}?sort=trending" for b in boards]},
        {"name": "idea page", "paths": [f"/ideas/{i}" for i in ideas]},
        {"name": "roadmap", "paths": ["/roadmap"]},
        {"name": "search", "paths": [f"/search?q={quote_plus(q)}" for q in SEARCHES]},
        {"name": "similar (htmx)", "headers": {"HX-Request": "true"},
         "paths": [f"/similar?title={quote_plus(d)}&board={boards[n % 3]}" for n, d in enumerate(drafts)]},
        {"name": "API list", "paths": [f"/api/v1/ideas?board={b}" for b in boards]},
        {"name": "API vote (PUT)", "method": "PUT", "tokens": site["tokens"],
         "paths": [f"/api/v1/ideas/{i}/vote" for i in site["idea_ids"]]},
    ]


def write_scenario(scenario: dict, path: Path) -> Path:
    """Write the Lua file bench/load.lua reads for one scenario."""
    headers = ", ".join(f'[{json.dumps(k)}] = {json.dumps(v)}' for k, v in scenario.get("headers", {}).items())
    path.write_text(f'method = {json.dumps(scenario.get("method", "GET"))}\npaths = {lua_list(scenario["paths"])}\n'
                    f'headers = {{{headers}}}\ntokens = {lua_list(scenario.get("tokens", []))}\n')
    return path


def seed_site(url: str, size: int) -> dict:
    """Seed the site; return the public ideas' ids and the customers' API tokens."""
    from ideabox.api.tokens import make_token
    from ideabox.extensions import db
    from ideabox.models import Board, Idea, User

    similar_ideas.seed(url, size)
    app = similar_ideas.make_app(url)
    insights_page.seed_demand(app, size, per_idea=5, themes=size // 50)
    with app.app_context():
        voters = db.session.scalars(select(User).where(User.email.like("voter%@bench.example"))
                                    .order_by(User.id).limit(TOKENS))
        tokens = [make_token(person, "load bench")[1] for person in voters]
        ideas = list(db.session.scalars(select(Idea.id).join(Board).where(Board.slug.in_(PUBLIC_BOARDS))
                                        .order_by(Idea.id)))
        db.session.commit()
    refresh_statistics(url, "VACUUM ANALYZE" if url.startswith("postgresql") else "ANALYZE")
    return {"tokens": tokens, "idea_ids": ideas[::3] + ideas[1::3] + ideas[2::3]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, redis_url: str, workers: int, threads: int, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "SECRET_KEY": "load-bench",
           "BASE_URL": f"http://127.0.0.1:{port}", "TRUSTED_PROXIES": "1"}
    return subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--threads", str(threads),
                             "--timeout", "120", "--bind", f"127.0.0.1:{port}",
                             "--log-level", "warning", "--no-control-socket", "wsgi:app"], cwd=ROOT, env=env)


def fetch(base: str, scenario: dict) -> tuple[int, str]:
    """One request of the scenario (its first path), as wrk will send it."""
    headers = {**scenario.get("headers", {}), "X-Forwarded-For": "10.99.0.1"}
    if scenario.get("tokens"):
        headers["Authorization"] = f"Bearer {scenario['tokens'][0]}"
    request = urllib.request.Request(base + scenario["paths"][0], method=scenario.get("method", "GET"),
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(300).decode(errors="replace")


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if fetch(base, {"paths": ["/"]})[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 90 s")


def run_wrk(base: str, lua: Path, connections: int, seconds: int) -> dict:
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(BENCH / "load.lua"), base, "--", str(lua)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(next(line for line in reversed(out.splitlines()) if line.startswith("{")))


def peak_rss_mb(master: int) -> dict:
    """Peak resident memory (VmHWM) of gunicorn's master and of its largest worker, and the workers' sum."""
    def hwm(pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    workers = [hwm(int(p)) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    return {"master": hwm(master), "largest_worker": max(workers, default=0), "workers_sum": sum(workers)}


def forget_rate_limits(redis_url: str) -> None:
    """Delete the rate-limit counters the run left in Redis (Flask-Limiter's keys start with LIMITS)."""
    from redis import Redis

    redis = Redis.from_url(redis_url)
    for key in redis.scan_iter("LIMITS*"):
        redis.delete(key)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    return f"{os.cpu_count()} CPUs ({cpu}), load average {os.getloadavg()[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--postgres-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/ideabox_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--size", type=int, default=10_000, help="ideas to seed")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (README: -w 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: the sync worker)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of unmeasured load before each scenario")
    parser.add_argument("--settle", type=int, default=15,
                        help="seconds of idea pages first, while each worker builds its similar-ideas index")
    parser.add_argument("--only", nargs="+", help="scenario names to run (default: all)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ideabox-load-"))
    url = args.postgres_url if args.database == "postgresql" else f"sqlite:///{folder / 'load.sqlite3'}"
    drop = fresh_postgres(url) if args.database == "postgresql" else None
    server = None
    try:
        started = time.perf_counter()
        site = seed_site(url, args.size)
        print(f"{args.size:,} ideas on {args.database}, seeded in {time.perf_counter() - started:.0f} s", flush=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_gunicorn(url, args.redis_url, args.workers, args.threads, port)
        wait_until_up(base, server)
        chosen = [s for s in scenarios(site) if not args.only or s["name"] in args.only]
        for scenario in chosen:
            status, body = fetch(base, scenario)
            if not 200 <= status < 300:
                raise SystemExit(f"{scenario['name']}: {scenario['paths'][0]} answered {status}: {body}")
        print(f"{machine()}; gunicorn {args.workers} workers x {args.threads} threads; wrk 1 thread, "
              f"{args.connections} connections, {args.duration} s a scenario after {args.warmup} s of warm-up")
        print(f"{'scenario':16s} {'req/s':>8s} {'p50 ms':>8s} {'p90 ms':>8s} {'p99 ms':>8s} {'max ms':>8s} "
              f"{'requests':>9s} {'errors':>7s}", flush=True)
        # each worker builds its similar-ideas index in the background on its first idea page, showing none meanwhile
        pages = next(s for s in scenarios(site) if s["name"] == "idea page")
        run_wrk(base, write_scenario(pages, folder / "settle.lua"), args.connections, args.settle)
        for number, scenario in enumerate(chosen):
            lua = write_scenario(scenario, folder / f"scenario{number}.lua")
            run_wrk(base, lua, args.connections, args.warmup)  # each worker loads what the page needs once
            r = run_wrk(base, lua, args.connections, args.duration)
            errors = r["non_2xx"] + r["socket_errors"] + r["timeouts"]
            print(f"{scenario['name']:16s} {r['requests'] / r['seconds']:8.1f} {r['p50_ms']:8.1f} {r['p90_ms']:8.1f} "
                  f"{r['p99_ms']:8.1f} {r['max_ms']:8.1f} {r['requests']:9,d} {errors:7d}"
                  + (f"  statuses: {r['codes'].strip()} socket errors {r['socket_errors']} timeouts {r['timeouts']}"
                     if errors else ""), flush=True)
        rss = peak_rss_mb(server.pid)
        print(f"peak RSS: largest worker {rss['largest_worker']:.0f} MB, {args.workers} workers "
              f"{rss['workers_sum']:.0f} MB, master {rss['master']:.0f} MB; load average {os.getloadavg()[0]:.2f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            forget_rate_limits(args.redis_url)
        if drop:
            drop()


if __name__ == "__main__":
    main()
