"""The one parallel executor: results in completion order, failures isolated and recorded."""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import misbehave, pid_of, square

from flightsim.batch.executors import KeptWorker, WorkerDeath, run_tasks
from flightsim.errors import ConfigError


@pytest.mark.parametrize("executor", ["serial", "local"])
def test_every_item_once_with_its_index(executor: str) -> None:
    items = [float(i) for i in range(7)]
    results = list(run_tasks(square, items, executor=executor, workers=2))
    assert sorted(r.index for r in results) == list(range(7))
    assert {r.index: r.value for r in results} == {i: float(i * i) for i in range(7)}
    assert all(r.status == "ok" and r.reason == "" and r.wall_s >= 0 for r in results)


def test_pool_uses_the_workers_it_was_given_and_keeps_them() -> None:
    pids = {r.value for r in run_tasks(pid_of, list(range(12)), workers=2)}
    # each worker is started once and serves many items (on a busy machine one may
    # serve them all before the other is up)
    assert 1 <= len(pids) <= 2


def test_exception_abort_and_hang_are_recorded_and_the_batch_continues() -> None:
    items = [
        ("ok", 1.0),
        ("raise", 2.0),
        ("abort", 3.0),
        ("ok", 4.0),
        ("hang", 60.0),
        ("ok", 5.0),
        ("ok", 6.0),
    ]
    start = time.perf_counter()
    results = {r.index: r for r in run_tasks(misbehave, items, workers=2, timeout_s=2.0)}
    assert time.perf_counter() - start < 30  # the hang did not hold the batch
    assert {i: r.status for i, r in results.items()} == {
        0: "ok",
        1: "failed",
        2: "crashed",
        3: "ok",
        4: "timeout",
        5: "ok",
        6: "ok",
    }
    assert results[1].reason == "ValueError: bad item 2.0"
    assert results[2].reason == (
        "the worker process died (SIGABRT): JSBSim aborted or crashed on this item"
    )
    assert results[2].death == WorkerDeath("SIGABRT", killed=False)
    assert results[1].death is None and results[4].death is None
    assert results[4].reason.startswith("timed out after 2 s")
    assert results[6].value == 36.0
    assert multiprocessing.active_children() == []  # every worker stopped


def test_closing_early_stops_the_workers() -> None:
    it = run_tasks(misbehave, [("ok", 1.0), *[("hang", 30.0)] * 3], workers=2)
    assert next(it).value == 1.0
    it.close()
    assert multiprocessing.active_children() == []


def test_bad_arguments_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown executor 'dask': choose one of local"):
        list(run_tasks(square, [1.0], executor="dask"))
    with pytest.raises(ConfigError, match="workers must be at least 1"):
        list(run_tasks(square, [1.0], workers=0))


def test_workers_that_cannot_start_are_an_error_not_a_loop(tmp_path: Path) -> None:
    (tmp_path / "vanishing.py").write_text("def double(x):\n    return 2 * x\n")
    sys.path.insert(0, str(tmp_path))
    try:
        from vanishing import double  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(tmp_path))  # the workers cannot import it
    with pytest.raises(ConfigError, match=r"batch workers die while starting \(exit code 1\)"):
        list(run_tasks(double, [1.0, 2.0], workers=2, timeout_s=30))
    assert multiprocessing.active_children() == []


_STARTS_A_WORKER = """
import multiprocessing, shutil, sys
from flightsim.batch.executors import _signals_held
if __name__ == "__main__":
    worker = multiprocessing.get_context("spawn").Process(
        target=shutil.copyfile, args=("/proc/self/status", sys.argv[1])
    )
    with _signals_held():
        worker.start()
    worker.join()
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_first_worker_starts_with_ctrl_c_blocked(tmp_path: Path) -> None:
    # in a fresh process: multiprocessing's resource tracker, started with the first spawned
    # worker, had unblocked SIGINT inside the block, and a Ctrl-C to the process group
    # printed that worker's traceback as it imported (test_cli_sweep's Ctrl-C test, at times)
    import signal
    import subprocess

    status = tmp_path / "status"
    subprocess.run([sys.executable, "-c", _STARTS_A_WORKER, str(status)], check=True, timeout=60)
    blocked = next(line for line in status.read_text().splitlines() if line.startswith("SigBlk"))
    assert int(blocked.split()[1], 16) & (1 << (signal.SIGINT - 1)), blocked


def test_a_worker_killed_from_outside_is_not_called_a_jsbsim_crash(tmp_path: Path) -> None:
    import os
    import signal
    import threading

    from batch_helpers import pid_then_sleep

    pid_file = tmp_path / "pid"

    def kill_when_started() -> None:
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(int(pid_file.read_text()), signal.SIGKILL)

    killer = threading.Thread(target=kill_when_started)
    killer.start()
    (result,) = run_tasks(pid_then_sleep, [str(pid_file)], workers=1)
    killer.join()
    # it had been "the worker process died (SIGKILL): JSBSim aborted or crashed on this case",
    # then a reason ending in sweep's advice (flightsim sweep --retry-failed) for every caller
    assert result.status == "crashed"
    assert result.death == WorkerDeath("signal 9 (SIGKILL)", killed=True)
    assert result.reason == (
        "the worker process was killed by signal 9 (SIGKILL) from outside (a user, a job "
        "scheduler, or the system out of memory), not by this item"
    )


_NO_MAIN_GUARD = """
import math, sys
from flightsim.batch.executors import KeptWorker, WorkerDeath, run_tasks

print("script run")  # once: the workers do not run the script again
main = sys.modules["__main__"]
before = (main.__file__, main.__spec__)
results = run_tasks(math.sqrt, [4.0, 9.0], workers=2, import_main=False)
print(sorted(r.value for r in results))
print((main.__file__, main.__spec__) == before)
"""


def test_workers_that_need_not_import_the_script_run_it_once(tmp_path: Path) -> None:
    """With the default (import_main=True) each spawned worker runs a script without an
    `if __name__ == "__main__":` guard again, and dies starting a pool of its own."""
    import subprocess

    script = tmp_path / "no_guard.py"
    script.write_text(_NO_MAIN_GUARD)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["script run", "[2.0, 3.0]", "True"]
    script.write_text(_NO_MAIN_GUARD.replace(", import_main=False", ""))
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert "batch workers die while starting" in done.stderr


def test_a_kept_worker_serves_run_after_run_and_is_replaced_when_it_crashes() -> None:
    kept = KeptWorker(misbehave)
    try:
        first = [(r.index, r.status, r.value) for r in kept.run([("ok", 2.0), ("ok", 3.0)])]
        assert first == [(0, "ok", 4.0), (1, "ok", 9.0)]
        (worker,) = kept._kept
        assert [r.value for r in kept.run([("ok", 5.0)])] == [25.0]
        assert kept._kept == [worker]  # the same process
        crashed = list(kept.run([("abort", 0.0), ("ok", 6.0)]))
        assert [r.status for r in crashed] == ["crashed", "ok"]
        assert "SIGABRT" in crashed[0].reason and crashed[1].value == 36.0
        assert kept._kept != [worker] and not worker.process.is_alive()
        (worker,) = kept._kept
        runs = kept.run([("ok", 1.0), ("hang", 30.0)])
        assert next(runs).value == 1.0
        runs.close()  # closed early, between items: the worker is idle, and kept
        assert kept._kept == [worker]
        assert [r.value for r in kept.run([("ok", 7.0)])] == [49.0]
    finally:
        kept.close()
    assert kept._kept == [] and multiprocessing.active_children() == []
