"""Which aircraft the environments fly: every task, flown by the baseline, per aircraft.

    python scripts/sweep_envs.py [--aircraft NAME ...] [--aircraft-dir DIR]
        [--tasks TASK ...] [--episodes 3] [--timeout 300] [--json]

Each aircraft (default: every one found, those in ``--aircraft-dir``, ours in
``aircraft/`` and JSBSim's bundled ones; a name in an earlier folder hides the
later ones', as ``flightsim aircraft`` lists them) flies each task (default:
all four) for ``--episodes`` seeded episodes (seeds 0, 1, ...) with the baseline
autopilot, in a child process of its own: a model on which JSBSim aborts, or
hangs past ``--timeout`` [s], costs that aircraft only (the tasks it finished
are kept). Prints one line per aircraft: the baseline's successes per task,
then why the environments refuse it, or what stopped it (the error's first
sentence). ``--json`` prints JSON Lines instead, one object per aircraft and
task, with the keys ``aircraft``, ``task``, ``episodes``, ``successes``,
``failures`` (each episode's failure, "" when none) and ``error`` ("" when it
flew). Exit code 0 when the sweep ran, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flightsim.cli import OneLineParser, run_guarded
from flightsim.cli.common import add_aircraft_dir, check_aircraft_dirs, count_arg
from flightsim.envs.registration import ENV_IDS
from flightsim.errors import ConfigError, suggest
from flightsim.paths import find_aircraft, list_aircraft

TASKS = list(ENV_IDS.values())


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="sweep_envs.py", description=__doc__.split("\n")[0])
    parser.add_argument("--aircraft", nargs="+", help="aircraft names (default: all found)")
    add_aircraft_dir(parser)
    parser.add_argument("--tasks", nargs="+", default=TASKS, help=f"of {', '.join(TASKS)}")
    parser.add_argument("--episodes", type=count_arg("--episodes"), default=3)
    parser.add_argument("--timeout", type=float, default=300.0, help="per aircraft [s]")
    parser.add_argument("--json", action="store_true", help="print JSON Lines")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one aircraft, in a child
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    args = parser.parse_args(argv)
    return run_guarded(lambda: run(args), "sweep_envs.py:", "sweep", debug=args.debug)


def run(args: argparse.Namespace) -> int:
    """Check the input, then sweep (or, in a child, fly one aircraft)."""
    unknown = [t for t in args.tasks if t not in TASKS]
    if unknown:
        raise ConfigError(
            f"--tasks: unknown task {unknown[0]!r}.{suggest(unknown[0], TASKS)} Choose among "
            f"{', '.join(TASKS)}"
        )
    if not args.timeout > 0.0:
        raise ConfigError(f"--timeout: give seconds > 0, got {args.timeout}")
    check_aircraft_dirs(args.aircraft_dirs)
    if args.child:
        for row in fly(args.child, args.tasks, args.episodes, args.aircraft_dirs):
            print(json.dumps(row), flush=True)
        return 0
    names = args.aircraft or [loc.name for loc in list_aircraft(args.aircraft_dirs)]
    for name in names:
        find_aircraft(name, args.aircraft_dirs)  # an unknown name fails before any flight
    for name in names:
        rows = in_child(name, args)
        if args.json:
            for row in rows:
                print(json.dumps(row), flush=True)
        else:
            print(summary_line(name, rows), flush=True)
    return 0


def fly(name: str, tasks: list[str], episodes: int, dirs: list[Path]) -> Iterator[dict[str, Any]]:
    """``name`` through each task with the baseline: one row per task, as each is flown
    (see the docstring)."""
    import flightsim  # noqa: F401  (registers the environments)
    from flightsim.envs.evaluation import evaluate
    from flightsim.errors import FlightsimError

    for task in tasks:
        row: dict[str, Any] = {"aircraft": name, "task": task, "episodes": episodes}
        try:
            result = evaluate(
                f"flightsim/{task}-v0",
                "baseline",
                episodes,
                keep_tracks=0,
                aircraft=name,
                aircraft_dirs=dirs,
            )
        except FlightsimError as exc:
            row.update(successes=0, failures=[], error=f"{type(exc).__name__}: {exc}")
        else:
            row.update(successes=sum(result.successes), failures=result.failures, error="")
        yield row


def in_child(name: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """:func:`fly` in a child process; a crash or a hang is the error of every task it had
    not finished (the rows it printed before are kept)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name]
    command += ["--tasks", *args.tasks, "--episodes", str(args.episodes)]
    for folder in args.aircraft_dirs:
        command += ["--aircraft-dir", str(folder)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired as late:
        out = late.stdout.decode() if isinstance(late.stdout, bytes) else late.stdout or ""
        error = f"timed out after {args.timeout:g} s"
    else:
        out = done.stdout
        if done.returncode == 0:
            return [json.loads(line) for line in out.splitlines()]
        if done.returncode < 0:  # killed: JSBSim aborted or crashed on the model
            error = f"the child process was killed by {signal.Signals(-done.returncode).name}"
        else:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            error = f"the child process ended with code {done.returncode}: {last}"
    finished = [json.loads(line) for line in out.splitlines() if line.endswith("}")]
    return finished + [
        {"aircraft": name, "task": t, "episodes": args.episodes, "successes": 0,
         "failures": [], "error": error}
        for t in args.tasks[len(finished):]
    ]  # fmt: skip


def summary_line(name: str, rows: list[dict[str, Any]]) -> str:
    """``name  Task s/n ...`` for the tasks it flew, then its first error's first sentence:
    ``refused:`` for a ConfigError (an aircraft the environments do not take), else
    ``failed:``."""
    error = next((row["error"] for row in rows if row["error"]), "")
    flown = [f"{r['task']} {r['successes']}/{r['episodes']}" for r in rows if not r["error"]]
    label = "refused" if error.startswith("ConfigError") else "failed"  # a crash, a hang
    stopped = f"{label}: {error.split('; ')[0]}" if error else ""
    return f"{name:18s} " + "  ".join([*flown, stopped]).strip()


if __name__ == "__main__":
    sys.exit(main())
