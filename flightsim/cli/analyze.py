"""``flightsim analyze``: linear model, dynamic modes and handling qualities at one point.

``flightsim analyze c172p --alt 4000 --kcas 100`` trims the aircraft, linearises
it (JSBSim's own linearisation, on a copy), prints its modes (short period,
phugoid, Dutch roll, roll, spiral, other) with damping, frequency, period or
time constant, time to half or double amplitude and MIL-F-8785C level, and how
far the linear model's response to a small elevator step strays from the
nonlinear simulation's. ``-o report.html|pdf`` writes a report (modes table,
mode map, step responses, matrices); ``--json`` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from flightsim.cli.common import add_aircraft_dir, check_aircraft_dirs, quantity_arg

if TYPE_CHECKING:
    from flightsim.analysis.analyze import Analysis


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``analyze`` sub-command."""
    parser = subparsers.add_parser(
        "analyze",
        help="linear model, modes and MIL-F-8785C levels at one flight condition",
        description="Trim AIRCRAFT at --alt/--kcas, linearise it, label its modes and judge "
        "them against MIL-F-8785C; compare the linear model with the nonlinear simulation.",
        epilog="example:\n  flightsim analyze c172p --alt 4000 --kcas 100 -o out/c172p.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("aircraft", metavar="AIRCRAFT", help="aircraft name, folder or file")
    parser.add_argument(
        "--alt", type=quantity_arg("FT", "--alt"), default=4000.0, help="altitude MSL (4000 ft)"
    )
    parser.add_argument(
        "--kcas",
        type=quantity_arg("KTS", "--kcas"),
        default=100.0,
        help="calibrated airspeed (100 kt)",
    )
    parser.add_argument(
        "--class",
        dest="aircraft_class",
        metavar="{I,II,III,IV}",
        help="MIL-F-8785C aircraft class (default: I up to 12,500 lbf, else II)",
    )
    parser.add_argument(
        "--category",
        default="B",
        metavar="{A,B,C}",
        help="flight-phase category: A manoeuvring, B cruise (default), C approach/landing",
    )
    parser.add_argument(
        "--trim",
        default="full",
        choices=("full", "longitudinal", "glide"),
        help="trim mode (full; glide for aircraft without an engine)",
    )
    parser.add_argument("-o", "--output", type=Path, help="report file: *.html or *.pdf")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_aircraft_dir(parser)
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Analyse, print the modes (or JSON), write the report when asked; exit code 0."""
    from flightsim.analysis.analyze import analyze

    check_aircraft_dirs(args.aircraft_dirs)
    if args.output is not None:
        from flightsim.plots.pages import report_format

        report_format(args.output)  # a bad output name fails before any work
    result = analyze(
        args.aircraft,
        altitude_ft=args.alt,
        kcas=args.kcas,
        aircraft_class=args.aircraft_class,
        category=args.category,
        trim_mode=args.trim,
        aircraft_dirs=args.aircraft_dirs,
    )
    written = None
    if args.output is not None:
        from flightsim.analysis.report import analysis_report
        from flightsim.plots.pages import write_pages

        written = write_pages(analysis_report(result), args.output)
    if args.json:
        print(json.dumps(result.to_json(), allow_nan=False))
    else:
        _print_summary(result)
    if written is not None:  # stdout holds only the JSON object when --json
        print(f"wrote {written}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _print_summary(result: Analysis) -> None:
    from flightsim.analysis.report import MODE_TABLE_HEADER, mode_rows

    point = result.model.point
    print(
        f"{point['aircraft']} at {float(point['altitude_ft']):.0f} ft, "
        f"{float(point['kcas']):.1f} KCAS, {float(point['weight_lbf']):.0f} lbf "
        f"(MIL-F-8785C class {result.aircraft_class}, category {result.category})"
    )
    rows = [MODE_TABLE_HEADER, *mode_rows(result.modes)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(MODE_TABLE_HEADER))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    for mode in result.modes:
        if mode.name == "short-period" and mode.cap is not None:
            print(
                f"short period: n/alpha {mode.n_alpha_g_per_rad:.1f} g/rad, "
                f"CAP {mode.cap:.3g} 1/(g s^2) (MIL-F-8785C figures 1-3)"
            )
            break
    errors = ", ".join(f"{k} {v:.1%}" for k, v in result.step.errors.items())
    worst = result.step.max_error
    print(
        f"linear vs nonlinear, {result.step.amount:+g} elevator step over "
        f"{result.step.time_s[-1]:.0f} s: largest error "
        f"{worst:.1%} ({errors})"
    )
