"""``flightsim aircraft``: list the aircraft flightsim can find, and where each comes from."""

from __future__ import annotations

import argparse

from flightsim.cli.common import add_aircraft_dir, check_aircraft_dirs
from flightsim.paths import list_aircraft


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``aircraft`` sub-command."""
    parser = subparsers.add_parser(
        "aircraft",
        description="List every aircraft found, first match wins: --aircraft-dir folders "
        "(user), the project's aircraft/ folder (project), then JSBSim's bundled data "
        "(bundled).",
    )
    add_aircraft_dir(parser)
    parser.add_argument(
        "--source",
        choices=("user", "project", "bundled"),
        help="only list aircraft from this source",
    )
    parser.add_argument(
        "--paths", action="store_true", help="also print the main XML file of each aircraft"
    )
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """List the aircraft; exit code 0."""
    check_aircraft_dirs(args.aircraft_dirs)
    found = [
        loc
        for loc in list_aircraft(args.aircraft_dirs)
        if args.source is None or loc.source == args.source
    ]
    width = max((len(loc.name) for loc in found), default=4)
    for loc in found:
        line = f"{loc.name:<{width}}  {loc.source:<7}"
        if args.paths:
            line += f"  {loc.main_file}"
        print(line.rstrip())
    counts = {s: sum(loc.source == s for loc in found) for s in ("user", "project", "bundled")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    print(f"{len(found)} aircraft ({summary or 'none'})")
    return 0
