"""Simulation: construction, properties, trim, stepping, controls, recording, reset."""

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from flightsim.errors import ConfigError, NotFoundError, PropertyError, TrimError
from flightsim.paths import jsbsim_root
from flightsim.recording import Recording
from flightsim.sim.controls import ControlTable
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.recorder import ENGINE, RECORD_PRESETS
from flightsim.sim.simulation import Simulation


@pytest.fixture(scope="module")
def trimmed(cruise_ic: InitialConditions) -> Iterator[Simulation]:
    """One trimmed c172p for read-only checks."""
    with Simulation("c172p", cruise_ic, record="state") as sim:
        sim.trim()
        yield sim


def test_unknown_aircraft_lists_close_names() -> None:
    with pytest.raises(NotFoundError) as info:
        Simulation("c172q")
    assert "unknown aircraft 'c172q'" in str(info.value)
    assert "c172p" in str(info.value)


def test_unknown_property_suggests_names_and_is_not_created(trimmed: Simulation) -> None:
    with pytest.raises(PropertyError) as info:
        trimmed["fcs/elevator-cmd-nrom"]
    assert "Did you mean: fcs/elevator-cmd-norm" in str(info.value)
    with pytest.raises(PropertyError):
        trimmed["fcs/elevator-cmd-nrom"] = 0.1
    assert not trimmed.fdm.get_property_manager().hasNode("fcs/elevator-cmd-nrom")


def test_create_makes_a_new_property(cruise_ic: InitialConditions) -> None:
    sim = Simulation("c172p", cruise_ic, record=None)
    sim.set("test/flightsim-flag", 2.5, create=True)
    assert sim["test/flightsim-flag"] == 2.5


def test_read_only_property_refuses_writes(trimmed: Simulation) -> None:
    with pytest.raises(PropertyError, match="read-only"):
        trimmed["velocities/vc-kts"] = 50.0


def test_property_catalog_has_units_and_values(trimmed: Simulation) -> None:
    infos = {p.name: p for p in trimmed.properties("velocities/")}
    assert infos["velocities/vc-kts"].unit == "kt"
    assert infos["velocities/vc-kts"].value == pytest.approx(100.0, abs=0.1)
    assert infos["velocities/vc-kts"].writable is False
    assert all(name.startswith("velocities/") for name in infos)


def test_trim_c172p_cruise_is_plausible_and_steady(trimmed: Simulation) -> None:
    result = trimmed.trim_result
    assert result is not None
    assert 0.4 < result.throttles[0] < 0.95
    assert -0.5 < result.elevator < 0.5
    assert -2.0 < result.alpha_deg < 6.0
    assert all(abs(v) < 1e-2 for v in result.residuals.values())
    meta = trimmed.recording.meta
    assert meta["trim/fcs/throttle-cmd-norm[0]"] == result.throttles[0]
    assert meta["trim/aero/alpha-deg"] == result.alpha_deg
    assert meta["aircraft"] == "c172p"


def test_trimmed_cruise_holds_for_ten_seconds(cruise: Callable[..., Simulation]) -> None:
    sim = cruise()
    rec = sim.run(10.0)
    assert np.ptp(rec["position/h-sl-ft"]) < 5.0
    assert np.ptp(rec["velocities/vc-kts"]) < 0.5


def test_failed_trim_names_the_axis_and_restores_dt() -> None:
    sim = Simulation("c172p", InitialConditions(altitude_ft=4000, kcas=20), record=None)
    with pytest.raises(TrimError) as info:
        sim.trim("full")
    assert "Failed" in str(info.value)
    assert sim.fdm.get_delta_t() == pytest.approx(1 / 120)
    sim.step(12)
    assert sim.time_s == pytest.approx(0.1)
    assert sim["simulation/sim-time-sec"] == pytest.approx(0.1)


def test_glider_trims_in_a_glide_and_full_trim_points_there() -> None:
    sim = Simulation("sgs233", InitialConditions(altitude_ft=3000, kcas=55), record="state,flight")
    with pytest.raises(TrimError, match="glide"):
        sim.trim("full")
    result = sim.trim("glide")
    assert -10.0 < result.values["flight-path/gamma-deg"] < -1.0
    rec = sim.run(10.0)
    assert np.ptp(rec["velocities/vc-kts"]) < 0.5
    assert rec["velocities/h-dot-fps"][-1] < 0.0


