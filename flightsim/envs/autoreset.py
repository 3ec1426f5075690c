"""Gymnasium 1.x's three autoreset modes in the vector envs (``autoreset_mode=``).

- ``AutoresetMode.NEXT_STEP`` (the default): an environment whose episode
  ended resets at the next step (reward 0, no flags):
  :func:`~flightsim.envs.vector.step_block`, the benchmarked path, which
  nothing here touches.
- ``AutoresetMode.SAME_STEP``: it resets within the step that ended it: the
  step returns the reset observation and info with the step's reward and
  flags, and the last observation and info in ``infos["final_obs"]`` (an
  object array, ``None`` for the environments that did not end) and
  ``infos["final_info"]`` (vector infos of their own), with their masks
  ``_final_obs`` and ``_final_info``, as ``gymnasium.vector.SyncVectorEnv``
  builds them (:func:`same_step_block`, :meth:`Autoreset.after_step`).
- ``AutoresetMode.DISABLED``: nothing resets by itself
  (:func:`step_all_block`); ``reset(options={"reset_mask": mask})`` resets
  the environments where the boolean ``mask`` is True, and stepping an
  environment that ended without resetting it is refused, nothing stepped
  (``SyncVectorEnv`` fails an assertion).

The mode is chosen once, at construction: the vector env (or each worker
process) calls the block function :func:`block_for` gives, whose signature is
``step_block``'s.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
from gymnasium.vector import AutoresetMode

from flightsim.envs.vector import (
    _FAILURE,
    _ONE,
    _REWARD,
    _TERMINATED,
    _TRUNCATED,
    _UNLISTED,
    InfoTable,
    _put,
    step_block,
)
from flightsim.errors import ConfigError, ConfigTypeError, SimulationError

BlockFunction = Callable[..., dict[int, dict[str, Any]]]
"""A batch step of a block of environments, with :func:`~flightsim.envs.vector.step_block`'s
arguments and result."""

FINAL_INFO = "final_info"
"""The key under which an ended environment's info, when the table cannot hold it, travels
beside its reset info (in a block function's extras)."""


def checked_autoreset_mode(value: Any) -> AutoresetMode:
    """``value`` (an ``AutoresetMode`` or its string value, such as ``"SameStep"``) as an
    ``AutoresetMode``, or a :class:`ConfigError` naming the valid ones."""
    if isinstance(value, AutoresetMode):
        return value
    try:
        return AutoresetMode(value)
    except ValueError:
        valid = ", ".join(f"AutoresetMode.{mode.name} ({mode.value!r})" for mode in AutoresetMode)
        raise ConfigError(f"autoreset_mode: unknown mode {value!r}; give one of {valid}") from None


def block_for(mode: AutoresetMode, final_obs: np.ndarray, final_table: np.ndarray) -> BlockFunction:
    """The block function of ``mode``; ``SAME_STEP`` writes the ended environments' last
    observations and table rows to ``final_obs`` and ``final_table`` (rows of the block)."""
    if mode is AutoresetMode.SAME_STEP:
        return functools.partial(same_step_block, final_obs=final_obs, final_table=final_table)
    if mode is AutoresetMode.DISABLED:
        return step_all_block
    return step_block


def step_all_block(
    envs: list[Any],
    actions: list[list[float]],
    pending: list[bool],
    infos: InfoTable,
    obs_out: np.ndarray,
    table_out: np.ndarray,
    offset: int = 0,
) -> dict[int, dict[str, Any]]:
    """Step every one of ``envs``, none reset (``AutoresetMode.DISABLED``):
    :func:`~flightsim.envs.vector.step_block` with nothing pending (``pending`` is not
    used)."""
    return step_block(envs, actions, [False] * len(envs), infos, obs_out, table_out, offset)


def same_step_block(
    envs: list[Any],
    actions: list[list[float]],
    pending: list[bool],
    infos: InfoTable,
    obs_out: np.ndarray,
    table_out: np.ndarray,
    offset: int = 0,
    *,
    final_obs: np.ndarray,
    final_table: np.ndarray,
) -> dict[int, dict[str, Any]]:
    """Step every one of ``envs`` and reset at once those that ended (``AutoresetMode.SAME_STEP``).

    An ended environment's last observation and row go to ``final_obs`` and
    ``final_table`` (the other rows of ``final_table`` are zeroed: the
    caller tells the ended ones by their ``1`` column), its reset
    observation and info to ``obs_out`` and ``table_out`` with the step's
    reward and flags. Its last info, if the table cannot hold it, travels in
    the returned extras under its index, beside its reset info, as
    :data:`FINAL_INFO`.
    """
    extras = step_all_block(envs, actions, pending, infos, obs_out, table_out, offset)
    final_table.fill(0.0)
    ended = (table_out[:, _TERMINATED] != 0.0) | (table_out[:, _TRUNCATED] != 0.0)
    for j in np.flatnonzero(ended).tolist():
        final_obs[j] = obs_out[j]
        final_table[j] = table_out[j]
        final = final_table[j]
        obs, info = envs[j].reset()
        values = infos.row(final[_REWARD], bool(final[_TERMINATED]), bool(final[_TRUNCATED]), info)
        last = extras.pop(offset + j, None)
        if last is not None:  # the caller finds it beside the reset info
            info = {**info, FINAL_INFO: last}
            values[_FAILURE] = _UNLISTED
        _put(j, obs, values, info, obs_out, table_out, extras, offset)
    return extras


def checked_reset_options(options: dict[str, Any] | None, num_envs: int) -> dict[str, Any] | None:
    """``options``, its ``reset_mask`` (if any) checked as ``SyncVectorEnv.reset`` checks it:
    a numpy bool array of shape ``(num_envs,)`` with at least one True; else a
    :class:`ConfigError`, of the kind Gymnasium raises: a :class:`ConfigTypeError` (a
    ``TypeError``) for a mask that is no numpy array or not of bool dtype, a ``ValueError``
    for its shape or no True. ``options`` is not changed."""
    if options is None or "reset_mask" not in options:
        return options
    mask = options["reset_mask"]
    what = f"options['reset_mask'] must be a numpy bool array of shape ({num_envs},)"
    if not isinstance(mask, np.ndarray):
        raise ConfigTypeError(f"{what} (one flag per environment), got a {type(mask).__name__}")
    if mask.shape != (num_envs,):
        raise ConfigError(f"{what}, got shape {mask.shape}")
    if mask.dtype != np.bool_:
        raise ConfigTypeError(f"{what}, got dtype {mask.dtype}")
    if not mask.any():
        raise ConfigError(
            f"options['reset_mask'] must have at least one True (the environments to reset), "
            f"got {mask.tolist()}"
        )
    return options


def only_present(infos: dict[str, Any], present: np.ndarray) -> dict[str, Any]:
    """``infos`` (from :meth:`InfoTable.batch` over a table whose absent rows are zero)
    with ``None`` as the failure of the absent environments, as Gymnasium leaves them."""
    infos["failure"][~present] = None
    return infos


def finish_reset(
    autoreset: Autoreset | None, infos: dict[str, Any], options: dict[str, Any] | None
) -> dict[str, Any]:
    """What both vector envs do after a reset with ``options``: ``autoreset`` (None in
    ``NEXT_STEP`` mode) forgets the ended episodes reset, and the environments a
    ``reset_mask`` left alone are absent from ``infos`` (:func:`only_present`)."""
    if autoreset is not None:
        autoreset.after_reset(options)
    if options is not None and "reset_mask" in options:
        only_present(infos, options["reset_mask"])
    return infos


class Autoreset:
    """What a vector env does around its block function in ``SAME_STEP`` or ``DISABLED`` mode.

    Arguments:
        mode: ``SAME_STEP`` or ``DISABLED``.
        infos: the vector env's :class:`InfoTable`.
        final_obs, final_table: where ``SAME_STEP``'s block function writes the
            ended environments' last observations and rows (the caller's
            arrays, shared memory for the process vector env).
    """

    def __init__(
        self,
        mode: AutoresetMode,
        infos: InfoTable,
        final_obs: np.ndarray,
        final_table: np.ndarray,
    ) -> None:
        self.mode = mode
        self.infos = infos
        self.final_obs = final_obs
        self.final_table = final_table
        self.ended = np.zeros(len(final_table), bool)
        """``DISABLED``: the environments whose episode ended and that were not reset."""

    def before_step(self) -> None:
        """``DISABLED``: refuse to step environments whose episode ended (nothing stepped)."""
        if self.mode is AutoresetMode.DISABLED and self.ended.any():
            which = np.flatnonzero(self.ended).tolist()
            raise SimulationError(
                f"environments {which} ended their episodes and autoreset_mode is "
                "AutoresetMode.DISABLED: reset them first with "
                "reset(options={'reset_mask': mask}) (mask: a numpy bool array, True for "
                "each environment to reset)"
            )

    def after_step(
        self,
        terminated: np.ndarray,
        truncated: np.ndarray,
        infos: dict[str, Any],
        extras: dict[int, dict[str, Any]],
    ) -> None:
        """``DISABLED``: note which environments ended; ``SAME_STEP``: add ``final_obs`` and
        ``final_info`` (and masks) to ``infos`` if some environment ended."""
        if self.mode is AutoresetMode.DISABLED:
            self.ended = terminated | truncated
            return
        ended = self.final_table[:, _ONE] != 0.0
        if not ended.any():
            return
        final_obs = np.full(len(ended), None, dtype=object)
        for i in np.flatnonzero(ended).tolist():
            final_obs[i] = self.final_obs[i].copy()
        lasts = {i: info[FINAL_INFO] for i, info in extras.items() if FINAL_INFO in info}
        final_info = self.infos.batch(self.final_table, lasts)[3]
        infos["final_obs"], infos["_final_obs"] = final_obs, ended
        infos["final_info"], infos["_final_info"] = only_present(final_info, ended), ended.copy()

    def after_reset(self, options: dict[str, Any] | None) -> None:
        """Forget the ended episodes that ``reset`` (with ``options``) has reset."""
        if options is None or "reset_mask" not in options:
            self.ended[:] = False
        else:
            self.ended[options["reset_mask"]] = False
