"""SimilarityIndex: the "similar ideas while you type" lookup."""
from __future__ import annotations

from typing import Hashable, Iterable, Sequence, Union

import numpy as np

from .cluster import BACKGROUND_RANK, query_background, scaled
from .documents import DocId, Document, Match, has_words, same_text_key
from .encoders import DEFAULT_BACKEND, Encoder, get_encoder
from .lexical import LexicalModel
from .rows import with_room
from .store import VectorStore

Query = Union[str, Document]


def _as_document(query: Query) -> Document:
    return query if isinstance(query, Document) else Document(id="__query__", title=str(query))


def check_embeddings(encoder: Encoder, docs: Sequence[Document], embeddings) -> np.ndarray:
    """Return stored embeddings after checking their shape, or compute them."""
    if embeddings is None or (encoder.uses_semantic and np.asarray(embeddings).shape[1] == 0):
        return encoder.embed(docs)
    emb = np.asarray(embeddings, dtype=np.float32)
    if emb.ndim != 2 or emb.shape[0] != len(docs):
        raise ValueError(f"embeddings must have shape ({len(docs)}, d), got {emb.shape}")
    if encoder.uses_semantic and emb.shape[1] != encoder.dim:
        raise ValueError(f"embeddings have width {emb.shape[1]}, the {encoder.model} model gives {encoder.dim}")
    if not np.isfinite(emb).all():  # a NaN scores below everything: its item would drop out of every lookup
        raise ValueError("embeddings hold NaN or infinite values; encode those items again")
    return emb


def _blanks_zeroed(docs: Sequence[Document], emb: np.ndarray) -> np.ndarray:
    """The embeddings with a zero vector for each document without words, so it scores 0 against
    every item (its lexical row is empty already) instead of matching the other blank ones."""
    blank = [row for row, doc in enumerate(docs) if not has_words(doc)]
    if not blank or emb.shape[1] == 0:
        return emb
    emb = emb.copy()
    emb[blank] = 0.0
    return emb


def _best_first(scores: np.ndarray, m: int) -> np.ndarray:
    """Positions of the m best scores (all, if fewer), best first; ties keep their order."""
    m = min(m, len(scores))
    top = np.argpartition(-scores, m - 1)[:m]
    return top[np.argsort(-scores[top], kind="stable")]


