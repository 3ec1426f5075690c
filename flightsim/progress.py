"""One progress mechanism for every long command, drawn by tqdm.

Two ways to report progress, both onto one :class:`Progress` bar:

- as a callable ``(done, total)``, the shape of ``Simulation.run(progress=...)``
  (simulated seconds done and in all);
- by counting, ``bar.update(n)`` (cases, trim points, aircraft).

A bar is drawn on stderr only when stderr is a terminal (tqdm's ``disable=None``)
and, for callable use, only once the run is expected to take more than
``min_wall_s`` of wall time, so short runs and redirected output stay clean. tqdm
shows the rate and the estimated time left (ETA).

Example::

    from flightsim.progress import Progress

    with Progress(total=len(points), desc="envelope", unit="point") as bar:
        for point in points:
            trim(point)
            bar.update(1)
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from tqdm import tqdm


class Progress:
    """A progress bar on ``stream`` (default stderr) for ``total`` units of work.

    Arguments:
        total: the amount of work (in ``unit``); may be set later through the
            callable form.
        desc: a short label drawn before the bar (e.g. the aircraft's name).
        unit: what one unit of work is ("s sim", "case", "point").
        stream: where to draw (default ``sys.stderr``, looked up at construction).
        min_wall_s: [s] expected wall time under which the callable form draws
            nothing (counting use draws from the start).
        enabled: force drawing on (True) or off (False); None draws on terminals.
    """

    def __init__(
        self,
        total: float | None = None,
        *,
        desc: str = "",
        unit: str = "it",
        stream: TextIO | None = None,
        min_wall_s: float = 0.0,
        enabled: bool | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.min_wall_s = min_wall_s
        self._start = time.monotonic()
        self._done = 0.0
        disable = (not enabled) if enabled is not None else not _is_tty(self.stream)
        self._bar = tqdm(
            total=total,
            desc=desc.strip() or None,
            unit=unit,
            file=self.stream,
            disable=disable,
            leave=False,
            dynamic_ncols=True,
            delay=min_wall_s if min_wall_s > 0 else 0.0,
            mininterval=0.1,
        )

    @property
    def enabled(self) -> bool:
        """True when the bar draws."""
        return not self._bar.disable

    def update(self, n: float = 1) -> None:
        """Count ``n`` more units of work done."""
        self._done += n
        self._bar.update(n)

    def __call__(self, done: float, total: float) -> None:
        """Report absolute progress: ``done`` of ``total`` units (e.g. simulated seconds)."""
        if self._bar.total != total:
            self._bar.total = total
        step = done - self._done
        if step > 0:
            self.update(step)

    def close(self) -> None:
        """Remove the bar's line."""
        self._bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
