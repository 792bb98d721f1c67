"""Plain value types shared by the clustering engine."""
from __future__ import annotations

import re
from dataclasses import dataclass
from hashlib import blake2b
from typing import Union

DocId = Union[str, int]
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Document:
    """One idea: an id, a title and an optional body."""

    id: DocId
    title: str
    body: str = ""


def has_letter_or_digit(text: str) -> bool:
    """Whether a text holds anything to match: the sentence model would still embed "" or "???" near
    every short idea, and all such texts together."""
    return _LETTER_OR_DIGIT.search(text) is not None


def has_words(doc: Document) -> bool:
    """Whether a document holds a letter or digit (has_letter_or_digit) in its title or body."""
    return has_letter_or_digit(doc.title) or has_letter_or_digit(doc.body)


def same_text_key(doc: Document) -> bytes | None:
    """What two documents share when they hold the same text (title and body, case and spacing aside):
    a digest, not the text, so an index of 100,000 ideas does not keep a second copy of every text.
    None for a document without words: two blank rows of an export are not copies of one request."""
    if not has_words(doc):
        return None
    text = " ".join(f"{doc.title} \0 {doc.body}".casefold().split())
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(frozen=True)
class Match:
    """A similar item, its similarity score in [0, 1], and how close that is for this query.

    closeness rescales the score so 0 is the query's background (what its 20th most similar item
    scores) and 1 is identity; unlike the raw score it means the same on a board of one-line
    questions and on a board of long reports, where unrelated items share many words.
    """

    id: DocId
    score: float
    closeness: float = 0.0
