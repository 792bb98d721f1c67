"""Readable labels for themes: the central title and the most distinctive terms."""
from __future__ import annotations

MAX_LABEL = 80


def short_label(title: str) -> str:
    """Shorten a title to a one-line label."""
    text = " ".join(title.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"


def distinct_terms(ranked_terms, weights, n: int = 5) -> tuple[str, ...]:
    """Return the first n of terms ranked heaviest first that neither contain nor sit inside one
    picked before, stopping at the first weight of 0."""
    picked: list[str] = []
    for term, weight in zip(ranked_terms, weights):
        if weight <= 0:
            break
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) == n:
            break
    return tuple(picked)
