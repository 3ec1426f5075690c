"""``flightsim sweep``: a TOML batch to results.csv and a report; bad files; kill and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flightsim.batch import load_batch
from flightsim.batch.results import read_results
from flightsim.cli import main
from flightsim.errors import ConfigError

BATCH = """\
name = "elevator and weight"
seed = 3

[case]
aircraft = "c172p"
duration_s = {duration}
ic = {{ altitude = "1200 m", kcas = 100 }}
record = []

[grid]
"controls.fcs/elevator-cmd-norm" = {elevators}
"properties.inertia/pointmass-weight-lbs[0]" = [120, "100 kg"]

[metrics]
max_alt_ft = "max:position/h-sl-ft"
final_theta_deg = "final:attitude/theta-deg"
"""


def write_batch(folder: Path, duration: float = 2.0, elevators: str = "[-0.05, 0.0, 0.05]") -> Path:
    path = folder / "batch.toml"
    path.write_text(BATCH.format(duration=duration, elevators=elevators))
    return path


def test_sweep_writes_results_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["sweep", str(write_batch(tmp_path)), "-o", str(out), "--workers", "2"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == "6 cases: 6 ok"
    rows = read_results(out / "results.csv")
    assert sorted(r["case"] for r in rows) == list(range(6))
    assert {r["properties.inertia/pointmass-weight-lbs[0]"] for r in rows} == {
        120,
        220.46226218487757,
    }
    report = (out / "report.html").read_text()
    assert "max_alt_ft against controls.fcs/elevator-cmd-norm" in report
    assert "final_theta_deg against properties.inertia/pointmass-weight-lbs[0]" in report
    # again without --resume: refused, nothing lost
    assert main(["sweep", str(write_batch(tmp_path)), "-o", str(out)]) == 2
    assert "exists: resume it" in capsys.readouterr().err
    assert len(read_results(out / "results.csv")) == 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            BATCH.replace("duration_s", "duraton_s"),
            "batch.toml:6: unknown [case] key 'duraton_s'. Did you mean: duration_s",
        ),
        (BATCH.replace("[metrics]", "[metric]"), "batch.toml:14: unknown top-level key 'metric'"),
        (
            BATCH.replace("= {elevators}", "= [0.0"),
            "batch.toml:12: not valid TOML: Unclosed array (column 1)",
        ),
        (
            BATCH.replace('"max:', '"maxx:'),  # these two had no line, and "kcas"
            "batch.toml:15: unknown metric statistic 'maxx'. Did you mean: "
            "max:position/h-sl-ft? Built-in metrics are max:<property>,",
        ),
        (
            BATCH.replace('"controls.fcs/elevator-cmd-norm"', '"ic.kcass"'),
            "batch.toml:11: 'ic.kcass' is no initial condition. Did you mean: ic.kcas, ic.ktas? "
            "Fields:",
        ),
        (
            BATCH.replace(
                "[metrics]",
                '[monte_carlo]\nn = 2\n[monte_carlo.draws]\n"ic.kcass" = '
                '{{ dist = "normal", mean = 100, std = 1 }}\n[metrics]',
            ),
            "batch.toml:17: draw 'ic.kcass': 'ic.kcass' is no initial condition. Did you "
            "mean: ic.kcas, ic.ktas?",
        ),
        (
            BATCH.replace('"controls.fcs', '"control.fcs'),
            "batch.toml:11: unknown parameter prefix 'control.' in "
            "'control.fcs/elevator-cmd-norm'. Did you mean: controls.fcs/elevator-cmd-norm?",
        ),
        (  # these two were a raw TypeError (a traceback); the [case] faults had no line
            BATCH.replace("{duration}", '"nan"'),
            "batch.toml:6: case duration_s must be positive, got nan",
        ),
        (
            BATCH.replace("duration_s = {duration}", 'duration_s = 2\ndt_s = "1 kg"'),
            "batch.toml:7: case dt_s: cannot convert KG (mass) to sec (time)",
        ),
        (
            BATCH.replace('"1200 m"', '"1200 kg"'),
            "batch.toml:7: altitude: cannot convert KG (mass) to FT (length)",
        ),
        (
            BATCH.replace("kcas = 100", "kcas = -100"),
            "batch.toml:7: initial condition kcas = -100 is outside [0, 2000] kt",
        ),
        (
            BATCH.replace("record = []", "record = [1]"),
            "batch.toml:8: case record: 1 is neither a property nor a preset",
        ),
        (
            BATCH.replace(
                "[grid]", '[case.properties]\n"propulsion/tank[0]/contents-lbs" = "9 m"\n[grid]'
            ),
            "batch.toml:11: properties.propulsion/tank[0]/contents-lbs: cannot convert M (length)",
        ),
    ],
)
def test_bad_batch_files_say_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "batch.toml"
    path.write_text(text.format(duration=2, elevators="[0.0]"))
    with pytest.raises(ConfigError) as raised:
        load_batch(path)
    assert str(raised.value).startswith(str(path) + message.removeprefix("batch.toml"))


def _interrupt_after(command: list[str], results: Path, rows: int, sig: signal.Signals) -> int:
    """Start ``command``, send ``sig`` once results.csv has ``rows`` more rows; its exit code."""
    start = len(read_results(results)) if results.exists() else 0
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if results.exists() and results.read_text().count("\n") >= 1 + start + rows:
            break
        time.sleep(0.01)
    os.kill(process.pid, sig)
    process.communicate(timeout=60)
    return process.returncode


def test_interrupted_and_killed_sweep_resumes_without_rerunning(tmp_path: Path) -> None:
    elevators = "[" + ", ".join(f"{v / 100:.2f}" for v in range(-10, 11)) + "]"  # 21 x 2 cases
    # 90 s cases: the batch outlasts the moment the signal is sent even on a quiet machine
    path = write_batch(tmp_path, duration=90.0, elevators=elevators)
    out = tmp_path / "out"
    results = out / "results.csv"
    command = [sys.executable, "-m", "flightsim", "sweep", str(path), "-o", str(out)]
    # Ctrl-C on the process pool: exit code 130, the workers stopped, the rows kept
    assert _interrupt_after([*command, "--workers", "2"], results, 3, signal.SIGINT) == 130
    after_ctrl_c = len(read_results(results))
    assert 3 <= after_ctrl_c < 42
    # a kill of a resumed run
    resumed = [*command, "--serial", "--resume"]
    assert _interrupt_after(resumed, results, 3, signal.SIGKILL) == -signal.SIGKILL
    before = len(read_results(results))
    assert after_ctrl_c + 3 <= before < 42
    done = subprocess.run(resumed, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"42 cases ({before} from before): 42 ok"
    rows = read_results(results)
    assert sorted(r["case"] for r in rows) == list(range(42))  # each case once


def _ctrl_c_after(command: list[str], results: Path, rows: int) -> subprocess.CompletedProcess[str]:
    """Start ``command`` in its own process group; once results.csv has ``rows`` rows (0: its
    header, and two worker processes started), send SIGINT to the whole group, as a
    terminal's Ctrl-C does."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        started = results.exists() and results.read_text().count("\n") >= 1 + rows
        if started and (rows or len(children.read_text().split()) >= 2):  # workers importing
            break
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def test_ctrl_c_to_the_process_group_says_what_is_kept_without_tracebacks(tmp_path: Path) -> None:
    elevators = "[" + ", ".join(f"{v / 100:.2f}" for v in range(-10, 11)) + "]"  # 42 cases
    path = write_batch(tmp_path, duration=20.0, elevators=elevators)
    out = tmp_path / "out"
    results = out / "results.csv"
    command = [sys.executable, "-m", "flightsim", "sweep", str(path), "-o", str(out)]
    # while the workers are still starting (importing): they must not print tracebacks
    early = _ctrl_c_after([*command, "--workers", "2"], results, 0)
    assert early.returncode == 130
    assert "Traceback" not in early.stderr
    kept = len(read_results(results))
    assert early.stderr.splitlines()[-1] == (
        f"flightsim sweep: interrupted; {kept} finished case(s) kept in {results}; "
        "add --resume to the same command to run the rest"
        if kept
        else "flightsim sweep: interrupted; no case had finished"
    )
    # later, with finished cases, on a resumed run
    late = _ctrl_c_after([*command, "--workers", "2", "--resume"], results, kept + 2)
    assert late.returncode == 130
    assert "Traceback" not in late.stderr
    kept = len(read_results(results))
    assert kept >= 2
    assert late.stderr.splitlines()[-1] == (
        f"flightsim sweep: interrupted; {kept} finished case(s) kept in {results}; "
        "run the same command to run the rest"
    )


