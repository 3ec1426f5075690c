"""Argument types and options shared by the run-side sub-commands.

argparse ``type=`` functions here raise ``argparse.ArgumentTypeError`` so that
a bad value is reported by argparse (usage line, exit code 2) with our message.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from flightsim.errors import ConfigError, UnitError
from flightsim.sim.recording import Recording
from flightsim.units import parse_quantity

_TIME_UNITS_S = {"s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0, "ms": 1e-3}
_TIME = re.compile(
    r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"  # number
    r"(?:\s*/\s*((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))?"  # optional "/denominator"
    r"\s*([a-zA-Z]*)\s*$"  # optional unit
)


def parse_time_s(text: str, *, name: str = "time") -> float:
    """Read a positive time [s]: ``"60"``, ``"90 s"``, ``"2 min"``, ``"1/120"``, ``"120 Hz"``.

    A value in Hz is a rate and gives its period (``"120 Hz"`` -> 1/120 s).
    Raises :class:`~flightsim.errors.UnitError` for anything else, NaN, or <= 0.
    """
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
        value /= float(match.group(2))
    unit = match.group(3).lower()
    if unit == "hz":  # a rate: its period
        value = 1.0 / value if value > 0.0 else math.nan
    elif unit in _TIME_UNITS_S:
        value *= _TIME_UNITS_S[unit]
    elif unit:
        raise UnitError(f"{name}: unknown time unit {match.group(3)!r}; use s, min, h, ms or Hz")
    if not (math.isfinite(value) and value > 0.0):
        raise UnitError(f"{name}: {text!r} must be a finite time > 0")
    return value


def time_arg(name: str) -> Callable[[str], float]:
    """An argparse ``type=`` reading a time with :func:`parse_time_s`."""

    def convert(text: str) -> float:
        try:
            return parse_time_s(text, name=name)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def quantity_arg(unit: str, name: str) -> Callable[[str], float]:
    """An argparse ``type=`` accepting a number in ``unit`` or a quantity (``"1200 m"``).

    Returns the value converted to ``unit``; NaN, infinities and unknown units
    are rejected.
    """

    def convert(text: str) -> float:
        try:
            value: float | str = float(text)  # a bare number, possibly 'nan' or 'inf'
        except ValueError:
            value = text
        try:
            return parse_quantity(value, unit, name=name)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def positive_float(name: str) -> Callable[[str], float]:
    """An argparse ``type=`` for a finite number > 0 (e.g. a pacing speed factor)."""

    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: {text!r} is not a number") from None
        if not (math.isfinite(value) and value > 0.0):
            raise argparse.ArgumentTypeError(f"{name}: {text!r} must be a finite number > 0")
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


def add_record(parser: argparse.ArgumentParser, default: str | None) -> None:
    """Add ``--record PRESET|PROP,...``."""
    parser.add_argument(
        "--record",
        default=default,
        metavar="PRESET|PROP,...",
        help="what to record: a preset (state, controls, aero, propulsion) or a "
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


def flight_summary(rec: Recording) -> list[str]:
    """Short lines describing a recording: duration, and ranges of what it holds.

    Altitude [ft], airspeed [KCAS], bank [deg] and heading change [deg] are
    reported when their properties (``position/h-sl-ft``, ``velocities/vc-kts``,
    ``attitude/phi-deg``, ``attitude/psi-deg``) were recorded.
    """
    lines = [summary_line("duration", f"{rec.duration_s:.2f} s simulated, {len(rec)} rows")]
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
        change = heading_change_deg(rec["attitude/psi-deg"]) + 0.0  # no "-0.0"
        lines.append(summary_line("heading", f"{change:+.1f} deg change"))
    return lines


def heading_change_deg(psi_deg: np.ndarray) -> float:
    """Net heading change [deg] over a heading history in [0, 360), unwrapped (right turn > 0)."""
    if len(psi_deg) < 2:
        return 0.0
    unwrapped = np.unwrap(np.radians(psi_deg))
    return float(np.degrees(unwrapped[-1] - unwrapped[0]))
