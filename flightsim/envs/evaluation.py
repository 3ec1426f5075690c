"""Seeded evaluation of a controller on an environment, and its report.

:func:`evaluate` flies ``episodes`` episodes with seeds ``seed, seed+1, ...``
and returns an :class:`Evaluation`: per-episode return, success, length and
tracking-error RMS (the root mean square of ``info["tracking_error"]`` over
the episode's steps), plus the ground tracks of the first few episodes.
:func:`write_evaluation_report` turns evaluations into an HTML/PDF report with
the report layer's :class:`~flightsim.plots.Table`, :func:`~flightsim.plots.plot_xy`
and :func:`~flightsim.plots.plot_distribution`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gymnasium
import numpy as np

from flightsim.envs.baseline import BaselinePolicy
from flightsim.errors import ConfigError, require_extra

Policy = Callable[[Any], np.ndarray]
"""``policy(observation) -> action``."""


@dataclass
class Evaluation:
    """The episodes of one controller on one environment (returns are undiscounted)."""

    env_id: str
    controller: str
    returns: list[float] = field(default_factory=list)
    successes: list[bool] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    tracking_rms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    tracks: list[np.ndarray] = field(default_factory=list)
    """Ground tracks (time, north [ft], east [ft], altitude [ft] ...) of the first episodes."""

    def summary(self) -> dict[str, Any]:
        """``mean_return``, ``std_return``, ``success_rate``, ``tracking_rms`` and context."""
        return {
            "env": self.env_id,
            "controller": self.controller,
            "episodes": len(self.returns),
            "mean_return": float(np.mean(self.returns)),
            "std_return": float(np.std(self.returns)),
            "success_rate": float(np.mean(self.successes)),
            "tracking_rms": float(np.mean(self.tracking_rms)),
            "mean_length_steps": float(np.mean(self.lengths)),
        }


def make_policy(controller: str, env: gymnasium.Env[Any, Any], seed: int) -> Policy:
    """``"random"`` (seeded uniform actions), ``"baseline"`` (PID) or a saved SB3 model path."""
    if controller == "random":
        space = env.action_space
        space.seed(seed)
        return lambda observation: space.sample()
    if controller == "baseline":
        return BaselinePolicy(env)
    path = Path(controller)
    if not path.exists():
        raise ConfigError(
            f"controller {controller!r}: give 'random', 'baseline' or the path of a saved "
            "stable-baselines3 model (.zip); no such file"
        )
    sb3: Any = require_extra("stable_baselines3", "rl")
    model = sb3.PPO.load(str(path), device="cpu")

    def learned(observation: Any) -> np.ndarray:
        action, _ = model.predict(observation, deterministic=True)
        return np.asarray(action, dtype=np.float32)

    return learned


def evaluate(
    env_id: str,
    controller: str = "baseline",
    episodes: int = 10,
    *,
    seed: int = 0,
    keep_tracks: int = 5,
    **env_kwargs: Any,
) -> Evaluation:
    """Fly ``episodes`` seeded episodes of ``controller`` on ``env_id`` (see the module doc)."""
    if episodes < 1:
        raise ConfigError(f"episodes must be >= 1, got {episodes}")
    env = gymnasium.make(env_id, record_track=keep_tracks > 0, **env_kwargs)
    result = Evaluation(env_id, controller)
    try:
        policy = make_policy(controller, env, seed)
        for episode in range(episodes):
            observation, _ = env.reset(seed=seed + episode)
            total, squares, steps = 0.0, 0.0, 0
            while True:
                observation, reward, terminated, truncated, info = env.step(policy(observation))
                total += float(reward)
                squares += info["tracking_error"] ** 2
                steps += 1
                if terminated or truncated:
                    break
            result.returns.append(total)
            result.successes.append(bool(info["is_success"]))
            result.lengths.append(steps)
            result.tracking_rms.append(math.sqrt(squares / steps))
            result.failures.append(info["failure"])
            if episode < keep_tracks:
                result.tracks.append(env.unwrapped.track)  # type: ignore[attr-defined]
    finally:
        env.close()
    return result


def write_evaluation_report(
    evaluations: Sequence[Evaluation], output: str | os.PathLike[str]
) -> Path:
    """An HTML (or PDF) report: a summary table, returns and tracking errors per
    controller and task, and the ground tracks of a few episodes."""
    from flightsim.plots import (
        FigurePage,
        Report,
        ReportPage,
        Table,
        plot_distribution,
        plot_xy,
        table_page,
    )
    from flightsim.plots.pages import write_pages

    if not evaluations:
        raise ConfigError("no evaluations to report")
    summary = Table.from_rows(
        [
            {
                "task": e.env_id.split("/")[-1],
                "controller": e.controller,
                "episodes": len(e.returns),
                "mean return": e.summary()["mean_return"],
                "std return": e.summary()["std_return"],
                "success rate": e.summary()["success_rate"],
                "tracking RMS": e.summary()["tracking_rms"],
            }
            for e in evaluations
        ]
    )
    episodes = Table.from_rows(
        [
            {
                "run": f"{e.env_id.split('/')[-1]} / {e.controller}",
                "episode": i,
                "return": r,
                "success": float(s),
                "tracking RMS": t,
            }
            for e in evaluations
            for i, (r, s, t) in enumerate(zip(e.returns, e.successes, e.tracking_rms, strict=True))
        ]
    )
    tracks = Table.from_rows(
        [
            {
                "run": f"{e.env_id.split('/')[-1]} / {e.controller} / episode {i}",
                "east": float(east),
                "north": float(north),
            }
            for e in evaluations
            for i, track in enumerate(e.tracks)
            for north, east in zip(track[:, 1], track[:, 2], strict=True)
        ],
        units={"east": "ft", "north": "ft"},
    )
    pages: list[ReportPage] = [
        table_page("Summary", summary),
        FigurePage(
            "Return per episode",
            lambda fig: plot_distribution(episodes, column="return", by="run", fig=fig),
        ),
        FigurePage(
            "Tracking error per episode",
            lambda fig: plot_xy(episodes, x="episode", y="tracking RMS", by="run", fig=fig),
        ),
    ]
    if len(tracks.columns["east"]):
        pages.append(
            FigurePage(
                "Ground tracks",
                lambda fig: plot_xy(
                    tracks, x="east", y="north", by="run", sort=False, marker="", fig=fig
                ),
            )
        )
    report = Report("flightsim evaluation", tuple(pages))
    return write_pages(report, output)