PLANES_BATCH = """\
name = "paths"
{top}
[case]
aircraft = "{case}"
duration_s = 0.1
ic = {{ altitude = "1200 m", kcas = 100 }}
record = []
[grid]
aircraft = {grid}
[metrics]
h = "final:position/h-sl-ft"
"""


def _hangar(folder: Path) -> Path:
    """``folder/planes/mine/mine.xml``: the c172p under another name."""
    from flightsim.paths import jsbsim_root

    mine = folder / "planes" / "mine"
    mine.mkdir(parents=True)
    (mine / "mine.xml").write_bytes((jsbsim_root() / "aircraft/c172p/c172p.xml").read_bytes())
    return folder / "planes"


def test_every_aircraft_path_of_a_batch_file_is_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # [case] aircraft = "planes/J3Cub" had been relative to the file, [grid] aircraft =
    # ["planes/J3Cub"] to the current folder ("planes/J3Cub: no such file or folder")
    planes = _hangar(tmp_path / "batches")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "mine").mkdir(parents=True)  # a decoy in the current folder: never used
    monkeypatch.chdir(elsewhere)
    path = tmp_path / "batches" / "batch.toml"
    drawn = 'aircraft = { dist = "choice", values = ["planes/mine"] }'
    monte_carlo = f"[monte_carlo]\nn = 1\n[monte_carlo.draws]\n{drawn}\n"
    text = PLANES_BATCH.format(top="", case="./planes/mine", grid="[]")
    path.write_text(text.replace("[grid]\naircraft = []\n", monte_carlo))
    batch = load_batch(path)
    assert batch.base.aircraft == planes / "mine"
    assert {s.params["aircraft"] for s in batch.cases()} == {planes / "mine"}
    path.write_text(PLANES_BATCH.format(top="", case="c172p", grid='["planes/mine", "c172p"]'))
    assert [s.params["aircraft"] for s in load_batch(path).cases()] == [planes / "mine", "c172p"]
    # a name is looked up in aircraft_dirs (the file's, relative to it, after --aircraft-dir)
    path.write_text(PLANES_BATCH.format(top='aircraft_dirs = ["planes"]', case="mine", grid="[]"))
    path.write_text(path.read_text().replace("[grid]\naircraft = []\n", ""))
    assert load_batch(path).base.aircraft_dirs == (planes,)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "-o", str(out), "--serial"]) == 0
    assert "1 cases: 1 ok" in capsys.readouterr().out
    # without it, the name is unknown: the advice names what a sweep has
    path.write_text(path.read_text().replace('aircraft_dirs = ["planes"]', ""))
    with pytest.raises(ConfigError) as caught:
        load_batch(path)
    assert str(caught.value).startswith(f"{path}: unknown aircraft 'mine'.")
    assert str(caught.value).endswith(
        'In a batch file: aircraft_dirs = ["DIR"] (relative to the file); a folder beside '
        'the file is a path: "./NAME".'
    )
    assert load_batch(path, aircraft_dirs=[planes]).base.aircraft_dirs == (planes,)
    assert main(["sweep", str(path), "-o", str(tmp_path / "o2"), "--serial",
                 "--aircraft-dir", str(planes)]) == 0  # fmt: skip


