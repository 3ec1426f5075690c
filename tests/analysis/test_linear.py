"""Linear models: names, units, selection, conversions, and the simulation left untouched."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from flightsim.analysis.linear import INPUT_PROPERTIES, STATE_PROPERTIES, LinearModel
from flightsim.errors import ConfigError, MissingExtraError, SimulationError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

C172P_POINT = InitialConditions(altitude_ft=4000, kcas=100)  # as in conftest.py

C172P_STATES = (
    "vt", "alpha", "theta", "q", "rpm0", "beta", "phi", "p", "psi", "r",
    "latitude", "longitude", "altitude",
)  # fmt: skip


def test_the_model_names_its_states_inputs_outputs_and_units(c172p_model: LinearModel) -> None:
    m = c172p_model
    assert m.states == C172P_STATES
    assert m.outputs == C172P_STATES
    assert m.inputs == ("throttle", "aileron", "elevator", "rudder")
    assert m.state_units[:5] == ("ft/s", "rad", "rad", "rad/s", "rev/min")
    assert m.state_units[-1] == "ft"
    assert m.input_units == ("norm",) * 4
    assert m.A.shape == (13, 13) and m.B.shape == (13, 4)
    assert m.C.shape == (13, 13) and m.D.shape == (13, 4)
    # outputs are the states, but for the propeller speed: JSBSim settles the engine after
    # each perturbation, so its row holds the steady-state rpm's sensitivities
    others = [i for i, s in enumerate(m.states) if s != "rpm0"]
    np.testing.assert_allclose(m.C[others], np.eye(13)[others], atol=2e-3)
    assert m.C[4, 4] == pytest.approx(0.0, abs=1e-6)
    assert m.D[4, 0] > 1000.0  # [rev/min per unit throttle]
    assert m.x0[0] == pytest.approx(m.point["ktas"] * 1.6878, rel=1e-3)  # vt [ft/s]
    assert m.point["aircraft"] == "c172p"
    assert m.point["altitude_ft"] == pytest.approx(4000.0, abs=1e-6)
    assert m.point["kcas"] == pytest.approx(100.0, abs=1e-6)
    assert m.properties["q"] == STATE_PROPERTIES["q"] == "velocities/q-rad_sec"
    assert m.properties["elevator"] == INPUT_PROPERTIES["elevator"]
    # elevator up (negative command) pitches the nose up: dq'/d(elevator) < 0
    assert m.B[m.states.index("q"), m.inputs.index("elevator")] < -1.0


def test_linearize_leaves_the_simulation_as_a_never_linearised_one(
    c172p_model: LinearModel,
) -> None:
    """Every property right after linearize, and a following run, bit for bit."""
    record = [
        "velocities/q-rad_sec",
        "attitude/theta-rad",
        "velocities/vt-fps",
        "fcs/elevator-pos-rad",
    ]
    with (
        Simulation("c172p", C172P_POINT, record=record) as mine,
        Simulation("c172p", C172P_POINT, record=record) as fresh,
    ):
        mine.trim()
        fresh.trim()
        again = mine.linearize()
        # the same trimmed point gives the same numbers, bit for bit
        for name in ("A", "B", "C", "D", "x0", "u0"):
            assert np.array_equal(getattr(again, name), getattr(c172p_model, name)), name
        assert mine.fdm.get_delta_t() == mine.dt_s  # JSBSim's own would leave 0
        values = {p.name: p.value for p in mine.properties() if not _uninitialised(p.name)}
        expected = {p.name: p.value for p in fresh.properties() if not _uninitialised(p.name)}
        assert values.keys() == expected.keys()
        differ = [n for n in values if not np.array_equal(values[n], expected[n], equal_nan=True)]
        assert differ == [], f"properties changed by linearize: {differ[:10]}"
        ours = mine.run(2.0, controls={"fcs/elevator-cmd-norm": -0.05})
        theirs = fresh.run(2.0, controls={"fcs/elevator-cmd-norm": -0.05})
        assert len(ours) == 241
        for name in record:
            assert np.array_equal(ours[name], theirs[name]), name


def _uninitialised(name: str) -> bool:
    """JSBSim 1.3.3 leaves a gear's side friction unset in the air: any bits, even in
    two fresh simulations of the same aircraft."""
    return name.endswith("/side_friction_coeff")


def test_select_keeps_the_named_states_and_builds_c(c172p_model: LinearModel) -> None:
    lon = c172p_model.select(["vt", "alpha", "q", "theta"], ["elevator", "throttle"])
    assert lon.states == ("vt", "alpha", "q", "theta")
    assert lon.outputs == lon.states
    assert lon.inputs == ("elevator", "throttle")
    i = [c172p_model.states.index(s) for s in lon.states]
    assert np.array_equal(lon.A, c172p_model.A[np.ix_(i, i)])
    assert lon.B[:, 0].tolist() == c172p_model.B[i, 2].tolist()
    assert np.array_equal(lon.C, c172p_model.C[np.ix_(i, i)])
    assert lon.state_units == ("ft/s", "rad", "rad/s", "rad")
    # the JSBSim names work too; outputs default to the chosen states
    short = c172p_model.select(["Alpha", "Q"], outputs=["Q"])
    assert short.states == ("alpha", "q") and short.outputs == ("q",)
    np.testing.assert_allclose(short.C, [[0.0, 1.0]], atol=1e-6)


def test_unknown_names_are_rejected_with_suggestions(c172p_model: LinearModel) -> None:
    with pytest.raises(ConfigError, match=r"unknown state 'alpah'.*Did you mean: alpha"):
        c172p_model.select(["alpah"])
    with pytest.raises(ConfigError, match="unknown input 'flaps'"):
        c172p_model.select(inputs=["flaps"])


def test_an_untrimmed_simulation_is_refused() -> None:
    with (
        Simulation("c172p", C172P_POINT, record=None) as sim,
        pytest.raises(SimulationError, match=r"call sim.trim\(\) first"),
    ):
        sim.linearize()


def test_conversions_need_the_analysis_extra(
    c172p_model: LinearModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "control", None)
    monkeypatch.setitem(sys.modules, "scipy.signal", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'flightsim\[analysis\]'"):
        c172p_model.to_control()
    with pytest.raises(MissingExtraError, match="scipy.signal is not installed"):
        c172p_model.to_scipy()


def test_python_control_and_scipy_models(c172p_model: LinearModel) -> None:
    control = pytest.importorskip("control")
    signal = pytest.importorskip("scipy.signal")
    lon = c172p_model.select(["vt", "alpha", "q", "theta"], ["elevator"])
    ss = lon.to_control()
    assert isinstance(ss, control.StateSpace)
    assert ss.input_labels == ["elevator"] and ss.state_labels == list(lon.states)
    np.testing.assert_allclose(np.sort_complex(ss.poles()), np.sort_complex(lon.eigenvalues()))
    sp = lon.to_scipy()
    assert isinstance(sp, signal.StateSpace)
    assert np.array_equal(sp.A, lon.A) and np.array_equal(sp.B, lon.B)
