"""Negative values after an option: ``--alt -2000,-500`` is a value, not an unknown option.

argparse took only a bare number (``-500``) so; a list, a range, a unit or an
exponent needed ``--alt=-2000,-500``. Each command that takes numbers is run for real.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

from usage_errors import assert_one_line_error

from flightsim.cli import command_parser

if TYPE_CHECKING:  # "conftest" is whichever folder's was imported first when run
    from tests.cli.conftest import RunCli


def _altitudes(path: Path) -> list[float]:
    with path.open(newline="") as stream:
        return [float(row["altitude-ft"]) for row in csv.DictReader(stream)]


def test_envelope_takes_a_negative_list_and_range(cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    code, _, err = cli(
        "envelope", "c172p", "--alt", "-2000,-500", "--kcas", "80", "--workers", "1", "-o", str(out)
    )
    assert code == 0, err
    assert _altitudes(out) == [-2000.0, -500.0]
    out = tmp_path / "range.csv"
    code, _, err = cli(
        "envelope",
        "c172p",
        "--alt",
        "-1000:0:500",
        "--kcas",
        "80",
        "--workers",
        "1",
        "-o",
        str(out),
    )
    assert code == 0, err
    assert _altitudes(out) == [-1000.0, -500.0, 0.0]


def test_run_takes_negative_values_with_units(cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "run.csv"
    code, _, err = cli(
        "run", "--aircraft", "c172p", "--lat", "-33.9deg", "--lon", "-122.3deg",
        "--duration", "0.1", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    meta = json.loads((tmp_path / "run.meta.json").read_text())
    assert (meta["ic/latitude_deg"], meta["ic/longitude_deg"]) == (-33.9, -122.3)
    args = command_parser("run").parse_args(["--gamma", "-3deg", "--wind-from", "-1e1"])
    assert (args.gamma, args.wind_from) == (-3.0, -10.0)


def test_analyze_takes_a_negative_exponent(cli: RunCli) -> None:
    """-1e3 ft reaches the trim, which refuses an altitude below the terrain."""
    code, out, err = cli("analyze", "c172p", "--alt", "-1e3")
    assert_one_line_error(code, out, err, "flightsim analyze", "altitude -1000 ft MSL is below")


def test_mistakes_are_still_named(cli: RunCli) -> None:
    """A unit left unquoted and a mistyped option keep their hints."""
    code, out, err = cli("run", "--alt", "-500", "ft")
    message = (
        "unexpected argument 'ft' after --alt -500: quote a value with a unit, --alt '-500 ft'"
    )
    assert_one_line_error(code, out, err, "flightsim run", message)
    code, out, err = cli("envelope", "c172p", "--altt", "-2000,-500")
    assert_one_line_error(code, out, err, "flightsim envelope", "unknown option --altt")
    code, out, err = cli("envelope", "c172p", "--alt", "-2000,x")
    assert_one_line_error(
        code, out, err, "flightsim envelope", "--alt: cannot read 'x' as a quantity"
    )
