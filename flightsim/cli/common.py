"""Argument types, options and checks shared by the run-side sub-commands.

argparse ``type=`` functions here raise ``argparse.ArgumentTypeError`` with a
message that starts with the option name; the command's parser
(:class:`flightsim.cli.OneLineParser`) prints it as one line, exit code 2.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flightsim.cli import interrupted
from flightsim.errors import ConfigError, SimulationError, UnitError
from flightsim.units import TIME_UNITS_S, parse_quantity

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
    elif unit in TIME_UNITS_S:
        value *= TIME_UNITS_S[unit]
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


def count_arg(name: str, low: int = 1) -> Callable[[str], int]:
    """An argparse ``type=`` for a whole number >= ``low`` (of steps, of worker processes;
    a seed, from 0)."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: {text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{name}: {text!r} must be a whole number >= {low}")
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
    """Every ``--aircraft-dir`` must be an existing folder (the library's own check,
    :func:`~flightsim.paths.folder_list`, before anything else is done)."""
    from flightsim.paths import folder_list  # lxml: not at the command line's start

    folder_list(dirs)


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


def check_output_dir(path: Path, what: str) -> None:
    """``-o/--output-dir`` must name a folder (created when missing), not a file."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"-o {path}: takes a folder ({what}), and this is a file")


@contextmanager
def data_kept(command: str, path: Path) -> Iterator[None]:
    """Around a run streaming to ``path``: a failure or a stop says where the data is.

    A :class:`~flightsim.errors.SimulationError` goes on (after a line naming
    ``path``) to the dispatcher's one-line message, exit code 1. Ctrl-C or
    SIGTERM ends the command here: ``flightsim run: interrupted; data so far in
    out/run.csv``, exit code 130 (143 after SIGTERM).
    """
    try:
        yield
    except SimulationError:
        if path.exists():
            print(f"flightsim {command}: data until the failure is in {path}", file=sys.stderr)
        raise
    except KeyboardInterrupt as exc:
        what, code = interrupted(exc)
        where = f"data so far in {path}" if path.exists() else "no data written yet"
        print(f"flightsim {command}: {what}; {where}", file=sys.stderr)
        raise SystemExit(code) from None