def test_retry_failed_runs_the_cases_that_did_not_finish_ok_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --resume had no way to run a crashed case again (a worker killed from outside)
    marker = tmp_path / "killed-once"
    path = write_batch(tmp_path, duration=0.5, elevators="[0.0, 0.05]")
    text = path.read_text().replace(
        "record = []",
        f'record = []\ncontroller = "batch_helpers:killed_once_controller"\n'
        f'controller_args = {{ marker = "{marker}" }}',
    )
    path.write_text(text)
    (tmp_path / "batch_helpers.py").write_bytes(
        (Path(__file__).parent / "batch_helpers.py").read_bytes()
    )
    out = tmp_path / "out"
    assert main(["sweep", str(path), "-o", str(out), "--workers", "1"]) == 0
    first = {r["case"]: r for r in read_results(out / "results.csv")}
    crashed = [c for c, r in first.items() if r["status"] == "crashed"]
    assert len(crashed) == 1 and len(first) == 4
    assert first[crashed[0]]["reason"] == (  # the sweep's advice, added by the batch runner
        "the worker process was killed by signal 9 (SIGKILL) from outside (a user, a job "
        "scheduler, or the system out of memory), not by this case: run it again "
        "(flightsim sweep --retry-failed)"
    )
    assert main(["sweep", str(path), "-o", str(out), "--resume"]) == 0  # finished: kept
    assert "4 cases (4 from before): 1 crashed, 3 ok" in capsys.readouterr().out
    assert main(["sweep", str(path), "-o", str(out), "--retry-failed", "--workers", "1"]) == 0
    assert "4 cases (3 from before): 4 ok" in capsys.readouterr().out
    again = read_results(out / "results.csv")
    assert sorted(r["case"] for r in again) == [0, 1, 2, 3]  # one row per case
    assert [r for r in again if r["case"] != crashed[0]] == [
        r for r in first.values() if r["case"] != crashed[0]
    ]


