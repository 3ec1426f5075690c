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

import errno
import math
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gymnasium
import numpy as np

from flightsim.envs.baseline import BaselinePolicy
from flightsim.envs.export import Landmark, landmarks, unwritable
from flightsim.envs.track import EAST, NORTH
from flightsim.errors import ConfigError, NotFoundError, require_extra, suggest
from flightsim.paths import EditionCache

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from flightsim.plots import PlotHandle

Policy = Callable[[Any], np.ndarray]
"""``policy(observation) -> action``."""


@dataclass
class Evaluation:
    """The episodes of one controller on one environment (returns are undiscounted)."""

    env_id: str
    controller: str
    aircraft: str = ""
    """The aircraft flown: its name for one of JSBSim's, else its main file (a user's copy of
    the c172p is not the c172p)."""
    seeds: list[int] = field(default_factory=list)
    """Each episode's reset seed."""
    returns: list[float] = field(default_factory=list)
    successes: list[bool] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    tracking_rms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    tracks: list[np.ndarray] = field(default_factory=list)
    """Ground tracks (time, north [ft], east [ft], altitude [ft] ...) of the first episodes."""
    marks: list[list[Landmark]] = field(default_factory=list)
    """The task's waypoints / runway threshold (:func:`~flightsim.envs.export.landmarks`)
    of each kept track."""

    def summary(self) -> dict[str, Any]:
        """``mean_return``, ``std_return``, ``success_rate``, ``tracking_rms`` and context
        (the aircraft, the episodes' seeds)."""
        return {
            "env": self.env_id,
            "controller": self.controller,
            "aircraft": self.aircraft,
            "episodes": len(self.returns),
            "seeds": list(self.seeds),
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
    model = load_model(controller)
    check_model(model, controller, env)

    def learned(observation: Any) -> np.ndarray:
        action, _ = model.predict(observation, deterministic=True)
        return np.asarray(action, dtype=np.float32)

    return learned


def check_controller(controller: str) -> None:
    """ConfigError unless ``controller`` is ``random``, ``baseline`` or an existing file."""
    if controller not in ("random", "baseline") and not Path(controller).is_file():
        raise ConfigError(
            f"controller {controller!r}: give 'random', 'baseline' or the path of a saved "
            "stable-baselines3 model (.zip); no such file"
        )


_MODELS: EditionCache[Any] = EditionCache()
"""Saved models loaded, by file and edition: :func:`check_pairs` and each evaluation of a
model share one load."""


def load_model(controller: str) -> Any:
    """The stable-baselines3 PPO model saved at ``controller``, or a ConfigError saying why
    it is not one (no such file, not a zip file, a zip SB3 cannot load); loaded once for the
    process until the file changes."""
    check_controller(controller)
    path = Path(controller).resolve()
    stat = path.stat()
    return _MODELS.get(path, (stat.st_mtime_ns, stat.st_size), lambda: _read_model(controller))


def _read_model(controller: str) -> Any:
    """:func:`load_model`'s reading of the file."""
    if not zipfile.is_zipfile(controller):
        raise ConfigError(
            f"controller {controller!r} is not a saved stable-baselines3 model (a .zip file "
            "written by model.save()): give 'random', 'baseline' or such a file"
        )
    sb3: Any = require_extra("stable_baselines3", "rl")
    try:
        return sb3.PPO.load(controller, device="cpu")
    except Exception as exc:  # whatever SB3 raises for a zip that is no model of its own
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"controller {controller!r}: stable-baselines3 cannot load it as a PPO model "
            f"({reason}); give one saved by PPO.save()"
        ) from None


def check_model(model: Any, controller: str, env: gymnasium.Env[Any, Any]) -> None:
    """ConfigError unless ``model``'s observation and action spaces have the layout of
    ``env``'s (the task, the controls held and the observation form it was trained with)."""
    ours = (_layout(env.observation_space), _layout(env.action_space))
    theirs = (_layout(model.observation_space), _layout(model.action_space))
    if ours != theirs:
        name = env.spec.id if env.spec is not None else type(env.unwrapped).__name__
        raise ConfigError(
            f"controller {controller!r} was trained on observations {theirs[0]} and actions "
            f"{theirs[1]}; {name} gives observations {ours[0]} and takes actions {ours[1]}: "
            "evaluate it on the task, controls and observation form it was trained with"
        )


def check_pairs(env_ids: Iterable[str], controllers: Iterable[str], **env_kwargs: Any) -> None:
    """Make each environment (with ``env_kwargs``: the aircraft must fly its task), load
    every saved model among ``controllers`` and check it against each: the error of the
    first misfit before any episode is flown."""
    models = {c: load_model(c) for c in controllers if c not in ("random", "baseline")}
    for env_id in env_ids:
        env = gymnasium.make(env_id, **env_kwargs)
        try:
            for controller, model in models.items():
                check_model(model, controller, env)
        finally:
            env.close()


