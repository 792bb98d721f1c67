"""Command line: neighbors, themes and evaluate on any feedback CSV (id, title, body)."""
from __future__ import annotations

import argparse
import csv
import json
import sys

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
        if name == "neighbors":
            cmd.add_argument("--k", type=int, default=10)
    return parser


def _neighbors(docs, encoder, k: int, bar: ProgressBar, out) -> None:
    emb = encoder.embed(docs, bar.stage_of("encode"))
    index = SimilarityIndex.build(docs, emb, encoder)
    nbr, val = knn_graph(index.store, k, bar.stage_of("neighbors"))
    for i, doc in enumerate(docs):
        found = [{"id": docs[j].id, "score": round(float(min(s, 1.0)), 4)} for j, s in zip(nbr[i], val[i])]
        out.write(json.dumps({"id": doc.id, "neighbors": found}) + "\n")


def _themes(docs, encoder, bar: ProgressBar, out) -> None:
    emb = encoder.embed(docs, bar.stage_of("encode"))
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
        if args.command == "neighbors" and args.k < 1:
            raise InputError("--k must be at least 1")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    encoder = get_encoder(args.backend)
    if args.command == "neighbors":
        _neighbors(docs, encoder, args.k, bar, sys.stdout)
    elif args.command == "themes":
        _themes(docs, encoder, bar, sys.stdout)
    else:
        emb = encoder.embed(docs, bar.stage_of("encode"))
        print(json.dumps(evaluate(docs, groups, encoder, emb, bar.stage_of("evaluate")), indent=2))
    return 0
