"""Keep stored embeddings and this process's similarity index in step with ideas as they change."""
from flask import current_app

from ideabox import signals
from ideabox.similarity.embeddings import store_embedding
from ideabox.similarity.index_registry import live_index


@signals.idea_submitted.connect
@signals.idea_edited.connect
def index_idea(idea, **_):
    """Compute and store the idea's embedding, then add (or replace) it in the index."""
    vector = store_embedding(idea, current_app.config.get("CLUSTERING_BACKEND", "hybrid"))
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
