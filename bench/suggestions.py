"""What the "similar ideas" box and the "is this the same as …?" question would show, per register.

Usage:  .venv/bin/python bench/suggestions.py [--dev] [--vectors FILE.npz]

Every item of a labelled sample is submitted in turn, once as a whole idea and once as a bare title
(a draft being typed), against all the others. For each rule it prints how many suggestions the box
shows per submission (at most 5), what share of them are labelled duplicates, and for how many
submissions that have a duplicate at least one is shown; then how often the same-as question is
asked about the best match and how often that match is a labelled duplicate. Samples: the
hand-written consumer and labelled test samples, the app's demo ideas, and with --dev the JIRA
evaluation set (whose labels miss many true duplicates, so its precisions are floors).
"""
import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ideabox.clustering import Document, SimilarityIndex, get_encoder  # noqa: E402
from ideabox.config import DefaultConfig as settings  # noqa: E402

LIMIT = 5
# (name, raw floor, closeness floor): the app's rules now, and the raw thresholds it used before
SHOW_RULES = [("raw >= 0.35 (before)", 0.35, 0.0),
              (f"raw >= {settings.SIMILAR_IDEAS_MIN_SCORE}, closeness >= {settings.SIMILAR_IDEAS_MIN_CLOSENESS}",
               settings.SIMILAR_IDEAS_MIN_SCORE, settings.SIMILAR_IDEAS_MIN_CLOSENESS)]
ASK_RULES = [("raw >= 0.5 (before)", 0.5, 0.0),
             (f"raw >= {settings.SAME_AS_MIN_SCORE}, closeness >= {settings.SAME_AS_MIN_CLOSENESS}",
              settings.SAME_AS_MIN_SCORE, settings.SAME_AS_MIN_CLOSENESS)]


def samples(dev: bool, vectors: str | None):
    from tests.clustering.consumer_sample import consumer_sample
    from tests.clustering.demo_sample import demo_sample
    from tests.clustering.labelled import labelled_sample

    yield "consumer", *consumer_sample(), None
    yield "labelled", *labelled_sample(), None
    yield "demo", *demo_sample(), None
    if dev:
        from corpus import load_labelled

        docs, groups = load_labelled()
        stored = None
        if vectors and Path(vectors).exists():
            with np.load(vectors) as saved:
                stored = saved["vectors"]
        yield "dev (JIRA)", docs, groups, stored


def submissions(docs, groups, stored):
    """Per mode, per submitted item: the matches the index returns as (score, closeness, is duplicate)."""
    encoder = get_encoder("hybrid")
    vectors = stored if stored is not None else encoder.embed(docs)
    index = SimilarityIndex.build(docs, vectors, encoder)
    drafts = [Document(f"draft-{i}", d.title) for i, d in enumerate(docs)]
    draft_vectors = encoder.embed(drafts)
    group_of = dict(zip((d.id for d in docs), groups))
    out = {}
    for mode, queries, qvecs in (("idea", docs, vectors), ("title", drafts, draft_vectors)):
        out[mode] = [[(m.score, m.closeness, group_of[m.id] == groups[i])
                      for m in index.similar(q, k=LIMIT, exclude=[docs[i].id], embedding=qvecs[i])]
                     for i, q in enumerate(queries)]
    return out


def report(name, groups, found) -> None:
    size = Counter(groups)
    has_duplicate = [size[g] > 1 for g in groups]
    print(f"\n{name}: {len(groups)} items, {sum(has_duplicate)} with a labelled duplicate")
    for mode, matches in found.items():
        for rule, floor, closeness in SHOW_RULES:
            shown = [[dup for s, c, dup in ms if s >= floor and c >= closeness] for ms in matches]
            total = sum(map(len, shown))
            hit = sum(any(s) for s, h in zip(shown, has_duplicate) if h)
            print(f"  {mode:5s} box  {rule:34s} {total / len(shown):4.2f} shown, precision "
                  f"{sum(map(sum, shown)) / max(total, 1):.3f}, a duplicate shown for {hit / sum(has_duplicate):.3f}")
        for rule, floor, closeness in ASK_RULES:
            asked = [ms[0][2] for ms in matches if ms and ms[0][0] >= floor and ms[0][1] >= closeness]
            print(f"  {mode:5s} ask  {rule:34s} asked after {len(asked) / len(matches):.3f}, "
                  f"right {sum(asked) / max(len(asked), 1):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="also the JIRA evaluation set (encodes it unless --vectors)")
    parser.add_argument("--vectors", help="the dev set's stored vectors (.npz from `evaluate --vectors`)")
    args = parser.parse_args()
    for name, docs, groups, stored in samples(args.dev, args.vectors):
        report(name, groups, submissions(docs, groups, stored))


if __name__ == "__main__":
    main()
