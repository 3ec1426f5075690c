"""Benchmark: the c172p trim envelope from sea level to 12,000 ft, on 2 processes.

Altitudes 0 to 12,000 ft every 1,000 ft x 50 to 140 KCAS every 5 kt (247
points, full trim), computed by ``flightsim.analysis.trim_envelope`` with 2
worker processes (process start, one model load per worker included) against
the same points in this one process (the baseline, measured in the same run).
Medians of alternating rounds; the goal is under 30 s on 2 cores.

    .venv/bin/python scripts/bench_envelope.py [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from flightsim.analysis.envelope import trim_envelope
from flightsim.progress import Progress

ALTITUDES_FT = [float(a) for a in range(0, 12_001, 1_000)]
KCAS = [float(v) for v in range(50, 141, 5)]
GOAL_S = 30.0


def envelope_s(workers: int, show: bool) -> tuple[float, int]:
    """Wall time [s] of one envelope on ``workers`` processes, and its trimmed points."""
    start = time.perf_counter()
    with Progress(desc=f"c172p x{workers}", unit="point", enabled=show or None) as bar:
        env = trim_envelope("c172p", ALTITUDES_FT, KCAS, workers=workers, progress=bar)
    return time.perf_counter() - start, len(env.trimmed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    times: dict[int, list[float]] = {1: [], 2: []}
    trimmed = 0
    for _ in range(args.rounds):
        for workers in (2, 1):
            wall, trimmed = envelope_s(workers, show=False)
            times[workers].append(wall)
    parallel, serial = statistics.median(times[2]), statistics.median(times[1])
    points = len(ALTITUDES_FT) * len(KCAS)
    result = {
        "points": points,
        "trimmed": trimmed,
        "two_processes_s": parallel,
        "one_process_s": serial,
        "speedup": serial / parallel,
        "goal_s": GOAL_S,
        "within_goal": parallel < GOAL_S,
        "rounds": args.rounds,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"c172p envelope, {points} points ({trimmed} trimmed), medians of {args.rounds}:")
    print(f"  2 processes  {parallel:6.2f} s  (goal < {GOAL_S:.0f} s)")
    print(f"  1 process    {serial:6.2f} s")
    print(f"  speed-up     {serial / parallel:6.2f}x")


if __name__ == "__main__":
    main()
