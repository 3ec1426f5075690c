"""The environment's agent step in pure Python: the twin of ``flightsim/envs/_stepkernel.c``.

:class:`StepKernel` does all of :meth:`FlightEnv.step <flightsim.envs.FlightEnv.step>`
but the task's own scoring: clip the actions and write them to JSBSim, run
``substeps`` JSBSim steps, read the state, ask the task to score it, end the
episode on failure (crash, attitude, area) or at the time limit, and build the
observation (a fresh float32 row, :mod:`flightsim.envs.rows`) and the info.
The compiled kernel takes the same arguments and gives the same results, bit
for bit (tests/envs/test_step_kernel.py); :mod:`flightsim.envs.stepkernel`
chooses between them.

Beside JSBSim, every Python operation in the agent step costs two to three
times what it costs alone (its code and data push JSBSim's out of the CPU
caches; docs/environments.md, "Speed"): hence literal constants and indices
here, and the compiled twin.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from flightsim.envs.stepcode import make_stepper, real
from flightsim.envs.tasks.base import Task
from flightsim.errors import ConfigError

StepResult = tuple[Any, Any, Any, bool, dict[str, Any]]
"""What a Gymnasium step returns: observation, reward, terminated, truncated, info."""

FAILURE_PENALTY = 10.0
"""Reward taken when an episode ends in failure (crash, attitude, area, missed gate)."""
OBSERVATION_LIMIT = 100.0
"""Observations are clipped to ±this (normalised values are of order 1 in flight)."""
EARTH_RADIUS_FT = 20925646.3
"""WGS-84 equatorial radius [ft]: local north/east from latitude/longitude (flat earth)."""
MAX_BANK_RAD = math.pi / 2.0
"""Beyond this bank [rad] the episode ends (``failure == "attitude"``)."""
MAX_PITCH_RAD = math.pi / 3.0
"""Beyond this pitch [rad] the episode ends."""
COMMON_SIZE = 10
"""Observations every task starts with (``flightsim.envs.env.COMMON_OBSERVATIONS``)."""
NONFINITE_FAILURE = "non-finite state"
"""``info["failure"]`` when JSBSim's state is no longer finite (the episode ends)."""