def test_reset_after_a_glide_trim_reloads_unless_the_model_is_reused() -> None:
    sim = Simulation("sgs233", InitialConditions(altitude_ft=3000, kcas=55), record=None)
    sim.trim("glide")
    trimmed = sim["flight-path/gamma-deg"]
    fdm = sim.fdm
    sim.reset()  # the glide solve wrote the IC: loaded again, trimmed again
    assert sim.fdm is not fdm
    assert sim["flight-path/gamma-deg"] == trimmed
    fdm = sim.fdm
    sim["ic/vc-kts"] = 60.0  # a caller writing the initial conditions itself
    sim.reset(reuse_model=True)
    assert sim.fdm is fdm
    assert sim["velocities/vc-kts"] == pytest.approx(60.0, abs=0.01)
    assert sim["flight-path/gamma-deg"] < trimmed  # faster: a steeper glide
    with pytest.raises(ConfigError, match=r"reset: reuse_model='yes': give True or False"):
        sim.reset(reuse_model="yes")  # type: ignore[arg-type]


def test_a_script_or_a_wind_refuses_reset_reusing_the_model() -> None:
    sim = Simulation.from_script("c1721", record=None)
    with pytest.raises(ConfigError, match=r"runs a script: its events are not undone"):
        sim.reset(reuse_model=True)
    sim.close()
    ic = InitialConditions(altitude_ft=3000, kcas=90, wind_from_deg=270, wind_speed_kts=10)
    windy = Simulation("c172p", ic, record=None)
    windy.trim()
    with pytest.raises(ConfigError, match=r"with a wind in the initial conditions: its trim"):
        windy.reset(reuse_model=True)
    windy.close()


def test_unknown_trim_mode(cruise_ic: InitialConditions) -> None:
    sim = Simulation("c172p", cruise_ic, record=None)
    with pytest.raises(ConfigError, match="glide"):
        sim.trim("sideways")


def test_steps_are_counted_in_integers(cruise_ic: InitialConditions) -> None:
    sim = Simulation("c172p", cruise_ic, dt_s=0.01, record=None)
    sim.trim()
    for _ in range(1000):
        sim.step()
    assert sim.steps == 1000
    assert sim.time_s == 10.0  # 1000 * 0.01, not a sum of 1000 floats
    sim.run(0.255)  # 25.5 steps rounds to 26 (round half to even)
    assert sim.steps == 1026


def test_same_inputs_give_bit_identical_states(cruise: Callable[..., Simulation]) -> None:
    recordings = []
    for _ in range(2):
        sim = cruise()
        recordings.append(sim.run(3.0, controls={"fcs/aileron-cmd-norm": 0.2}))
    first, second = recordings
    for name in first.names:
        assert np.array_equal(first[name], second[name]), name


def test_reset_is_bit_identical_to_a_fresh_simulation(cruise: Callable[..., Simulation]) -> None:
    controls = ControlTable([0.0, 1.0, 2.0], {"fcs/elevator-cmd-norm": [0.0, -0.2, 0.0]})
    fresh = cruise().run(4.0, controls=controls)
    sim = cruise()
    sim.run(7.0, controls={"fcs/rudder-cmd-norm": 0.3})
    sim.reset()
    assert sim.steps == 0 and len(sim.recording) == 0
    again = sim.run(4.0, controls=controls)
    for name in fresh.names:
        assert np.array_equal(fresh[name], again[name]), name


def test_reset_with_a_trim_mode_trims_again_after_a_failed_trim(
    cruise_ic: InitialConditions,
) -> None:
    """A failed trim leaves no trim to redo: reset() stays untrimmed, reset(trim="full")
    trims, into the state of a fresh trimmed Simulation bit for bit; later resets redo it."""
    fresh = Simulation("c172p", cruise_ic, record="state,flight")
    fresh.trim("full")
    expected = fresh.run(2.0)
    sim = Simulation("c172p", cruise_ic, record="state,flight")
    sim.trim("full")
    sim["ic/vc-kts"] = 20.0  # too slow to fly: the trim after the reset fails
    with pytest.raises(TrimError, match="Failed"):
        sim.reset(trim="full")
    assert sim.trim_result is None and len(sim.recording) == 0
    assert sim["ic/vc-kts"] == pytest.approx(100.0)  # the model loaded again from cruise_ic
    sim.reset()  # nothing to redo
    assert sim.trim_result is None
    assert sim["fcs/elevator-cmd-norm"] == 0.0  # JSBSim's reset zeroes it; untrimmed
    sim.reset(trim="full")
    assert sim.trim_result is not None and sim.trim_result.mode == "full"
    again = sim.run(2.0)
    for name in expected.names:
        assert np.array_equal(expected[name], again[name]), name
    sim.reset(trim="longitudinal")  # a mode replaces the last one for later resets
    sim.reset()
    assert sim.trim_result.mode == "longitudinal"
    assert sim["velocities/vc-kts"] == pytest.approx(100.0, abs=0.01)
    fresh.close()
    sim.close()


