"""Aircraft without an engine: the finite-difference linearisation (JSBSim's segfaults).

Checked against JSBSim's FGLinearization on the c172p's rigid-body states, then on
the generated glider aircraft/gen-ask21 and JSBSim's bundled sgs233.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from flightsim.analysis import modes
from flightsim.analysis.linear import (
    RIGID_BODY_STATES,
    LinearModel,
    _finite_difference,
    trimmed_twin,
)
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation


def test_finite_differences_agree_with_jsbsims_linearisation_on_the_c172p(
    c172p_sim: Simulation, c172p_model: LinearModel
) -> None:
    reference = c172p_model.select(RIGID_BODY_STATES)
    twin = trimmed_twin(c172p_sim)
    try:
        ours = _finite_difference(twin, dict(reference.point))
    finally:
        twin.close()
    assert ours.states == reference.states == RIGID_BODY_STATES
    theirs = {m.name: m.eigenvalue for m in modes(reference)}
    mine = {m.name: m.eigenvalue for m in modes(ours)}
    assert set(mine) == set(theirs)
    # the rigid-body modes within 1 % (the phugoid's damping feels the engine JSBSim
    # settles: within 0.01 1/s)
    for name in ("short-period", "dutch-roll", "roll", "spiral"):
        assert mine[name] == pytest.approx(theirs[name], rel=0.01), name
    assert abs(mine["phugoid"] - theirs["phugoid"]) < 0.01
    # elevator up (negative) pitches the nose up, as in JSBSim's B
    q, elevator = ours.states.index("q"), ours.inputs.index("elevator")
    assert ours.B[q, elevator] == pytest.approx(
        reference.B[q, reference.inputs.index("elevator")], rel=0.02
    )


@pytest.mark.parametrize(("aircraft", "kcas"), [("gen-ask21", 50.0), ("sgs233", 55.0)])
def test_gliders_are_linearised_and_their_modes_labelled(aircraft: str, kcas: float) -> None:
    ic = InitialConditions(altitude_ft=3000, kcas=kcas)
    with Simulation(aircraft, ic, record=["attitude/theta-rad"]) as sim:
        sim.trim("glide")
        model = sim.linearize()
        after = sim.run(2.0)["attitude/theta-rad"].copy()
    with Simulation(aircraft, ic, record=["attitude/theta-rad"]) as never:
        never.trim("glide")
        untouched = never.run(2.0)["attitude/theta-rad"]
    np.testing.assert_array_equal(after, untouched)  # the simulation was left alone
    assert model.point["method"] == "finite-difference"
    assert model.states == RIGID_BODY_STATES
    assert model.inputs == ("aileron", "elevator", "rudder")
    assert model.state_units == ("ft/s", "rad", "rad", "rad/s", "rad", "rad", "rad/s", "rad/s")
    found = {m.name: m for m in modes(model)}
    assert list(found) == ["short-period", "phugoid", "dutch-roll", "roll", "spiral"]
    short, phugoid, dutch = found["short-period"], found["phugoid"], found["dutch-roll"]
    assert short.oscillatory and 0.5 < short.damping < 1.0 and short.level == 1
    # a glider's phugoid: lightly damped, a period of 15-20 s at 50-55 KCAS (the linear
    # model's response is checked against the nonlinear one in the CLI test below)
    assert phugoid.oscillatory and 0.0 < phugoid.damping < 0.15
    assert phugoid.period_s is not None and 14.0 < phugoid.period_s < 22.0
    assert dutch.oscillatory and dutch.damping > 0.1
    assert found["roll"].eigenvalue.real < -3.0


def test_flightsim_analyze_takes_a_glider() -> None:
    args = ["analyze", "gen-ask21", "--alt", "3000", "--kcas", "50", "--trim", "glide", "--json"]
    out = subprocess.run(
        [sys.executable, "-m", "flightsim", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(out.stdout)
    assert data["trim_mode"] == "glide"
    names = [m["name"] for m in data["modes"]]
    assert names[:3] == ["short-period", "phugoid", "dutch-roll"]
    assert data["linear_vs_nonlinear_max_error"] < 0.10  # the elevator step, 10 s


def test_the_model_says_which_path_made_it(c172p_model: LinearModel) -> None:
    assert c172p_model.point["method"] == "jsbsim-method"