def _layout(space: Any) -> str:
    """A space's kind and shape, as a model must match them: ``(17,)``, ``dict {...}``."""
    if isinstance(space, gymnasium.spaces.Dict):
        return "dict {" + ", ".join(f"{k}: {_layout(v)}" for k, v in space.spaces.items()) + "}"
    if isinstance(space, gymnasium.spaces.Box):
        return str(tuple(space.shape))
    return repr(space)


def check_env_id(env_id: str) -> None:
    """NotFoundError (with the closest IDs) unless ``env_id`` is a registered flightsim
    environment (the evaluation gives it an aircraft, flies its baseline and reads its
    tracking error: another Gymnasium environment has none of them)."""
    flightsim_ids = [i for i in gymnasium.envs.registry if i.startswith("flightsim/")]
    if env_id not in flightsim_ids:
        if env_id in gymnasium.envs.registry:
            what, close = f"{env_id!r} is not a flightsim environment", ""
        else:
            what, close = f"no environment {env_id!r}", suggest(env_id, flightsim_ids)
        raise NotFoundError(f"{what}: choose one of {', '.join(flightsim_ids)}.{close}")


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
    check_env_id(env_id)
    if episodes < 1:
        raise ConfigError(f"episodes must be >= 1, got {episodes}")
    if seed < 0:
        raise ConfigError(f"seed must be >= 0 (Gymnasium's seeds are), got {seed}")
    env = gymnasium.make(env_id, record_track=keep_tracks > 0, **env_kwargs)
    location = env.unwrapped.sim.aircraft  # type: ignore[attr-defined]
    flown = location.name if location.is_bundled else str(location.main_file)
    result = Evaluation(env_id, controller, flown)
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
            result.seeds.append(seed + episode)
            result.returns.append(total)
            result.successes.append(bool(info["is_success"]))
            result.lengths.append(steps)
            result.tracking_rms.append(math.sqrt(squares / steps))
            result.failures.append(info["failure"])
            if episode < keep_tracks:
                result.tracks.append(env.unwrapped.track)  # type: ignore[attr-defined]
                result.marks.append(landmarks(env.unwrapped.task))  # type: ignore[attr-defined]
    finally:
        env.close()
    return result


def check_report_output(output: str | os.PathLike[str]) -> None:
    """ConfigError unless a report can be written at ``output`` (its folder made if missing,
    a scratch file written there and removed, as :func:`write_evaluation_report` will): asked
    before the episodes are flown, not after."""
    from flightsim.plots.pages import report_format

    report_format(output)
    out = Path(output)
    probe = out.with_name(f".{out.name}.partial")
    try:
        if out.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(out))
        out.parent.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise unwritable("the report", output, exc) from None


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
                "aircraft": e.aircraft,
                "episodes": len(e.returns),
                "seeds": seed_range(e.seeds),
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
    if any(e.tracks for e in evaluations):
        pages.append(FigurePage("Ground tracks", lambda fig: _ground_tracks(evaluations, fig)))
    report = Report("flightsim evaluation", tuple(pages))
    return write_pages(report, output)


def seed_range(seeds: Sequence[int]) -> str:
    """``"0-9"`` for consecutive seeds, ``"4"`` for one, else the list (``"1, 5, 7"``)."""
    if len(seeds) > 1 and list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}-{seeds[-1]}"
    return ", ".join(map(str, seeds))


def _ground_tracks(evaluations: Sequence[Evaluation], fig: Figure) -> PlotHandle:
    """One panel per environment: each controller's kept tracks in its own colour (north
    up, east right [ft]), the episodes' waypoints (×) and runway threshold (■), named for
    the first episode."""
    from flightsim.plots import PlotHandle
    from flightsim.plots.style import run_color, style_context

    env_ids = list(dict.fromkeys(e.env_id for e in evaluations))
    controllers = list(dict.fromkeys(e.controller for e in evaluations))
    with style_context():
        axes = fig.subplots(1, len(env_ids), squeeze=False)[0]
        for ax, env_id in zip(axes, env_ids, strict=True):
            for e in (e for e in evaluations if e.env_id == env_id):
                color = run_color(controllers.index(e.controller))
                for i, track in enumerate(e.tracks):
                    label = e.controller if i == 0 else None
                    ax.plot(track[:, EAST], track[:, NORTH], color=color, lw=1.0, label=label)
            kept = [e.marks for e in evaluations if e.env_id == env_id]
            for episode in range(max(map(len, kept))):
                marks = next(m[episode] for m in kept if len(m) > episode)
                for mark in marks:
                    symbol = "s" if mark.name.startswith("runway") else "x"
                    ax.plot(mark.east_ft, mark.north_ft, symbol, color="black", ms=7)
                    if episode == 0:
                        ax.annotate(
                            mark.name,
                            (mark.east_ft, mark.north_ft),
                            fontsize=7,
                            xytext=(4, 4),
                            textcoords="offset points",
                        )
            ax.set_aspect("equal", adjustable="datalim")
            ax.set_title(env_id.split("/")[-1])
            ax.set_xlabel("east [ft]")
            ax.set_ylabel("north [ft]")
            ax.legend(title="controller", fontsize=8)
    return PlotHandle("Ground tracks", fig, list(axes))
