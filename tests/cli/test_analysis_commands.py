"""``flightsim analyze`` and ``flightsim envelope`` in-process: output, files, errors."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from usage_errors import assert_one_line_error

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture of conftest.py


def test_analyze_json_and_report(tmp_path: Path, cli: Cli) -> None:
    report = tmp_path / "c172p.html"
    code, out, err = cli(
        "analyze", "c172p", "--alt", "4000", "--kcas", "100", "--json", "-o", str(report)
    )
    assert code == 0, err
    data = json.loads(out)  # one JSON object, nothing else on stdout
    assert data["aircraft"] == "c172p" and data["aircraft_class"] == "I"
    assert data["linear_vs_nonlinear_max_error"] <= 0.05
    names = [m["name"] for m in data["modes"]]
    assert names[:5] == ["short-period", "phugoid", "dutch-roll", "roll", "spiral"]
    assert set(names[5:]) == {"other"}
    sp, ph = data["modes"][0], data["modes"][1]
    assert sp["natural_frequency_rad_s"] == pytest.approx(7.0, abs=0.05)
    assert ph["period_s"] == pytest.approx(25.9, abs=0.1)
    assert sp["n_alpha_g_per_rad"] == pytest.approx(16.6, abs=0.1)
    assert sp["cap"] == pytest.approx(7.0**2 / 16.6, abs=0.03) and sp["level"] == 1
    assert "cap" not in ph  # n/alpha and CAP belong to the short period only
    roll = data["modes"][3]
    assert roll["period_s"] is None and roll["time_constant_s"] == pytest.approx(0.146, abs=0.002)
    assert roll["level"] == 1 and data["modes"][-1]["level"] is None
    html = report.read_text()
    for text in ("Modes", "short-period", "Mode map", "Step responses", "A (state matrix)"):
        assert text in html
    assert "wrote" in err


def test_analyze_prints_a_table(cli: Cli) -> None:
    code, out, err = cli("analyze", "737", "--alt", "6 km", "--kcas", "250",
                         "--class", "III", "--category", "B")  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("737 at 19685 ft, 250.0 KCAS")
    assert "class III, category B" in lines[0]
    assert lines[1].split()[:3] == ["mode", "eigenvalue", "[1/s]"]
    assert any(line.startswith("short-period") for line in lines)
    assert lines[-2].startswith("short period: n/alpha ") and lines[-2].endswith(
        " 1/(g s^2) (MIL-F-8785C figures 1-3)"
    )
    assert lines[-1].startswith("linear vs nonlinear, -0.01 elevator step over 10 s")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--class", "V"], "aircraft class 'V'"),
        (["--category", "D"], "flight-phase category 'D'"),
        (["-o", "out.png"], ".png"),
        (["--kcas", "fast"], "--kcas"),
    ],
)
def test_analyze_bad_input(argv: list[str], message: str, cli: Cli) -> None:
    code, out, err = cli("analyze", "c172p", *argv)
    assert_one_line_error(code, out, err, "flightsim analyze", message)


def test_envelope_csv_and_json(tmp_path: Path, cli: Cli) -> None:
    output = tmp_path / "env.csv"
    code, out, err = cli(
        "envelope", "c172p", "--alt", "0,12000", "--kcas", "60:140:80",
        "--workers", "1", "--json", "-o", str(output),
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["aircraft"] == "c172p" and data["workers"] == 1
    points = [(p["altitude-ft"], p["kcas"], p["trimmed"]) for p in data["points"]]
    assert points == [(0.0, 60.0, 1.0), (0.0, 140.0, 0.0), (12000.0, 60.0, 0.0),
                      (12000.0, 140.0, 0.0)]  # fmt: skip
    assert data["points"][1]["alpha-deg"] is None and data["points"][1]["reason"]
    with output.open() as f:
        rows = list(csv.DictReader(f))
    assert [r["trimmed"] for r in rows] == ["1.0", "0.0", "0.0", "0.0"]
    assert float(rows[0]["alpha-deg"]) == pytest.approx(data["points"][0]["alpha-deg"])


def test_envelope_report(tmp_path: Path, cli: Cli) -> None:
    report = tmp_path / "env.html"
    code, out, err = cli(
        "envelope", "c172p", "--alt", "4000", "--kcas", "60,100", "--flaps", "0,1",
        "--workers", "1", "-o", str(report),
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0].startswith("c172p: 4 of 4 points trimmed (full) in ")
    html = report.read_text()
    assert "Trim envelope, throttle (fcs/flap-cmd-norm=1)" in html
    assert "Points" in html


def test_a_glider_s_envelope_from_the_command_line(cli: Cli) -> None:
    # the library trims gliders' envelopes in a glide; the command had offered full and
    # longitudinal only, and its refusal told the user of a Python keyword
    code, _, err = cli("envelope", "sgs126", "--alt", "1000", "--kcas", "50", "--workers", "1")
    assert code == 2 and "trim its envelope in a glide (--trim glide)" in err, err
    code, out, err = cli(
        "envelope", "sgs126", "--alt", "1000", "--kcas", "45,70", "--trim", "glide",
        "--workers", "1", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert [p["trimmed"] for p in json.loads(out)["points"]] == [1.0, 1.0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--alt", "0:100:-5"], "--alt: '0:100:-5' is not START:STOP:STEP"),
        (["--kcas", "a,b"], "--kcas: cannot read 'a' as a quantity"),
        (["--kcas", "80 kg"], "--kcas: cannot convert KG (mass) to KTS (velocity)"),
        (["--alt", "0 m:1 km:nan"], "--alt: nan is not a finite number"),
        (["--workers", "0"], "--workers 0: give 1 or more"),
        (["--trim", "ground"], "invalid choice"),
    ],
)
def test_envelope_bad_input(argv: list[str], message: str, cli: Cli) -> None:
    code, _, err = cli("envelope", "c172p", *argv)
    assert code == 2
    assert message in err


def test_envelope_ranges_take_units_as_every_option_does(cli: Cli) -> None:
    # the command had read bare numbers only: --alt '1000 m' was "not START:STOP:STEP"
    code, out, err = cli(
        "envelope", "c172p", "--alt", "1000 m,3281", "--kcas", "40 m/s:45 m/s:5 m/s",
        "--workers", "1", "--json",
    )  # fmt: skip
    assert code == 0, err
    points = json.loads(out)["points"]
    assert [(round(p["altitude-ft"], 2), round(p["kcas"], 2)) for p in points] == [
        (3280.84, 77.75),
        (3280.84, 87.47),
        (3281.0, 77.75),
        (3281.0, 87.47),
    ]


def test_envelope_settings(cli: Cli) -> None:
    code, out, err = cli(
        "envelope", "c172p", "--alt", "4000", "--kcas", "80", "--workers", "1",
        "--setting", "propulsion/tank[0]/contents-lbs=0", "--setting",
        "propulsion/tank[0]/contents-lbs=150,fcs/flap-cmd-norm=0.5", "--json",
    )  # fmt: skip
    assert code == 0, err
    points = json.loads(out)["points"]
    assert [p["setting"] for p in points] == [
        "propulsion/tank[0]/contents-lbs=0",
        "propulsion/tank[0]/contents-lbs=150, fcs/flap-cmd-norm=0.5",
    ]
    assert points[1]["weight-lbf"] - points[0]["weight-lbf"] == pytest.approx(150.0, abs=0.5)
    code, _, err = cli("envelope", "c172p", "--setting", "fcs/flap-cmd-norm")
    assert code == 2 and "--setting: 'fcs/flap-cmd-norm' is not PROP=VALUE" in err


def test_envelope_ctrl_c_says_nothing_was_written(tmp_path: Path) -> None:
    """Ctrl-C to the process group (workers included): one line, no traceback, exit 130."""
    import os
    import signal
    import subprocess
    import sys
    import time

    output = tmp_path / "env.csv"
    command = [sys.executable, "-m", "flightsim", "envelope", "c172p", "--workers", "2"]
    command += ["--alt", "0:40000:500", "--kcas", "40:300:5", "-o", str(output)]  # 4293 points
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(children.read_text().split()) < 2:
        time.sleep(0.01)
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == (
        f"flightsim envelope: interrupted before every point was trimmed; nothing written to "
        f"{output} (the envelope is written once complete: a coarser grid is quicker)"
    )
    assert not output.exists()
