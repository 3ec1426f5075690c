"""The stepper: segments, exact step accounting, both step loops, crashes on their step."""

import json
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from flightsim.errors import ConfigError, DivergenceError, TrimError
from flightsim.paths import find_aircraft
from flightsim.recording import Recording
from flightsim.sim import _steploop_pure, steploop
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.recorder import CHUNK_ROWS
from flightsim.sim.simulation import Simulation


def _bits(values: np.ndarray) -> bytes:
    return np.ascontiguousarray(values, dtype=np.float64).tobytes()


# -- run() returns its segment ------------------------------------------------------------------
def test_run_returns_the_segment_it_flew_and_the_history_stays(
    cruise: Callable[..., Simulation],
) -> None:
    sim = cruise(record="state", record_every=12)
    first = sim.run(1.0)
    second = sim.run(0.55)  # ends off the 12-step grid: its final row is recorded anyway
    third = sim.run(0.45)
    assert first.time_s.tolist() == pytest.approx([i * 0.1 for i in range(11)])
    assert second.time_s[0] == pytest.approx(1.1) and second.time_s[-1] == pytest.approx(1.55)
    assert third.time_s[0] == pytest.approx(1.6) and third.time_s[-1] == pytest.approx(2.0)
    history = sim.recording
    assert len(history) == len(first) + len(second) + len(third)
    for name in history.names:
        joined = np.concatenate([first[name], second[name], third[name]])
        assert _bits(history[name]) == _bits(joined)
    assert sim.recording is history  # kept until more is recorded
    sim.step(12)
    assert sim.recording is not history and len(sim.recording) == len(history) + 1


def test_many_short_runs_record_what_one_long_run_records(
    cruise: Callable[..., Simulation],
) -> None:
    long = cruise(record="state").run(3.0)
    sim = cruise(record="state")
    for _ in range(30):
        sim.run(0.1)
    for name in long.names:
        assert _bits(sim.recording[name]) == _bits(long[name])
    assert _bits(sim.recording.time_s) == _bits(long.time_s)


