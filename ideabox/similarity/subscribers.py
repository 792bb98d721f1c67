"""Keep stored embeddings and this process's similarity index in step with ideas as they change."""
import logging

from flask import current_app

from ideabox import signals
from ideabox.similarity.embeddings import store_embedding
from ideabox.similarity.index_registry import live_index

log = logging.getLogger(__name__)


@signals.idea_submitted.connect
@signals.idea_edited.connect
def index_idea(idea, **_):
    """Compute and store the idea's embedding, then add (or replace) it in the index."""
    try:
        vector = store_embedding(idea, current_app.config.get("CLUSTERING_BACKEND", "hybrid"))
    except Exception:  # never lose a customer's idea over a suggestion feature: the index backfills later
        log.exception("could not embed idea %s; it will be embedded when the index catches up", idea.id)
        return
    live_index().add(idea, vector)


@signals.idea_withdrawn.connect
def unindex_withdrawn(idea, **_):
    """A withdrawn idea is no longer suggested."""
    live_index().remove(idea.id)


@signals.ideas_merged.connect
def unindex_merged(primary, merged=(), **_):
    """Ideas merged into another are no longer suggested; their primary stays."""
    index = live_index()
    for idea in merged:
        index.remove(idea.id)
