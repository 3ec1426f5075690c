"""scripts/train_ppo.py trains and saves a policy that scripts/evaluate.py can fly (extra rl)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_train_ppo_saves_a_policy_evaluate_flies(tmp_path: Path) -> None:
    pytest.importorskip("stable_baselines3", reason="extra 'rl' not installed")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = tmp_path / "ppo"
    train = [sys.executable, str(ROOT / "scripts" / "train_ppo.py"), "--steps", "1024"]
    done = subprocess.run(
        [*train, "--envs", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "policy.zip").stat().st_size > 1000
    rows = (out / "curve.csv").read_text().splitlines()
    assert rows[0] == "agent_steps,wall_s,mean_return,success_rate" and len(rows) >= 2
    evaluate = [sys.executable, str(ROOT / "scripts" / "evaluate.py"), "--episodes", "1"]
    policy = str(out / "policy.zip")
    done = subprocess.run(
        [*evaluate, "--env", "flightsim/HeadingAltitude-v0", "--controller", policy, "--json"],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["episodes"] == 1
