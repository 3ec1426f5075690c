"""A run streaming to CSV keeps its data when the process is killed (SIGKILL)."""

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flightsim.recording import Recording, meta_path_for
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

CHILD = textwrap.dedent(
    """
    import sys, time
    from flightsim.sim.initial_conditions import InitialConditions
    from flightsim.sim.simulation import Simulation

    realtime = sys.argv[2] == "realtime"
    sim = Simulation("c172p", InitialConditions(altitude_ft=4000, kcas=100),
                     record="state", stream_csv=sys.argv[1], realtime=realtime)
    sim.trim()

    def progress(done_s, total_s):
        print(f"{time.time()!r} {done_s!r}", flush=True)

    print("started", flush=True)
    sim.run(100000.0, progress=progress)
    """
)

PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def _run_and_kill(csv: Path, mode: str, seconds: float) -> list[tuple[float, float]]:
    """Start the child, kill it after ``seconds`` and once one of its reports is more than
    1.2 s old (a busy machine may delay its reports; at most 30 s); return its (wall time,
    sim time) reports."""
    env = {**os.environ, "PYTHONPATH": PACKAGE_ROOT}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(csv), mode], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    reports: list[tuple[float, float]] = []
    try:
        assert child.stdout.readline().strip() == "started"
        start = time.time()
        while time.time() < start + 30.0:
            now = time.time()
            if now >= start + seconds and any(wall <= now - 1.2 for wall, _ in reports):
                break
            ready, _, _ = select.select([child.stdout], [], [], 0.05)
            if ready:
                wall, sim = child.stdout.readline().split()
                reports.append((float(wall), float(sim)))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    return reports


@pytest.mark.parametrize("mode", ["fast", "realtime"])
def test_killed_run_leaves_a_readable_csv_missing_at_most_one_second(
    tmp_path: Path, mode: str
) -> None:
    csv = tmp_path / "run.csv"
    reports = _run_and_kill(csv, mode, seconds=2.5)
    killed_at = time.time()
    rec = Recording.from_csv(csv)
    assert rec.names[:3] == ["position/lat-geod-deg", "position/long-gc-deg", "position/h-sl-ft"]
    assert rec.meta["aircraft"] == "c172p"
    assert meta_path_for(csv).is_file()
    # every sim second the child reported more than one wall second before the kill is on disk
    old_enough = [sim for wall, sim in reports if wall <= killed_at - 1.0]
    assert old_enough, reports
    assert rec.time_s[-1] >= max(old_enough)
    assert len(rec) == round(rec.time_s[-1] * 120) + 1  # no row lost on the way
    if mode == "realtime":
        assert rec.time_s[-1] >= 2.5 - 1.0 - 0.2


def test_streamed_csv_equals_the_recording_bit_for_bit(tmp_path: Path) -> None:
    csv = tmp_path / "stream.csv"
    ic = InitialConditions(altitude_ft=4000, kcas=100)
    with Simulation("c172p", ic, record="state", record_every=3, stream_csv=csv) as sim:
        sim.trim()
        sim.run(3.0, controls={"fcs/aileron-cmd-norm": 0.1})
        sim.step(4)
        rec = sim.recording
    on_disk = Recording.from_csv(csv)
    assert on_disk.time_s.tolist() == rec.time_s.tolist()
    for name in rec.names:
        assert on_disk[name].tolist() == rec[name].tolist(), name
    assert on_disk.meta["trim/aero/alpha-deg"] == rec.meta["trim/aero/alpha-deg"]
