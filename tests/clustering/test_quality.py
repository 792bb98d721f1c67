"""Quality regression: fails when duplicate retrieval or grouping gets worse on a labelled sample."""
import pytest

from ideabox.clustering.evaluate import evaluate

from .labelled import labelled_sample

# floors a little under the figures measured when this test was written (see bench/README.md)
FLOORS = {
    "tfidf": {"recall@1": 0.70, "recall@5": 0.95, "map": 0.70, "f1": 0.15},
    "semantic": {"recall@1": 0.90, "recall@5": 1.0, "map": 0.90, "f1": 0.75},
    "hybrid": {"recall@1": 0.90, "recall@5": 1.0, "map": 0.90, "f1": 0.45},
}


@pytest.mark.parametrize("backend", sorted(FLOORS))
def test_quality_does_not_drop(backend):
    docs, groups = labelled_sample()
    result = evaluate(docs, groups, backend=backend)
    floors = FLOORS[backend]
    measured = {key: result[key] for key in ("recall@1", "recall@5", "map")}
    measured["f1"] = result["themes"]["f1"]
    assert all(measured[k] >= floors[k] for k in floors), (backend, measured, floors)
