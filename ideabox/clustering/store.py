"""Row storage for lexical and semantic vectors, with cheap appends and hybrid scoring."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

from .cpu import worker_threads
from .rows import with_room
from .sketch import SemanticSketch, wants_sketch

TAIL_LIMIT = 2048
PAIR_CHUNK = 16_384
FEW_PAIRS = 16  # up to this many pairs, one intersection each beats scipy's per-call set-up


class VectorStore:
    """Holds one lexical row and one semantic row per item; scores queries against all."""

    def __init__(self, lexical: sp.csr_matrix, dense: np.ndarray, lexical_weight: float, lookups: bool = True):
        """lookups=False leaves out what only queries use (posting lists, the sketch) until the first query."""
        self.w = float(lexical_weight)
        self._main = sp.csr_matrix(lexical, dtype=np.float32)
        self._lookups = lookups
        self._main_t: sp.csr_matrix | None = None  # term -> items: a query only touches its own postings
        self._tail: list[sp.csr_matrix] = []
        self._tail_mat: sp.csr_matrix | None = None
        self._dense = np.ascontiguousarray(dense, dtype=np.float32)
        self._n = self._main.shape[0]
        self._sketch: SemanticSketch | None = None
        if lookups:
            self._prepare_lookups()

    def __len__(self) -> int:
        return self._n

    @property
    def dim(self) -> int:
        """Width of the semantic vectors."""
        return self._dense.shape[1]

    def append(self, lex_row: sp.csr_matrix, vec: np.ndarray) -> int:
        """Store one more item and return its row number."""
        self._tail.append(sp.csr_matrix(lex_row, dtype=np.float32))
        self._tail_mat = None
        self._dense = with_room(self._dense, self._n)
        if self.dim:
            self._dense[self._n] = vec.reshape(-1)
            if self._sketch is not None:
                self._sketch.set(self._n, vec)
        self._n += 1
        if len(self._tail) > max(TAIL_LIMIT, self._main.shape[0] // 20):
            self.compact()
        return self._n - 1

    def compact(self) -> None:
        """Fold appended rows into the main posting lists (and sketch a store that has grown enough)."""
        if self._tail:
            self._main = sp.vstack([self._main, *self._tail], format="csr", dtype=np.float32)
            self._main_t = None
            self._tail, self._tail_mat = [], None
        if self._lookups:
            self._prepare_lookups()

    def _prepare_lookups(self) -> None:
        self._lookups = True
        self._postings()
        if self._sketch is None and self.w < 1 and wants_sketch(self._n, self.dim):
            self._sketch = SemanticSketch(self._dense[: self._n], len(self._dense))

    def _postings(self) -> sp.csr_matrix:
        if self._main_t is None:
            self._main_t = self._main.T.tocsr()
        return self._main_t

    @property
    def sketched(self) -> bool:
        """Whether lookups shortlist rows by the semantic sketch before scoring them exactly."""
        return self._sketch is not None

    def lexical_rows(self, rows: np.ndarray) -> sp.csr_matrix:
        """Return the lexical vectors of the given rows."""
        m = self._main.shape[0]
        if self._tail and np.max(rows) >= m:
            if len(rows) > 1:
                self.compact()
                return self._main[rows]
            return self._tail[int(rows[0]) - m]
        return self._main[rows]

    def lexical_matrix(self) -> sp.csr_matrix:
        """Return every stored lexical row (no copy)."""
        self.compact()
        return self._main

    def dense_matrix(self) -> np.ndarray:
        """Return every stored semantic vector (a view, no copy)."""
        return self._dense[: self._n]

    def dense_rows(self, rows: np.ndarray) -> np.ndarray:
        """Return the semantic vectors of the given rows."""
        return self._dense[rows]

    def score(self, lex: sp.csr_matrix, vecs: np.ndarray) -> np.ndarray:
        """Return hybrid similarities (q, n) of query rows against every stored row."""
        out = self._lexical_scores(lex)
        if self.w < 1 and self.dim:
            out += _semantic_part(vecs @ self._dense[: self._n].T, self.w)
        return out

    def best_rows(self, lex: sp.csr_matrix, vec: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Score one query; return (rows, their exact scores), -1 where a row is not allowed.

        Without a sketch that is every row. With one, it is the rows that score best (the sketch's
        shortlist) when the semantic part is read off the sketch, and only those are scored exactly.
        """
        if not self._lookups:
            self._prepare_lookups()
        if self._sketch is None or self._n <= self._sketch.shortlist:
            return np.arange(self._n), np.where(allowed, self.score(lex, vec.reshape(1, -1))[0], -1.0)
        lexical = self._lexical_scores(lex)[0]
        rough = lexical + _semantic_part(self._sketch.dots(vec, self._n), self.w)
        rough[~allowed] = -np.inf
        rows = np.argpartition(-rough, self._sketch.shortlist - 1)[:self._sketch.shortlist]
        exact = lexical[rows] + _semantic_part(self._dense[rows] @ vec.reshape(-1), self.w)
        return rows, np.where(allowed[rows], exact, -1.0)

    def _lexical_scores(self, lex: sp.csr_matrix) -> np.ndarray:
        """Return the weighted lexical part (q, n) of the hybrid scores."""
        q = lex.shape[0]
        out = np.zeros((q, self._n), dtype=np.float32)
        if self.w > 0:
            m = self._main.shape[0]
            out[:, :m] = (lex @ self._postings()).toarray() * self.w
            if self._tail:
                if self._tail_mat is None:
                    self._tail_mat = sp.vstack(self._tail, format="csr")
                out[:, m:] = (lex @ self._tail_mat.T).toarray() * self.w
        return out

    def pair_scores(self, a: np.ndarray, b: np.ndarray, w: float | None = None) -> np.ndarray:
        """Return similarities of the row pairs (a[i], b[i]); w overrides the lexical share."""
        w = self.w if w is None else w
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        out = np.zeros(len(a), dtype=np.float32)
        if w > 0:
            self.compact()

        def fill(part: slice) -> None:
            if w > 0:
                out[part] += w * self._lexical_dots(a[part], b[part])
            if w < 1 and self.dim:
                out[part] += _semantic_part(np.einsum("ij,ij->i", self._dense[a[part]], self._dense[b[part]]), w)

        _spread(fill, len(a), PAIR_CHUNK)
        return out

    def _lexical_dots(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Return the lexical dot products of the row pairs."""
        if len(a) <= FEW_PAIRS:
            return np.array([_row_dot(self._main, i, j) for i, j in zip(a.tolist(), b.tolist())], dtype=np.float32)
        return np.asarray(self._main[a].multiply(self._main[b]).sum(axis=1), dtype=np.float32).ravel()


def _semantic_part(cosines: np.ndarray, w: float) -> np.ndarray:
    """Return the semantic share of hybrid scores: negative cosines count as unrelated (0)."""
    return (1 - w) * np.maximum(cosines, 0)


def _spread(fill, n: int, step: int) -> None:
    """Call fill on consecutive slices of range(n), several at once when there are several.

    Slices bound the rows gathered at once (1M pairs would gather 2 x 1.5 GB) and share the cores:
    scipy's sparse kernels and numpy release the GIL.
    """
    parts = [slice(s, s + step) for s in range(0, n, step)]
    threads = worker_threads()
    if len(parts) > 1 and threads > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(fill, parts))
    else:
        for part in parts:
            fill(part)


def shared_columns(cols_a: np.ndarray, cols_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions in cols_a and in cols_b (each sorted, unique) of the columns both hold."""
    if len(cols_a) == 0 or len(cols_b) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(cols_a, cols_b), len(cols_a) - 1)
    both = cols_a[at] == cols_b
    return at[both], np.flatnonzero(both)


def _row_dot(m: sp.csr_matrix, i: int, j: int) -> float:
    """Return the dot product of two CSR rows with scipy's products and summation (bit-identical)."""
    lo_i, hi_i, lo_j, hi_j = m.indptr[i], m.indptr[i + 1], m.indptr[j], m.indptr[j + 1]
    in_i, in_j = shared_columns(m.indices[lo_i:hi_i], m.indices[lo_j:hi_j])
    prod = m.data[lo_i:hi_i][in_i] * m.data[lo_j:hi_j][in_j]
    prod = prod[prod != 0]  # scipy's elementwise product keeps no zeros, and reduceat sums like its sum()
    return float(np.add.reduceat(prod, [0])[0]) if len(prod) else 0.0
