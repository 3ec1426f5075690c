"""``flightsim report``: figures and a PDF or HTML report from recorded runs.

``flightsim report out/demo.csv -o out/report.html`` reads each recording
(CSV or NPZ written by the runner), overlays them with one colour per run and
writes a self-contained HTML file or a multi-page PDF (chosen by the output
suffix), optionally every figure as PNG too (``--png DIR``). ``--waypoint
NAME=LAT,LON`` (repeatable) marks points on the ground track, as do the
recordings' ``waypoint/<name>`` metadata keys. Bad input (a missing or
malformed file, an empty recording, an unknown unit system or output suffix, a
waypoint that is not NAME=LAT,LON) exits with code 2 and one message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from flightsim import Recording
from flightsim.errors import ConfigError
from flightsim.progress import Progress
from flightsim.recording import RESETS_KEY, reset_rows


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` sub-command."""
    parser = subparsers.add_parser(
        "report",
        description="Plot one or more recordings (overlaid, one colour each) into a "
        "self-contained HTML file or a multi-page PDF: run summary, altitude, airspeed, "
        "attitude, rates, α/β, load factor, controls, engine, ground track, 3D path.",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="recording files (.csv with optional .meta.json, or .npz)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="report file: *.html (self-contained) or *.pdf",
    )
    parser.add_argument("--png", type=Path, metavar="DIR", help="also save every figure as PNG")
    parser.add_argument(
        "--units",
        default="imperial",
        metavar="{imperial,si}",
        help="units of the axes: imperial (ft, kt, lbf) or si (m, m/s, N)",
    )
    parser.add_argument("--title", help="report title (default: from the aircraft name)")
    parser.add_argument(
        "--label",
        action="append",
        metavar="LABEL",
        help="name of a run in legends, once per INPUT in order (default: the file names)",
    )
    parser.add_argument(
        "--waypoint",
        action="append",
        default=[],
        metavar="NAME=LAT,LON",
        help="mark a waypoint on the ground track, latitude/longitude in degrees "
        "(repeatable), e.g. --waypoint KSFO=37.619,-122.375",
    )
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Read the recordings, write the report, print where it is; exit code 0."""
    # matplotlib loads only when a report is asked for: `flightsim --help` stays fast
    from flightsim.plots.pages import report_format
    from flightsim.plots.quantities import check_unit_system
    from flightsim.plots.report import write_report
    from flightsim.plots.track import Waypoint

    units = check_unit_system(args.units)
    waypoints = [Waypoint.parse(text) for text in args.waypoint]
    report_format(args.output)  # a bad output name fails before any file is read
    inputs: list[Path] = args.inputs
    if args.label is not None and len(args.label) != len(inputs):
        raise ConfigError(
            f"{len(args.label)} --label for {len(inputs)} input(s): give one --label per INPUT"
        )
    labels = args.label or _default_labels(inputs)
    recordings = []
    for path in inputs:
        rec = Recording.load(path)
        check_plottable(rec, path)
        if rec.meta.get("dropped_last_row"):
            print(
                f"flightsim report: note: {path}: last row incomplete (a killed run?), dropped",
                file=sys.stderr,
            )
        recordings.append(rec)
    with Progress(desc="report", unit="page", min_wall_s=2.0) as bar:
        out = write_report(
            recordings,
            args.output,
            labels=labels,
            title=args.title,
            units=units,
            png_dir=args.png,
            waypoints=waypoints,
            progress=bar,
        )
    print(f"wrote {out}")
    if args.png is not None:
        print(f"wrote figures to {args.png}/")
    return 0


def check_plottable(rec: Recording, path: Path) -> None:
    """A report needs two samples or more, and a time that only goes back at a reset.

    ConfigError otherwise, naming the file (and for a CSV the line).
    """
    if len(rec) < 2:
        what = "no samples" if len(rec) == 0 else f"one sample (t = {rec.time_s[0]:g} s)"
        raise ConfigError(
            f"the recording has {what}: nothing to plot over time; a report needs two samples "
            "or more",
            file=path,
        )
    resets = reset_rows(rec.meta, path)
    backwards = [int(i) + 1 for i in np.flatnonzero(np.diff(rec.time_s) < 0.0)]
    unmarked = [row for row in backwards if row not in resets]
    if unmarked:
        row = unmarked[0]
        line = row + 2 if path.suffix.lower() == ".csv" else None  # the header is line 1
        raise ConfigError(
            f"time runs backwards, from {rec.time_s[row - 1]:g} s to {rec.time_s[row]:g} s "
            f"(data row {row}), with no reset marked there in the metadata "
            f"('{RESETS_KEY}': [{row}] would mark one): rows out of order, or files joined?",
            file=path,
            line=line,
        )


def _default_labels(inputs: list[Path]) -> list[str]:
    """File stems, or the paths when two inputs share a stem."""
    stems = [p.stem for p in inputs]
    return stems if len(set(stems)) == len(stems) else [str(p) for p in inputs]
