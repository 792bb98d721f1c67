"""Sparse nearest-neighbour graph over a whole corpus, in blocks (never n x n)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from threading import Lock

import numpy as np
from sklearn.decomposition import TruncatedSVD
from threadpoolctl import threadpool_limits

from .cpu import worker_threads
from .encoders import Progress
from .sketch import principal_basis
from .store import VectorStore

EXACT_LIMIT = 25_000
BLOCK = 256
SCAN_BLOCK = 384  # rows per product in the candidate scan: larger blocks pay less per block, cost memory
CANDIDATE_DIMS = 128
GROUPS_PER_PICK = 32  # column groups per wanted column: the top picks rarely share a group
LOW = np.int32(0x7FFFFFFF)


def _top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, scores.shape[1])
    idx = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    val = np.take_along_axis(scores, idx, axis=1)
    order = np.argsort(-val, axis=1, kind="stable")
    return np.take_along_axis(idx, order, axis=1), np.take_along_axis(val, order, axis=1)


def _floor(sims: np.ndarray, m: int) -> np.ndarray:
    """Return a lower bound on each row's m-th best score, reading every score once.

    The maxima of m or more disjoint column groups are scores of distinct columns, so their m-th
    best cannot beat the row's m-th best; with many groups the best columns rarely share one.
    """
    b, w = sims.shape
    g = w // (GROUPS_PER_PICK * m)
    if g < 2:
        return np.partition(sims, w - m, axis=1)[:, w - m]
    groups = w // g
    maxima = sims[:, : g * groups].reshape(b, g, groups).max(axis=1)
    return np.partition(np.hstack([maxima, sims[:, g * groups:]]), -m, axis=1)[:, -m]


def _codes(vals: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Encode (score, column) so that integer order is score order, ties going to the lower column."""
    bits = (vals + np.float32(0)).astype(np.float32).view(np.int32)  # + 0 turns -0.0 into 0.0
    bits = np.where(bits < 0, bits ^ LOW, bits).astype(np.int64)
    return (bits << 32) | (0xFFFFFFFF - cols.astype(np.int64))


MISSING = int(_codes(np.array([-np.inf], dtype=np.float32), np.array([0xFFFFFFFF]))[0])  # below any real code


def _score_of(codes: np.ndarray) -> np.ndarray:
    bits = (codes >> 32).astype(np.int32)
    return np.where(bits < 0, bits ^ LOW, bits).view(np.float32)


def _column_of(codes: np.ndarray) -> np.ndarray:
    return 0xFFFFFFFF - (codes & 0xFFFFFFFF)


