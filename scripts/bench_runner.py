"""Benchmark the runner against a bare JSBSim loop, in one process.

c172p at dt = 1/120 s from a trimmed cruise (4000 ft, 100 KCAS). Every variant
starts from the same trimmed state (``Simulation.reset``) and flies the same
inputs (a small constant aileron and elevator command), so JSBSim does the
same work in each:

(a) bare: ``fdm.run()`` in a Python loop, the control values set once before;
(b) ``Simulation.run`` recording the 12 ``state`` properties every step;
(c) ``Simulation.run`` recording at 10 Hz, the controls coming from a callable
    called at 10 Hz (``control_every=12``) that returns the same values.

Rounds alternate between the variants; the medians are compared. Usage::

    python scripts/bench_runner.py [--json] [--seconds 60] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

CONTROLS = {"fcs/aileron-cmd-norm": 0.02, "fcs/elevator-cmd-norm": -0.01}
IC = InitialConditions(altitude_ft=4000.0, kcas=100.0, heading_deg=90.0)
DT_S = 1.0 / 120.0


def _bare(sim: Simulation, steps: int) -> float:
    sim.reset()
    fdm = sim.fdm
    for name, value in CONTROLS.items():
        fdm[name] = value
    run = fdm.run
    started = time.perf_counter()
    for _ in range(steps):
        run()
    return steps / (time.perf_counter() - started)


def _recorded(sim: Simulation, steps: int) -> float:
    sim.reset()
    started = time.perf_counter()
    sim.run(steps * DT_S, controls=CONTROLS)
    rate = steps / (time.perf_counter() - started)
    assert len(sim.recording) == steps // sim.record_every + 1
    return rate


def _callable(sim: Simulation, steps: int) -> float:
    def controller(t_s: float, s: Simulation) -> dict[str, float]:
        return CONTROLS

    sim.reset()
    started = time.perf_counter()
    sim.run(steps * DT_S, controls=controller, control_every=12)
    return steps / (time.perf_counter() - started)


def main() -> None:
    """Run the rounds and print steps/s and ratios (or one JSON object)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seconds", type=float, default=60.0, help="simulated s per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    steps = round(args.seconds / DT_S)

    every_step = Simulation("c172p", IC, dt_s=DT_S, record="state")
    at_10hz = Simulation("c172p", IC, dt_s=DT_S, record="state", record_every=12)
    for sim in (every_step, at_10hz):
        sim.trim("full")
    variants: dict[str, Callable[[], float]] = {
        "bare": lambda: _bare(every_step, steps),
        "every_step": lambda: _recorded(every_step, steps),
        "10hz": lambda: _callable(at_10hz, steps),
    }
    for run in variants.values():  # warm-up
        run()
    rates: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, run in variants.items():
            rates[name].append(run())
    median = {name: statistics.median(values) for name, values in rates.items()}
    result = {
        "bare_steps_per_s": round(median["bare"]),
        "record_every_step_steps_per_s": round(median["every_step"]),
        "record_10hz_callable_steps_per_s": round(median["10hz"]),
        "ratio_every_step": round(median["every_step"] / median["bare"], 3),
        "ratio_10hz": round(median["10hz"] / median["bare"], 3),
        "steps_per_round": steps,
        "rounds": args.rounds,
        "recorded_properties": len(every_step.recorded_names),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"c172p, dt 1/120 s, {steps} steps per round, median of {args.rounds} rounds")
    print(f"(a) bare fdm.run() loop          {result['bare_steps_per_s']:>9} steps/s")
    print(
        f"(b) run, 12 properties each step {result['record_every_step_steps_per_s']:>9} steps/s"
        f"  ratio {result['ratio_every_step']:.3f} (goal >= 0.90)"
    )
    print(
        f"(c) run, 10 Hz record + callable {result['record_10hz_callable_steps_per_s']:>9} steps/s"
        f"  ratio {result['ratio_10hz']:.3f}"
    )


if __name__ == "__main__":
    main()
