"""The Recorder keeps every value bit for bit, in memory and in its CSV stream.

The step loop writes rows with ``row_writer`` into the recorder's chunk;
``append_row`` writes a row of floats. Both must come back unchanged, across numpy chunks (every
``CHUNK_ROWS`` rows) and in a streamed CSV, also for NaN, infinities, -0.0 and
subnormal numbers.
"""

import math
import struct
from pathlib import Path

import numpy as np
import pytest

from flightsim.sim import recorder as recorder_module
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.recorder import Recorder, row_writer
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


def _fill(rec: Recorder, rows: list[list[float]], every: int) -> None:
    """Rows alternately written as the step loop does and through ``append_row``."""
    write = row_writer(len(NAMES))
    for i, row in enumerate(rows):
        if i % 2:
            rec.room(1)
            write(rec.chunk, rec.offset, *row)
        else:
            rec.append_row(row)
        rec.add_steps(i * every, 1, every)


def test_written_row_is_native_doubles() -> None:
    buffer = bytearray(32)
    row_writer(3)(buffer, 8, 1.5, -0.0, math.inf)
    assert bytes(buffer) == bytes(8) + struct.pack("3d", 1.5, -0.0, math.inf)


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
        rec.append_row(row)
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
