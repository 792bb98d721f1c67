"""One similarity index per app per process: built lazily, updated as ideas arrive, never per request.

Each gunicorn worker keeps its own index. Ideas written in this process reach it at once through
the subscribers; ideas written by other workers are picked up on the next lookup by a cheap query
for ideas changed since the previous look (ideas.updated_at), so no worker is stale for long.
"""
import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import func, select

from ideabox.clustering import SimilarityIndex, get_encoder
from ideabox.extensions import db
from ideabox.models import Idea, utcnow
from ideabox.similarity.embeddings import backfill_vectors, idea_document, stored_vectors

log = logging.getLogger(__name__)

EXTENSION_KEY = "ideabox.similarity_index"
# A row's updated_at is stamped at flush but the row becomes visible only at commit, so each catch-up
# re-reads what changed since shortly before the previous one: a transaction committing within this
# window of its flush is never skipped. Requests commit in well under a second; for anything slower
# (a long import), a periodic reconciliation of the listed ids is the safety net.
SYNC_OVERLAP = timedelta(seconds=30)
RECONCILE_SECONDS = 600
# Building takes about a second per 1,500 ideas; past this size the first build (and a refit) runs in
# a background thread while lookups go on (with no suggestions until the first build is ready).
BACKGROUND_FROM = 5_000
# The lexical vocabulary is fitted at build time: refit while a young board doubles in size.
REFIT_BELOW = 20_000

_registry_lock = threading.Lock()


def _digest(title: str, body: str | None) -> bytes:
    return hashlib.blake2b(f"{title}\0{body or ''}".encode(), digest_size=8).digest()


def _listed():
    return (Idea.merged_into_id.is_(None), Idea.withdrawn_at.is_(None))


@dataclass
class Snapshot:
    """An index, its ideas tagged by board, and what keeps it current: boards, text digests, recent changes."""

    index: SimilarityIndex
    synced_since: datetime
    board_of: dict = field(default_factory=dict)
    text_of: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)  # updated_at last applied, for ideas in the overlap window
    built_size: int = 0


