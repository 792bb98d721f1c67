import numpy as np
import pytest

from ideabox.clustering import Document, Match, SimilarityIndex, get_encoder
from ideabox.clustering.cluster import BACKGROUND_RANK, SPARSE_BACKGROUND

from .consumer_sample import consumer_sample
from .corpus import NEAR_MISSES, SUGGESTIONS
from .crowded import DUPLICATE, UNRELATED, crowded_documents, report


def _group_of(doc_id):
    return {i: g for i, _, _, g in SUGGESTIONS}[doc_id]


def test_paraphrases_and_typos_find_their_duplicates(index, backend):
    hits = 0
    dup_ids = [i for i, _, _, g in SUGGESTIONS if not g.startswith("r")]
    for doc_id in dup_ids:
        best = index.neighbours_of(doc_id, k=1)[0]
        hits += _group_of(best.id) == _group_of(doc_id)
    assert hits / len(dup_ids) >= (0.65 if backend == "semantic" else 0.8)


def test_typed_query_finds_existing_idea(index):
    assert _group_of(index.similar("dark theme for night use", k=1)[0].id) == "dark"
    assert _group_of(index.similar("export data as CSV spreadsheet", k=1)[0].id) == "export"


@pytest.mark.parametrize("query", ["", "   ", "???", "-- !", Document("draft", "", "")])
def test_a_query_with_nothing_to_match_finds_nothing(index, query):
    # the sentence model still embeds an empty text: every short idea would score about 0.2
    assert index.similar(query, k=3) == []


def test_near_misses_score_below_true_duplicates(index):
    dup_score = index.neighbours_of(2, k=1)[0].score  # "Add a dark theme option" vs its duplicates
    for text, neighbour in NEAR_MISSES.items():
        miss = [m for m in index.similar(text, k=20) if m.id == neighbour]
        assert not miss or miss[0].score < dup_score


def test_scores_are_sorted_and_bounded(index):
    matches = index.similar("Sign in with my Google account", k=5)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(isinstance(m, Match) and 0.0 <= m.score <= 1.0 for m in matches)
    assert matches[0].id in (7, 8)


def test_neighbours_never_include_the_item(index):
    for doc_id in (1, 4, 13):
        assert doc_id not in [m.id for m in index.neighbours_of(doc_id, k=25)]


def test_add_and_remove_without_rebuild(index, backend):
    n = len(index)
    new = Document("new", "Darker night theme for the dashboard", "")
    index.add(new, get_encoder(backend).embed([new])[0])
    assert len(index) == n + 1 and "new" in index
    assert "new" in [m.id for m in index.similar("night theme", k=3)]
    assert 1 in [m.id for m in index.neighbours_of("new", k=3)] or 2 in [m.id for m in index.neighbours_of("new", k=3)]
    index.remove("new")
    assert "new" not in index and len(index) == n
    assert "new" not in [m.id for m in index.similar("night theme", k=25)]


def test_exclude_and_k_larger_than_index(index):
    found = index.similar("dark mode", k=100, exclude=[1, 2])
    assert len(found) == len(index) - 2
    assert {1, 2}.isdisjoint(m.id for m in found)


def test_embed_shapes(docs):
    assert get_encoder("tfidf").embed(docs).shape == (len(docs), 0)
    vecs = get_encoder("hybrid").embed(docs)
    assert vecs.dtype == np.float32 and vecs.shape[0] == len(docs) and vecs.shape[1] > 0


def test_build_rejects_mismatched_embeddings(docs):
    with pytest.raises(ValueError):
        SimilarityIndex.build(docs, np.zeros((3, 7), dtype=np.float32), backend="hybrid")


