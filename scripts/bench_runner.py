"""Benchmark the runner against a bare JSBSim loop, in one process.

c172p at dt = 1/120 s from a trimmed cruise (4000 ft, 100 KCAS). Every variant
starts from the same trimmed state (``Simulation.reset``, outside the timed
window) and flies the same inputs (a small constant aileron and elevator
command), so JSBSim does the same work in each:

(a) bare: set the control values, then ``fdm.run()`` in a Python loop;
(b) ``Simulation.run`` recording the 12 ``state`` properties every step;
(c) ``Simulation.run`` recording at 10 Hz, the controls coming from a callable
    called at 10 Hz (``control_every=12``) that returns the same values;
(d) a reference: the bare loop plus reading the 12 properties after each step
    in Python, the calls written out (``(g0(), ..., g11())``), nothing stored.
    The runner reads them in C (``flightsim/sim/_steploop.c``), which costs less
    than this Python loop, so (b) can beat (d).

(e) (b) again on the pure-Python step loop (``flightsim/sim/_steploop_pure.py``,
    what a build without a C compiler uses): ``ratio_every_step_pure``;
(f) many short runs: 3,000 x ``run(0.1)`` against one ``run(300)``, both
    recording the ``state`` preset every step (``ratio_segmented``; the long
    run's length follows ``--segments``);
(g) a JSBSim script, ``c1723``, through ``Simulation.run_script`` recording
    ``state`` every step, against the plain script loop (``load_script``,
    ``run_ic``, ``while fdm.run()``) over the same simulated time
    (``ratio_script``; loading is outside the timed window of both).

The timed window of (b) and (c) is the whole ``Simulation.run`` call: writing
the controls, stepping, recording, the crash check and building the
returned :class:`~flightsim.recording.Recording` (part of what a user
pays for). Each is compared with a bare loop on its own FDM instance (two
instances of the same model can differ by ~1% in speed).

Rounds alternate between the variants (the order rotating each round); the
ratios are medians of the per-round ratios to the bare loop of the same round,
which follow the machine's load far less than the rates themselves. Times are
this process's CPU time (``time.process_time``): on a shared machine, time
spent waiting for a CPU would otherwise land on whichever variant was running.
Usage::

    python scripts/bench_runner.py [--json] [--seconds 30] [--rounds 31] [--segments 3000]

Goals (issue 8): ratio_every_step >= 0.90 (compiled loop), ratio_script >= 0.90,
ratio_segmented >= 0.8; ratio_every_step_pure is reported, with no goal.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

import jsbsim

from flightsim.paths import find_script, jsbsim_root
from flightsim.sim import _steploop_pure, steploop
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.property_nodes import PropertyCache
from flightsim.sim.simulation import Simulation

SCRIPT = "c1723"

CONTROLS = {"fcs/aileron-cmd-norm": 0.02, "fcs/elevator-cmd-norm": -0.01}
IC = InitialConditions(altitude_ft=4000.0, kcas=100.0, heading_deg=90.0)
DT_S = 1.0 / 120.0
CLOCK = time.process_time
SCRATCH = tempfile.mkdtemp(prefix="flightsim-bench-")  # JSBSim's output path, output off


def _bare(sim: Simulation, steps: int) -> float:
    sim.reset()
    fdm = sim.fdm
    run = fdm.run
    started = CLOCK()
    for name, value in CONTROLS.items():
        fdm[name] = value
    for _ in range(steps):
        run()
    return steps / (CLOCK() - started)


def _read_only(sim: Simulation, steps: int) -> float:
    """(d): the 12 getters called after each step from a Python loop generated for them."""
    names = [f"g{i}" for i in range(len(sim.recorded_names))]
    source = (
        f"def loop(steps, run, {', '.join(names)}):\n"
        "    for _ in range(steps):\n"
        "        run()\n"
        f"        ({', '.join(g + '()' for g in names)},)\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, "<read-only loop>", "exec"), namespace)
    sim.reset()
    fdm = sim.fdm
    nodes = PropertyCache(fdm)
    getters = [nodes.node(name).get_double_value for name in sim.recorded_names]
    started = CLOCK()
    for name, value in CONTROLS.items():
        fdm[name] = value
    namespace["loop"](steps, fdm.run, *getters)
    return steps / (CLOCK() - started)


def _recorded(sim: Simulation, steps: int) -> float:
    sim.reset()
    started = CLOCK()
    sim.run(steps * DT_S, controls=CONTROLS)
    rate = steps / (CLOCK() - started)
    assert len(sim.recording) == steps // sim.record_every + 1
    return rate


def _callable(sim: Simulation, steps: int) -> float:
    def controller(t_s: float, s: Simulation) -> dict[str, float]:
        return CONTROLS

    sim.reset()
    started = CLOCK()
    sim.run(steps * DT_S, controls=controller, control_every=12)
    return steps / (CLOCK() - started)


def _pure(sim: Simulation, steps: int) -> float:
    """(e): (b) on the pure-Python step loop."""
    compiled = steploop.step_rows
    steploop.step_rows = _steploop_pure.step_rows
    try:
        return _recorded(sim, steps)
    finally:
        steploop.step_rows = compiled


def _segmented(sim: Simulation, segments: int) -> float:
    """(f): ``segments`` calls of run(0.1), recording every step."""
    sim.reset()
    started = CLOCK()
    for _ in range(segments):
        sim.run(0.1, controls=CONTROLS)
    rate = sim.steps / (CLOCK() - started)
    assert len(sim.recording) == sim.steps + 1
    return rate


def _one_long(sim: Simulation, segments: int) -> float:
    """(f)'s baseline: one run as long as the segments together."""
    sim.reset()
    started = CLOCK()
    sim.run(segments * 0.1, controls=CONTROLS)
    return sim.steps / (CLOCK() - started)


