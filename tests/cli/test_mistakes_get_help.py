"""A user's mistakes on the command line are answered by the command, with what to do."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from flightsim import Recording

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture of conftest.py


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("run", "--altt", "4000"),
            "flightsim run: error: unknown option --altt (did you mean --alt?); "
            "see 'flightsim run --help'\n",
        ),
        (
            ("demo", "--bogus"),
            "flightsim demo: error: unknown option --bogus; see 'flightsim demo --help'\n",
        ),
        (
            ("--versoin",),
            "flightsim: error: unknown option --versoin (did you mean --version?); "
            "see 'flightsim --help'\n",
        ),
        (
            ("report", "a.csv", "-o", "r.pdf", "--titel=Gusts"),
            "flightsim report: error: unknown option --titel (did you mean --title?); "
            "see 'flightsim report --help'\n",
        ),
        (
            ("rnu", "--alt", "4000"),
            "flightsim: error: unknown command 'rnu' (did you mean run?); see 'flightsim --help'\n",
        ),
    ],
)
def test_unknown_options_get_a_did_you_mean_from_the_command(
    cli: Cli, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = cli(*argv)
    assert (code, out, err) == (2, "", message)


def test_a_value_with_an_unquoted_unit_is_told_to_quote_it(cli: Cli) -> None:
    code, _, err = cli("run", "--alt", "1200", "m", "--duration", "1")
    assert code == 2
    assert err == (
        "flightsim run: error: unexpected argument 'm' after --alt 1200: quote a value "
        "with a unit, --alt '1200 m'\n"
    )


def test_an_option_before_the_script_name(tmp_path: Path, cli: Cli) -> None:
    """Options may come before SCRIPT; an option `script` lacks is refused, not read as SCRIPT."""
    code, _, err = cli("script", "--dt", "0.001", "cannonball")
    assert code == 2
    assert err == (
        "flightsim script: error: unknown option --dt: a script sets its own time step, dt "
        "in its <run> element; see 'flightsim script --help'\n"
    )
    code, _, err = cli(
        "script", "--record-every", "12", "-o", str(tmp_path), "--record", "state", "c1721"
    )
    assert code == 0, err
    assert Recording.from_csv(tmp_path / "c1721.csv").time_s[1] == pytest.approx(0.1, abs=1e-4)


def test_a_failed_script_names_its_own_options_and_the_partial_csv(
    tmp_path: Path, cli: Cli
) -> None:
    """cannonball goes NaN at ~217 s: flightsim stops there (plain JSBSim carries on)."""
    code, _, err = cli("script", "cannonball", "-o", str(tmp_path), "--record", "state")
    assert code == 1
    csv = tmp_path / "cannonball.csv"
    assert f"flightsim script: data until the failure is in {csv}\n" in err
    assert "the simulation diverged" in err
    assert "--dt" not in err and "dt_s" not in err  # `script` has no --dt
    assert "try a smaller dt in the script's <run> element" in err
    assert Recording.from_csv(csv).duration_s > 200.0


def test_demo_output_dir_must_be_a_folder(tmp_path: Path, cli: Cli) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder\n")
    code, _, err = cli("demo", "--output-dir", str(taken))
    assert code == 2
    assert err == (
        f"flightsim demo: error: -o {taken}: takes a folder (demo.csv and the report go "
        "there), and this is a file\n"
    )


def test_on_ground_with_a_flight_trim_suggests_the_ground_trim(cli: Cli) -> None:
    code, _, err = cli("run", "--on-ground", "--trim", "--duration", "1")
    assert code == 2
    assert "--on-ground with --trim full" in err and "trims with --trim ground" in err


def test_a_trim_failing_on_a_dead_engine_says_so(tmp_path: Path, cli: Cli) -> None:
    """The p51d's engine does not turn at these conditions: the trim cannot balance drag."""
    code, _, err = cli(
        "run", "--aircraft", "p51d", "--trim", "--duration", "1", "-o", str(tmp_path / "p.csv")
    )
    assert code == 1
    assert err.startswith("flightsim run: error: trim 'full' failed")
    assert "Engine 0 gives no thrust and no shaft speed (0 rpm)" in err
    assert "'flightsim validate p51d'" in err


def test_one_property_is_singular(cli: Cli) -> None:
    code, out, _ = cli("props", "c172p", "position/h-sl-ft")
    assert code == 0
    assert out.splitlines()[-1] == "1 property"


def test_a_mistyped_unit_suggests_each_unit_once(cli: Cli) -> None:
    code, _, err = cli("run", "--alt", "4 kft")
    assert code == 2
    suggestions = err.split("Did you mean: ")[1].rstrip("?\n").split(", ")
    assert "ft" in suggestions
    assert len({s.casefold() for s in suggestions}) == len(suggestions), suggestions


def _recording(tmp_path: Path, time_s: list[float], meta: dict[str, object] | None = None) -> Path:
    csv = tmp_path / "run.csv"
    h = np.linspace(4000.0, 4100.0, len(time_s))
    csv.write_text(
        "sim-time-sec,position/h-sl-ft\n"
        + "".join(f"{t},{v}\n" for t, v in zip(time_s, h, strict=True))
    )
    if meta is not None:
        csv.with_name("run.meta.json").write_text(json.dumps(meta))
    return csv


