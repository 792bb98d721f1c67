"""'Did you mean …?' on real text: the cost of building the vocabulary a zero-result search is corrected from, and
how often one typing slip comes back as the word meant.

Usage:  .venv/bin/python bench/spelling.py [--items 3000] [--queries 1000] [--dataset PATH]

The vocabulary is the words of the first --items reports' titles and bodies (as ideas.queries.search_vocabulary
takes the most-backed 3,000 ideas'). Each query is a title word of five or more letters with one random slip (two
letters swapped, one left out, one doubled or one changed), corrected by ideabox.ideas.spelling.corrected_search.
Printed: the build's time, per-query p50/p99, and the share corrected back to the word, to another word, or not.
"""
import argparse
import csv
import random
import string
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ideabox.ideas.spelling import corrected_search, words_of  # noqa: E402

DATASET = ROOT.parent / "shared" / "datasets" / "jira-hadoop-duplicates" / "items.csv"


def slip(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "change"))
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if kind == "drop":
        return word[:at] + word[at + 1:]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + rng.choice(string.ascii_lowercase.replace(word[at], "")) + word[at + 1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--dataset", type=Path, default=DATASET)
    args = parser.parse_args()
    csv.field_size_limit(10 ** 8)
    with args.dataset.open(encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(args.items), csv.DictReader(handle))]

    started = time.perf_counter()
    vocabulary = Counter()
    for row in rows:
        vocabulary.update(words_of(row["title"]))
        vocabulary.update(words_of(row["body"]))
    build_ms = (time.perf_counter() - started) * 1000

    rng = random.Random(7)
    candidates = sorted({w for row in rows for w in words_of(row["title"]) if len(w) >= 5 and w.isalpha()})
    timings, back, other, none = [], 0, 0, 0
    for word in rng.sample(candidates, min(args.queries, len(candidates))):
        typo = slip(word, rng)
        started = time.perf_counter()
        corrected = corrected_search(typo, vocabulary)
        timings.append((time.perf_counter() - started) * 1000)
        if typo in vocabulary:  # the slip made another known word: nothing to correct
            none += 1
        elif corrected == word:
            back += 1
        elif corrected is None:
            none += 1
        else:
            other += 1
    timings.sort()
    total = len(timings)
    print(f"items {len(rows)}  vocabulary {len(vocabulary)} words  build {build_ms:.0f} ms")
    print(f"queries {total}  p50 {timings[total // 2]:.2f} ms  p99 {timings[int(total * 0.99)]:.2f} ms")
    print(f"back to the word {back / total:.1%}  to another word {other / total:.1%}  left as typed {none / total:.1%}")


if __name__ == "__main__":
    main()
