"""Idea embeddings: computed once when an idea is written, stored as IdeaEmbedding rows, reused.

Vectors are stored as little-endian float32 bytes, tagged with the semantic model that made them
("static", "onnx", …) so a change of model never mixes incompatible vectors.
"""
import logging

import numpy as np
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from ideabox.clustering import Document, get_encoder
from ideabox.extensions import db
from ideabox.models import Idea, IdeaEmbedding, utcnow

VECTOR_DTYPE = np.dtype("<f4")
LOCK_WAIT_MS = 200

log = logging.getLogger(__name__)


def idea_document(idea_id: int, title: str, body: str | None) -> Document:
    """The clustering engine's view of an idea."""
    return Document(id=idea_id, title=title, body=body or "")


def model_name(encoder) -> str | None:
    """The name stored with vectors of this encoder; None when the backend uses no vectors."""
    return encoder.model if encoder.uses_semantic else None


def encode_vector(vector) -> bytes:
    """Serialise one vector for the `vector` column."""
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


def decode_vector(blob: bytes) -> np.ndarray:
    """Read back a vector stored by `encode_vector`."""
    return np.frombuffer(blob, dtype=VECTOR_DTYPE).astype(np.float32)


def embed_documents(encoder, docs: list[Document]) -> np.ndarray:
    """Compute the semantic vectors of documents ((n, 0) when the backend has none)."""
    return encoder.embed(docs) if docs else np.zeros((0, encoder.dim), dtype=np.float32)


def store_embedding(idea: Idea, backend: str) -> np.ndarray | None:
    """Compute an idea's vector and save it in the current transaction; return it."""
    encoder = get_encoder(backend)
    model = model_name(encoder)
    if model is None:
        return None
    vector = embed_documents(encoder, [idea_document(idea.id, idea.title, idea.body)])[0]
    row = db.session.get(IdeaEmbedding, idea.id) or IdeaEmbedding(idea_id=idea.id)
    row.model, row.dimensions, row.vector = model, int(vector.shape[0]), encode_vector(vector)
    row.updated_at = utcnow()
    db.session.add(row)
    db.session.flush()
    return vector


def stored_vectors(idea_ids, encoder) -> dict[int, np.ndarray]:
    """Stored vectors of the given ideas that this encoder's model made."""
    model = model_name(encoder)
    if model is None or not idea_ids:
        return {}
    found = {}
    ids = list(idea_ids)
    for start in range(0, len(ids), 5000):  # stay under bound-parameter limits
        rows = db.session.execute(
            select(IdeaEmbedding.idea_id, IdeaEmbedding.vector).where(
                IdeaEmbedding.idea_id.in_(ids[start:start + 5000]),
                IdeaEmbedding.model == model,
                IdeaEmbedding.dimensions == encoder.dim,
            )
        )
        for idea_id, blob in rows:
            vector = decode_vector(blob)
            if np.isfinite(vector).all():  # a damaged row counts as missing: it is computed and saved again
                found[idea_id] = vector
    return found


def backfill_vectors(docs: list[Document], encoder) -> dict[int, np.ndarray]:
    """Compute vectors for ideas stored without one and save them in their own transaction.

    The index is process state built on read paths, so it must not write into the request's
    transaction. Saving is only a saving of work: if the rows are locked (an idea still being
    written), the vectors are used anyway and computed again next time.
    """
    model = model_name(encoder)
    if model is None or not docs:
        return {}
    vectors = embed_documents(encoder, docs)
    now = utcnow()
    rows = [
        {"idea_id": doc.id, "model": model, "dimensions": int(vectors.shape[1]),
         "vector": encode_vector(vec), "updated_at": now}
        for doc, vec in zip(docs, vectors)
    ]
    try:
        _save_rows(rows)
    except SQLAlchemyError as error:
        log.warning("kept %d embeddings in memory only: %s", len(rows), error)
    return {doc.id: vec for doc, vec in zip(docs, vectors)}


def _save_rows(rows: list[dict]) -> None:
    """Upsert embedding rows on a connection of their own, waiting at most briefly for locks."""
    with db.engine.connect() as connection:
        sqlite_lock_wait = connection.dialect.name == "sqlite"
        if sqlite_lock_wait:
            _sqlite_busy_timeout(connection, LOCK_WAIT_MS)
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
                insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[connection.dialect.name]
                statement = insert(IdeaEmbedding)
                statement = statement.on_conflict_do_update(
                    index_elements=["idea_id"],
                    set_={c: statement.excluded[c] for c in ("model", "dimensions", "vector", "updated_at")},
                )
                for start in range(0, len(rows), 2000):
                    connection.execute(statement, rows[start:start + 2000])
        finally:
            if sqlite_lock_wait:  # pooled connection: give it back with the usual patience
                _sqlite_busy_timeout(connection, 5000)


def _sqlite_busy_timeout(connection, milliseconds: int) -> None:
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds}")
    connection.commit()  # end the transaction the statement auto-began
