"""Train PPO (stable-baselines3, CPU) on a flightsim environment; save the policy and its curve.

    pip install 'flightsim[rl]'
    python scripts/train_ppo.py [--env flightsim/HeadingAltitude-v0] [--minutes 20] \
        [--envs 2] [--seed 0] [--out out/ppo]

Trains for a wall-clock budget (``--minutes``) or a number of agent steps
(``--steps``), whichever ends first, on ``--envs`` environments in one process
(``FlightVectorEnv`` through SB3's vector wrapper would need its API; SB3's own
``DummyVecEnv`` is used). Writes ``policy.zip`` (load with ``PPO.load`` or give
its path to ``scripts/evaluate.py --controller``), ``curve.csv`` (agent steps,
wall time [s], mean episode return and success rate of the episodes finished
since the last row) and ``curve.png``. Bad input (an ID that is not a flightsim
environment, ``--envs 0``, ``--steps 0``, ``--minutes`` not positive, ``--out`` a file)
is one line on stderr and exit code 2 before anything is imported or trained, as in
``scripts/evaluate.py`` (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Any

import gymnasium

import flightsim  # noqa: F401  (registers the environments)
from flightsim.cli import OneLineParser, run_guarded
from flightsim.cli.common import count_arg, positive_float
from flightsim.envs.evaluation import check_env_id
from flightsim.errors import ConfigError, require_extra


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="train_ppo.py", description=__doc__.split("\n")[0])
    parser.add_argument("--env", default="flightsim/HeadingAltitude-v0")
    parser.add_argument(
        "--minutes", type=positive_float("--minutes"), default=20.0, help="wall-clock budget"
    )
    parser.add_argument(
        "--steps", type=count_arg("--steps"), default=10_000_000, help="agent-step budget"
    )
    parser.add_argument(
        "--envs", type=count_arg("--envs"), default=2, help="environments stepped together"
    )
    parser.add_argument("--seed", type=count_arg("--seed", low=0), default=0)
    parser.add_argument("--out", default="out/ppo")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    args = parser.parse_args(argv)
    return run_guarded(lambda: train(args), "train_ppo.py:", "train_ppo", debug=args.debug)


def check_arguments(args: argparse.Namespace) -> None:
    """ConfigError for bad input, before stable-baselines3 is imported or anything trained
    (they had been tracebacks, or a run that trained and saved nothing)."""
    check_env_id(args.env)
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise ConfigError(f"--out {args.out!r} is a file, not a folder: give a folder")


def train(args: argparse.Namespace) -> int:
    """Check the arguments, train, save the policy and its curve."""
    check_arguments(args)
    sb3: Any = require_extra("stable_baselines3", "rl")
    callbacks: Any = require_extra("stable_baselines3.common.callbacks", "rl")
    vec_env: Any = require_extra("stable_baselines3.common.env_util", "rl")
    torch: Any = require_extra("torch", "rl")
    torch.set_num_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    class Curve(callbacks.BaseCallback):  # type: ignore[misc]
        """Mean return and success of finished episodes, one row per rollout; stops on time."""

        def __init__(self, deadline: float) -> None:
            super().__init__()
            self.deadline = deadline
            self.started = time.perf_counter()
            self.rows: list[tuple[int, float, float, float]] = []
            self._returns: list[float] = []
            self._successes: list[float] = []
            self._running: list[float] = []

        def _on_step(self) -> bool:
            rewards, dones = self.locals["rewards"], self.locals["dones"]
            if not self._running:
                self._running = [0.0] * len(rewards)
            for i, (reward, done) in enumerate(zip(rewards, dones, strict=True)):
                self._running[i] += float(reward)
                if done:
                    self._returns.append(self._running[i])
                    self._successes.append(float(self.locals["infos"][i]["is_success"]))
                    self._running[i] = 0.0
            return time.perf_counter() < self.deadline

        def _on_rollout_end(self) -> None:
            if self._returns:
                mean = sum(self._returns) / len(self._returns)
                rate = sum(self._successes) / len(self._successes)
                wall = time.perf_counter() - self.started
                self.rows.append((self.num_timesteps, wall, mean, rate))
                print(
                    f"{self.num_timesteps:8d} steps  {wall:7.0f} s  return {mean:8.1f}  "
                    f"success {100 * rate:5.1f} %",
                    flush=True,
                )
                self._returns, self._successes = [], []

    env = vec_env.make_vec_env(lambda: gymnasium.make(args.env), n_envs=args.envs, seed=args.seed)
    model = sb3.PPO("MlpPolicy", env, seed=args.seed, device="cpu", n_steps=1024, verbose=0)
    curve = Curve(time.perf_counter() + 60.0 * args.minutes)
    model.learn(total_timesteps=args.steps, callback=curve)
    model.save(out / "policy.zip")
    with (out / "curve.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["agent_steps", "wall_s", "mean_return", "success_rate"])
        writer.writerows(curve.rows)
    if curve.rows:
        from flightsim.plots import Table, plot_xy

        table = Table.from_rows([{"agent steps": r[0], "mean return": r[2]} for r in curve.rows])
        plot_xy(table, x="agent steps", y="mean return").figure.savefig(out / "curve.png")
    print(f"saved {out / 'policy.zip'} and its learning curve", file=sys.stderr)
    env.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
