"""Plain value types shared by the clustering engine."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

DocId = Union[str, int]


@dataclass(frozen=True)
class Document:
    """One idea: an id, a title and an optional body."""

    id: DocId
    title: str
    body: str = ""


@dataclass(frozen=True)
class Match:
    """A similar item and its similarity score in [0, 1]."""

    id: DocId
    score: float
