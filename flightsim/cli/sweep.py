"""``flightsim sweep``: run a batch described in TOML, on local cores or on Ray.

``flightsim sweep BATCH.toml -o DIR`` runs every case (a progress bar with ETA
on a terminal), appending each to ``DIR/results.csv`` as it finishes, then
writes ``DIR/report.html``: each metric against each swept parameter, and the
results. ``--resume`` continues an interrupted batch without re-running
finished cases (``--retry-failed``: and runs the failed, crashed and timed-out
ones again). Failed cases are rows with their reason, not errors: the exit
code is 0 when the batch ran (1 when no case succeeded), 2 on bad input.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from flightsim.cli import interrupted
from flightsim.cli.common import add_aircraft_dir, check_aircraft_dirs, count_arg
from flightsim.cli.hints import cli_message
from flightsim.errors import ConfigError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sweep`` sub-command."""
    parser = subparsers.add_parser(
        "sweep",
        help="parameter sweeps and Monte Carlo batches (TOML) on local cores or Ray",
        description="Run the cases of a batch file (grid sweep and/or Monte Carlo) in "
        "parallel, write DIR/results.csv (one row per case: parameters, metrics, status, "
        "reason) and DIR/report.html (metrics against parameters). See docs/batch.md.",
    )
    parser.add_argument("batch", type=Path, metavar="BATCH.toml", help="the batch file")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--workers",
        type=count_arg("--workers"),
        metavar="N",
        help="worker processes (default: all cores)",
    )
    parser.add_argument("--ray", action="store_true", help="run on Ray (a local one by default)")
    parser.add_argument(
        "--ray-address", metavar="ADDR", help="address of an existing Ray cluster (implies --ray)"
    )
    parser.add_argument("--serial", action="store_true", help="run in this process, one by one")
    parser.add_argument("--resume", action="store_true", help="continue DIR/results.csv")
    parser.add_argument(
        "--retry-failed",
        action="store_true",
        help="resume, and run again the cases that failed, crashed or timed out",
    )
    parser.add_argument(
        "--keep-recordings", action="store_true", help="write DIR/recordings/case-N.csv"
    )
    parser.add_argument("--units", default="imperial", metavar="{imperial,si}")
    add_aircraft_dir(parser)
    parser.set_defaults(func=handle)


def _kept(args: argparse.Namespace) -> str:
    """What an interrupted sweep leaves: the finished cases, and the command that goes on."""
    path = args.output / "results.csv"
    try:
        with path.open(encoding="utf-8", newline="") as file:
            finished = max(sum(1 for _ in csv.reader(file)) - 1, 0)
    except OSError:
        finished = 0
    if not finished:
        return "no case had finished"
    resumed = args.resume or args.retry_failed
    again = "run the same command" if resumed else "add --resume to the same command"
    return f"{finished} finished case(s) kept in {path}; {again} to run the rest"


def handle(args: argparse.Namespace) -> int:
    """Run the batch, write the report, print a summary."""
    from flightsim.batch.report import write_batch_report
    from flightsim.batch.runner import run_batch
    from flightsim.batch.toml_file import load_batch

    if args.serial and (args.ray or args.ray_address):
        raise ConfigError("--serial and --ray: choose one")
    executor = "ray" if args.ray or args.ray_address else "serial" if args.serial else "local"
    check_aircraft_dirs(args.aircraft_dirs)
    batch = load_batch(args.batch, args.aircraft_dirs)
    try:
        results = run_batch(
            batch,
            args.output,
            executor=executor,
            workers=args.workers,
            ray_address=args.ray_address,
            resume=args.resume,
            retry_failed=args.retry_failed,
            keep_recordings=args.keep_recordings,
        )
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: say what is kept and how to go on
        what, code = interrupted(exc)
        print(f"flightsim sweep: {what}; {_kept(args)}", file=sys.stderr)
        return code
    report = write_batch_report(
        results.rows,
        results.parameters,
        results.metrics,
        args.output / "report.html",
        units_of=batch.units(),
        title=batch.name,
        units=args.units,
    )
    counts = results.counts
    done = len(results.rows) - results.ran
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    resumed = f" ({done} from before)" if done else ""
    print(f"{len(results.rows)} cases{resumed}: {summary}")
    for row in results.failed()[:5]:  # the reason's advice in the batch file's words
        reason = cli_message(str(row["reason"]), "sweep")
        print(f"  case {row['case']} {row['status']}: {reason}", file=sys.stderr)
    if len(results.failed()) > 5:
        print(f"  ... {len(results.failed()) - 5} more in {results.path}", file=sys.stderr)
    print(f"results: {results.path}\nreport: {report}")
    return 0 if counts.get("ok") else 1
