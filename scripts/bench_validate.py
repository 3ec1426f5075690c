"""Benchmark: validating every bundled aircraft vs JSBSim loading the same aircraft.

In one process, alternating rounds: (a) ``flightsim.config.validate`` on every
aircraft bundled with jsbsim (each with its engines, thrusters and systems;
caches cleared at the start of each round, so shared files are parsed once per
round, as in ``flightsim validate --all-bundled``), and (b) for each aircraft a
fresh ``jsbsim.FGFDMExec`` with the logger bridge installed and output off,
then ``load_model``; (c) validation again without clearing the caches (files
already parsed and checked, as in a long-running process). Prints the median
time of each and ``ratio`` = cold validate / load (goal: <= 1.0).

    .venv/bin/python scripts/bench_validate.py [--rounds 5] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import tempfile
import time


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    os.environ.setdefault("JSBSIM_DEBUG", "0")
    from flightsim.sim.logbridge import install

    bridge = install()
    import jsbsim

    from flightsim.config.validate import clear_caches, validate
    from flightsim.paths import jsbsim_root, list_aircraft

    aircraft = [loc for loc in list_aircraft() if loc.is_bundled]
    root = str(jsbsim_root())
    scratch = tempfile.mkdtemp(prefix="flightsim-bench-")

    def run_validate(cold: bool = True) -> float:
        if cold:
            clear_caches()
        start = time.perf_counter()
        for loc in aircraft:
            validate(loc.main_file)
        return time.perf_counter() - start

    def run_load() -> float:
        start = time.perf_counter()
        for loc in aircraft:
            fdm = jsbsim.FGFDMExec(root)
            fdm.set_output_path(scratch)
            fdm.disable_output()
            with contextlib.suppress(jsbsim.BaseError):
                fdm.load_model(loc.name)
            del fdm
        elapsed = time.perf_counter() - start
        bridge.drain()
        return elapsed

    run_validate()  # imports and rule registration, not measured
    validate_s, warm_s, load_s = [], [], []
    for _ in range(args.rounds):
        validate_s.append(run_validate())
        load_s.append(run_load())
        warm_s.append(run_validate(cold=False))
    result = {
        "aircraft": len(aircraft),
        "rounds": args.rounds,
        "validate_s": statistics.median(validate_s),
        "validate_warm_s": statistics.median(warm_s),
        "load_s": statistics.median(load_s),
    }
    result["ratio"] = result["validate_s"] / result["load_s"]
    result["ratio_warm"] = result["validate_warm_s"] / result["load_s"]
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"aircraft          {result['aircraft']}")
        print(f"validate (cold)   {result['validate_s'] * 1000:8.1f} ms")
        print(f"validate (warm)   {result['validate_warm_s'] * 1000:8.1f} ms")
        print(f"JSBSim load       {result['load_s'] * 1000:8.1f} ms")
        print(f"ratio             {result['ratio']:8.2f}  (validate cold / load, goal <= 1.0)")
        print(f"ratio_warm        {result['ratio_warm']:8.2f}  (files parsed and checked earlier)")


if __name__ == "__main__":
    main()
