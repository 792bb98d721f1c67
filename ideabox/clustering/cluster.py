"""Average-linkage grouping on a sparse neighbour graph, against each item's own background."""
from __future__ import annotations

import numpy as np

from .store import VectorStore

MAX_LINK_PAIRS = 400
# an item's 20th neighbour is almost never its duplicate: its score says what "close but unrelated"
# means around that item (dense jargon-heavy regions score high, short paraphrases low)
BACKGROUND_RANK = 20
# two items are duplicates when their similarity lies this far from their background to identity
REACH = 0.4


def local_background(nbr_scores: np.ndarray, rank: int = BACKGROUND_RANK) -> np.ndarray:
    """Return each item's background similarity: its rank-th neighbour's score (clipped below 1)."""
    if nbr_scores.shape[1] == 0:
        return np.zeros(nbr_scores.shape[0], dtype=np.float32)
    column = min(rank, nbr_scores.shape[1]) - 1
    return np.clip(nbr_scores[:, column], 0.0, 0.999).astype(np.float32)


def scaled(scores: np.ndarray, bg_a: np.ndarray, bg_b: np.ndarray) -> np.ndarray:
    """Rescale similarities so 0 is the pair's shared background and 1 is identity."""
    background = np.sqrt(bg_a * bg_b)
    return (scores - background) / (1.0 - background)


class _Groups:
    """Union-find over rows that also keeps each group's members."""

    def __init__(self, n: int):
        self.parent = np.arange(n)
        self.members: dict[int, list[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def of(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def union(self, ra: int, rb: int) -> None:
        ga, gb = self.of(ra), self.of(rb)
        if len(ga) < len(gb):
            ra, rb, ga, gb = rb, ra, gb, ga
        self.parent[rb] = ra
        self.members[ra] = ga + gb
        self.members.pop(rb, None)

    def roots(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))])


def _cross_pairs(a: list[int], b: list[int], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Every pair between two groups, or a sample when both are large."""
    if len(a) * len(b) <= MAX_LINK_PAIRS:
        return np.repeat(a, len(b)), np.tile(b, len(a))
    return rng.choice(a, MAX_LINK_PAIRS), rng.choice(b, MAX_LINK_PAIRS)


def average_linkage(store: VectorStore, nbr: np.ndarray, val: np.ndarray, background: np.ndarray,
                    reach: float = REACH) -> np.ndarray:
    """Merge along graph edges, strongest first, while the groups' mean scaled similarity stays >= reach.

    Returns one root row per item; items sharing a root form a group.
    """
    n = nbr.shape[0]
    rows = np.repeat(np.arange(n), nbr.shape[1])
    cols = nbr.ravel()
    edge = scaled(val.ravel(), background[rows], background[cols])
    keep = edge >= reach
    rows, cols, edge = rows[keep], cols[keep], edge[keep]
    groups = _Groups(n)
    rng = np.random.default_rng(0)
    for e in np.argsort(-edge, kind="stable"):
        ra, rb = groups.find(rows[e]), groups.find(cols[e])
        if ra == rb:
            continue
        ga, gb = groups.of(ra), groups.of(rb)
        if len(ga) + len(gb) > 2:
            ia, ib = _cross_pairs(ga, gb, rng)
            if scaled(store.pair_scores(ia, ib), background[ia], background[ib]).mean() < reach:
                continue
        groups.union(ra, rb)
    return groups.roots()
