"""The one bridge: ideas from the database → clustering engine → stored duplicate suggestions.

A recompute runs in one of three places, always through `execute_run`: the
`flask recompute-suggestions` command, an RQ worker (`run_recompute_job`, which builds its
own app) when REDIS_URL is set, or synchronously inside the PM's request otherwise.
"""
import logging
import time
from datetime import timedelta

import numpy as np
from flask import current_app
from flask_babel import gettext
from sqlalchemy import select, update

from ideabox.clustering import find_themes, get_encoder
from ideabox.extensions import db
from ideabox.i18n import N_
from ideabox.models import ClusteringRun, Idea, MergeSuggestion, SuggestionMember, utcnow
from ideabox.queue import QUEUE_NAME, job_abandoned
from ideabox.similarity.embeddings import backfill_vectors, idea_document, stored_vectors
from ideabox.triage.grouping import Group, backers_united, dismissed_pairs, split_along
from ideabox.triage.titles import keep_pms_titles


STOPPED = N_("Stopped before finishing.")
WORKER_GONE = N_("The worker stopped before finishing.")


def run_failure(run: ClusteringRun) -> str:
    """Why the run failed, in the reader's language where it is one of IdeaBox's own texts; a PM may read
    another language than the worker that recorded it. An exception's text stays as raised."""
    return gettext(run.error) if run.error in (STOPPED, WORKER_GONE) else run.error

log = logging.getLogger(__name__)

JOB_TIMEOUT = 3 * 3600
ACTIVE_STATES = ("queued", "running")
STALE_AFTER = timedelta(hours=3)  # an active run older than this lost its worker
# A run with no RQ job (inline in a request, or `flask recompute-suggestions`) shows its process is alive by saving
# its progress, which sets heartbeat_at. At 100,000 ideas the longest stretches without a save (bench/README.md,
# stages on this 2-core machine) are the index build (14-24 s), and exact candidate scores (10-14 s) with linkage and
# labelling (8-15 s) after the scan's last block; then grouping and writing the suggestions, one transaction that
# must not be committed half-way. An ONNX encoding batch of 512 takes about 20 s. Ten minutes is ten times the
# longest of these with room for a loaded machine, and still 18 times sooner than STALE_AFTER.
HEARTBEAT_LOST_AFTER = timedelta(minutes=10)
EMBED_BATCH = 512


def visible_ideas() -> list:
    """Id, title and body of the ideas listed on boards (not merged, not withdrawn), oldest first."""
    return list(db.session.execute(
        select(Idea.id, Idea.title, Idea.body)
        .where(Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None)).order_by(Idea.id)
    ))


def stored_and_missing(ideas: list, encoder) -> tuple[dict, list]:
    """The ideas' stored vectors, and the documents of ideas that have none yet."""
    if not encoder.uses_semantic:
        return {}, []
    vectors = stored_vectors([idea.id for idea in ideas], encoder)
    return vectors, [idea_document(i.id, i.title, i.body) for i in ideas if i.id not in vectors]


def embeddings_for(ideas: list, encoder, vectors: dict, missing: list, progress=None) -> np.ndarray | None:
    """The ideas' vectors as one matrix, computing and saving the missing ones in batches."""
    if not encoder.uses_semantic:
        return None
    for start in range(0, len(missing), EMBED_BATCH):
        vectors.update(backfill_vectors(missing[start:start + EMBED_BATCH], encoder))
        if progress:
            progress(min(start + EMBED_BATCH, len(missing)), len(missing))
    if not ideas:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.stack([vectors[idea.id] for idea in ideas])


