"""The classical baseline for every task: a PID autopilot toward the task's targets.

The task supplies the targets (:meth:`Task.autopilot_targets`: bank and
pitch commands, heading/altitude/speed, a path-following heading between
waypoints, a localizer heading and a led glide-path altitude), the
:class:`~flightsim.control.Autopilot` turns them into surface and throttle
commands, and this policy hands those back as actions in ``[-1, 1]``.
"""

from __future__ import annotations

from typing import Any

import gymnasium
import numpy as np

from flightsim.control.autopilot import AILERON, ELEVATOR, RUDDER, THROTTLE, Autopilot
from flightsim.envs.env import FlightEnv
from flightsim.errors import ConfigError


class BaselinePolicy:
    """``policy(observation) -> action`` flying ``env``'s task with PID loops.

    It reads the aircraft's state from the environment itself (the
    observation is not needed) and engages its autopilot at the first call
    of each episode.
    """

    def __init__(self, env: gymnasium.Env[Any, Any]) -> None:
        unwrapped = env.unwrapped
        if not isinstance(unwrapped, FlightEnv):
            raise ConfigError(f"BaselinePolicy flies flightsim environments, not {unwrapped!r}")
        self.env = unwrapped
        self.autopilot = Autopilot(
            max_bank_deg=unwrapped.profile.max_bank_deg,
            throttle_properties=unwrapped.throttle_properties,
        )
        self._episode_steps = -1

    def __call__(self, observation: Any = None) -> np.ndarray:
        env = self.env
        if not env.started:  # the task's targets are drawn at reset
            raise ConfigError(
                "BaselinePolicy called before env.reset(): reset the environment first "
                "(env.reset(seed=...)); the task has no targets yet"
            )
        fdm = env.sim.fdm
        if env.elapsed_steps == 0 or env.elapsed_steps < self._episode_steps:
            self.autopilot.engage(fdm)
        self._episode_steps = env.elapsed_steps
        s, north, east = env.local_state()
        self.autopilot.targets = env.task.autopilot_targets(s, north, east)
        c = self.autopilot.update(fdm, env.agent_dt_s)
        values = {
            "aileron": c[AILERON],
            "elevator": c[ELEVATOR],
            "rudder": c[RUDDER],
            "throttle": 2.0 * c[THROTTLE] - 1.0,
        }
        return np.array([values[name] for name in env.controls], dtype=np.float32)
