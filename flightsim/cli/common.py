"""Argument types and options shared by the run-side sub-commands.

argparse ``type=`` functions here raise ``argparse.ArgumentTypeError`` with a
message that starts with the option name; the command's parser
(:class:`flightsim.cli.OneLineParser`) prints it as one line, exit code 2.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from flightsim.errors import ConfigError, UnitError
from flightsim.recording import Recording
from flightsim.units import parse_quantity

_TIME_UNITS_S = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1.0),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), 60.0),
    **dict.fromkeys(("h", "hr", "hour", "hours"), 3600.0),
    "ms": 1e-3,
}
DEFAULT_RECORD = "state,flight,controls,aero,propulsion"
"""What ``run`` and ``script`` record by default: every property the report plots."""
_TIME = re.compile(
    r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"  # number
    r"(?:\s*/\s*((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))?"  # optional "/denominator"
    r"\s*([a-zA-Z]*)\s*$"  # optional unit
)


def parse_time_s(text: str, *, name: str = "time", rate: bool = False) -> float:
    """Read a positive time [s]: ``"60"``, ``"90 s"``, ``"2 min"``, ``"1/120"``.

    With ``rate=True`` (a time step) a value in Hz gives its period
    (``"120 Hz"`` -> 1/120 s). Raises :class:`~flightsim.errors.UnitError` for
    anything else, NaN, <= 0, a zero denominator, or digits with underscores.
    """
    if "_" in text:  # float() would read "4000_0" as 40000
        raise UnitError(f"{name}: cannot read {text!r} as a time; write e.g. '60', '90 s'")
    try:
        bare = float(text)
    except ValueError:
        pass
    else:
        if not (math.isfinite(bare) and bare > 0.0):
            raise UnitError(f"{name}: {text!r} must be a finite time > 0")
        return bare
    match = _TIME.match(text)
    if not match:
        raise UnitError(f"{name}: cannot read {text!r} as a time; write e.g. '60', '90 s', '1/120'")
    value = float(match.group(1))
    if match.group(2) is not None:
        denominator = float(match.group(2))
        if denominator == 0.0:
            raise UnitError(f"{name}: {text!r} divides by zero; write e.g. '1/120'")
        value /= denominator
    unit = match.group(3).lower()
    if unit == "hz" and not rate:
        raise UnitError(f"{name}: {text!r} is a rate, not a time; write e.g. '60 s'")
    if unit == "hz":  # a rate: its period
        value = 1.0 / value if value > 0.0 else math.nan
    elif unit in _TIME_UNITS_S:
        value *= _TIME_UNITS_S[unit]
    elif unit:
        units = "s, min, h, ms or Hz" if rate else "s, min, h or ms"
        raise UnitError(f"{name}: unknown time unit {match.group(3)!r}; use {units}")
    if not (math.isfinite(value) and value > 0.0):
        raise UnitError(f"{name}: {text!r} must be a finite time > 0")
    return value


def time_arg(name: str, *, rate: bool = False) -> Callable[[str], float]:
    """An argparse ``type=`` reading a time with :func:`parse_time_s` (a rate if ``rate``)."""

    def convert(text: str) -> float:
        try:
            return parse_time_s(text, name=name, rate=rate)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def quantity_arg(unit: str, name: str) -> Callable[[str], float]:
    """An argparse ``type=`` accepting a number in ``unit`` or a quantity (``"1200 m"``).

    Returns the value converted to ``unit``; NaN, infinities and unknown units
    are rejected.
    """

    def convert(text: str) -> float:
        if "_" in text:  # float() would read "4000_0" as 40000
            raise argparse.ArgumentTypeError(f"{name}: cannot read {text!r} as a number")
        try:
            value: float | str = float(text)  # a bare number, possibly 'nan' or 'inf'
        except ValueError:
            value = text
        try:
            return parse_quantity(value, unit, name=name)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def number_arg(name: str) -> Callable[[str], float]:
    """An argparse ``type=`` for a finite number (ranges are checked where it is used)."""

    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: {text!r} is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{name}: {text!r} must be a finite number")
        return value

    return convert


def positive_float(name: str) -> Callable[[str], float]:
    """An argparse ``type=`` for a finite number > 0 (e.g. a pacing speed factor)."""
    finite = number_arg(name)

    def convert(text: str) -> float:
        value = finite(text)
        if value <= 0.0:
            raise argparse.ArgumentTypeError(f"{name}: {text!r} must be a finite number > 0")
        return value

    return convert


def steps_arg(name: str) -> Callable[[str], int]:
    """An argparse ``type=`` for a whole number of steps >= 1."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: {text!r} is not a whole number") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name}: {text!r} must be a whole number >= 1")
        return value

    return convert


