"""Bad input to Simulation is refused with a clear error; the end of a run is recorded."""

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flightsim.errors import ConfigError, PropertyError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import MAX_DT_S, Simulation


@pytest.fixture(scope="module")
def sim(cruise_ic: InitialConditions) -> Iterator[Simulation]:
    with Simulation("c172p", cruise_ic, record="position/h-sl-ft") as simulation:
        yield simulation


def test_stream_csv_to_a_folder_is_a_config_error(
    cruise_ic: InitialConditions, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=f"stream_csv {tmp_path}: is a folder"):
        Simulation("c172p", cruise_ic, stream_csv=tmp_path)


def test_an_airborne_start_below_the_terrain_is_refused() -> None:
    ic = InitialConditions(altitude_ft=-500, kcas=100)
    with pytest.raises(ConfigError) as info:
        Simulation("c172p", ic)
    message = str(info.value)
    assert "altitude -500 ft MSL is below the terrain (elevation 0 ft)" in message
    assert "latitude" in message


@pytest.mark.parametrize("dt_s", [0.1, 10.0])
def test_a_time_step_above_the_limit_is_refused(cruise_ic: InitialConditions, dt_s: float) -> None:
    with pytest.raises(ConfigError, match=f"at most {MAX_DT_S:g} s"):
        Simulation("c172p", cruise_ic, dt_s=dt_s)


GUARD_REFUSED = (
    "guard='no': give True, False or None (the default: guard an aircraft not bundled with JSBSim)"
)


