"""Pacing simulation steps to the wall clock.

Step ``k`` of a paced run has the absolute deadline ``start + k * dt /
speed`` on ``time.perf_counter`` (or a clock given to :class:`Pacer`):
sleeping until the deadline instead of for ``dt`` keeps sleep errors from
adding up. A step that finishes after its deadline is a late frame; the pacer
then does not sleep until it has caught up. When it is more than
:data:`MAX_CATCH_UP_S` behind (the caller stopped stepping for a while, or the
machine cannot keep up at all), it stops trying to catch up and restarts its
schedule from the current step (a resync).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

LATE_TOLERANCE_S = 0.002
"""A step is counted late when it ends more than this after its deadline [s]."""
MAX_CATCH_UP_S = 1.0
"""Lateness [s] beyond which the schedule restarts instead of catching up."""


@dataclass(frozen=True)
class PacingReport:
    """What a paced run achieved.

    ``steps_per_s`` is the achieved step rate, ``realtime_factor`` simulated
    seconds per wall second (1.0 for real time, 2.0 at ``speed=2``),
    ``late_frames`` the steps that ended more than 2 ms after their deadline,
    ``max_lateness_s`` the worst lateness [s], ``resyncs`` how often the
    schedule was restarted after falling more than 1 s behind, ``caught_up``
    whether the last step was on time.
    """

    target_speed: float
    steps: int
    wall_s: float
    sim_s: float
    late_frames: int
    max_lateness_s: float
    resyncs: int
    caught_up: bool

    @property
    def steps_per_s(self) -> float:
        """Achieved steps per wall-clock second."""
        return self.steps / self.wall_s if self.wall_s > 0 else float("inf")

    @property
    def realtime_factor(self) -> float:
        """Simulated seconds per wall-clock second."""
        return self.sim_s / self.wall_s if self.wall_s > 0 else float("inf")

    def __str__(self) -> str:
        return (
            f"{self.steps} steps in {self.wall_s:.3f} s wall: {self.steps_per_s:.0f} steps/s, "
            f"{self.realtime_factor:.3f}x real time (target {self.target_speed:g}x), "
            f"{self.late_frames} late frames, max lateness {self.max_lateness_s * 1e3:.1f} ms"
            + (f", {self.resyncs} resyncs" if self.resyncs else "")
            + ("" if self.caught_up else ", behind at the end")
        )


class Pacer:
    """Deadlines for the steps of a paced simulation at ``speed`` times real time.

    ``clock`` [s] and ``sleep`` are ``time.perf_counter`` and ``time.sleep``
    unless given (tests drive the pacer with a clock of their own).
    """

    def __init__(
        self,
        dt_s: float,
        speed: float,
        *,
        clock: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.dt_s = dt_s
        self.speed = speed
        self._clock = clock
        self._sleep = sleep
        self._period = dt_s / speed
        self._start = clock()
        self._anchor = self._start  # deadline of step `_anchor_step`
        self._anchor_step = 0
        self._steps = 0
        self._late = 0
        self._max_late = 0.0
        self._resyncs = 0
        self._behind = False

    def tick(self) -> None:
        """Count one step done; sleep until its deadline, or note it late."""
        self._steps += 1
        deadline = self._anchor + (self._steps - self._anchor_step) * self._period
        now = self._clock()
        lateness = now - deadline
        if lateness <= LATE_TOLERANCE_S:
            self._behind = False
            if lateness < 0.0:
                self._sleep(-lateness)
            return
        self._late += 1
        self._max_late = max(self._max_late, lateness)
        self._behind = True
        if lateness > MAX_CATCH_UP_S:
            self._resyncs += 1
            self._anchor, self._anchor_step = now, self._steps

    def report(self) -> PacingReport:
        """The achieved rate and lateness since the pacer started."""
        wall = self._clock() - self._start
        return PacingReport(
            target_speed=self.speed,
            steps=self._steps,
            wall_s=wall,
            sim_s=self._steps * self.dt_s,
            late_frames=self._late,
            max_lateness_s=self._max_late,
            resyncs=self._resyncs,
            caught_up=not self._behind,
        )
