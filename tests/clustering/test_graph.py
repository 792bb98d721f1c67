import threading

import numpy as np
import pytest

from ideabox.clustering import graph


def test_offers_of_wide_rows_hold_every_rows_exact_top_m():
    rng = np.random.default_rng(3)
    sims = rng.standard_normal((64, 5000)).astype(np.float32)
    sims /= np.abs(sims).max()
    rows, cols, scores = graph._offers(sims, 40)  # wide rows: the floor comes from column-group maxima
    full = np.argpartition(-sims, 39, axis=1)[:, :40]
    offered = [set(cols[rows == i]) for i in range(64)]
    assert all(set(full[i]) <= offered[i] for i in range(64))
    assert np.array_equal(scores, sims[rows, cols])
    assert len(rows) < sims.size // 10  # only a few columns per row are offered


def test_upper_triangle_scan_finds_every_rows_exact_top_m():
    rng = np.random.default_rng(5)
    n, m = 5 * graph.SCAN_BLOCK + 57, 12  # several blocks (scanned concurrently), the last one short
    vec = rng.standard_normal((n, 16)).astype(np.float32)
    vec[:20] = vec[0]  # ties and exact copies
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    sims = vec @ vec.T
    np.fill_diagonal(sims, -np.inf)
    cand = graph._candidates(vec, m)
    assert cand.shape == (n, m) and not (cand == np.arange(n)[:, None]).any()
    kth = -np.sort(-sims, axis=1)[:, m - 1]
    got = np.take_along_axis(sims, cand, axis=1)
    assert np.all(got.min(axis=1) >= kth - 1e-6)  # nothing better was left out
    assert all(len(set(row)) == m for row in cand)
    assert np.all(np.diff(got, axis=1) <= 1e-6)  # best first


def test_scan_reports_progress_on_the_callers_thread():
    rng = np.random.default_rng(7)
    n = 3 * graph.SCAN_BLOCK + 5
    vec = rng.standard_normal((n, 8)).astype(np.float32)
    calls = []
    graph._candidates(vec, 5, progress=lambda done, total: calls.append((threading.get_ident(), done, total)))
    assert {thread for thread, _, _ in calls} == {threading.get_ident()}  # a listener may hold a db session
    assert [done for _, done, _ in calls] == [graph.SCAN_BLOCK * i for i in (1, 2, 3)] + [n - 1]
    assert {total for _, _, total in calls} == {n}


def test_candidate_scores_are_each_rows_pair_scores():
    from ideabox.clustering import SimilarityIndex

    from .consumer_sample import consumer_sample

    docs = consumer_sample()[0][:90]
    store = SimilarityIndex.build(docs, backend="hybrid").store
    rng = np.random.default_rng(11)
    n, m = len(docs), 8
    cand = np.array([rng.choice(np.delete(np.arange(n), i), m, replace=False) for i in range(n)])
    cand[np.arange(0, n, 2), 0] = np.arange(1, n, 2)  # pairs that are candidates both ways, scored once
    cand[np.arange(1, n, 2), 0] = np.arange(0, n, 2)
    want = store.pair_scores(np.repeat(np.arange(n), m), cand.ravel()).reshape(n, m)
    assert np.array_equal(graph._candidate_scores(store, cand), want)
    assert graph._candidate_scores(store, cand[:, :0]).shape == (n, 0)


@pytest.mark.parametrize("exact_limit", [25_000, 10])
def test_only_the_given_rows_are_linked(exact_limit):
    from ideabox.clustering import SimilarityIndex

    from .consumer_sample import consumer_sample

    docs = consumer_sample()[0][:60]
    store = SimilarityIndex.build(docs, backend="hybrid").store
    rows = np.arange(0, 60, 3)
    nbr, val = graph.knn_graph(store, k=5, rows=rows, exact_limit=exact_limit)
    assert nbr.shape == (20, 5) and np.isin(nbr, rows).all() and (nbr != rows[:, None]).all()
    assert np.allclose(val, store.pair_scores(np.repeat(rows, 5), nbr.ravel()).reshape(20, 5), atol=1e-6)
    assert (np.diff(val, axis=1) <= 1e-6).all()
