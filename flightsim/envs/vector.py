"""Many environments stepped in one process with batched numpy arrays.

:class:`FlightVectorEnv` holds ``num_envs`` :class:`~flightsim.envs.FlightEnv`
(each with its own JSBSim instance) and steps them in turn: actions come in as
one ``(num_envs, n_actions)`` array, observations, rewards and flags go out as
arrays, infos in Gymnasium's vector form (each key with a ``_key`` mask),
read from one float64 table the steps fill row by row (:class:`InfoTable`,
also what the process vector env's workers fill in shared memory).
Episodes reset on the step after they end (``AutoresetMode.NEXT_STEP``, the
Gymnasium 1.x default; ``autoreset_mode=`` picks another,
:mod:`flightsim.envs.autoreset`). ``gymnasium.make_vec("flightsim/...-v0", num_envs=8)``
builds it (:func:`make_vector_env`, which the IDs' ``vector_entry_point`` calls with
the ID's task, :mod:`flightsim.envs.entry_points`); across
processes, ``make_vec(..., workers=2)`` builds a
:class:`~flightsim.envs.procvector.FlightProcessVectorEnv` (several
environments per process, one round trip per batch step), and
``gymnasium.vector.AsyncVectorEnv`` with ``gymnasium.make`` thunks works too.
"""

from __future__ import annotations

import copy
import dataclasses
import numbers
import pickle
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from gymnasium.envs.registration import EnvSpec
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from flightsim.envs._stepkernel_pure import NONFINITE_FAILURE
from flightsim.envs.arguments import check_keywords, env_count, keyword_names, whole
from flightsim.envs.attributes import call_each, checked_name, set_each, values_for
from flightsim.envs.env import FlightEnv, episode_seed
from flightsim.envs.tasks import Task
from flightsim.errors import ConfigError, SimulationError

ENV_KEYWORDS: list[str] = keyword_names(FlightEnv.__init__)
"""The keyword arguments of :class:`FlightEnv`, which the vector envs pass on."""


class FlightVectorBase(VectorEnv[Any, np.ndarray, np.ndarray]):
    """What both vector envs derive from their ``call``: ``get_attr``, and each
    environment's ``np_random_seed`` and ``np_random`` (tuples, as ``SyncVectorEnv`` and
    ``AsyncVectorEnv`` give)."""

    call: Callable[..., tuple[Any, ...]]
    """Each environment's ``name(*args, **kwargs)`` (each subclass's own)."""

    def get_attr(self, name: str) -> tuple[Any, ...]:
        """Each environment's ``name`` (Gymnasium's ``get_attr``: ``call(name)``); ``"spec"``
        gives each the spec ``SyncVectorEnv``'s environments have: this vector env's (made by
        ``gymnasium.make_vec``) with the environment's keyword arguments only, else None."""
        if name == "spec":
            return tuple(self._single_spec() for _ in range(self.num_envs))
        return self.call(name)

    def _single_spec(self) -> EnvSpec | None:
        if self.spec is None:
            return None
        kwargs = {k: v for k, v in self.spec.kwargs.items() if k in ENV_KEYWORDS}
        return dataclasses.replace(self.spec, kwargs=kwargs)

    @property
    def np_random_seed(self) -> tuple[int, ...]:  # type: ignore[override]
        """Each environment's seed, as ``SyncVectorEnv`` and ``AsyncVectorEnv`` give."""
        return self.get_attr("np_random_seed")

    @property  # type: ignore[misc]  # read-only, as SyncVectorEnv's
    def np_random(self) -> tuple[np.random.Generator, ...]:  # type: ignore[override]
        """Each environment's random generator, as ``SyncVectorEnv`` and ``AsyncVectorEnv``
        give."""
        return self.get_attr("np_random")


