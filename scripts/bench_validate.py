"""Benchmark: validating every bundled aircraft vs JSBSim loading the same aircraft.

Both sides run in this one process, on the same aircraft (every aircraft
bundled with jsbsim), in alternating rounds; the figures are the medians over
the rounds of the process CPU time (``time.process_time``: on a shared machine
other processes do not inflate it), with the wall-clock medians printed beside.

Counted:

- **validate (cold)**: ``flightsim.config.validate(main_file)`` on each
  aircraft: finding the files, reading and parsing them, every rule (the
  aircraft with its engines, thrusters and systems), the diagnostics. Every
  cache is cleared before the round (parsed files, per-file results and
  property names, folder listings, the vocabulary, the property catalog), so
  each round starts as cold as a new process; within a round a shared engine or system file is
  parsed and checked once, as in ``flightsim validate --all-bundled``.
- **JSBSim load**: per aircraft a fresh ``jsbsim.FGFDMExec(root)`` (the
  flightsim logger bridge installed, ``JSBSIM_DEBUG=0``, output path set to a
  scratch folder), ``load_model(name)`` and ``disable_output()``, as
  ``flightsim.sim.Simulation`` loads an aircraft.
- **validate (warm)**: validation again without clearing anything (files
  already parsed and checked, as in a long-running process); informational.

Not counted: importing the modules (both sides; one untimed validation round
first), clearing the caches and collecting the garbage of earlier rounds
(``gc.collect()`` before each round on both sides: a new process has none),
destroying each FGFDMExec, draining the logger bridge; aircraft that JSBSim
fails to load are timed up to their failure.
``ratio`` = validate (cold) / JSBSim load (goal: <= 1.0).

Whole processes, as a user (or an editor, or CI) waits for them, in
alternating runs (``--process-runs``, medians of wall-clock time):

- **cli_validate_s**: ``flightsim validate c172p`` (the ``flightsim`` script
  next to this Python);
- **jsbsim_load_process_s**: ``python -c "import jsbsim;
  fdm = jsbsim.FGFDMExec(None); fdm.load_model('c172p')"``;
- ``ratio_cli`` = cli_validate_s / jsbsim_load_process_s (goal: <= 1.0).

Both run with Python's bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed
from their environment; the untimed first run of each writes the cache), as for
any installed package: pip compiles an installed package's modules, and
compiling flightsim's sources on every start would add ~100 ms that no user pays.

    .venv/bin/python scripts/bench_validate.py [--rounds 15] [--process-runs 21] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchproc import process_s

CLI_VALIDATE = [str(Path(sys.executable).with_name("flightsim")), "validate", "c172p"]
"""The validation command a user waits for."""
JSBSIM_LOAD = [
    sys.executable,
    "-c",
    "import jsbsim; fdm = jsbsim.FGFDMExec(None); fdm.load_model('c172p')",
]
"""A Python process that only loads the same aircraft into JSBSim."""


def _clock() -> tuple[float, float]:
    """(process CPU seconds, wall seconds) now."""
    return time.process_time(), time.perf_counter()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    """(process CPU seconds, wall seconds) since ``start`` (a :func:`_clock` reading)."""
    cpu, wall = _clock()
    return cpu - start[0], wall - start[1]


def _validate_s(command: list[str]) -> float:
    """Wall-clock seconds of one run of ``command``, with JSBSim quiet."""
    return process_s(command, JSBSIM_DEBUG="0")[0]


def processes(runs: int) -> tuple[float, float]:
    """Medians [s] of the whole ``flightsim validate c172p`` process and of the JSBSim-load
    process, over ``runs`` alternating runs each (one untimed run of each first: the
    file and bytecode caches)."""
    _validate_s(CLI_VALIDATE)
    _validate_s(JSBSIM_LOAD)
    cli, load = [], []
    for _ in range(runs):
        cli.append(_validate_s(CLI_VALIDATE))
        load.append(_validate_s(JSBSIM_LOAD))
    return statistics.median(cli), statistics.median(load)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds (15)")
    parser.add_argument(
        "--process-runs", type=int, default=21, help="alternating whole-process runs (21)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    cli_s, load_process_s = processes(args.process_runs)  # before this process loads anything

    os.environ.setdefault("JSBSIM_DEBUG", "0")
    from flightsim.sim.logbridge import install

    bridge = install()
    import jsbsim

    from flightsim.config.validator import clear_caches, validate
    from flightsim.paths import jsbsim_root, list_aircraft

    aircraft = [loc for loc in list_aircraft() if loc.is_bundled]
    root = str(jsbsim_root())
    scratch = tempfile.mkdtemp(prefix="flightsim-bench-")

    def validate_all(cold: bool) -> tuple[float, float]:
        if cold:
            clear_caches()
        gc.collect()  # the garbage of earlier rounds is not this round's work
        start = _clock()
        for loc in aircraft:
            validate(loc.main_file)
        return _since(start)

    def load_all() -> tuple[float, float]:
        gc.collect()
        cpu = wall = 0.0
        for loc in aircraft:
            start = _clock()
            fdm = jsbsim.FGFDMExec(root)
            fdm.set_output_path(scratch)
            with contextlib.suppress(jsbsim.BaseError):
                fdm.load_model(loc.name)
            fdm.disable_output()
            spent = _since(start)
            cpu, wall = cpu + spent[0], wall + spent[1]
            del fdm  # destruction is not loading
        bridge.drain()
        return cpu, wall

    validate_all(cold=True)  # imports and rule registration, not measured
    times: dict[str, list[tuple[float, float]]] = {"cold": [], "load": [], "warm": []}
    for _ in range(args.rounds):
        times["cold"].append(validate_all(cold=True))
        times["load"].append(load_all())
        times["warm"].append(validate_all(cold=False))

    def median(kind: str, clock: int) -> float:
        return statistics.median(t[clock] for t in times[kind])

    result: dict[str, float | int] = {"aircraft": len(aircraft), "rounds": args.rounds}
    for kind, key in (("cold", "validate"), ("warm", "validate_warm"), ("load", "load")):
        result[f"{key}_s"] = median(kind, 0)
        result[f"{key}_wall_s"] = median(kind, 1)
    result["ratio"] = median("cold", 0) / median("load", 0)
    result["ratio_wall"] = median("cold", 1) / median("load", 1)
    result["ratio_warm"] = median("warm", 0) / median("load", 0)
    result["cli_validate_s"] = cli_s
    result["jsbsim_load_process_s"] = load_process_s
    result["ratio_cli"] = cli_s / load_process_s
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"aircraft          {result['aircraft']}  ({args.rounds} rounds, medians)")
    print("                    CPU ms   wall ms")
    for label, key in (
        ("validate (cold)", "validate"),
        ("validate (warm)", "validate_warm"),
        ("JSBSim load", "load"),
    ):
        print(f"{label:17} {result[f'{key}_s'] * 1e3:8.1f}  {result[f'{key}_wall_s'] * 1e3:8.1f}")
    print(f"ratio             {result['ratio']:8.2f}  (validate cold / load, CPU; goal <= 1.0)")
    print(f"ratio_wall        {result['ratio_wall']:8.2f}  (the same in wall-clock time)")
    print(f"ratio_warm        {result['ratio_warm']:8.2f}  (files parsed and checked earlier)")
    print(
        f"processes         {cli_s * 1e3:8.1f} ms  flightsim validate c172p, "
        f"{load_process_s * 1e3:.1f} ms  python -c 'load c172p into JSBSim' "
        f"({args.process_runs} alternating runs, wall medians)"
    )
    print(
        f"ratio_cli         {result['ratio_cli']:8.2f}  "
        "(validate process / load process; goal <= 1.0)"
    )


if __name__ == "__main__":
    main()
