"""Build bench corpora of real-looking ideas from the evaluation set, at run time only.

The evaluation data stays in ../shared/datasets; nothing from it is written into the repo.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ideabox.clustering import Document  # noqa: E402
from ideabox.clustering.csvio import read_csv  # noqa: E402

DATASET = Path(os.environ.get("IDEABOX_DATASET", ROOT.parent / "shared/datasets/jira-hadoop-duplicates/items.csv"))


def load_labelled() -> tuple[list[Document], list[str]]:
    """Return the labelled evaluation set (documents, groups)."""
    docs, groups = read_csv(DATASET)
    return docs, groups


def recombined(n: int, seed: int = 0, source_vectors: np.ndarray | None = None):
    """Return n ideas: real titles with real bodies of other items, sentences shuffled.

    With source_vectors (one stored vector per dataset item), also return stand-in stored vectors
    for the new ideas: the normalised sum of their title's and body's source vectors. Encoding
    100,000 texts with the sentence model takes about an hour here, and the app stores vectors once.
    """
    docs, _ = load_labelled()
    rng = np.random.default_rng(seed)
    out, pairs = [], []
    for i in range(n):
        a, b = rng.integers(len(docs), size=2)
        sentences = [s for s in docs[b].body.split(". ") if s]
        rng.shuffle(sentences)
        keep = sentences[: max(1, len(sentences) // 2 + 1)]
        out.append(Document(f"B-{i}", docs[a].title, ". ".join(keep)))
        pairs.append((a, b))
    if source_vectors is None:
        return out
    a, b = np.array(pairs).T
    vecs = source_vectors[a] + source_vectors[b]
    return out, (vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)).astype(np.float32)
