"""Row arrays that grow by doubling, so appending one item at a time stays cheap."""
from __future__ import annotations

import numpy as np


def with_room(array: np.ndarray, row: int, fill=0) -> np.ndarray:
    """Return array, or a copy at least twice as long (new rows set to fill), so that `row` fits."""
    if row < len(array):
        return array
    grown = np.full((max(16, 2 * len(array), row + 1), *array.shape[1:]), fill, dtype=array.dtype)
    grown[: len(array)] = array
    return grown