class FlightVectorEnv(FlightVectorBase):
    """``num_envs`` flightsim environments in one process (keyword arguments go to each).

    Seeding: ``reset(seed=s)`` seeds environment ``i`` with ``s + i``.
    ``autoreset_mode``: an ``AutoresetMode`` or its string value (default
    ``NEXT_STEP``; :mod:`flightsim.envs.autoreset`), in ``metadata``.
    """

    metadata: dict[str, Any] = {  # noqa: RUF012
        "render_modes": ["rgb_array"],
        "autoreset_mode": AutoresetMode.NEXT_STEP,
    }

    def __init__(
        self,
        num_envs: int = 8,
        *,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        **env_kwargs: Any,
    ) -> None:
        from flightsim.envs.autoreset import Autoreset, block_for, checked_autoreset_mode

        self.envs: list[FlightEnv] = []  # what close() releases, whatever is refused below
        num_envs = env_count(num_envs)
        check_keywords("FlightVectorEnv", env_kwargs, ["num_envs", "autoreset_mode", *ENV_KEYWORDS])
        mode = checked_autoreset_mode(autoreset_mode)
        if env_kwargs.get("dict_observations"):
            raise ConfigError(
                "FlightVectorEnv batches vector observations: no dict_observations. "
                + GYMNASIUMS_INSTEAD
            )
        if env_kwargs.get("render_mode") == "human":
            raise ConfigError(
                "FlightVectorEnv renders rgb_array frames, one per environment: "
                "render_mode='human' would open a window each. Make it with "
                "render_mode='rgb_array' and wrap it in gymnasium.wrappers.vector.HumanRendering "
                "for one window of all of them (it needs pygame: pip install pygame)"
            )
        try:
            self.envs.extend(FlightEnv(**own_task(env_kwargs)) for _ in range(num_envs))
        except BaseException:  # those built so far are released, not left to the collector
            self.close_extras()
            raise
        self.num_envs = num_envs
        first = self.envs[0]
        self.single_observation_space = first.observation_space
        self.single_action_space = first.action_space
        self.observation_space = batch_space(first.observation_space, num_envs)
        self.action_space = batch_space(first.action_space, num_envs)
        self.render_mode = first.render_mode
        size = first.observation_space.shape[0]  # type: ignore[index]
        self._observations = np.zeros((num_envs, size), np.float32)
        self._infos = InfoTable(first.task)
        self._table = self._infos.empty(num_envs)
        self._pending = [False] * num_envs
        self.metadata = {
            **self.metadata,
            "autoreset_mode": mode,
            "render_fps": first.metadata["render_fps"],  # as SyncVectorEnv's (HumanRendering)
        }
        final_obs, final_table = np.zeros_like(self._observations), self._infos.empty(num_envs)
        self._step_block = block_for(mode, final_obs, final_table)
        self._autoreset = (
            None
            if mode is AutoresetMode.NEXT_STEP
            else Autoreset(mode, self._infos, final_obs, final_table)
        )

    def reset(
        self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every environment (``seed + i`` for environment ``i``), or those where
        ``options["reset_mask"]`` is True (Gymnasium's ``reset_mask``)."""
        from flightsim.envs.autoreset import checked_reset_options, finish_reset

        self._check_open()
        seeds = seeds_for(seed, self.num_envs)
        options = checked_reset_options(options, self.num_envs)
        extras = reset_block(
            self.envs, seeds, options, self._pending, self._infos, self._observations, self._table
        )
        infos = self._infos.batch(self._table, extras)[3]
        return self._observations.copy(), finish_reset(self._autoreset, infos, options)

    def step(
        self, actions: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every environment with its row of ``actions``; reset those that ended
        (as ``metadata["autoreset_mode"]`` says)."""
        self._check_open()
        rows = checked_actions(actions, self.single_action_space, self.num_envs).tolist()
        if self._autoreset is not None:
            self._autoreset.before_step()
        extras = self._step_block(
            self.envs, rows, self._pending, self._infos, self._observations, self._table
        )
        rewards, terminated, truncated, infos = self._infos.batch(self._table, extras)
        if self._autoreset is not None:
            self._autoreset.after_step(terminated, truncated, infos, extras)
        return self._observations.copy(), rewards, terminated, truncated, infos

    def render(self) -> tuple[Any, ...] | None:
        """Each environment's frame (``render_mode="rgb_array"``)."""
        if self.render_mode is None:
            return None
        return tuple(env.render() for env in self.envs)

    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """Each environment's ``name(*args, **kwargs)``, or its value if not callable
        (Gymnasium's ``call``, :mod:`flightsim.envs.attributes`)."""
        self._check_open()
        return tuple(call_each(self.envs, checked_name(name), args, kwargs).values())

    def set_attr(self, name: str, values: list[Any] | tuple[Any, ...] | Any) -> None:
        """Set ``name`` to ``values`` on every environment, or to one value each if
        ``values`` is a list or tuple of ``num_envs`` (Gymnasium's ``set_attr``)."""
        self._check_open()
        name = checked_name(name)
        set_each(self.envs, name, values_for(name, values, self.num_envs))

    def _check_open(self) -> None:
        if self.closed:
            raise SimulationError("this vector env is closed: make a new one")

    def close_extras(self, **kwargs: Any) -> None:
        """Release every JSBSim instance."""
        for env in self.envs:
            env.close()
        self.envs.clear()


def make_vector_env(num_envs: int = 8, *, workers: int = 0, **env_kwargs: Any) -> Any:
    """What ``gymnasium.make_vec(id, num_envs=N)`` builds: the registered IDs'
    ``vector_entry_point`` calls it with the ID's task (:mod:`flightsim.envs.entry_points`).

    ``workers=0`` (default): :class:`FlightVectorEnv`, every environment in
    this process; ``workers=k``: a
    :class:`~flightsim.envs.procvector.FlightProcessVectorEnv` over ``k``
    processes (``gymnasium.make_vec(id, num_envs=8, workers=2)``).
    ``autoreset_mode=`` goes to either (``make_vec(id, num_envs=8,
    autoreset_mode="SameStep")``; Gymnasium refuses ``vector_kwargs`` here).
    """
    check_keywords(
        "gymnasium.make_vec",
        env_kwargs,
        ["num_envs", "workers", "context", "spin_us", "autoreset_mode", *ENV_KEYWORDS],
    )
    num_envs = env_count(num_envs)
    workers = whole("workers", workers, 0, num_envs, "num_envs")  # 0: all in this process
    for own in ("context", "spin_us"):
        if own in env_kwargs and not workers:
            raise ConfigError(f"{own}= is an option of worker processes: give workers= too")
    if workers:
        from flightsim.envs.procvector import FlightProcessVectorEnv

        return FlightProcessVectorEnv(num_envs, workers=workers, **env_kwargs)
    return FlightVectorEnv(num_envs, **env_kwargs)


GYMNASIUMS_INSTEAD = (
    "Gymnasium's own vector envs take them: gymnasium.make_vec(id, num_envs=N, "
    "vectorization_mode='sync' (one process) or 'async' (a process each), ...)"
)
"""What the vector envs' refusals of ``dict_observations`` (and ``render_mode`` across
processes) suggest instead."""


def own_task(env_kwargs: dict[str, Any], *, pickled: bool = False) -> dict[str, Any]:
    """``env_kwargs`` for one environment of a vector env: with a copy of a :class:`Task`
    instance given as ``task``, since an environment keeps its episode's targets in its
    task (environments sharing one had flown the targets the last reset drew). The copy is
    pickled and unpickled when ``pickled`` (the way to a spawned worker process); a task that
    cannot be copied so is a ConfigError that says to give its class."""
    task = env_kwargs.get("task")
    if not isinstance(task, Task):
        return env_kwargs
    try:
        copied = pickle.loads(pickle.dumps(task)) if pickled else copy.deepcopy(task)
    except Exception as exc:  # whatever the task's attributes raise (a lock, an open file)
        name, how = type(task).__name__, "pickled" if pickled else "copied"
        raise ConfigError(
            f"task={name}(...) cannot be {how} ({type(exc).__name__}: "
            f"{exc}), and a vector env gives each environment a copy of a Task instance (each "
            f"keeps its episode's targets): give the class, task={name}, or make the instance "
            "copyable"
        ) from None
    return {**env_kwargs, "task": copied}


def seeds_for(seed: int | list[int | None] | None, num_envs: int) -> list[int | None]:
    """Each environment's seed: ``seed + i`` for environment ``i``, or the list given."""
    if isinstance(seed, numbers.Integral):  # a numpy integer too
        seed = episode_seed(seed)
    if seed is None or isinstance(seed, int):
        return [None if seed is None else seed + i for i in range(num_envs)]
    if isinstance(seed, (str, bytes)) or not isinstance(seed, Iterable):
        raise ConfigError(
            f"seed={seed!r}: give an int (environment i gets seed + i), a list of "
            f"{num_envs} ints, or None"
        )
    seeds = list(seed)
    if len(seeds) != num_envs:
        raise ConfigError(f"give {num_envs} seeds, not {len(seeds)}")
    return seeds


ENV_FAILURES: tuple[str, ...] = ("", "crash", "attitude", "left area", NONFINITE_FAILURE)
"""The failure reasons :class:`FlightEnv` gives itself (``info["failure"]``, "" for none);
each task adds its own (:attr:`Task.failures <flightsim.envs.tasks.Task.failures>`)."""

# the columns of an info table row before the reward terms' presence flags and values
_REWARD, _TRACKING, _TIME, _FAILURE, _ONE, _TERMINATED, _TRUNCATED, _SUCCESS = range(8)
_UNLISTED = -1.0
"""Failure code of an info that does not fit the table (its failure or a reward term is not
declared): its whole info travels beside the table (``extras``)."""


class InfoTable:
    """The rewards, flags and infos of a batch of environments as one float64 table.

    One row per environment: reward, tracking_error, time_s, the failure's
    code (its index in :attr:`failures`), 1 (the all-True mask), terminated,
    truncated, is_success, whether the info has each reward term (1 or 0),
    then each term's value. :meth:`row` encodes one step's results;
    :meth:`batch` turns a table (and the infos that did not fit it) into
    rewards, flags and Gymnasium's vector info dict (each ``key`` array with
    a ``_key`` mask, what ``VectorEnv._add_info`` builds env by env) with a
    few numpy operations whatever the number of environments: every boolean
    array comes from one comparison, every number is a view of one copy.
    The in-process vector env fills a table of its own, the worker processes
    of :class:`~flightsim.envs.procvector.FlightProcessVectorEnv` fill
    blocks of a shared one.

    The reward terms are the task's declared ones (:attr:`Task.reward_terms
    <flightsim.envs.tasks.Task.reward_terms>`) and the environment's
    ``"failure"``; a term absent from an info (an episode that just reset
    has none) gets 0 and a False mask; a term absent from every info is left
    out, as Gymnasium does.
    """

    def __init__(self, task: Task) -> None:
        self.terms: tuple[str, ...] = (*task.reward_terms, "failure")
        self.failures: tuple[str, ...] = (*ENV_FAILURES, *task.failures)
        self.codes = {failure: float(code) for code, failure in enumerate(self.failures)}
        """Each known failure string's code."""
        self._names = np.array(self.failures, dtype=object)
        self._term_masks = [(name, "_" + name) for name in self.terms]
        self.width = _SUCCESS + 1 + 2 * len(self.terms)

    def empty(self, num_envs: int) -> np.ndarray:
        """A zeroed table for ``num_envs`` environments."""
        return np.zeros((num_envs, self.width), np.float64)

    def row(
        self, reward: float, terminated: bool, truncated: bool, info: dict[str, Any]
    ) -> list[Any]:
        """One environment's row; code :data:`_UNLISTED` if ``info`` must travel beside it.

        The step kernels write the usual step's row themselves
        (:meth:`~flightsim.envs._stepkernel_pure.StepKernel.step_into`)."""
        terms = info["reward_terms"]
        code = self.codes.get(info["failure"], _UNLISTED)
        head = [reward, info["tracking_error"], info["time_s"], code, 1.0]
        flags = [terminated, truncated, info["is_success"]]
        if len(terms) > sum(name in terms for name in self.terms):
            head[_FAILURE] = _UNLISTED  # an undeclared term
        present = [name in terms for name in self.terms]
        return [*head, *flags, *present, *[terms.get(name, 0.0) for name in self.terms]]

    def batch(
        self, table: np.ndarray, extras: dict[int, dict[str, Any]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Rewards, terminated, truncated and the vector info dict of ``table``'s rows.

        ``extras`` maps an environment's index to its info when its row's
        failure code is :data:`_UNLISTED` (filled in here: its failure string
        and undeclared reward terms).
        """
        n, k = len(table), len(self.terms)
        columns = table.T.copy()  # one copy: every number below is a view of it
        booleans = columns[_ONE : _SUCCESS + 1 + k] != 0.0
        everyone, terminated, truncated, success = booleans[: _SUCCESS + 1 - _ONE]
        present, values = booleans[_SUCCESS + 1 - _ONE :], columns[_SUCCESS + 1 + k :]
        if b"\x00" not in present.tobytes():  # the usual case (bytes: no Python-level all())
            everywhere = somewhere = [True] * k
        else:
            everywhere, somewhere = present.all(axis=1).tolist(), present.any(axis=1).tolist()
        terms: dict[str, Any] = {}
        for j, (name, mask) in enumerate(self._term_masks):
            if somewhere[j]:
                terms[name] = values[j]
                terms[mask] = everyone if everywhere[j] else present[j]
        failure = self._names[columns[_FAILURE].astype(np.intp)]  # unlisted: set below
        for i, info in extras.items():
            failure[i] = info["failure"]
            for name, value in info["reward_terms"].items():
                if name not in self.terms:
                    terms.setdefault(name, np.zeros(n, np.float64))[i] = value
                    terms.setdefault("_" + name, np.zeros(n, bool))[i] = True
        infos = {
            "reward_terms": terms,
            "_reward_terms": everyone,
            "is_success": success,
            "_is_success": everyone,
            "failure": failure,
            "_failure": everyone,
            "tracking_error": columns[_TRACKING],
            "_tracking_error": everyone,
            "time_s": columns[_TIME],
            "_time_s": everyone,
        }
        return columns[_REWARD], terminated, truncated, infos


def checked_actions(actions: Any, single: Any, num_envs: int) -> np.ndarray:
    """``actions`` as a float32 ``(num_envs, n)`` array for the single action space
    ``single``, or a :class:`ConfigError` naming the shape expected (nothing is stepped)."""
    expected = (num_envs, *single.shape)
    try:  # complex numbers are no actions (numpy would drop their imaginary parts)
        array = None if np.iscomplexobj(actions) else np.asarray(actions, dtype=np.float32)
    except (TypeError, ValueError):
        array = None
    if array is None or array.shape != expected:
        got = "not numbers" if array is None else f"shape {array.shape}"
        raise ConfigError(
            f"actions: give an array of shape {expected} (one row per environment), got {got}"
        )
    return array


def step_block(
    envs: list[Any],
    actions: list[list[float]],
    pending: list[bool],
    infos: InfoTable,
    obs_out: np.ndarray,
    table_out: np.ndarray,
    offset: int = 0,
) -> dict[int, dict[str, Any]]:
    """Step each of ``envs`` with its row of ``actions``, or reset it if ``pending``.

    The autoreset of ``AutoresetMode.NEXT_STEP``: an environment whose episode
    ended at the last step resets instead (reward 0, no flags); ``pending``
    is updated in place. Observations go to the rows of ``obs_out``,
    rewards, flags and infos to those of ``table_out`` (an
    :class:`InfoTable`'s): the step kernel writes the usual step's rows
    itself (:meth:`FlightEnv.step_into <flightsim.envs.FlightEnv.step_into>`,
    no observation or info dict made: in a vector env, Python's work per
    environment beside JSBSim's is what loses speed, docs/environments.md,
    "Speed"). Returns the infos that do not fit the table, by index plus
    ``offset``.
    """
    codes, terms = infos.codes, infos.terms
    extras: dict[int, dict[str, Any]] = {}
    for j, env in enumerate(envs):
        if pending[j]:
            obs, info = env.reset()
            pending[j] = False
            _put(
                j, obs, infos.row(0.0, False, False, info), info, obs_out, table_out, extras, offset
            )
            continue
        ended = env.step_into(actions[j], obs_out, table_out, j, codes, terms)
        if ended is True or ended is False:  # the usual step: written
            pending[j] = ended
            continue
        obs, reward, terminated, truncated, info = ended
        pending[j] = bool(terminated or truncated)
        values = infos.row(reward, terminated, truncated, info)
        _put(j, obs, values, info, obs_out, table_out, extras, offset)
    return extras


def reset_block(
    envs: list[Any],
    seeds: list[int | None],
    options: dict[str, Any] | None,
    pending: list[bool],
    infos: InfoTable,
    obs_out: np.ndarray,
    table_out: np.ndarray,
    offset: int = 0,
) -> dict[int, dict[str, Any]]:
    """Reset each of ``envs`` with its seed, or only those ``options["reset_mask"]`` marks
    (checked by :func:`~flightsim.envs.autoreset.checked_reset_options`); write as
    :func:`step_block` does. An environment left alone keeps its last observation, and
    its table row is zeroed, so that it is absent from the infos
    (:func:`~flightsim.envs.autoreset.only_present`)."""
    mask = [True] * len(envs)
    if options is not None and "reset_mask" in options:
        options = dict(options)
        mask = options.pop("reset_mask").tolist()
    extras: dict[int, dict[str, Any]] = {}
    for j, (env, seed, chosen) in enumerate(zip(envs, seeds, mask, strict=True)):
        if not chosen:
            table_out[j] = 0.0
            continue
        obs, info = env.reset(seed=seed, options=options)
        _put(j, obs, infos.row(0.0, False, False, info), info, obs_out, table_out, extras, offset)
        pending[j] = False
    return extras


def _put(
    j: int,
    obs: np.ndarray,
    values: list[Any],
    info: dict[str, Any],
    obs_out: np.ndarray,
    table_out: np.ndarray,
    extras: dict[int, dict[str, Any]],
    offset: int,
) -> None:
    """Write environment ``j``'s observation and table row; keep its info in ``extras``
    (at ``j + offset``) when the row cannot hold it (:data:`_UNLISTED`)."""
    obs_out[j] = obs
    table_out[j] = values
    if values[_FAILURE] == _UNLISTED:
        extras[offset + j] = info
