"""Sparse nearest-neighbour graph over a whole corpus, in blocks (never n x n)."""
from __future__ import annotations

import numpy as np
from sklearn.decomposition import TruncatedSVD

from .encoders import Progress
from .store import VectorStore

EXACT_LIMIT = 25_000
BLOCK = 256
CANDIDATE_DIMS = 128
SAMPLE_STRIDE = 10


def _top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, scores.shape[1])
    idx = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    val = np.take_along_axis(scores, idx, axis=1)
    order = np.argsort(-val, axis=1, kind="stable")
    return np.take_along_axis(idx, order, axis=1), np.take_along_axis(val, order, axis=1)


def _top_columns(sims: np.ndarray, m: int) -> np.ndarray:
    """Return the m best columns of each row (any order) without partitioning whole rows.

    The m-th best score of a strided column sample is a lower bound on each row's m-th best score,
    so the exact top m lie among the few columns at or above it (about m x SAMPLE_STRIDE per row).
    """
    if sims.shape[1] < SAMPLE_STRIDE * m * 4:
        return np.argpartition(-sims, m - 1, axis=1)[:, :m]
    floor = np.partition(sims[:, ::SAMPLE_STRIDE], -m, axis=1)[:, -m]
    flat = np.flatnonzero(sims >= floor[:, None])  # row-major: already grouped by row
    r, c = np.divmod(flat, sims.shape[1])
    order = np.argsort(r * 4.0 + (1.0 - sims.ravel()[flat]), kind="stable")  # cosines lie in [-1, 1]
    r, c = r[order], c[order]
    rank = np.arange(len(r)) - np.searchsorted(r, np.arange(len(sims)))[r]
    return c[rank < m].reshape(len(sims), m)


def _candidate_vectors(store: VectorStore, n: int) -> np.ndarray:
    """Dense vectors for candidate search: the semantic ones, or an LSA sketch of the lexical ones."""
    rng = np.random.default_rng(0)
    sample = rng.choice(n, size=min(n, 20_000), replace=False)
    if store.dim and store.w < 1:
        dense = store.dense_rows(np.arange(n))
        if dense.shape[1] <= CANDIDATE_DIMS:
            return dense
        # a 128-d projection keeps near neighbours near and makes the n x n scan 3x cheaper
        _, _, vt = np.linalg.svd(dense[sample], full_matrices=False)
        vec = dense @ vt[:CANDIDATE_DIMS].T
    else:
        lex = store.lexical_rows(np.arange(n))
        svd = TruncatedSVD(n_components=CANDIDATE_DIMS, n_iter=3, random_state=0)
        svd.fit(lex[sample])
        vec = svd.transform(lex).astype(np.float32)
    return vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)


def knn_graph(store: VectorStore, k: int = 10, progress: Progress = None,
              exact_limit: int = EXACT_LIMIT) -> tuple[np.ndarray, np.ndarray]:
    """Return (neighbour rows, scores), each (n, k), best first, self excluded."""
    n = len(store)
    if n < 2:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
    k = min(k, n - 1)
    nbr = np.zeros((n, k), dtype=np.int64)
    val = np.zeros((n, k), dtype=np.float32)
    approx = n > exact_limit
    cand_vec = _candidate_vectors(store, n) if approx else None
    n_cand = min(n - 1, 3 * k + 10)
    for start in range(0, n, BLOCK):
        rows = np.arange(start, min(start + BLOCK, n))
        if approx:
            sims = cand_vec[rows] @ cand_vec.T
            sims[np.arange(len(rows)), rows] = -np.inf
            cand = _top_columns(sims, n_cand)
            del sims
            exact = store.pair_scores(np.repeat(rows, n_cand), cand.ravel()).reshape(len(rows), n_cand)
            pos, v = _top_k(exact, k)
            nbr[rows], val[rows] = np.take_along_axis(cand, pos, axis=1), v
        else:
            sims = store.score(store.lexical_rows(rows), store.dense_rows(rows))
            sims[np.arange(len(rows)), rows] = -np.inf
            nbr[rows], val[rows] = _top_k(sims, k)
        if progress:
            progress(rows[-1] + 1, n)
    return nbr, val
