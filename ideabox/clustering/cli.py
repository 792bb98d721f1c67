"""Command line: neighbors, themes and evaluate on any feedback CSV (id, title, body)."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

from .csvio import InputError, read_csv
from .encoders import BACKENDS, DEFAULT_BACKEND, get_encoder
from .evaluate import evaluate
from .graph import knn_graph
from .index import SimilarityIndex
from .progress import ProgressBar
from .themes import find_themes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ideabox.clustering", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in [("neighbors", "k most similar items per item, as JSON lines"),
                            ("themes", "one theme per item, as CSV id,theme,label"),
                            ("evaluate", "quality against a `group` column, as JSON")]:
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("input", help="UTF-8 CSV with a header row holding id, title, body")
        cmd.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
        cmd.add_argument("--quiet", action="store_true", help="no progress bar")
        cmd.add_argument("--vectors", metavar="FILE.npz",
                         help="reuse semantic vectors stored here by an earlier run (written if absent)")
        if name == "neighbors":
            cmd.add_argument("--k", type=int, default=10)
    return parser


def _embed(docs, encoder, bar: ProgressBar, path: str | None) -> np.ndarray:
    """Encode once: load vectors stored for the same ids and model, else compute (and store)."""
    ids = np.array([str(d.id) for d in docs])
    if path and Path(path).exists():
        with np.load(path, allow_pickle=False) as saved:
            if str(saved["model"]) == encoder.model and np.array_equal(saved["ids"], ids):
                return saved["vectors"]
    vectors = encoder.embed(docs, bar.stage_of("encode"))
    if path and encoder.uses_semantic:
        np.savez(path, ids=ids, model=encoder.model, vectors=vectors)
    return vectors


def _neighbors(docs, emb, encoder, k: int, bar: ProgressBar, out) -> None:
    index = SimilarityIndex.build(docs, emb, encoder)
    nbr, val = knn_graph(index.store, k, bar.stage_of("neighbors"))
    for i, doc in enumerate(docs):
        found = [{"id": docs[j].id, "score": round(float(min(s, 1.0)), 4)} for j, s in zip(nbr[i], val[i])]
        out.write(json.dumps({"id": doc.id, "neighbors": found}) + "\n")


def _themes(docs, emb, encoder, bar: ProgressBar, out) -> None:
    result = find_themes(docs, emb, encoder, progress=bar.stage_of("themes"))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "theme", "label"])
    for doc in docs:
        theme_no = result.theme_of(doc.id)
        writer.writerow([doc.id, theme_no, result.themes[theme_no].label])


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(argv)
    bar = ProgressBar("", enabled=not args.quiet)
    try:
        docs, groups = read_csv(args.input)
        if args.command == "evaluate" and groups is None:
            raise InputError(f"{args.input} has no `group` column to evaluate against")
        if args.command == "evaluate" and len(set(groups)) == len(groups):
            raise InputError(f"{args.input}: no group has 2 or more items, so there are no duplicates to find")
        if args.command == "neighbors" and args.k < 1:
            raise InputError("--k must be at least 1")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    encoder = get_encoder(args.backend)
    emb = _embed(docs, encoder, bar, args.vectors)
    if args.command == "neighbors":
        _neighbors(docs, emb, encoder, args.k, bar, sys.stdout)
    elif args.command == "themes":
        _themes(docs, emb, encoder, bar, sys.stdout)
    else:
        print(json.dumps(evaluate(docs, groups, encoder, emb, bar.stage_of("evaluate")), indent=2))
    return 0