def add_aircraft_dir(parser: argparse.ArgumentParser) -> None:
    """Add ``--aircraft-dir DIR`` (repeatable): folders holding ``<name>/<name>.xml``."""
    parser.add_argument(
        "--aircraft-dir",
        dest="aircraft_dirs",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="extra folder holding <name>/<name>.xml aircraft, searched first (repeatable)",
    )


def add_no_guard(parser: argparse.ArgumentParser) -> None:
    """Add ``--no-guard``: skip the crash-safe load check (``guard=False``)."""
    parser.add_argument(
        "--no-guard",
        dest="guard",
        action="store_false",
        default=None,
        help="load an aircraft not bundled with JSBSim without the crash-safe check",
    )


def add_record(parser: argparse.ArgumentParser, default: str | None) -> None:
    """Add ``--record PRESET|PROP,...``."""
    parser.add_argument(
        "--record",
        default=default,
        metavar="PRESET|PROP,...",
        help="what to record: a preset (state, flight, controls, aero, propulsion) or a "
        "comma-separated list of JSBSim properties and presets"
        + (f" (default: {default})" if default else ""),
    )


def check_aircraft_dirs(dirs: list[Path]) -> None:
    """Every ``--aircraft-dir`` must be an existing folder."""
    for directory in dirs:
        if not directory.is_dir():
            raise ConfigError(f"--aircraft-dir {directory}: no such folder")


def summary_line(label: str, text: str) -> str:
    """One aligned line of a command's summary: ``"altitude      3990 to 4010 ft MSL"``."""
    return f"{label:<14}{text}"


def flight_summary(rec: Recording, simulated_s: float | None = None) -> list[str]:
    """Short lines describing a recording: duration, and ranges of what it holds.

    ``simulated_s`` is the simulated time [s] (the recorded span when None).
    Altitude [ft], airspeed [KCAS], bank [deg] and heading change [deg] are
    reported when their properties (``position/h-sl-ft``, ``velocities/vc-kts``,
    ``attitude/phi-deg``, ``attitude/psi-deg``) were recorded.
    """
    duration_s = rec.duration_s if simulated_s is None else simulated_s
    lines = [summary_line("duration", f"{duration_s:.2f} s simulated, {len(rec)} rows")]
    if len(rec) == 0:
        return lines
    if "position/h-sl-ft" in rec:
        h = rec["position/h-sl-ft"]
        lines.append(summary_line("altitude", f"{np.nanmin(h):.0f} to {np.nanmax(h):.0f} ft MSL"))
    if "velocities/vc-kts" in rec:
        v = rec["velocities/vc-kts"]
        lines.append(summary_line("airspeed", f"{np.nanmin(v):.1f} to {np.nanmax(v):.1f} KCAS"))
    if "attitude/phi-deg" in rec:
        bank = float(np.nanmax(np.abs(rec["attitude/phi-deg"])))
        lines.append(summary_line("max bank", f"{bank:.1f} deg"))
    if "attitude/psi-deg" in rec:
        change = no_negative_zero(round(heading_change_deg(rec["attitude/psi-deg"]), 1))
        lines.append(summary_line("heading", f"{change:+.1f} deg change"))
    return lines


def heading_change_deg(psi_deg: np.ndarray) -> float:
    """Net heading change [deg] over a heading history in [0, 360), unwrapped (right turn > 0)."""
    if len(psi_deg) < 2:
        return 0.0
    unwrapped = np.unwrap(np.radians(psi_deg))
    return float(np.degrees(unwrapped[-1] - unwrapped[0]))


def no_negative_zero(value: float) -> float:
    """``value`` with a negative zero made positive (so it prints ``0``, not ``-0``)."""
    return value + 0.0


def check_record(record: str | None) -> None:
    """A ``--record`` that names nothing (``""``, ``","``) is refused."""
    if record is not None and not record.replace(",", "").strip():
        raise ConfigError(
            f"--record {record!r}: nothing to record; give a preset (state, flight, "
            "controls, aero, propulsion) or properties"
        )


def check_csv_output(path: Path) -> None:
    """``-o`` of ``run`` must be a ``.csv`` file (its metadata goes to ``<stem>.meta.json``)."""
    if str(path) == "-":
        raise ConfigError("-o -: cannot stream to stdout; write to a file (e.g. -o out/run.csv)")
    if path.suffix.lower() != ".csv":
        raise ConfigError(
            f"-o {path}: the output must be a .csv file (e.g. -o out/run.csv); "
            "its metadata goes beside it as <stem>.meta.json"
        )
