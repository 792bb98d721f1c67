"""After an import: the similarity index learns the new ideas by itself (it catches up on ideas.updated_at), and,
where an RQ worker runs, duplicate suggestions are recomputed so the imported ideas join the triage inbox."""
import logging

from ideabox import jobs
from ideabox.extensions import db
from ideabox.triage.services import start_recompute

log = logging.getLogger(__name__)


def queue_recompute(actor, config):
    """A queued recompute run when a job queue is configured and none is under way; else None (PMs run it
    from Triage when they want)."""
    if not config.get("REDIS_URL") or jobs.active_run() is not None:
        return None
    return start_recompute(actor, config["CLUSTERING_BACKEND"])


def enqueue(run, config) -> None:
    """Hand the committed run to the worker; a queue that is down marks the run failed instead of failing the import."""
    if run is None:
        return
    try:
        jobs.enqueue_run(run, config["REDIS_URL"], config.get("RQ_QUEUE", jobs.QUEUE_NAME))
    except Exception as error:  # the import is committed: say so on the run, as the triage page does
        log.exception("could not enqueue clustering run %s after an import", run.id)
        run.state, run.error = "failed", f"Could not reach the job queue: {error}"
    db.session.commit()
