"""TF-IDF over words and character n-grams, fitted on the corpus at build time."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from numbers import Integral
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer, strip_accents_unicode
from sklearn.preprocessing import normalize

from .documents import Document
from .text import lexical_fields

WORD_TOKENS = r"(?u)\b[^\W\d_][\w']*\b"
WORD_NGRAMS = (1, 2)
CHAR_MAX_DF = 0.1  # n-grams in more than 10% of items carry little signal and cost the most to match
CHAR_NGRAMS = (4, 4)  # one size: as good as 3-5 on the dev set (MAP 0.502 vs 0.501) at a third of the cost
CHUNK = 8192  # texts per step when collecting features: bounds the temporary token strings and arrays


def strip_accents(text: str) -> str:
    """Return scikit-learn's strip_accents_unicode(text), skipping its per-text ASCII encoding test
    for the plain ASCII most feedback is (str.isascii reads a flag): 1.5 s less at 100,000 items."""
    return text if text.isascii() else strip_accents_unicode(text)


class NoTerms(ValueError):
    """Nothing is left to fit on: every text is empty or punctuation, or every term was pruned."""


def _chunks(texts: list[str]):
    return ((s, texts[s:s + CHUNK]) for s in range(0, len(texts), CHUNK))


def _counts(held: list, doc_bits: int, n_docs: int, vec: TfidfVectorizer):
    """Return the count matrix sklearn would keep after min_df/max_df (sorted CSR) and its column keys.

    held is [codes], key << doc_bits | doc per feature occurrence with keys ordered like the
    feature strings; it is emptied so the codes are freed once read. One in-place sort replaces
    sklearn's per-feature dictionary: runs of equal codes give counts, runs of equal keys the
    document frequencies.
    """
    codes = held.pop()
    if len(codes) == 0:
        raise NoTerms("empty vocabulary; perhaps the documents only contain stop words")
    codes.sort()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    pairs = codes[starts]
    total = len(codes)
    del codes
    counts = np.diff(starts, append=total).astype(np.float32)
    del starts
    docs = (pairs & ((1 << doc_bits) - 1)).astype(np.int32)
    pairs >>= doc_bits
    first = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
    df = np.diff(first, append=len(pairs))
    high = vec.max_df if isinstance(vec.max_df, Integral) else vec.max_df * n_docs
    low = vec.min_df if isinstance(vec.min_df, Integral) else vec.min_df * n_docs
    kept = (df >= low) & (df <= high)
    if not kept.any():
        raise NoTerms("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    on = np.repeat(kept, df)
    indptr = np.r_[0, np.cumsum(df[kept])]
    by_term = sp.csc_matrix((counts[on], docs[on], indptr), shape=(n_docs, int(kept.sum())))
    return by_term.tocsr(), pairs[first[kept]]


def _doc_bits(n_docs: int) -> int:
    return max(1, int(n_docs - 1).bit_length())


def _word_features(vec: TfidfVectorizer, texts: list[str]):
    """Return (codes, key -> term) for word 1-2-grams, or None where the keys cannot order like terms."""
    if vec.ngram_range != WORD_NGRAMS:
        return None
    preprocess, tokenize = vec.build_preprocessor(), vec.build_tokenizer()
    seen: dict[str, int] = {}
    ids, docs = [], []
    for s, chunk in _chunks(texts):
        tokens = [tokenize(preprocess(t)) for t in chunk]
        flat = list(chain.from_iterable(tokens))
        for token in set(flat).difference(seen):
            seen[token] = len(seen)
        ids.append(np.fromiter(map(seen.__getitem__, flat), dtype=np.int32, count=len(flat)))
        docs.append(np.repeat(np.arange(s, s + len(chunk), dtype=np.int32), [len(t) for t in tokens]))
    names = sorted(seen)
    width = len(names) + 1
    # a bigram is keyed (first, second + 1), a unigram (word, 0): with every token character above
    # the joining space, that orders exactly like sklearn's sorted term strings
    bits = _doc_bits(len(texts)) + int(width * width).bit_length()
    if bits > 63 or (names and min("".join(names)) <= " "):
        return None
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.fromiter(map(seen.__getitem__, names), dtype=np.int64, count=len(names))] = np.arange(len(names))
    stop = [seen[w] for w in vec.get_stop_words() or () if w in seen]
    ids, doc = np.concatenate(ids), np.concatenate(docs).astype(np.int64)
    keep = ~np.isin(ids, stop)
    ids, doc = rank[ids[keep]], doc[keep]
    pair = doc[1:] == doc[:-1]
    key = np.concatenate([ids * width, ids[:-1][pair] * width + ids[1:][pair] + 1])
    key <<= _doc_bits(len(texts))
    key |= np.concatenate([doc, doc[:-1][pair]])

    def term(k: int) -> str:
        a, b = divmod(k, width)
        return names[a] if b == 0 else f"{names[a]} {names[b - 1]}"

    return key, term


def _char_features(vec: TfidfVectorizer, texts: list[str]):
    """Return (codes, key -> term) for char_wb n-grams of one size, or None where unsupported.

    sklearn pads each word with a space and takes its n-grams (a word shorter than n - 2 gives its
    padded self); here the padded words of many texts are one code array, and a window is a word's
    n-gram exactly when no space lies inside it. Keys are the n code-point ranks, most significant
    first (0 for "no character"), so they order like the strings.
    """
    n = vec.ngram_range[0]
    if vec.analyzer != "char_wb" or vec.ngram_range[1] != n or n < 3:
        return None
    preprocess = vec.build_preprocessor()
    padded = [" " + "  ".join(preprocess(t).split()) + " " for t in texts]
    present = np.zeros(0x110000, dtype=bool)
    for _, chunk in _chunks(padded):
        present[_code_points(chunk)] = True
    alphabet = np.flatnonzero(present)
    bits, doc_bits = int(len(alphabet)).bit_length(), _doc_bits(len(texts))
    if n * bits + doc_bits > 63:
        return None
    rank = np.cumsum(present, dtype=np.int64)
    out = np.empty(sum(map(len, padded)), dtype=np.int64)  # room for every window; untouched pages cost nothing
    used = 0
    for s, chunk in _chunks(padded):
        codes = _code_points(chunk)
        space = codes == 32
        inner = np.ones(max(len(codes) - n + 1, 0), dtype=bool)
        for j in range(1, n - 1):
            inner &= ~space[j: len(codes) - n + 1 + j]
        starts = np.flatnonzero(inner)
        gaps = np.flatnonzero(space)  # a leading pad, a short word, then its trailing pad
        lead = gaps[:-1][np.diff(gaps) > 1]
        length = gaps[1:][np.diff(gaps) > 1] - lead + 1
        lead, length = lead[length < n], length[length < n]
        key = np.zeros(len(starts) + len(lead), dtype=np.int64)
        for j in range(n):
            key[: len(starts)] |= rank[codes[starts + j]] << ((n - 1 - j) * bits)
            key[len(starts):][length > j] |= rank[codes[lead[length > j] + j]] << ((n - 1 - j) * bits)
        doc_of = np.repeat(np.arange(s, s + len(chunk)), [len(p) for p in chunk])
        key <<= doc_bits
        key |= doc_of[np.concatenate([starts, lead])]
        out[used: used + len(key)] = key
        used += len(key)

    def term(k: int) -> str:
        digits = [(k >> ((n - 1 - j) * bits)) & ((1 << bits) - 1) for j in range(n)]
        return "".join(chr(alphabet[d - 1]) for d in digits if d)

    return out[:used], term


def _code_points(texts: list[str]) -> np.ndarray:
    return np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _fit_transform(vec: TfidfVectorizer, texts: list[str], features) -> sp.csr_matrix:
    """Fit vec on texts like vec.fit_transform, counting with numpy instead of per-feature dicts."""
    found = features(vec, texts) if texts else None
    if found is None:
        try:
            return vec.fit_transform(texts)
        except ValueError as error:  # scikit-learn's words for what _counts raises as NoTerms
            if "empty vocabulary" in str(error) or "no terms remain" in str(error):
                raise NoTerms(str(error)) from error
            raise
    held, term = [found[0]], found[1]
    del found
    counts, keys = _counts(held, _doc_bits(len(texts)), len(texts), vec)
    tfidf = TfidfTransformer(norm=vec.norm, use_idf=vec.use_idf, smooth_idf=vec.smooth_idf,
                             sublinear_tf=vec.sublinear_tf)
    x = tfidf.fit_transform(counts)
    vec.vocabulary_ = {term(int(k)): i for i, k in enumerate(keys)}
    vec.idf_ = tfidf.idf_  # now vec is in the state fit_transform leaves it in
    return x


class LexicalModel:
    """Sparse, L2-normalised lexical vectors: word 1-2-grams plus char n-grams."""

    def __init__(self, title_weight: int = 2, char_weight: float = 0.4, char_body_chars: int = 200):
        self.title_weight = title_weight
        self.char_weight = char_weight
        self.char_body_chars = char_body_chars
        self.char_max_df = CHAR_MAX_DF
        self.word: TfidfVectorizer | None = None  # None after fitting: the texts had no word at all
        self.char: TfidfVectorizer | None = None
        self._fitted = False

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
            token_pattern=WORD_TOKENS, ngram_range=WORD_NGRAMS, sublinear_tf=True, stop_words="english",
            min_df=min_df, max_df=0.5 if len(docs) >= 50 else 1.0, strip_accents=strip_accents, dtype=np.float32,
        )
        self._fitted = True
        # every word a stop word or in most items ("Why not?", one title posted 60 times): keep them all
        relaxed_words = {"stop_words": None, "min_df": 1, "max_df": 1.0}
        if self.char_weight <= 0:
            self.word, xw = _fit_or_relax(self.word, words, _word_features, relaxed_words)
            return sp.csr_matrix(xw, dtype=np.float32)
        self.char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=min_df,
            max_df=self.char_max_df if len(docs) >= 200 else 1.0, strip_accents=strip_accents, dtype=np.float32,
        )
        with ThreadPoolExecutor(max_workers=1) as aside:  # numpy's share of one fit overlaps the other's Python
            chars_fit = aside.submit(_fit_or_relax, self.char, chars, _char_features, {"min_df": 1, "max_df": 1.0})
            self.word, xw = _fit_or_relax(self.word, words, _word_features, relaxed_words)
            self.char, xc = chars_fit.result()
            return self._combine(xw, xc)

    def transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        """Vectorise docs with the fitted vocabularies (unseen terms are ignored)."""
        if not self._fitted:
            raise RuntimeError("LexicalModel.transform called before fit_transform")
        chars_used = self.char_weight > 0
        if not docs:
            return _no_terms(0, self._width(self.word) + (self._width(self.char) if chars_used else 0))
        words, chars = self._texts(docs)
        xw = self.word.transform(words) if self.word is not None else _no_terms(len(docs))
        if not chars_used:
            return sp.csr_matrix(xw, dtype=np.float32)
        return self._combine(xw, self.char.transform(chars) if self.char is not None else _no_terms(len(docs)))

    @staticmethod
    def _width(vec: TfidfVectorizer | None) -> int:
        return len(vec.vocabulary_) if vec is not None else 0

    def _combine(self, xw: sp.spmatrix, xc: sp.spmatrix) -> sp.csr_matrix:
        a, b = np.sqrt(1.0 - self.char_weight), np.sqrt(self.char_weight)
        # scaled in float64, rounded to float32 and sorted within rows, as sp.hstack([xw * a, xc * b],
        # dtype=float32) does, without holding both float64 copies at once
        parts = [sp.csr_matrix(((x.data * f).astype(np.float32), x.indices, x.indptr), shape=x.shape)
                 for x, f in ((xw, a), (xc, b))]
        parts = [p if p.has_sorted_indices else p.sorted_indices() for p in parts]
        combined = sp.hstack(parts, format="csr", dtype=np.float32)
        return normalize(combined, copy=False) if combined.shape[1] else combined

    def terms(self) -> np.ndarray:
        """Return the word-feature names (the first columns of every vector)."""
        return self.word.get_feature_names_out() if self.word is not None else np.array([])


def _fit_or_relax(vec: TfidfVectorizer, texts: list[str], features, relaxed: dict):
    """Return (vec, its fit on texts); where no term is left, refit with the relaxed parameters; where
    still none is (texts of digits, punctuation or nothing), (None, a matrix without columns)."""
    for params in ({}, relaxed):
        vec.set_params(**params)
        try:
            return vec, _fit_transform(vec, texts, features)
        except NoTerms:
            continue
    return None, _no_terms(len(texts))


def _no_terms(rows: int, width: int = 0) -> sp.csr_matrix:
    return sp.csr_matrix((rows, width), dtype=np.float32)
