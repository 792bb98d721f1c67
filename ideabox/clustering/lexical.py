"""TF-IDF over words and character n-grams, fitted on the corpus at build time."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .documents import Document
from .text import lexical_fields

WORD_TOKENS = r"(?u)\b[^\W\d_][\w']*\b"
CHAR_MAX_DF = 0.1  # n-grams in more than 10% of items carry little signal and cost the most to match
CHAR_NGRAMS = (4, 4)  # one size: as good as 3-5 on the dev set (MAP 0.502 vs 0.501) at a third of the cost


class LexicalModel:
    """Sparse, L2-normalised lexical vectors: word 1-2-grams plus char n-grams."""

    def __init__(self, title_weight: int = 2, char_weight: float = 0.4, char_body_chars: int = 200):
        self.title_weight = title_weight
        self.char_weight = char_weight
        self.char_body_chars = char_body_chars
        self.char_max_df = CHAR_MAX_DF
        self.word: TfidfVectorizer | None = None
        self.char: TfidfVectorizer | None = None

    def _texts(self, docs: Sequence[Document]) -> tuple[list[str], list[str]]:
        words, chars = [], []
        for doc in docs:
            title, body = lexical_fields(doc)
            words.append(" ".join([title] * self.title_weight + [body]))
            chars.append(f"{title} {title} {body[: self.char_body_chars]}")
        return words, chars

    def fit_transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        """Fit the vocabularies on docs and return their vectors."""
        words, chars = self._texts(docs)
        min_df = 2 if len(docs) >= 2000 else 1
        self.word = TfidfVectorizer(
            token_pattern=WORD_TOKENS, ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
            min_df=min_df, max_df=0.5 if len(docs) >= 50 else 1.0, strip_accents="unicode", dtype=np.float32,
        )
        xw = self.word.fit_transform(words)
        if self.char_weight <= 0:
            return sp.csr_matrix(xw, dtype=np.float32)
        self.char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=min_df,
            max_df=self.char_max_df if len(docs) >= 200 else 1.0, strip_accents="unicode", dtype=np.float32,
        )
        xc = self.char.fit_transform(chars)
        return self._combine(xw, xc)

    def transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        """Vectorise docs with the fitted vocabularies (unseen terms are ignored)."""
        if self.word is None:
            raise RuntimeError("LexicalModel.transform called before fit_transform")
        if not docs:
            width = len(self.word.vocabulary_) + (len(self.char.vocabulary_) if self.char is not None else 0)
            return sp.csr_matrix((0, width), dtype=np.float32)
        words, chars = self._texts(docs)
        xw = self.word.transform(words)
        if self.char is None:
            return sp.csr_matrix(xw, dtype=np.float32)
        return self._combine(xw, self.char.transform(chars))

    def _combine(self, xw: sp.spmatrix, xc: sp.spmatrix) -> sp.csr_matrix:
        a, b = np.sqrt(1.0 - self.char_weight), np.sqrt(self.char_weight)
        x = sp.hstack([xw * a, xc * b], format="csr", dtype=np.float32)
        return normalize(x, copy=False)

    def terms(self) -> np.ndarray:
        """Return the word-feature names (the first columns of every vector)."""
        return self.word.get_feature_names_out() if self.word is not None else np.array([])
