"""The numpy fit of the lexical model must give exactly what scikit-learn's own fit gives."""
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer, strip_accents_unicode

from ideabox.clustering import Document
from ideabox.clustering.lexical import LexicalModel, strip_accents

from .consumer_sample import consumer_sample
from .labelled import labelled_sample

ODD = [
    Document("u1", "Café crème: naïve façade", "Übergrößen für Kunden — 50% schneller"),
    Document("u2", "a b c", "x"),  # words shorter than the n-gram size
    Document("u3", "日本語のサポート", "中文 支持 😀 emoji"),
    Document("u4", "", "the and of"),  # stop words only
    Document("u5", "Tab\tand\nnew line", "  spaced   out  "),
]


def _corpus():
    docs = consumer_sample()[0] + labelled_sample()[0] + ODD
    # past 2,000 items min_df becomes 2; shuffled word orders make many distinct bigrams
    rng = np.random.default_rng(0)
    extra = []
    for i in range(2100):
        d = docs[i % len(docs)]
        words = (d.title + " " + d.body).split()
        rng.shuffle(words)
        extra.append(Document(f"x{i}", " ".join(words[:6]), " ".join(words[6:])))
    return docs + extra


def test_fit_matches_scikit_learn(monkeypatch):
    docs = _corpus()
    model = LexicalModel()
    with monkeypatch.context() as patch:  # the numpy path must run, not the fallback to sklearn's fit
        patch.setattr(TfidfVectorizer, "fit_transform", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
        fast = model.fit_transform(docs)
    words, chars = model._texts(docs)
    for mine, texts in ((model.word, words), (model.char, chars)):
        reference = TfidfVectorizer(**mine.get_params() | {"vocabulary": None})
        expected = reference.fit_transform(texts)
        assert mine.vocabulary_ == reference.vocabulary_
        assert np.allclose(mine.idf_, reference.idf_)
        assert abs(mine.transform(texts) - expected).max() < 1e-6
    assert abs(fast - model.transform(docs)).max() < 1e-6


def test_accent_stripping_is_scikit_learns():
    texts = [t for d in ODD for t in (d.title, d.body)] + ["plain ascii", "ﬁle ligature", "Ǆ", "e\u0301"]
    assert [strip_accents(t) for t in texts] == [strip_accents_unicode(t) for t in texts]
    assert strip_accents("Café") == "Cafe"
