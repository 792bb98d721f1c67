"""Themes: duplicate groups over a whole corpus, labelled and ordered by centrality."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np

from .cluster import BACKGROUND_RANK, average_linkage, flood_capped, local_background, reach_for
from .documents import DocId, Document
from .encoders import DEFAULT_BACKEND, Encoder, Progress, typical_words
from .graph import knn_graph
from .index import SimilarityIndex
from .labels import distinct_terms, short_label

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
    """All themes of a corpus, largest first, and the reach used (see cluster.reach_for)."""

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


def _row_entries(lex, rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (position in rows, column, weight) of every stored entry of the given CSR rows."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = lex.indptr[rows]
    lengths = lex.indptr[rows + 1] - starts
    owner = np.repeat(np.arange(len(rows)), lengths)
    pos = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths - starts, lengths)
    return owner, lex.indices[pos], lex.data[pos]


def _ranked_terms(lex, groups: list[list[int]], terms, limit: int) -> list[tuple[list, np.ndarray]]:
    """Each group's word terms with their weight summed over its members, heaviest first (ties in
    column order), at most limit of them: for all groups at once."""
    owner, cols, data = _row_entries(lex, np.concatenate(groups))
    group = np.repeat(np.arange(len(groups)), [len(rows) for rows in groups])[owner]
    keep = cols < len(terms)
    group, cols, weight = group[keep], cols[keep], data[keep]
    if any(len(rows) > 1 for rows in groups):  # a single item's terms are distinct: nothing to sum
        keys, inverse = np.unique(group * len(terms) + cols, return_inverse=True)
        weight = np.bincount(inverse, weights=weight)
        group, cols = np.divmod(keys, len(terms))
    order = np.lexsort((-weight, group))
    group, cols, weight = group[order], cols[order], weight[order]
    first = np.searchsorted(group, np.arange(len(groups) + 1))
    tops = [slice(first[g], min(first[g + 1], first[g] + limit)) for g in range(len(groups))]
    return [(terms[cols[top]].tolist(), weight[top]) for top in tops]


def _group_keywords(lex, groups: list[list[int]], terms, n: int = 5) -> list[tuple]:
    """Each group's most weighty distinct word terms over its members."""
    if lex is None or not groups or not len(terms):
        return [() for _ in groups]
    return [distinct_terms(words, weights, n) for words, weights in _ranked_terms(lex, groups, terms, 4 * n)]


def _singleton_keywords(lex, rows: list[int], terms, n: int = 5) -> list[tuple]:
    """Each single item's own top word terms."""
    if lex is None or not rows or not len(terms):
        return [() for _ in rows]
    return [tuple(words) for words, _ in _ranked_terms(lex, [[row] for row in rows], terms, n)]


@lru_cache(maxsize=64)
def _member_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Member pairs whose scores give centrality (a sample keeps huge themes cheap); read-only, as
    most themes share a few sizes."""
    ia, ib = np.triu_indices(size, 1)
    if len(ia) > 20_000:
        pick = np.random.default_rng(0).choice(len(ia), 20_000, replace=False)
        ia, ib = ia[pick], ib[pick]
    ia.flags.writeable = ib.flags.writeable = False
    return ia, ib


def _describe(docs: Sequence[Document], rows: list[int], ia, ib, s, keywords: tuple) -> Theme:
    """A group's theme: members by centrality (mean similarity to the others), label, cohesion."""
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
    return Theme(ids, short_label(central.title or central.body), keywords, round(float(s.mean()), 4), pairs)


def _themes(index: SimilarityIndex, docs: Sequence[Document], groups: list[list[int]]) -> list[Theme]:
    """Describe every group, scoring all member pairs of all groups in one batch."""
    lex = index.store.lexical_matrix() if docs else None
    terms = index.lexical.terms()
    multi = [rows for rows in groups if len(rows) > 1]
    local = [_member_pairs(len(rows)) for rows in multi]
    a = [np.asarray(rows)[ia] for rows, (ia, _) in zip(multi, local)]
    b = [np.asarray(rows)[ib] for rows, (_, ib) in zip(multi, local)]
    scores = index.store.pair_scores(np.concatenate(a), np.concatenate(b)) if multi else np.zeros(0)
    split = np.split(scores, np.cumsum([len(x) for x in a])[:-1]) if multi else []
    themes = [_describe(docs, rows, ia, ib, s, keywords)
              for rows, (ia, ib), s, keywords in zip(multi, local, split, _group_keywords(lex, multi, terms))]
    singles = [rows[0] for rows in groups if len(rows) == 1]
    for row, keywords in zip(singles, _singleton_keywords(lex, singles, terms)):
        doc = docs[row]
        themes.append(Theme((doc.id,), short_label(doc.title or doc.body), keywords, 1.0))
    return themes


def find_themes(docs: Sequence[Document], embeddings=None, backend: str | Encoder = DEFAULT_BACKEND,
                progress: Progress = None, threshold: float | None = None, k: int = BACKGROUND_RANK) -> ThemeResult:
    """Group a corpus into themes from a sparse k-nearest-neighbour graph.

    threshold overrides the reach: how far from each pair's background towards identity their
    similarity must lie (0 = background, 1 = identical). By default it follows the corpus's typical
    text length and size (cluster.reach_for): 0.25 for one-line feedback, towards 0.45 for long
    reports, which lexical scores reach only in a large corpus.
    """
    docs = list(docs)
    index = SimilarityIndex.build(docs, embeddings, backend, lookups=False)
    same_as = index.first_with_same_text()
    distinct = np.flatnonzero(same_as == np.arange(len(docs)))
    # a text posted 20 times would fill each copy's neighbour list with copies, and cut it off from
    # the other wordings of the same request: the graph links one of each text, copies take its list
    nbr, val = knn_graph(index.store, k=k, progress=progress, rows=distinct)
    position = np.searchsorted(distinct, same_as)
    nbr, val = nbr[position], val[position]
    if threshold is None:
        t = reach_for(typical_words(docs), len(docs), index.encoder.lexical_degree(index.store.w))
    else:
        t = float(threshold)
    roots = average_linkage(index.store, nbr, val, flood_capped(local_background(val), t), t, same_as)
    by_root = defaultdict(list)
    for row, root in enumerate(roots):
        by_root[root].append(row)
    groups = sorted(by_root.values(), key=lambda rows: (-len(rows), rows[0]))
    themes = _themes(index, docs, groups)
    theme_of = {doc_id: i for i, theme in enumerate(themes) for doc_id in theme.member_ids}
    return ThemeResult(themes, t, theme_of)
