"""A low-dimensional sketch of the semantic vectors, to shortlist a query's best rows cheaply.

At 100,000 ideas the full semantic product of one query reads 154 MB and is most of a lookup's
time. The vectors' leading principal directions keep their dot products close enough that the
best rows by sketch hold the best rows by exact score (0.999 of the exact top 10 on the dev set,
measured with bench/sketch.py); only that shortlist is then scored exactly.
"""
from __future__ import annotations

import numpy as np

from .rows import with_room

SKETCH_MIN_ROWS = 20_000  # below this the full product takes about 2 ms: nothing to gain
SKETCH_DIMS = 96
SHORTLIST = 200  # rows scored exactly per query
_SAMPLE = 20_000  # rows the directions are fitted on


def principal_basis(dense: np.ndarray, dims: int) -> np.ndarray:
    """Return the (d, dims) leading right singular vectors of the rows (fitted on a fixed sample)."""
    rng = np.random.default_rng(0)
    sample = rng.choice(len(dense), size=min(len(dense), _SAMPLE), replace=False)
    _, _, vt = np.linalg.svd(dense[sample], full_matrices=False)
    return np.ascontiguousarray(vt[:dims].T)


class SemanticSketch:
    """Each stored semantic vector projected on the corpus's leading directions."""

    def __init__(self, dense: np.ndarray, capacity: int):
        self.basis = principal_basis(dense, SKETCH_DIMS)
        self.shortlist = SHORTLIST
        self._rows = np.zeros((capacity, self.basis.shape[1]), dtype=np.float32)
        self._rows[: len(dense)] = dense @ self.basis

    def set(self, row: int, vec: np.ndarray) -> None:
        """Store the sketch of one more vector, growing like the store's own arrays."""
        self._rows = with_room(self._rows, row)
        self._rows[row] = vec.reshape(-1) @ self.basis

    def dots(self, vec: np.ndarray, n: int) -> np.ndarray:
        """Return the approximate dot products of one vector with the first n stored ones."""
        return self._rows[:n] @ (vec.reshape(-1) @ self.basis)


def wants_sketch(rows: int, dim: int) -> bool:
    """Whether a store of this size and width gains from a sketch."""
    return rows >= SKETCH_MIN_ROWS and dim > SKETCH_DIMS
