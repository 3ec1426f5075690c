"""The crash check: NaN/inf in the state or a crash stops the run, keeping the data."""

import math
from pathlib import Path

import numpy as np
import pytest

from flightsim.errors import DivergenceError, SimulationError
from flightsim.recording import Recording
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

LOW = InitialConditions(altitude_agl_ft=300, kcas=100)


def test_nan_in_the_state_stops_with_property_value_and_time(tmp_path: Path) -> None:
    csv = tmp_path / "nan.csv"
    sim = Simulation("c172p", LOW, record="state,flight", stream_csv=csv)
    sim.trim()
    sim.run(1.0)
    sim.fdm["fcs/elevator-cmd-norm"] = math.nan  # raw JSBSim: sim[...] refuses NaN
    with pytest.raises(DivergenceError) as info:
        sim.run(5.0)
    exc = info.value
    assert isinstance(exc, SimulationError)
    assert exc.prop is not None and exc.prop in exc.recording.names
    assert exc.value is not None and math.isnan(exc.value)
    assert exc.time_s == pytest.approx(1.0, abs=0.2)
    assert f"{exc.prop} = nan" in str(exc)
    assert f"t = {exc.time_s:.3f} s" in str(exc)
    # the step named is the one the run stopped at, and so is its time when it differs
    stopped = f"step {sim.steps})"
    if exc.time_s != sim.time_s:
        stopped = f"the run stopped at {sim.time_s:.3f} s, " + stopped
    assert stopped in str(exc)
    # everything before the failure is kept, in memory and on disk
    rec = exc.recording
    assert np.all(np.isfinite(rec["position/h-sl-ft"][rec.time_s <= 1.0]))
    assert len(rec) >= 121
    on_disk = Recording.from_csv(csv)
    assert len(on_disk) == len(sim.recording) == len(rec)


def test_flying_into_the_ground_is_a_crash() -> None:
    sim = Simulation("c172p", LOW, record="state,flight")
    sim.trim()
    with pytest.raises(DivergenceError) as info:
        sim.run(60.0, controls={"fcs/elevator-cmd-norm": 0.6})
    exc = info.value
    assert "crashed into the ground" in str(exc)
    assert exc.prop in ("velocities/v-down-fps", "position/h-agl-ft")
    assert exc.value is not None
    if exc.prop == "velocities/v-down-fps":
        assert exc.value > 20.0
    assert 1.0 < (exc.time_s or 0.0) < 30.0
    assert exc.recording.time_s[-1] == pytest.approx(exc.time_s)
    assert exc.recording["position/h-agl-ft"][0] == pytest.approx(300.0)
    assert sim.time_s == exc.time_s


def test_crash_guard_can_be_switched_off() -> None:
    sim = Simulation("c172p", LOW, record=None, stop_on_crash=False)
    sim.trim()
    sim.run(8.0, controls={"fcs/elevator-cmd-norm": 0.6})
    assert sim.time_s == 8.0


def test_gentle_landing_roll_is_not_a_crash() -> None:
    sim = Simulation("c172p", InitialConditions(on_ground=True), record=None)
    sim.trim("ground")
    sim.run(3.0, controls={"fcs/throttle-cmd-norm": 0.0})
    assert sim["gear/wow"] == 1.0


@pytest.mark.parametrize("control_every", [1, 12])
def test_guard_also_watches_runs_driven_by_a_callable(control_every: int) -> None:
    sim = Simulation("c172p", LOW, record="state")
    sim.trim()

    def break_at_two_seconds(t_s: float, s: Simulation) -> dict[str, float]:
        # NaN through raw JSBSim: a NaN in the returned controls is refused (ConfigError)
        s.fdm["fcs/elevator-cmd-norm"] = math.nan if t_s >= 2.0 else 0.0
        return {}

    with pytest.raises(DivergenceError) as info:
        sim.run(10.0, controls=break_at_two_seconds, control_every=control_every)
    assert info.value.time_s == pytest.approx(2.0, abs=0.2)
    assert len(info.value.recording) > 200