class SimilarityIndex:
    """Nearest ideas by hybrid lexical + semantic similarity; supports add and remove.

    Each item may carry a tag (a board, a product area): a lookup can leave out whole tags at the
    cost of one vectorised comparison, however many items they hold.
    """

    def __init__(self, encoder: Encoder, lexical: LexicalModel, store: VectorStore, ids: list[DocId],
                 tags: Sequence[Hashable] | None = None, texts: Sequence[bytes | None] | None = None):
        """texts: each item's same_text_key, so that copies of one text count once in a background
        (None: a text of its own)."""
        self.encoder = encoder
        self.lexical = lexical
        self.store = store
        self._ids = list(ids)
        self._row = {doc_id: i for i, doc_id in enumerate(self._ids)}
        if len(self._row) != len(self._ids):
            raise ValueError("duplicate document ids")
        self._alive = np.ones(max(len(ids), 16), dtype=bool)
        self._tag_code: dict[Hashable, int] = {}
        self._tags = np.full(len(self._alive), -1, dtype=np.int32)
        if tags is not None:
            if len(tags) != len(self._ids):
                raise ValueError(f"got {len(tags)} tags for {len(self._ids)} documents")
            self._tags[: len(tags)] = [self._code_of(t) for t in tags]
        self._text_code: dict[Hashable, int] = {}
        self._text_of = np.full(len(self._alive), -1, dtype=np.int64)
        keys = texts if texts is not None else [None] * len(self._ids)  # unknown: distinct
        self._text_of[: len(keys)] = [self._code_of_text(key) for key in keys]

    def _code_of_text(self, key: bytes | None) -> int:
        if key is None:
            key = ("own text", len(self._text_code))
        return self._text_code.setdefault(key, len(self._text_code))

    def _code_of(self, tag: Hashable | None) -> int:
        if tag is None:
            return -1
        return self._tag_code.setdefault(tag, len(self._tag_code))

    @classmethod
    def build(cls, docs: Sequence[Document], embeddings=None, backend: str | Encoder = DEFAULT_BACKEND,
              tags: Sequence[Hashable] | None = None, lookups: bool = True):
        """Build an index from documents, (optionally) their stored embeddings and one tag each.

        lookups=False defers what only similar() needs to its first call (for a theme build).
        """
        encoder = get_encoder(backend)
        docs = list(docs)
        emb = _blanks_zeroed(docs, check_embeddings(encoder, docs, embeddings))
        lexical = LexicalModel()
        lex = lexical.fit_transform(docs) if docs else None
        if lex is None:
            lexical.fit_transform([Document(id="", title="empty index")])
            lex = lexical.transform([])
        store = VectorStore(lex, emb if encoder.uses_semantic else np.zeros((len(docs), 0), np.float32),
                            encoder.lexical_share(docs), lookups)
        return cls(encoder, lexical, store, [d.id for d in docs], tags, [same_text_key(d) for d in docs])

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row

    @property
    def ids(self) -> list[DocId]:
        """Ids of the live items, in insertion order."""
        return [i for i in self._ids if i in self._row]

    def _embed_one(self, doc: Document, embedding=None) -> np.ndarray:
        if not self.encoder.uses_semantic:
            return np.zeros(0, dtype=np.float32)
        if not has_words(doc):
            return np.zeros(self.encoder.dim, dtype=np.float32)
        if embedding is not None and np.asarray(embedding).size:
            return check_embeddings(self.encoder, [doc], np.asarray(embedding, dtype=np.float32).reshape(1, -1))[0]
        return self.encoder.embed([doc])[0]

    def add(self, doc: Document, embedding=None, tag: Hashable | None = None) -> None:
        """Add (or replace) one document without rebuilding the index."""
        vector = self._embed_one(doc, embedding)  # a bad embedding raises before the old item goes
        if doc.id in self._row:
            self.remove(doc.id)
        row = self.store.append(self.lexical.transform([doc]), vector)
        self._ids.append(doc.id)
        self._row[doc.id] = row
        self._alive, self._tags = with_room(self._alive, row, True), with_room(self._tags, row, -1)
        self._text_of = with_room(self._text_of, row, -1)
        self._alive[row] = True
        self._tags[row] = self._code_of(tag)
        self._text_of[row] = self._code_of_text(same_text_key(doc))

    def remove(self, doc_id: DocId) -> None:
        """Remove a document; unknown ids raise KeyError."""
        row = self._row.pop(doc_id)
        self._alive[row] = False

    def _top(self, lex, vec: np.ndarray, k: int, skip: Iterable[DocId],
             skip_tags: Iterable[Hashable] = ()) -> list[Match]:
        n = len(self.store)
        if k <= 0 or n == 0:
            return []
        allowed = self._alive[:n].copy()
        codes = [self._tag_code[t] for t in skip_tags if t in self._tag_code]
        if codes:
            allowed &= ~np.isin(self._tags[:n], codes)
        for doc_id in skip:
            row = self._row.get(doc_id)
            if row is not None:
                allowed[row] = False
        rows, scores = self.store.best_rows(lex, vec, allowed)
        top = _best_first(scores, max(k, BACKGROUND_RANK))  # the background is the query's 20th score
        background = query_background(self._distinct_best(rows, scores, top))
        best = np.minimum(scores[top[:k]], 1.0)
        closeness = np.clip(scaled(best, background, background), 0.0, 1.0)
        return [Match(self._ids[r], float(s), float(c)) for r, s, c in zip(rows[top], best, closeness) if s >= 0]

    def text_code(self, doc_id: DocId) -> int | None:
        """The code the item's text shares with its copies (documents.same_text_key); None if unknown."""
        row = self._row.get(doc_id)
        return None if row is None else int(self._text_of[row])

    def first_with_same_text(self) -> np.ndarray:
        """Each stored row's first row with the same text (documents.same_text_key)."""
        _, first, inverse = np.unique(self._text_of[: len(self.store)], return_index=True, return_inverse=True)
        return first[inverse]

    def _distinct_best(self, rows: np.ndarray, scores: np.ndarray, top: np.ndarray) -> np.ndarray:
        """The best scores, best first, counting each text once: a request posted 20 times would
        otherwise make its own copies the background of every query that finds it."""
        while True:
            _, first = np.unique(self._text_of[rows[top]], return_index=True)
            if len(first) >= BACKGROUND_RANK or len(top) == len(scores):
                return scores[top[np.sort(first)]]
            top = _best_first(scores, 4 * len(top))

    def similar(self, query: Query, k: int = 10, exclude: Iterable[DocId] = (), embedding=None,
                exclude_tags: Iterable[Hashable] = ()) -> list[Match]:
        """Return the k items most similar to a text or Document, best first.

        exclude: ids to leave out; exclude_tags: tags whose items to leave out; embedding: the
        query's vector, if already encoded.
        """
        doc = _as_document(query)
        lex, vec = self.lexical.transform([doc]), self._embed_one(doc, embedding)
        if not lex.nnz and not vec.any():  # nothing to match ("", "???", a bare timestamp) scores 0 everywhere
            return []
        return self._top(lex, vec, k, exclude, exclude_tags)

    def neighbours_of(self, doc_id: DocId, k: int = 10) -> list[Match]:
        """Return the k items most similar to a stored item, never the item itself."""
        row = np.array([self._row[doc_id]])
        return self._top(self.store.lexical_rows(row), self.store.dense_rows(row)[0], k, [doc_id])
