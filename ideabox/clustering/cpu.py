"""How many cores this process may use (its affinity mask where the OS has one)."""
from __future__ import annotations

import os


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# threads for one job's numpy work: each holds a chunk of scores in memory (the theme scan's hold
# SCAN_BLOCK x n, 154 MB at 100,000 items), so more cores than this would buy little and cost much
MAX_THREADS = 4


def worker_threads() -> int:
    """Return how many threads to spread one job's numpy work over."""
    return min(MAX_THREADS, usable_cores())
