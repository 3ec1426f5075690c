"""``flightsim generate``: build a JSBSim aircraft folder from a TOML spec."""

from __future__ import annotations

import argparse
from pathlib import Path

from flightsim.config import Severity, validate
from flightsim.design.generation import generate
from flightsim.design.spec import AircraftSpec, load_spec
from flightsim.units import FT_M, KT_M_S


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``generate`` sub-command."""
    parser = subparsers.add_parser(
        "generate",
        help="generate a flyable JSBSim aircraft from a TOML spec",
        description="Estimate a complete flight model from a compact aircraft spec (see "
        "docs/generating.md) and write DIR/<name>/: <name>.xml, Engines/ and Systems/. "
        "The same spec always gives byte-identical files. The result is validated and the "
        "validator's errors and warnings shown; exit code 1 when it finds errors, 2 for a "
        "bad spec.",
    )
    parser.add_argument("spec", type=Path, metavar="SPEC.toml", help="the aircraft spec")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="folder to write <name>/ into (default: the spec's folder; a spec already in "
        "its <name>/ folder is generated in place)",
    )
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Generate, list the files written, validate (errors and warnings shown); exit code 0,
    or 1 on validator errors."""
    spec = load_spec(args.spec)
    written = generate(args.spec, args.output)
    for path in written:
        print(path)
    folder = next(p.parent for p in written if p.name == f"{spec.name}.xml")
    shown = [d for d in validate(folder) if d.severity is not Severity.INFO]
    for diagnostic in shown:
        print(diagnostic)
    errors = sum(d.severity is Severity.ERROR for d in shown)
    warnings = len(shown) - errors
    warned = f", {warnings} warning{'s' * (warnings != 1)} (above)" if warnings else ""
    print(
        f"{spec.name}: {len(written)} files in {folder}, "
        f"{errors} validator error{'s' * (errors != 1)}{warned}; fly it with "
        f"'flightsim run --aircraft {spec.name} --aircraft-dir {folder.parent} "
        f"{_trimmed_start(spec)}'"
    )
    return 1 if errors else 0


def _trimmed_start(spec: AircraftSpec) -> str:
    """``flightsim run`` options that start ``spec`` trimmed where the fly-out trims it:
    level at its cruise, or (a glider) gliding at 1.3 Vs at 3000 ft."""
    perf = spec.performance
    if spec.propulsion.engine == "none":
        return f"--alt 3000 --kcas {1.3 * perf.stall_speed / KT_M_S:.0f} --trim glide"
    return f"--alt {perf.cruise_altitude / FT_M:.0f} --ktas {perf.cruise_speed / KT_M_S:.0f} --trim"
