"""Findings of a new-user trial of the command: one-line errors, CLI advice, outputs."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import flightsim
from flightsim.cli.hints import API_TO_CLI
from flightsim.paths import jsbsim_root
from flightsim.recording import Recording

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture of conftest.py


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("run", "--dt", "1/0"), "--dt: '1/0' divides by zero"),
        (("run", "--alt", "100 kg"), "--alt: cannot convert KG"),
        (("run", "--alt", "4000_0"), "--alt: cannot read '4000_0'"),
        (("run", "--duration", "2 Hz"), "--duration: '2 Hz' is a rate, not a time"),
        (("run", "--trim", "sideways"), "--trim: invalid choice: 'sideways'"),
        (("run", "--record-every", "x"), "--record-every: 'x' is not a whole number"),
        (("script", "c1721", "--record-every", "0"), "--record-every: '0' must be a whole"),
        (("report", "a.csv", "-o", "r.html", "--png"), "--png: expected one argument"),
        (("props",), "the following arguments are required: AIRCRAFT"),
        # every missing one at once (before: only -o/--output, then BATCH.toml at the rerun)
        (("sweep",), "the following arguments are required: BATCH.toml, -o/--output ("),
        (("sweep", "b.toml"), "the following arguments are required: -o/--output ("),
        (("report",), "the following arguments are required: INPUT, -o/--output ("),
        (("demo", "-o"), "--output-dir/-o: expected one argument"),
    ],
)
def test_bad_option_values_are_one_line_exit_2(
    cli: Cli, argv: tuple[str, ...], message: str
) -> None:
    code, _, err = cli(*argv)
    assert code == 2
    assert err.count("\n") == 1, err  # one line, no usage block
    assert err.startswith(f"flightsim {argv[0]}: error: ")
    assert message in err
    assert "argument --" not in err  # the option is not named twice


def test_knots_as_kn_and_times_in_words(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "kn.csv"
    code, _, err = cli(
        "run", "--kcas", "100 kn", "--heading", "90°", "--duration", "0.5 seconds",
        "--record", "velocities/vc-kts", "-o", str(output),
    )  # fmt: skip
    assert code == 0, err
    assert Recording.from_csv(output)["velocities/vc-kts"][0] == pytest.approx(100.0, abs=0.5)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--alt", "-500"), "is below the terrain (elevation 0 ft)"),
        (("--dt", "10", "--duration", "20"), "at most 0.05 s"),
        (("--record", ""), "nothing to record"),
        (("-o", "OUT/z.txt"), "the output must be a .csv file"),
        (("-o", "-"), "write to a file"),
    ],
)
def test_bad_run_input_exits_2(
    tmp_path: Path, cli: Cli, argv: tuple[str, ...], message: str
) -> None:
    argv = tuple(a.replace("OUT", str(tmp_path)) for a in argv)
    output = ("-o", str(tmp_path / "run.csv")) if "-o" not in argv else ()
    code, _, err = cli("run", "--duration", "1", *argv, *output)
    assert code == 2, err
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize("target", ["folder", "/proc/x.html"])
def test_unwritable_outputs_exit_2(tmp_path: Path, cli: Cli, target: str) -> None:
    if target == "folder":
        folder = tmp_path / "a.csv"
        folder.mkdir()
        argv: tuple[str, ...] = ("run", "--duration", "0.1", "-o", str(folder))
    else:
        csv = tmp_path / "r.csv"
        assert cli("run", "--duration", "0.1", "--record", "state", "-o", str(csv))[0] == 0
        argv = ("report", str(csv), "-o", target)
    code, _, err = cli(*argv)
    assert code == 2
    assert err.startswith(f"flightsim {argv[0]}: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_cli_messages_give_cli_advice(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli(
        "run", "--alt", "60 ft", "--kcas", "80", "--duration", "60",
        "--record", "state", "-o", str(tmp_path / "crash.csv"),
    )  # fmt: skip
    assert code == 1
    assert "--no-crash-stop" in err
    assert "stop_on_crash" not in err and "exc.recording" not in err
    code, _, err = cli("run", "--record", "aero/alpah-deg", "-o", str(tmp_path / "x.csv"))
    assert code == 2
    assert "'flightsim props AIRCRAFT PATTERN'" in err and "sim.properties" not in err
    bad_ic = tmp_path / "bad_ic.xml"
    bad_ic.write_text('<initialize>\n  <altitude unit="FEET">4000</altitude>\n</initialize>\n')
    code, _, err = cli("run", "--ic", str(bad_ic), "-o", str(tmp_path / "y.csv"))
    assert code == 2
    assert "or add --no-guard to hand it to JSBSim unchecked." in err and "guard=False" not in err


def test_the_api_phrases_the_cli_rewrites_still_exist() -> None:
    """Each rewritten phrase must still be in the library's messages, or its rewrite is dead."""
    package = Path(flightsim.__file__).parent
    sources = "".join(p.read_text() for p in package.rglob("*.py") if "cli" not in p.parts)
    for api, _, _ in API_TO_CLI:
        assert api.strip() in sources, api


