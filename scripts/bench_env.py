"""Benchmark the Gymnasium environments against a bare JSBSim loop doing the same work.

c172p, 120 Hz simulation, 10 Hz agent (12 ``fdm.run()`` per agent step), on
``flightsim/HeadingAltitude-v0``'s trimmed random start for seed 0. Every
variant flies the same seeded action sequence (small random surface and
throttle commands) from the same trimmed state, and resets (``Simulation.reset``:
JSBSim's reset, engines restarted, trimmed) at the same steps, where the
environment's episodes ended: JSBSim does the same work in each, whatever the
aircraft does (a tumbling aircraft costs more per step than a cruising one).
Resets are outside the timed windows.

Variants, one run:
- bare: write the 4 control values the actions map to through property nodes,
  then 12 ``fdm.run()`` per agent step, in a Python loop;
- env: :class:`flightsim.envs.FlightEnv` ``step`` with the step kernel in use
  (compiled when built: ``accelerated``), and with its pure-Python twin
  (``ratio_single_pure``);
- vector: :class:`flightsim.envs.FlightVectorEnv` with 8 environments, the first
  ``--steps``/8 actions of the sequence;
- processes: :class:`flightsim.envs.FlightProcessVectorEnv`, 2 worker processes
  hosting ``--envs-per-worker`` environments each (default 32: a batch of 64, as
  PPO is often run on CPUs; a batch step has a fixed cost of ~100-150 µs, the caller's
  Python and the lockstep, which more environments per worker spread thinner:
  docs/environments.md, "Speed"), one pipe round trip per batch step; every
  environment flies seed 0's start and the same actions, every episode whole,
  reset between them outside the timed windows
  (``async_speedup``; ``async_parent_us_per_step``: the CPU time this process
  spends per batch step, in µs, which the workers cannot use);
- gym async: ``gymnasium.vector.AsyncVectorEnv`` with 2 worker processes, one
  environment each, the first ``--steps``/2 actions (``gym_async_speedup``);
- reset: ``FlightEnv.reset`` with a new seed (random start, JSBSim reset,
  trim), median wall time (``reset_ms``);
- bare, 2 processes: the bare loop in two processes at once, each flying as many
  JSBSim instances as a worker of the process env hosts (``--envs-per-worker``), in
  turn, as that worker steps its environments: the same JSBSim work, 64 aircraft in
  all by default. One episode each from a reset (the resets left out, as everywhere), started
  together at a barrier; the pair's rate is all their steps over the wall time from the
  first one's start to the last one's finish, as the vector env's is
  (``bare_2proc_speedup``). Summing each process's own rate instead
  (``bare_2proc_speedup_own_clocks``, ``async_fraction_own_clocks``) counts the faster
  one's idle tail as work: when a slow spell of a shared machine slows one process, the
  pair still waits for it. Earlier versions of this script flew one instance per bare
  process; 16 cost ~3 % more per agent step (109.0 against 105.3 µs, one process, CPU
  time, taking turns), whose data no longer stays in the CPU's caches, whoever steps
  them, and two processes of 32 each keep less of twice one's rate than two of 8 (1.78
  against 1.97).

How the single environment is timed: two environments of each kind, one built
with ``FlightEnv(...)`` and one with ``gymnasium.make(...)`` (the same class:
``make`` adds no wrapper). Each environment is timed against the bare loop
flying the *other* environment's JSBSim instance (reset to the same trimmed
start with ``reset(seed=0)``), then the roles swap: each JSBSim instance runs
the bare loop as often as the environment, so where an instance's memory lies
(two instances of one model differ by 1-2 % in speed) cancels out. The two
take turns 50 agent steps at a time, in a rotating order, so that a slow
spell of the shared machine falls on both alike; the clock is this process's
CPU time (``time.process_time``).

Multi-process rates use wall time: the two multi-process variants (the bare pair and
the process vector env) take turns, one episode each per slice, the first one
alternating, so that the shared machine's slow spells fall on both alike, and the first
sixth of each slice's steps is flown before its clock starts (a process's instances
come back into the caches after the other's slice: ``WARM_UP_SHARE``); their speed-ups
divide by the one-process wall rates of the bare loop and the environment, measured the
same interleaved way in the same round. Figures are medians over rounds.
JSON keys: ``bare_agent_steps_per_s``, ``env_agent_steps_per_s``,
``ratio_single`` (env / bare, goal >= 0.95), ``bare_2proc_speedup``,
``async_speedup`` (goal >= 0.9 x ``bare_2proc_speedup``), ``reset_ms``, and the others
printed.
Usage::

    python scripts/bench_env.py [--json] [--steps 3000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import multiprocessing as mp
import statistics
import time
from collections.abc import Iterator
from typing import Any

import gymnasium
import numpy as np

import flightsim  # noqa: F401  (registers the environments)
from flightsim.envs import (
    FlightEnv,
    FlightProcessVectorEnv,
    FlightVectorEnv,
    _stepkernel_pure,
    stepkernel,
)
from flightsim.envs import env as env_module
from flightsim.envs.tasks import Start
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

TASK = "HeadingAltitude"
SUBSTEPS = 12
CONTROL_PROPERTIES = (
    "fcs/aileron-cmd-norm",
    "fcs/elevator-cmd-norm",
    "fcs/rudder-cmd-norm",
    "fcs/throttle-cmd-norm",
)


def actions_for(steps: int, seed: int = 0) -> np.ndarray:
    """The seeded action sequence: small surface commands, throttle mostly open."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(-0.15, 0.15, (steps, 4))
    a[:, 3] = rng.uniform(0.0, 1.0, steps)
    return a.astype(np.float32)