class StepKernel:
    """One environment's agent step (see the module docstring).

    Arguments:
        writes: ``(setter, action index, scale, offset)`` per JSBSim control
            property; each setter gets ``action[index] * scale + offset``
            (the action clipped to [-1, 1]; as it is when scale, offset = 1, 0).
        n_actions: values in an action.
        run: ``fdm.run``; called ``substeps`` times per agent step.
        getters: the 14 bound property getters of ``STATE_PROPERTIES``.
        hook: the autopilot of the controls the agent does not hold, or None:
            called after the writes, before the first JSBSim step and then
            every ``hook_every`` of them (see ``hook_every``).
        task: scores each step (``step``, ``finish``, ``tracking_error``).
        new_block: ``() -> (rows, memory)``: fresh float32 rows of
            ``obs_size`` values and the bytes behind them (:func:`new_block
            <flightsim.envs.rows.new_block>`).
        obs_size: values in an observation.
        cruise_kcas: the profile's cruise speed [KCAS] (airspeed observation).
        climb_scale: [s/ft] factor of the climb-rate observation.
        agent_hz: the agent rate [Hz]; an info's ``time_s`` is agent steps / ``agent_hz``
            (one rounding: 3 steps at 10 Hz are 0.3 s, not 3 × 0.1 = 0.30000000000000004).
        max_steps: agent steps before the time limit truncates the episode.
        nonfinite: ``(t_s) -> step result`` when the state is not finite.
        shape: ``(obs) -> observation`` (dict observations) or None.
        on_step: ``(s, t_s, north_ft, east_ft)`` after each step (the track) or None.
        scoring: :func:`~flightsim.envs.tasks.tracking.native_scoring`'s spec, for the
            compiled kernel to score the built-in tracking tasks itself; this twin
            always calls the task's ``step``, which the compiled scoring matches bit
            for bit (tests/envs/test_step_kernel.py).
        hook_every: JSBSim steps between two calls of ``hook`` (so that the
            autopilot runs at a steady rate whatever the agent's); 0, or at least
            ``substeps``: once per agent step, before the JSBSim steps.
    """

    def __init__(
        self,
        writes: Sequence[tuple[Callable[[float], Any], int, float, float]],
        n_actions: int,
        run: Callable[[], Any],
        substeps: int,
        getters: Sequence[Callable[[], float]],
        hook: Callable[[], Any] | None,
        task: Task,
        new_block: Callable[[], tuple[list[Any], memoryview]],
        obs_size: int,
        cruise_kcas: float,
        climb_scale: float,
        agent_hz: float,
        max_steps: int,
        nonfinite: Callable[[float], StepResult],
        shape: Callable[[Any], Any] | None,
        on_step: Callable[[list[float], float, float, float], Any] | None,
        scoring: tuple[float, ...] | None = None,
        hook_every: int = 0,
    ) -> None:
        if hook_every < 0:
            raise ValueError("StepKernel: hook_every must be >= 0")
        self._advance = make_stepper(writes, n_actions, run, substeps, getters, hook, hook_every)
        self._n_actions = n_actions
        self._task = task
        self._new_block = new_block
        self._rows: list[Any] = []
        self._memory = memoryview(b"")
        self._row = 0
        self._stride = 4 * obs_size
        self._pack = struct.Struct(f"{obs_size}f").pack_into
        self._obs_size = obs_size
        self._cruise_kcas = float(cruise_kcas)
        self._climb_scale = float(climb_scale)
        self._agent_hz = float(agent_hz)
        self._max_steps = int(max_steps)
        self._floor_agl_ft = self._area_radius2 = 0.0
        self._nonfinite = nonfinite
        self._shape = shape
        self._on_step = on_step
        self._lat0 = self._lon0 = self._east_scale = 0.0
        self._begun = False
        self.steps = 0
        """Agent steps since :meth:`begin`."""

    def begin(
        self, lat0_rad: float, lon0_rad: float, floor_agl_ft: float, area_radius_ft: float
    ) -> None:
        """A new episode from the origin (latitude, longitude [rad]): the step count is 0.

        Under ``floor_agl_ft`` above ground [ft] the aircraft has crashed; leaving
        ``area_radius_ft`` [ft] from the origin ends the episode.
        """
        self._lat0, self._lon0 = float(lat0_rad), float(lon0_rad)
        self._floor_agl_ft = float(floor_agl_ft)
        self._area_radius2 = float(area_radius_ft) ** 2
        self._begun = True
        self._east_scale = EARTH_RADIUS_FT * math.cos(self._lat0)
        self.steps = 0

    def local(self, s: Sequence[float]) -> tuple[float, float]:
        """North, east [ft] of the state ``s`` from the episode's origin."""
        return (
            (s[12] - self._lat0) * 20925646.3,  # LAT, EARTH_RADIUS_FT
            (s[13] - self._lon0) * self._east_scale,  # LON
        )

    def step(self, action: Any) -> StepResult:
        """Hold ``action`` for one agent step; the Gymnasium step result."""
        if not self._begun:
            raise reset_needed_error()
        a = action.tolist() if type(action) is _NDARRAY else action
        if type(a) is not list or len(a) != self._n_actions:
            a = coerce_action(action, self._n_actions)
        try:
            # the state (STATE_PROPERTIES' values, PHI = 0 ... LON = 13), then the clipped actions
            s = self._advance(a)
        except (TypeError, ValueError):  # an element float() refuses
            coerce_action(action, self._n_actions)
            raise
        steps = self.steps = self.steps + 1
        t = steps / self._agent_hz
        total = sum(s)
        if total - total != 0.0:  # NaN or infinite somewhere in the state or the actions
            return self._nonfinite(t)
        north = (s[12] - self._lat0) * 20925646.3  # EARTH_RADIUS_FT
        east = (s[13] - self._lon0) * self._east_scale
        task = self._task
        task_obs, reward, terms, success, failure = task.step(s, north, east, t)
        phi, theta = s[0], s[1]
        if failure:
            pass
        elif s[11] < self._floor_agl_ft:  # H_AGL
            failure = "crash"
        elif not (
            -1.5707963267948966 <= phi <= 1.5707963267948966  # MAX_BANK_RAD
            and -1.0471975511965976 <= theta <= 1.0471975511965976  # MAX_PITCH_RAD
        ):
            failure = "attitude"
        elif north * north + east * east > self._area_radius2:
            failure = "left area"
        if failure:
            reward -= 10.0  # FAILURE_PENALTY
            terms["failure"] = -10.0
            success = False
            terminated = True
        else:
            terms["failure"] = 0.0
            terminated = success
        truncated = not terminated and steps >= self._max_steps
        if truncated:
            success = task.finish()
        if self._on_step is not None:
            self._on_step(s, t, north, east)
        info = {
            "reward_terms": terms,
            "is_success": success,
            "failure": failure,
            "tracking_error": task.tracking_error,
            "time_s": t,
        }
        return self.observation(s, task_obs, s[14:]), reward, terminated, truncated, info

    def step_into(
        self,
        action: Any,
        obs_out: Any,
        table_out: Any,
        index: int,
        codes: dict[str, float],
        terms: tuple[str, ...],
        /,
    ) -> bool | StepResult:
        """:meth:`step`, its results written to row ``index`` of ``obs_out`` (float32
        observations) and of ``table_out`` (an :class:`~flightsim.envs.vector.InfoTable`'s
        float64 rows, whose failure ``codes`` and declared reward ``terms`` are given):
        whether the episode ended, with no observation or info dict made (the vector
        environments' step). Both arrays must be writable, C-contiguous and 2-D, of
        native float32 and float64, with a row ``index`` (else a ValueError, before
        anything is flown).

        When the step is not the usual kind, nothing is written and the step result
        is returned instead: a failure that is not a listed ``str`` (not in
        ``codes``), a non-finite state, dict observations, reward terms that are not a
        plain dict of exactly ``terms``, a success that is not a bool, or a reward,
        tracking error or term value that is no number (a string, or what ``float``
        refuses with a TypeError or ValueError; any other error is raised).
        """
        index = operator.index(index)
        obs_rows = _rows(obs_out, "f", self._obs_size, index, "obs_out")
        table_rows = _rows(table_out, "d", 8 + 2 * len(terms), index, "table_out")
        result = self.step(action)
        obs, reward, terminated, truncated, info = result
        values, success, failure = info["reward_terms"], info["is_success"], info["failure"]
        if type(failure) is not str:
            return result
        code = codes.get(failure)
        if (
            code is None
            or failure == NONFINITE_FAILURE
            or self._shape is not None
            or type(values) is not dict
            or type(success) is not bool
            or len(values) != len(terms)
            or not all(name in values for name in terms)
        ):
            return result
        try:
            row = [
                _number(reward),
                _number(info["tracking_error"]),
                info["time_s"],
                _number(code),
                1.0,
                1.0 if terminated else 0.0,
                1.0 if truncated else 0.0,
                1.0 if success else 0.0,
                *[1.0] * len(terms),
                *[_number(values[name]) for name in terms],
            ]
        except (TypeError, ValueError):  # a value that is no number: the caller's general case
            return result
        obs_rows[index] = obs
        table_rows[index] = row
        return bool(terminated or truncated)

    def observation(
        self, s: Sequence[float], task_obs: Sequence[float], held: Sequence[float]
    ) -> Any:
        """The observation: the common values from the state ``s``, the task's, the
        ``held`` controls' last commands; clipped to ±:data:`OBSERVATION_LIMIT`, float32."""
        v = self._cruise_kcas
        values = [
            s[0] * 0.3183098861837907,  # PHI / π
            s[1] * 0.6366197723675814,  # THETA / (π/2)
            s[3] * 0.3183098861837907,  # P / π
            s[4] * 0.3183098861837907,  # Q / π
            s[5] * 0.3183098861837907,  # R / π
            s[6] * 1.909859317102744,  # ALPHA / (π/6)
            s[7] * 1.909859317102744,  # BETA / (π/6)
            (s[8] - v) / v,  # VC
            s[10] * self._climb_scale,  # HDOT
            s[11] * 1e-4,  # H_AGL
            *task_obs,
            *held,
        ]
        if math.hypot(*values) > 100.0:  # some |x| may pass OBSERVATION_LIMIT: clip
            values = [100.0 if x > 100.0 else -100.0 if x < -100.0 else x for x in values]
        k = self._row
        if k == len(self._rows):
            self._rows, self._memory = self._new_block()
            k = 0
        self._row = k + 1
        try:
            self._pack(self._memory, k * self._stride, *values)
        except struct.error:
            raise observation_size_error(self._task, len(values), self._obs_size) from None
        obs = self._rows[k]
        return obs if self._shape is None else self._shape(obs)


