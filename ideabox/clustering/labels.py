"""Readable labels for themes: the central title and the most distinctive terms."""
from __future__ import annotations

import numpy as np

from .lexical import LexicalModel

MAX_LABEL = 80


def short_label(title: str) -> str:
    """Shorten a title to a one-line label."""
    text = " ".join(title.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"


def keywords_for(lex, rows: list[int], model: LexicalModel, n: int = 5) -> tuple[str, ...]:
    """Return the terms that weigh most across the theme's members (word features only)."""
    terms = model.terms()
    if lex is None or not len(terms):
        return ()
    weights = np.asarray(lex[rows][:, : len(terms)].sum(axis=0)).ravel()
    picked: list[str] = []
    for j in np.argsort(-weights)[: 4 * n]:
        if weights[j] <= 0:
            break
        term = str(terms[j])
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) == n:
            break
    return tuple(picked)
