"""Average-linkage grouping on a sparse neighbour graph, against each item's own background."""
from __future__ import annotations

import math

import numpy as np

from .encoders import long_text_degree
from .store import VectorStore, shared_columns

# an item's 20th neighbour is almost never its duplicate: its score says what "close but unrelated"
# means around that item (dense jargon-heavy regions score high, short paraphrases low)
BACKGROUND_RANK = 20
# two items are duplicates when their similarity lies this far from their background to identity:
# a fourth of the way for one-line feedback, where paraphrases share few words and the sentence model
# scores them modestly, nearly half for long reports, where related but different reports share much
REACH_SHORT = 0.25
REACH_LONG = 0.45
# what an unrelated idea scores where too few items exist to measure it: about the median background
# of short feedback (0.24 on the consumer test sample, 0.26 on the demo ideas)
SPARSE_BACKGROUND = 0.25
# long reports that share many terms without being duplicates (one component's bugs, one feature's
# requests) crowd only a large corpus: among a few hundred, a shared run of rare terms mostly means a
# duplicate. Lexical scores want the long reach from about LARGE_CORPUS items and the short one up to
# SMALL_CORPUS; the sentence model's want the long reach at any size (bench/README.md)
SMALL_CORPUS = 300
LARGE_CORPUS = 10_000


def corpus_size_degree(items: int) -> float:
    """Return where a corpus of this many items lies from small (0) to large (1), on a log scale."""
    ratio = math.log(max(items, 1) / SMALL_CORPUS) / math.log(LARGE_CORPUS / SMALL_CORPUS)
    return min(1.0, max(0.0, ratio))


def reach_for(words: float, items: int, lexical_degree: float) -> float:
    """Return the reach for a corpus of items whose texts have this many words (typical_words).

    It rises with text length on the curve the hybrid's lexical share follows; lexical_degree (0 for
    sentence-model scores, 1 for lexical ones, see Encoder.lexical_degree) says how much of that rise
    waits for the corpus to be large.
    """
    waits = lexical_degree * (1.0 - corpus_size_degree(items))
    return REACH_SHORT + (REACH_LONG - REACH_SHORT) * long_text_degree(words) * (1.0 - waits)


def local_background(nbr_scores: np.ndarray, rank: int = BACKGROUND_RANK) -> np.ndarray:
    """Return each item's background similarity: its rank-th neighbour's score (clipped below 1).

    With fewer neighbours than rank (a corpus of rank items or fewer) nothing measures what
    unrelated ideas score: an item's least similar one may well be its duplicate (a board of two
    ideas asking for dark mode). The background is then SPARSE_BACKGROUND.
    """
    if nbr_scores.shape[1] < rank:
        return np.full(nbr_scores.shape[0], SPARSE_BACKGROUND, dtype=np.float32)
    return np.clip(nbr_scores[:, rank - 1], 0.0, 0.999).astype(np.float32)


def flood_capped(background: np.ndarray, reach: float) -> np.ndarray:
    """Cap each background at the bar a pair must clear where the background is the corpus's median.

    An item's 20th neighbour stops being "almost never its duplicate" once a popular request is posted
    20 times or more: its background climbs to the score of its own duplicates and the flood splits
    into small groups. A background above that bar says the neighbours are duplicates, not what
    unrelated ideas score (bench/README.md: no dev report or test sample has one).
    """
    typical = float(np.median(background)) if len(background) else 0.0
    return np.minimum(background, np.float32(typical + reach * (1.0 - typical)))


def query_background(best_scores: np.ndarray, rank: int = BACKGROUND_RANK) -> float:
    """Return one query's background from its scores, best first (-1 marks rows it may not see),
    by the items' rule (local_background)."""
    return float(local_background(best_scores[best_scores >= 0].reshape(1, -1), rank)[0])


def scaled(scores: np.ndarray, bg_a: np.ndarray, bg_b: np.ndarray) -> np.ndarray:
    """Rescale similarities so 0 is the pair's shared background and 1 is identity."""
    background = np.sqrt(bg_a * bg_b)
    return (scores - background) / (1.0 - background)


def _sparse_dot(cols_a, vals_a, cols_b, vals_b) -> float:
    """Return the dot product of two sparse vectors given as sorted unique columns and values."""
    in_a, in_b = shared_columns(cols_a, cols_b)
    return float(vals_a[in_a] @ vals_b[in_b])


def _sparse_sum(cols_a, vals_a, cols_b, vals_b) -> tuple[np.ndarray, np.ndarray]:
    """Return the sum of two sparse vectors (sorted unique columns): a merge of two sorted runs."""
    cols = np.concatenate([cols_a, cols_b])
    order = np.argsort(cols, kind="stable")
    cols, vals = cols[order], np.concatenate([vals_a, vals_b])[order]
    if len(cols) == 0:  # two items with no lexical terms (texts of punctuation only)
        return cols, vals
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    return cols[starts], np.add.reduceat(vals, starts)


