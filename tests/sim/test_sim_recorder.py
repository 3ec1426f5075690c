"""The Recorder keeps every value bit for bit, in memory and in its CSV stream.

The step loop writes rows with the compiled ``step_rows`` into the recorder's
chunk; ``append_row`` writes one row read from getters. Both must come back
unchanged, across numpy chunks (every ``CHUNK_ROWS`` rows) and in a streamed
CSV, also for NaN, infinities, -0.0 and subnormal numbers.
"""

import math
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from flightsim.sim import recorder as recorder_module
from flightsim.sim._steploop import guard_trips, step_rows
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.recorder import Recorder, make_step_loop
from flightsim.sim.recording import Recording
from flightsim.sim.simulation import Simulation

NAMES = ["position/h-sl-ft", "attitude/phi-deg", "velocities/vc-kts"]
DT_S = 1.0 / 120.0
SPECIAL = [math.nan, math.inf, -math.inf, -0.0, 5e-324, 1.0 / 3.0]


def _rows(count: int) -> list[list[float]]:
    rng = np.random.default_rng(7)
    rows = rng.normal(scale=1e4, size=(count, len(NAMES))).tolist()
    for i, value in enumerate(SPECIAL):
        rows[(i * 37) % count][i % len(NAMES)] = value
    return rows


def _bits(values: np.ndarray) -> bytes:
    return np.ascontiguousarray(values, dtype=np.float64).tobytes()


def _getters(row: list[float]) -> tuple[Callable[[], float], ...]:
    return tuple((lambda v=v: v) for v in row)


def _no_step() -> None:
    raise AssertionError("no step was asked for")


def _fill(rec: Recorder, rows: list[list[float]], every: int) -> None:
    """Rows alternately written as the step loop does and through ``append_row``."""
    for i, row in enumerate(rows):
        if i % 2:
            rec.room(1)
            step_rows(_no_step, 0, 1, _getters(row), rec.chunk, rec.offset)
        else:
            rec.append_row(_getters(row))
        rec.add_steps(i * every, 1, every)


def test_step_rows_runs_the_steps_and_writes_native_doubles() -> None:
    calls: list[int] = []
    values = iter(range(100))
    getters = (lambda: float(next(values)), lambda: -0.0, lambda: math.inf)
    buffer = bytearray(8 + 2 * 24)
    step_rows(lambda: calls.append(1), 3, 2, getters, buffer, 8)
    assert len(calls) == 6  # 3 steps before each of 2 rows
    assert bytes(buffer) == bytes(8) + struct.pack("6d", 0.0, -0.0, math.inf, 1.0, -0.0, math.inf)
    step_rows(lambda: calls.append(1), 4, 1, (), None, 0)  # steps only: nothing read
    assert len(calls) == 10


def test_step_rows_refuses_what_does_not_fit_and_passes_errors_on() -> None:
    one = (lambda: 1.0,)
    with pytest.raises(ValueError, match="2 rows of 1 values do not fit the 8 bytes"):
        step_rows(_no_step, 0, 2, one, bytearray(16), 8)
    with pytest.raises(TypeError):
        step_rows(_no_step, 0, 1, (lambda: "fast",), bytearray(8), 0)  # type: ignore[arg-type,return-value]
    with pytest.raises(ZeroDivisionError):
        step_rows(lambda: 1 / 0, 1, 1, one, bytearray(8), 0)
    with pytest.raises(ValueError, match="steps must be >= 0"):
        step_rows(_no_step, -1, 1, one, bytearray(8), 0)
    with pytest.raises(TypeError, match="getters must be a tuple"):
        step_rows(_no_step, 0, 1, [lambda: 1.0], bytearray(8), 0)  # type: ignore[arg-type]


def test_guard_trips_on_the_sink_rate_of_the_last_check() -> None:
    """max(v_down, vd_prev): a fast sink seen at the last check still trips on the wheels."""
    guards = _getters([5.0, 150.0, 3.0, 1.0])
    assert guard_trips(guards, 20.0, 25.0, True) == (True, 25.0)


def test_step_rows_offsets_are_whole_doubles() -> None:
    with pytest.raises(ValueError, match="offset must be a multiple of 8"):
        step_rows(None, 0, 1, (lambda: 1.0,), bytearray(16), 4)


@pytest.mark.parametrize(
    ("record_every", "guard_steps", "parts"),
    [(1, 12, (1,)), (12, 12, (12,)), (13, 12, (12, 1)), (25, 12, (12, 12, 1)), (36, 12, (12,) * 3)],
)
def test_long_rows_are_stepped_in_guard_length_parts(
    record_every: int, guard_steps: int, parts: tuple[int, ...]
) -> None:
    loop = make_step_loop(record_every, guard_steps, check_ground=True)
    assert loop.parts == parts
    assert sum(loop.parts) * loop.rows_per_block == loop.block_steps


