"""Real-time pacing: absolute deadlines, achieved rate, late frames."""

import time

import pytest

from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.pacing import Pacer
from flightsim.sim.simulation import Simulation

CRUISE = InitialConditions(altitude_ft=4000, kcas=100)


def test_two_seconds_in_real_time_take_two_seconds() -> None:
    sim = Simulation("c172p", CRUISE, realtime=True, record="state")
    sim.trim()
    started = time.perf_counter()
    rec = sim.run(2.0)
    wall = time.perf_counter() - started
    assert wall == pytest.approx(2.0, abs=0.1)
    report = sim.pacing_report
    assert report is not None
    assert report.steps == 240
    assert report.realtime_factor == pytest.approx(1.0, abs=0.05)
    assert report.steps_per_s == pytest.approx(120.0, rel=0.05)
    assert len(rec) == 241
    assert "steps/s" in str(report)


def test_speed_two_runs_twice_as_fast() -> None:
    sim = Simulation("c172p", CRUISE, speed=2.0, record=None)
    started = time.perf_counter()
    sim.run(1.0)
    assert time.perf_counter() - started == pytest.approx(0.5, abs=0.08)
    assert sim.pacing_report is not None
    assert sim.pacing_report.realtime_factor == pytest.approx(2.0, rel=0.1)


def test_falling_behind_is_reported_and_caught_up() -> None:
    pacer = Pacer(dt_s=0.01, speed=1.0)
    time.sleep(0.05)  # five frames late
    pacer.tick()
    started = time.perf_counter()
    for _ in range(3):
        pacer.tick()  # still behind: no sleeping
    assert time.perf_counter() - started < 0.005
    for _ in range(7):
        pacer.tick()
    report = pacer.report()
    assert report.steps == 11
    assert report.late_frames >= 4
    assert report.max_lateness_s >= 0.04
    assert report.caught_up
    assert report.resyncs == 0
    assert report.wall_s == pytest.approx(0.11, abs=0.02)  # back on the absolute schedule


def test_a_long_stall_restarts_the_schedule_instead_of_racing() -> None:
    pacer = Pacer(dt_s=0.01, speed=1.0)
    pacer.tick()
    time.sleep(1.2)  # the caller stopped stepping
    pacer.tick()
    started = time.perf_counter()
    for _ in range(10):
        pacer.tick()
    assert time.perf_counter() - started == pytest.approx(0.1, abs=0.02)
    assert pacer.report().resyncs == 1


def test_paced_step_calls_share_one_schedule() -> None:
    sim = Simulation("c172p", CRUISE, realtime=True, record=None)
    started = time.perf_counter()
    for _ in range(60):
        sim.step()
        time.sleep(0.002)  # the caller's own work between steps
    assert time.perf_counter() - started == pytest.approx(0.5, abs=0.06)
    assert sim.pacing_report is not None
    assert sim.pacing_report.steps == 60


def test_default_is_as_fast_as_possible() -> None:
    sim = Simulation("c172p", CRUISE, record=None)
    started = time.perf_counter()
    sim.run(5.0)
    assert time.perf_counter() - started < 1.0
    assert sim.pacing_report is None
