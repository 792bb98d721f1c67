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


def test_a_corpus_of_stop_words_keeps_its_words():
    docs = [Document(1, "Why not?"), Document(2, "Why not?"), Document(3, "What about this one")]
    model = LexicalModel()
    x = model.fit_transform(docs)
    assert {"why", "not", "about"} <= set(model.terms())
    assert abs((x[0] @ x[1].T).toarray()[0, 0] - 1.0) < 1e-5
    assert (x[0] @ x[2].T).toarray()[0, 0] < 0.5


def test_a_corpus_where_every_term_is_in_most_items_keeps_them():
    # past 50 items a word in over half of them is dropped, past 200 a char n-gram in over a tenth
    docs = [Document(i, "Dark mode please") for i in range(250)]
    model = LexicalModel()
    x = model.fit_transform(docs)
    assert "dark mode" in set(model.terms()) and len(model.char.vocabulary_) > 0
    assert x.nnz and abs((x[0] @ x[249].T).toarray()[0, 0] - 1.0) < 1e-5


def test_texts_without_words_or_without_anything_give_empty_parts():
    model = LexicalModel()
    x = model.fit_transform([Document(1, "123 ???"), Document(2, "2024")])
    assert model.word is None and len(model.terms()) == 0 and x.shape[1] == len(model.char.vocabulary_) > 0
    assert model.transform([Document(3, "Dark mode 123")]).shape == (1, x.shape[1])
    empty = LexicalModel()
    assert empty.fit_transform([Document(1, ""), Document(2, " ")]).shape == (2, 0)
    assert empty.transform([Document(3, "Dark mode")]).shape == (1, 0)
    assert empty.transform([]).shape == (0, 0)
