"""Readable labels for themes: the central title and the most distinctive terms."""
from __future__ import annotations

import numpy as np


MAX_LABEL = 80


def short_label(title: str) -> str:
    """Shorten a title to a one-line label."""
    text = " ".join(title.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"


def keywords_for(member_rows, terms: np.ndarray, n: int = 5) -> tuple[str, ...]:
    """Return the terms that weigh most across a theme's lexical rows, or over per-term weights (word features only)."""
    if member_rows is None or not len(terms):
        return ()
    if getattr(member_rows, "ndim", 1) == 2:
        summed = member_rows.sum(axis=0) if member_rows.shape[0] > 1 else member_rows
        summed = np.asarray(summed.todense() if hasattr(summed, "todense") else summed).ravel()[: len(terms)]
    else:  # already summed weights, one per term
        summed = np.asarray(member_rows, dtype=np.float64)
    picked: list[str] = []
    for j in np.argsort(-summed, kind="stable")[: 4 * n]:
        if summed[j] <= 0:
            break
        term = str(terms[j])
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) == n:
            break
    return tuple(picked)
