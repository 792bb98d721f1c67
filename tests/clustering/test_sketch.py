"""The semantic sketch: large indexes shortlist rows by it, then score the shortlist exactly."""
import numpy as np
import pytest

from ideabox.clustering import Document, SimilarityIndex, get_encoder, sketch

from .consumer_sample import consumer_sample


@pytest.fixture(scope="module")
def sample():
    docs, _ = consumer_sample()
    return docs, get_encoder("hybrid").embed(docs)


def _index(sample, monkeypatch, min_rows=0):
    """An index sketched as a large one is: few directions for its rows, a shortlist of a sixth."""
    monkeypatch.setattr(sketch, "SKETCH_MIN_ROWS", min_rows)
    monkeypatch.setattr(sketch, "SKETCH_DIMS", 24)
    monkeypatch.setattr(sketch, "SHORTLIST", 40)
    docs, vectors = sample
    return SimilarityIndex.build(docs, vectors, "hybrid")


def _exact(index, doc_id, k):
    """The k best rows by the full product, never the item itself."""
    store = index.store
    row = index.ids.index(doc_id)
    scores = store.score(store.lexical_rows(np.array([row])), store.dense_rows(np.array([row])))[0]
    scores[row] = -np.inf
    return [index.ids[r] for r in np.argsort(-scores, kind="stable")[:k]], scores


def test_small_indexes_are_not_sketched(sample):
    assert not SimilarityIndex.build(*sample, "hybrid").store.sketched
    assert not SimilarityIndex.build(sample[0], None, "tfidf").store.sketched


def test_shortlist_holds_the_exact_best_matches(sample, monkeypatch):
    index = _index(sample, monkeypatch)
    assert index.store.sketched
    found = 0
    for doc in sample[0]:
        want, scores = _exact(index, doc.id, 10)
        got = index.neighbours_of(doc.id, k=10)
        found += len({m.id for m in got} & set(want))
        for match in got:  # whatever is returned carries its exact score, not the sketch's
            assert match.score == pytest.approx(min(scores[index.ids.index(match.id)], 1.0), abs=1e-5)
    assert found / (10 * len(sample[0])) >= 0.98


def test_added_and_removed_items_are_seen_through_the_sketch(sample, monkeypatch):
    index = _index(sample, monkeypatch)
    new = Document("new", "Let me pay with Apple Pay at checkout", "")
    index.add(new, get_encoder("hybrid").embed([new])[0])
    assert index.similar("pay with apple pay", k=3)[0].id == "new"
    index.remove("new")
    assert "new" not in [m.id for m in index.similar("pay with apple pay", k=50)]


def test_excluded_items_never_return_even_when_few_remain(sample, monkeypatch):
    index = _index(sample, monkeypatch)
    ids = index.ids
    keep = set(ids[:25])  # fewer allowed rows than the shortlist holds
    matches = index.similar("How do I change my password?", k=30, exclude=[i for i in ids if i not in keep])
    assert {m.id for m in matches} == keep  # every allowed row still competes, however few


def test_a_store_grown_past_the_threshold_gets_its_sketch(sample, monkeypatch):
    index = _index(sample, monkeypatch, min_rows=len(sample[0]) + 3)
    assert not index.store.sketched
    encoder = get_encoder("hybrid")
    for i in range(3):
        doc = Document(f"grown-{i}", f"Offline mode for the mobile app, version {i}", "")
        index.add(doc, encoder.embed([doc])[0])
    index.store.compact()
    assert index.store.sketched
    assert {m.id for m in index.similar("offline mode in the mobile app", k=3)} == {"grown-0", "grown-1", "grown-2"}


def test_an_index_built_for_themes_sketches_itself_on_its_first_lookup(sample, monkeypatch):
    eager = _index(sample, monkeypatch)
    docs, vectors = sample
    lazy = SimilarityIndex.build(docs, vectors, "hybrid", lookups=False)
    assert not lazy.store.sketched  # a theme build never pays for the sketch
    query = "How do I change my password?"
    assert [(m.id, m.score) for m in lazy.similar(query, k=10)] == [(m.id, m.score) for m in eager.similar(query, k=10)]
    assert lazy.store.sketched
