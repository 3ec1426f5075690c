"""Benchmark batches: serial, a local process pool, Ray, against the bare JSBSim loop.

The batch: 200 cases (a 10 x 20 grid of elevator command and pilot weight) of
c172p from 4000 ft / 100 KCAS, each trimmed and flown for 20 s of simulated
time at dt = 1/120 s, two metrics each (peak altitude, final pitch). Variants:

- serial: ``run_batch(executor="serial")`` in this process (one Simulation
  reused, reset between cases);
- pool: ``run_batch(workers=2)`` (worker processes started, the model loaded
  once per worker; their start-up is inside the timed window);
- ray: ``run_batch(executor="ray")`` on a local Ray with 2 CPUs, started once
  before the rounds (its start-up is reported, not timed in the rounds);
- bare 1 / 2 processes: the same 200 cases with JSBSim's own API only (load
  once, then per case: write the weight, reset, restart the engine, trim, write
  the elevator, 2400 ``fdm.run()``), in one fresh process, or split in two
  processes running at once. Start-up (Python, jsbsim import, load) is inside
  the timed window, as for the pool.

Rounds rotate the order of the variants; each figure is the median over
rounds of wall times (speed-ups are same-round ratios). The two vCPUs of this
machine share a physical core: two processes get 1.3-1.45x one, the ceiling
for any pool (docs/batch.md).

Usage::

    python scripts/bench_batch.py [--json] [--rounds 3] [--cases 200] [--no-ray]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from flightsim.batch import Batch, Case, run_batch
from flightsim.sim.initial_conditions import InitialConditions

DURATION_S = 20.0
DT_S = 1.0 / 120.0
WEIGHT = "inertia/pointmass-weight-lbs[0]"
ELEVATOR = "fcs/elevator-cmd-norm"


def grid(cases: int) -> tuple[list[float], list[float]]:
    """Elevator commands and weights whose product has ``cases`` points (10 x cases/10)."""
    elevators = [round(v, 4) for v in np.linspace(-0.05, 0.05, 10)]
    weights = [round(v, 2) for v in np.linspace(120.0, 250.0, max(1, cases // 10))]
    return elevators, weights


def make_batch(cases: int) -> Batch:
    elevators, weights = grid(cases)
    return Batch(
        Case("c172p", InitialConditions(altitude_ft=4000, kcas=100), DURATION_S, record=()),
        grid={f"properties.{WEIGHT}": weights, f"controls.{ELEVATOR}": elevators},
        metrics={"max_alt_ft": "max:position/h-sl-ft", "theta_deg": "final:attitude/theta-deg"},
    )


def bare_cases(points: list[tuple[float, float]]) -> list[float]:
    """The cases on JSBSim's own API: one FDM, reset and trimmed per case."""
    import jsbsim

    fdm = jsbsim.FGFDMExec(jsbsim.get_default_root_dir())
    fdm.set_debug_level(0)
    fdm.load_model("c172p")
    fdm.disable_output()
    fdm["ic/h-sl-ft"] = 4000.0
    fdm["ic/vc-kts"] = 100.0
    fdm.run_ic()
    fdm.set_dt(DT_S)
    steps = round(DURATION_S / DT_S)
    peaks = []
    for weight, elevator in points:
        fdm[WEIGHT] = weight
        fdm.reset_to_initial_conditions(0)
        fdm.set_dt(DT_S)
        fdm.get_propulsion().init_running(-1)
        fdm.do_trim(1)
        fdm[ELEVATOR] = elevator
        peak = fdm["position/h-sl-ft"]
        for _ in range(steps):
            fdm.run()
            peak = max(peak, fdm["position/h-sl-ft"])
        peaks.append(peak)
    return peaks


def _bare_worker(points: list[tuple[float, float]], queue: multiprocessing.Queue[int]) -> None:
    queue.put(len(bare_cases(points)))


def bare(cases: int, processes: int) -> float:
    """Wall time [s] of the bare cases split over ``processes`` fresh processes."""
    elevators, weights = grid(cases)
    points = [(w, e) for w in weights for e in elevators]
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[int] = context.Queue()
    started = time.perf_counter()
    workers = [
        context.Process(target=_bare_worker, args=(points[i::processes], queue))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    done = sum(queue.get() for _ in workers)
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    assert done == len(points)
    return elapsed


def batch_wall(batch: Batch, **options: object) -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        started = time.perf_counter()
        results = run_batch(batch, out, progress=False, **options)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)
    assert results.counts == {"ok": len(results.rows)}, results.counts
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--no-ray", action="store_true", help="leave Ray out")
    args = parser.parse_args()
    batch = make_batch(args.cases)
    variants: dict[str, Callable[[], float]] = {
        "serial": lambda: batch_wall(batch, executor="serial"),
        "pool": lambda: batch_wall(batch, workers=2),
        "bare1": lambda: bare(args.cases, 1),
        "bare2": lambda: bare(args.cases, 2),
    }
    ray_init_s = None
    if not args.no_ray:
        import ray

        started = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        ray_init_s = time.perf_counter() - started
        variants["ray"] = lambda: batch_wall(batch, executor="ray")
    walls: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_number in range(args.rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            walls[name].append(variants[name]())
    if ray_init_s is not None:
        ray.shutdown()

    def ratio(base: str, other: str) -> float:
        return statistics.median(b / o for b, o in zip(walls[base], walls[other], strict=True))

    result = {
        "cases": len(batch.cases()),
        "rounds": args.rounds,
        "serial_cases_per_s": round(len(batch.cases()) / statistics.median(walls["serial"]), 2),
        "pool_speedup": round(ratio("serial", "pool"), 3),
        "ray_speedup": round(ratio("serial", "ray"), 3) if "ray" in walls else None,
        "bare_2proc_speedup": round(ratio("bare1", "bare2"), 3),
        "serial_of_bare": round(ratio("bare1", "serial"), 3),
        "ray_init_s": round(ray_init_s, 2) if ray_init_s is not None else None,
        "wall_s": {name: [round(w, 2) for w in values] for name, values in walls.items()},
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['cases']} cases of {DURATION_S:g} s, {args.rounds} rounds (median wall times)")
    print(f"serial                 {result['serial_cases_per_s']:>8} cases/s")
    print(f"pool, 2 workers        {result['pool_speedup']:>8}x serial")
    if result["ray_speedup"] is not None:
        ray_line = f"{result['ray_speedup']:>8}x serial (ray.init {ray_init_s:.1f} s)"
        print(f"ray, 2 CPUs            {ray_line}")
    print(f"bare JSBSim, 2 procs   {result['bare_2proc_speedup']:>8}x 1 process")
    print(f"serial / bare 1 proc   {result['serial_of_bare']:>8} (our overhead per case)")
    pool_goal = result["pool_speedup"] / result["bare_2proc_speedup"]
    print(f"pool / bare scaling    {pool_goal:>8.3f} (goal >= 0.9)")
    if result["ray_speedup"] is not None:
        ray_of_pool = result["ray_speedup"] / result["pool_speedup"]
        print(f"ray / pool             {ray_of_pool:>8.3f} (goal >= 0.8)")


if __name__ == "__main__":
    main()
