"""Average-linkage grouping on a sparse neighbour graph, with a corpus-adaptive threshold."""
from __future__ import annotations

import numpy as np

from .store import VectorStore

MAX_LINK_PAIRS = 400
REACH = 0.35  # dev-set best is 0.45; short consumer texts (hand-written samples) need lower: compromise
# the semantic-only rescue must be surer: its background comes from the hybrid's neighbours (biased low)
RESCUE_REACH = 0.6


def adaptive_threshold(nbr_scores: np.ndarray, reach: float = REACH) -> float:
    """Pick the grouping threshold from the corpus's own neighbour-score distribution.

    An item's k-th neighbour is almost never its duplicate, so the median k-th score says what
    "close but unrelated" scores in this corpus, backend and register (long reports score low
    with TF-IDF, short paraphrases high with a sentence model). Items are grouped when their
    similarity lies `reach` of the way from that background to identity.
    """
    if nbr_scores.size == 0:
        return 1.0
    background = float(np.median(nbr_scores[:, -1]))
    return background + reach * (1.0 - background)


def _mean_link(store: VectorStore, a: list[int], b: list[int], rng: np.random.Generator,
               w: float | None = None) -> float:
    """Mean similarity between two groups (sampled when both are large)."""
    if len(a) * len(b) <= MAX_LINK_PAIRS:
        ia = np.repeat(a, len(b))
        ib = np.tile(b, len(a))
    else:
        ia = rng.choice(a, MAX_LINK_PAIRS)
        ib = rng.choice(b, MAX_LINK_PAIRS)
    return float(store.pair_scores(ia, ib, w).mean())


def semantic_rescue(store: VectorStore, nbr: np.ndarray, reach: float = RESCUE_REACH):
    """For a hybrid, return (semantic scores of the graph's edges, their own adaptive threshold).

    Short paraphrases share few words, so their hybrid score stays low while the sentence model
    is sure; an edge whose semantic score alone clears the semantic background also counts.
    """
    if not (0 < store.w < 1 and store.dim) or nbr.size == 0:
        return None, None
    rows = np.repeat(np.arange(nbr.shape[0]), nbr.shape[1])
    sem = store.pair_scores(rows, nbr.ravel(), w=0.0).reshape(nbr.shape)
    return sem, adaptive_threshold(np.sort(sem, axis=1)[:, ::-1], reach)


def average_linkage(store: VectorStore, nbr: np.ndarray, val: np.ndarray, threshold: float,
                    sem: np.ndarray | None = None, sem_threshold: float | None = None) -> np.ndarray:
    """Merge along graph edges, strongest first, while the groups' mean similarity stays >= threshold."""
    n = nbr.shape[0]
    rows = np.repeat(np.arange(n), nbr.shape[1])
    cols, scores = nbr.ravel(), val.ravel()
    keep = scores >= threshold
    if sem is not None:
        keep |= sem.ravel() >= sem_threshold
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
        if len(ga) + len(gb) > 2 and _mean_link(store, ga, gb, rng) < threshold and (
                sem is None or _mean_link(store, ga, gb, rng, 0.0) < sem_threshold):
            continue
        if len(ga) < len(gb):
            ra, rb, ga, gb = rb, ra, gb, ga
        parent[rb] = ra
        members[ra] = ga + gb
        members.pop(rb, None)
    return np.array([find(i) for i in range(n)])
