"""``flightsim run``: fly an aircraft from given initial conditions and record it to CSV."""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from flightsim import InitialConditions, Simulation
from flightsim.cli.common import (
    DEFAULT_RECORD,
    add_aircraft_dir,
    add_no_guard,
    add_record,
    check_aircraft_dirs,
    check_csv_output,
    check_record,
    count_arg,
    data_kept,
    number_arg,
    positive_float,
    quantity_arg,
    time_arg,
)
from flightsim.cli.summary import flight_summary, summary_line, wrote_line
from flightsim.errors import ConfigError
from flightsim.progress import Progress

TRIM_MODES = ("full", "longitudinal", "ground", "glide")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``run`` sub-command."""
    parser = subparsers.add_parser(
        "run",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Fly an aircraft from the given initial conditions for a fixed time,\n"
        "recording properties to a CSV streamed to disk while running (a killed run\n"
        "keeps its data). Numbers accept units: --alt '1200 m', --kcas '51 m/s',\n"
        "--heading '1.5 rad'; bare numbers are ft, kt and deg. Times accept '90 s',\n"
        "'2 min', '1/120'. Without initial conditions: 4000 ft MSL, 100 KCAS, heading 0.",
        epilog="example:\n  flightsim run --aircraft c172p --alt 4000 --kcas 100 --heading 90 \\\n"
        "      --trim --duration 60 --record state -o out/run.csv",
    )
    parser.add_argument("--aircraft", default="c172p", help="aircraft name (default: c172p)")
    add_aircraft_dir(parser)
    ic = parser.add_argument_group("initial conditions")
    ic.add_argument(
        "--ic",
        metavar="FILE|NAME",
        help="a JSBSim initialization file, or its name in the aircraft's folder "
        "(e.g. reset01), instead of the options below",
    )
    altitude = ic.add_mutually_exclusive_group()
    altitude.add_argument(
        "--alt", type=quantity_arg("FT", "--alt"), help="altitude MSL (default 4000 ft)"
    )
    altitude.add_argument("--agl", type=quantity_arg("FT", "--agl"), help="altitude above ground")
    altitude.add_argument(
        "--on-ground",
        action="store_true",
        help="start on the gear at the terrain, engines off (with --trim ground)",
    )
    speed = ic.add_mutually_exclusive_group()
    speed.add_argument(
        "--kcas", type=quantity_arg("KTS", "--kcas"), help="calibrated airspeed (default 100 kt)"
    )
    speed.add_argument("--ktas", type=quantity_arg("KTS", "--ktas"), help="true airspeed")
    speed.add_argument("--mach", type=number_arg("--mach"), help="Mach number")
    ic.add_argument(
        "--heading", type=quantity_arg("DEG", "--heading"), help="true heading (default 0 deg)"
    )
    ic.add_argument(
        "--gamma",
        type=quantity_arg("DEG", "--gamma"),
        help="flight-path angle, climb positive (default 0 deg)",
    )
    ic.add_argument("--lat", type=quantity_arg("DEG", "--lat"), help="geodetic latitude")
    ic.add_argument("--lon", type=quantity_arg("DEG", "--lon"), help="longitude")
    ic.add_argument("--wind-speed", type=quantity_arg("KTS", "--wind-speed"), help="wind [kt]")
    ic.add_argument(
        "--wind-from",
        type=quantity_arg("DEG", "--wind-from"),
        help="where the wind blows from, true (deg)",
    )
    parser.add_argument(
        "--trim",
        nargs="?",
        const="full",
        choices=TRIM_MODES,
        help="trim before flying (mode, default full)",
    )
    parser.add_argument(
        "--duration", type=time_arg("--duration"), default=60.0, help="sim time (default 60 s)"
    )
    parser.add_argument(
        "--dt",
        type=time_arg("--dt", rate=True),
        default=1.0 / 120.0,
        help="time step, at most 0.05 s (default 1/120 s; also a rate: '120 Hz')",
    )
    add_record(parser, default=DEFAULT_RECORD)
    parser.add_argument(
        "--record-every",
        type=count_arg("--record-every"),
        default=1,
        metavar="N",
        help="record every N steps (default 1)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("out/run.csv"),
        help="CSV file to write (default out/run.csv)",
    )
    parser.add_argument("--realtime", action="store_true", help="pace the run to the wall clock")
    parser.add_argument(
        "--speed",
        type=positive_float("--speed"),
        help="pace at this multiple of real time (implies --realtime)",
    )
    parser.add_argument(
        "--no-crash-stop",
        dest="stop_on_crash",
        action="store_false",
        help="fly on after ground contact (NaN/inf in the state still stops the run)",
    )
    add_no_guard(parser)
    parser.set_defaults(func=handle)


IC_OPTIONS = {
    "altitude_ft": "--alt",
    "altitude_agl_ft": "--agl",
    "on_ground": "--on-ground",
    "kcas": "--kcas",
    "ktas": "--ktas",
    "mach": "--mach",
    "heading_deg": "--heading",
    "flight_path_deg": "--gamma",
    "latitude_deg": "--lat",
    "longitude_deg": "--lon",
    "wind_speed_kts": "--wind-speed",
    "wind_from_deg": "--wind-from",
}
"""InitialConditions field -> the option that sets it."""
_IC_ARGS = {field: option[2:].replace("-", "_") for field, option in IC_OPTIONS.items()}


def initial_conditions(args: argparse.Namespace) -> InitialConditions | str:
    """The initial conditions of the command line: ``--ic`` (returned as given) or typed.

    Without altitude or speed: 4000 ft MSL and 100 KCAS (on the ground: 0 ft
    AGL, at rest). Errors name the options, not the Python fields.
    """
    given = {f: getattr(args, a) for f, a in _IC_ARGS.items()}
    given = {f: v for f, v in given.items() if v is not None and v is not False}
    if args.ic is not None:
        if given:
            options = ", ".join(IC_OPTIONS[f] for f in given)
            raise ConfigError(f"--ic gives the initial conditions: drop {options}")
        return str(args.ic)
    airborne = not args.on_ground
    if airborne and "altitude_agl_ft" not in given:
        given.setdefault("altitude_ft", 4000.0)
    if airborne and not {"kcas", "ktas", "mach"} & given.keys():
        given["kcas"] = 100.0
    try:
        return InitialConditions(**given)
    except ConfigError as exc:
        message = str(exc).replace("initial condition ", "")
        for field, option in IC_OPTIONS.items():  # whole words: "kcas" is in "--kcas"
            message = re.sub(rf"(?<![\w-]){field}\b", option, message)
        raise ConfigError(message) from None


def handle(args: argparse.Namespace) -> int:
    """Fly, stream the CSV, print a summary; exit code 0."""
    check_aircraft_dirs(args.aircraft_dirs)
    check_record(args.record)
    check_csv_output(args.output)
    if args.on_ground and args.trim in ("full", "longitudinal"):
        raise ConfigError(
            f"--on-ground with --trim {args.trim}: an aircraft standing on its gear trims "
            "with --trim ground"
        )
    realtime = args.realtime or args.speed is not None
    with Simulation(
        args.aircraft,
        ic=initial_conditions(args),
        dt_s=args.dt,
        aircraft_dirs=tuple(args.aircraft_dirs),
        record=args.record,
        record_every=args.record_every,
        stream_csv=args.output,
        realtime=realtime,
        speed=args.speed or 1.0,
        stop_on_crash=args.stop_on_crash,
        guard=args.guard,
    ) as sim:
        if args.trim:
            result = sim.trim(mode=args.trim)
            throttles = ", ".join(f"{t:.3f}" for t in result.throttles)
            print(
                f"trim ({args.trim}): alpha {result.alpha_deg:.2f} deg, pitch command "
                f"{result.elevator:+.3f}, throttle {throttles or '-'}"
            )
        start = time.perf_counter()
        with (
            data_kept("run", args.output),
            Progress(desc=sim.aircraft.name, unit="s sim", min_wall_s=2.0) as bar,
        ):
            rec = sim.run(args.duration, progress=bar)
        wall_s = time.perf_counter() - start
        print(
            f"{sim.aircraft.name} ({sim.aircraft.source}): {sim.time_s:.2f} s simulated in "
            f"{wall_s:.2f} s wall, {sim.steps} steps of {sim.dt_s:.6g} s"
        )
        if realtime:
            print(summary_line("pacing", str(sim.pacing_report)))
    for line in flight_summary(rec, simulated_s=sim.time_s):
        print(line)
    print(wrote_line(args.output, record_every_option=True))
    return 0
