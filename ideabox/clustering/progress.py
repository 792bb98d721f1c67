"""A dependency-free progress bar on stderr."""
from __future__ import annotations

import sys
import time


class ProgressBar:
    """Callable(done, total) that redraws a one-line bar at most ten times a second."""

    def __init__(self, stage: str, stream=None, enabled: bool = True):
        self.stage = stage
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self._last = 0.0
        self._start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and done < total):
            return
        self._last = now
        frac = done / total if total else 1.0
        bar = "#" * int(30 * frac)
        self.stream.write(f"\r{self.stage:<10} [{bar:<30}] {done}/{total} {now - self._start:6.1f}s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def stage_of(self, stage: str) -> "ProgressBar":
        """Return a bar for the next stage of the same run."""
        return ProgressBar(stage, self.stream, self.enabled)
