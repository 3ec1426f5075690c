"""Trim advice on the command line in its words, for every command that can show one.

The library advises ``mode='glide'``, ``mode='full'`` and ``mode='ground'``; the
trial found ``flightsim analyze`` printing "trims with mode='glide'" where ``run``
said "--trim glide". Each command says what it takes: ``--trim`` (run, analyze,
envelope), a key of the batch file's [case] (sweep), ``<trim>`` in the
initialization file (script), or nothing it cannot take.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from flightsim import InitialConditions, Simulation
from flightsim.cli.hints import cli_message
from flightsim.errors import TrimError

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture of conftest.py

GLIDER = ("sgs126", "--alt", "3000", "--kcas", "50")  # no engine: JSBSim's trim fails on udot


def test_run_says_trim_glide(cli: Cli) -> None:
    code, _, err = cli("run", "--aircraft", "sgs126", "--kcas", "50", "--trim", "full")
    assert code == 1
    assert "An aircraft without engines (a glider) trims with --trim glide." in err
    assert "mode=" not in err


def test_analyze_says_trim_glide(cli: Cli) -> None:
    code, _, err = cli("analyze", *GLIDER)
    assert code == 1
    assert err.startswith("flightsim analyze: error: trim 'full' failed: ")
    assert err.endswith("An aircraft without engines (a glider) trims with --trim glide.\n")
    assert "mode=" not in err


def test_analyze_in_a_longitudinal_trim_says_trim_full(cli: Cli) -> None:
    # beyond full power at 12,000 ft: the throttle cannot balance the drag
    code, _, err = cli(
        "analyze", "c172p", "--alt", "12000", "--kcas", "140", "--trim", "longitudinal"
    )
    assert code == 1
    assert "For a power-off descent, trim with --trim glide." in err
    assert " Try --trim full." in err
    assert "mode=" not in err


def test_envelope_says_trim_glide(cli: Cli) -> None:
    code, _, err = cli("envelope", "sgs126", "--alt", "1000", "--kcas", "50", "--workers", "1")
    assert code == 2
    assert err.endswith("trim its envelope in a glide (--trim glide)\n")


def test_sweep_says_the_batch_file_key(tmp_path: Path, cli: Cli) -> None:
    batch = tmp_path / "glider.toml"
    batch.write_text(
        'name = "glider"\nmetrics = { h = "max:position/h-sl-ft" }\n\n[case]\n'
        'aircraft = "sgs126"\nduration_s = 1\ntrim = "full"\n'
        "ic = { altitude = 3000, kcas = 50 }\n"
    )
    code, _, err = cli("sweep", str(batch), "-o", str(tmp_path / "out"), "--serial")
    assert code == 1  # no case succeeded
    assert err.startswith("  case 0 failed: TrimError: trim 'full' failed: ")
    assert err.endswith(
        'An aircraft without engines (a glider) trims with trim = "glide" in the batch '
        "file's [case].\n"
    )
    assert "mode=" not in err
    # the results keep the library's words (data, read from Python too)
    assert "mode='glide'" in (tmp_path / "out" / "results.csv").read_text()


def test_the_ground_advice_where_a_command_can_take_it(tmp_path: Path, cli: Cli) -> None:
    # the CG on the terrain at 0 ft: the gear is in it (the trial's analyze --alt 0 had
    # advised weight, flaps and throttle)
    code, _, err = cli("run", "--aircraft", "c172p", "--alt", "0", "--trim", "full")
    assert code == 1
    assert "the gear is in the terrain: at altitude 0 ft MSL the CG is 0.0 ft above" in err
    assert err.endswith(
        "Trim higher: the gear clears the terrain from 10 ft MSL (free air well above that, "
        "out of ground effect). To stand on the gear instead, start on the ground and trim "
        "there: --on-ground --trim ground.\n"
    )
    code, _, err = cli("analyze", "c172p", "--alt", "0", "--kcas", "100")
    assert code == 1  # analyze has no ground trim: that advice is left out
    assert err.endswith("(free air well above that, out of ground effect).\n"), err
    batch = tmp_path / "low.toml"
    batch.write_text(
        'name = "low"\nmetrics = { h = "max:position/h-sl-ft" }\n\n[case]\n'
        'aircraft = "c172p"\nduration_s = 1\nic = { altitude = 0, kcas = 100 }\n'
    )
    code, _, err = cli("sweep", str(batch), "-o", str(tmp_path / "out"), "--serial")
    assert code == 1
    assert err.endswith(
        'start on the ground and trim there: ic = { on_ground = true } and trim = "ground" '
        "in the batch file's [case].\n"
    )
    # ... which is a batch that runs
    batch.write_text(
        batch.read_text().replace("altitude = 0, kcas = 100", "on_ground = true")
        + 'trim = "ground"\n'
    )
    code, _, err = cli("sweep", str(batch), "-o", str(tmp_path / "ground"), "--serial")
    assert code == 0, err


@pytest.fixture(scope="module")
def glider_trim_error() -> str:
    """The library's message for a full trim of a glider, as a script's <trim> would give."""
    ic = InitialConditions(altitude_ft=3000, kcas=50)
    with Simulation("sgs126", ic, record=None) as sim, pytest.raises(TrimError) as info:
        sim.trim("full")
    return str(info.value)


def test_script_says_what_an_initialization_file_can_ask_for(glider_trim_error: str) -> None:
    message = cli_message(glider_trim_error, "script")
    assert message.endswith(
        "An aircraft without engines (a glider) trims in a glide, which <trim> in an "
        "initialization file cannot ask for."
    )
    assert "mode=" not in message
    assert cli_message("trim 'x' failed: no. Try mode='full'.", "script") == (
        "trim 'x' failed: no. Try <trim>full</trim>."
    )
