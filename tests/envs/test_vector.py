"""The in-process vector environment and AsyncVectorEnv."""

from __future__ import annotations

import gymnasium
import numpy as np
import pytest

import flightsim  # noqa: F401
from flightsim.envs import FlightEnv, FlightVectorEnv


def test_make_vec_matches_single_envs_and_autoresets() -> None:
    vec = gymnasium.make_vec("flightsim/AttitudeTracking-v0", num_envs=2, duration_s=0.5)
    assert isinstance(vec, FlightVectorEnv)
    obs, _ = vec.reset(seed=10)
    assert obs.shape == (2, 18) and obs.dtype == np.float32
    single = FlightEnv("AttitudeTracking", duration_s=0.5)
    expected, _ = single.reset(seed=11)
    assert np.array_equal(obs[1], expected)
    actions = np.tile(np.array([0.1, -0.1, 0.0, 0.5], np.float32), (2, 1))
    for _ in range(5):
        obs, rewards, terminated, truncated, infos = vec.step(actions)
        e_obs, e_reward, *_ = single.step(actions[1])
        assert np.array_equal(obs[1], e_obs) and rewards[1] == e_reward
    assert truncated.tolist() == [True, True] and not terminated.any()
    assert infos["_is_success"].all()
    obs, rewards, terminated, truncated, infos = vec.step(actions)  # the autoreset step
    assert rewards.tolist() == [0.0, 0.0] and infos["time_s"].tolist() == [0.0, 0.0]
    vec.close()


def test_async_vector_env_steps_flightsim() -> None:
    vec = gymnasium.vector.AsyncVectorEnv(
        [lambda: gymnasium.make("flightsim/HeadingAltitude-v0")] * 2
    )
    obs, _ = vec.reset(seed=0)
    obs, rewards, *_ = vec.step(np.zeros((2, 4), np.float32))
    assert obs.shape == (2, 17) and np.all(np.isfinite(obs)) and rewards.shape == (2,)
    vec.close()


def test_rllib_helper_builds_envs_and_names_the_extra() -> None:
    from flightsim.envs import rllib
    from flightsim.errors import MissingExtraError

    env = rllib.make_env("Waypoints", {"agent_hz": 20.0})
    assert env.agent_dt_s == 0.05 and env.task.name == "Waypoints"
    env.close()
    try:
        import ray.tune.registry  # noqa: F401
    except ImportError:
        with pytest.raises(MissingExtraError, match=r"flightsim\[rllib\]"):
            rllib.register_rllib_envs()
    else:
        from ray.tune.registry import ENV_CREATOR, _global_registry

        assert "flightsim/Waypoints-v0" in rllib.register_rllib_envs()
        assert _global_registry.contains(ENV_CREATOR, "flightsim/Waypoints-v0")