@pytest.mark.parametrize("record_every", [1, 7, 120])
def test_crash_time_does_not_depend_on_the_recording_rate(record_every: int) -> None:
    sim = Simulation("c172p", LOW, record="state", record_every=record_every)
    sim.trim()
    with pytest.raises(DivergenceError) as info:
        sim.run(60.0, controls={"fcs/elevator-cmd-norm": 0.6})
    assert info.value.time_s == pytest.approx(4.0, abs=0.1)
    rec = info.value.recording
    assert rec.time_s[-1] <= info.value.time_s
    assert info.value.time_s - rec.time_s[-1] < record_every / 120.0


def test_resting_on_a_wheel_below_the_cg_is_not_a_crash() -> None:
    """SGS puts its contacts at its CG: at rest the CG sinks a little below the terrain while
    the gear carries it. Below the terrain with weight on the wheels is no crash."""
    sim = Simulation("SGS", InitialConditions(on_ground=True), record="state,flight")
    rec = sim.run(1.0)
    assert rec["position/h-agl-ft"].min() < 0.0
    assert sim.time_s == pytest.approx(1.0)


@pytest.mark.parametrize("path", ["compiled loop", "general loop"])
def test_below_the_terrain_without_wheels_is_a_crash(path: str) -> None:
    """The J246 rocket has no contact points: falling through the terrain stops the run."""
    sim = Simulation("J246", InitialConditions(altitude_agl_ft=30.0, kcas=0.0), record=None)
    with pytest.raises(DivergenceError) as info:
        if path == "compiled loop":
            sim.run(30.0)
        else:
            sim.run(30.0, controls=lambda t, s: {})  # stepped one at a time, guarded
    assert info.value.prop == "position/h-agl-ft"
    assert info.value.value is not None and info.value.value < 0.0
    assert "below the terrain with no weight on its wheels" in str(info.value)


def test_a_state_beyond_any_flight_is_a_divergence_not_a_crash() -> None:
    sim = Simulation("c172p", InitialConditions(altitude_ft=4000, kcas=100), record=None)
    sim.fdm["ic/vt-fps"] = 2.0e9  # raw JSBSim: no InitialConditions takes this
    sim.fdm.run_ic()
    with pytest.raises(DivergenceError) as info:
        sim.run(1.0)
    assert "the simulation diverged" in str(info.value)
    assert "crashed" not in str(info.value)


def _dive(**settings: object) -> Simulation:
    sim = Simulation("c172p", LOW, record="state,flight", **settings)  # type: ignore[arg-type]
    sim.trim()
    return sim


def test_short_runs_meet_the_ground_as_one_long_run_does() -> None:
    """An impact inside a short run: noted and flown on through, or stopping it, at the same
    step and with the same rows as in one long run."""
    dive = {"fcs/elevator-cmd-norm": 0.6}
    long = _dive(stop_on_crash=False)
    long.run(12.0, controls=dive)
    short = _dive(stop_on_crash=False)
    for _ in range(120):
        short.run(0.1, controls=dive)
    assert long.recording.meta["impacts"] >= 1
    for key in ("impacts", "impact/1"):
        assert short.recording.meta[key] == long.recording.meta[key]
    for name in ["sim-time-sec", *long.recording.names]:
        assert long.recording[name].tobytes() == short.recording[name].tobytes()
    with pytest.raises(DivergenceError) as stopped_long:
        _dive().run(12.0, controls=dive)
    stopping = _dive()
    with pytest.raises(DivergenceError) as stopped_short:
        for _ in range(120):
            stopping.run(0.1, controls=dive)
    assert str(stopped_short.value) == str(stopped_long.value)
    assert len(stopped_short.value.recording) == len(stopped_long.value.recording)
