"""The PID baseline flies every task; evaluation, rendering and export write real output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from envs_helpers import fly_episode
from usage_errors import assert_one_line_error

from flightsim.envs import TASKS, BaselinePolicy, FlightEnv
from flightsim.envs.baseline import PITCH_STIFFENING, control_response, scheduled_gains
from flightsim.envs.evaluation import evaluate
from flightsim.envs.profiles import PROFILES
from flightsim.paths import find_aircraft, jsbsim_root

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("env_id", "episodes"),
    [
        ("flightsim/AttitudeTracking-v0", 3),
        ("flightsim/HeadingAltitude-v0", 2),
        ("flightsim/Waypoints-v0", 2),
        ("flightsim/LandingApproach-v0", 3),
    ],
)
def test_baseline_succeeds_and_random_does_not(env_id: str, episodes: int) -> None:
    baseline = evaluate(env_id, "baseline", episodes, seed=100, keep_tracks=0)
    assert baseline.successes == [True] * episodes, baseline.failures
    random = evaluate(env_id, "random", 2, seed=100, keep_tracks=0)
    assert random.successes == [False, False]
    assert min(baseline.returns) > max(random.returns)
    assert baseline.summary()["tracking_rms"] < random.summary()["tracking_rms"]


def test_a_fighter_s_bank_command_slews_as_fast_as_it_rolls() -> None:
    # the f16 rolls 2.1 times faster per unit of aileron than the c172p; at the c172p's
    # 10 deg/s slew a reversal from 42° one way to 33° the other took 7 s, and the task's
    # settled error failed 2 of these 6 seeds
    env = FlightEnv("AttitudeTracking", aircraft="f16")
    policy = BaselinePolicy(env)
    assert 20.0 < policy.autopilot.max_roll_rate_deg_s < 23.0
    successes = []
    for seed in range(6):
        info, _ = fly_episode(env, policy, seed)
        successes.append(info["is_success"])
    assert all(successes), successes
    env.close()


@pytest.mark.parametrize("task", ["AttitudeTracking", "LandingApproach"])
def test_an_aircraft_whose_pitch_rate_builds_gets_a_stiffer_pitch_loop(task: str) -> None:
    # JSBSim's MD-11 keeps pitching faster under a held elevator (no steady pitch rate):
    # with the c172p's pitch gains its pitch swung ±4° past each command, AttitudeTracking
    # succeeded in 2 of these 4 seeds and LandingApproach in 1 (missed gates, a crash)
    env = FlightEnv(task, aircraft="MD11")
    response = control_response(env.sim.aircraft, env.profile)
    assert response.pitch_builds
    assert not control_response(find_aircraft("c172p"), PROFILES["c172p"]).pitch_builds
    policy = BaselinePolicy(env)
    gains, plain = policy.autopilot.gains, scheduled_gains(response._replace(pitch_builds=False))
    assert gains.pitch_kp == PITCH_STIFFENING * plain.pitch_kp
    assert gains.pitch_kd == PITCH_STIFFENING * plain.pitch_kd
    assert gains.pitch_ki == plain.pitch_ki
    successes = [fly_episode(env, policy, seed)[0]["is_success"] for seed in range(4)]
    assert all(successes), successes
    env.close()


def test_evaluate_script_json_and_report(tmp_path: Path) -> None:
    report = tmp_path / "eval.html"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "evaluate.py"),
            "--env",
            "flightsim/AttitudeTracking-v0",
            "--controller",
            "baseline",
            "--episodes",
            "2",
            "--json",
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert {"mean_return", "std_return", "success_rate", "tracking_rms"} <= set(summary)
    assert summary["success_rate"] == 1.0 and summary["episodes"] == 2
    html = report.read_text()
    assert "Ground tracks" in html and "AttitudeTracking" in html


def test_evaluate_script_json_and_report_name_the_aircraft_and_the_seeds(tmp_path: Path) -> None:
    # an --aircraft f16 run could not be told from a c172p one, nor its seeds known
    report = tmp_path / "eval.html"
    args = ["--env", "flightsim/AttitudeTracking-v0", "--aircraft", "f16", "--seed", "5"]
    done = _evaluate_script(*args, "--episodes", "2", "--json", "--report", str(report))
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert (summary["aircraft"], summary["seeds"], summary["episodes"]) == ("f16", [5, 6], 2)
    html = report.read_text()
    row = re.search(r"<tr><td>AttitudeTracking-v0</td>.*?</tr>", html)
    assert row is not None, html[:3000]
    cells = re.findall(r"<td>(.*?)</td>", row.group(0))
    assert cells[:5] == ["AttitudeTracking-v0", "baseline", "f16", "2", "5-6"], cells


def test_an_evaluation_of_a_copy_names_its_main_file(tmp_path: Path) -> None:
    # a copy of the c172p had been reported as "c172p", like JSBSim's own (another profile)
    shutil.copytree(jsbsim_root() / "aircraft" / "c172p", tmp_path / "c172p")
    mine = evaluate("flightsim/AttitudeTracking-v0", "random", 1, aircraft=str(tmp_path / "c172p"))
    assert mine.summary()["aircraft"] == str(tmp_path / "c172p" / "c172p.xml")
    bundled = evaluate("flightsim/AttitudeTracking-v0", "random", 1)
    assert bundled.summary()["aircraft"] == "c172p"


def test_rgb_array_render_and_exports(tmp_path: Path) -> None:
    env = FlightEnv("Waypoints", render_mode="rgb_array")
    env.reset(seed=0)
    for _ in range(5):
        env.step(np.zeros(4, np.float32))
    frame = env.render()
    assert frame is not None and frame.shape == (320, 640, 3) and frame.dtype == np.uint8
    assert len(np.unique(frame.reshape(-1, 3), axis=0)) > 10  # instruments, not a blank
    env.export_acmi(tmp_path / "ep.acmi")
    env.export_kml(tmp_path / "ep.kml")
    acmi = (tmp_path / "ep.acmi").read_text().splitlines()
    assert acmi[:2] == ["FileType=text/acmi/tacview", "FileVersion=2.1"]
    assert acmi.count("#0.50") == 1 and sum(line.startswith("1,T=") for line in acmi) == 6
    kml = (tmp_path / "ep.kml").read_text()
    assert kml.count(",") >= 12 and "<altitudeMode>absolute</altitudeMode>" in kml
    first = acmi[4].split("=")[1].split("|")
    assert abs(float(first[2]) - env.episode_start.altitude_ft * 0.3048) < 1.0  # metres
    env.close()


def _evaluate_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "evaluate.py"), *args],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--env", "flightsim/Waypoint-v0"], "no environment 'flightsim/Waypoint-v0'"),
        (["--controller", "pid"], "controller 'pid': give 'random', 'baseline' or the path"),
        (["--episodes", "0"], "--episodes: '0' must be a whole number >= 1"),
        (["--episodes", "2.5"], "--episodes: '2.5' is not a whole number"),
        (["--aircraft", "c173p"], "unknown aircraft 'c173p'"),
        (["--report", "{tmp}/eval.txt"], "name the output *.html or *.pdf"),
        (
            ["--env", "CartPole-v1"],
            "'CartPole-v1' is not a flightsim environment: choose one "
            "of flightsim/AttitudeTracking-v0, ",
        ),  # had been a TypeError's traceback
        (["--seed", "-1"], "--seed: '-1' must be a whole number >= 0"),
    ],
)
def test_evaluate_script_bad_input_is_one_line_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    """User errors read like the flightsim CLI's: one line on stderr, code 2, nothing flown."""
    base = ["--env", "flightsim/HeadingAltitude-v0", "--episodes", "1"]
    report = ["--report", str(tmp_path / "eval.html")] if "--report" not in args else []
    done = _evaluate_script(*base, *report, *(a.format(tmp=tmp_path) for a in args))
    assert_one_line_error(done.returncode, done.stdout, done.stderr, "evaluate.py", message)
    assert list(tmp_path.iterdir()) == []  # failed before flying: no report