def _plain_script(seconds: float) -> float:
    """(g)'s baseline: the plain jsbsim script loop."""
    fdm = jsbsim.FGFDMExec(str(jsbsim_root()))
    fdm.set_output_path(SCRATCH)
    fdm.load_script(str(find_script(SCRIPT)))
    fdm.disable_output()
    fdm.disable_input()
    fdm.run_ic()
    steps = round(seconds / fdm.get_delta_t())
    run = fdm.run
    started = CLOCK()
    done = 0
    while done < steps:
        done += 1
        if not run():
            break
    return done / (CLOCK() - started)


def _script(seconds: float) -> float:
    """(g): the same script through Simulation.run_script, recording ``state`` every step."""
    with Simulation.from_script(SCRIPT, record="state") as sim:
        started = CLOCK()
        sim.run_script(max_duration_s=seconds)
        return sim.steps / (CLOCK() - started)


def _median_ratio(rates: list[float], bare: list[float]) -> float:
    return statistics.median(r / b for r, b in zip(rates, bare, strict=True))


def main() -> None:
    """Run the rounds and print steps/s and ratios (or one JSON object)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seconds", type=float, default=30.0, help="simulated s per round")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--segments", type=int, default=3000, help="run(0.1) calls in (f)")
    args = parser.parse_args()
    steps = round(args.seconds / DT_S)

    every_step = Simulation("c172p", IC, dt_s=DT_S, record="state")
    at_10hz = Simulation("c172p", IC, dt_s=DT_S, record="state", record_every=12)
    for sim in (every_step, at_10hz):
        sim.trim("full")
    variants: dict[str, Callable[[], float]] = {
        "bare": lambda: _bare(every_step, steps),
        "every_step": lambda: _recorded(every_step, steps),
        "bare_10hz": lambda: _bare(at_10hz, steps),
        "10hz": lambda: _callable(at_10hz, steps),
        "read_only": lambda: _read_only(every_step, steps),
        "pure": lambda: _pure(every_step, steps),
        "segmented": lambda: _segmented(every_step, args.segments),
        "one_long": lambda: _one_long(every_step, args.segments),
        "script": lambda: _script(args.seconds),
        "plain_script": lambda: _plain_script(args.seconds),
    }
    for run in variants.values():  # warm-up
        run()
    rates: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    for round_number in range(args.rounds):
        shift = round_number % len(order)
        for name in order[shift:] + order[:shift]:
            rates[name].append(variants[name]())
    median = {name: statistics.median(values) for name, values in rates.items()}
    result = {
        "bare_steps_per_s": round(median["bare"]),
        "record_every_step_steps_per_s": round(median["every_step"]),
        "record_10hz_callable_steps_per_s": round(median["10hz"]),
        "read_only_steps_per_s": round(median["read_only"]),
        "ratio_every_step": round(_median_ratio(rates["every_step"], rates["bare"]), 3),
        "ratio_10hz": round(_median_ratio(rates["10hz"], rates["bare_10hz"]), 3),
        "ratio_read_only": round(_median_ratio(rates["read_only"], rates["bare"]), 3),
        "ratio_every_step_pure": round(_median_ratio(rates["pure"], rates["bare"]), 3),
        "ratio_segmented": round(_median_ratio(rates["segmented"], rates["one_long"]), 3),
        "ratio_script": round(_median_ratio(rates["script"], rates["plain_script"]), 3),
        "accelerated": steploop.accelerated(),
        "steps_per_round": steps,
        "rounds": args.rounds,
        "recorded_properties": len(every_step.recorded_names),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"c172p, dt 1/120 s, {steps} steps per round, median of {args.rounds} rounds "
        "(process CPU time)"
    )
    print(f"(a) bare fdm.run() loop          {result['bare_steps_per_s']:>9} steps/s")
    print(
        f"(b) run, 12 properties each step {result['record_every_step_steps_per_s']:>9} steps/s"
        f"  ratio {result['ratio_every_step']:.3f} (goal >= 0.90)"
    )
    print(
        f"(c) run, 10 Hz record + callable {result['record_10hz_callable_steps_per_s']:>9} steps/s"
        f"  ratio {result['ratio_10hz']:.3f}"
    )
    print(
        f"(d) bare + 12 reads in Python     {result['read_only_steps_per_s']:>9} steps/s"
        f"  ratio {result['ratio_read_only']:.3f} (nothing kept)"
    )
    print(
        f"(e) (b) on the pure-Python loop   ratio {result['ratio_every_step_pure']:.3f} "
        f"(no goal; compiled loop in use: {result['accelerated']})"
    )
    print(
        f"(f) {args.segments} x run(0.1) vs one run  ratio {result['ratio_segmented']:.3f} "
        "(goal >= 0.8)"
    )
    print(f"(g) script {SCRIPT} vs plain loop   ratio {result['ratio_script']:.3f} (goal >= 0.90)")


if __name__ == "__main__":
    main()
