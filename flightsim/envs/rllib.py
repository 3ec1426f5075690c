"""Ray RLlib: register every flightsim environment with Ray's registry, by its Gymnasium ID.

    from flightsim.envs.rllib import register_rllib_envs
    register_rllib_envs()
    config = PPOConfig().environment("flightsim/HeadingAltitude-v0", env_config={...})

RLlib builds environments from its own registry (``ray.tune.registry.register_env``)
and passes ``env_config`` as a dict: it becomes the environment's keyword
arguments. Needs the optional extra ``rllib`` (``pip install 'flightsim[rllib]'``: Ray with RLlib
and torch; plain Ray, the ``distributed`` extra, lacks RLlib's dependencies).
"""

from __future__ import annotations

from typing import Any

from flightsim.envs.registration import ENV_IDS
from flightsim.errors import require_extra


def make_env(env_id: str, env_config: Any) -> Any:
    """A :class:`~flightsim.envs.FlightEnv` flying ``env_id``'s task with ``env_config`` as
    kwargs (a ``task`` in it must be of the ID's kind: the ID's entry point, as
    ``gymnasium.make`` calls it)."""
    from flightsim.envs.entry_points import IdEntryPoint
    from flightsim.envs.env import FlightEnv

    return IdEntryPoint(env_id, FlightEnv)(**dict(env_config or {}))


def register_rllib_envs() -> list[str]:
    """Register every flightsim ID with Ray Tune's registry; returns the IDs."""
    registry: Any = require_extra("ray.tune.registry", "rllib")
    for env_id in ENV_IDS:
        registry.register_env(env_id, lambda config, env_id=env_id: make_env(env_id, config))
    return list(ENV_IDS)
