"""Duplicate detection and theme clustering for feedback: framework-free (numpy, scipy, scikit-learn)."""
from .documents import Document, Match
from .encoders import BACKENDS, DEFAULT_BACKEND, Encoder, get_encoder
from .index import SimilarityIndex
from .themes import Theme, ThemeResult, find_themes

__all__ = [
    "BACKENDS", "DEFAULT_BACKEND", "Document", "Encoder", "Match", "SimilarityIndex", "Theme", "ThemeResult",
    "find_themes", "get_encoder",
]
