"""Time and size of rendering user-written Markdown on hostile or odd input.

Usage:  .venv/bin/python bench/markdown_render.py [--sizes 2000 5000 10000] [--repeat 3]

The idea page renders its body (at most 10,000 characters) and every comment (at most 5,000) as
Markdown. For each kind of input it prints the best of --repeat first renders (render_markdown
with its cache cleared) at each size, the HTML it gives, and the time of a render already cached.
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ideabox.markdown import render_markdown  # noqa: E402


def wide_table(size: int) -> str:
    """A table whose header is wide and whose rows are one cell each: the renderer pads every row."""
    columns = size // 6
    header = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n"
    return header + "|x\n" * ((size - len(header)) // 3)


# one unit of each input, repeated to the size asked for
UNITS = {
    "prose": "The export to **CSV** fails on large boards, see [the log](https://example.com/log). ",
    "open brackets": "[",
    "image openers": "![",
    "emphasis": "*a",
    "emphasis runs": "**a*",
    "unclosed links": "[a](",
    "entities": "&",
    "autolink openers": "<a",
    "table rows": "|a|b|\n",
}


def first_render_ms(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        render_markdown.cache_clear()
        start = time.perf_counter()
        render_markdown(text)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def cached_render_ms(text: str) -> float:
    render_markdown(text)
    start = time.perf_counter()
    render_markdown(text)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 5_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = {name: (lambda n, unit=unit: (unit * (n // len(unit) + 1))[:n]) for name, unit in UNITS.items()}
    texts["wide table, one-cell rows"] = wide_table
    print(f"{'input':27s}" + "".join(f"{n:>10,d} ch, HTML" for n in args.sizes) + "   cached")
    for name, make in texts.items():
        cells = []
        for n in args.sizes:
            text = make(n)
            cells.append(f"{first_render_ms(text, args.repeat):8.1f} ms {len(render_markdown(text)) / 1000:6.0f} kB")
        print(f"{name:27s}" + "".join(f"{c:>22s}" for c in cells) + f"   {cached_render_ms(make(args.sizes[-1])):.3f} ms")


if __name__ == "__main__":
    main()
