"""Command line: neighbors, themes and evaluate on any feedback CSV (id, title, body)."""
from __future__ import annotations

import argparse
import csv
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

from .csvio import InputError, read_csv
from .encoders import BACKENDS, DEFAULT_BACKEND, get_encoder
from .evaluate import evaluate
from .graph import knn_graph
from .index import SimilarityIndex, check_embeddings
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
                         help="semantic vectors of these items stored here by an earlier run (written if "
                              "absent; a file of other items is refused, not overwritten)")
        if name == "neighbors":
            cmd.add_argument("--k", type=int, default=10)
    return parser


def _stored_vectors(path: str, ids: np.ndarray, model: str) -> np.ndarray | None:
    """Return the vectors an earlier run stored at path for these ids and model, None if there are none
    yet; a file that holds anything else is refused rather than overwritten."""
    where = Path(path)
    if not where.exists():
        if not where.parent.is_dir():
            raise InputError(f"--vectors {path}: the folder {where.parent} does not exist")
        return None
    try:
        with np.load(where, allow_pickle=False) as saved:
            stored_model, stored_ids, vectors = str(saved["model"]), saved["ids"], saved["vectors"]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"--vectors {path} is not a vectors file written by this command ({exc})") from None
    if stored_model != model:
        raise InputError(f"--vectors {path} holds vectors of the {stored_model} model, this run uses {model}; "
                         "remove it or give another path")
    if not np.array_equal(stored_ids, ids):
        raise InputError(f"--vectors {path} holds vectors of other items ({len(stored_ids)} stored, "
                         f"{len(ids)} in the input); remove it or give another path")
    return vectors


def _embed(docs, encoder, bar: ProgressBar, path: str | None) -> np.ndarray:
    """Encode once: use the vectors stored at path, else compute them (and store them there)."""
    ids = np.array([str(d.id) for d in docs])
    if path and encoder.uses_semantic:
        stored = _stored_vectors(path, ids, encoder.model)
        if stored is not None:
            try:
                return check_embeddings(encoder, docs, stored)
            except ValueError as exc:
                raise InputError(f"--vectors {path}: {exc}") from None
    vectors = encoder.embed(docs, bar.stage_of("encode"))
    if path and encoder.uses_semantic:
        try:
            np.savez(path, ids=ids, model=encoder.model, vectors=vectors)
        except OSError as exc:  # the run's output matters more than the cache
            print(f"warning: could not store the vectors in {path}: {exc.strerror}", file=sys.stderr)
    return vectors


def _neighbors(docs, emb, encoder, k: int, bar: ProgressBar, out) -> None:
    index = SimilarityIndex.build(docs, emb, encoder)
    nbr, val = knn_graph(index.store, k, bar.stage_of("neighbors"))
    for i, doc in enumerate(docs):
        found = [{"id": docs[j].id, "score": round(float(min(s, 1.0)), 4)} for j, s in zip(nbr[i], val[i]) if s > 0]
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
        encoder = get_encoder(args.backend)
        emb = _embed(docs, encoder, bar, args.vectors)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "neighbors":
        _neighbors(docs, emb, encoder, args.k, bar, sys.stdout)
    elif args.command == "themes":
        _themes(docs, emb, encoder, bar, sys.stdout)
    else:
        print(json.dumps(evaluate(docs, groups, encoder, emb, bar.stage_of("evaluate")), indent=2))
    return 0