_NDARRAY = np.ndarray


def _rows(array: Any, code: str, width: int, index: int, what: str) -> np.ndarray:
    """``array`` (any object with the buffer protocol) as a numpy view, or a ValueError
    unless it is a writable C-contiguous ``(n, width)`` array of the native struct type
    ``code`` with a row ``index`` (the compiled kernel's rule and message)."""
    try:
        rows: np.ndarray | None = np.asarray(memoryview(array))
    except (TypeError, ValueError):
        rows = None
    if not (
        rows is not None
        and rows.dtype.char == code
        and rows.dtype.isnative
        and rows.ndim == 2
        and rows.shape[1] == width
        and rows.flags.c_contiguous
        and rows.flags.writeable
        and 0 <= index < rows.shape[0]
    ):
        raise ValueError(
            f"step_into: {what} must be a C-contiguous (n, {width}) array of '{code}' with row "
            f"{index}"
        )
    return rows


def _number(value: Any) -> float:
    """``float(value)``, but a string is no number here (as for the compiled kernel)."""
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError("a string is no number")
    return float(value)


def coerce_action(action: Any, n: int) -> list[float]:
    """``action`` as a list of ``n`` floats, or a :class:`ConfigError` saying what is wrong
    (a string is not a sequence of numbers here, nor a string or complex number a number)."""
    try:
        if isinstance(action, (str, bytes, bytearray)):
            raise TypeError("a string is not a sequence of numbers")
        values = [real(x) for x in action]
    except (TypeError, ValueError):
        raise ConfigError(
            f"the action must be a sequence of {n} numbers (a float32 array from the "
            f"action_space), got {action!r}"
        ) from None
    if len(values) != n:
        raise ConfigError(
            f"the action has {len(values)} values; this environment takes {n} (its action_space)"
        )
    return values


def reset_needed_error() -> ConfigError:
    """The error for a step before the first reset."""
    return ConfigError(
        "step() before reset(): reset the environment first (env.reset(seed=...)) to start an "
        "episode"
    )


def observation_size_error(task: Task, given: int, expected: int) -> ConfigError:
    """The error for an observation of ``given`` values where ``expected`` were due."""
    n_task = task.observation_size
    return ConfigError(
        f"{type(task).__name__}.step gave {given - expected + n_task} task observations; "
        f"its observation_table has {n_task}"
    )
