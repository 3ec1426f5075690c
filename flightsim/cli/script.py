"""``flightsim script``: run a JSBSim XML script to its end and record it to CSV."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from flightsim import Simulation
from flightsim.cli.common import (
    DEFAULT_RECORD,
    add_aircraft_dir,
    add_no_guard,
    add_record,
    check_aircraft_dirs,
    check_output_dir,
    check_record,
    count_arg,
    data_kept,
)
from flightsim.cli.parser import OneLineParser
from flightsim.cli.summary import flight_summary, wrote_line
from flightsim.paths import find_script
from flightsim.progress import Progress


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``script`` sub-command."""
    parser = subparsers.add_parser(
        "script",
        description="Run a JSBSim script to its end, exactly as JSBSim would, recording "
        "properties to OUTPUT_DIR/<script-name>.csv. SCRIPT is a file or the name of a "
        "script bundled with JSBSim (e.g. c1723).",
        epilog="example: flightsim script c1723 -o out/ --record state,controls",
    )
    parser.add_argument("script", metavar="SCRIPT", help="script file or bundled script name")
    parser.add_argument(
        "-o",
        "--output-dir",
        type=Path,
        default=Path("out"),
        help="folder for <script-name>.csv (default: out/)",
    )
    add_aircraft_dir(parser)
    add_record(parser, default=DEFAULT_RECORD)
    add_no_guard(parser)
    parser.add_argument(
        "--record-every",
        type=count_arg("--record-every"),
        default=1,
        metavar="N",
        help="record every N steps",
    )
    if isinstance(parser, OneLineParser):
        parser.absent_options = {
            "--dt": "a script sets its own time step, dt in its <run> element",
            "--duration": "a script runs to the end time of its <run> element",
        }
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the script, write the CSV, print a summary; exit code 0."""
    check_aircraft_dirs(args.aircraft_dirs)
    check_record(args.record)
    check_output_dir(args.output_dir, "the CSV is named after the script")
    path = find_script(args.script)
    output = args.output_dir / f"{path.stem}.csv"
    start = time.perf_counter()
    with Simulation.from_script(
        path,
        record=args.record,
        record_every=args.record_every,
        stream_csv=output,
        aircraft_dirs=tuple(args.aircraft_dirs),
        guard=args.guard,
    ) as sim:
        with (
            data_kept("script", output),
            Progress(desc=path.stem, unit="s sim", min_wall_s=2.0) as bar,
        ):
            rec = sim.run_script(progress=bar)
        wall_s = time.perf_counter() - start
        print(
            f"{path.name} ({sim.aircraft.name}): {sim.time_s:.2f} s simulated in "
            f"{wall_s:.2f} s wall, {sim.steps} steps"
        )
    for line in flight_summary(rec, simulated_s=sim.time_s):
        print(line)
    print(wrote_line(output, record_every_option=True))
    return 0
