"""Quality measures: duplicate retrieval (Recall@k, MAP) and theme agreement (pairwise F1, ARI)."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

import numpy as np
from sklearn.metrics import adjusted_rand_score

from .documents import Document
from .encoders import DEFAULT_BACKEND, Progress, get_encoder
from .index import SimilarityIndex
from .themes import find_themes


def retrieval_metrics(scores_of, groups: Sequence[str], ks=(1, 5, 10), progress: Progress = None) -> dict:
    """Rank all other items for every item whose group has 2+ members; return Recall@k and MAP."""
    groups = np.asarray(groups, dtype=object)
    members = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    queries = [i for i, g in enumerate(groups) if len(members[g]) > 1]
    hits = {k: 0 for k in ks}
    ap_sum = 0.0
    step = 256
    for start in range(0, len(queries), step):
        batch = np.array(queries[start:start + step])
        scores = scores_of(batch)
        for row, q in zip(scores, batch):
            row[q] = -np.inf
            rel = np.array([j for j in members[groups[q]] if j != q])
            rel_scores = np.sort(row[rel])[::-1]
            # rank of each relevant item = 1 + items scoring strictly higher (ties resolved optimistically)
            ranks = np.array([(row > s).sum() + 1 for s in rel_scores])
            ranks = np.maximum.accumulate(np.maximum(ranks, np.arange(1, len(ranks) + 1)))
            ap_sum += float(np.mean(np.arange(1, len(ranks) + 1) / ranks))
            for k in ks:
                hits[k] += int(ranks[0] <= k)
        if progress:
            progress(min(start + step, len(queries)), len(queries))
    n = max(len(queries), 1)
    out = {f"recall@{k}": round(hits[k] / n, 4) for k in ks}
    out["map"] = round(ap_sum / n, 4)
    out["queries"] = len(queries)
    return out


def _pairs(labels: Sequence) -> int:
    return sum(c * (c - 1) // 2 for c in Counter(labels).values())


def pairwise_metrics(true: Sequence, pred: Sequence) -> dict:
    """Pairwise precision, recall, F1 and ARI of a predicted partition against true groups."""
    both = _pairs(list(zip(true, pred)))
    p_pairs, t_pairs = _pairs(pred), _pairs(true)
    precision = both / p_pairs if p_pairs else 0.0
    recall = both / t_pairs if t_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ari = adjusted_rand_score([str(t) for t in true], [str(p) for p in pred])
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "ari": round(float(ari), 4)}


def evaluate(docs: Sequence[Document], groups: Sequence[str], backend: str = DEFAULT_BACKEND,
             embeddings=None, progress: Progress = None) -> dict:
    """Return retrieval and theme metrics of a backend on labelled documents."""
    encoder = get_encoder(backend)
    if embeddings is None:
        embeddings = encoder.embed(docs, progress)
    index = SimilarityIndex.build(docs, embeddings, encoder)
    store = index.store

    def scores_of(rows):
        return store.score(store.lexical_rows(rows), store.dense_rows(rows))

    result = {"backend": encoder.backend, "model": encoder.model if encoder.uses_semantic else None,
              "items": len(docs)}
    result.update(retrieval_metrics(scores_of, groups, progress=progress))
    themes = find_themes(docs, embeddings, encoder, progress=progress)
    pred = [themes.theme_of(d.id) for d in docs]
    result["themes"] = pairwise_metrics(list(groups), pred)
    result["themes"]["threshold"] = round(themes.threshold, 4)
    result["themes"]["groups_2plus"] = sum(1 for t in themes.themes if len(t.member_ids) > 1)
    return result
