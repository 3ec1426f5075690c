"""``flightsim validate``: check JSBSim aircraft and files, report like a compiler.

Exit codes: 0 no error (warnings allowed), 1 errors found (malformed XML
included), 2 an input could not be read at all (missing file, unknown aircraft,
a folder without an aircraft, no permission, a binary file, a file over the
size limit); 2 wins over 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from flightsim.cli.common import add_aircraft_dir, check_aircraft_dirs, time_arg
from flightsim.config.diagnostics import Diagnostic, Severity, has_errors
from flightsim.config.document import load_file
from flightsim.config.rules import RULES, load_rules
from flightsim.config.validator import (
    aircraft_in_folder,
    flightgear_properties,
    locate,
    validate,
)
from flightsim.errors import ConfigError
from flightsim.paths import list_aircraft
from flightsim.sim.child_process import DEFAULT_TIMEOUT_S

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` sub-command."""
    parser = subparsers.add_parser(
        "validate",
        help="check JSBSim aircraft, engine, thruster, system and script files",
        description="Validate aircraft (by name, folder or main file: the whole tree with its "
        "engines, thrusters and systems) and single JSBSim files. Diagnostics are printed as "
        "'file:line:column: severity CODE: message' (see docs/validation.md for every rule). "
        "Exit code 0: no error, 1: errors found, 2: an input could not be read.",
    )
    parser.add_argument(
        "targets", nargs="*", metavar="PATH|NAME", help="aircraft name, folder or any XML file"
    )
    parser.add_argument(
        "--all-bundled", action="store_true", help="validate every aircraft bundled with jsbsim"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="also load each aircraft in JSBSim (child process, crash-safe) and report its errors",
    )
    parser.add_argument(
        "--timeout",
        type=time_arg("--timeout"),
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"with --load: kill JSBSim after this time per aircraft "
        f"(default {DEFAULT_TIMEOUT_S:g} s; '90', '2 min')",
    )
    parser.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="JSBSim root whose engine/ and systems/ folders are searched last "
        "(default: the data bundled with jsbsim)",
    )
    parser.add_argument(
        "--flightgear",
        action="store_true",
        help="read the aircraft as FlightGear loads it: its -set.xml's <aero>, engines and "
        "systems last in its Engine/ and Systems/, FlightGear's properties (/controls/..., "
        "/sim/...) as inputs",
    )
    parser.add_argument(
        "--aircraft-folder",
        type=Path,
        metavar="DIR",
        help="the folder file= references are searched from, when the main file lies "
        "elsewhere (default: found from a -set.xml above the main file, else its folder)",
    )
    parser.add_argument(
        "--no-warnings", action="store_true", help="print errors only (text format)"
    )
    parser.add_argument(
        "--rules", action="store_true", help="list every rule (id, severity, what it finds)"
    )
    add_aircraft_dir(parser)
    parser.set_defaults(func=handle)


def _targets(args: argparse.Namespace) -> list[str]:
    targets = [str(t) for given in args.targets for t in aircraft_in_folder(given)]
    if args.all_bundled:
        targets += [str(loc.main_file) for loc in list_aircraft() if loc.is_bundled]
    return targets


def _check_one(target: str, args: argparse.Namespace) -> tuple[list[Diagnostic], str | None]:
    """The diagnostics of one target, and the load check's verdict when ``--load`` ran."""
    main, folder = locate(target, args.aircraft_dirs, args.aircraft_folder)
    diagnostics = validate(
        target,
        root=args.root,
        aircraft_dirs=args.aircraft_dirs,
        aircraft_folder=args.aircraft_folder,
        flightgear=args.flightgear,
    )
    if not (args.load and _is_aircraft(main)):
        return diagnostics, None
    from flightsim import load_check  # the runner's side: imported only for --load

    provided = (
        flightgear_properties(
            target, args.root, args.aircraft_dirs, aircraft_folder=args.aircraft_folder
        )
        if args.flightgear
        else frozenset()
    )
    result = load_check(
        main,
        root=args.root,
        timeout_s=args.timeout,
        aircraft_dirs=args.aircraft_dirs,
        properties=provided,
        aircraft_folder=folder,
        flightgear=args.flightgear,
    )
    return diagnostics + _located_load_errors(result.diagnostics), result.verdict


def _located_load_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The load check's findings without an FS901 that has no line when other FS901s of
    the same load have one: JSBSim's generic "No filename given." beside the located
    "Could not open file: ..." says nothing more."""
    located = any(d.code == "FS901" and d.line is not None for d in diagnostics)
    return [d for d in diagnostics if not (located and d.code == "FS901" and d.line is None)]


def _is_aircraft(path: Path) -> bool:
    try:
        return load_file(path).kind == "fdm_config"
    except ConfigError:
        return False


def handle(args: argparse.Namespace) -> int:
    """Validate every target; print the diagnostics; return the exit code."""
    check_aircraft_dirs(args.aircraft_dirs)
    if args.root is not None and not args.root.is_dir():
        raise ConfigError(f"--root {args.root}: no such folder")
    if args.rules:
        load_rules()
        for rule in sorted(RULES.values(), key=lambda r: r.code):
            print(f"{rule.code}  {rule.severity.value:<7}  {rule.title}")
        return EXIT_OK
    targets = _targets(args)
    if not targets:
        raise ConfigError(
            "nothing to validate: give aircraft names, folders or files, or --all-bundled"
        )
    found: list[Diagnostic] = []
    seen: set[Diagnostic] = set()
    loads: list[str] = []
    unreadable = 0
    for target in _with_progress(targets):
        try:
            diagnostics, load = _check_one(target, args)
        except ConfigError as exc:
            unreadable += 1
            print(f"flightsim validate: error: {exc}", file=sys.stderr)
            continue
        if load is not None:
            loads.append(load)
        for d in diagnostics:
            if d not in seen:
                seen.add(d)
                found.append(d)
    if args.format == "json":
        json.dump([d.to_json() for d in found], sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        shown = [d for d in found if not args.no_warnings or d.severity is Severity.ERROR]
        for d in shown:
            print(d)
        for load in loads:
            print(f"load check: {load}")
        print(_summary(found, len(targets) - unreadable, unreadable))
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if has_errors(found) else EXIT_OK


def _summary(found: list[Diagnostic], checked: int, unreadable: int) -> str:
    """``2 targets checked: 1 error, 3 warnings`` (and how many could not be read)."""
    could_not = f"{_targets_text(unreadable)} could not be read (errors on stderr)"
    if not checked:
        return f"nothing checked: {could_not}"
    counts = {s: sum(d.severity is s for d in found) for s in Severity}
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s]]
    text = f"{_targets_text(checked)} checked: {', '.join(parts) if parts else 'no problems found'}"
    return f"{text}; {could_not}" if unreadable else text


def _targets_text(count: int) -> str:
    return f"{count} target{'s' if count != 1 else ''}"


def _with_progress(targets: list[str]) -> Iterable[str]:
    """The targets, counted on a progress bar when there are several (tqdm is
    imported only then: one aircraft's validation stays a quick command)."""
    if len(targets) < 2:
        return targets
    from flightsim.progress import tracked

    return tracked(targets, desc="validate", unit="target")
