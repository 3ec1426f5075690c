"""Every envelope point is trimmed in a child process, one worker or many, one point or more.

The trial: with ``workers=1`` (and for any single-point envelope) the points were
trimmed in the caller's process, so a JSBSim crash ended the caller's program.
Each case that may crash runs in a fresh Python process, so that a crash fails
the test instead of ending the test run.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from flightsim.analysis import envelope as envelope_module
from flightsim.analysis.envelope import _load_worker, _trim_point, trim_envelope
from flightsim.paths import find_aircraft


def run_script(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """``code`` as a script file run by a fresh Python (a segfault is exit code -11)."""
    script = folder / "envelope_script.py"
    script.write_text(textwrap.dedent(code))
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_point_that_kills_its_worker_leaves_the_caller_alive(tmp_path: Path) -> None:
    """A worker that dies on a point (SIGABRT, as JSBSim's aborts do; before, with one
    worker, the point ran in the caller's process and took it down): the point is lost
    (how its worker ended), and the next call gets a new worker. The crash is SIGABRT
    raised in the worker: JSBSim's own crashes that flightsim knows of are refused before
    they happen (a write of simulation/do_linearization, which segfaulted on sgs126, is
    refused now)."""
    done = run_script(
        """
        import signal

        from flightsim.analysis.envelope import _run_points, trim_envelope
        from flightsim.paths import find_aircraft

        setup = (find_aircraft("c172p"), "full")
        lost = lambda item, death, reason: (item, death, reason)
        print(_run_points(signal.raise_signal, [6], workers=1, setup=setup, lost=lost))
        envelope = trim_envelope("c172p", [4000.0], [80.0], workers=1)  # a new worker
        print("alive", envelope.points[0].trimmed)
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    message = (
        "[(6, WorkerDeath(how='SIGABRT', killed=False), 'the worker process died (SIGABRT): "
        "JSBSim aborted or crashed on this item')]"
    )
    assert done.stdout.splitlines() == [message, "alive True"]


def test_one_worker_gives_exactly_the_numbers_of_trimming_in_this_process() -> None:
    altitudes, speeds = [0.0, 6000.0], [60.0, 100.0, 140.0]
    flaps = "fcs/flap-cmd-norm"
    envelope = trim_envelope(
        "c172p", altitudes, speeds, settings=[{flaps: 0.0}, {flaps: 1.0}], workers=1
    )
    assert envelope.workers == 1
    _load_worker(find_aircraft("c172p"), "full")  # the same points, here, in the same order
    try:
        here = [
            _trim_point((a, v, {flaps: f})) for f in (0.0, 1.0) for a in altitudes for v in speeds
        ]
    finally:
        envelope_module._worker.pop("sim").close()
    assert repr(list(envelope.points)) == repr(here)  # to the last bit (NaN equal to NaN)
    assert [p.trimmed for p in envelope.points].count(True) == 8  # 140 KCAS beyond full power


def test_a_script_without_a_main_guard_trims_in_worker_processes(tmp_path: Path) -> None:
    """Spawned workers imported the script again: without `if __name__ == "__main__":`
    each of them started the envelope anew and died ("batch workers die while
    starting")."""
    done = run_script(
        """
        from flightsim.analysis.envelope import trim_envelope

        for workers in (1, 2):
            envelope = trim_envelope("c172p", [4000.0], [80.0, 100.0], workers=workers)
            print(workers, [p.trimmed for p in envelope.points])
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["1 [True, True]", "2 [True, True]"]


def test_the_worker_is_kept_between_calls_and_each_call_starts_from_a_fresh_model() -> None:
    """Its start (a Python importing flightsim and jsbsim) cost ~0.35 s a call; a call
    then (4000 ft, 80 KCAS) took 0.014 s, against 0.01 s in the caller's process."""
    first = trim_envelope("c172p", [4000.0, 8000.0], [70.0, 110.0], workers=1)
    (worker,) = envelope_module._KEPT._kept
    glide = trim_envelope("sgs126", [3000.0], [50.0], mode="glide", workers=1)
    again = trim_envelope("c172p", [4000.0, 8000.0], [70.0, 110.0], workers=1)
    assert envelope_module._KEPT._kept == [worker] and worker.process.is_alive()
    assert glide.points[0].trimmed
    assert repr(again.points) == repr(first.points)  # to the last bit: a fresh model each call


def _stop_kept_worker(signum: int, after_s: float) -> threading.Timer:
    """Freeze the envelope's kept worker (started and ready by a first envelope) with
    SIGSTOP, and send it ``signum`` (then SIGCONT, so that it acts) ``after_s`` [s] later:
    the point the next envelope gives it never comes back, whatever the timing."""
    trim_envelope("c172p", [4000.0], [80.0], workers=1)
    (worker,) = [p for p in multiprocessing.active_children() if p.name == "flightsim-worker"]
    assert worker.pid is not None
    pid = worker.pid
    os.kill(pid, signal.SIGSTOP)

    def end() -> None:
        os.kill(pid, signum)
        os.kill(pid, signal.SIGCONT)

    timer = threading.Timer(after_s, end)
    timer.start()
    return timer


def test_a_worker_killed_from_outside_costs_its_point_only() -> None:
    """A SIGKILL (a user, or the kernel out of memory) to a worker: before, the envelope
    raised "a worker process died (JSBSim crashed?) ... leave that point out of the grid"
    and every point trimmed was lost; now the point is recorded lost, the rest trimmed."""
    timer = _stop_kept_worker(signal.SIGKILL, 3.0)
    envelope = trim_envelope("c172p", [2000.0, 4000.0], [80.0, 100.0], workers=1)
    timer.join()
    assert [(p.trimmed, p.lost) for p in envelope.points] == [(False, True)] + [(True, False)] * 3
    assert envelope.lost == [envelope.points[0]]
    assert envelope.points[0].reason == (
        "not trimmed: the worker process was killed by signal 9 (SIGKILL) from outside (a "
        "user, a job scheduler, or the system out of memory), not by this point; trim it again"
    )


def test_the_envelope_command_writes_the_points_it_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A worker that dies with SIGSEGV (sent here: JSBSim's segfaults are refused before
    they happen): before, exit 1 and nothing written; now every point is written, the
    lost one with its reason, and stderr says which and how to trim it again (exit 1)."""
    from flightsim.cli import main

    output = tmp_path / "env.csv"
    timer = _stop_kept_worker(signal.SIGSEGV, 3.0)
    argv = ["envelope", "c172p", "--alt", "2000,4000", "--kcas", "80,100", "--workers", "1"]
    code = main([*argv, "-o", str(output)])
    timer.join()
    assert code == 1
    with output.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["altitude-ft"], r["kcas"], r["trimmed"]) for r in rows] == [
        ("2000.0", "80.0", "0.0"),
        ("2000.0", "100.0", "1.0"),
        ("4000.0", "80.0", "1.0"),
        ("4000.0", "100.0", "1.0"),
    ]
    reason = (
        "not trimmed: the worker process died (SIGSEGV): JSBSim aborted or crashed on this "
        "point; check the aircraft with 'flightsim validate', and leave this point out of "
        "the grid"
    )
    assert rows[0]["reason"] == reason
    err = capsys.readouterr().err.splitlines()
    assert err[-3:] == [
        "flightsim envelope: 1 of 4 points lost (their worker process died; each is in the "
        "output as not trimmed, with its reason):",
        f"  2000 ft, 80 KCAS: {reason}",
        "  to trim them again: flightsim envelope c172p --alt 2000 --kcas 80 (with the same "
        "other options)",
    ]