def mapped(actions: np.ndarray) -> list[tuple[float, float, float, float]]:
    """The control values the environment writes for each action (float32 -> float)."""
    out = []
    for a in actions.tolist():
        c = [1.0 if v > 1.0 else -1.0 if v < -1.0 else v for v in a]
        out.append((c[0], c[1], c[2], c[3] * 0.5 + 0.5))
    return out


def episodes_of(env: FlightEnv, actions: np.ndarray) -> list[int]:
    """Episode lengths when the environment flies ``actions`` (resetting with seed 0)."""
    lengths, n = [], 0
    env.reset(seed=0)
    for a in actions:
        n += 1
        _, _, terminated, truncated, _ = env.step(a)
        if terminated or truncated:
            lengths.append(n)
            n = 0
            env.reset(seed=0)
    if n:
        lengths.append(n)
    return lengths


def bare_sim(start: Start) -> Simulation:
    """The bare loop's simulation, trimmed at the environment's start for seed 0."""
    ic = InitialConditions(
        altitude_ft=start.altitude_ft, kcas=start.kcas, heading_deg=start.heading_deg
    )
    sim = Simulation("c172p", ic=ic, record=None)
    sim.trim()
    return sim


def bare_loop(sims: list[Simulation]) -> Any:
    """``fly(values)``: the bare loop over ``values`` (the mapped controls of each agent step)
    for each of ``sims`` in turn, as a vector env's worker steps its environments: 4 writes
    through property nodes, then 12 ``fdm.run()``, per agent step and simulation."""
    controls = []
    for sim in sims:
        manager = sim.fdm.get_property_manager()
        setters = (manager.get_node(n).set_double_value for n in CONTROL_PROPERTIES)
        controls.append((*setters, sim.fdm.run))
    substeps = range(SUBSTEPS)

    def fly(values: list[Any]) -> None:
        for c0, c1, c2, c3 in values:
            for s0, s1, s2, s3, run in controls:
                s0(c0)
                s1(c1)
                s2(c2)
                s3(c3)
                for _ in substeps:
                    run()

    return fly


def time_bare(sim: Simulation, values: list[Any], lengths: list[int], clock: Any) -> float:
    """Seconds of ``clock`` spent in the bare loop over all episodes."""
    fly = bare_loop([sim])
    total, k = 0.0, 0
    for length in lengths:
        sim.reset()
        chunk = values[k : k + length]
        k += length
        started = clock()
        fly(chunk)
        total += clock() - started
    return total


Seconds = dict[str, tuple[float, float]]
"""Per variant: (CPU seconds of this process, wall seconds)."""


