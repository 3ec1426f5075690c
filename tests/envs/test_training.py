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
    # checked against two environments, then flown on both: one load of the file
    from flightsim.envs import evaluation

    envs = ["flightsim/HeadingAltitude-v0", "flightsim/HeadingAltitude-v0"]
    loads = evaluation._MODELS.computed
    evaluation.check_pairs(envs, [policy])
    for env_id in envs:
        evaluation.evaluate(env_id, policy, 1, keep_tracks=0)
    assert evaluation._MODELS.computed - loads == 1


def test_evaluate_refuses_a_model_of_another_task_controls_or_observation_form(
    tmp_path: Path,
) -> None:
    """Each had flown the pairs before it, then raised a traceback (a ValueError on the
    observation shape, an IndexError for dict observations) and lost their results."""
    sb3 = pytest.importorskip("stable_baselines3", reason="extra 'rl' not installed")
    import gymnasium

    import flightsim  # noqa: F401  (registers the environments)

    made = {
        "ha": ("flightsim/HeadingAltitude-v0", {}),
        "ha2": ("flightsim/HeadingAltitude-v0", {"controls": ["aileron", "elevator"]}),
        "dict": ("flightsim/HeadingAltitude-v0", {"dict_observations": True}),
    }
    for name, (env_id, kwargs) in made.items():
        env = gymnasium.make(env_id, **kwargs)
        policy = "MultiInputPolicy" if name == "dict" else "MlpPolicy"
        sb3.PPO(policy, env, n_steps=64, device="cpu").save(tmp_path / f"{name}.zip")
        env.close()
    evaluate = [sys.executable, str(ROOT / "scripts" / "evaluate.py"), "--episodes", "1"]
    cases = [
        (["flightsim/HeadingAltitude-v0", "flightsim/Waypoints-v0"], "ha", "(17,)", "(19,)"),
        (["flightsim/HeadingAltitude-v0"], "ha2", "(15,) and actions (2,)", "(17,)"),
        (["flightsim/HeadingAltitude-v0"], "dict", "dict {aircraft: (10,), ", "(17,)"),
    ]
    for env_ids, name, trained, given in cases:
        model = str(tmp_path / f"{name}.zip")
        envs = [arg for env_id in env_ids for arg in ("--env", env_id)]
        done = subprocess.run(
            [*evaluate, *envs, "--controller", "baseline", "--controller", model],
            capture_output=True,
            text=True,
            timeout=240,
            env={**os.environ, "MPLBACKEND": "Agg"},
        )
        assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
        line = done.stderr.strip()
        assert "\n" not in line and line.startswith(
            f"evaluate.py: error: controller {model!r} was trained on observations {trained}"
        ), line
        assert f"{env_ids[-1]} gives observations {given}" in line, line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--env", "LandingApproach"],
            "no environment 'LandingApproach': choose one of flightsim/AttitudeTracking-v0, ",
        ),  # had been gymnasium's NameNotFound traceback
        (
            ["--env", "CartPole-v1"],
            "'CartPole-v1' is not a flightsim environment",
        ),  # had trained, then a KeyError 'is_success' traceback
        (["--envs", "0"], "--envs: '0' must be a whole number >= 1"),  # an IndexError traceback
        (["--steps", "0"], "--steps: '0' must be a whole number >= 1"),  # had saved nothing
        (["--steps", "1e3"], "--steps: '1e3' is not a whole number"),
        (["--minutes", "-1"], "--minutes: '-1' must be a finite number > 0"),  # the same
        (["--minutes", "nan"], "--minutes: 'nan' must be a finite number"),
        (["--out", "{tmp}/file"], "--out '{tmp}/file' is a file, not a folder"),
    ],
)
def test_train_ppo_bad_input_is_one_line_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    """Checked before stable-baselines3 is imported or anything trained (the extra need not
    be installed), one line on stderr and code 2 as scripts/evaluate.py answers."""
    from usage_errors import assert_one_line_error

    (tmp_path / "file").write_text("mine\n")
    out = ["--out", str(tmp_path / "ppo")] if "--out" not in args else []
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "train_ppo.py"),
            "--steps",
            "64",
            *out,
            *(a.format(tmp=tmp_path) for a in args),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    expected = message.format(tmp=tmp_path)
    assert_one_line_error(done.returncode, done.stdout, done.stderr, "train_ppo.py", expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing written