class _PendingSum:
    """Two groups' sums, added only when the merged group is next compared: most pairs never are
    (linkage at 100,000 items took 4.3-5.4 s adding every pair's sums, 3.5-4.2 s without)."""

    def __init__(self, a: tuple, b: tuple):
        self.parts = (a, b)

    def resolve(self) -> tuple:
        (cols_a, vals_a, dense_a, bg_a), (cols_b, vals_b, dense_b, bg_b) = self.parts
        cols, vals = _sparse_sum(cols_a, vals_a, cols_b, vals_b)
        dense = dense_a + dense_b if dense_a is not None else None
        return cols, vals, dense, bg_a + bg_b


class _GroupSums:
    """Per group: its members and the sums that give exact mean similarities between two groups.

    The mean of w * lexical + (1 - w) * semantic dot products over every cross pair equals the same
    mix of dot products of the groups' summed vectors, and the pairs' backgrounds sqrt(bg_a * bg_b)
    average to the product of the groups' mean sqrt(bg): no pair is scored one by one. (Semantic
    scores are clipped at 0 pair by pair elsewhere; cosines of near neighbours are positive anyway.)
    """

    def __init__(self, store: VectorStore, background: np.ndarray):
        lex = store.lexical_matrix()
        self.indptr, self.indices, self.data = lex.indptr, lex.indices, lex.data
        self.dense = store.dense_matrix() if store.dim and store.w < 1 else None
        self.w = store.w
        self.root_bg = np.sqrt(background)
        self.parent = np.arange(len(store))
        self.members: dict[int, list[int]] = {}
        self.sums: dict[int, tuple] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def size(self, root: int) -> int:
        return len(self.members.get(root, (root,)))

    def _sums(self, root: int) -> tuple:
        sums = self.sums.get(root)
        if sums is None:
            lo, hi = self.indptr[root], self.indptr[root + 1]
            dense = self.dense[root] if self.dense is not None else None
            return self.indices[lo:hi], self.data[lo:hi], dense, self.root_bg[root]
        if isinstance(sums, _PendingSum):
            sums = self.sums[root] = sums.resolve()
        return sums

    def mean_link(self, ra: int, rb: int, reach: float) -> float:
        """Return the groups' mean similarity minus their mean threshold (>= 0: close enough)."""
        cols_a, vals_a, dense_a, bg_a = self._sums(ra)
        cols_b, vals_b, dense_b, bg_b = self._sums(rb)
        pairs = self.size(ra) * self.size(rb)
        score = self.w * _sparse_dot(cols_a, vals_a, cols_b, vals_b)
        if dense_a is not None:
            score += (1.0 - self.w) * float(dense_a @ dense_b)
        background = bg_a * bg_b / pairs
        return score / pairs - (background + reach * (1.0 - background))

    def union(self, ra: int, rb: int) -> None:
        pending = _PendingSum(self._sums(ra), self._sums(rb))
        if self.size(ra) < self.size(rb):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] = self.members.pop(ra, [ra]) + self.members.pop(rb, [rb])
        self.sums.pop(rb, None)
        self.sums[ra] = pending

    def roots(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))])


def average_linkage(store: VectorStore, nbr: np.ndarray, val: np.ndarray, background: np.ndarray,
                    reach: float, same_as: np.ndarray | None = None) -> np.ndarray:
    """Merge along graph edges, strongest first, while two groups' mean similarity reaches their mean threshold.

    A pair's threshold lies `reach` of the way from its background to identity. same_as gives each
    item's row of the first item with its text: such copies start as one group. Returns one root
    row per item; items sharing a root form a group.
    """
    n = nbr.shape[0]
    rows = np.repeat(np.arange(n), nbr.shape[1])
    cols = nbr.ravel()
    edge = scaled(val.ravel(), background[rows], background[cols])
    keep = edge >= reach
    rows, cols, edge = rows[keep], cols[keep], edge[keep]
    groups = _GroupSums(store, background)
    if same_as is not None:
        for row in np.flatnonzero(same_as != np.arange(n)):
            groups.union(groups.find(int(same_as[row])), groups.find(int(row)))
    for e in np.argsort(-edge, kind="stable"):
        ra, rb = groups.find(rows[e]), groups.find(cols[e])
        if ra == rb:
            continue
        if groups.size(ra) + groups.size(rb) > 2 and groups.mean_link(ra, rb, reach) < 0:
            continue
        groups.union(ra, rb)
    return groups.roots()