@pytest.mark.parametrize("bad", ["ful", "", "Full", True, 1.0])
def test_reset_refuses_an_unknown_trim_mode_before_resetting(
    cruise: Callable[..., Simulation], bad: object
) -> None:
    sim = cruise()
    sim.run(1.0)
    time_s, altitude_ft, rows = sim.time_s, sim["position/h-sl-ft"], len(sim.recording)
    with pytest.raises(ConfigError) as info:
        sim.reset(trim=bad)  # type: ignore[arg-type]
    assert str(info.value) == (
        f"reset: unknown trim mode {bad!r}: give one of longitudinal, full, ground, glide, "
        "or None to redo the last trim that held"
    )
    # nothing reset, nothing lost
    assert (sim.time_s, sim["position/h-sl-ft"], len(sim.recording)) == (time_s, altitude_ft, rows)
    assert sim.trim_result is not None and sim.trim_result.mode == "full"


def test_constant_controls_are_written(
    cruise: Callable[..., Simulation], trimmed: Simulation
) -> None:
    sim = cruise()
    sim.run(0.5, controls={"fcs/aileron-cmd-norm": 0.25})
    assert sim["fcs/aileron-cmd-norm"] == 0.25


def test_step_table_holds_values_between_breakpoints(cruise: Callable[..., Simulation]) -> None:
    sim = cruise(record=["fcs/elevator-cmd-norm"])
    table = ControlTable([1.0, 2.0], {"fcs/elevator-cmd-norm": [-0.1, 0.05]})
    rec = sim.run(3.0, controls=table)
    elevator, t = rec["fcs/elevator-cmd-norm"], rec.time_s
    # written before the step that starts at the breakpoint; a row at t shows the
    # command of the step that ended at t
    assert np.all(elevator[t <= 1.0] == 0.0)
    assert np.all(elevator[(t > 1.0) & (t <= 2.0)] == -0.1)
    assert np.all(elevator[t > 2.0] == 0.05)


def test_linear_table_interpolates(cruise: Callable[..., Simulation]) -> None:
    sim = cruise(record=["fcs/rudder-cmd-norm"])
    table = ControlTable([0.0, 1.0], {"fcs/rudder-cmd-norm": [0.0, 0.4]}, interpolation="linear")
    rec = sim.run(2.0, controls=table)
    # the value written before the step at t is read back after it, at t + dt
    at_half = rec["fcs/rudder-cmd-norm"][np.searchsorted(rec.time_s, 0.5)]
    assert at_half == pytest.approx(0.4 * (0.5 - 1 / 120), abs=1e-9)
    assert rec["fcs/rudder-cmd-norm"][-1] == 0.4


def test_bad_control_tables(cruise_ic: InitialConditions) -> None:
    with pytest.raises(ConfigError, match="strictly increasing"):
        ControlTable([0.0, 0.0], {"fcs/rudder-cmd-norm": [0.0, 1.0]})
    with pytest.raises(ConfigError, match="2 values for 3 times"):
        ControlTable([0.0, 1.0, 2.0], {"fcs/rudder-cmd-norm": [0.0, 1.0]})
    sim = Simulation("c172p", cruise_ic, record=None)
    with pytest.raises(PropertyError, match="fcs/rudder-cmd-norm"):
        sim.run(1.0, controls=ControlTable([0.0], {"fcs/rudder-cmd-nrm": [0.1]}))