def time_interleaved(
    host: FlightEnv,
    envs: dict[str, Any],
    values: list[Any],
    actions: np.ndarray,
    lengths: list[int],
    chunk: int = 50,
) -> Seconds:
    """CPU and wall seconds spent by the bare loop (``"bare"``, flying ``host``'s JSBSim
    instance from ``host.reset(seed=0)``'s trimmed start) and by each of ``envs``'s
    ``step`` over all episodes, taken in turns ``chunk`` agent steps at a time, in a
    rotating order: a slow spell of a shared machine falls on all of them alike, not on
    whichever ran then."""
    fly = bare_loop([host.sim])

    def bare(low: int, high: int) -> None:
        fly(values[low:high])

    def stepper(env: Any) -> Any:
        def steps(low: int, high: int) -> None:
            step = env.step
            for a in list(actions[low:high]):
                step(a)

        return steps

    variants = {"bare": bare, **{name: stepper(env) for name, env in envs.items()}}
    names = list(variants)
    cpu, wall = dict.fromkeys(names, 0.0), dict.fromkeys(names, 0.0)
    k, turn = 0, 0
    for length in lengths:
        for env in (host, *envs.values()):
            env.reset(seed=0)
        for low in range(k, k + length, chunk):
            high = min(low + chunk, k + length)
            turn += 1  # each goes first in turn: none always follows the same one
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                started_cpu, started = time.process_time(), time.perf_counter()
                variants[name](low, high)
                wall[name] += time.perf_counter() - started
                cpu[name] += time.process_time() - started_cpu
        k += length
    return {name: (cpu[name], wall[name]) for name in names}


def time_pair(
    pair: tuple[FlightEnv, FlightEnv], values: list[Any], actions: np.ndarray, lengths: list[int]
) -> Seconds:
    """CPU and wall seconds of the bare loop (``"bare"``) and of the environments' ``step``
    (``"env"``): each environment against the bare loop on the other's JSBSim instance,
    then the roles swapped."""
    first, second = pair
    one = time_interleaved(second, {"env": first}, values, actions, lengths)
    two = time_interleaved(first, {"env": second}, values, actions, lengths)
    return {
        name: (one[name][0] + two[name][0], one[name][1] + two[name][1]) for name in ("bare", "env")
    }


def time_vector(
    vec: Any,
    actions: np.ndarray,
    clock: Any,
    cpu: list[float] | None = None,
    warm_up: int = 0,
) -> float:
    """Seconds of ``clock`` for one batched step per row of ``actions`` (every environment
    the same row) but the first ``warm_up`` rows, flown before the clock starts, going on
    from ``vec``'s state; this process's CPU seconds per timed batch step appended to
    ``cpu`` if given."""
    batch = [np.tile(a, (vec.num_envs, 1)) for a in actions]
    for a in batch[:warm_up]:
        vec.step(a)
    timed = batch[warm_up:]
    cpu_started, started = time.process_time(), clock()
    for a in timed:
        vec.step(a)
    elapsed = clock() - started
    if cpu is not None:
        cpu.append((time.process_time() - cpu_started) / len(timed))
    return elapsed


def from_seed_0(vec: Any) -> Any:
    """``vec`` reset with seed 0 in every environment (the environments' start)."""
    vec.reset(seed=[0] * vec.num_envs)
    return vec


def reset_ms(env: FlightEnv, resets: int = 10) -> float:
    """Median wall time [ms] of ``env.reset(seed=k)``: random start, JSBSim reset and trim."""
    times = []
    for k in range(resets):
        started = time.perf_counter()
        env.reset(seed=1000 + k)
        times.append(time.perf_counter() - started)
    return 1e3 * statistics.median(times)


_BARE: list[Simulation] = []
"""A pool process's own bare simulations, built as its tasks first need them."""


WARM_UP_SHARE = 6
"""The first 1/6 of each multi-process slice's steps is flown before its clock starts, in
both variants: taking turns is how the benchmark shares out the machine's slow spells,
and after the other's slice the JSBSim instances of a process come back into the
caches over its first ~10 batch steps (~2.5 ms more than its steady pace)."""


