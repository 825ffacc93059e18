"""A text progress bar for long imports on the command line."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second."""

    width = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        share = done / total if total else 1.0
        filled = round(self.width * share)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {share:4.0%} {done:,}/{total:,} rows")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
