"""Many environments stepped in one process with batched numpy arrays.

:class:`FlightVectorEnv` holds ``num_envs`` :class:`~flightsim.envs.FlightEnv`
(each with its own JSBSim instance) and steps them in turn: actions come in as
one ``(num_envs, n_actions)`` array, observations, rewards and flags go out as
arrays, infos in Gymnasium's vector form (each key with a ``_key`` mask).
Episodes reset on the step after they end (``AutoresetMode.NEXT_STEP``, the
Gymnasium 1.x default). ``gymnasium.make_vec("flightsim/...-v0", num_envs=8)``
builds it (the IDs' ``vector_entry_point``, :func:`make_vector_env`); across
processes, ``make_vec(..., workers=2)`` builds a
:class:`~flightsim.envs.procvector.FlightProcessVectorEnv` (several
environments per process, one round trip per batch step), and
``gymnasium.vector.AsyncVectorEnv`` with ``gymnasium.make`` thunks works too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from flightsim.envs.arguments import check_keywords, keyword_names
from flightsim.envs.env import FlightEnv
from flightsim.errors import ConfigError

ENV_KEYWORDS: list[str] = keyword_names(FlightEnv.__init__)
"""The keyword arguments of :class:`FlightEnv`, which the vector envs pass on."""


class FlightVectorEnv(VectorEnv[Any, np.ndarray, np.ndarray]):
    """``num_envs`` flightsim environments in one process (keyword arguments go to each).

    Seeding: ``reset(seed=s)`` seeds environment ``i`` with ``s + i``.
    """

    metadata: dict[str, Any] = {  # noqa: RUF012
        "render_modes": ["rgb_array"],
        "autoreset_mode": AutoresetMode.NEXT_STEP,
    }

    def __init__(self, num_envs: int = 8, **env_kwargs: Any) -> None:
        if num_envs < 1:
            raise ConfigError(f"num_envs must be >= 1, got {num_envs}")
        env_kwargs.pop("max_episode_steps", None)
        check_keywords("FlightVectorEnv", env_kwargs, ["num_envs", *ENV_KEYWORDS])
        if env_kwargs.get("dict_observations"):
            raise ConfigError("FlightVectorEnv batches vector observations: no dict_observations")
        self.envs = [FlightEnv(**env_kwargs) for _ in range(num_envs)]
        self.num_envs = num_envs
        first = self.envs[0]
        self.single_observation_space = first.observation_space
        self.single_action_space = first.action_space
        self.observation_space = batch_space(first.observation_space, num_envs)
        self.action_space = batch_space(first.action_space, num_envs)
        self.render_mode = first.render_mode
        size = first.observation_space.shape[0]  # type: ignore[index]
        self._observations = np.zeros((num_envs, size), np.float32)
        self._needs_reset = np.zeros(num_envs, bool)

    def reset(
        self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every environment (``seed + i`` for environment ``i``)."""
        seeds = seeds_for(seed, self.num_envs)
        infos = []
        for i, (env, s) in enumerate(zip(self.envs, seeds, strict=True)):
            self._observations[i], info = env.reset(seed=s, options=options)
            infos.append(info)
        self._needs_reset[:] = False
        return self._observations.copy(), batch_infos(infos)

    def step(
        self, actions: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every environment with its row of ``actions``; reset those that ended."""
        rewards = np.zeros(self.num_envs, np.float64)
        terminated = np.zeros(self.num_envs, bool)
        truncated = np.zeros(self.num_envs, bool)
        infos: list[dict[str, Any]] = []
        rows = np.asarray(actions, dtype=np.float32)
        for i, env in enumerate(self.envs):
            if self._needs_reset[i]:
                self._observations[i], info = env.reset()
            else:
                obs, reward, term, trunc, info = env.step(rows[i])
                self._observations[i] = obs
                rewards[i], terminated[i], truncated[i] = reward, term, trunc
            infos.append(info)
        self._needs_reset = terminated | truncated
        return self._observations.copy(), rewards, terminated, truncated, batch_infos(infos)

    def render(self) -> tuple[Any, ...] | None:
        """Each environment's frame (``render_mode="rgb_array"``)."""
        if self.render_mode is None:
            return None
        return tuple(env.render() for env in self.envs)

    def close_extras(self, **kwargs: Any) -> None:
        """Release every JSBSim instance."""
        for env in self.envs:
            env.close()


def make_vector_env(num_envs: int = 8, *, workers: int = 0, **env_kwargs: Any) -> Any:
    """The registered IDs' ``vector_entry_point``: ``gymnasium.make_vec(id, num_envs=N)``.

    ``workers=0`` (default): :class:`FlightVectorEnv`, every environment in
    this process; ``workers=k``: a
    :class:`~flightsim.envs.procvector.FlightProcessVectorEnv` over ``k``
    processes (``gymnasium.make_vec(id, num_envs=8, workers=2)``).
    """
    env_kwargs.pop("max_episode_steps", None)
    check_keywords(
        "gymnasium.make_vec", env_kwargs, ["num_envs", "workers", "context", *ENV_KEYWORDS]
    )
    if "context" in env_kwargs and not workers:
        raise ConfigError("context= is the start method of worker processes: give workers= too")
    if workers:
        from flightsim.envs.procvector import FlightProcessVectorEnv

        return FlightProcessVectorEnv(num_envs, workers=workers, **env_kwargs)
    return FlightVectorEnv(num_envs, **env_kwargs)


def seeds_for(seed: int | list[int | None] | None, num_envs: int) -> list[int | None]:
    """Each environment's seed: ``seed + i`` for environment ``i``, or the list given."""
    if seed is None or isinstance(seed, int):
        return [None if seed is None else seed + i for i in range(num_envs)]
    seeds = list(seed)
    if len(seeds) != num_envs:
        raise ConfigError(f"give {num_envs} seeds, not {len(seeds)}")
    return seeds


def batch_infos(infos: list[dict[str, Any]]) -> dict[str, Any]:
    """Gymnasium's vector info form (``key`` arrays with ``_key`` masks) of flightsim infos.

    Every flightsim info has the same keys, so this builds each array once
    instead of growing them env by env (``VectorEnv._add_info``): one 2-D
    array for the numbers, its columns handed out as views. Reward terms
    absent from some infos (an episode that just reset has none) get 0 and
    a False mask.
    """
    n = len(infos)
    everyone = np.ones(n, bool)
    term_dicts = [info["reward_terms"] for info in infos]
    names = list(dict.fromkeys(k for d in term_dicts for k in d))
    terms: dict[str, Any] = {}
    if names:
        if all(len(d) == len(names) for d in term_dicts):  # every env has every term
            table = np.array([[d[k] for k in names] for d in term_dicts], np.float64)
            masks = [everyone] * len(names)
        else:
            table = np.array([[d.get(k, 0.0) for k in names] for d in term_dicts], np.float64)
            present = np.array([[k in d for k in names] for d in term_dicts], bool)
            masks = list(present.T)
        for j, name in enumerate(names):
            terms[name] = table[:, j]
            terms["_" + name] = masks[j]
    numbers = np.array(
        [(info["is_success"], info["tracking_error"], info["time_s"]) for info in infos],
        np.float64,
    ).reshape(n, 3)
    return {
        "reward_terms": terms,
        "_reward_terms": everyone,
        "is_success": numbers[:, 0] != 0.0,
        "_is_success": everyone,
        "failure": np.array([info["failure"] for info in infos], dtype=object),
        "_failure": everyone,
        "tracking_error": numbers[:, 1],
        "_tracking_error": everyone,
        "time_s": numbers[:, 2],
        "_time_s": everyone,
    }