def test_build_rejects_embeddings_that_are_not_numbers(docs, embeddings_by_backend):
    broken = embeddings_by_backend["hybrid"].copy()
    broken[3, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        SimilarityIndex.build(docs, broken, backend="hybrid")


@pytest.mark.parametrize("bad", [np.zeros(5, dtype=np.float32), np.full(384, np.inf, dtype=np.float32)])
def test_replacing_an_item_with_a_bad_embedding_keeps_the_old_one(docs, embeddings_by_backend, bad):
    index = SimilarityIndex.build(docs, embeddings_by_backend["hybrid"], backend="hybrid")
    kept = docs[0]
    with pytest.raises(ValueError, match="width|NaN"):
        index.add(Document(kept.id, "Something else entirely", ""), embedding=bad)
    assert kept.id in index and index.similar(kept, k=1)[0].id == kept.id


def test_build_computes_embeddings_when_missing(docs):
    index = SimilarityIndex.build(docs, backend="hybrid")
    assert index.neighbours_of(11, k=1)[0].id == 12


def test_closeness_is_zero_at_the_querys_20th_score_and_one_at_identity():
    docs, _ = consumer_sample()
    index = SimilarityIndex.build(docs)
    same = index.neighbours_of(docs[1].id, k=BACKGROUND_RANK)
    background = same[BACKGROUND_RANK - 1].score
    for m in same:
        assert m.closeness == pytest.approx(max(0.0, (m.score - background) / (1 - background)), abs=1e-6)
    assert same[-1].closeness == 0.0 and same[0].closeness > 0.3
    exact = index.similar(docs[1], k=1)[0]
    assert exact.id == docs[1].id and exact.closeness > 0.95  # re-encoded alone, not in a padded batch


def test_a_small_index_measures_closeness_from_the_sparse_background():
    index = SimilarityIndex.build([Document(i, t) for i, t in enumerate(["Dark mode", "Export to CSV", "Slack alerts"])],
                                  backend="tfidf")
    for m in index.similar("dark mode please", k=3):
        assert m.closeness == pytest.approx(max(0.0, (m.score - SPARSE_BACKGROUND) / (1 - SPARSE_BACKGROUND)), abs=1e-6)


def test_on_a_crowded_board_closeness_separates_what_raw_scores_do_not():
    index = SimilarityIndex.build(crowded_documents())
    unrelated = index.similar(Document("new", *report(*UNRELATED)), k=5)
    duplicate = index.similar(Document("new", *report(*DUPLICATE)), k=5)
    # unrelated reports on the template score like a near match would on a board of one-liners
    assert all(m.score > 0.3 for m in unrelated)
    assert duplicate[0].id == 0 and duplicate[0].closeness > 0.8
    assert all(m.closeness < duplicate[0].closeness / 2 for m in unrelated)
    assert sum(m.closeness >= 0.2 for m in unrelated) < sum(m.score >= 0.3 for m in unrelated)


def test_whole_tags_can_be_left_out_of_a_lookup(docs, embeddings_by_backend):
    vectors = embeddings_by_backend["hybrid"]
    tags = ["dark" if _group_of(d.id) == "dark" else "other" for d in docs]
    index = SimilarityIndex.build(docs, vectors, "hybrid", tags=tags)
    assert _group_of(index.similar("dark theme for night use", k=1)[0].id) == "dark"
    assert all(_group_of(m.id) != "dark" for m in index.similar("dark theme for night use", k=50, exclude_tags=["dark"]))
    assert len(index.similar("dark theme", k=50, exclude_tags=["no such tag"])) == len(docs)


def test_an_added_or_replaced_item_takes_its_new_tag(docs, embeddings_by_backend):
    encoder = get_encoder("hybrid")
    index = SimilarityIndex.build(docs, embeddings_by_backend["hybrid"], "hybrid")
    new = Document("new", "Darker night theme for the dashboard", "")
    index.add(new, encoder.embed([new])[0], tag="private")
    assert "new" not in [m.id for m in index.similar("night theme", k=50, exclude_tags=["private"])]
    index.add(new, encoder.embed([new])[0], tag="public")  # moved to another board
    assert "new" in [m.id for m in index.similar("night theme", k=3, exclude_tags=["private"])]


def test_tags_must_match_the_documents(docs):
    with pytest.raises(ValueError, match="tags"):
        SimilarityIndex.build(docs, None, "tfidf", tags=["one"])


@pytest.mark.parametrize("added", [False, True])
def test_a_text_posted_forty_times_counts_once_in_the_background(added):
    docs, _ = consumer_sample()
    copies = [Document(f"copy-{i}", "Dark mode please") for i in range(40)]
    index = SimilarityIndex.build(docs if added else docs + copies)
    for copy in copies if added else ():
        index.add(copy)
    found = index.similar("dark mode", k=len(copies) + BACKGROUND_RANK)
    assert all(m.id.startswith("copy-") for m in found[:len(copies)])
    # before, the copies were the query's own background: closeness 0.0, under every floor of the app
    assert found[0].closeness > 0.6
    others = [m for m in found if not m.id.startswith("copy-")]
    background = others[BACKGROUND_RANK - 2].score  # the 20th text: one copy and 19 others
    assert found[0].closeness == pytest.approx((found[0].score - background) / (1 - background), abs=1e-5)


def test_the_same_text_means_case_and_spacing_aside_only():
    from ideabox.clustering.documents import same_text_key as key

    assert key(Document(1, "Dark  mode", "")) == key(Document(2, " dark MODE ", " "))
    assert key(Document(1, "STRASSE", "Bitte")) == key(Document(2, "straße", "bitte"))
    assert key(Document(1, "Dark mode", "please")) != key(Document(2, "Dark mode please", ""))
    assert key(Document(1, "Dark mode")) != key(Document(2, "Dark mode!"))
    index = SimilarityIndex.build([Document(i, t) for i, t in enumerate(["Dark mode", "Export", "dark  MODE", "Export"])],
                                  backend="tfidf")
    index.add(Document(9, "DARK mode"))
    assert index.first_with_same_text().tolist() == [0, 1, 0, 1, 0]


def test_items_without_words_match_nothing_however_they_were_added():
    texts = ["Dark mode please", "", "Add a dark theme", "???"]
    index = SimilarityIndex.build([Document(i, t) for i, t in enumerate(texts)], backend="hybrid")
    index.add(Document(9, " ", "!!"))
    for blank in (1, 3, 9):
        assert index.neighbours_of(blank, k=4)[0].score == 0.0
    assert [m.id for m in index.similar("dark mode", k=2)] == [0, 2]
    assert [m.score for m in index.similar("dark mode", k=5)][2:] == [0.0, 0.0, 0.0]
    # blank rows are not copies of one text
    assert len(set(index.first_with_same_text()[[1, 3, 4]].tolist())) == 3


@pytest.mark.parametrize("backend", ["tfidf", "hybrid"])
def test_a_query_that_cleaning_empties_finds_nothing(backend):
    index = SimilarityIndex.build([Document(i, t) for i, t in enumerate(["Dark mode please", "Export to CSV"])],
                                  backend=backend)
    assert index.similar("john@example.com", k=2) == []
    assert index.similar("2024-01-02 10:00", k=2) == []
    assert [m.id for m in index.similar("dark mode", k=1)] == [0]
