"""JSBSim's linearisation method, one perturbation per column (analysis/perturbation.py).

Checked against JSBSim's own FGLinearization on the c172p, and on gen-seneca, whose
propeller speed alternated in its last bit from one steady-state search to the next (as
generated with its blades' inertia alone; see the test):
JSBSim's settling loop never sees the sum of the states repeat there and spends its
1000 rounds on every such re-initialisation (10-60 s for a twin where a c172p takes 1-3 s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsbsim
import numpy as np
import pytest

from flightsim.analysis import modes, perturbation
from flightsim.analysis.linear import LinearModel, trimmed_twin
from flightsim.analysis.perturbation import perturbation_matrices
from flightsim.design import estimation, generate
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

FLEET = Path(__file__).resolve().parents[2] / "aircraft"


def test_the_model_agrees_with_jsbsims_fglinearization_on_the_c172p(
    c172p_sim: Simulation, c172p_model: LinearModel
) -> None:
    twin = trimmed_twin(c172p_sim)
    try:
        theirs = jsbsim.FGLinearization(twin.fdm)
        a, b = np.array(theirs.system_matrix), np.array(theirs.input_matrix)
        c, d = np.array(theirs.output_matrix), np.array(theirs.feedforward_matrix)
    finally:
        twin.close()
    ours = c172p_model
    jsbsim_names = ("Vt", "Alpha", "Theta", "Q", "Rpm0", "Beta", "Phi", "P", "Psi", "R")
    assert tuple(theirs.x_names) == (*jsbsim_names, "Latitude", "Longitude", "Alt")
    assert ours.states == (*(n.lower() for n in jsbsim_names), "latitude", "longitude", "altitude")
    assert tuple(theirs.u_names) == ("ThtlCmd", "DaCmd", "DeCmd", "DrCmd")
    assert ours.inputs == ("throttle", "aileron", "elevator", "rudder")
    # the modes: JSBSim's numbers depend on the history of its re-initialisations
    # (the engine's state carries from one to the next), ours too: within 1 %
    mine = {m.name: m for m in modes(ours)}
    reference = {m.name: m for m in modes(_model_like(ours, a, b))}
    for name in ("short-period", "phugoid", "dutch-roll", "roll", "spiral"):
        assert mine[name].natural_frequency_rad_s == pytest.approx(
            reference[name].natural_frequency_rad_s, rel=0.002
        ), name
        assert mine[name].damping == pytest.approx(reference[name].damping, rel=0.01), name
    # the rigid-body rows entry by entry (not the propeller's: its rate over one
    # 1/120 s step after a settled search is noise in both)
    rows = [i for i, s in enumerate(ours.states) if s != "rpm0"]
    np.testing.assert_allclose(ours.A[rows], a[rows], rtol=0.02, atol=2e-3)
    np.testing.assert_allclose(ours.B[rows], b[rows], rtol=0.02, atol=2e-3)
    np.testing.assert_allclose(ours.C, c, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(ours.D, d, rtol=1e-3, atol=1e-4)


def test_perturbations_burn_no_fuel(c172p_model: LinearModel) -> None:
    """A drift in mass between perturbations biases every column of the q row;
    longitude and a foot of altitude cannot move q' (JSBSim's: below 1e-6; with fuel
    burnt in the propeller's 1/120 s steps, 7e-4)."""
    q = c172p_model.states.index("q")
    for state in ("longitude", "altitude"):
        assert abs(c172p_model.A[q, c172p_model.states.index(state)]) < 1e-5, state


class _CountingFDM:
    """The real FDM, counting the propulsion's steady-state searches."""

    def __init__(self, fdm: Any) -> None:
        self._fdm = fdm
        self.searches = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fdm, name)

    def __getitem__(self, name: str) -> float:
        return float(self._fdm[name])

    def __setitem__(self, name: str, value: float) -> None:
        self._fdm[name] = value

    def get_propulsion(self) -> Any:
        counter, propulsion = self, self._fdm.get_propulsion()

        class Counting:
            def __getattr__(self, name: str) -> Any:
                return getattr(propulsion, name)

            def get_steady_state(self) -> Any:
                counter.searches += 1
                return propulsion.get_steady_state()

        return Counting()


@pytest.fixture(scope="module")
def seneca() -> Any:
    with Simulation("gen-seneca", InitialConditions(altitude_ft=4000, kcas=100)) as sim:
        sim.trim()
        yield sim


def _searches(sim: Simulation) -> tuple[int, int]:
    """(steady-state searches, settled re-initialisations) of one linearisation."""
    twin = trimmed_twin(sim)
    try:
        counting = _CountingFDM(twin.fdm)
        found = perturbation_matrices(counting, engines=2)
    finally:
        twin.close()
    assert found.states[4:6] == ("rpm0", "rpm1")
    return counting.searches, 2 * 4 * (len(found.states) + len(found.inputs)) + 1


def test_a_propeller_speed_alternating_in_its_last_bit_is_settled(
    seneca: Simulation, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # the fix: every re-initialisation (the trimmed point, then the perturbed one)
    # settles in two to four searches
    searches, settled = _searches(seneca)
    assert 2 * settled <= searches <= 4 * settled
    # the cause: with JSBSim's test (the sum of the states repeats within machine
    # epsilon, absolute) some re-initialisations never settle: a propeller speed
    # alternates by one unit in its last place (capped at 50 rounds here; JSBSim: 1000)
    # (on gen-seneca as generated before its propeller got the inertia JSBSim's 0.5 s
    # steady-state steps need, flightsim.design.estimation.spin_inertia: each search
    # overshot its rpm, and the alternation showed)
    monkeypatch.setattr(perturbation, "_SETTLE_ULPS", 0.0)
    monkeypatch.setattr(perturbation, "_SETTLE_ROUNDS", 50)
    monkeypatch.setattr(estimation, "spin_inertia", lambda *_: 0.0)
    generate(FLEET / "gen-seneca" / "gen-seneca.toml", tmp_path)
    ic = InitialConditions(altitude_ft=4000, kcas=100)
    with Simulation("gen-seneca", ic, aircraft_dirs=[tmp_path]) as light:
        light.trim()
        searches, settled = _searches(light)
    assert searches > 4 * settled + 50


def test_the_twin_s_modes_are_those_of_a_light_twin(seneca: Simulation) -> None:
    found = {m.name: m for m in modes(seneca.linearize())}
    assert {"short-period", "phugoid", "dutch-roll", "roll", "spiral"} <= set(found)
    assert 2.0 < found["short-period"].natural_frequency_rad_s < 8.0
    assert found["phugoid"].period_s is not None and 15.0 < found["phugoid"].period_s < 45.0
    assert found["dutch-roll"].damping > 0.05


def _model_like(model: LinearModel, a: np.ndarray, b: np.ndarray) -> LinearModel:
    """``model`` with JSBSim's A and B (same states and inputs, same order)."""
    return LinearModel(
        A=a,
        B=b,
        C=model.C,
        D=model.D,
        states=model.states,
        inputs=model.inputs,
        outputs=model.outputs,
        state_units=model.state_units,
        input_units=model.input_units,
        output_units=model.output_units,
        x0=model.x0,
        u0=model.u0,
        y0=model.y0,
        point=model.point,
    )