@pytest.mark.parametrize(
    ("h_agl", "vt", "v_down", "wow", "ground", "expected"),
    [
        (100.0, 150.0, 3.0, 0.0, True, (False, 3.0)),
        (math.nan, 150.0, 3.0, 0.0, True, (True, 5.0)),  # NaN: tripped, sink kept
        (1e13, 150.0, 3.0, 0.0, True, (True, 5.0)),  # beyond flight, though finite
        (5.0, 150.0, 25.0, 1.0, True, (True, 25.0)),  # on the wheels, sinking fast
        (5.0, 150.0, 25.0, 0.0, True, (False, 25.0)),  # sinking fast, in the air
        (-0.5, 150.0, 1.0, 1.0, True, (False, 1.0)),  # below the terrain, on its wheels
        (-0.5, 150.0, 1.0, 0.0, True, (True, 5.0)),  # below the terrain, no wheel carries it
        (-0.5, 150.0, 1.0, 0.0, False, (False, 5.0)),  # no ground check: only NaN/inf
        (5.0, 150.0, math.nan, 1.0, True, (True, 5.0)),  # a NaN sink rate: diverged
        (5.0, 150.0, 3.0, 1.0, True, (False, 3.0)),  # on the wheels, sinking slowly
    ],
)
def test_guard_trips(
    h_agl: float, vt: float, v_down: float, wow: float, ground: bool, expected: tuple[bool, float]
) -> None:
    """vd_prev = 5 ft/s; the crash limit is 20 ft/s."""
    guards = _getters([h_agl, vt, v_down, wow])
    assert guard_trips(guards, 20.0, 5.0, ground) == expected


@pytest.mark.parametrize("every", [1, 5])
def test_rows_come_back_bit_for_bit_across_chunks(
    monkeypatch: pytest.MonkeyPatch, every: int
) -> None:
    monkeypatch.setattr(recorder_module, "CHUNK_ROWS", 64)
    rows = _rows(300)  # several chunks plus pending rows
    rec = Recorder(NAMES, DT_S)
    _fill(rec, rows, every)
    out = rec.recording()
    expected = np.array(rows)
    assert len(out) == len(rec) == 300
    for i, name in enumerate(NAMES):
        assert _bits(out[name]) == _bits(expected[:, i])
    assert _bits(out.time_s) == _bits(np.arange(300) * every * DT_S)
    again = rec.recording()  # asked twice: same data, independent arrays
    again[NAMES[0]][:] = 0.0
    assert _bits(rec.recording()[NAMES[0]]) == _bits(expected[:, 0])


def test_streamed_csv_matches_the_recording(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(recorder_module, "CHUNK_ROWS", 50)
    rows = _rows(230)
    csv = tmp_path / "run.csv"
    rec = Recorder(NAMES, DT_S, stream_csv=csv, meta={"aircraft": "c172p"})
    _fill(rec, rows[:120], 1)
    rec.flush()  # part of the rows streamed before more arrive
    for i, row in enumerate(rows[120:], start=120):
        rec.append_row(_getters(row))
        rec.add_steps(i, 1, 1)
    rec.close()
    from_disk = Recording.from_csv(csv)
    in_memory = rec.recording()
    assert from_disk.names == NAMES
    assert from_disk.meta["aircraft"] == "c172p"
    assert _bits(from_disk.time_s) == _bits(in_memory.time_s)
    for name in NAMES:
        assert _bits(from_disk[name]) == _bits(in_memory[name])


def _cruise(**kwargs: object) -> Simulation:
    ic = InitialConditions(altitude_ft=4000, kcas=100, heading_deg=90)
    sim = Simulation("c172p", ic, record="state", **kwargs)  # type: ignore[arg-type]
    sim.trim()
    return sim


@pytest.fixture(scope="module")
def every_step() -> Recording:
    """2 s of trimmed cruise recorded every step: the reference rows."""
    with _cruise() as sim:
        return sim.run(2.0)


@pytest.mark.parametrize("record_every", [1, 3, 13])
@pytest.mark.parametrize("how", ["run", "segments", "callable", "step", "paced"])
def test_simulation_rows_across_chunks_match_an_every_step_run(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    every_step: Recording,
    record_every: int,
    how: str,
) -> None:
    """Every way of stepping fills 7-row chunks and a CSV stream with the reference's rows."""
    monkeypatch.setattr(recorder_module, "CHUNK_ROWS", 7)
    csv = tmp_path / "rows.csv"
    speed = 200.0 if how == "paced" else 1.0
    with _cruise(record_every=record_every, stream_csv=csv, speed=speed) as sim:
        if how == "step":
            for _ in range(48):
                sim.step(5)
        elif how in ("segments", "callable"):
            every = 12 if how == "segments" else 1
            sim.run(2.0, controls=lambda t, s: None, control_every=every)
        else:
            sim.run(2.0)
        rec = sim.recording
    steps = sorted({*range(0, 241, record_every), *([240] if how != "step" else [])})
    assert rec.time_s.tolist() == [every_step.time_s[k] for k in steps]
    for name in rec.names:
        assert _bits(rec[name]) == _bits(every_step[name][steps])
    on_disk = Recording.from_csv(csv)
    for name in rec.names:
        assert _bits(on_disk[name]) == _bits(rec[name])
