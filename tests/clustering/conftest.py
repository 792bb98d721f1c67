import pytest

from ideabox.clustering import SimilarityIndex, get_encoder

from .corpus import documents


@pytest.fixture(scope="session", params=["tfidf", "semantic", "hybrid"])
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def docs():
    return documents()


@pytest.fixture(scope="session")
def embeddings_by_backend(docs):
    return {b: get_encoder(b).embed(docs) for b in ("tfidf", "semantic", "hybrid")}


@pytest.fixture()
def index(docs, backend, embeddings_by_backend):
    return SimilarityIndex.build(docs, embeddings_by_backend[backend], backend=backend)
