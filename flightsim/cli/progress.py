"""A one-line progress bar on stderr for long runs.

Drawn only when the stream is a terminal, and only for runs expected to take
more than ``min_wall_s`` of wall time (estimated from the progress so far), so
short runs and redirected output stay clean. Pass the instance as the
``progress`` callback of ``Simulation.run``.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Callable ``(done_s, total_s)`` drawing ``[#####-----]  42%  25.2/60.0 s sim``.

    ``stream`` defaults to ``sys.stderr`` (looked up at construction);
    ``min_wall_s`` [s] is the estimated wall time below which nothing is drawn;
    redraws happen at most every ``interval_s`` [s] of wall time.
    """

    def __init__(
        self,
        label: str = "",
        *,
        stream: TextIO | None = None,
        min_wall_s: float = 2.0,
        interval_s: float = 0.1,
        width: int = 30,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.min_wall_s = min_wall_s
        self.interval_s = interval_s
        self.width = width
        self.enabled = _is_tty(self.stream)
        self.drawn = False
        """True once the bar has been drawn at least once."""
        self._start = time.monotonic()
        self._next_draw = self._start + min(0.25, interval_s)

    def __call__(self, done_s: float, total_s: float) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next_draw and not (self.drawn and done_s >= total_s):
            return
        self._next_draw = now + self.interval_s
        fraction = min(max(done_s / total_s, 0.0), 1.0) if total_s > 0 else 1.0
        elapsed = now - self._start
        if not self.drawn:
            expected = elapsed / fraction if fraction > 0 else float("inf")
            if expected < self.min_wall_s:
                return
        filled = round(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        left = elapsed / fraction - elapsed if fraction > 0 else float("nan")
        text = f"\r{self.label}[{bar}] {fraction:4.0%}  {done_s:.1f}/{total_s:.1f} s sim"
        if fraction < 1.0:
            text += f", ~{left:.0f} s left"
        self.stream.write(text + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """End the bar's line (when one was drawn)."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
