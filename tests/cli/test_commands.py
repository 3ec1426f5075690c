"""The run-side sub-commands in-process: exit codes, messages, files written."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from flightsim.paths import jsbsim_root
from flightsim.recording import TIME_COLUMN, Recording
from flightsim.sim.recorder import RECORD_PRESETS

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture of conftest.py


# -- run ------------------------------------------------------------------------------------
def test_run_writes_the_csv_with_state_columns(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "run.csv"
    code, out, err = cli(
        "run", "--aircraft", "c172p", "--alt", "1200 m", "--kcas", "100", "--heading", "90",
        "--trim", "--duration", "5", "--record", "state,flight", "-o", str(output),
    )  # fmt: skip
    assert code == 0, err
    rec = Recording.from_csv(output)
    assert rec.names == [*RECORD_PRESETS["state"], *RECORD_PRESETS["flight"]]
    assert rec.duration_s == pytest.approx(5.0)
    assert len(rec) == 5 * 120 + 1  # every step at dt 1/120 s, plus the initial row
    assert rec["position/h-sl-ft"][0] == pytest.approx(1200 / 0.3048, abs=1.0)
    assert rec["velocities/vc-kts"][0] == pytest.approx(100.0, abs=0.5)
    assert rec.meta["aircraft"] == "c172p"
    assert "trim/fcs/throttle-cmd-norm[0]" in rec.meta
    assert "trim (full)" in out and str(output) in out
    assert "altitude" in out and "ft MSL" in out


def test_run_records_a_property_list_at_a_chosen_rate(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "few.csv"
    code, _, err = cli(
        "run", "--ktas", "110 kt", "--alt", "3000", "--trim", "--duration", "2 s",
        "--dt", "1/60", "--record", "position/h-sl-ft,aero/alpha-deg",
        "--record-every", "6", "-o", str(output),
    )  # fmt: skip
    assert code == 0, err
    header = output.read_text().splitlines()[0]
    assert header == f"{TIME_COLUMN},position/h-sl-ft,aero/alpha-deg"
    rec = Recording.from_csv(output)
    assert rec.time_s[1] - rec.time_s[0] == pytest.approx(0.1)  # 6 steps of 1/60 s
    assert rec.duration_s == pytest.approx(2.0)


def test_unknown_property_in_record_is_bad_input(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli(
        "run",
        "--duration",
        "1",
        "--record",
        "aero/alpah-deg",
        "-o",
        str(tmp_path / "x.csv"),
    )
    assert code == 2
    assert "unknown property 'aero/alpah-deg'" in err
    assert "aero/alpha-deg" in err  # the suggestion
    assert "Traceback" not in err


def test_unknown_aircraft_suggests_the_closest(cli: Cli) -> None:
    code, _, err = cli("run", "--aircraft", "c172q", "--duration", "1")
    assert code == 2
    assert err.startswith("flightsim run: error: unknown aircraft 'c172q'")
    assert "Did you mean: c172p" in err or "Did you mean: c172x" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--alt", "1200 parsecs"), "unknown unit 'parsecs'"),
        (("--kcas", "nan"), "not a finite number"),
        (("--alt", "4000 kg"), "cannot convert KG"),
        (("--duration", "-3"), "must be a finite time > 0"),
        (("--kcas", "100", "--mach", "0.2"), "not allowed with argument"),
    ],
)
def test_bad_numbers_are_rejected_with_exit_2(
    cli: Cli, argv: tuple[str, ...], message: str
) -> None:
    code, _, err = cli("run", *argv)
    assert code == 2
    assert message in err


def test_failed_simulation_exits_1_and_keeps_the_data(tmp_path: Path, cli: Cli) -> None:
    """A c172p released 60 ft above the ground, nose down and engine idle, crashes."""
    output = tmp_path / "crash.csv"
    code, _, err = cli(
        "run", "--alt", "60 ft", "--kcas", "80", "--duration", "60", "-o", str(output),
    )  # fmt: skip
    assert code == 1
    assert "flightsim run: error:" in err and "ground" in err
    assert "Traceback" not in err
    rec = Recording.from_csv(output)
    assert 0.0 < rec.duration_s < 60.0


def test_run_on_the_ground_with_a_ground_trim(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "parked.csv"
    code, out, err = cli(
        "run", "--on-ground", "--trim", "ground", "--duration", "2", "-o", str(output)
    )
    assert code == 0, err
    assert "trim (ground)" in out
    rec = Recording.from_csv(output)
    assert abs(rec["velocities/vc-kts"]).max() < 0.5
    assert rec["position/h-agl-ft"][-1] == pytest.approx(rec["position/h-agl-ft"][0], abs=0.1)


def test_run_from_an_ic_file_and_its_conflicts(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "ic.csv"
    code, _, err = cli("run", "--ic", "reset01", "--duration", "1", "-o", str(output))
    assert code == 0, err
    rec = Recording.from_csv(output)
    assert rec["position/h-agl-ft"][0] == pytest.approx(2000.0, abs=0.01)
    assert rec.meta["ic/file"].endswith("c172p/reset01.xml")
    code, _, err = cli("run", "--ic", "reset01", "--kcas", "90", "--agl", "100")
    assert code == 2
    assert "--ic gives the initial conditions: drop --agl, --kcas" in err
    code, _, err = cli("run", "--ic", "reset1", "-o", str(output))
    assert code == 2
    assert "no initialization file 'reset1'" in err and "Did you mean: reset01" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--alt", "-5000"), "--alt = -5000 is outside [-1500, 1e+06] ft"),
        (("--agl", "300", "--gamma", "120"), "--gamma = 120 is outside [-90, 90] deg"),
        (("--on-ground", "--gamma", "3"), "--on-ground with a non-zero --gamma: choose one"),
        (("--kcas", "-50"), "error: --kcas = -50 is outside [0, 2000] kt"),
        (("--mach", "-1"), "error: --mach = -1 is outside [0, 30]\n"),
        (("--alt", "100", "--agl", "100"), "--agl: not allowed with argument --alt"),
    ],
)
def test_initial_condition_errors_name_the_options(
    cli: Cli, argv: tuple[str, ...], message: str
) -> None:
    code, _, err = cli("run", *argv, "-o", "x.csv")
    assert code == 2
    assert message in err
    assert "altitude_ft" not in err and "flight_path_deg" not in err


# -- script ---------------------------------------------------------------------------------
def test_script_with_a_missing_ic_file_is_bad_input(tmp_path: Path, cli: Cli) -> None:
    script = tmp_path / "lost.xml"
    script.write_text(
        '<runscript name="lost">\n  <use aircraft="c172p" initialize="nothere"/>\n'
        '  <run start="0" end="1" dt="0.01"/>\n</runscript>\n'
    )
    code, _, err = cli("script", str(script), "-o", str(tmp_path))
    assert code == 2
    assert f"{script}:2: <use initialize=...>: no initialization file 'nothere'" in err
    assert "reset01" in err and "\n" not in err.strip()


@pytest.mark.parametrize(
    ("aircraft", "message"),
    [
        ("c172q", "<use aircraft=...>: unknown aircraft 'c172q'. Did you mean: c172"),
        ("../c172p", "<use aircraft=...>: '../c172p': a script names its aircraft"),
    ],
)
def test_script_with_an_unknown_aircraft_names_its_file_and_line(
    tmp_path: Path, cli: Cli, aircraft: str, message: str
) -> None:
    # the message had named neither the script nor its <use> line
    script = tmp_path / "lost.xml"
    script.write_text(
        f'<runscript name="lost">\n\n  <use aircraft="{aircraft}" initialize="reset01"/>\n'
        '  <run start="0" end="1" dt="0.01"/>\n</runscript>\n'
    )
    code, _, err = cli("script", str(script), "-o", str(tmp_path))
    assert code == 2
    assert err.startswith(f"flightsim script: error: {script}:3: {message}"), err


def test_script_by_name_writes_named_csv(tmp_path: Path, cli: Cli) -> None:
    code, out, err = cli(
        "script", "c1721", "-o", str(tmp_path), "--record", "state,fcs/throttle-cmd-norm"
    )
    assert code == 0, err
    rec = Recording.from_csv(tmp_path / "c1721.csv")
    assert rec.duration_s == pytest.approx(10.0, abs=0.02)  # the script's end time
    assert "fcs/throttle-cmd-norm" in rec.names and "position/h-sl-ft" in rec.names
    assert rec.meta["source"] == "script"
    assert str(tmp_path / "c1721.csv") in out


def test_script_output_must_be_a_folder(tmp_path: Path, cli: Cli) -> None:
    existing = tmp_path / "taken.csv"
    existing.write_text("x\n")
    code, _, err = cli("script", "c1721", "-o", str(existing))
    assert code == 2
    assert f"-o {existing}: takes a folder (the CSV is named after the script)" in err


def test_missing_script_is_bad_input(cli: Cli) -> None:
    code, _, err = cli("script", "no/such/c1723x.xml")
    assert code == 2
    assert "no script 'no/such/c1723x.xml'" in err
    assert "Did you mean: c1723" in err


# -- aircraft, props ------------------------------------------------------------------------
def test_aircraft_lists_bundled_and_user_aircraft(tmp_path: Path, cli: Cli) -> None:
    user_dir = tmp_path / "hangar"
    (user_dir / "myplane").mkdir(parents=True)
    shutil.copy(jsbsim_root() / "aircraft/c172p/c172p.xml", user_dir / "myplane/myplane.xml")
    code, out, _ = cli("aircraft", "--aircraft-dir", str(user_dir))
    assert code == 0
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[:-1]}
    assert rows["c172p"] == "bundled"
    assert rows["myplane"] == "user"
    assert "1 user" in out.splitlines()[-1]
    code, out, _ = cli("aircraft", "--source", "user", "--paths",
                           "--aircraft-dir", str(user_dir))  # fmt: skip
    assert out.splitlines()[0].split() == ["myplane", "user", str(user_dir / "myplane/myplane.xml")]


def test_aircraft_dir_must_exist(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("aircraft", "--aircraft-dir", str(tmp_path / "nope"))
    assert code == 2
    assert "no such folder" in err


def test_props_lists_units_and_values(cli: Cli) -> None:
    code, out, err = cli("props", "c172p", "fcs/*-cmd-norm")
    assert code == 0, err
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:-1]}
    assert rows["fcs/elevator-cmd-norm"][0] == "norm"
    assert rows["fcs/elevator-cmd-norm"][2] == "RW"
    assert all(name.startswith("fcs/") and name.endswith("-cmd-norm") for name in rows)
    code, out, _ = cli("props", "c172p", "h-sl-ft")
    assert any(line.split()[:2] == ["position/h-sl-ft", "ft"] for line in out.splitlines())


def test_props_without_match_is_bad_input(cli: Cli) -> None:
    code, _, err = cli("props", "c172p", "no-such-thing-xyz")
    assert code == 2
    assert "no property of c172p matches 'no-such-thing-xyz'" in err