def test_evaluate_script_refuses_a_controller_file_that_is_no_model_before_flying(
    tmp_path: Path,
) -> None:
    script = tmp_path / "policy.py"  # had been SB3's "wasn't a zip-file" traceback, exit 1
    script.write_text("print('not a model')\n")
    done = _evaluate_script("--env", "flightsim/HeadingAltitude-v0", "--controller", str(script))
    message = f"controller {str(script)!r} is not a saved stable-baselines3 model (a .zip file"
    assert_one_line_error(done.returncode, done.stdout, done.stderr, "evaluate.py", message)


def test_evaluate_script_checks_every_environment_before_flying() -> None:
    # a glider cannot fly HeadingAltitude: AttitudeTracking had been flown first, then the
    # error lost its results; now nothing is flown
    args = ["--env", "flightsim/AttitudeTracking-v0", "--env", "flightsim/HeadingAltitude-v0"]
    done = _evaluate_script(*args, "--aircraft", "gen-ask21", "--episodes", "1")
    message = "gen-ask21 has no engine (a glider), and HeadingAltitude needs one"
    assert_one_line_error(done.returncode, done.stdout, done.stderr, "evaluate.py", message)


def test_evaluate_script_checks_the_report_can_be_written_before_flying(tmp_path: Path) -> None:
    # the episodes had all been flown, then the report failed
    (tmp_path / "afile").write_text("")
    cases = {
        "/proc/eval.html": "'/proc/eval.html': No such file or directory (/proc/.eval.html.",
        f"{tmp_path}/afile/eval.html": f"'{tmp_path}/afile/eval.html': {tmp_path}/afile is a file",
    }
    for report, message in cases.items():
        done = _evaluate_script("--env", "flightsim/AttitudeTracking-v0", "--report", report)
        assert_one_line_error(
            done.returncode,
            done.stdout,
            done.stderr,
            "evaluate.py",
            f"cannot write the report {message}",
        )
    assert [p.name for p in tmp_path.iterdir()] == ["afile"]


