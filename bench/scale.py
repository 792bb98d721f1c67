"""Scale benchmark: index build, encoding, add, similar() latency and themes at N ideas.

Usage: python bench/scale.py 10000 [--backend hybrid]   (prints JSON with peak RSS)
Run each size in its own process so peak RSS is per size.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

import numpy as np

from corpus import load_labelled, recombined

from ideabox.clustering import Document, SimilarityIndex, find_themes, get_encoder


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def source_vectors(encoder) -> np.ndarray | None:
    """Stored vectors of the dataset items, encoded once and cached outside the repo."""
    if not encoder.uses_semantic:
        return None
    cache = Path(f"/tmp/ideabox-bench-source-{encoder.model}.npy")
    if not cache.exists():
        docs, _ = load_labelled()
        np.save(cache, encoder.embed(docs))
    return np.load(cache)


def pct(values, q) -> float:
    return round(float(np.percentile(values, q)) * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--backend", default="hybrid")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-themes", action="store_true")
    parser.add_argument("--themes-only", action="store_true", help="skip the index part, for a clean peak RSS")
    args = parser.parse_args()
    encoder = get_encoder(args.backend)
    source = source_vectors(encoder)
    if source is None:
        docs, vecs = recombined(args.n), encoder.embed([])
        vecs = np.zeros((args.n, 0), dtype=np.float32)
    else:
        docs, vecs = recombined(args.n, source_vectors=source)
    probes = recombined(args.queries, seed=1)
    out = {"n": args.n, "backend": encoder.backend, "model": encoder.model if encoder.uses_semantic else None,
           "load": round(os.getloadavg()[0], 1)}

    if args.themes_only:
        start = time.perf_counter()
        result = find_themes(docs, vecs, encoder)
        out.update(themes_s=round(time.perf_counter() - start, 1), theme_groups=len(result.groups),
                   threshold=round(result.threshold, 3), peak_rss_mb=round(peak_rss_mb()))
        print(json.dumps(out))
        return
    start = time.perf_counter()
    index = SimilarityIndex.build(docs, vecs, encoder)
    out["build_s"] = round(time.perf_counter() - start, 2)

    one = []
    for doc in probes[:100]:
        t = time.perf_counter()
        encoder.embed([doc])
        one.append(time.perf_counter() - t)
    out["encode_one_ms_p50"], out["encode_one_ms_p99"] = pct(one, 50), pct(one, 99)

    adds = []
    for i, doc in enumerate(probes[:100]):
        vec = encoder.embed([doc])[0] if encoder.uses_semantic else None
        t = time.perf_counter()
        index.add(Document(f"new-{i}", doc.title, doc.body), vec)
        adds.append(time.perf_counter() - t)
    out["add_ms_p50"], out["add_ms_p99"] = pct(adds, 50), pct(adds, 99)

    # the type-ahead box encodes the typed title once (timed above), then asks similar()
    typed = [Document("q", doc.title) for doc in probes]
    qvecs = encoder.embed(typed) if encoder.uses_semantic else [None] * len(typed)
    sims = []
    for doc, vec in zip(typed, qvecs):
        t = time.perf_counter()
        index.similar(doc, k=10, embedding=vec)
        sims.append(time.perf_counter() - t)
    out["similar_ms_p50"], out["similar_ms_p99"] = pct(sims, 50), pct(sims, 99)
    full = []
    for doc in probes[:100]:
        t = time.perf_counter()
        index.similar(doc, k=10)
        full.append(time.perf_counter() - t)
    out["similar_incl_encode_full_doc_ms_p99"] = pct(full, 99)
    out["rss_after_index_mb"] = round(peak_rss_mb())
    del index

    if not args.no_themes:
        start = time.perf_counter()
        result = find_themes(docs, vecs, encoder)
        out["themes_s"] = round(time.perf_counter() - start, 1)
        out["theme_groups"] = len(result.groups)
        out["threshold"] = round(result.threshold, 3)
    out["peak_rss_mb"] = round(peak_rss_mb())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
