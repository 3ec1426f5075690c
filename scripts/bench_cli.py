"""Benchmark: ``flightsim --help`` and ``flightsim --version`` as whole processes.

What a user waits for is the whole process: the interpreter starting, the
imports, the parser, the output. Each round runs, alternating, the installed
console script (``flightsim`` beside this interpreter) with ``--help`` and with
``--version``, and the baseline ``python -c pass`` (the same interpreter, the
least any Python command costs); the figures are the medians of the wall-clock
times over the rounds. Goal (issue 8): ``--help`` and ``--version`` under 0.1 s.
The ratios to ``python -c pass`` say how much of that is flightsim's own work on
a machine busier or faster than the one the goal was set on. The CPU time of
each child (user + system, ``*_cpu_s``) is printed beside: on a shared machine
other processes stretch the wall time, not the CPU time. The children run with
Python's bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed from their
environment), as an installed command does.

    .venv/bin/python scripts/bench_cli.py [--rounds 21] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from benchproc import process_s

GOAL_S = 0.1
"""Wall time [s] under which ``flightsim --help`` and ``--version`` must finish."""


def main() -> None:
    """Time the commands in alternating rounds and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="alternating rounds (21)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    flightsim = str(Path(sys.executable).parent / "flightsim")
    commands = {
        "python_pass_s": [sys.executable, "-c", "pass"],
        "help_s": [flightsim, "--help"],
        "version_s": [flightsim, "--version"],
    }
    for command in commands.values():  # warm the file cache; not counted
        process_s(command)
    times: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, command in commands.items():
            wall, cpu = process_s(command)
            times.setdefault(name, []).append(wall)
            times.setdefault(name.replace("_s", "_cpu_s"), []).append(cpu)
    figures: dict[str, float | int | bool] = {
        name: statistics.median(values) for name, values in times.items()
    }
    baseline = float(figures["python_pass_s"])
    figures["ratio_help"] = float(figures["help_s"]) / baseline
    figures["ratio_version"] = float(figures["version_s"]) / baseline
    figures["rounds"] = args.rounds
    figures["goal_met"] = max(float(figures["help_s"]), float(figures["version_s"])) < GOAL_S
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"medians of {args.rounds} alternating rounds, whole processes (wall clock)")
    print(
        f"python -c pass      {baseline * 1000:7.1f} ms   "
        f"(CPU {float(figures['python_pass_cpu_s']) * 1000:.1f} ms)"
    )
    for name, label in (("help", "flightsim --help"), ("version", "flightsim --version")):
        print(
            f"{label:<19} {float(figures[f'{name}_s']) * 1000:7.1f} ms   "
            f"{float(figures[f'ratio_{name}']):.2f}x python -c pass   "
            f"(CPU {float(figures[f'{name}_cpu_s']) * 1000:.1f} ms)"
        )
    verdict = "met" if figures["goal_met"] else "NOT met"
    print(f"goal: under {GOAL_S * 1000:.0f} ms each: {verdict}")


if __name__ == "__main__":
    main()