def test_evaluate_script_one_episode_is_singular() -> None:
    done = _evaluate_script("--env", "flightsim/AttitudeTracking-v0", "--episodes", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("(1 episode, c172p)")


def test_report_ground_tracks_colour_per_controller_with_waypoints() -> None:
    from matplotlib.colors import to_hex
    from matplotlib.figure import Figure

    from flightsim.envs.evaluation import _ground_tracks

    runs = [evaluate("flightsim/Waypoints-v0", c, 1, seed=4) for c in ("baseline", "random")]
    fig = Figure()
    handle = _ground_tracks(runs, fig)
    (ax,) = handle.axes
    tracks = [line for line in ax.lines if len(line.get_xdata()) > 1]
    assert len({to_hex(line.get_color()) for line in tracks}) == 2  # one colour per controller
    waypoints = runs[0].marks[0]
    assert [m.name for m in waypoints] == ["waypoint 1", "waypoint 2", "waypoint 3"]
    drawn = {(float(line.get_xdata()[0]), float(line.get_ydata()[0])) for line in ax.lines}
    assert {(m.east_ft, m.north_ft) for m in waypoints} <= drawn
    assert [t.get_text() for t in ax.texts] == ["waypoint 1", "waypoint 2", "waypoint 3"]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["baseline", "random"]


def _acmi_track(path: Path) -> np.ndarray:
    """Time [s], latitude, longitude [deg] of object 1 in an ACMI file, one row a frame."""
    rows, t = [], 0.0
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            t = float(line[1:])
        elif line.startswith("1,T="):
            lon, lat = line.split(",")[1].removeprefix("T=").split("|")[:2]
            rows.append((t, float(lat), float(lon)))
    return np.array(rows)


def _kernel_north_east(
    env: FlightEnv, lat_deg: np.ndarray, lon_deg: np.ndarray, origin: tuple[float, float]
) -> np.ndarray:
    """North, east [ft] of latitudes, longitudes [deg] from ``origin`` [deg], by the env's own
    step kernel (its ``local``, begun at the origin): one row a point."""
    kernel = env._kernel
    kernel.begin(np.radians(origin[0]), np.radians(origin[1]), 0.0, 1.0)
    state = [0.0] * 12
    return np.array(
        [
            kernel.local([*state, np.radians(lat), np.radians(lon)])
            for lat, lon in zip(lat_deg, lon_deg, strict=True)
        ]
    )


@pytest.mark.parametrize("task", ["Waypoints", "LandingApproach"])
def test_exports_place_the_episode_on_earth_with_task_marks(tmp_path: Path, task: str) -> None:
    """ACMI and KML put the start at EXPORT_ORIGIN (not 0°, 0°) and name the task's marks;
    their latitudes/longitudes map back to the track's north/east by the env's own mapping."""
    import xml.etree.ElementTree as ET

    from flightsim.envs.export import EXPORT_ORIGIN, landmarks

    env = FlightEnv(task, record_track=True)
    env.reset(seed=2)
    for _ in range(20):
        env.step(np.zeros(4, np.float32))
    marks = landmarks(env.task)
    names = (
        ["waypoint 1", "waypoint 2", "waypoint 3"] if task == "Waypoints" else ["runway threshold"]
    )
    assert [m.name for m in marks] == names
    env.export_acmi(tmp_path / "ep.acmi")
    env.export_kml(tmp_path / "ep.kml")
    track = env.track
    assert np.hypot(track[-1, 1], track[-1, 2]) > 200.0  # far enough for the radius to matter

    lat0, lon0 = EXPORT_ORIGIN
    acmi = (tmp_path / "ep.acmi").read_text().splitlines()
    first = acmi[4].split(",")[1].removeprefix("T=").split("|")
    assert (float(first[1]), float(first[0])) == pytest.approx((lat0, lon0), abs=1e-6)
    static = [line for line in acmi if "Type=Navaid+Static+Waypoint" in line]
    assert [line.split("Name=")[1].split(",")[0] for line in static] == names
    ids = [line.split(",")[0] for line in acmi if not line.startswith(("#", "File", "0,"))]
    assert sorted(set(ids)) == ["1", *(f"{0x100 + k:x}" for k in range(len(names)))]
    # every frame back to north/east [ft] by the env's kernel: within the file's rounding
    # (1e-7 deg: 0.02 ft; a mean Earth radius instead of the env's is off by 1.1e-3: 0.2 ft
    # at 200 ft, feet at the waypoints)
    frames = _acmi_track(tmp_path / "ep.acmi")
    assert np.array_equal(frames[:, 0], np.round(track[:, 0], 2))
    north_east = _kernel_north_east(env, frames[:, 1], frames[:, 2], EXPORT_ORIGIN)
    assert np.abs(north_east - track[:, 1:3]).max() < 0.02

    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(tmp_path / "ep.kml").getroot()  # well-formed XML
    placemarks = root.findall("k:Document/k:Placemark", ns)
    assert [p.findtext("k:name", namespaces=ns) for p in placemarks[1:]] == names
    points = np.array(
        [
            [float(v) for v in p.findtext("k:Point/k:coordinates", namespaces=ns).split(",")]
            for p in placemarks[1:]
        ]
    )
    assert np.abs(points[:, 2] - [m.altitude_ft * 0.3048 for m in marks]).max() < 0.06
    north_east = _kernel_north_east(env, points[:, 1], points[:, 0], EXPORT_ORIGIN)
    assert np.abs(north_east - [(m.north_ft, m.east_ft) for m in marks]).max() < 0.02
    line = placemarks[0].findtext("k:LineString/k:coordinates", namespaces=ns).split()
    assert len(line) == 21 and line[0].startswith(f"{lon0:.7f},{lat0:.7f},")
    lon_lat = np.array([[float(v) for v in point.split(",")[:2]] for point in line])
    north_east = _kernel_north_east(env, lon_lat[:, 1], lon_lat[:, 0], EXPORT_ORIGIN)
    assert np.abs(north_east - track[:, 1:3]).max() < 0.02
    env.close()


def test_an_export_from_the_envs_origin_gives_jsbsims_latitude_longitude(tmp_path: Path) -> None:
    """Placed at the env's own origin, the exported track is JSBSim's position: the export
    inverts the env's north/east mapping exactly (in memory to float precision; in the file
    to its 7 decimals)."""
    from flightsim.envs.export import _lat_lon_deg, write_acmi

    env = FlightEnv("HeadingAltitude", record_track=True)
    env.reset(seed=5)
    for _ in range(30):
        env.step(np.array([0.5, 0.0, 0.0, 1.0], np.float32))  # a turn: north and east change
    track = env.track
    env.close()
    north, east = track[:, 1], track[:, 2]
    assert np.ptp(north) > 50.0 and np.ptp(east) > 50.0
    lat_deg, lon_deg = np.degrees(track[:, 8]), np.degrees(track[:, 9])  # JSBSim's, each step
    origin = (float(lat_deg[0]), float(lon_deg[0]))
    lats, lons = _lat_lon_deg(north, east, origin)
    np.testing.assert_allclose(lats, lat_deg, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(lons, lon_deg, rtol=1e-12, atol=1e-15)
    write_acmi(track, tmp_path / "ep.acmi", origin=origin)
    frames = _acmi_track(tmp_path / "ep.acmi")
    assert np.abs(frames[:, 1] - lat_deg).max() <= 5.1e-8
    assert np.abs(frames[:, 2] - lon_deg).max() <= 5.1e-8


def test_an_export_to_a_path_that_cannot_be_written_names_it(tmp_path: Path) -> None:
    from flightsim.errors import ConfigError

    (tmp_path / "afile").write_text("")
    env = FlightEnv("Waypoints", record_track=True)
    env.reset(seed=0)
    cases = {
        "/proc/ep.{}": "'/proc/ep.{}': No such file or directory (/proc/ep.{})",
        f"{tmp_path}/afile/ep.{{}}": f"'{tmp_path}/afile/ep.{{}}': {tmp_path}/afile is a file, not",
    }
    for export, suffix in ((env.export_acmi, "acmi"), (env.export_kml, "kml")):
        for path, message in cases.items():
            with pytest.raises(ConfigError) as caught:  # had been a raw FileNotFoundError
                export(path.format(suffix))
            assert str(caught.value).startswith(
                f"cannot write the track {message.format(suffix, suffix)}"
            ), caught.value
            assert str(caught.value).endswith("choose a file in a folder you can write to")
    env.close()
    assert [p.name for p in tmp_path.iterdir()] == ["afile"]


def test_an_episode_is_not_exported_before_there_is_one(tmp_path: Path) -> None:
    from flightsim.errors import ConfigError

    env = FlightEnv("Waypoints", record_track=True)
    for export, name in ((env.export_acmi, "ep.acmi"), (env.export_kml, "ep.kml")):
        with pytest.raises(ConfigError) as caught:  # had written a file without the aircraft
            export(tmp_path / name)
        assert str(caught.value) == (
            "the track is empty: reset() the environment (and step it) before exporting its episode"
        )
    assert list(tmp_path.iterdir()) == []
    env.reset(seed=0)
    env.export_kml(tmp_path / "ep.kml")  # the start alone is a track
    assert "<coordinates>4.7639000,52.3086000," in (tmp_path / "ep.kml").read_text()
    env.close()


@pytest.mark.parametrize("task", list(TASKS))
def test_the_baseline_before_the_first_reset_says_so(task: str) -> None:
    from flightsim.envs import BaselinePolicy
    from flightsim.errors import ConfigError

    env = FlightEnv(task)
    policy = BaselinePolicy(env)
    assert not env.started
    with pytest.raises(ConfigError) as caught:  # had been an AttributeError from the task
        policy(None)
    assert str(caught.value) == (
        "BaselinePolicy called before env.reset(): reset the environment first "
        "(env.reset(seed=...)); the task has no targets yet"
    )
    obs, _ = env.reset(seed=0)
    assert env.started and policy(obs).shape == (4,)
    env.close()


def test_the_baseline_of_something_not_an_environment_says_what_it_flies() -> None:
    from flightsim.errors import ConfigError

    for thing in ("c172p", None):  # had been an AttributeError: no attribute 'unwrapped'
        with pytest.raises(ConfigError) as caught:
            BaselinePolicy(thing)  # type: ignore[arg-type]
        assert str(caught.value) == (
            "BaselinePolicy flies a flightsim environment (FlightEnv, or one from "
            f"gymnasium.make('flightsim/...')), not {thing!r}"
        )


def test_an_export_to_the_other_format_s_file_name_is_refused(tmp_path: Path) -> None:
    """export_acmi("x.kml") had written ACMI text into a .kml file (and the reverse), which
    neither Google Earth nor Tacview opens; the suffix's case does not matter."""
    from flightsim.errors import ConfigError

    env = FlightEnv("Waypoints", record_track=True)
    env.reset(seed=0)
    for export, name, written, suffix in (
        (env.export_acmi, "ep.kml", "Tacview ACMI text", ".acmi"),
        (env.export_kml, "ep.acmi", "KML", ".kml"),
        (env.export_acmi, "ep", "Tacview ACMI text", ".acmi"),
    ):
        with pytest.raises(ConfigError) as caught:
            export(tmp_path / name)
        assert str(caught.value).startswith(
            f"cannot write the track {str(tmp_path / name)!r}: this writes {written}, whose "
            f"files end in {suffix}; name the file ...{suffix} ("
        ), caught.value
    assert list(tmp_path.iterdir()) == []
    env.export_acmi(tmp_path / "EP.ACMI")
    env.export_kml(tmp_path / "ep.KML")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["EP.ACMI", "ep.KML"]
    env.close()
