"""The PID baseline flies every task; evaluation, rendering and export write real output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from flightsim.envs import FlightEnv
from flightsim.envs.evaluation import evaluate

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