def test_segments_of_short_runs_concatenate_to_the_history_and_stay_valid(
    cruise: Callable[..., Simulation],
) -> None:
    """More rows than a recorder chunk holds; segments read after later runs and a reset."""
    sim = cruise(record="state")
    segments = [sim.run(0.1) for _ in range(CHUNK_ROWS // 12 + 10)]
    history = sim.recording
    assert len(history) == sim.steps + 1 > CHUNK_ROWS
    copies = {name: history[name].copy() for name in history.names}
    sim.run(2.0)
    sim.reset()
    sim.run(0.5)  # later runs record into the same and then a new recorder
    joined = Recording(
        np.concatenate([s.time_s for s in segments]),
        {name: np.concatenate([s[name] for s in segments]) for name in copies},
    )
    assert _bits(joined.time_s) == _bits(history.time_s)
    for name, values in copies.items():
        assert _bits(joined[name]) == _bits(values) == _bits(history[name])
    # a segment's arrays are its own: writing into one changes nothing else
    segments[1]["velocities/u-fps"][:] = 0.0
    assert _bits(history["velocities/u-fps"]) == _bits(copies["velocities/u-fps"])
    assert segments[2]["velocities/u-fps"].all()


# -- exact step accounting ------------------------------------------------------------------------
def test_a_failing_controls_callable_leaves_steps_on_jsbsims_clock(
    cruise: Callable[..., Simulation],
) -> None:
    sim = cruise(record="state")

    def fails_at(t_s: float, s: Simulation) -> dict[str, float]:
        if t_s >= 1.425:
            raise RuntimeError("controller fault")
        return {"fcs/aileron-cmd-norm": 0.01}

    with pytest.raises(RuntimeError, match="controller fault"):
        sim.run(5.0, controls=fails_at, control_every=3)
    assert sim.steps == 171  # the hook runs before steps 0, 3, ..., 171 (t = 1.425 s)
    assert sim.time_s == pytest.approx(sim.fdm.get_sim_time(), abs=1e-9)
    rec = sim.recording
    assert rec.time_s[-1] == pytest.approx(1.425) and len(rec) == 172
    sim.run(0.5)  # and it flies on from there
    assert sim.time_s == pytest.approx(sim.fdm.get_sim_time(), abs=1e-9)


def test_a_failing_property_read_leaves_steps_on_jsbsims_clock(
    cruise: Callable[..., Simulation],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim = cruise(record="state")
    reads = 0
    real = sim._stepper.getters[0]

    def flaky() -> float:
        nonlocal reads
        reads += 1
        if reads == 100:
            raise OSError("sensor gone")
        return real()

    monkeypatch.setattr(sim._stepper, "getters", (flaky, *sim._stepper.getters[1:]))
    with pytest.raises(OSError, match="sensor gone"):
        sim.run(5.0)
    assert sim.steps == 99  # row 0 read before stepping; the read after step 99 failed
    assert sim.time_s == pytest.approx(sim.fdm.get_sim_time(), abs=1e-9)
    assert len(sim.recording) == 99


def test_a_divergence_leaves_steps_on_jsbsims_clock(cruise: Callable[..., Simulation]) -> None:
    sim = cruise(record="state")
    sim.run(1.0)
    sim.fdm["fcs/elevator-cmd-norm"] = float("nan")
    with pytest.raises(DivergenceError):
        sim.run(5.0)
    assert sim.time_s == pytest.approx(sim.fdm.get_sim_time(), abs=1e-9)
    assert sim.recording.time_s[-1] == sim.fdm.get_sim_time()  # the step that diverged


# -- the compiled loop and its pure-Python twin --------------------------------------------------
@pytest.mark.parametrize("record_every", [1, 7])
def test_the_pure_python_loop_records_the_same_bits(
    cruise: Callable[..., Simulation], monkeypatch: pytest.MonkeyPatch, record_every: int
) -> None:
    compiled = pytest.importorskip("flightsim.sim._steploop")
    recordings = []
    for loop in (compiled.step_rows, _steploop_pure.step_rows):
        monkeypatch.setattr(steploop, "step_rows", loop)
        sim = cruise(record="state", record_every=record_every)
        sim.run(1.0, controls={"fcs/aileron-cmd-norm": 0.05})
        sim.run(1.0, controls=lambda t, s: {"fcs/elevator-cmd-norm": -0.01}, control_every=5)
        recordings.append(sim.recording)
    a, b = recordings
    assert _bits(a.time_s) == _bits(b.time_s)
    for name in a.names:
        assert _bits(a[name]) == _bits(b[name]), name


# -- crashes on the step they happen (issue 9) ---------------------------------------------------
def test_a_ball_hitting_the_ground_is_caught_on_that_step() -> None:
    """Sampled every 0.1 s, this impact bounced back unseen (12 ft underground at 24.99 s)."""
    sim = Simulation("ball", InitialConditions(altitude_ft=10000, kcas=100))
    with pytest.raises(DivergenceError) as info:
        sim.run(30.0)
    exc = info.value
    assert exc.time_s == pytest.approx(24.983, abs=0.01)
    assert sim.time_s == exc.time_s
    rec = exc.recording
    assert len(rec) == sim.steps + 1  # every row up to the impact, the impact's included
    assert rec.time_s[-1] == pytest.approx(exc.time_s)
    assert rec["position/h-agl-ft"][-1] < 0.0 < rec["position/h-agl-ft"][-2]
    message = str(exc)
    assert "crashed into the ground at t = 24.983 s" in message
    assert "sink rate 801.1 ft/s" in message
    assert "latitude " in message and "pitch " in message and "roll " in message


def test_a_bomb_hitting_the_ground_is_a_crash_not_a_divergence() -> None:
    ic = InitialConditions(altitude_ft=2000, kcas=400, flight_path_deg=-60)
    sim = Simulation("mk82", ic)
    with pytest.raises(DivergenceError) as info:
        sim.run(30.0)
    message = str(info.value)
    assert "crashed into the ground at t = 3.167 s" in message
    assert "diverged" not in message
    assert "sink rate 663.4 ft/s, pitch -64.1 deg" in message
    assert np.all(np.isfinite(info.value.recording["velocities/p-rad_sec"]))


def test_a_script_flies_on_through_impacts_with_a_warning_and_a_note(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sim = Simulation.from_script("f16_test", record="state")
    with caplog.at_level(logging.WARNING, logger="flightsim.sim.simulation"):
        rec = sim.run_script(max_duration_s=185.0)
    impacts = [r.getMessage() for r in caplog.records if "ground impact" in r.getMessage()]
    assert len(impacts) == rec.meta["impacts"] == 3
    assert "t = 127.917 s" in impacts[0] and "sink rate 1074.7 ft/s" in impacts[0]
    assert rec.meta["impact/2"].startswith("t = 179.333 s")  # type: ignore[union-attr]
    assert sim.time_s == pytest.approx(185.0)  # the script kept running


# -- recordings that tell the truth (issue 9) -----------------------------------------------------
def test_the_time_column_is_jsbsims_clock_and_resets_are_marked() -> None:
    """c172_cruise_8K sets simulation/reset twice: JSBSim's clock goes back to 0 each time."""
    sim = Simulation.from_script("c172_cruise_8K", record="state", record_every=12)
    rec = sim.run_script()
    assert rec.time_s[-1] == sim.fdm.get_sim_time()
    back = np.flatnonzero(np.diff(rec.time_s) < 0) + 1
    assert len(back) == 2
    assert rec.meta["resets"] == list(back)  # the rows: what flightsim report reads
    for i, row in enumerate(back, start=1):
        assert rec.meta[f"reset/{i}"] == (
            f"row {row}: the clock went back from {rec.time_s[row - 1]:.4f} s "
            f"to {rec.time_s[row]:.4f} s"
        )
    assert sim.time_s > rec.time_s[-1] + 40.0  # steps flown, resets or not


def test_a_script_records_its_last_state_whatever_the_interval() -> None:
    sim = Simulation.from_script("c1721", record="state", record_every=7)
    rec = sim.run_script()
    assert rec.time_s[-1] == sim.fdm.get_sim_time() == pytest.approx(10.016, abs=1e-3)
    assert rec.time_s[-2] == pytest.approx(1197 * sim.dt_s)
    assert sim.time_s == pytest.approx(rec.time_s[-1])


def test_a_failed_start_leaves_existing_files_untouched(tmp_path: Path) -> None:
    keep = tmp_path / "keep.csv"
    Recording(np.arange(3.0), {"position/h-sl-ft": np.ones(3)}, {"aircraft": "x"}).to_csv(keep)
    before = keep.read_bytes(), (tmp_path / "keep.meta.json").read_text()
    ic = InitialConditions(altitude_ft=30000, kcas=160)
    sim = Simulation("c172p", ic, stream_csv=keep)
    with pytest.raises(TrimError):
        sim.trim()
    sim.close()
    assert (keep.read_bytes(), (tmp_path / "keep.meta.json").read_text()) == before
    fresh = tmp_path / "never.csv"
    sim = Simulation("c172p", ic, stream_csv=fresh)
    with pytest.raises(TrimError):
        sim.trim()
    sim.close()
    assert not fresh.exists() and not (tmp_path / "never.meta.json").exists()


def test_a_started_run_streams_its_header_and_metadata(
    cruise: Callable[..., Simulation], tmp_path: Path
) -> None:
    csv = tmp_path / "run.csv"
    sim = cruise(record="state", stream_csv=csv)
    assert not csv.exists()  # nothing before the first step
    sim.run(0.5)
    sim.close()
    assert len(Recording.from_csv(csv)) == 61
    assert json.loads((tmp_path / "run.meta.json").read_text())["aircraft"] == "c172p"


def test_a_function_of_the_output_block_is_refused_not_recorded_stale() -> None:
    """c172x declares velocities/pi-deg_sec inside <output>: JSBSim computes it only there."""
    with pytest.raises(ConfigError) as info:
        Simulation(
            "c172x",
            InitialConditions(altitude_ft=4000, kcas=100),
            record="state,velocities/pi-deg_sec",
        )
    message = str(info.value)
    assert message.startswith(f"{find_aircraft('c172x').main_file}:1238: cannot record")
    assert "Record velocities/pi-rad_sec instead" in message
    assert info.value.line == 1238
