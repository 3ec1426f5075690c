"""The linear model's step response against the nonlinear simulation's."""

from __future__ import annotations

import numpy as np
import pytest

from flightsim.analysis.linear import LinearModel
from flightsim.analysis.step import compare_step
from flightsim.errors import ConfigError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation


def test_c172p_linear_model_follows_the_nonlinear_simulation(
    c172p_sim: Simulation, c172p_model: LinearModel
) -> None:
    steps_before = c172p_sim.steps
    result = compare_step(c172p_sim, c172p_model)
    assert c172p_sim.steps == steps_before  # flown on a twin
    assert result.signals == ("vt", "alpha", "q", "theta")
    assert result.units == ("ft/s", "rad", "rad/s", "rad")
    assert len(result.time_s) == 10 * 120 + 1
    assert result.time_s[-1] == pytest.approx(10.0)
    assert result.max_error <= 0.05, result.errors
    # a real response: up elevator raises the nose and slows the aircraft
    theta = result.nonlinear[:, 3]
    assert theta.max() > np.radians(1.0)
    assert result.nonlinear[-1, 0] < -2.0  # ft/s
    # both start at the trimmed point; the nonlinear state answers one step later
    assert np.all(result.nonlinear[:2] == pytest.approx(0.0, abs=1e-6))
    assert np.all(result.linear[:2] == 0.0)


def test_a_bigger_step_strays_further(c172p_sim: Simulation, c172p_model: LinearModel) -> None:
    small = compare_step(c172p_sim, c172p_model, amount=-0.01, duration_s=5.0)
    big = compare_step(c172p_sim, c172p_model, amount=-0.08, duration_s=5.0)
    assert big.errors["alpha"] > 2 * small.errors["alpha"]


def test_unknown_inputs_and_signals(c172p_sim: Simulation, c172p_model: LinearModel) -> None:
    with pytest.raises(ConfigError, match="unknown input 'flaps'"):
        compare_step(c172p_sim, c172p_model, input="flaps")
    lon = c172p_model.select(["vt", "alpha", "q", "theta"])
    with pytest.raises(ConfigError, match="beta are not outputs"):
        compare_step(c172p_sim, lon, signals=("alpha", "beta"))


def test_c172p_trim_is_an_equilibrium(c172p_sim: Simulation, c172p_model: LinearModel) -> None:
    result = compare_step(c172p_sim, c172p_model, duration_s=5.0)
    assert result.drift.shape == result.nonlinear.shape
    assert result.drift_ratio < 0.01  # the unstepped flight stays at trim


def test_a_trim_that_drifts_is_compared_on_the_step_s_effect() -> None:
    """The DHC6's turboprops spool down when flown from JSBSim's trim: with no input the
    airspeed falls ~6 ft/s in 4 s, which compared as deviations from trim gave a 334 %
    'error' of the linear model. The step's effect (stepped minus unstepped flight)
    is what the linear model predicts; the drift is reported beside it."""
    ic = InitialConditions(altitude_ft=5000, kcas=140)
    with Simulation("DHC6", ic, record=None) as sim:
        sim.trim()
        model = sim.linearize()
        result = compare_step(sim, model)
    vt = result.signals.index("vt")
    assert result.drift[result.time_s.searchsorted(4.0), vt] < -3.0  # ft/s, no input
    assert result.drift_ratio > 1.0
    assert result.max_error < 0.10, result.errors
