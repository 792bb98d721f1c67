"""Grouping against each item's own background, and the hybrid's length-adaptive lexical share."""
import numpy as np
import pytest

from ideabox.clustering import Document, SimilarityIndex, find_themes, get_encoder
from ideabox.clustering.cluster import (LARGE_CORPUS, REACH_LONG, REACH_SHORT, SMALL_CORPUS, SPARSE_BACKGROUND,
                                        _GroupSums, _sparse_dot, _sparse_sum, average_linkage, corpus_size_degree,
                                        flood_capped, local_background, query_background, reach_for, scaled)
from ideabox.clustering.encoders import hybrid_share, long_text_degree, typical_words


def test_background_is_the_rank_th_neighbour_score():
    scores = np.array([[0.9, 0.5, 0.2], [0.8, 0.7, 0.6]], dtype=np.float32)
    assert local_background(scores, rank=2).tolist() == [0.5, np.float32(0.7)]
    # a graph narrower than the rank (a tiny corpus): nothing measures what unrelated ideas score
    assert local_background(scores, rank=20).tolist() == [np.float32(SPARSE_BACKGROUND)] * 2
    assert query_background(np.array([0.9, 0.5, -1.0], dtype=np.float32), rank=2) == np.float32(0.5)
    assert query_background(np.array([0.9, -1.0, -1.0], dtype=np.float32), rank=2) == np.float32(SPARSE_BACKGROUND)


def test_two_duplicates_alone_form_a_theme():
    # in a corpus of two, each idea's least similar idea is its duplicate: it cannot be the background
    docs = [Document(1, "Dark mode for the app"), Document(2, "Add a dark theme to the app")]
    assert [t.member_ids for t in find_themes(docs).groups] == [(1, 2)]
    assert [t.member_ids for t in find_themes(docs + [Document(3, "Export reports as CSV")]).groups] == [(1, 2)]


def test_the_reach_follows_the_corpus_register():
    # sentence-model scores (lexical degree 0): the reach follows text length alone, at any size
    one_liner, report = reach_for(6, 12_000, 0.0), reach_for(60, 12_000, 0.0)
    assert REACH_SHORT < one_liner < 0.3 < 0.42 < report < REACH_LONG
    assert reach_for(0, 12_000, 0.0) == REACH_SHORT
    assert reach_for(15, 12_000, 0.0) < reach_for(30, 12_000, 0.0)
    assert reach_for(60, 50, 0.0) == reach_for(60, 100_000, 0.0) == report


def test_lexical_scores_reach_the_long_text_bar_only_in_a_large_corpus():
    # a few hundred long reports: shared rare terms mostly mean duplicates
    assert corpus_size_degree(SMALL_CORPUS) == corpus_size_degree(40) == 0.0
    assert corpus_size_degree(LARGE_CORPUS) == corpus_size_degree(100_000) == 1.0
    assert 0.0 < corpus_size_degree(1_000) < corpus_size_degree(3_000) < 1.0
    assert reach_for(60, 300, 1.0) == REACH_SHORT
    assert reach_for(60, 300, 1.0) < reach_for(60, 3_000, 1.0) < reach_for(60, 10_000, 1.0) == reach_for(60, 10_000, 0.0)
    # a hybrid lies between: its lexical share is part of the score
    assert reach_for(60, 300, 1.0) < reach_for(60, 300, 0.5) < reach_for(60, 300, 0.0)


def test_the_theme_reach_uses_the_corpus_size_and_the_backend():
    body = ("Steps: open the dashboard, pick last month in the date filter, export the report to a spreadsheet "
            "and compare it with the figures on the screen; the totals differ by the refunds of the month and "
            "the team cannot trust either number when the board meets on Monday.")
    docs = [Document(i, f"Report totals differ, case {i}", body) for i in range(30)]
    words = typical_words(docs)
    assert find_themes(docs, backend="tfidf").threshold == REACH_SHORT
    semantic = find_themes(docs, backend="semantic").threshold
    assert semantic == reach_for(words, len(docs), 0.0) > REACH_SHORT + 0.1
    assert REACH_SHORT < find_themes(docs, backend="hybrid").threshold < semantic


def test_the_lexical_degree_of_each_backend():
    assert get_encoder("tfidf").lexical_degree(1.0) == 1.0
    assert get_encoder("semantic").lexical_degree(0.0) == 0.0
    hybrid = get_encoder("hybrid")
    long_share = hybrid_share(60, hybrid.lexical_weight)
    assert hybrid.lexical_degree(long_share) == pytest.approx(long_text_degree(60))


def test_scaled_is_zero_at_the_background_and_one_at_identity():
    bg = np.array([0.36, 0.36])
    assert np.allclose(scaled(np.array([0.36, 1.0]), bg, bg), [0.0, 1.0])
    # the same raw score means less in a crowded region (high background) than in a sparse one
    assert scaled(np.array([0.7]), np.array([0.6]), np.array([0.6]))[0] < scaled(
        np.array([0.7]), np.array([0.2]), np.array([0.2]))[0]


def _store(docs, backend="tfidf"):
    return SimilarityIndex.build(docs, backend=backend).store


