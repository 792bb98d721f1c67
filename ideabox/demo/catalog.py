"""Read the written demo ideas and pick a sample of them that keeps duplicate groups intact."""
import random
import re
from dataclasses import dataclass
from functools import cache

from ideabox.demo.content import BOARDS
from ideabox.demo.corpus import CLUSTERS
from ideabox.demo.singles import SINGLES

HEADER = re.compile(r"^\[(?P<key>[^\]]+)\]\s+(?P<board>[\w-]+)\s*\|\s*(?P<tags>.*)$")
BOARD_PREFIX = re.compile(r"^@(?P<board>%s)\s+(?P<title>.+)$" % "|".join(slug for slug, *_ in BOARDS))
# Share of a sample taken from duplicate groups; the rest is the long tail of single ideas.
CLUSTER_SHARE = 0.45


@dataclass(frozen=True)
class WrittenIdea:
    """One idea as written in the corpus; `cluster` names its duplicate group, if any."""

    title: str
    body: str
    board: str
    tags: tuple[str, ...]
    cluster: str | None


def parse(text: str) -> list[list[WrittenIdea]]:
    """Parse the corpus format into groups of ideas, one group per `[key]` section."""
    groups: list[list[WrittenIdea]] = []
    key = board = None
    tags: tuple[str, ...] = ()
    pending: list[tuple[str, str, list[str]]] = []

    def close_section():
        if key is not None:
            cluster = None if key == "*" else key
            groups.append([WrittenIdea(t, _join(lines), b, tags, cluster) for t, b, lines in pending])
        pending.clear()

    for line in text.splitlines():
        if not line.strip():
            continue
        if header := HEADER.match(line):
            close_section()
            key, board = header["key"], header["board"]
            tags = tuple(t.strip() for t in header["tags"].split(",") if t.strip())
        elif line.startswith(" "):
            pending[-1][2].append(line.strip())
        elif moved := BOARD_PREFIX.match(line):
            pending.append((moved["title"].strip(), moved["board"], []))
        else:
            pending.append((line.strip(), board, []))
    close_section()
    return groups


def _join(lines: list[str]) -> str:
    """Body paragraphs from indented lines; consecutive `- ` lines stay one Markdown list."""
    body = ""
    for previous, line in zip([None, *lines], lines):
        in_list = line.startswith("- ") and previous is not None and previous.startswith("- ")
        body += ("\n" if in_list else "\n\n" if previous is not None else "") + line
    return body


@cache
def clusters() -> tuple[tuple[WrittenIdea, ...], ...]:
    """Every duplicate group of the corpus, in written order."""
    return tuple(tuple(group) for group in parse(CLUSTERS))


@cache
def singles() -> tuple[WrittenIdea, ...]:
    """Every stand-alone idea of the corpus, in written order."""
    return tuple(idea for group in parse(SINGLES) for idea in group)


def catalog_size() -> int:
    """How many ideas are written: the most a demo can hold."""
    return sum(len(group) for group in clusters()) + len(singles())


def choose_ideas(rng: random.Random, count: int) -> list[WrittenIdea]:
    """Pick `count` ideas: whole or shortened duplicate groups first, then single ideas."""
    if count >= catalog_size():
        return [idea for group in clusters() for idea in group] + list(singles())
    scale = count / catalog_size()
    budget = max(2, round(count * CLUSTER_SHARE))
    chosen: list[WrittenIdea] = []
    for group in clusters():
        take = min(len(group), max(2, round(len(group) * scale)), budget)
        if take < 2:
            break
        chosen.extend(group[:take])
        budget -= take
    chosen.extend(rng.sample(singles(), count - len(chosen)))
    return chosen
