"""A tiny progress bar for long commands, drawn on stderr only when it is a terminal.

Hand-made rather than rich's, so that it costs nothing when output goes to a
file or a pipe (CI, `> report.txt`): then it draws nothing at all, and stdout
stays clean for the report itself.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class Progress:
    """`with Progress(total, "Playing") as bar: bar.update(done)`; silent when not a TTY."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None,
                 force: bool | None = None):
        self.total = max(total, 1)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = isatty() if force is None else force
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        share = min(done / self.total, 1.0)
        filled = int(share * WIDTH)
        bar = "█" * filled + "░" * (WIDTH - filled)
        elapsed = now - self.started
        self.stream.write(f"\r{self.label} {bar} {share:4.0%} {done:,}/{self.total:,} "
                          f"{elapsed:5.1f}s")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Wipe the bar so the report that follows starts on a clean line."""
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False