def test_a_broken_aircraft_is_one_line_naming_the_missing_file(tmp_path: Path, cli: Cli) -> None:
    src = jsbsim_root() / "aircraft" / "c172x" / "c172x.xml"
    (tmp_path / "c172x").mkdir()
    (tmp_path / "c172x" / "c172x.xml").write_text(
        src.read_text().replace('file="eng_io320"', 'file="eng_missing99"')
    )
    for guard in ((), ("--no-guard",)):
        code, _, err = cli(
            "run", "--aircraft-dir", str(tmp_path), "--aircraft", "c172x",
            "--duration", "1", "-o", str(tmp_path / "x.csv"), *guard,
        )  # fmt: skip
        assert code == 1
        assert err.count("\n") == 1, err
        assert "eng_missing99" in err
        assert "No filename given" not in err


def test_an_ic_file_as_aircraft_exits_2(cli: Cli) -> None:
    ic_file = jsbsim_root() / "aircraft" / "c172x" / "reset01.xml"
    code, _, err = cli("run", "--aircraft", str(ic_file), "--duration", "1")
    assert code == 2
    assert "not an aircraft file (root element <initialize>" in err


def test_summary_shows_simulated_time_and_final_row(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "sparse.csv"
    code, out, err = cli(
        "run", "--trim", "--record-every", "1000", "--duration", "1", "-o", str(output)
    )
    assert code == 0, err
    assert "1.00 s simulated, 2 rows" in out
    assert "heading       +0.0 deg change" in out  # never -0.0
    assert Recording.from_csv(output).duration_s == pytest.approx(1.0)


def test_default_record_covers_the_report_and_debug_after_the_command(
    tmp_path: Path, cli: Cli
) -> None:
    """Every page of the report draws from what `run` records by default (drawn, not
    rendered to PNG: what is checked is that no figure is skipped as not recorded)."""
    from matplotlib.figure import Figure

    from flightsim.plots import FigurePage, MissingProperties, recording_pages

    output = tmp_path / "run.csv"
    code, _, err = cli("run", "--trim", "--duration", "1", "-o", str(output), "--debug")
    assert code == 0, err
    pages = recording_pages(Recording.from_csv(output))
    figures = [page for page in pages if isinstance(page, FigurePage)]
    assert len(figures) == len(pages) - 1  # the summary table, then the figures
    skipped = [
        str(result) for p in figures if isinstance(result := p.draw(Figure()), MissingProperties)
    ]
    assert not skipped, skipped


def test_report_notes_a_dropped_last_row(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "killed.csv"
    assert cli("run", "--duration", "0.5", "--record", "state", "-o", str(output))[0] == 0
    with output.open("a") as handle:
        handle.write("0.6,4000.1")  # a writer killed mid-row
    code, _, err = cli("report", str(output), "-o", str(tmp_path / "r.html"))
    assert code == 0, err
    assert f"{output}: last row incomplete (a killed run?), dropped" in err


def test_props_prints_units_and_no_negative_zero(cli: Cli) -> None:
    code, out, _ = cli("props", "c172p", "total-fuel-lbs")
    assert code == 0
    assert "propulsion/total-fuel-lbs  lb " in out
    code, out, _ = cli("props", "c172p", "accelerations/Nz")
    assert code == 0 and " g " in out
    code, out, _ = cli("props", "c172p", "fcs/*-cmd-norm")
    assert code == 0 and " -0 " not in out


def test_ctrl_c_says_where_the_data_is(tmp_path: Path) -> None:
    output = tmp_path / "live.csv"
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with subprocess.Popen(
        [sys.executable, "-m", "flightsim", "run", "--realtime", "--duration", "30",
         "--record", "state", "-o", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    ) as child:  # fmt: skip
        deadline = time.monotonic() + 60
        while not output.exists() or output.stat().st_size < 500:  # flying and streaming
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.1)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert f"flightsim run: interrupted; data so far in {output}" in err.decode()
    assert len(Recording.from_csv(output)) > 10
