"""Time of text preparation on hostile or odd input: it must grow linearly with the text.

Usage:  .venv/bin/python bench/text_cleaning.py [--sizes 10000 20000 40000]

Every idea's text goes through clean() when it is written, and a typed draft on each keystroke, so
a pattern that scans far and then fails at many starting points makes one request cost seconds.
For each kind of input it prints the time of lexical_fields() + semantic_text() at each size and
the growth factor from one size to the next (about 2 when linear, 4 when quadratic).
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ideabox.clustering import Document  # noqa: E402
from ideabox.clustering.text import lexical_fields, semantic_text  # noqa: E402

# one unit of each input, repeated to the size asked for
UNITS = {
    "prose": "the export to csv fails on large boards. ",
    "blank lines": "\n",
    "spaces and newlines": " \n",
    "stack frames": "   at org.acme.Saver.save(Saver.java:42)\n",
    "frames after blank lines": "\n\n   at a.b(c)\n",
    "greetings": "hi\n\n",
    "unclosed JIRA macros": "{code:",
    "open brackets": "[",
    "unclosed links": "[a](",
    "unclosed fences": "```x\n",
    "URLs": "https://example.com/a/b ",
    "dotted names": "a.b.",
    "timestamps": "2024-01-01 10:00 ",
}


def seconds(text: str) -> float:
    doc = Document(1, text[:140], text)
    start = time.perf_counter()
    lexical_fields(doc)
    semantic_text(doc)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    sizes = parser.parse_args().sizes
    print(f"{'input':26s}" + "".join(f"{n:>12,d} ch" for n in sizes) + "   growth per step")
    for name, unit in UNITS.items():
        times = [seconds((unit * (n // len(unit) + 1))[:n]) for n in sizes]
        growth = " ".join(f"{b / max(a, 1e-9):.1f}x" for a, b in zip(times, times[1:]))
        print(f"{name:26s}" + "".join(f"{t * 1000:12.1f} ms" for t in times) + f"   {growth}")


if __name__ == "__main__":
    main()