def test_linkage_groups_close_pairs_and_refuses_a_weak_chain():
    docs = [Document(0, "Export invoices to PDF"), Document(1, "Export invoices as PDF files"),
            Document(2, "PDF export of invoices"), Document(3, "Dark mode for the app"),
            Document(4, "A dark theme for the app"), Document(5, "Slack alerts")]
    store = _store(docs)
    n = len(docs)
    nbr = np.array([[j for j in range(n) if j != i] for i in range(n)])
    val = store.pair_scores(np.repeat(np.arange(n), n - 1), nbr.ravel()).reshape(n, n - 1)
    roots = average_linkage(store, nbr, val, np.zeros(n, dtype=np.float32), reach=0.3)
    assert roots[0] == roots[1] == roots[2]
    assert roots[3] == roots[4] != roots[0]
    assert len({roots[5], roots[0], roots[3]}) == 3
    # an impossible reach leaves everything apart
    assert len(set(average_linkage(store, nbr, val, np.zeros(n, dtype=np.float32), reach=1.01))) == n


@pytest.mark.parametrize("backend", ["tfidf", "hybrid"])
def test_merged_groups_link_by_the_exact_mean_over_their_cross_pairs(backend):
    docs = [Document(0, "Export invoices to PDF"), Document(1, "Export invoices as PDF files"),
            Document(2, "PDF export of invoices"), Document(3, "Download invoices as a PDF"),
            Document(4, "Invoice export to spreadsheet")]
    store = _store(docs, backend)
    background = np.array([0.1, 0.2, 0.15, 0.3, 0.05], dtype=np.float32)
    groups = _GroupSums(store, background)
    groups.union(0, 1)
    groups.union(2, 3)  # two pairs whose sums are still pending
    a, b = groups.find(0), groups.find(2)
    cross = [(i, j) for i in (0, 1) for j in (2, 3)]
    assert groups.mean_link(a, b, 0.3) == pytest.approx(_expected_link(store, background, cross, 0.3), abs=1e-5)
    groups.union(a, b)
    cross = [(i, 4) for i in range(4)]
    assert groups.mean_link(groups.find(0), 4, 0.3) == pytest.approx(
        _expected_link(store, background, cross, 0.3), abs=1e-5)
    assert groups.size(groups.find(3)) == 4 and groups.find(4) == 4


def _expected_link(store, background, cross, reach):
    """The mean similarity over the cross pairs minus their mean threshold, pair by pair."""
    scores = store.pair_scores(np.array([i for i, _ in cross]), np.array([j for _, j in cross]))
    pair_background = np.mean([np.sqrt(background[i] * background[j]) for i, j in cross])
    return scores.mean() - (pair_background + reach * (1 - pair_background))


def test_hybrid_gives_short_texts_a_smaller_lexical_share():
    one_liners = [Document(i, "How do I change my password?") for i in range(5)]
    reports = [Document(i, "Upload fails", " ".join(["the upload of large files stops at ninety percent"] * 8))
               for i in range(5)]
    assert typical_words(one_liners) == 6  # stop words count: they are words a person typed
    hybrid = get_encoder("hybrid")
    short, long_ = hybrid.lexical_share(one_liners), hybrid.lexical_share(reports)
    assert 0 < short < 0.1 < long_ <= hybrid.lexical_weight
    assert hybrid_share(20, 0.5) == 0.25
    assert get_encoder("tfidf").lexical_share(one_liners) == 1.0
    assert get_encoder("semantic").lexical_share(reports) == 0.0
    assert _store(one_liners, "hybrid").w == short


def test_sparse_sums_and_dots_match_dense_arithmetic():
    rng = np.random.default_rng(2)
    for size_a, size_b in ((0, 0), (0, 5), (7, 0), (1, 1), (30, 12), (200, 200)):
        cols_a = np.sort(rng.choice(400, size_a, replace=False)).astype(np.int32)
        cols_b = np.sort(rng.choice(400, size_b, replace=False)).astype(np.int32)
        vals_a = rng.random(size_a).astype(np.float32)
        vals_b = rng.random(size_b).astype(np.float32)
        dense_a, dense_b = np.zeros(400, np.float32), np.zeros(400, np.float32)
        dense_a[cols_a], dense_b[cols_b] = vals_a, vals_b
        assert np.isclose(_sparse_dot(cols_a, vals_a, cols_b, vals_b), float(dense_a @ dense_b), rtol=1e-5)
        cols, vals = _sparse_sum(cols_a, vals_a, cols_b, vals_b)
        assert np.array_equal(cols, np.flatnonzero(dense_a + dense_b)) and vals.dtype == np.float32
        assert np.allclose(vals, (dense_a + dense_b)[cols])


def test_a_background_above_the_median_items_bar_is_capped_there():
    background = np.array([0.2, 0.25, 0.3, 0.35, 0.9, 0.95], dtype=np.float32)
    bar = 0.325 + 0.3 * (1 - 0.325)  # from the median background, the reach of the way to identity
    capped = flood_capped(background, 0.3)
    assert np.allclose(capped, [0.2, 0.25, 0.3, 0.35, bar, bar])
    assert capped.dtype == np.float32
    assert flood_capped(np.zeros(0, dtype=np.float32), 0.3).shape == (0,)


def test_items_with_the_same_text_start_as_one_group():
    docs = [Document(0, "Export invoices to PDF"), Document(1, "Dark mode"), Document(2, "Export invoices to PDF"),
            Document(3, "Reset my password")]
    store = _store(docs, "tfidf")
    no_edges = np.zeros((4, 0), dtype=np.int64), np.zeros((4, 0), dtype=np.float32)
    roots = average_linkage(store, *no_edges, np.full(4, 0.2, dtype=np.float32), 0.3, same_as=np.array([0, 1, 0, 3]))
    assert roots[0] == roots[2] and len(set(roots)) == 3
