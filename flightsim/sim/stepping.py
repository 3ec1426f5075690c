"""The stepper: every way a Simulation steps JSBSim, in one place.

:class:`Stepper` advances an FDM by whole steps, recording a row every
``record_every`` steps into a :class:`~flightsim.sim.recorder.Recorder` and
checking each step for a crash or a diverged state. The same loop serves a
plain run, a run driven by a controls hook every ``hook_every`` steps, a run
paced to the wall clock, ``step()`` and a script run to its end.

The steps and the property reads run in a compiled loop
(``flightsim/sim/_steploop.c``) when it is built, else in its pure-Python twin
(:mod:`flightsim.sim._steploop_pure`), which records the same values bit for
bit. ``FLIGHTSIM_PURE_PYTHON=1`` in the environment picks the twin;
:func:`flightsim.sim.steploop.accelerated` (the module that chooses) tells
which one is in use.

Every call of the loop reports how many steps JSBSim took, also when a step
or a read raised: :attr:`Stepper.steps` always agrees with JSBSim's clock.
"""

from __future__ import annotations

import math
import time
from array import array
from collections.abc import Callable

from flightsim.errors import SimulationError
from flightsim.sim import _steploop_pure, steploop
from flightsim.sim.pacing import Pacer
from flightsim.sim.recorder import FLUSH_INTERVAL_S, Recorder

DIVERGED, IMPACT, ENDED = 1, 2, 3
"""What stopped a call of the loop early (see flightsim/sim/_steploop.c)."""
_BATCH_WALL_S = 0.2
"""Target wall time [s] of one call of the loop (progress and flushes come between calls)."""

Hook = Callable[[int], None]
"""Called with the step number before the steps it governs (the controls adapter)."""
Progress = Callable[[float, float], None]


def _closed() -> object:
    raise SimulationError("this Simulation is closed")


def new_state(sink_limit_fps: float, *, check_ground: bool) -> array[float]:
    """The state buffer of the step loop: limits in, counters and the crash check's memory."""
    state = array("d", bytes(8 * _steploop_pure.STATE_SIZE))
    state[_steploop_pure.SINK_LIMIT] = sink_limit_fps
    state[_steploop_pure.CHECK_GROUND] = 1.0 if check_ground else 0.0
    state[_steploop_pure.TERRAIN_FT] = math.nan  # unknown until the first h-agl read
    return state


