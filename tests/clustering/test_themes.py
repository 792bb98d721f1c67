from collections import Counter

from ideabox.clustering import Document, find_themes, get_encoder

from .consumer_sample import consumer_sample
from .corpus import SUGGESTIONS


def test_every_item_in_exactly_one_theme(docs, backend, embeddings_by_backend):
    result = find_themes(docs, embeddings_by_backend[backend], backend=backend)
    members = [m for t in result.themes for m in t.member_ids]
    assert sorted(members) == sorted(d.id for d in docs)
    assert all(result.themes[result.theme_of(d.id)] for d in docs)


def test_duplicates_grouped_and_unrelated_kept_apart(docs, embeddings_by_backend):
    result = find_themes(docs, embeddings_by_backend["hybrid"], backend="hybrid")
    truth = {i: g for i, _, _, g in SUGGESTIONS}
    for theme in result.groups:
        assert len({truth[i] for i in theme.member_ids}) == 1, theme
    grouped = {i for t in result.groups for i in t.member_ids}
    assert len(grouped) >= 8
    assert not grouped & {13, 14, 15, 16, 18, 20}


def test_theme_has_label_keywords_cohesion_and_central_first(docs, embeddings_by_backend):
    result = find_themes(docs, embeddings_by_backend["hybrid"], backend="hybrid")
    theme = result.groups[0]
    assert theme.label and len(theme.label) <= 80
    assert theme.keywords and 0 < theme.cohesion <= 1
    a, b = theme.member_ids[:2]
    assert theme.pair_score(a, b) is not None
    first_total = sum(theme.pair_score(theme.member_ids[0], o) for o in theme.member_ids[1:])
    last_total = sum(theme.pair_score(theme.member_ids[-1], o) for o in theme.member_ids[:-1])
    assert first_total >= last_total


def test_progress_is_reported(docs):
    calls = []
    find_themes(docs, backend="tfidf", progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]


def test_tiny_corpora():
    from ideabox.clustering import Document

    assert find_themes([], backend="tfidf").themes == []
    one = find_themes([Document(1, "Only idea")], backend="hybrid")
    assert [t.member_ids for t in one.themes] == [(1,)]


def test_approximate_graph_agrees_with_exact(docs, backend, embeddings_by_backend):
    from ideabox.clustering import SimilarityIndex
    from ideabox.clustering.graph import knn_graph

    store = SimilarityIndex.build(docs, embeddings_by_backend[backend], backend=backend).store
    exact, exact_val = knn_graph(store, k=3)
    approx, approx_val = knn_graph(store, k=3, exact_limit=5)
    assert (exact[:, 0] == approx[:, 0]).mean() >= 0.8
    assert (approx != __import__("numpy").arange(len(docs))[:, None]).all()


def test_ideas_with_no_lexical_terms_still_merge_by_their_stored_vectors():
    # a timestamp alone cleans to nothing: such ideas have empty lexical rows, and the group sums of
    # copies merged with a third are empty too (this raised IndexError once). Vectors stored before
    # such texts were encoded as zeros still link them.
    docs = [Document(1, "2024-01-02 10:00"), Document(2, "2024-01-02 10:00"), Document(3, "2024-01-03 11:00"),
            Document(4, "Dark mode")]
    stored = get_encoder("hybrid").embed([Document(0, "Build fails"), Document(0, "Build fails"),
                                          Document(0, "Build fails"), docs[3]])
    result = find_themes(docs, stored)
    assert result.theme_of(1) == result.theme_of(2) == result.theme_of(3) != result.theme_of(4)


def test_ideas_whose_text_cleans_to_nothing_match_nothing():
    # the sentence model used to embed a bare timestamp or e-mail address as it embeds "": all alike
    docs = [Document(1, "2024-01-02 10:00"), Document(2, "2024-01-03 11:00"), Document(3, "john@example.com"),
            Document(4, "Dark mode"), Document(5, "mary@example.org"), Document(6, "Dark mode please")]
    assert not get_encoder("hybrid").embed(docs[:3]).any()
    result = find_themes(docs)
    assert sorted(len(t.member_ids) for t in result.themes) == [1, 1, 1, 1, 2]


def test_ideas_without_a_letter_or_digit_are_nobody_s_duplicates():
    # blank rows and punctuation used to form one theme: the sentence model embeds them alike
    docs = [Document(1, "***"), Document(2, "***"), Document(3, "Dark mode"), Document(4, "~~~"), Document(5, "___"),
            Document(6, "Dark mode please")]
    result = find_themes(docs)
    assert sorted(len(t.member_ids) for t in result.themes) == [1, 1, 1, 1, 2]
    assert result.theme_of(3) == result.theme_of(6)


POPULAR_WORDINGS = ["Dark mode please", "dark mode pls", "Please add a dark mode", "Add dark mode",
                    "Dark theme please", "I want dark mode", "Dark mode!!", "night mode please"]


def _flood_themes(posts):
    """Themes of the consumer sample plus a popular request posted once per given title."""
    docs = consumer_sample()[0] + [Document(f"flood-{i}", title) for i, title in enumerate(posts)]
    result = find_themes(docs, backend="hybrid")
    return sorted(Counter(result.theme_of(f"flood-{i}") for i in range(len(posts))).values(), reverse=True)


def test_a_request_posted_forty_times_is_one_theme():
    # past 20 copies an item's 20th neighbour is one of its own duplicates (the flood split 20 / 20)
    assert _flood_themes(["Dark mode please"] * 40) == [40]


def test_a_request_posted_forty_times_in_eight_wordings_stays_mostly_together():
    sizes = _flood_themes([POPULAR_WORDINGS[i % 8] for i in range(40)])  # split 10 / 10 / 5 / 5 / ...
    assert sizes[0] >= 30, sizes


def test_each_wording_posted_thirty_times_still_joins_the_others():
    # 30 copies of one text filled each copy's 20 neighbours: the wordings never met (30 / 19 / 16 / ...)
    sizes = _flood_themes([POPULAR_WORDINGS[i % 8] for i in range(240)])
    assert sizes[0] >= 200, sizes
