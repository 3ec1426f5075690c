"""The Recorder keeps every value bit for bit, in memory and in its CSV stream.

The step loop writes rows with ``step_rows`` (compiled, or its pure-Python twin)
into the recorder's chunk; ``append_row`` writes one row read from getters. Both must come back
unchanged, across numpy chunks (every ``CHUNK_ROWS`` rows) and in a streamed
CSV, also for NaN, infinities, -0.0 and subnormal numbers.
"""

import math
import struct
from array import array
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from flightsim.recording import Recording
from flightsim.sim import _steploop_pure
from flightsim.sim import recorder as recorder_module
from flightsim.sim._steploop_pure import (
    IMPACT_SINK,
    ROWS_DONE,
    STEPS_DONE,
    STOP_AT_END,
    TERRAIN_FT,
    VD_PREV,
)
from flightsim.sim.recorder import Recorder
from flightsim.sim.simulation import Simulation
from flightsim.sim.stepping import new_state

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
            state = new_state(20.0, check_ground=False)
            _steploop_pure.step_rows(
                _no_step, 0, 1, _getters(row), rec.chunk, rec.offset, (), state
            )
        else:
            rec.append_row(_getters(row))
        rec.add_steps(i * every, 1, every)


def _state(ground: bool = True, sink_limit: float = 20.0) -> array:
    return new_state(sink_limit, check_ground=ground)


@pytest.fixture(params=["compiled", "pure"])
def step_rows(request: pytest.FixtureRequest) -> Callable[..., int]:
    """Each test runs on the compiled loop and on its pure-Python twin."""
    if request.param == "pure":
        return _steploop_pure.step_rows
    compiled = pytest.importorskip("flightsim.sim._steploop")
    return compiled.step_rows  # type: ignore[no-any-return]


def test_step_rows_runs_the_steps_and_writes_native_doubles(step_rows: Callable[..., int]) -> None:
    calls: list[int] = []
    values = iter(range(100))
    getters = (lambda: float(next(values)), lambda: -0.0, lambda: math.inf)
    buffer = bytearray(8 + 2 * 24)
    state = _state()
    assert step_rows(lambda: calls.append(1), 3, 2, getters, buffer, 8, (), state) == 0
    assert len(calls) == 6  # 3 steps before each of 2 rows
    assert (state[STEPS_DONE], state[ROWS_DONE]) == (6.0, 2.0)
    assert bytes(buffer) == bytes(8) + struct.pack("6d", 0.0, -0.0, math.inf, 1.0, -0.0, math.inf)
    step_rows(lambda: calls.append(1), 4, 1, (), None, 0, (), state)  # steps only: nothing read
    assert len(calls) == 10


def test_step_rows_refuses_what_does_not_fit_and_passes_errors_on(
    step_rows: Callable[..., int],
) -> None:
    one = (lambda: 1.0,)
    state = _state()
    with pytest.raises(ValueError, match="2 rows of 1 values do not fit the 8 bytes"):
        step_rows(_no_step, 0, 2, one, bytearray(16), 8, (), state)
    with pytest.raises(TypeError):
        step_rows(_no_step, 0, 1, (lambda: "fast",), bytearray(8), 0, (), state)
    with pytest.raises(ValueError, match="steps must be >= 0"):
        step_rows(_no_step, -1, 1, one, bytearray(8), 0, (), state)
    with pytest.raises(TypeError, match="getters and checks must be tuples"):
        step_rows(_no_step, 0, 1, [lambda: 1.0], bytearray(8), 0, (), state)
    with pytest.raises(ValueError, match="offset must be a multiple of 8"):
        step_rows(None, 0, 1, (lambda: 1.0,), bytearray(16), 4, (), state)


def test_steps_are_counted_when_a_step_raises(step_rows: Callable[..., int]) -> None:
    """The counters are written before the error propagates: the caller's clock stays right."""
    count = 0

    def run() -> bool:
        nonlocal count
        count += 1
        if count == 17:
            raise ZeroDivisionError("step 17")
        return True

    state = _state()
    with pytest.raises(ZeroDivisionError):
        step_rows(run, 5, 10, (lambda: 1.0,), bytearray(80), 0, (), state)
    assert (state[STEPS_DONE], state[ROWS_DONE]) == (16.0, 3.0)  # the 17th did not finish


def test_the_loop_stops_when_a_script_ends(step_rows: Callable[..., int]) -> None:
    left = iter([True, True, False, True])
    state = _state()
    state[STOP_AT_END] = 1.0
    assert step_rows(lambda: next(left), 2, 5, (lambda: 1.0,), bytearray(40), 0, (), state) == 3
    assert (state[STEPS_DONE], state[ROWS_DONE]) == (3.0, 1.0)