def _bare_worker(args: tuple[Any, ...]) -> tuple[float, float]:
    """One of the two bare processes, flying one episode from a reset on ``count``
    simulations in turn: when it started timing (after the slice's warm-up,
    :data:`WARM_UP_SHARE`) and finished flying (``time.perf_counter``, CLOCK_MONOTONIC on
    Linux: one clock for every process). Its resets come before the barrier: resets are
    left out, as everywhere."""
    values, start, barrier, count = args
    _BARE.extend(bare_sim(start) for _ in range(count - len(_BARE)))
    sims = _BARE[:count]
    for sim in sims:
        sim.reset()
    fly = bare_loop(sims)
    barrier.wait()
    fly(values[: len(values) // WARM_UP_SHARE])
    started = time.perf_counter()
    fly(values[len(values) // WARM_UP_SHARE :])
    return started, time.perf_counter()


@dataclasses.dataclass
class Pair:
    """The bare loop's timed agent steps and wall seconds in two processes at once, from
    the first one's start to the last one's finish per slice (``own``: each process's own
    clock)."""

    steps: int = 0
    wall: float = 0.0
    own: list[float] = dataclasses.field(default_factory=lambda: [0.0, 0.0])

    def fly(self, pool: Any, barrier: Any, episode: list[Any], start: Start, sims: int) -> None:
        """One episode of ``episode``'s values in ``pool``'s two processes at once, on
        ``sims`` simulations each."""
        spans = pool.map(_bare_worker, [(episode, start, barrier, sims)] * 2, chunksize=1)
        # the pair's work is done when the later one finishes
        self.wall += max(end for _, end in spans) - min(s for s, _ in spans)
        self.own = [t + end - s for t, (s, end) in zip(self.own, spans, strict=True)]
        self.steps += 2 * sims * (len(episode) - len(episode) // WARM_UP_SHARE)


@dataclasses.dataclass
class Turns:
    """A round of the multi-process variants (:func:`take_turns`): the bare pair on as
    many simulations per process as the process env's workers host; the process env's
    timed agent steps and wall seconds, and this process's CPU seconds per timed batch
    step of it, per slice."""

    pair: Pair = dataclasses.field(default_factory=Pair)
    fleet_steps: int = 0
    fleet: float = 0.0
    parent_cpu: list[float] = dataclasses.field(default_factory=list)


def take_turns(
    processes: FlightProcessVectorEnv,
    pool: Any,
    barrier: Any,
    values: list[Any],
    actions: np.ndarray,
    lengths: list[int],
    start: Start,
) -> Turns:
    """The multi-process variants taking turns, one episode each per slice, the first one
    alternating: the bare pair on as many simulations per process as each worker of
    ``processes`` hosts (the same JSBSim work), and the process env flying the episode
    whole."""
    turns = Turns()
    per_worker = processes.num_envs // processes.workers

    def process_env(piece: np.ndarray) -> None:
        warm = len(piece) // WARM_UP_SHARE
        turns.fleet += time_vector(processes, piece, time.perf_counter, turns.parent_cpu, warm)
        turns.fleet_steps += processes.num_envs * (len(piece) - warm)

    k = 0
    for turn, length in enumerate(lengths):
        from_seed_0(processes)
        episode = values[k : k + length]
        slices = [
            functools.partial(turns.pair.fly, pool, barrier, episode, start, per_worker),
            functools.partial(process_env, actions[k : k + length]),
        ]
        for fly in slices[turn % 2 :] + slices[: turn % 2]:
            fly()
        k += length
    return turns


@contextlib.contextmanager
def pure_python_kernel() -> Iterator[None]:
    """Inside, environments make their step kernels from the pure-Python twin: when built,
    and when they reload their model (after a failed trim), so the block that times them
    goes inside too."""
    compiled = env_module.StepKernel
    env_module.StepKernel = _stepkernel_pure.StepKernel
    try:
        yield
    finally:
        env_module.StepKernel = compiled


def fraction_of(speedups: list[float], baselines: list[float]) -> float:
    """The median over rounds of each round's speed-up over its baseline's, to 3 places."""
    return round(statistics.median(a / b for a, b in zip(speedups, baselines, strict=True)), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--steps", type=int, default=3000, help="agent steps per variant")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--envs-per-worker", type=int, default=32, help="FlightProcessVectorEnv, 2 workers"
    )
    args = parser.parse_args(argv)

    actions = actions_for(args.steps)
    values = mapped(actions)
    env = FlightEnv(TASK)
    lengths = episodes_of(env, actions)
    pair = (env, gymnasium.make(f"flightsim/{TASK}-v0"))
    with pure_python_kernel():
        pure_pair = (FlightEnv(TASK), gymnasium.make(f"flightsim/{TASK}-v0"))
    start = env.episode_start
    sim = bare_sim(start)
    vector = FlightVectorEnv(8, task=TASK)
    vector_steps = max(1, args.steps // 8)
    asynchronous = gymnasium.vector.AsyncVectorEnv(
        [lambda: gymnasium.make(f"flightsim/{TASK}-v0")] * 2
    )
    async_steps = max(1, args.steps // 2)
    per_worker = args.envs_per_worker
    processes = FlightProcessVectorEnv(2 * per_worker, workers=2, task=TASK)
    ctx = mp.get_context("fork")
    manager = ctx.Manager()
    barrier = manager.Barrier(2)
    pool = ctx.Pool(2)
    names = ["bare", "env", "ratio", "ratio_pure", "vector_ratio", "bare2", "async"]
    extra = ["bare2_own", "gym_async", "reset_ms"]
    rows: dict[str, list[float]] = {k: [] for k in [*names, *extra]}
    parent_cpu: list[float] = []
    n = sum(lengths)
    try:
        for _ in range(args.rounds):
            single = time_pair(pair, values, actions, lengths)
            with pure_python_kernel():
                pure = time_pair(pure_pair, values, actions, lengths)
            (bare_cpu, bare_wall), (env_cpu, env_wall) = single["bare"], single["env"]
            rows["bare"].append(2 * n / bare_cpu)
            rows["env"].append(2 * n / env_cpu)
            rows["ratio"].append(bare_cpu / env_cpu)
            rows["ratio_pure"].append(pure["bare"][0] / pure["env"][0])
            vec_rate = (
                8
                * vector_steps
                / time_vector(from_seed_0(vector), actions[:vector_steps], time.process_time)
            )
            rows["vector_ratio"].append(
                vec_rate / (n / time_bare(sim, values, lengths, time.process_time))
            )
            turns = take_turns(processes, pool, barrier, values, actions, lengths, start)
            parent_cpu += turns.parent_cpu
            # all the steps over the wall time until the last one is done
            bare_rate = 2 * n / bare_wall
            rows["bare2"].append(turns.pair.steps / turns.pair.wall / bare_rate)
            rows["bare2_own"].append(
                sum(turns.pair.steps / 2 / t for t in turns.pair.own) / bare_rate
            )
            rows["async"].append((turns.fleet_steps / turns.fleet) / (2 * n / env_wall))
            wall = time_vector(from_seed_0(asynchronous), actions[:async_steps], time.perf_counter)
            rows["gym_async"].append((2 * async_steps / wall) / (2 * n / env_wall))
            rows["reset_ms"].append(reset_ms(env))
    finally:  # the pool, the manager and every worker, whatever happened
        pool.close()
        pool.join()
        manager.shutdown()
        for closing in (processes, asynchronous, vector, *pair, *pure_pair):
            closing.close()
    med = {k: statistics.median(v) for k, v in rows.items()}
    result = {
        "bare_agent_steps_per_s": round(med["bare"], 1),
        "env_agent_steps_per_s": round(med["env"], 1),
        "ratio_single": round(med["ratio"], 3),
        "accelerated": stepkernel.accelerated(),
        "ratio_single_pure": round(med["ratio_pure"], 3),
        "vector8_ratio": round(med["vector_ratio"], 3),
        "bare_2proc_speedup": round(med["bare2"], 3),
        "async_speedup": round(med["async"], 3),
        "async_fraction": fraction_of(rows["async"], rows["bare2"]),
        "bare_2proc_speedup_own_clocks": round(med["bare2_own"], 3),
        "async_fraction_own_clocks": fraction_of(rows["async"], rows["bare2_own"]),
        "async_envs_per_worker": per_worker,
        "async_parent_us_per_step": round(1e6 * statistics.median(parent_cpu), 1),
        "gym_async_speedup": round(med["gym_async"], 3),
        "reset_ms": round(med["reset_ms"], 2),
        "episodes": len(lengths),
        "agent_steps": n,
        "rounds": args.rounds,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{n} agent steps in {len(lengths)} episodes, {args.rounds} rounds (medians)")
        print(f"bare JSBSim loop        {result['bare_agent_steps_per_s']:9.0f} agent steps/s")
        print(
            f"FlightEnv.step          {result['env_agent_steps_per_s']:9.0f} agent steps/s"
            f"  ratio {result['ratio_single']:.3f} (goal >= 0.95; compiled kernel: "
            f"{result['accelerated']})"
        )
        print(f"  its pure-Python twin  ratio {result['ratio_single_pure']:.3f}")
        print(f"FlightVectorEnv(8)      ratio to bare {result['vector8_ratio']:.3f}")
        print(
            f"bare loop, 2 processes  speed-up {result['bare_2proc_speedup']:.3f} "
            f"with {per_worker} simulations each "
            f"({result['bare_2proc_speedup_own_clocks']:.3f} summing each one's own rate)"
        )
        print(
            f"FlightProcessVectorEnv  speed-up {result['async_speedup']:.3f}, "
            f"{result['async_fraction']:.3f} of the bare loop's (goal >= 0.9), "
            f"2 workers x {per_worker} envs "
            f"({result['async_fraction_own_clocks']:.3f} of the summed rates)"
        )
        print(f"  its caller's CPU     {result['async_parent_us_per_step']:9.1f} µs per batch step")
        print(f"AsyncVectorEnv(2)       speed-up {result['gym_async_speedup']:.3f}")
        print(f"FlightEnv.reset         {result['reset_ms']:.2f} ms (new random start, trim)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