class RunProgress:
    """Spread a run's phases over one done/total scale, saved on the run and shown to a listener."""

    def __init__(self, run: ClusteringRun, listener=None, every: float = 0.5):
        self.run, self.listener, self.every = run, listener, every
        self.offset, self.size, self.last_saved = 0, 0, 0.0

    def start(self, total: int) -> None:
        """Begin counting towards `total` steps."""
        self.run.progress_total = max(total, 1)
        self.report(0, 1, force=True)

    def phase(self, size: int):
        """Return a (done, total) callback covering the next `size` steps."""
        self.offset += self.size
        self.size = size
        return self.report

    def finish(self) -> None:
        """Mark every step done (saved with the run's final commit)."""
        self.run.progress_done = self.run.progress_total
        if self.listener:
            self.listener(self.run.progress_done, self.run.progress_total)

    def report(self, done: int, total: int, force: bool = False) -> None:
        """Record progress within the current phase."""
        value = self.offset + (round(self.size * done / total) if total else self.size)
        self.run.progress_done = min(value, self.run.progress_total)
        if self.listener:
            self.listener(self.run.progress_done, self.run.progress_total)
        now = time.monotonic()
        if force or now - self.last_saved >= self.every:
            self.save()

    def save(self) -> None:
        """Commit the progress with a heartbeat: the page polls this row, and the heartbeat says the run lives."""
        self.last_saved = time.monotonic()
        self.run.heartbeat_at = utcnow()
        db.session.commit()


def execute_run(run: ClusteringRun, listener=None) -> ClusteringRun:
    """Cluster every visible idea and replace the pending suggestions with the new ones."""
    run_id = run.id
    try:
        run.state, run.started_at, run.error = "running", utcnow(), ""
        run.heartbeat_at = run.started_at
        _cluster_and_store(run, RunProgress(run, listener))
        run.state, run.finished_at = "finished", utcnow()
        db.session.commit()
    except Exception as error:  # recorded on the run so the PM sees why it failed
        log.exception("clustering run %s failed", run_id)
        run = _record_failure(run_id, f"{type(error).__name__}: {error}")
    except (KeyboardInterrupt, SystemExit):  # Ctrl-C, SIGTERM, or gunicorn aborting a request past its timeout
        try:
            _record_failure(run_id, STOPPED)
        except Exception:  # the interrupt may have cut a database call short; the heartbeat releases the run
            log.exception("could not mark interrupted clustering run %s failed", run_id)
        raise
    return run


def _record_failure(run_id: int, error: str) -> ClusteringRun:
    db.session.rollback()
    run = db.session.get(ClusteringRun, run_id)
    run.state, run.finished_at, run.error = "failed", utcnow(), error[:2000]
    db.session.commit()
    return run


def _cluster_and_store(run: ClusteringRun, progress: RunProgress) -> None:
    ideas = visible_ideas()
    encoder = get_encoder(run.backend)
    vectors, missing = stored_and_missing(ideas, encoder)
    progress.start(len(missing) + len(ideas))
    embeddings = embeddings_for(ideas, encoder, vectors, missing, progress.phase(len(missing)))
    docs = [idea_document(i.id, i.title, i.body) for i in ideas]
    result = find_themes(docs, embeddings, encoder, progress=progress.phase(len(ideas)))
    progress.save()  # linkage and labelling report nothing, and writing the suggestions must not commit half-way
    titles = {idea.id: idea.title for idea in ideas}
    groups = _suggestible_groups(result.groups, titles)
    _replace_pending_suggestions(run, groups)
    progress.finish()


def _suggestible_groups(themes, titles: dict[int, str]) -> list[Group]:
    """Engine groups split along dismissed pairs, minus ideas merged meanwhile and groups already one theme."""
    dismissed = dismissed_pairs()
    # Read now, not at the start: PMs keep merging and theming while a long run computes.
    theme_of = {idea_id: theme_id for idea_id, theme_id in db.session.execute(
        select(Idea.id, Idea.theme_id).where(Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None))
    )}
    groups = []
    for theme in themes:
        alive = [i for i in theme.member_ids if i in theme_of]
        scores = {(min(a, b), max(a, b)): float(s) for (a, b), s in theme.pair_scores.items()}
        group = Group(list(theme.member_ids), theme.label, list(theme.keywords), scores).subgroup(alive)
        for part in split_along(group, dismissed):
            if part.member_ids[0] != theme.member_ids[0]:
                part.label = titles[part.member_ids[0]]
            themes_of = {theme_of[i] for i in part.member_ids}
            if len(themes_of) == 1 and None not in themes_of:
                continue  # already grouped by a PM
            groups.append(part)
    return groups


