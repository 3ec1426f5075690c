"""``flightsim envelope``: trim an aircraft over altitudes x airspeeds (x flap settings).

``flightsim envelope c172p --alt 0:12000:1000 --kcas 50:140:10 -o out/env.html``
trims every point in parallel worker processes (``--workers``), with a progress
bar, and writes a report (maps coloured by throttle and by alpha, the table of
points with the reason of each failure), or ``.csv`` (one row per point), or
``--json``. Ranges are ``START:STOP:STEP`` (STOP included) or comma lists.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flightsim.cli import interrupted
from flightsim.cli.common import add_aircraft_dir, check_aircraft_dirs, number_arg, quantity_arg
from flightsim.errors import ConfigError

if TYPE_CHECKING:
    from flightsim.analysis.envelope import Envelope

_MAX_GRID_VALUES = 10_000
"""The most values one range may give (a guard against a mistyped step)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``envelope`` sub-command."""
    parser = subparsers.add_parser(
        "envelope",
        help="trim envelope over altitude x airspeed (x flaps), in parallel",
        description="Trim AIRCRAFT at every altitude x calibrated airspeed (x flap setting) "
        "and report where it trims, with alpha, throttle and pitch command, and why the "
        "other points do not.",
        epilog="example:\n  flightsim envelope c172p --alt 0:12000:1000 --kcas 50:140:10 "
        "-o out/c172p-envelope.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("aircraft", metavar="AIRCRAFT", help="aircraft name, folder or file")
    parser.add_argument(
        "--alt",
        type=grid_arg("--alt", "FT"),
        default="0:12000:1000",  # argparse converts a string default with type=
        metavar="START:STOP:STEP|A,B,...",
        help="altitudes MSL [ft, or with a unit: '1000 m'] (default 0:12000:1000)",
    )
    parser.add_argument(
        "--kcas",
        type=grid_arg("--kcas", "KTS"),
        default="50:140:10",
        metavar="START:STOP:STEP|A,B,...",
        help="calibrated airspeeds [kt, or with a unit: '40 m/s'] (default 50:140:10)",
    )
    parser.add_argument(
        "--flaps",
        type=grid_arg("--flaps"),
        metavar="A,B,...",
        help="flap commands 0..1 to sweep too (fcs/flap-cmd-norm), e.g. 0,0.5,1",
    )
    parser.add_argument(
        "--setting",
        action="append",
        type=setting_arg,
        metavar="PROP=VALUE[,PROP=VALUE]",
        help="property writes before each trim, one setting per option (repeatable), "
        "e.g. --setting 'propulsion/tank[0]/contents-lbs=10' for weight and CG",
    )
    parser.add_argument(
        "--trim",
        default="full",
        choices=("full", "longitudinal", "glide"),
        help="trim mode (full; glide for an aircraft without engines)",
    )
    parser.add_argument(
        "--workers", type=int, help="worker processes (default: the number of CPUs)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="*.html or *.pdf report, or *.csv of the points"
    )
    parser.add_argument("--json", action="store_true", help="print the points as JSON")
    add_aircraft_dir(parser)
    parser.set_defaults(func=handle)


def grid_arg(name: str, unit: str | None = None) -> Callable[[str], list[float]]:
    """An argparse ``type=``: ``START:STOP:STEP`` (STOP included) or ``A,B,C``.

    With ``unit`` (a JSBSim unit name, ``"FT"``) each value may carry its own unit
    (``"1000 m,2000 m"``, ``"40 m/s:60 m/s:5 m/s"``) and is converted to ``unit``, as
    every other option reads numbers (:func:`~flightsim.cli.common.quantity_arg`); a
    bare value is in ``unit``. Without one the values are plain numbers.
    """
    value_of = quantity_arg(unit, name) if unit is not None else number_arg(name)

    def convert(text: str) -> list[float]:
        parts = text.split(":")
        if len(parts) == 1:
            return [value_of(part) for part in text.split(",")]
        if len(parts) == 3:
            start, stop, step = (value_of(part) for part in parts)
            count = math.floor((stop - start) / step + 1e-9) + 1 if step > 0 else 0
            if stop >= start and 0 < count <= _MAX_GRID_VALUES:
                return [start + i * step for i in range(count)]
        raise argparse.ArgumentTypeError(
            f"{name}: {text!r} is not START:STOP:STEP (step > 0, stop >= start, at most "
            f"{_MAX_GRID_VALUES:,} values) nor a comma list"
        )

    return convert


def setting_arg(text: str) -> dict[str, float]:
    """An argparse ``type=``: ``PROP=VALUE[,PROP=VALUE...]`` as a dict; a value no aircraft
    can have is refused (:func:`flightsim.analysis.settings.refuse_impossible`)."""
    from flightsim.analysis.settings import refuse_impossible

    out = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not sep or not name.strip() or not math.isfinite(number):
            raise argparse.ArgumentTypeError(
                f"--setting: {part!r} is not PROP=VALUE with a finite number"
            )
        out[name.strip()] = number
    try:
        refuse_impossible(out, "--setting")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return out


def handle(args: argparse.Namespace) -> int:
    """Compute the envelope, write or print it; exit code 0 (also when points fail to
    trim), 1 when points were lost to a worker process that died (written anyway)."""
    from flightsim.analysis.envelope import trim_envelope
    from flightsim.analysis.settings import refuse_impossible
    from flightsim.progress import Progress

    check_aircraft_dirs(args.aircraft_dirs)
    suffix = args.output.suffix.lower() if args.output is not None else ""
    if args.output is not None and suffix != ".csv":
        from flightsim.plots.pages import report_format

        report_format(args.output)
    if args.workers is not None and args.workers < 1:
        raise ConfigError(f"--workers {args.workers}: give 1 or more")
    for flap in args.flaps or ():
        refuse_impossible({"fcs/flap-cmd-norm": flap}, "--flaps")
    try:
        with Progress(desc=args.aircraft, unit="point") as bar:
            envelope = trim_envelope(
                args.aircraft,
                args.alt,
                args.kcas,
                settings=args.setting or ({},),
                flaps=args.flaps,
                mode=args.trim,
                workers=args.workers,
                progress=bar,
                aircraft_dirs=args.aircraft_dirs,
            )
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: say that nothing was written
        what, code = interrupted(exc)
        target = f" to {args.output}" if args.output is not None else ""
        print(
            f"flightsim envelope: {what} before every point was trimmed; nothing written"
            f"{target} (the envelope is written once complete: a coarser grid is quicker)",
            file=sys.stderr,
        )
        return code
    if args.json:
        columns = envelope.columns()
        rows = [
            dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)
        ]
        for row in rows:
            for key, value in row.items():
                if isinstance(value, float) and not math.isfinite(value):
                    row[key] = None
            row["trimmed"] = row["trimmed"] == 1.0  # a boolean (the CSV's column is 1/0)
        print(
            json.dumps(
                {
                    "aircraft": envelope.aircraft,
                    "wall_s": envelope.wall_s,
                    "workers": envelope.workers,
                    "points": rows,
                }
            )
        )
    else:
        print(
            f"{envelope.aircraft}: {len(envelope.trimmed)} of {len(envelope.points)} points "
            f"trimmed ({envelope.mode}) in {envelope.wall_s:.1f} s on {envelope.workers} "
            "process(es)"
        )
    code = _report_lost(envelope, args.aircraft)
    if args.output is None:
        return code
    if suffix == ".csv":
        args.output.parent.mkdir(parents=True, exist_ok=True)
        columns = envelope.columns()
        with args.output.open("w", newline="") as handle_:
            writer = csv.writer(handle_)
            writer.writerow(columns)
            writer.writerows(zip(*columns.values(), strict=True))
        written = args.output
    else:
        from flightsim.analysis.report import envelope_report
        from flightsim.plots.pages import write_pages

        written = write_pages(envelope_report(envelope), args.output)
    print(f"wrote {written}", file=sys.stderr if args.json else sys.stdout)
    return code


def _report_lost(envelope: Envelope, aircraft: str) -> int:
    """Say on stderr which points were lost to a dead worker process and how to trim them
    again; exit code 1 when there are any (0: none)."""
    lost = envelope.lost
    if not lost:
        return 0
    print(
        f"flightsim envelope: {len(lost)} of {len(envelope.points)} points lost (their worker "
        "process died; each is in the output as not trimmed, with its reason):",
        file=sys.stderr,
    )
    for point in lost[:5]:
        print(f"  {point.altitude_ft:g} ft, {point.kcas:g} KCAS: {point.reason}", file=sys.stderr)
    if len(lost) > 5:
        print(f"  ... {len(lost) - 5} more", file=sys.stderr)
    alts = ",".join(f"{a:g}" for a in sorted({p.altitude_ft for p in lost}))
    speeds = ",".join(f"{v:g}" for v in sorted({p.kcas for p in lost}))
    print(
        f"  to trim them again: flightsim envelope {aircraft} --alt {alts} --kcas {speeds} "
        "(with the same other options)",
        file=sys.stderr,
    )
    return 1
