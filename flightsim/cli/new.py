"""``flightsim new``: write a starter aircraft spec for ``flightsim generate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from flightsim.design.spec import CLASSES
from flightsim.design.starter import starter_spec
from flightsim.errors import ConfigError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``new`` sub-command."""
    parser = subparsers.add_parser(
        "new",
        help="write a starter aircraft spec (TOML) of a class",
        description="Write DIR/NAME/NAME.toml, a spec of the chosen class filled with a real "
        "type's data from the shipped fleet, to edit and then build with 'flightsim generate'.",
    )
    parser.add_argument("name", metavar="NAME", help="the aircraft's name (letters, digits, - _)")
    parser.add_argument(
        "--class", dest="aircraft_class", required=True, choices=CLASSES, help="aircraft class"
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("."), metavar="DIR", help="folder (default: .)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing spec")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Write the starter spec; exit code 0 (2 when it exists and --force is not given)."""
    _, text = starter_spec(args.aircraft_class, args.name)
    target = Path(args.output) / args.name / f"{args.name}.toml"
    if target.exists() and not args.force:
        raise ConfigError(f"{target} exists; choose another name or pass --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(target)
    print(f"next: edit it, then 'flightsim generate {target}'")
    return 0