GRID_NAMES = """\
[case]
aircraft = "c172p"
duration_s = 1
ic = {{ {ic} }}

[grid]
{grid}

[metrics]
h = "final:position/h-sl-ft"
"""


def test_a_grid_takes_the_names_a_case_takes(tmp_path: Path) -> None:
    """ic.altitude (units allowed) is ic.altitude_ft, in a grid as in [case.ic]; results and
    units name the field."""
    path = tmp_path / "batch.toml"
    path.write_text(
        GRID_NAMES.format(
            ic='altitude_ft = 4000, kcas = 100, wind_from = "1 rad"',
            grid='"ic.altitude" = [3000, "1000 m"]\n"ic.heading" = [90]\n'
            '"ic.wind_speed_kts" = ["5 m/s"]',
        )
    )
    batch = load_batch(path)
    assert list(batch.grid) == ["ic.altitude_ft", "ic.heading_deg", "ic.wind_speed_kts"]
    assert batch.units()["ic.altitude_ft"] == "ft" and batch.units()["ic.heading_deg"] == "deg"
    specs = batch.cases()
    assert [s.params["ic.altitude_ft"] for s in specs] == pytest.approx([3000, 3280.84])
    ic = specs[1].case.ic
    assert ic is not None and ic.altitude_ft == pytest.approx(3280.84)
    assert (ic.heading_deg, ic.kcas) == (90, 100)
    assert ic.wind_speed_kts == pytest.approx(9.71922) and ic.wind_from_deg == pytest.approx(
        57.29578
    )


@pytest.mark.parametrize(
    ("ic", "grid", "message"),
    [
        (
            "kcas = 100",
            '"ic.altitud" = [1]',
            "batch.toml:7: 'ic.altitud' is no initial condition. Did you mean: ic.altitude, "
            "ic.latitude, ic.altitude_ft? Fields: latitude_deg,",
        ),
        (
            "kcas = 100",
            '"ic.altitude" = [1]\n"ic.altitude_ft" = [2]',
            "batch.toml: 'ic.altitude' and 'ic.altitude_ft' are both in the grid: they set the "
            "same parameter, ic.altitude_ft; give one",
        ),
        (
            "kcas = 100, altitud = 3",
            '"ic.heading" = [1]',
            "batch.toml:4: 'ic.altitud' is no initial condition. Did you mean: ic.altitude, "
            "ic.latitude, ic.altitude_ft? Fields: latitude_deg,",
        ),
        (
            "altitude = 1, altitude_ft = 2",
            '"ic.heading" = [1]',
            "batch.toml:4: [case.ic]: 'altitude' and 'altitude_ft' set the same initial "
            "condition, altitude_ft; give one",
        ),
    ],
)
def test_unknown_and_doubled_initial_conditions_are_refused(
    tmp_path: Path, ic: str, grid: str, message: str
) -> None:
    path = tmp_path / "batch.toml"
    path.write_text(GRID_NAMES.format(ic=ic, grid=grid))
    with pytest.raises(ConfigError) as info:
        load_batch(path)
    assert str(info.value).startswith(str(tmp_path / message))
    if "is no initial condition" in message:  # every name taken is listed
        assert str(info.value).endswith(
            "engines_running; or without their unit: altitude, altitude_agl, latitude, "
            "longitude, heading, flight_path, wind_speed, wind_from"
        )
