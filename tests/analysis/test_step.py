"""The linear model's step response against the nonlinear simulation's."""

from __future__ import annotations

import numpy as np
import pytest

from flightsim.analysis.linear import LinearModel
from flightsim.analysis.step import compare_step
from flightsim.errors import ConfigError
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
