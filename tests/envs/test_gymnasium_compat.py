"""flightsim's environments under what RL users put on top of them: Gymnasium 1.x's
copies, wrappers, vector wrappers and ``make``/``make_vec`` round trips."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import gymnasium
import numpy as np
import pytest

import flightsim  # noqa: F401  (registers the IDs)
from flightsim.envs import FlightEnv
from flightsim.errors import ConfigError, ConfigTypeError

ID = "flightsim/AttitudeTracking-v0"


def _episode(env: Any, seed: int, steps: int) -> list[bytes]:
    """Observations and rewards of ``steps`` seeded random steps, as bytes."""
    obs, _ = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    out = [obs.tobytes()]
    for _ in range(steps):
        action = (0.3 * rng.uniform(-1, 1, env.action_space.shape)).astype(np.float32)
        obs, reward, terminated, truncated, _ = env.step(action)
        out.append(obs.tobytes() + np.float64(reward).tobytes() + bytes([terminated, truncated]))
    return out


def test_a_copy_or_pickle_before_reset_flies_the_same_episodes() -> None:
    env = gymnasium.make(ID, wind_kts="5 m/s", duration_s=2.0)
    env.unwrapped.turbulence = "light"  # set after construction: the copies keep it
    env.action_space.seed(3)
    env.unwrapped.np_random  # noqa: B018  (the generator exists: the copies continue it)
    copies = [copy.deepcopy(env), pickle.loads(pickle.dumps(env))]
    for other in copies:
        assert type(other) is FlightEnv and other is not env and other.sim is not env.sim
        assert other.spec == env.spec and other.spec.kwargs["wind_kts"] == "5 m/s"
        assert (other.turbulence, other.wind_kts) == ("light", env.wind_kts)
        assert other.np_random_seed == env.np_random_seed
    samples = [env.action_space.sample().tobytes() for _ in range(3)]
    for other in copies:
        assert [other.action_space.sample().tobytes() for _ in range(3)] == samples
    unseeded = [e.reset()[0].tobytes() for e in (env, *copies)]  # the generator's next draws
    assert unseeded[1:] == unseeded[:1] * 2
    want = _episode(env, 11, 25)  # through a truncation at step 20
    for other in copies:
        assert _episode(other, 11, 25) == want
        other.close()
    env.close()


def test_copying_a_reset_or_closed_env_is_refused_with_what_to_do() -> None:
    env = FlightEnv("AttitudeTracking")
    env.reset(seed=0)
    for attempt in (copy.deepcopy, pickle.dumps, copy.copy):
        with pytest.raises(ConfigTypeError, match="cannot be copied or pickled once reset") as e:
            attempt(env)
        assert isinstance(e.value, TypeError) and "reset(seed=s) and the same actions" in str(
            e.value
        )
    env.close()
    with pytest.raises(ConfigTypeError, match="this environment is closed"):
        copy.deepcopy(env)


def test_a_wrapped_env_copies_with_its_wrappers() -> None:
    env = gymnasium.wrappers.RecordEpisodeStatistics(gymnasium.make(ID, max_episode_steps=7))
    twin = copy.deepcopy(env)
    assert (
        str(twin)
        == "<RecordEpisodeStatistics<TimeLimit<FlightEnv<flightsim/AttitudeTracking-v0>>>>"
    )
    twin.reset(seed=1)
    for step in range(1, 8):
        *_, terminated, truncated, info = twin.step(np.zeros(4, np.float32))
        assert truncated == (step == 7) and not terminated
    assert info["episode"]["l"] == 7
    for e in (env, twin):
        e.close()


def test_config_type_error_is_both() -> None:
    assert issubclass(ConfigTypeError, ConfigError) and issubclass(ConfigTypeError, TypeError)
