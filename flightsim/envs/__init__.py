"""Gymnasium environments: a Simulation flown through a task.

Registered IDs (see :mod:`flightsim.envs.registration`)::

    import gymnasium
    import flightsim  # registers; either import order works

    env = gymnasium.make("flightsim/HeadingAltitude-v0")
    env = gymnasium.make("flightsim:flightsim/Waypoints-v0", aircraft="f16")

Names load lazily: ``import flightsim.envs`` imports neither Gymnasium nor numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from flightsim.envs.registration import ENV_IDS, register_envs

_EXPORTS = {
    "FlightEnv": "flightsim.envs.env",
    "CONTROLS": "flightsim.envs.env",
    "AircraftProfile": "flightsim.envs.profiles",
    "FlightVectorEnv": "flightsim.envs.vector",
    "FlightProcessVectorEnv": "flightsim.envs.procvector",
    "TASKS": "flightsim.envs.tasks",
    "Task": "flightsim.envs.tasks",
    "BaselinePolicy": "flightsim.envs.baseline",
}

__all__ = ["CONTROLS", "ENV_IDS", "TASKS", "AircraftProfile", "BaselinePolicy", "FlightEnv"]
__all__ += ["FlightVectorEnv", "Task", "register_envs"]
__all__ += ["FlightProcessVectorEnv"]

if TYPE_CHECKING:
    from flightsim.envs.baseline import BaselinePolicy
    from flightsim.envs.env import CONTROLS, FlightEnv
    from flightsim.envs.procvector import FlightProcessVectorEnv
    from flightsim.envs.profiles import AircraftProfile
    from flightsim.envs.tasks import TASKS, Task
    from flightsim.envs.vector import FlightVectorEnv


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'flightsim.envs' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