class Stepper:
    """Steps one FDM, records into one Recorder, checks every step.

    ``on_trip(code, sink_fps)`` is called after a step that diverged
    (:data:`DIVERGED`) or hit the ground (:data:`IMPACT`, ``sink_fps`` the
    sink rate of the impact [ft/s]), once the row of that step is recorded;
    it raises to stop, or returns to fly on.
    """

    def __init__(
        self,
        run: Callable[[], object],
        recorder: Recorder,
        getters: tuple[Callable[[], float], ...],
        checks: tuple[Callable[[], float], ...],
        *,
        dt_s: float,
        record_every: int,
        sink_limit_fps: float,
        on_trip: Callable[[int, float], None],
        steps: int = 0,
    ):
        self.steps = steps
        self.recorder = recorder
        self.getters = getters
        self.record_every = record_every
        self._run = run
        self._checks = checks
        self._dt_s = dt_s
        self._on_trip = on_trip
        self._state = new_state(sink_limit_fps, check_ground=True)
        self._batch_rows = max(1, round(0.05 / dt_s / record_every))
        self._last_flush = time.perf_counter()

    def release(self) -> None:
        """Drop every reference into the FDM (the Simulation closes): stepping then fails."""
        self._run = _closed
        self._checks = ()
        self.getters = ()

    # -- rows -------------------------------------------------------------------------
    def record_row(self) -> None:
        """Record the state now, unless this step's row is already recorded."""
        if self.getters and self.recorder.last_step != self.steps:
            self.recorder.append_row(self.getters)
            self.recorder.add_steps(self.steps, 1, self.record_every)

    def _record_first_row(self) -> None:
        if self.recorder.last_step is None and self.steps % self.record_every == 0:
            self.record_row()

    # -- stepping -----------------------------------------------------------------------
    def advance(
        self,
        n: int | None,
        *,
        hook: Hook | None = None,
        hook_every: int = 1,
        pacer: Pacer | None = None,
        progress: Progress | None = None,
        total_s: float | None = None,
        stop_at_end: bool = False,
    ) -> bool:
        """Run ``n`` steps (None: until the script ends, with ``stop_at_end``).

        ``hook(step)`` runs before every ``hook_every``-th step from here;
        ``pacer.tick()`` after every step; ``progress(done_s, total_s)`` about
        twice a wall second and at the end. Returns True when JSBSim said the
        script ended (``stop_at_end``).
        """
        self._state[_steploop_pure.STOP_AT_END] = 1.0 if stop_at_end else 0.0
        self._record_first_row()
        start = self.steps
        if hook is None and pacer is None and progress is None and n and self._one_call_fits(n):
            # a controller's short run: one call of the loop, none of the bookkeeping below
            code = self._call(self.record_every, n // self.record_every, True)
            if not code:
                return False
            if self._settle(code):
                return True
        total = total_s if total_s is not None else (n or 0) * self._dt_s
        if hook is None:
            ended = self._fly(None if n is None else start + n, pacer, progress, start, total)
        else:
            ended = self._hooked(n, hook, hook_every, pacer, progress, start, total)
        if progress is not None:
            progress((self.steps - start) * self._dt_s, total)
        return ended

    def _one_call_fits(self, n: int) -> bool:
        """Whether ``n`` steps from here are whole rows on the row grid, recorded, within
        one batch and the chunk's room: then one call of the loop flies them all."""
        every = self.record_every
        rows, rest = divmod(n, every)
        if rest or self.steps % every or not self.getters or rows >= self._batch_rows:
            return False
        return rows <= self.recorder.room(1)

    def _hooked(
        self,
        n: int | None,
        hook: Hook,
        hook_every: int,
        pacer: Pacer | None,
        progress: Progress | None,
        start: int,
        total_s: float,
    ) -> bool:
        """:meth:`advance` with ``hook`` called before every ``hook_every``-th step."""
        every = self.record_every
        # a hook's segment of whole rows, on the row grid: one call of the loop
        whole_rows = pacer is None and hook_every % every == 0
        flushing = progress is not None or self.recorder.stream_path is not None
        ended = False
        while not ended and (n is None or self.steps - start < n):
            hook(self.steps)
            segment_end = self.steps + hook_every
            target = segment_end if n is None else min(start + n, segment_end)
            if whole_rows and target == segment_end and self.steps % every == 0:
                ended = self._settle(self._call(every, hook_every // every, True))
                if flushing and self._flush_due() and progress is not None:
                    progress((self.steps - start) * self._dt_s, total_s)
                if ended or self.steps == target:
                    continue
            ended = self._fly(target, pacer, progress, start, total_s)
        return ended

    def _fly(
        self,
        target: int | None,
        pacer: Pacer | None,
        progress: Progress | None,
        start: int,
        total_s: float,
    ) -> bool:
        """Step up to step ``target`` (None: no limit); True when the script ended."""
        every = self.record_every
        flushing = progress is not None or self.recorder.stream_path is not None
        while target is None or self.steps < target:
            to_row = every - self.steps % every
            if pacer is not None:  # one step at a time, each to its deadline
                code = self._call(1, 1, to_row == 1)
                pacer.tick()
            else:
                left = to_row * self._batch_rows if target is None else target - self.steps
                if left < to_row:  # the end, between two rows
                    code = self._call(left, 1, False)
                elif to_row < every or left < 2 * every:  # up to the next row
                    code = self._call(to_row, 1, True)
                elif left // every < self._batch_rows:  # whole rows, all in one call
                    code = self._call(every, left // every, True)
                else:  # whole rows, as many as fit in about _BATCH_WALL_S
                    rows = self._batch_rows
                    t0 = time.perf_counter()
                    code = self._call(every, rows, True)
                    elapsed = time.perf_counter() - t0
                    if elapsed > 0:
                        self._batch_rows = max(1, int(rows * _BATCH_WALL_S / elapsed))
            if self._settle(code):
                return True
            if flushing and self._flush_due() and progress is not None:
                progress((self.steps - start) * self._dt_s, total_s)
        return False

    def _settle(self, code: int) -> bool:
        """After a call of the loop: True when the script ended; a trip recorded, reported."""
        if not code:
            return False
        if code == ENDED:
            return True
        self.record_row()
        self._on_trip(code, self._state[_steploop_pure.IMPACT_SINK])
        return False

    def _call(self, steps: int, rows: int, read: bool) -> int:
        """One call of the loop; the step and row counts are kept whatever happens."""
        state = self._state
        first = self.steps
        getters = self.getters
        if read and getters:
            recorder = self.recorder
            rows = min(rows, recorder.room(1))
            try:
                return steploop.step_rows(
                    self._run, steps, rows, getters, recorder.chunk, recorder.offset,
                    self._checks, state,
                )  # fmt: skip
            finally:
                done_rows = int(state[_steploop_pure.ROWS_DONE])
                if done_rows:
                    recorder.add_steps(first + steps, done_rows, self.record_every)
                self.steps = first + int(state[_steploop_pure.STEPS_DONE])
        try:
            return steploop.step_rows(self._run, steps, rows, (), None, 0, self._checks, state)
        finally:
            self.steps = first + int(state[_steploop_pure.STEPS_DONE])

    def _flush_due(self) -> bool:
        """Flush the CSV stream when the last flush is FLUSH_INTERVAL_S of wall time old."""
        now = time.perf_counter()
        if now - self._last_flush < FLUSH_INTERVAL_S:
            return False
        self._last_flush = now
        self.recorder.flush()
        return True