def _offers(sims: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (row, column, score) of every score that may be among its row's m best."""
    flat = np.flatnonzero(sims >= _floor(sims, m)[:, None])
    r, c = np.divmod(flat, sims.shape[1])
    return r, c, sims.ravel()[flat]


def _fold(best: np.ndarray, worst_at: np.ndarray, floor: np.ndarray, rows: np.ndarray, codes: np.ndarray) -> None:
    """Merge new codes into the rows' kept ones (each row keeps its m best), keeping each row's
    worst kept position and its score (the floor) up to date."""
    if len(rows) == 0:
        return
    order = np.argsort(rows, kind="stable")
    rows, codes = rows[order], codes[order]
    start = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    touched, count = rows[start], np.diff(start, append=len(rows))
    one = count == 1  # most rows: one new code can only take the place of the worst kept one
    r1, c1 = touched[one], codes[start[one]]
    up = c1 > best[r1, worst_at[r1]]
    changed = [r1[up]]
    best[r1[up], worst_at[r1[up]]] = c1[up]
    if not one.all():
        many, start, count = touched[~one], start[~one], count[~one]
        place = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        pad = np.full((len(many), count.max()), MISSING, dtype=np.int64)
        pad[np.repeat(np.arange(len(many)), count), place] = codes[np.repeat(start, count) + place]
        m = best.shape[1]
        best[many] = np.partition(np.hstack([best[many], pad]), -m, axis=1)[:, -m:]
        changed.append(many)
    changed = np.concatenate(changed)
    kept = best[changed]
    worst_at[changed] = at = kept.argmin(axis=1)
    floor[changed] = _score_of(kept[np.arange(len(changed)), at])


def _block(vec: np.ndarray, s: int) -> np.ndarray:
    """Scores of the rows [s, s + SCAN_BLOCK) against every row from s on, oneself at -inf."""
    sims = vec[s:s + SCAN_BLOCK] @ vec[s:].T
    sims[np.arange(len(sims)), np.arange(len(sims))] = -np.inf
    return sims


def _candidates(vec: np.ndarray, m: int, progress: Progress = None) -> np.ndarray:
    """Return each row's m best columns by vec @ vec.T, best first (ties: lower column), self excluded.

    Only the upper triangle is multiplied: the block of rows [s, e) meets the columns >= s, and its
    transpose offers every later row its scores against [s, e). Blocks run from the last to the
    first, so a later row's m-th best so far (a lower bound) already filters what the transpose offers.
    """
    n = len(vec)
    best = np.full((n, m), MISSING, dtype=np.int64)
    worst_at = np.zeros(n, dtype=np.int64)
    floor = np.full(n, -np.inf, dtype=np.float32)
    starts = list(range(0, n, SCAN_BLOCK))[::-1]
    folding = Lock()

    def scan(s: int) -> None:
        sims = _block(vec, s)
        e, w = s + len(sims), sims.shape[1]
        offers = []
        if w > 1:
            r, c, v = _offers(sims, min(m, w - 1))
            offers.append((r + s, _codes(v, c + s)))
        if e < n:  # a floor read while another block raises it is still a lower bound
            flat = np.flatnonzero(sims[:, e - s:] >= floor[None, e:])
            i, j = np.divmod(flat, n - e)
            offers.append((j + e, _codes(sims.ravel()[i * w + j + (e - s)], i + s)))
        del sims
        with folding:
            for rows, codes in offers:
                _fold(best, worst_at, floor, rows, codes)

    # every core multiplies and sifts its own block (one BLAS thread each: numpy releases the GIL);
    # only the folds take turns. On 2 cores at 100,000 items: 16.7-18.0 s, against 22.2-22.6 s for
    # one BLAS thread multiplying ahead while the main thread sifted
    pool = ThreadPoolExecutor(max_workers=worker_threads())
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            for done, block in enumerate(as_completed([pool.submit(scan, s) for s in starts]), start=1):
                block.result()
                if progress:  # on the caller's thread: a listener may use its thread's database session
                    progress(min(done * SCAN_BLOCK, n - 1), n)  # the exact scores still to come finish it
    finally:
        pool.shutdown(cancel_futures=True)  # after an error or an interrupt, queued blocks do not run
    return _column_of(np.sort(best, axis=1)[:, ::-1])


def _candidate_vectors(store: VectorStore, rows: np.ndarray) -> np.ndarray:
    """Dense vectors of rows for candidate search: the semantic ones, or an LSA sketch of the lexical ones."""
    n = len(rows)
    if store.dim and store.w < 1:
        dense = store.dense_matrix()
        if dense.shape[1] <= CANDIDATE_DIMS:
            return dense[rows]
        # a 128-d projection keeps near neighbours near and makes the n x n scan 3x cheaper
        vec = dense @ principal_basis(dense, CANDIDATE_DIMS)
        vec = vec if n == len(vec) else vec[rows]
    else:
        lex = store.lexical_rows(rows)
        sample = np.random.default_rng(0).choice(n, size=min(n, 20_000), replace=False)
        svd = TruncatedSVD(n_components=CANDIDATE_DIMS, n_iter=3, random_state=0)
        svd.fit(lex[sample])
        vec = svd.transform(lex).astype(np.float32)
    return vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)


def _candidate_scores(store: VectorStore, cand: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Return the exact scores of each row (rows[i], or i) against its candidates cand[i], scoring
    each unordered pair once.

    Near neighbours are often each other's candidates: at 100,000 items a fifth of the pairs come
    twice, and the exact lexical products are the costly part.
    """
    n, m = len(store), cand.shape[1]
    rows = np.arange(len(cand), dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
    rows = np.repeat(rows, m)
    cols = cand.ravel().astype(np.int64)
    key = np.minimum(rows, cols) * n + np.maximum(rows, cols)
    del rows, cols
    pairs, inverse = np.unique(key, return_inverse=True)
    del key
    return store.pair_scores(pairs // n, pairs % n)[inverse].reshape(cand.shape)


def knn_graph(store: VectorStore, k: int = 10, progress: Progress = None,
              exact_limit: int = EXACT_LIMIT, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return (neighbour rows, scores), each (len(rows), k), best first, self excluded.

    Only rows (sorted; default all) are linked: the others are neither queried nor anyone's neighbour.
    """
    rows = np.arange(len(store)) if rows is None else np.asarray(rows, dtype=np.int64)
    n = len(rows)
    if n < 2:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
    k = min(k, n - 1)
    if n > exact_limit:
        cand = rows[_candidates(_candidate_vectors(store, rows), min(n - 1, 3 * k + 10), progress)]
        pos, val = _top_k(_candidate_scores(store, cand, rows), k)
        if progress:
            progress(n, n)
        return np.take_along_axis(cand, pos, axis=1), val
    outside = np.ones(len(store), dtype=bool)
    outside[rows] = False
    outside = np.flatnonzero(outside)
    nbr = np.zeros((n, k), dtype=np.int64)
    val = np.zeros((n, k), dtype=np.float32)
    for start in range(0, n, BLOCK):
        block = np.arange(start, min(start + BLOCK, n))
        sims = store.score(store.lexical_rows(rows[block]), store.dense_rows(rows[block]))
        sims[np.arange(len(block)), rows[block]] = -np.inf
        if len(outside):
            sims[:, outside] = -np.inf
        nbr[block], val[block] = _top_k(sims, k)
        if progress:
            progress(block[-1] + 1, n)
    return nbr, val
