"""Average-linkage grouping on a sparse neighbour graph, with a corpus-adaptive threshold."""
from __future__ import annotations

import numpy as np

from .store import VectorStore

MAX_LINK_PAIRS = 400


def adaptive_threshold(nbr_scores: np.ndarray) -> float:
    """Pick the grouping threshold from the corpus's own nearest-neighbour score distribution."""
    if nbr_scores.size == 0:
        return 1.0
    first = nbr_scores[:, 0]
    background = nbr_scores[:, -1] if nbr_scores.shape[1] > 1 else first
    # an item's k-th neighbour is almost never a duplicate: its spread says what "unrelated but close" means
    base = float(np.median(background))
    spread = float(np.percentile(first, 90) - base)
    return min(0.95, base + 0.5 * max(spread, 0.02))


def _mean_link(store: VectorStore, a: list[int], b: list[int], rng: np.random.Generator) -> float:
    """Mean similarity between two groups (sampled when both are large)."""
    if len(a) * len(b) <= MAX_LINK_PAIRS:
        ia = np.repeat(a, len(b))
        ib = np.tile(b, len(a))
    else:
        ia = rng.choice(a, MAX_LINK_PAIRS)
        ib = rng.choice(b, MAX_LINK_PAIRS)
    return float(store.pair_scores(ia, ib).mean())


def average_linkage(store: VectorStore, nbr: np.ndarray, val: np.ndarray, threshold: float) -> np.ndarray:
    """Merge along graph edges, strongest first, while the groups' mean similarity stays >= threshold."""
    n = nbr.shape[0]
    rows = np.repeat(np.arange(n), nbr.shape[1])
    cols, scores = nbr.ravel(), val.ravel()
    keep = scores >= threshold
    rows, cols, scores = rows[keep], cols[keep], scores[keep]
    order = np.argsort(-scores, kind="stable")
    parent = np.arange(n)
    members: dict[int, list[int]] = {}
    rng = np.random.default_rng(0)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in order:
        ra, rb = find(rows[e]), find(cols[e])
        if ra == rb:
            continue
        ga, gb = members.get(ra, [ra]), members.get(rb, [rb])
        if len(ga) + len(gb) > 2 and _mean_link(store, ga, gb, rng) < threshold:
            continue
        if len(ga) < len(gb):
            ra, rb, ga, gb = rb, ra, gb, ga
        parent[rb] = ra
        members[ra] = ga + gb
        members.pop(rb, None)
    return np.array([find(i) for i in range(n)])
