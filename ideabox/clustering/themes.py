"""Themes: duplicate groups over a whole corpus, labelled and ordered by centrality."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .cluster import BACKGROUND_RANK, REACH, average_linkage, local_background
from .documents import DocId, Document
from .encoders import DEFAULT_BACKEND, Encoder, Progress
from .graph import knn_graph
from .index import SimilarityIndex
from .labels import keywords_for, short_label

PAIR_LIMIT = 60


@dataclass(frozen=True)
class Theme:
    """A group of similar ideas; a singleton is a theme of one."""

    member_ids: tuple
    label: str
    keywords: tuple
    cohesion: float
    pair_scores: dict = field(default_factory=dict, compare=False, repr=False)

    def pair_score(self, a: DocId, b: DocId) -> float | None:
        """Return the stored similarity of two members, if computed."""
        return self.pair_scores.get((a, b), self.pair_scores.get((b, a)))


@dataclass(frozen=True)
class ThemeResult:
    """All themes of a corpus, largest first, and the reach used (see cluster.REACH)."""

    themes: list
    threshold: float
    _theme_of: dict = field(default_factory=dict, repr=False)

    def theme_of(self, doc_id: DocId) -> int:
        """Return the index in .themes of the theme holding doc_id."""
        return self._theme_of[doc_id]

    @property
    def groups(self) -> list:
        """Themes with two or more members (what a triage inbox shows)."""
        return [t for t in self.themes if len(t.member_ids) > 1]


def _keywords(lex, rows: list[int], terms) -> tuple:
    """Top word terms of a theme, read straight from the CSR arrays (no per-theme sparse slicing)."""
    if lex is None:
        return ()
    if len(rows) == 1:  # a singleton's own top terms: cheap enough for 100,000 of them
        lo, hi = lex.indptr[rows[0]], lex.indptr[rows[0] + 1]
        idx, data = lex.indices[lo:hi], lex.data[lo:hi]
        keep = idx < len(terms)
        idx, data = idx[keep], data[keep]
        return tuple(str(terms[j]) for j in idx[np.argsort(-data)[:5]])
    spans = [np.arange(lex.indptr[r], lex.indptr[r + 1]) for r in rows]
    pos = np.concatenate(spans)
    cols, data = lex.indices[pos], lex.data[pos]
    keep = cols < len(terms)
    cols, inverse = np.unique(cols[keep], return_inverse=True)
    return keywords_for(np.bincount(inverse, weights=data[keep]), terms[cols])


def _describe(index: SimilarityIndex, docs: Sequence[Document], rows: list[int], lex, terms) -> Theme:
    store = index.store
    if len(rows) == 1:
        doc = docs[rows[0]]
        return Theme((doc.id,), short_label(doc.title or doc.body), _keywords(lex, rows, terms), 1.0)
    ia, ib = np.triu_indices(len(rows), 1)
    if len(ia) > 20_000:  # centrality against a sample keeps huge themes cheap
        pick = np.random.default_rng(0).choice(len(ia), 20_000, replace=False)
        ia, ib = ia[pick], ib[pick]
    r = np.asarray(rows)
    s = store.pair_scores(r[ia], r[ib])
    total = np.zeros(len(rows))
    count = np.zeros(len(rows))
    np.add.at(total, ia, s)
    np.add.at(total, ib, s)
    np.add.at(count, ia, 1)
    np.add.at(count, ib, 1)
    centrality = total / np.maximum(count, 1)
    order = np.argsort(-centrality, kind="stable")
    ids = tuple(docs[rows[i]].id for i in order)
    pairs = {}
    if len(rows) <= PAIR_LIMIT:
        pairs = {(docs[rows[a]].id, docs[rows[b]].id): round(float(v), 4) for a, b, v in zip(ia, ib, s)}
    central = docs[rows[order[0]]]
    return Theme(ids, short_label(central.title or central.body), _keywords(lex, rows, terms),
                 round(float(s.mean()), 4), pairs)


def find_themes(docs: Sequence[Document], embeddings=None, backend: str | Encoder = DEFAULT_BACKEND,
                progress: Progress = None, threshold: float | None = None, k: int = BACKGROUND_RANK) -> ThemeResult:
    """Group a corpus into themes from a sparse k-nearest-neighbour graph.

    threshold overrides the reach: how far from each pair's background towards identity their
    similarity must lie (0 = background, 1 = identical).
    """
    docs = list(docs)
    index = SimilarityIndex.build(docs, embeddings, backend)
    nbr, val = knn_graph(index.store, k=k, progress=progress)
    t = REACH if threshold is None else float(threshold)
    roots = average_linkage(index.store, nbr, val, local_background(val), t)
    by_root = defaultdict(list)
    for row, root in enumerate(roots):
        by_root[root].append(row)
    lex = index.store.lexical_matrix() if docs else None
    groups = sorted(by_root.values(), key=lambda rows: (-len(rows), rows[0]))
    terms = index.lexical.terms()
    themes = [_describe(index, docs, rows, lex, terms) for rows in groups]
    theme_of = {doc_id: i for i, theme in enumerate(themes) for doc_id in theme.member_ids}
    return ThemeResult(themes, t, theme_of)