def test_report_refuses_a_time_that_runs_backwards_without_a_reset(
    tmp_path: Path, cli: Cli
) -> None:
    csv = _recording(tmp_path, [0.0, 0.5, 1.0, 0.2, 0.7])
    code, _, err = cli("report", str(csv), "-o", str(tmp_path / "r.html"))
    assert code == 2
    assert err.startswith(f"flightsim report: error: {csv}:5: time runs backwards, from 1 s to 0.2")
    assert "no reset marked" in err and "'resets': [3]" in err


def test_report_accepts_a_time_that_goes_back_at_a_marked_reset(tmp_path: Path, cli: Cli) -> None:
    csv = _recording(tmp_path, [0.0, 0.5, 1.0, 0.0, 0.5], meta={"resets": [3]})
    code, _, err = cli("report", str(csv), "-o", str(tmp_path / "r.html"))
    assert code == 0, err


def test_report_of_a_single_row_says_so(tmp_path: Path, cli: Cli) -> None:
    csv = _recording(tmp_path, [0.0])
    code, _, err = cli("report", str(csv), "-o", str(tmp_path / "r.html"))
    assert code == 2
    assert err == (
        f"flightsim report: error: {csv}: the recording has one sample (t = 0 s): nothing "
        "to plot over time; a report needs two samples or more\n"
    )
    assert not (tmp_path / "r.html").exists()


def test_run_summary_gives_the_csv_size(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "run.csv"
    code, out, _ = cli("run", "--duration", "1", "--record", "state", "-o", str(output))
    assert code == 0
    size_kb = output.stat().st_size / 1000
    assert f"wrote         {output} ({size_kb:.1f} kB)" in out
    assert "--record-every" not in out  # small: no advice


def test_a_large_csv_points_at_record_every(tmp_path: Path) -> None:
    from flightsim.cli.summary import LARGE_CSV_BYTES, size_text, wrote_line

    assert size_text(177_000_000) == "177.0 MB"
    big = tmp_path / "long.csv"
    with big.open("wb") as handle:
        handle.truncate(LARGE_CSV_BYTES)  # sparse: the size without the disk space
    line = wrote_line(big, record_every_option=True)
    assert line == (
        f"wrote         {big} (21.0 MB; --record-every N keeps one step in N for a smaller file)"
    )
    assert "--record-every" not in wrote_line(big)  # a command without the option


# -- stopping a command: Ctrl-C and SIGTERM name the data path --------------------------------
def _stop_while_recording(argv: list[str], csv: Path, sig: signal.Signals) -> tuple[int, str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with subprocess.Popen(
        [sys.executable, "-m", "flightsim", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        deadline = time.monotonic() + 60
        while not csv.exists() or csv.stat().st_size < 2000:  # flying and streaming
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.02)
        child.send_signal(sig)
        _, err = child.communicate(timeout=60)
    return child.returncode, err.decode()


@pytest.mark.parametrize(
    ("sig", "code", "what"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated (SIGTERM)")],
)
def test_stopping_a_script_names_the_data(
    tmp_path: Path, sig: signal.Signals, code: int, what: str
) -> None:
    csv = tmp_path / "ball.csv"  # 3 h of a falling ball: long enough to stop
    argv = ["script", "ball", "-o", str(tmp_path), "--record", "position/h-sl-ft"]
    returncode, err = _stop_while_recording(argv, csv, sig)
    assert returncode == code, err
    assert f"flightsim script: {what}; data so far in {csv}\n" in err
    assert len(Recording.from_csv(csv)) > 10


def test_sigterm_on_the_demo_names_the_data(tmp_path: Path) -> None:
    csv = tmp_path / "demo.csv"
    returncode, err = _stop_while_recording(["demo", "-o", str(tmp_path)], csv, signal.SIGTERM)
    assert returncode == 143, err
    assert f"flightsim demo: terminated (SIGTERM); data so far in {csv}\n" in err


def test_sigterm_on_run_names_the_data(tmp_path: Path) -> None:
    csv = tmp_path / "live.csv"
    argv = ["run", "--realtime", "--duration", "30", "--record", "state", "-o", str(csv)]
    returncode, err = _stop_while_recording(argv, csv, signal.SIGTERM)
    assert returncode == 143, err
    assert f"flightsim run: terminated (SIGTERM); data so far in {csv}\n" in err


def test_options_may_follow_the_arguments(tmp_path: Path, cli: Cli) -> None:
    """cli.md: options come before or after the arguments. `props J3Cub --aircraft-dir DIR
    prop-induced` had been "unexpected argument 'prop-induced'" (argparse had given the
    optional PATTERN nothing as it read AIRCRAFT)."""
    from flightsim.cli import COMMANDS, command_parser
    from flightsim.paths import jsbsim_root

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "mine.xml").write_bytes((jsbsim_root() / "aircraft/c172p/c172p.xml").read_bytes())
    code, out, err = cli("props", "mine", "--aircraft-dir", str(tmp_path), "h-sl-ft", "--no-guard")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "2 properties" and "position/h-sl-ft  ft  " in out
    for name in COMMANDS:  # every sub-command parses intermixed (no argparse TypeError)
        with contextlib.suppress(SystemExit):  # a missing argument: exit 2, not TypeError
            command_parser(name).parse_known_intermixed_args([])
    parsed = command_parser("validate").parse_args(["a.xml", "--aircraft-dir", "d", "b.xml"])
    assert (parsed.targets, parsed.aircraft_dirs) == (["a.xml", "b.xml"], [Path("d")])
    parsed = command_parser("sweep").parse_args(["b.toml", "--serial", "-o", "out", "--resume"])
    assert (parsed.batch, parsed.output, parsed.resume) == (Path("b.toml"), Path("out"), True)