class LiveIndex:
    """The listed ideas of one app as a SimilarityIndex, kept current with the database."""

    def __init__(self, backend: str, sync_seconds: float = 1.0, background_from: int = BACKGROUND_FROM):
        self.encoder = get_encoder(backend)
        self.sync_seconds = sync_seconds
        self.background_from = background_from
        self._lock = threading.RLock()
        self._state: Snapshot | None = None
        self._builder: threading.Thread | None = None
        self._synced_at = 0.0
        self._reconciled_at = time.monotonic()

    @property
    def is_built(self) -> bool:
        """Whether the index has been built in this process yet."""
        return self._state is not None

    def __len__(self) -> int:
        return len(self._state.index) if self._state else 0

    def __contains__(self, idea_id) -> bool:
        return bool(self._state) and idea_id in self._state.index

    def ensure_current(self) -> None:
        """Build the index on first use; later, apply what other processes changed since the last look."""
        with self._lock:
            state = self._state
            if state is None:
                self._build(background=self._count_listed() >= self.background_from)
                return
            if time.monotonic() - self._synced_at >= self.sync_seconds:
                self._catch_up()
            if time.monotonic() - self._reconciled_at >= RECONCILE_SECONDS:
                self._reconcile()
            if state.built_size < REFIT_BELOW and len(state.index) >= 2 * state.built_size + 20:
                self._build(background=len(state.index) >= self.background_from)

    def similar(self, doc, k: int, hidden_boards=(), exclude=()) -> list:
        """Matches for a document, never from hidden boards nor among `exclude`."""
        with self._lock:
            state = self._state
            if state is None or not len(state.index):
                return []
            return state.index.similar(doc, k=k, exclude=exclude, exclude_tags=hidden_boards)

    def board_of(self, idea_id) -> int | None:
        """The board an indexed idea is on."""
        return self._state.board_of.get(idea_id) if self._state else None

    def text_code(self, idea_id) -> int | None:
        """What an indexed idea's text shares with its copies (SimilarityIndex.text_code)."""
        state = self._state
        return state.index.text_code(idea_id) if state else None

    def add(self, idea: Idea, vector=None) -> None:
        """Add or replace a listed idea (until the first build is ready, the build reads it instead)."""
        with self._lock:
            if self._state is None:
                return
            if not idea.is_visible:
                self.remove(idea.id)
                return
            self._put(idea.id, idea.board_id, idea.title, idea.body, vector)
            if idea.updated_at is not None:
                self._state.seen[idea.id] = idea.updated_at

    def remove(self, idea_id: int) -> None:
        """Drop an idea (merged, withdrawn or gone); unknown ids are ignored."""
        with self._lock:
            state = self._state
            if state is None or idea_id not in state.index:
                return
            state.index.remove(idea_id)
            state.board_of.pop(idea_id, None)
            state.text_of.pop(idea_id, None)

    def _put(self, idea_id, board_id, title, body, vector) -> None:
        state = self._state
        state.index.add(idea_document(idea_id, title, body), embedding=vector, tag=board_id)
        state.board_of[idea_id] = board_id
        state.text_of[idea_id] = _digest(title, body)

    def _vectors(self, docs) -> dict:
        """Stored vectors of these documents, computing and saving the missing ones."""
        if not self.encoder.uses_semantic:
            return {}
        vectors = stored_vectors([d.id for d in docs], self.encoder)
        missing = [d for d in docs if d.id not in vectors]
        vectors.update(backfill_vectors(missing, self.encoder))
        return vectors

    def _count_listed(self) -> int:
        return db.session.scalar(select(func.count()).select_from(Idea).where(*_listed()))

    def _build(self, background: bool) -> None:
        """Build a fresh snapshot here, or in a thread while the current one (if any) keeps serving."""
        if not background:
            self._install(self._snapshot())
            return
        if self._builder is not None and self._builder.is_alive():
            return
        from flask import current_app

        self._builder = threading.Thread(target=self._build_in_background, args=(current_app._get_current_object(),),
                                         daemon=True, name="similarity-index-build")
        self._builder.start()

    def wait_for_build(self, timeout: float | None = None) -> bool:
        """Block until a background build finishes (for CLI warm-up, benchmarks and tests); True if built."""
        builder = self._builder
        if builder is not None:
            builder.join(timeout)
        return self.is_built

    def _build_in_background(self, app) -> None:
        try:
            with app.app_context():
                try:
                    snapshot = self._snapshot()
                    with self._lock:
                        self._install(snapshot)
                finally:
                    db.session.remove()
        except Exception:  # a failed build must not kill the worker: the next lookup tries again
            log.exception("building the similarity index failed")

    def _snapshot(self) -> Snapshot:
        started, clock = time.monotonic(), utcnow()
        rows = db.session.execute(
            select(Idea.id, Idea.board_id, Idea.title, Idea.body, Idea.updated_at).where(*_listed()).order_by(Idea.id)
        ).all()
        docs = [idea_document(r.id, r.title, r.body) for r in rows]
        vectors = self._vectors(docs)
        embeddings = np.stack([vectors[d.id] for d in docs]) if vectors and docs else None
        index = SimilarityIndex.build(docs, embeddings, backend=self.encoder, tags=[r.board_id for r in rows])
        snapshot = Snapshot(index, clock, built_size=len(rows))
        for r in rows:
            snapshot.board_of[r.id] = r.board_id
            snapshot.text_of[r.id] = _digest(r.title, r.body)
            if r.updated_at > clock - SYNC_OVERLAP:
                snapshot.seen[r.id] = r.updated_at
        log.info("similarity index: %d ideas built in %.1f s", len(rows), time.monotonic() - started)
        return snapshot

    def _install(self, snapshot: Snapshot) -> None:
        """Serve from a new snapshot, first applying what changed while it was being built."""
        with self._lock:
            self._state = snapshot
            self._catch_up()
            self._reconciled_at = time.monotonic()

    def _catch_up(self) -> None:
        state, clock = self._state, utcnow()
        rows = db.session.execute(
            select(Idea.id, Idea.board_id, Idea.updated_at, Idea.merged_into_id, Idea.withdrawn_at)
            .where(Idea.updated_at > state.synced_since - SYNC_OVERLAP)
        ).all()
        changed = [r for r in rows if state.seen.get(r.id) != r.updated_at]
        gone = {r.id for r in changed if r.merged_into_id is not None or r.withdrawn_at is not None}
        for idea_id in gone:
            self.remove(idea_id)
        self._apply_listed([r.id for r in changed if r.id not in gone])
        horizon = clock - SYNC_OVERLAP
        state.seen = {i: at for i, at in state.seen.items() if at > horizon}
        state.seen.update((r.id, r.updated_at) for r in rows if r.updated_at > horizon)
        state.synced_since, self._synced_at = clock, time.monotonic()

    def _reconcile(self) -> None:
        """Make the indexed ids exactly the listed ones, whatever updated_at says."""
        listed = set(db.session.scalars(select(Idea.id).where(*_listed())))
        indexed = set(self._state.board_of)
        for idea_id in indexed - listed:
            self.remove(idea_id)
        self._apply_listed(sorted(listed - indexed))
        self._reconciled_at = time.monotonic()

    def _apply_listed(self, ids: list[int]) -> None:
        """(Re)index listed ideas whose text or board changed, or that are new to this process."""
        state = self._state
        rows = []
        for start in range(0, len(ids), 5000):  # stay under bound-parameter limits
            chunk = ids[start:start + 5000]
            rows += db.session.execute(select(Idea.id, Idea.board_id, Idea.title, Idea.body).where(Idea.id.in_(chunk)))
        stale = [
            r for r in rows
            if state.text_of.get(r.id) != _digest(r.title, r.body) or state.board_of.get(r.id) != r.board_id
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
                                  app.config["SIMILARITY_SYNC_SECONDS"],
                                  app.config["SIMILARITY_BACKGROUND_FROM"])
                app.extensions[EXTENSION_KEY] = index
    return index
