"""``flightsim props``: the property catalog of an aircraft, with units and values."""

from __future__ import annotations

import argparse
import fnmatch

from flightsim import Simulation
from flightsim.cli.common import add_aircraft_dir, add_no_guard, check_aircraft_dirs
from flightsim.cli.summary import no_negative_zero, plural
from flightsim.errors import NotFoundError

_GLOB_CHARS = frozenset("*?[")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``props`` sub-command."""
    parser = subparsers.add_parser(
        "props",
        description="Load the aircraft, apply its initial conditions and list its JSBSim "
        "properties with their unit (from the name's suffix), their value and whether "
        "they are writable. PATTERN filters: a glob ('fcs/*-cmd-norm') or a substring "
        "('alpha'), case-insensitive.",
        epilog="example: flightsim props c172p 'fcs/*-cmd-norm'",
    )
    parser.add_argument("aircraft", metavar="AIRCRAFT", help="aircraft name, folder or file")
    parser.add_argument("pattern", nargs="?", default="", help="glob or substring filter")
    add_aircraft_dir(parser)
    add_no_guard(parser)
    parser.set_defaults(func=handle)


def matches(name: str, pattern: str) -> bool:
    """True when ``name`` matches ``pattern``: a glob if it has ``*?[``, else a substring."""
    if not pattern:
        return True
    if _GLOB_CHARS & set(pattern):
        return fnmatch.fnmatchcase(name.lower(), pattern.lower())
    return pattern.lower() in name.lower()


def handle(args: argparse.Namespace) -> int:
    """Print the matching properties; exit code 0 (2 when nothing matches)."""
    check_aircraft_dirs(args.aircraft_dirs)
    with Simulation(
        args.aircraft, aircraft_dirs=tuple(args.aircraft_dirs), record=None, guard=args.guard
    ) as sim:
        infos = [p for p in sim.properties("") if matches(p.name, args.pattern)]
    if not infos:
        raise NotFoundError(
            f"no property of {args.aircraft} matches '{args.pattern}'; "
            "try a shorter substring or a glob such as 'fcs/*'"
        )
    width = max(len(p.name) for p in infos)
    unit_width = max(4, *(len(p.unit) for p in infos))
    print(f"{'property':<{width}}  {'unit':<{unit_width}}  {'value':>14}  access")
    for p in infos:
        access = "RW" if p.writable else "R"
        value = no_negative_zero(p.value)
        print(f"{p.name:<{width}}  {p.unit or '-':<{unit_width}}  {value:>14.6g}  {access}")
    print(plural(len(infos), "property", "properties"))
    return 0