def test_an_impact_is_reported_once_on_the_step_it_happens(step_rows: Callable[..., int]) -> None:
    """A ball falls through the terrain at step 4, stays below it, climbs out, falls again."""
    heights = iter([30.0, 20.0, 10.0, -1.0, -2.0, -1.0, 3.0, -0.5, 2.0])
    now = [0.0]

    def run() -> None:
        now[0] = next(heights)

    checks = (lambda: now[0], lambda: 150.0, lambda: now[0], lambda: 40.0, float)
    state = _state()
    codes = [step_rows(run, 1, 1, (), None, 0, checks, state) for _ in range(9)]
    assert codes == [0, 0, 0, 2, 0, 0, 0, 2, 0]  # at -1.0 (step 4), again at -0.5 (step 8)
    assert state[IMPACT_SINK] == 40.0


@pytest.mark.parametrize(
    ("h_agl", "vt", "v_down", "wow", "ground", "expected"),
    [
        (100.0, 150.0, 3.0, 0.0, True, 0),
        (math.nan, 150.0, 3.0, 0.0, True, 1),  # NaN: diverged
        (1e13, 150.0, 3.0, 0.0, True, 1),  # beyond flight, though finite
        (5.0, 150.0, 25.0, 1.0, True, 2),  # on the wheels, sinking fast
        (5.0, 150.0, 25.0, 0.0, True, 0),  # sinking fast, in the air
        (-0.5, 150.0, 1.0, 1.0, True, 0),  # below the terrain, on its wheels
        (-0.5, 150.0, 1.0, 0.0, True, 2),  # below the terrain, no wheel carries it
        (-0.5, 150.0, 1.0, 0.0, False, 0),  # no ground check: only NaN/inf
        (5.0, 150.0, math.nan, 1.0, True, 1),  # a NaN sink rate: diverged
        (5.0, 150.0, 3.0, 1.0, True, 0),  # on the wheels, sinking slowly
        (2000.0, 150.0, math.nan, 1.0, True, 0),  # far above the ground: sink not read
    ],
)
def test_crash_check(
    step_rows: Callable[..., int],
    h_agl: float,
    vt: float,
    v_down: float,
    wow: float,
    ground: bool,
    expected: int,
) -> None:
    """The previous sink rate is 5 ft/s; the crash limit is 20 ft/s."""
    state = _state(ground)
    state[VD_PREV] = 5.0
    checks = _getters([h_agl, vt, h_agl, v_down, wow])  # terrain at sea level
    assert step_rows(lambda: True, 1, 1, (), None, 0, checks, state) == expected
    assert state[STEPS_DONE] == 1.0


def test_far_above_the_terrain_height_above_ground_is_read_every_12_steps(
    step_rows: Callable[..., int],
) -> None:
    """h-agl is a slow read; far from the terrain last seen, h-sl tells the height."""
    reads = 0

    def h_agl() -> float:
        nonlocal reads
        reads += 1
        return 4000.0

    checks = (lambda: 4500.0, lambda: 150.0, h_agl, _no_step, _no_step)
    state = _state()
    assert step_rows(lambda: True, 25, 1, (), None, 0, checks, state) == 0
    assert reads == 3  # after steps 1, 13 and 25
    assert state[TERRAIN_FT] == 500.0


def test_crash_check_uses_the_sink_rate_of_the_step_before(step_rows: Callable[..., int]) -> None:
    """max(v_down, vd_prev): the gear has already slowed the sink on the step that touches."""
    state = _state()
    state[VD_PREV] = 25.0
    checks = _getters([5.0, 150.0, 5.0, 3.0, 1.0])
    assert step_rows(lambda: True, 1, 1, (), None, 0, checks, state) == 2
    assert state[IMPACT_SINK] == 25.0


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


@pytest.fixture(scope="module")
def every_step(cruise: Callable[..., Simulation]) -> Recording:
    """2 s of trimmed cruise recorded every step: the reference rows."""
    with cruise(record="state") as sim:
        return sim.run(2.0)


@pytest.mark.parametrize("record_every", [1, 3, 13])
@pytest.mark.parametrize("how", ["run", "segments", "callable", "step", "paced"])
def test_simulation_rows_across_chunks_match_an_every_step_run(
    cruise: Callable[..., Simulation],
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
    with cruise(record="state", record_every=record_every, stream_csv=csv, speed=speed) as sim:
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
