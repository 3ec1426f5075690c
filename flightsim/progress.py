"""One progress mechanism for every long command, drawn by tqdm.

Two ways to report progress, both onto one :class:`Progress` bar:

- as a callable ``(done, total)``, the shape of ``Simulation.run(progress=...)``
  (simulated seconds done and in all);
- by counting, ``bar.update(n)`` (cases, trim points, aircraft), or by iterating
  with :func:`tracked` (``for target in tracked(targets, desc="validate"): ...``).

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
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import TextIO, TypeVar

from tqdm import tqdm

_AMOUNT_FORMAT = "{l_bar}{bar}| {n:.1f}/{total:.1f} {unit} [{elapsed}<{remaining}]"
"""The bar of an amount (simulated seconds): one decimal, the time spent and left."""
_COUNT_FORMAT = "{l_bar}{bar}| {n_fmt}/{total_fmt} {unit} [{elapsed}<{remaining}]"
"""The bar of a count (``12/60 target``), the time spent and left."""


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
            bar_format=_COUNT_FORMAT if total is not None else None,
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
            self._bar.bar_format = _AMOUNT_FORMAT  # "49.6/60.0 s sim", not "49.550000001/60.0"
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


T = TypeVar("T")


def tracked(
    items: Sequence[T], *, desc: str = "", unit: str = "it", min_wall_s: float = 2.0
) -> Iterator[T]:
    """Yield ``items`` in order, counting them on a :class:`Progress` bar.

    The bar is drawn on terminals once the loop has run ``min_wall_s`` [s] of
    wall time, and removed when the loop ends.
    """
    with Progress(total=len(items), desc=desc, unit=unit, min_wall_s=min_wall_s) as bar:
        for item in items:
            yield item
            bar.update(1)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
