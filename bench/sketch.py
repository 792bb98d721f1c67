"""How often the sketch's shortlist holds the exact best matches, and what it saves per lookup.

Usage: python bench/sketch.py 100000            (recombined corpus, typed titles as queries)
       python bench/sketch.py --dev FILE.npz     (dev items against all others, their stored vectors)
Prints JSON: share of the exact top 10 and top 20 that similar() returns, and latencies with the
sketch and with the full product.
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np

from corpus import load_labelled, recombined
from scale import pct, source_vectors

from ideabox.clustering import Document, SimilarityIndex, get_encoder, sketch


def exact_top(index: SimilarityIndex, doc: Document, vec: np.ndarray, skip: int | None, m: int) -> np.ndarray:
    """Rows of the m best exact scores (the full semantic product, no sketch)."""
    scores = index.store.score(index.lexical.transform([doc]), vec.reshape(1, -1))[0]
    if skip is not None:
        scores[skip] = -np.inf
    top = np.argpartition(-scores, m - 1)[:m]
    return top[np.argsort(-scores[top], kind="stable")]


def measure(index: SimilarityIndex, queries: list, vectors: np.ndarray, own_rows: list) -> dict:
    found = {10: 0, 20: 0}
    fast, full = [], []
    ids = index.ids
    for doc, vec, row in zip(queries, vectors, own_rows):
        skip = [ids[row]] if row is not None else []
        t = time.perf_counter()
        got = [m.id for m in index.similar(doc, k=20, exclude=skip, embedding=vec)]
        fast.append(time.perf_counter() - t)
        t = time.perf_counter()
        want = [ids[r] for r in exact_top(index, doc, vec, row, 20)]
        full.append(time.perf_counter() - t)
        for m in found:
            found[m] += len(set(got[:m]) & set(want[:m]))
    n = len(queries)
    return {"queries": n, "sketched": index.store.sketched,
            "share_of_exact_top10": round(found[10] / (10 * n), 4),
            "share_of_exact_top20": round(found[20] / (20 * n), 4),
            "similar_ms_p50": pct(fast, 50), "similar_ms_p99": pct(fast, 99),
            "full_product_ms_p50": pct(full, 50), "full_product_ms_p99": pct(full, 99)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--dev", metavar="FILE.npz", help="the dev set's stored vectors (from evaluate --vectors)")
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    encoder = get_encoder("hybrid")
    if args.dev:
        sketch.SKETCH_MIN_ROWS = 0  # the dev set is smaller than where the sketch starts: force it
        docs, _ = load_labelled()
        vectors = np.load(args.dev)["vectors"]
        index = SimilarityIndex.build(docs, vectors, encoder)
        rows = np.random.default_rng(1).choice(len(docs), min(args.queries, len(docs)), replace=False).tolist()
        out = measure(index, [docs[r] for r in rows], vectors[rows], rows)
    else:
        docs, vectors = recombined(args.n, source_vectors=source_vectors(encoder))
        index = SimilarityIndex.build(docs, vectors, encoder)
        typed = [Document("q", doc.title) for doc in recombined(args.queries, seed=1)]
        out = measure(index, typed, encoder.embed(typed), [None] * len(typed))
    print(json.dumps({"n": len(docs), **out}))


if __name__ == "__main__":
    main()
