"""Row storage for lexical and semantic vectors, with cheap appends and hybrid scoring."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

TAIL_LIMIT = 2048
PAIR_CHUNK = 32_768


class VectorStore:
    """Holds one lexical row and one semantic row per item; scores queries against all."""

    def __init__(self, lexical: sp.csr_matrix, dense: np.ndarray, lexical_weight: float):
        self.w = float(lexical_weight)
        self._main = sp.csr_matrix(lexical, dtype=np.float32)
        self._main_t = self._main.T.tocsr()  # term -> items: a query only touches its own postings
        self._tail: list[sp.csr_matrix] = []
        self._tail_mat: sp.csr_matrix | None = None
        self._dense = np.ascontiguousarray(dense, dtype=np.float32)
        self._n = self._main.shape[0]

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
        if self._n == self._dense.shape[0]:
            grown = np.zeros((max(16, 2 * self._n), self.dim), dtype=np.float32)
            grown[: self._n] = self._dense[: self._n]
            self._dense = grown
        if self.dim:
            self._dense[self._n] = vec.reshape(-1)
        self._n += 1
        if len(self._tail) > max(TAIL_LIMIT, self._main.shape[0] // 20):
            self.compact()
        return self._n - 1

    def compact(self) -> None:
        """Fold appended rows into the main posting lists."""
        if self._tail:
            self._main = sp.vstack([self._main, *self._tail], format="csr", dtype=np.float32)
            self._main_t = self._main.T.tocsr()
            self._tail, self._tail_mat = [], None

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

    def dense_rows(self, rows: np.ndarray) -> np.ndarray:
        """Return the semantic vectors of the given rows."""
        return self._dense[rows]

    def score(self, lex: sp.csr_matrix, vecs: np.ndarray) -> np.ndarray:
        """Return hybrid similarities (q, n) of query rows against every stored row."""
        q = lex.shape[0]
        out = np.zeros((q, self._n), dtype=np.float32)
        if self.w > 0:
            m = self._main.shape[0]
            out[:, :m] = (lex @ self._main_t).toarray() * self.w
            if self._tail:
                if self._tail_mat is None:
                    self._tail_mat = sp.vstack(self._tail, format="csr")
                out[:, m:] = (lex @ self._tail_mat.T).toarray() * self.w
        if self.w < 1 and self.dim:
            sem = vecs @ self._dense[: self._n].T
            np.maximum(sem, 0, out=sem)
            out += (1 - self.w) * sem
        return out

    def pair_scores(self, a: np.ndarray, b: np.ndarray, w: float | None = None) -> np.ndarray:
        """Return similarities of the row pairs (a[i], b[i]); w overrides the lexical share."""
        w = self.w if w is None else w
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        out = np.zeros(len(a), dtype=np.float32)
        if len(a) == 0:
            return out
        if w > 0:
            self.compact()
            lex = np.asarray(self._main[a].multiply(self._main[b]).sum(axis=1)).ravel()
            out += w * lex.astype(np.float32)
        if w < 1 and self.dim:
            for s in range(0, len(a), PAIR_CHUNK):  # chunks: 1M pairs would gather 2 x 1.5 GB at once
                sem = np.einsum("ij,ij->i", self._dense[a[s:s + PAIR_CHUNK]], self._dense[b[s:s + PAIR_CHUNK]])
                out[s:s + PAIR_CHUNK] += (1 - w) * np.maximum(sem, 0)
        return out
