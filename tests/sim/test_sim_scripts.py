"""JSBSim scripts run through flightsim end bit-for-bit where the plain jsbsim loop ends."""

import math
import tempfile

import jsbsim
import pytest

from flightsim.errors import NotFoundError
from flightsim.paths import find_script, jsbsim_root
from flightsim.sim.simulation import Simulation

# Not state: JSBSim leaves contact points' side friction uninitialised, and we disable input.
_NOT_STATE = ("side_friction_coeff", "simulation/models/FGInput/enabled")


def _plain_loop(name: str, max_steps: int | None) -> tuple[jsbsim.FGFDMExec, int]:
    """The reference: load_script, run_ic, run() until it returns False."""
    fdm = jsbsim.FGFDMExec(str(jsbsim_root()))
    scratch = tempfile.mkdtemp(prefix="flightsim-test-")
    fdm.set_output_path(scratch)
    fdm.load_script(str(find_script(name)))
    fdm.disable_output()
    fdm.run_ic()
    steps = 0
    while True:
        running = fdm.run()
        steps += 1
        if not running or (max_steps is not None and steps >= max_steps):
            return fdm, steps


def _state_differences(a: jsbsim.FGFDMExec, b: jsbsim.FGFDMExec) -> list[str]:
    names = [
        entry.split(" ")[0]
        for entry in a.get_property_catalog()
        if "R" in entry.split(" ")[-1] and not any(n in entry for n in _NOT_STATE)
    ]
    differ = []
    for name in names:
        x, y = a.get_property_value(name), b.get_property_value(name)
        if not (x == y or (math.isnan(x) and math.isnan(y))):
            differ.append(f"{name}: {x!r} != {y!r}")
    return differ


@pytest.mark.parametrize(
    ("script", "seconds"),
    [("c1721", None), ("ball", 20.0), ("mk82_script", None), ("c1723", 15.0), ("x153", 10.0)],
)
def test_script_ends_in_the_plain_loop_state(script: str, seconds: float | None) -> None:
    sim = Simulation.from_script(script, record="state")
    rec = sim.run_script(max_duration_s=seconds)
    reference, steps = _plain_loop(script, sim.steps if seconds is not None else None)
    assert sim.steps == steps
    assert _state_differences(reference, sim.fdm) == []
    assert rec.meta["source"] == "script"
    assert rec.time_s[-1] == pytest.approx(sim.time_s)
    assert len(rec) == sim.steps + 1


def test_script_uses_its_own_dt_and_aircraft() -> None:
    sim = Simulation.from_script("ball")
    assert sim.dt_s == pytest.approx(0.01)
    assert sim.aircraft.name == "ball"
    assert sim.recording.meta["script"].endswith("ball.xml")


def test_script_by_path(tmp_path: object) -> None:
    path = jsbsim_root() / "scripts" / "ball.xml"
    sim = Simulation.from_script(path, record=None)
    sim.run_script(max_duration_s=1.0)
    assert sim.steps == 100


def test_unknown_script_suggests_names() -> None:
    with pytest.raises(NotFoundError, match="Did you mean: c172"):
        Simulation.from_script("c172l")


def test_reset_of_a_script_runs_it_again_identically() -> None:
    sim = Simulation.from_script("ball", record="state")
    first = sim.run_script(max_duration_s=3.0)
    sim.reset()
    second = sim.run_script(max_duration_s=3.0)
    assert first["position/h-sl-ft"].tolist() == second["position/h-sl-ft"].tolist()
