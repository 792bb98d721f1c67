"""One similarity index per app per process: built lazily, updated as ideas arrive, never per request.

Each gunicorn worker keeps its own index. Ideas written in this process reach it at once through
the subscribers; ideas written by other workers are picked up on the next lookup by a cheap query
for ideas changed since the index's high-water mark.
"""
import hashlib
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import func, select

from ideabox.clustering import SimilarityIndex, get_encoder
from ideabox.extensions import db
from ideabox.models import Idea
from ideabox.similarity.embeddings import backfill_vectors, idea_document, stored_vectors

EXTENSION_KEY = "ideabox.similarity_index"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# A row's updated_at is set at flush but becomes visible at commit, possibly after a later row's:
# re-reading this window on every catch-up means such a row is never skipped.
SYNC_OVERLAP = timedelta(minutes=2)
# The lexical vocabulary is fitted at build time; refit while the board is still small and growing.
REFIT_BELOW = 20_000

_registry_lock = threading.Lock()


def _digest(title: str, body: str | None) -> bytes:
    return hashlib.blake2b(f"{title}\0{body or ''}".encode(), digest_size=8).digest()


def _visible():
    return (Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None))


class LiveIndex:
    """The ideas of one app as a SimilarityIndex, kept current with the database."""

    def __init__(self, backend: str, sync_seconds: float = 1.0):
        self.encoder = get_encoder(backend)
        self.sync_seconds = sync_seconds
        self._lock = threading.RLock()
        self._index: SimilarityIndex | None = None
        self._board_of: dict[int, int] = {}
        self._ideas_on_board: dict[int, set[int]] = defaultdict(set)
        self._text_of: dict[int, bytes] = {}
        self._seen: dict[int, datetime] = {}  # updated_at last applied, for ideas in the overlap window
        self._mark = EPOCH
        self._built_size = 0
        self._synced_at = 0.0

    @property
    def is_built(self) -> bool:
        """Whether the index has been built in this process yet."""
        return self._index is not None

    def __len__(self) -> int:
        return len(self._index) if self._index is not None else 0

    def __contains__(self, idea_id) -> bool:
        return self._index is not None and idea_id in self._index

    def ensure_current(self) -> None:
        """Build the index on first use; later, apply ideas other processes changed since the mark."""
        with self._lock:
            if self._index is None:
                self._build()
                return
            if time.monotonic() - self._synced_at >= self.sync_seconds:
                self._catch_up()
            if self._built_size < REFIT_BELOW and len(self._index) >= 2 * self._built_size + 20:
                self._build()

    def similar(self, doc, k: int, hidden_boards=(), exclude=()) -> list:
        """Matches for a document, never from hidden boards nor among `exclude`."""
        with self._lock:
            if self._index is None or not len(self._index):
                return []
            skip = set(exclude)
            for board_id in hidden_boards:
                skip |= self._ideas_on_board.get(board_id, set())
            return self._index.similar(doc, k=k, exclude=skip)

    def add(self, idea: Idea, vector=None) -> None:
        """Add or replace a visible idea (no-op until the index is built: the build reads it)."""
        with self._lock:
            if self._index is None:
                return
            if not idea.is_visible:
                self.remove(idea.id)
                return
            self._put(idea.id, idea.board_id, idea.title, idea.body, vector)
            if idea.updated_at is not None:
                self._seen[idea.id] = idea.updated_at

    def remove(self, idea_id: int) -> None:
        """Drop an idea (merged, withdrawn or gone); unknown ids are ignored."""
        with self._lock:
            if self._index is None or idea_id not in self._index:
                return
            self._index.remove(idea_id)
            board_id = self._board_of.pop(idea_id, None)
            self._ideas_on_board[board_id].discard(idea_id)
            self._text_of.pop(idea_id, None)

    def _put(self, idea_id, board_id, title, body, vector) -> None:
        old_board = self._board_of.get(idea_id)
        if old_board is not None:
            self._ideas_on_board[old_board].discard(idea_id)
        self._index.add(idea_document(idea_id, title, body), embedding=vector)
        self._board_of[idea_id] = board_id
        self._ideas_on_board[board_id].add(idea_id)
        self._text_of[idea_id] = _digest(title, body)

    def _vectors(self, docs) -> dict:
        """Stored vectors of these documents, computing and saving the missing ones."""
        if not self.encoder.uses_semantic:
            return {}
        vectors = stored_vectors([d.id for d in docs], self.encoder)
        missing = [d for d in docs if d.id not in vectors]
        vectors.update(backfill_vectors(missing, self.encoder))
        return vectors

    def _build(self) -> None:
        started = time.monotonic()
        rows = db.session.execute(
            select(Idea.id, Idea.board_id, Idea.title, Idea.body, Idea.updated_at).where(*_visible()).order_by(Idea.id)
        ).all()
        mark = db.session.scalar(select(func.max(Idea.updated_at))) or EPOCH
        docs = [idea_document(r.id, r.title, r.body) for r in rows]
        vectors = self._vectors(docs)
        embeddings = np.stack([vectors[d.id] for d in docs]) if vectors and docs else None
        self._index = SimilarityIndex.build(docs, embeddings, backend=self.encoder)
        self._board_of = {r.id: r.board_id for r in rows}
        self._ideas_on_board = defaultdict(set)
        for r in rows:
            self._ideas_on_board[r.board_id].add(r.id)
        self._text_of = {r.id: _digest(r.title, r.body) for r in rows}
        self._seen = {r.id: r.updated_at for r in rows if r.updated_at > mark - SYNC_OVERLAP}
        self._mark = mark
        self._built_size = len(rows)
        self._synced_at = time.monotonic()
        self.build_seconds = self._synced_at - started

    def _catch_up(self) -> None:
        since = self._mark - SYNC_OVERLAP
        rows = db.session.execute(
            select(Idea.id, Idea.board_id, Idea.updated_at, Idea.merged_into_id, Idea.withdrawn_at)
            .where(Idea.updated_at > since)
        ).all()
        self._synced_at = time.monotonic()
        if not rows:
            return
        changed = [r for r in rows if self._seen.get(r.id) != r.updated_at]
        gone = [r.id for r in changed if r.merged_into_id is not None or r.withdrawn_at is not None]
        for idea_id in gone:
            self.remove(idea_id)
        self._apply_visible([r.id for r in changed if r.id not in set(gone)])
        for r in changed:
            self._seen[r.id] = r.updated_at
        self._mark = max(self._mark, max(r.updated_at for r in rows))
        horizon = self._mark - SYNC_OVERLAP
        self._seen = {i: at for i, at in self._seen.items() if at > horizon}

    def _apply_visible(self, ids: list[int]) -> None:
        """(Re)index ideas whose text or board changed, or that are new to this process."""
        if not ids:
            return
        rows = db.session.execute(select(Idea.id, Idea.board_id, Idea.title, Idea.body).where(Idea.id.in_(ids))).all()
        stale = [
            r for r in rows
            if self._text_of.get(r.id) != _digest(r.title, r.body) or self._board_of.get(r.id) != r.board_id
        ]
        vectors = self._vectors([idea_document(r.id, r.title, r.body) for r in stale])
        for r in stale:
            self._put(r.id, r.board_id, r.title, r.body, vectors.get(r.id))


def live_index(app=None) -> LiveIndex:
    """This process's index for the app (created on first call, built on first lookup)."""
    from flask import current_app

    app = app or current_app._get_current_object()
    index = app.extensions.get(EXTENSION_KEY)
    if index is None:
        with _registry_lock:
            index = app.extensions.get(EXTENSION_KEY)
            if index is None:
                index = LiveIndex(app.config.get("CLUSTERING_BACKEND", "hybrid"),
                                  app.config.get("SIMILARITY_SYNC_SECONDS", 1.0))
                app.extensions[EXTENSION_KEY] = index
    return index
