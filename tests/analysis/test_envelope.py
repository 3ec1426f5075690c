"""Trim envelopes: points that trim, points that cannot, order, parallel = serial."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from flightsim.analysis.envelope import _lost_point, _run_points, _trim_point, trim_envelope
from flightsim.batch.executors import WorkerDeath
from flightsim.errors import (
    ConfigError,
    FlightsimError,
    NotFoundError,
    PropertyError,
)
from flightsim.paths import AircraftLocation, find_aircraft


def test_a_small_c172p_envelope_in_two_processes() -> None:
    calls: list[tuple[float, float]] = []
    env = trim_envelope(
        "c172p",
        [0, 6000, 12000],
        [60, 100, 140],
        workers=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert env.aircraft == "c172p" and env.mode == "full" and env.workers == 2
    assert [(p.altitude_ft, p.kcas) for p in env.points] == [
        (a, v) for a in (0.0, 6000.0, 12000.0) for v in (60.0, 100.0, 140.0)
    ]
    assert calls[0] == (0, 9) and calls[-1] == (9, 9)
    ok = {(p.altitude_ft, p.kcas): p for p in env.points}
    # the sea-level point flies clear of the runway (terrain put below sea level)
    slow, cruise = ok[(0.0, 60.0)], ok[(0.0, 100.0)]
    assert slow.trimmed and cruise.trimmed
    assert slow.alpha_deg > cruise.alpha_deg > -2.0  # slower: higher angle of attack
    assert 0.0 < cruise.throttle < 1.0
    assert cruise.weight_lbf == pytest.approx(1880.0, abs=1.0)
    # beyond full power: no trim at 140 KCAS at sea level, nor anywhere at 12,000 ft
    fast = ok[(0.0, 140.0)]
    assert not fast.trimmed and math.isnan(fast.alpha_deg)
    assert "udot doesn't appear to be trimmable" in fast.reason
    assert not any(p.trimmed for p in env.points if p.altitude_ft == 12000.0)
    columns = env.columns()
    assert columns["trimmed"] == [float(p.trimmed) for p in env.points]
    assert columns["setting"][0] == "as loaded"
    # the same points in this process give the same numbers (to the last few bits: a
    # reset model keeps traces of the point before, and workers see other points before)
    serial = trim_envelope("c172p", [0, 6000, 12000], [60, 100, 140], workers=1)
    assert [(p.alpha_deg, p.throttle, p.elevator) for p in serial.trimmed] == [
        pytest.approx((p.alpha_deg, p.throttle, p.elevator), rel=1e-12, abs=1e-12)
        for p in env.trimmed
    ]


def test_flap_settings_are_swept_too() -> None:
    env = trim_envelope("c172p", [4000], [60], flaps=[0.0, 1.0], workers=1)
    assert [p.setting for p in env.points] == [
        {"fcs/flap-cmd-norm": 0.0},
        {"fcs/flap-cmd-norm": 1.0},
    ]
    clean, flaps = env.points
    assert clean.trimmed and flaps.trimmed
    assert flaps.alpha_deg < clean.alpha_deg - 2.0  # flaps give lift at a lower alpha


def test_bad_envelopes_are_refused() -> None:
    with pytest.raises(ConfigError, match="no points"):
        trim_envelope("c172p", [], [100])
    with pytest.raises(ConfigError, match="choose full, longitudinal or glide"):
        trim_envelope("c172p", [0], [100], mode="ground")
    with pytest.raises(ConfigError, match="airspeed -5 kt"):
        trim_envelope("c172p", [0], [-5])
    with pytest.raises(NotFoundError):
        trim_envelope("c172q", [0], [100])


def test_a_setting_with_an_unknown_property_is_an_error() -> None:
    with pytest.raises(PropertyError, match="unknown property 'fcs/flaps-cmd-norm'"):
        trim_envelope("c172p", [4000], [80], settings=[{"fcs/flaps-cmd-norm": 1.0}], workers=1)


def test_weight_settings_change_the_trim() -> None:
    tank = "propulsion/tank[0]/contents-lbs"
    env = trim_envelope("c172p", [4000], [80], settings=[{tank: 0.0}, {tank: 150.0}], workers=1)
    light, heavy = env.points
    assert heavy.weight_lbf - light.weight_lbf == pytest.approx(150.0, abs=0.5)
    assert heavy.alpha_deg > light.alpha_deg  # more lift needed at the same airspeed


def test_a_worker_that_dies_costs_its_items_only() -> None:
    """A real process death (os._exit in a worker of flightsim.batch's executor), as a
    JSBSim segfault would be: each item is handed to ``lost`` with how its worker ended
    (before: JSBSimCrashError at the first death, the finished items lost), this process
    lives on."""
    setup = (find_aircraft("c172p"), "full")
    results = _run_points(
        os._exit, [3, 3], workers=2, setup=setup, lost=lambda item, death, _: (item, death)
    )
    assert results == [(3, WorkerDeath("exit code 3", killed=False))] * 2


def test_an_unknown_property_in_a_worker_process_is_raised_here() -> None:
    """The user's error travels back from the worker process with its type."""
    with pytest.raises(PropertyError, match="unknown property 'fcs/flaps-cmd-norm'"):
        trim_envelope("c172p", [4000], [80, 90], settings=[{"fcs/flaps-cmd-norm": 1.0}], workers=2)


def test_a_glider_s_envelope_is_trimmed_in_a_glide() -> None:
    envelope = trim_envelope("sgs126", [1000.0], [45.0, 70.0], mode="glide", workers=1)
    assert [p.trimmed for p in envelope.points] == [True, True]
    slow, fast = envelope.points
    # power off: the nose lower the faster it glides (pitch -0.7 deg at 45 kt, -5.2 at 70)
    assert -3.0 < slow.theta_deg < 0.0 and fast.theta_deg < slow.theta_deg - 2.0
    assert math.isnan(slow.throttle)  # no engine


def test_what_no_point_could_trim_is_refused_up_front() -> None:
    """Before, every point was tried and failed with JSBSim's axis report."""
    with pytest.raises(ConfigError, match=r"sgs126 has no engine: .*\(mode='glide'\)"):
        trim_envelope("sgs126", [1000.0], [50.0], workers=1)
    with pytest.raises(ConfigError, match=r"ah1s is a rotorcraft"):
        trim_envelope("ah1s", [1000.0], [60.0], workers=1)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_model_that_does_not_load_in_the_workers_gives_jsbsim_s_reason(
    tmp_path: Path, workers: int
) -> None:
    """The model set up with each point (not by run_tasks' initializer, whose failure is
    only logged in the worker: each point then failed with "KeyError: 'sim'"): a model
    gone after the envelope's check says why, one worker or many."""
    folder = tmp_path / "ghost"
    folder.mkdir()
    ghost = AircraftLocation("ghost", folder, folder / "ghost.xml", "user")
    with pytest.raises(FlightsimError) as e:
        points = [(4000.0, 80.0, {})] * 2
        _run_points(_trim_point, points, workers=workers, setup=(ghost, "full"), lost=_lost_point)
    assert str(e.value).startswith(
        "envelope point 4000 ft, 80 KCAS, as loaded: SimulationError: JSBSim refused to "
        f"load 'ghost' ({folder / 'ghost.xml'})"
    )