def _replace_pending_suggestions(run: ClusteringRun, groups: list[Group]) -> None:
    keep_pms_titles(groups)  # a title a PM saved is not lost to the engine's at every recompute
    db.session.execute(
        update(MergeSuggestion).where(MergeSuggestion.state == "pending").values(state="superseded")
    )
    for group in groups:
        db.session.add(build_suggestion(group, run_id=run.id))
    db.session.flush()


def build_suggestion(group: Group, run_id: int | None) -> MergeSuggestion:
    """A pending suggestion for a group, with its members and backers united."""
    return MergeSuggestion(
        run_id=run_id,
        state="pending",
        proposed_title=group.label[:140],
        title_saved_by_pm=group.label_saved,
        keywords=list(group.keywords),
        cohesion=group.cohesion(),
        pair_scores=group.pair_list(),
        backers_united=backers_united(group.member_ids),
        members=[
            SuggestionMember(idea_id=idea_id, position=position, centrality=group.centrality(idea_id))
            for position, idea_id in enumerate(group.member_ids)
        ],
    )


def active_run() -> ClusteringRun | None:
    """The queued or running recompute, if any (one whose worker is gone is marked failed)."""
    run = db.session.scalar(
        select(ClusteringRun).where(ClusteringRun.state.in_(ACTIVE_STATES)).order_by(ClusteringRun.id.desc())
    )
    return None if run is None or release_if_abandoned(run) else run


def release_if_abandoned(run: ClusteringRun) -> bool:
    """Mark an active run failed when it is older than STALE_AFTER or its process is gone (its worker was killed),
    so a PM can start another; True when it did."""
    if run.state not in ACTIVE_STATES:
        return False
    if not (utcnow() - run.created_at > STALE_AFTER or process_gone(run)):
        return False
    run.state, run.error, run.finished_at = "failed", WORKER_GONE, utcnow()
    return True


def process_gone(run: ClusteringRun) -> bool:
    """Whether nobody will finish the run: RQ says so of its job, or, with no job, its heartbeat stopped."""
    if run.job_id:
        redis_url = current_app.config.get("REDIS_URL")
        return bool(redis_url) and job_abandoned(redis_url, run.job_id)
    # no heartbeat yet: it died before its first save, or it is about to be enqueued (job_id comes next)
    return utcnow() - (run.heartbeat_at or run.created_at) > HEARTBEAT_LOST_AFTER


def enqueue_run(run: ClusteringRun, redis_url: str, queue_name: str = QUEUE_NAME) -> str:
    """Put a queued run on the RQ queue; return the job id (also saved on the run)."""
    from redis import Redis
    from rq import Queue

    queue = Queue(queue_name, connection=Redis.from_url(redis_url))
    job = queue.enqueue(
        "ideabox.jobs.run_recompute_job", run.id, job_timeout=JOB_TIMEOUT,
        description=f"Recompute duplicate suggestions (run {run.id})",
    )
    run.job_id = job.id
    return job.id


def run_recompute_job(run_id: int) -> dict:
    """RQ entry point: build an app from the environment and execute the queued run."""
    from ideabox import create_app

    app = create_app()
    with app.app_context():
        run = db.session.get(ClusteringRun, run_id)
        if run is None or run.state not in ACTIVE_STATES:
            return {"run": run_id, "skipped": True}
        run = execute_run(run)
        summary = {"run": run.id, "state": run.state, "error": run.error}
        db.session.remove()
        db.engine.dispose()
    if summary["state"] == "failed":
        raise RuntimeError(summary["error"])
    return summary