@pytest.mark.parametrize(
    ("times", "values", "message"),
    [  # the first two had been numpy's bare ValueError, the last two named no time
        (
            [0.0, 1.0],
            [0.0, "0.1 deg"],
            "ControlTable: 'fcs/rudder-cmd-norm' holds '0.1 deg', not a number; give numbers, "
            "in the unit the property's name states (times in s)",
        ),
        ([0.0, "1 s"], [0.0, 0.1], "ControlTable: times_s holds '1 s', not a number; "),
        (
            [0.0, 1.0, 1.5, 1.2],
            [0.0, 0.1, 0.2, 0.3],
            "ControlTable: times_s must be finite and strictly increasing; "
            "times_s[3] = 1.2 s is not after times_s[2] = 1.5 s",
        ),
        ([0.0, float("nan")], [0.0, 0.1], "increasing; times_s[1] is nan"),
    ],
)
def test_a_bad_control_table_names_the_value_and_where(
    times: list[object], values: list[object], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        ControlTable(times, {"fcs/rudder-cmd-norm": values})  # type: ignore[arg-type]
    assert message in str(raised.value)


def test_callable_controls_see_time_and_state(cruise: Callable[..., Simulation]) -> None:
    sim = cruise(record=["attitude/phi-deg", "fcs/aileron-cmd-norm"])
    seen: list[float] = []

    def bank_to_20(t_s: float, s: Simulation) -> dict[str, float]:
        seen.append(t_s)
        error = 20.0 - s["attitude/phi-deg"]
        return {"fcs/aileron-cmd-norm": max(-0.3, min(0.3, 0.02 * error))}

    rec = sim.run(15.0, controls=bank_to_20, control_every=12)
    assert seen[:3] == [0.0, 0.1, 0.2]
    assert len(seen) == 150
    assert rec["attitude/phi-deg"][-1] == pytest.approx(20.0, abs=3.0)


def test_record_every_and_time_column(cruise: Callable[..., Simulation]) -> None:
    sim = cruise(record="state", record_every=12)
    rec = sim.run(2.0)
    assert len(rec) == 21  # t = 0, 0.1, ..., 2.0
    assert rec.time_s[1] == pytest.approx(0.1)
    sim.step(5)
    sim.step(7)  # reaches step 252, a multiple of 12
    assert len(sim.recording) == 22
    assert sim.recording.time_s[-1] == pytest.approx(2.1)


def test_recorded_value_matches_live_value(cruise: Callable[..., Simulation]) -> None:
    sim = cruise(record="state")
    rec = sim.run(1.0)
    assert rec["position/h-sl-ft"][-1] == sim["position/h-sl-ft"]
    assert rec.time_s[-1] == sim.fdm.get_sim_time()  # JSBSim's clock (issue 9)
    assert rec.time_s[-1] == pytest.approx(sim.time_s)


@pytest.mark.parametrize("preset", sorted(RECORD_PRESETS))
def test_presets_record_their_properties(cruise_ic: InitialConditions, preset: str) -> None:
    sim = Simulation("c172p", cruise_ic, record=preset)
    rec = sim.run(0.1)
    assert rec.names
    assert set(rec.names) <= {n.replace(ENGINE, "") for n in RECORD_PRESETS[preset]}
    assert len(rec) == 13


def test_presets_record_every_engine_and_its_own_kind_of_speed() -> None:
    """The 737's two turbofans: N1/N2 for each, no propeller rpm; engine 0 named as JSBSim does."""
    sim = Simulation("737", InitialConditions(altitude_ft=10000, kcas=250), record="propulsion")
    rec = sim.run(0.5)
    for name in ("thrust-lbs", "n1", "n2", "fuel-flow-rate-pps"):
        assert f"propulsion/engine/{name}" in rec.names
        assert f"propulsion/engine[1]/{name}" in rec.names
        assert f"propulsion/engine[2]/{name}" not in rec.names
    assert "fcs/throttle-pos-norm[1]" in rec.names
    assert not any("propeller-rpm" in n for n in rec.names)
    assert rec["propulsion/engine[1]/n2"][-1] > 50.0  # running, in percent


def test_record_accepts_presets_and_properties_mixed(cruise_ic: InitialConditions) -> None:
    sim = Simulation("c172p", cruise_ic, record="controls,aero/alpha-deg")
    assert "aero/alpha-deg" in sim.recorded_names
    assert "fcs/elevator-cmd-norm" in sim.recorded_names
    with pytest.raises(ConfigError, match="neither a record preset"):
        Simulation("c172p", cruise_ic, record="stat")
    with pytest.raises(PropertyError, match="Did you mean"):
        Simulation("c172p", cruise_ic, record=["position/h-sl-fet"])


def test_recording_round_trips_through_csv(
    cruise: Callable[..., Simulation], tmp_path: Path
) -> None:
    sim = cruise()
    rec = sim.run(1.0)
    back = Recording.load(rec.to_csv(tmp_path / "run.csv"))
    assert np.array_equal(back["attitude/psi-deg"], rec["attitude/psi-deg"])
    assert back.meta["trim/aero/alpha-deg"] == rec.meta["trim/aero/alpha-deg"]


def test_bad_arguments(cruise_ic: InitialConditions) -> None:
    with pytest.raises(ConfigError, match="dt_s"):
        Simulation("c172p", cruise_ic, dt_s=0.0)
    with pytest.raises(ConfigError, match="record_every"):
        Simulation("c172p", cruise_ic, record_every=0)
    sim = Simulation("c172p", cruise_ic, record=None)
    with pytest.raises(ConfigError, match="duration_s"):
        sim.run(float("nan"))
    with pytest.raises(ConfigError, match="controls must be"):
        sim.run(1.0, controls=[1, 2])  # type: ignore[arg-type]


def _csv_files(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("*.csv")}


def test_jsbsim_file_output_is_off_by_default_and_written_here_when_asked(
    cruise_ic: InitialConditions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """c172x declares a 10 Hz CSV <output> (JSBout172B.csv, relative to JSBSim's output path)."""
    monkeypatch.chdir(tmp_path)
    package_files = _csv_files(jsbsim_root())
    sim = Simulation("c172x", cruise_ic, record=None)
    sim.run(1.0)
    sim.close()
    assert list(tmp_path.iterdir()) == []
    asked = Simulation("c172x", cruise_ic, record=None, jsbsim_output=True)
    asked.run(1.0)
    asked.close()
    written = tmp_path / "JSBout172B.csv"
    assert written.is_file()
    rows = written.read_text().splitlines()
    assert rows[0].startswith("Time")
    assert len(rows) >= 10  # 1 s at 10 Hz
    assert _csv_files(jsbsim_root()) == package_files  # nothing lands in site-packages


def _port_taken(port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
        try:
            probe.bind(("", port))
        except OSError:
            return True
    return False


def test_jsbsim_input_sockets_are_closed_by_default(cruise_ic: InitialConditions) -> None:
    """The 737 declares a TCP and a UDP <input> (ports 5137/5139): off unless asked for."""
    sim = Simulation("737", cruise_ic, record=None)
    sim.step(2)
    assert not _port_taken(5137, socket.SOCK_STREAM)
    assert not _port_taken(5139, socket.SOCK_DGRAM)
    asked = Simulation("737", cruise_ic, record=None, jsbsim_input=True)
    asked.step(2)
    assert _port_taken(5137, socket.SOCK_STREAM) or _port_taken(5139, socket.SOCK_DGRAM)


def test_close_and_context_manager(cruise_ic: InitialConditions) -> None:
    with Simulation("c172p", cruise_ic, record=None) as sim:
        sim.step(2)
    with pytest.raises(Exception, match="closed"):
        sim.step(1)
    sim.close()  # idempotent


def test_progress_reports_done_and_total(cruise_ic: InitialConditions) -> None:
    sim = Simulation("c172p", cruise_ic, record=None)
    calls: list[tuple[float, float]] = []
    sim.run(5.0, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (5.0, 5.0)
    assert all(total == 5.0 for _, total in calls)
    calls.clear()
    sim.run(2.0, controls=lambda t, s: {}, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (2.0, 2.0)


def test_a_glide_trim_that_blows_up_says_so() -> None:
    """The paraglider (a pendulum pilot under a wing) has no steady glide a trim finds."""
    sim = Simulation("paraglider", InitialConditions(altitude_ft=3000, kcas=20), record=None)
    with pytest.raises(TrimError, match="accelerations blew up during the solve"):
        sim.trim("glide")
    # back at the initial conditions, untrimmed, and it flies on
    assert sim.trim_result is None and sim.time_s == 0.0
    assert sim["velocities/vc-kts"] == pytest.approx(20.0, abs=1e-6)
    assert sim["position/h-sl-ft"] == pytest.approx(3000.0, abs=1e-6)
    sim.step(12)
    assert sim.steps == 12


def test_segments_without_a_recording_keep_no_phantom_rows(cruise_ic: InitialConditions) -> None:
    """record=None, a callable every 12 steps: more segments than a recorder chunk holds."""
    sim = Simulation("c172p", cruise_ic, record=None)
    sim.trim()
    rec = sim.run(830.0, controls=lambda t, s: None, control_every=12)  # 8,300 segments
    assert len(rec) == 0 and rec.names == []
    assert sim.time_s == pytest.approx(830.0)
