"""Real-time pacing: absolute deadlines, achieved rate, late frames.

The pacer's logic is tested exactly on a clock of the test's own (no wall
time involved); one short smoke test paces a real simulation.
"""

import time

import pytest

from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.pacing import Pacer
from flightsim.sim.simulation import Simulation


class FakeClock:
    """A clock that moves only when the test works (``spend``) or the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def spend(self, seconds: float) -> None:
        self.now += seconds


def _pacer(clock: FakeClock, dt_s: float = 0.01, speed: float = 1.0) -> Pacer:
    return Pacer(dt_s, speed, clock=clock, sleep=clock.sleep)


def test_each_step_sleeps_until_its_absolute_deadline() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    for _ in range(10):
        clock.spend(0.004)  # the step's own work
        pacer.tick()
    assert clock.sleeps == pytest.approx([0.006] * 10)
    assert clock.now == pytest.approx(100.1)  # no drift: 10 deadlines of 10 ms
    report = pacer.report()
    assert (report.steps, report.late_frames, report.resyncs) == (10, 0, 0)
    assert report.realtime_factor == pytest.approx(1.0)
    assert report.steps_per_s == pytest.approx(100.0)
    assert report.caught_up


def test_speed_two_halves_the_period() -> None:
    clock = FakeClock()
    pacer = _pacer(clock, speed=2.0)
    for _ in range(4):
        pacer.tick()
    assert clock.sleeps == pytest.approx([0.005] * 4)
    assert pacer.report().realtime_factor == pytest.approx(2.0)


def test_falling_behind_is_reported_and_caught_up() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    clock.spend(0.05)  # five frames late
    pacer.tick()
    for _ in range(3):
        pacer.tick()  # still behind: no sleeping
    assert clock.sleeps == []
    assert not pacer.report().caught_up
    for _ in range(7):
        pacer.tick()
    report = pacer.report()
    assert report.steps == 11
    assert report.late_frames == 4  # steps 1-4 end 40, 30, 20, 10 ms late; step 5 on time
    assert report.max_lateness_s == pytest.approx(0.04)
    assert report.caught_up
    assert report.resyncs == 0
    assert report.wall_s == pytest.approx(0.11)  # back on the absolute schedule
    assert "4 late frames, max lateness 40.0 ms" in str(report)


def test_a_frame_within_the_tolerance_is_not_late() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    clock.spend(0.0115)  # 1.5 ms after the deadline: within 2 ms
    pacer.tick()
    assert pacer.report().late_frames == 0


def test_a_long_stall_restarts_the_schedule_instead_of_racing() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    pacer.tick()
    clock.spend(1.2)  # the caller stopped stepping
    pacer.tick()
    assert pacer.report().resyncs == 1
    start = clock.now
    for _ in range(10):
        pacer.tick()
    assert clock.now - start == pytest.approx(0.1)  # the new schedule, 10 ms a step
    assert pacer.report().caught_up


def test_a_short_paced_run_keeps_real_time(cruise_ic: InitialConditions) -> None:
    """Smoke test on the wall clock: 0.5 s paced, generous bounds for a busy machine."""
    sim = Simulation("c172p", cruise_ic, realtime=True, record="state")
    sim.trim()
    started = time.perf_counter()
    rec = sim.run(0.5)
    wall = time.perf_counter() - started
    assert 0.48 <= wall < 1.5
    report = sim.pacing_report
    assert report is not None and report.steps == 60
    assert len(rec) == 61
    for _ in range(12):  # paced step() calls continue that run's schedule
        sim.step()
    assert sim.pacing_report is not None and sim.pacing_report.steps == 72


def test_default_is_as_fast_as_possible(cruise_ic: InitialConditions) -> None:
    sim = Simulation("c172p", cruise_ic, record=None)
    started = time.perf_counter()
    sim.run(5.0)
    assert time.perf_counter() - started < 1.0
    assert sim.pacing_report is None