def test_a_guard_other_than_true_false_or_none_is_refused() -> None:
    # guard="no" had been taken as a guard (a true value), the aircraft checked in a child
    with pytest.raises(ConfigError) as caught:
        Simulation("c172p", guard="no")  # type: ignore[arg-type]
    assert str(caught.value) == GUARD_REFUSED
    with pytest.raises(ConfigError) as caught:
        Simulation.from_script("ball", guard="no")
    assert str(caught.value) == GUARD_REFUSED
    with pytest.raises(ConfigError, match=r"^guard=1: give True, False or None"):
        Simulation("c172p", guard=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("flag", ["realtime", "jsbsim_output", "jsbsim_input", "stop_on_crash"])
def test_on_off_settings_take_true_or_false_only(flag: str) -> None:
    # realtime="no" had been taken as True (a paced run), and so for each switch
    with pytest.raises(ConfigError) as caught:
        Simulation("c172p", **{flag: "no"})
    assert str(caught.value) == f"{flag}='no': give True or False"
    with pytest.raises(ConfigError, match=rf"^{flag}=None: give True or False$"):
        Simulation.from_script("ball", **{flag: None})


@pytest.mark.parametrize("bad", [math.nan, math.inf, "0.1", None])
def test_property_writes_refuse_non_finite_values(sim: Simulation, bad: object) -> None:
    before = sim["fcs/elevator-cmd-norm"]
    with pytest.raises(ConfigError, match="property 'fcs/elevator-cmd-norm': cannot write"):
        sim["fcs/elevator-cmd-norm"] = bad  # type: ignore[assignment]
    assert sim["fcs/elevator-cmd-norm"] == before


@pytest.mark.parametrize("control_every", [1, 12])
def test_a_controller_returning_nan_is_named_with_its_time(
    sim: Simulation, control_every: int
) -> None:
    def controller(t_s: float, _sim: Simulation) -> dict[str, float]:
        return {"fcs/aileron-cmd-norm": math.nan if t_s >= 0.5 else 0.0}

    with pytest.raises(ConfigError) as info:
        sim.run(2.0, controls=controller, control_every=control_every)
    message = str(info.value)
    assert "fcs/aileron-cmd-norm = nan at t = 0.500 s" in message
    assert "finite number" in message
    assert "diverged" not in message


def test_the_final_state_is_recorded_off_the_row_grid(cruise_ic: InitialConditions) -> None:
    with Simulation("c172p", cruise_ic, record="position/h-sl-ft", record_every=1000) as s:
        rec = s.run(1.0)
        assert rec.time_s.tolist() == [0.0, pytest.approx(1.0)]
        assert rec["position/h-sl-ft"][-1] == s["position/h-sl-ft"]
        rec = s.run(1.0)  # a second run goes on from there
        assert rec.time_s[-1] == pytest.approx(2.0)


def test_a_closed_pipe_does_not_print_from_the_finalizer() -> None:
    """Streaming to a pipe whose reader went away: no 'Exception ignored' at exit."""
    code = (
        "from flightsim.sim.simulation import Simulation\n"
        "from flightsim.sim.initial_conditions import InitialConditions\n"
        "s = Simulation('c172p', InitialConditions(altitude_ft=4000, kcas=100),"
        " stream_csv='/dev/stdout')\n"
        "try:\n    s.run(2.0)\nexcept BrokenPipeError:\n    pass\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.readline()  # the header, then the reader goes away
        child.stdout.close()
        err = child.stderr.read().decode()
        child.wait(timeout=60)
    assert "Exception ignored" not in err, err


@pytest.mark.parametrize("control_every", [0, -1, 1.5, True])
def test_control_every_must_be_a_whole_number_of_steps(
    sim: Simulation, control_every: object
) -> None:
    with pytest.raises(ConfigError, match="control_every must be a whole number of steps >= 1"):
        sim.run(1.0, controls=lambda t, s: {}, control_every=control_every)  # type: ignore[arg-type]


@pytest.mark.parametrize("control_every", [1, 12])
def test_a_controller_writing_a_read_only_property_is_refused(
    sim: Simulation, control_every: int
) -> None:
    start = f"{sim.time_s:.3f}"
    with pytest.raises(PropertyError) as info:
        sim.run(1.0, controls=lambda t, s: {"velocities/vc-kts": 1.0}, control_every=control_every)
    assert f"the controls write velocities/vc-kts at t = {start} s, a read-only property" in str(
        info.value
    )


def test_a_controller_returning_no_dict_is_refused(sim: Simulation) -> None:
    with pytest.raises(ConfigError, match=r"returned list at t = [\d.]+ s: return a dict"):
        sim.run(1.0, controls=lambda t, s: [("fcs/aileron-cmd-norm", 0.1)])  # type: ignore[arg-type,return-value]


# -- trial item 15 ---------------------------------------------------------------------------
def test_a_run_shorter_than_half_a_step_says_so(sim: Simulation) -> None:
    """run(0.001) at 1/120 s steps had silently flown nothing and returned no row."""
    steps = sim.steps
    with pytest.raises(ConfigError) as info:
        sim.run(0.001)
    assert str(info.value) == (
        "duration_s=0.001 is shorter than half a step (dt_s = 0.00833333 s): it rounds to no "
        "step, so nothing would be flown; give at least 0.00416667 s, or step(1) for one step"
    )
    assert sim.steps == steps
    assert sim.run(0.005).time_s[-1] == pytest.approx((steps + 1) / 120)  # 0.6 steps: one


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (["state", 5], "record: 5 is not a name: give presets (state, "),
        (5, "record=5: give a preset or property name, a comma-separated string or a list"),
    ],
)
def test_a_record_entry_that_is_no_name_is_a_config_error(record: object, message: str) -> None:
    """record=["state", 5] had raised a raw TypeError from str.strip."""
    with pytest.raises(ConfigError) as info:
        Simulation("c172p", record=record)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)
    assert "e.g. 'state,flight' or ['state', 'position/h-sl-ft']" in str(info.value)


def test_units_of_underscore_suffixes_and_the_atmosphere_s_altitudes() -> None:
    with Simulation("J3Cub", record=None) as sim:
        units = {p.name: p.unit for p in sim.properties("")}
    assert units["propulsion/engine/prop-induced-velocity_fps"] == "ft/s"
    assert units["atmosphere/density-altitude"] == "ft"
    assert units["atmosphere/pressure-altitude"] == "ft"
    assert units["position/vrp-gc-latitude_deg"] == "deg"
    assert units["inertial/sea-level-radius_ft"] == "ft"


def test_the_metadata_names_the_aircraft_file(tmp_path: Path) -> None:
    """run.meta.json had only "aircraft": "J3Cub", whichever J3Cub folder was flown."""
    csv = tmp_path / "run.csv"
    with Simulation("c172p", record="state", stream_csv=csv) as sim:
        sim.run(0.1)
        main_file = sim.aircraft.main_file
    meta = json.loads((tmp_path / "run.meta.json").read_text())
    assert meta["aircraft"] == "c172p"
    assert meta["aircraft/file"] == str(main_file)
    assert main_file.name == "c172p.xml" and main_file.is_file()
