"""The base environment: one :class:`~flightsim.Simulation` flown through a :class:`Task`.

The step is the hot path: control writes through JSBSim property nodes bound
once, ``fdm.run()`` called ``sim_hz / agent_hz`` times, the state read through
bound getters into one list, then the task's few lines of arithmetic. Resets go
through ``Simulation.reset`` (``reset_to_initial_conditions``, engines
restarted, trimmed again): the loaded model is reused, never reloaded.
"""

from __future__ import annotations

import functools
import math
import numbers
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, Protocol, SupportsFloat

import gymnasium
import numpy as np
from gymnasium import spaces

from flightsim.control.autopilot import AILERON, ELEVATOR, RUDDER, THROTTLE, Autopilot
from flightsim.envs._stepkernel_pure import (
    COMMON_SIZE,
    EARTH_RADIUS_FT,
    FAILURE_PENALTY,
    MAX_BANK_RAD,
    MAX_PITCH_RAD,
    NONFINITE_FAILURE,
    OBSERVATION_LIMIT,
    StepResult,
)
from flightsim.envs.arguments import checked_keywords, quantity, whole
from flightsim.envs.kinds import refuse_task_for_glider, refuse_unless_fixed_wing
from flightsim.envs.profiles import FLAPS, FPS_PER_KT, AircraftProfile, bundled_profile
from flightsim.envs.rows import new_block
from flightsim.envs.stepkernel import StepKernel
from flightsim.envs.tasks import STATE_PROPERTIES, TASKS, Start, Task
from flightsim.envs.tasks.base import LAT, LON
from flightsim.envs.tasks.tracking import native_scoring
from flightsim.envs.track import TRACK_WIDTH, track_row
from flightsim.errors import ConfigError, ConfigTypeError, SimulationError, TrimError, suggest
from flightsim.paths import AircraftLocation, Folders, PathLike, find_aircraft, folder_list
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.options import MAX_DT_S, check_flag, check_guard
from flightsim.sim.simulation import Simulation
from flightsim.sim.trim import GLIDE_ADVICE, steady_flight_mode

MAX_SIM_HZ = 10_000.0
"""The fastest simulation rate [Hz] an environment takes."""
MIN_AGENT_HZ = 1.0 / 60.0
"""The slowest agent rate [Hz] an environment takes: an agent step of a minute."""
AUTOPILOT_MAX_DT_S = 0.1
"""The autopilot of the controls the agent does not hold runs at least this often [s] (10 Hz,
the rate its gains were tuned at), inside the agent step when that is longer."""
CONTROLS: tuple[str, ...] = ("aileron", "elevator", "rudder", "throttle")
"""The controls an agent may hold, in action order."""

COMMON_OBSERVATIONS: tuple[tuple[str, str, str], ...] = (
    ("bank", "rad", "φ / π"),
    ("pitch", "rad", "θ / (π/2)"),
    ("roll_rate", "rad/s", "p / π"),
    ("pitch_rate", "rad/s", "q / π"),
    ("yaw_rate", "rad/s", "r / π"),
    ("alpha", "rad", "α / (π/6)"),
    ("sideslip", "rad", "β / (π/6)"),
    ("airspeed", "kt", "(V − V_cruise) / V_cruise, KCAS"),
    ("climb", "ft/s", "10 · ḣ / V_cruise (both ft/s)"),
    ("height", "ft", "h above ground / 10000 ft"),
)
"""(name, unit, scaling) of the observations every task starts with."""
assert len(COMMON_OBSERVATIONS) == COMMON_SIZE
__all__ = [
    "COMMON_OBSERVATIONS",
    "CONTROLS",
    "EARTH_RADIUS_FT",
    "FAILURE_PENALTY",
    "FIXED",
    "MAX_BANK_RAD",
    "MAX_PITCH_RAD",
    "OBSERVATION_LIMIT",
    "TURBULENCE",
    "FlightEnv",
]

TURBULENCE: dict[str, tuple[float, int]] = {
    "light": (15.0, 3),
    "moderate": (30.0, 4),
    "severe": (45.0, 6),
}
"""MIL-F-8785C turbulence: wind speed at 20 ft [kt] and JSBSim's severity index."""

FIXED: dict[str, str] = {
    "task": "task",
    "sim": "aircraft",
    "profile": "profile",
    "controls": "controls",
    "action_space": "controls",
    "observation_space": "dict_observations",
    "dict_observations": "dict_observations",
    "agent_dt_s": "agent_hz",
    "sim_dt_s": "sim_hz",
    "render_mode": "render_mode",
}
"""Attributes fixed when a :class:`FlightEnv` is made (the argument that sets each): its
step kernel and spaces are built from them, so setting one later would change nothing, or
break the next step. ``wind_kts`` and ``turbulence`` may be set between episodes."""


class FlightEnv(gymnasium.Env[Any, np.ndarray]):
    """A JSBSim aircraft flying a task, for reinforcement learning and control work.

    Arguments:
        task: a task name (``"HeadingAltitude"``, see
            :data:`flightsim.envs.tasks.TASKS`), a :class:`Task` subclass (made with the
            env's profile and ``duration_s``) or a :class:`Task` instance.
        aircraft: any aircraft :class:`~flightsim.Simulation` accepts.
        controls: the controls the agent holds, a subset of :data:`CONTROLS`
            (default all four; for an aircraft without engines, a glider, the
            three surfaces: it has no throttle, and flies the tasks that need no
            power in a glide); a PID autopilot flies the others toward the
            task's targets.
        agent_hz, sim_hz: agent and simulation rates [Hz]; ``sim_hz / agent_hz``
            must be an integer (default 10 Hz on 120 Hz: 12 JSBSim steps per action).
        duration_s: episode time limit [s] (default: the task's).
        max_episode_steps: a limit in agent steps too (default None: none); the
            sooner of it and ``duration_s`` truncates the episode (what
            ``gymnasium.make_vec(id, max_episode_steps=N)`` gives each
            environment of the vector envs, where ``make`` adds a ``TimeLimit``).
        wind_kts: each episode draws a steady wind of up to this speed [kt]
            from a random direction (0: calm).
        turbulence: None, ``"light"``, ``"moderate"`` or ``"severe"``
            (MIL-F-8785C, seeded from the episode seed).
        dict_observations: observations as ``{"aircraft", "task", "controls"}``
            instead of one vector.
        render_mode: None, ``"rgb_array"`` or ``"human"``.
        record_track: keep the episode's trajectory (for :meth:`export_acmi`,
            :meth:`export_kml`; always on when rendering).
        profile: the aircraft's speeds and limits (default: by aircraft name, or
            found by trimming it: :mod:`flightsim.envs.autoprofile`).
        aircraft_dirs: more folders to find ``aircraft`` in (a list, or one folder).
        guard: load the aircraft in a child process first
            (:class:`~flightsim.Simulation`'s ``guard``; default: for aircraft
            not bundled with JSBSim).

        Arguments whose name ends in a unit take a number in that unit or a
        quantity string (``wind_kts="8 m/s"``, ``duration_s="2 min"``,
        ``agent_hz="10 Hz"``); a wrong unit, NaN or a negative value raises
        :class:`~flightsim.errors.ConfigError`, as does an unknown keyword.

    **Action space**: ``Box(-1, 1, (len(controls),), float32)``, in the order of
    :data:`CONTROLS`: aileron, elevator and rudder commands map to JSBSim's
    ``fcs/*-cmd-norm`` as they are (JSBSim's signs: +aileron rolls right,
    +elevator pitches nose down, +rudder yaws left); throttle maps ``[-1, 1]``
    to ``[0, 1]`` on every engine. Values outside ``[-1, 1]`` are clipped.

    **Observation space**: ``Box(-100, 100, (n,), float32)`` (values clipped): the common
    observations (:data:`COMMON_OBSERVATIONS`, below), the task's own, then
    the last command of each held control (action units).

    | index | name | unit | scaling |
    |---|---|---|---|
    | 0 | bank | rad | φ / π |
    | 1 | pitch | rad | θ / (π/2) |
    | 2 | roll_rate | rad/s | p / π |
    | 3 | pitch_rate | rad/s | q / π |
    | 4 | yaw_rate | rad/s | r / π |
    | 5 | alpha | rad | α / (π/6) |
    | 6 | sideslip | rad | β / (π/6) |
    | 7 | airspeed | kt | (V − V_cruise) / V_cruise, KCAS |
    | 8 | climb | ft/s | 10 · ḣ / V_cruise (both ft/s) |
    | 9 | height | ft | h above ground / 10000 ft |

    **Episode end**: ``terminated`` on task success, or failure (``info["failure"]``):
    ``"crash"`` (below the task's floor above ground), ``"attitude"`` (|φ| > 90°
    or |θ| > 60°), ``"left area"``, ``"non-finite state"``, or the task's own
    (``"missed gate"``); a failure costs :data:`FAILURE_PENALTY`. ``truncated``
    at the time limit, where tracking tasks judge success.

    **Info**: ``reward_terms`` (the reward's itemised terms, summing to it),
    ``is_success``, ``failure``, ``tracking_error`` (the task's, dimensionless),
    ``time_s``.

    **Version history**: v0: initial release.
    """

    metadata: dict[str, Any] = {"render_modes": ["human", "rgb_array"], "render_fps": 10}  # noqa: RUF012

    def __setattr__(self, name: str, value: Any) -> None:
        """Set an attribute; those in :data:`FIXED` only while the environment is made."""
        if name in FIXED and name in self.__dict__:
            raise ConfigError(
                f"FlightEnv.{name} is fixed when the environment is made: make a new one "
                f"with the {FIXED[name]}= you want (wind_kts and turbulence may be set "
                "between episodes)"
            )
        super().__setattr__(name, value)

    @checked_keywords
    def __init__(
        self,
        task: str | Task = "HeadingAltitude",
        *,
        aircraft: PathLike = "c172p",
        controls: Sequence[str] | None = None,
        agent_hz: float | str = 10.0,
        sim_hz: float | str = 120.0,
        duration_s: float | str | None = None,
        max_episode_steps: int | None = None,
        wind_kts: float | str = 0.0,
        turbulence: str | None = None,
        dict_observations: bool = False,
        render_mode: str | None = None,
        record_track: bool = False,
        profile: AircraftProfile | None = None,
        aircraft_dirs: Folders = (),
        guard: bool | None = None,
    ) -> None:
        aircraft_dirs = tuple(folder_list(aircraft_dirs))  # read once: an iterator too
        # as given (the folders as that tuple), for copies and pickles (__reduce__), before
        # any other is converted
        self._arguments = {name: value for name, value in locals().items() if name != "self"}
        self._started = False
        _check_types(
            aircraft, profile, guard, dict_observations=dict_observations, record_track=record_track
        )
        if isinstance(controls, str | bytes) or not isinstance(controls, Iterable | None):
            controls = (controls,)  # one control by name (or something to name as wrong)
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ConfigError(
                f"render_mode {render_mode!r}: choose one of {self.metadata['render_modes']}"
            )
        self.render_mode = render_mode
        agent_hz = quantity("agent_hz", agent_hz, "Hz", ">")
        sim_hz = quantity("sim_hz", sim_hz, "Hz", ">")
        substeps = _substeps(agent_hz, sim_hz)
        self._agent_hz = agent_hz
        self.agent_dt_s = 1.0 / agent_hz
        self.sim_dt_s = 1.0 / sim_hz
        self.metadata = {**self.metadata, "render_fps": agent_hz}
        task_class = type(task) if isinstance(task, Task) else task_named(task)
        if isinstance(task, Task) and duration_s is not None:
            raise ConfigError("give duration_s to the Task instance, not to the env")
        if duration_s is not None:  # checked as the task checks it, before any aircraft
            duration_s = quantity("duration_s", duration_s, "s", ">")
        if isinstance(task, Task) and profile not in (None, task.profile):
            raise ConfigError(  # the task draws its starts and targets from its own
                "give the profile to the Task instance (its class(profile, ...)), not to the "
                "env: a Task instance flies the profile it was made with"
            )
        held = tuple(CONTROLS) if controls is None else tuple(controls)
        unknown = [c for c in held if c not in CONTROLS]
        if unknown or len(set(held)) != len(held) or not held:
            raise ConfigError(
                f"controls {list(held)!r}: give distinct names among {list(CONTROLS)}."
                + (suggest(str(unknown[0]), CONTROLS) if unknown else "")
            )
        step_limit = (
            None if max_episode_steps is None else whole("max_episode_steps", max_episode_steps, 1)
        )
        self.wind_kts = wind_kts  # checked, converted to kt
        self.turbulence = turbulence
        # every argument checked: now the aircraft (loading it, trimming it for a profile)
        location = find_aircraft(aircraft, aircraft_dirs)
        if isinstance(task, Task):
            profile = task.profile
        elif profile is None:
            profile = _profile_of(location, aircraft_dirs, task_class, guard)
        self.profile = profile
        self.task = task if isinstance(task, Task) else task_class(self.profile, duration_s)
        flaps = self.profile.approach_flaps if self.task.landing else 0.0
        self._settings = {FLAPS: flaps} if flaps else {}
        start = self.task.start()
        self.sim = Simulation(
            location,
            ic=InitialConditions(
                altitude_ft=start.altitude_ft,
                kcas=start.kcas,
                heading_deg=start.heading_deg,
                flight_path_deg=start.flight_path_deg,
            ),
            record=None,
            dt_s=self.sim_dt_s,
            guard=guard,
        )
        self._start = start
        try:  # a refusal from here on releases JSBSim at once, not at garbage collection
            refuse_unless_fixed_wing(self.sim)
            self.controls = _flown_controls(self.sim, self.task, held, controls is None)
            self.task.gliding = self.sim.engine_count == 0
            self._trim_mode = steady_flight_mode(self.sim.engine_count)
            # what takes a profile, named when the aircraft cannot trim one of its starts
            self._profiled = "the Task instance" if isinstance(task, Task) else "the env"
            self._trim(start)
            self._bind()
        except BaseException:
            self.sim.close()
            raise
        self._track: list[tuple[float, ...]] | None = (
            [] if (record_track or render_mode is not None) else None
        )
        self._renderer: Any = None
        self.dict_observations = dict_observations
        n_task, n_held = self.task.observation_size, len(self.controls)
        self._split = (len(COMMON_OBSERVATIONS), len(COMMON_OBSERVATIONS) + n_task)
        self.action_space = spaces.Box(-1.0, 1.0, (n_held,), np.float32)
        if dict_observations:
            self.observation_space: spaces.Space[Any] = spaces.Dict(
                {
                    "aircraft": _box(len(COMMON_OBSERVATIONS)),
                    "task": _box(n_task),
                    "controls": _box(n_held),
                }
            )
        else:
            self.observation_space = _box(self._split[1] + n_held)
        max_steps = _episode_steps(self.task.duration_s, agent_hz)
        if step_limit is not None:
            max_steps = min(max_steps, step_limit)
        self._autopilot_every = _autopilot_every(substeps, self.sim_dt_s)
        self._autopilot_dt_s = self.agent_dt_s * (self._autopilot_every / substeps)
        self._limits = (substeps, max_steps)
        self._kernel = self._make_kernel(*self._limits)
        self._set_step(self._kernel)

    # -- construction ---------------------------------------------------------------------
    def _bind(self) -> None:
        """Property nodes and bound methods, looked up once."""
        fdm = self.sim.fdm
        manager = fdm.get_property_manager()

        def node(name: str) -> Any:
            found = manager.get_node(name)
            if found is None:
                raise ConfigError(f"{self.sim.aircraft.name}: JSBSim has no property {name}")
            return found

        self._throttles = tuple(
            THROTTLE if i == 0 else f"{THROTTLE}[{i}]" for i in range(self.sim.engine_count)
        )
        surfaces = {"aileron": AILERON, "elevator": ELEVATOR, "rudder": RUDDER}
        writes: list[tuple[Any, int, float, float]] = []
        autopilot_props: list[str] = []
        for control in CONTROLS:
            names = self._throttles if control == "throttle" else (surfaces[control],)
            scale, offset = (0.5, 0.5) if control == "throttle" else (1.0, 0.0)
            if control in self.controls:
                index = self.controls.index(control)
                writes.extend((node(n).set_double_value, index, scale, offset) for n in names)
            else:
                autopilot_props.extend(names)
        self._autopilot_setters = tuple((n, node(n).set_double_value) for n in autopilot_props)
        if autopilot_props:  # the baseline's gains, scheduled on the aircraft (measured once)
            from flightsim.envs.baseline import scheduled_autopilot  # it imports this module

            self._autopilot = scheduled_autopilot(
                self.sim.aircraft, self.profile, self.sim.engine_count, self._throttles
            )
        else:  # never flown: the agent holds every control
            self._autopilot = Autopilot(
                max_bank_deg=self.profile.max_bank_deg, throttle_properties=self._throttles
            )
        self._getters = tuple(node(n).get_double_value for n in STATE_PROPERTIES)
        self._writes = tuple(writes)
        calm = (
            "atmosphere/wind-north-fps",
            "atmosphere/wind-east-fps",
            "atmosphere/wind-down-fps",
            "atmosphere/turb-type",
        )
        self._calm_setters = tuple(node(n).set_double_value for n in calm)
        self._ic_setters = tuple(node(n).set_double_value for n in IC_WRITES)
        self._origin = (fdm["ic/lat-geod-deg"], fdm["ic/long-gc-deg"])

    def _rebind(self) -> None:
        """Property nodes and step kernel on the model JSBSim has now (after a reload)."""
        self._bind()
        self._kernel = self._make_kernel(*self._limits)
        self._set_step(self._kernel)

    def _make_kernel(self, substeps: int, max_steps: int) -> Any:
        """The agent step (:mod:`flightsim.envs.stepkernel`: compiled, or its twin)."""
        size = self._split[1] + len(self.controls)
        return StepKernel(
            self._writes,
            len(self.controls),
            self.sim.fdm.run,
            substeps,
            self._getters,
            self._fly_unheld if self._autopilot_setters else None,
            self.task,
            functools.partial(new_block, size),
            size,
            self.profile.cruise_kcas,
            10.0 / (self.profile.cruise_kcas * FPS_PER_KT),
            self._agent_hz,
            max_steps,
            self._nonfinite,
            self._split_observation if self.dict_observations else None,
            self._track_step if self._track is not None else None,
            native_scoring(self.task),
            self._autopilot_every,
        )

    # -- the Gymnasium API ------------------------------------------------------------------
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        """Start a new episode: new random start and targets, same loaded model.

        ``seed``: None, or an int >= 0 (numpy's too). ``options`` are not used: any given
        are refused (they would be ignored).
        """
        if self._stepper is _CLOSED:
            _CLOSED.refuse()
        if options:
            raise ConfigError(
                f"FlightEnv.reset takes no options, got {sorted(options)}: set the "
                "environment's arguments instead (see docs/environments.md, Arguments)"
            )
        seed = episode_seed(seed)  # a bad seed leaves the episode flying as it was
        self._started = False  # until this reset has begun its episode (a trim may fail)
        super().reset(seed=seed)
        rng = self.np_random
        start = self._start = self.task.start(rng)
        wind = (rng.uniform(0.0, self.wind_kts), rng.uniform(0.0, 360.0)) if self.wind_kts else None
        turbulence_seed = int(rng.integers(1, 2**31 - 1)) if self.turbulence else 0
        self._reinitialise(start, wind, turbulence_seed)
        s = [g() for g in self._getters]
        self._kernel.begin(s[LAT], s[LON], self.task.floor_agl_ft, self.task.area_radius_ft)
        task_obs = self.task.reset(rng, s, start)
        set_agent_dt = getattr(self.task, "set_agent_dt", None)
        if set_agent_dt is not None:
            set_agent_dt(self.agent_dt_s)
        if self._autopilot_setters:
            self._autopilot.engage(self.sim.fdm)
        held = self._trimmed_commands()
        if self._track is not None:
            self._track.clear()
            self._track.append(track_row(s, 0.0, 0.0, 0.0))
        self._started = True
        observation = self._kernel.observation(s, task_obs, held)
        if self.render_mode == "human":  # Gymnasium's contract: drawn by reset and step
            self.render()
        return observation, self._info({}, False, "", 0.0)

    def step(self, action: Any) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        """Hold ``action`` for one agent step (``sim_hz / agent_hz`` JSBSim steps).

        The step kernel (:mod:`flightsim.envs.stepkernel`) does it all but the
        task's scoring: compiled when built, else its pure-Python twin.
        ``env.step`` is the kernel's own ``step`` (see :meth:`_set_step`); this
        method serves calls through the class.
        """
        return self._stepper.step(action)

    def step_into(
        self,
        action: Any,
        obs_out: np.ndarray,
        table_out: np.ndarray,
        index: int,
        codes: dict[str, float],
        terms: tuple[str, ...],
        /,
    ) -> bool | StepResult:
        """The vector environments' step: :meth:`step` with its observation and info
        written to row ``index`` of two arrays, none made; see
        :meth:`flightsim.envs._stepkernel_pure.StepKernel.step_into`. Like ``step``,
        the kernel's own method once the environment is built."""
        return self._stepper.step_into(action, obs_out, table_out, index, codes, terms)

    def _set_step(self, kernel: _Stepping) -> None:
        """Make ``env.step`` and ``env.step_into`` the methods of ``kernel`` (a step
        kernel, or :data:`_CLOSED`): instance attributes shadow the methods, so a call
        enters no Python frame of ours (one costs ~3 % of an agent step beside JSBSim's:
        docs/environments.md, "Speed"). In ``human`` render mode, each step draws
        (Gymnasium's contract: no ``render()`` call needed)."""
        self._stepper = kernel
        human = self.render_mode == "human" and kernel is not _CLOSED
        self.__dict__["step"] = self._step_and_draw if human else kernel.step
        self.__dict__["step_into"] = self._step_into_and_draw if human else kernel.step_into

    def _step_and_draw(self, action: Any) -> StepResult:
        result = self._stepper.step(action)
        self.render()
        return result

    def _step_into_and_draw(self, *args: Any) -> bool | StepResult:
        result = self._stepper.step_into(*args)
        self.render()
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        """Copies and pickles (``copy.deepcopy``, ``pickle``, a spawned process's
        arguments) of an environment not reset yet (or whose last reset failed): built
        again from its arguments (with its current ``wind_kts``, ``turbulence`` and
        profile, its random generators and its spec), it flies the episodes the original
        would. One in an episode, or closed, is refused with a :class:`ConfigTypeError`
        (a ``TypeError``, as for any object that does not pickle): JSBSim's state in
        flight cannot be copied bit for bit."""
        if self._stepper is _CLOSED:
            raise ConfigTypeError(
                "this environment is closed: it cannot be copied or pickled; make a new one"
            )
        if self._started:
            raise ConfigTypeError(
                "a FlightEnv cannot be copied or pickled once reset: JSBSim's state in flight "
                "cannot be copied bit for bit. Copy it before its first reset(), or build "
                "another (gymnasium.make(env.spec), or FlightEnv with the same arguments): "
                "reset(seed=s) and the same actions give the same episode bit for bit"
            )
        arguments = {
            **self._arguments,
            "wind_kts": self.wind_kts,
            "turbulence": self.turbulence,
            "profile": self.profile,  # one found by trimming is not searched again
        }
        state = {
            "_np_random": self._np_random,
            "_np_random_seed": self._np_random_seed,
            "spec": self.spec,
            "action_space": self.action_space,  # their random generators too (sample())
            "observation_space": self.observation_space,
        }
        return (_rebuilt, (arguments,), state)

    def _info(
        self, terms: dict[str, float], success: bool, failure: str, t: float
    ) -> dict[str, Any]:
        return {
            "reward_terms": terms,
            "is_success": success,
            "failure": failure,
            "tracking_error": self.task.tracking_error,
            "time_s": t,
        }

    def _split_observation(self, obs: np.ndarray) -> dict[str, np.ndarray]:
        a, b = self._split
        return {"aircraft": obs[:a], "task": obs[a:b], "controls": obs[b:]}

    def _nonfinite(self, t: float) -> StepResult:
        """The step result when the state is no longer finite: a failure, zero observation."""
        info = self._info({"failure": -FAILURE_PENALTY}, False, NONFINITE_FAILURE, t)
        return self._zeros(), -FAILURE_PENALTY, True, False, info

    def _zeros(self) -> Any:
        """The observation after a non-finite state: zeros (observations stay finite)."""
        a, b = self._split
        n = b + len(self.controls)
        if not self.dict_observations:
            return np.zeros(n, np.float32)
        return {
            "aircraft": np.zeros(a, np.float32),
            "task": np.zeros(b - a, np.float32),
            "controls": np.zeros(n - b, np.float32),
        }

    # -- resets and the autopilot -----------------------------------------------------------
    def _reinitialise(
        self, start: Start, wind: tuple[float, float] | None, turbulence_seed: int
    ) -> None:
        """The trimmed ``start`` with the loaded model (``Simulation.reset``: no reload).

        JSBSim's ``ic/`` setters derive each value from the others already in
        the IC object (a heading turns the stored velocity, an altitude rescales
        it for the calibrated airspeed): written over the last episode's IC,
        the same values give a state differing in the last bits. So the IC
        object is first overwritten whole from a fixed initialization file
        (position, attitude, velocity and rates given absolutely), then the
        start is written in a fixed order (location, altitude, heading, speed,
        flight path): the same start gives the same bits whatever came before,
        and JSBSim's reset + trim is deterministic from there.
        """
        for setter in self._calm_setters:
            setter(0.0)
        fdm = self.sim.fdm
        _load_canonical_ic(fdm)
        writes = (
            self._origin[0],
            self._origin[1],
            start.altitude_ft,
            start.heading_deg,
            start.kcas,
            start.flight_path_deg,
        )
        for setter, value in zip(self._ic_setters, writes, strict=True):
            setter(value)
        try:
            # trimmed again after a failed trim too; the IC was written whole just above
            self.sim.reset(self._settings, trim=self._trim_mode, reuse_model=True)
        except TrimError as exc:
            self._rebind()  # a failed trim reloads the model: new property nodes
            raise _trim_failure(
                exc,
                start,
                f"reset with another seed, or give {self._profiled} a profile= whose whole box "
                "of starts the aircraft can fly",
            ) from None
        if wind is not None:  # trimmed in still air, then put in the wind: no gust at the start
            speed_fps, from_rad = wind[0] * FPS_PER_KT, math.radians(wind[1])
            self.sim.enter_wind(-speed_fps * math.cos(from_rad), -speed_fps * math.sin(from_rad))
        if self.turbulence is not None:
            speed_kts, severity = TURBULENCE[self.turbulence]
            fdm["atmosphere/randomseed"] = turbulence_seed
            fdm["atmosphere/turb-type"] = 3
            fdm["atmosphere/turbulence/milspec/windspeed_at_20ft_AGL-fps"] = speed_kts * FPS_PER_KT
            fdm["atmosphere/turbulence/milspec/severity"] = severity

    def _trim(self, start: Start) -> None:
        """First trim at the centre of the starts (an aircraft that cannot fly it fails here)."""
        try:
            for name, value in self._settings.items():
                self.sim[name] = value
            self.sim.trim(self._trim_mode)
        except TrimError as exc:
            raise _trim_failure(
                exc, start, f"give {self._profiled} a profile= the aircraft can fly"
            ) from None

    def _trimmed_commands(self) -> list[float]:
        """The trimmed controls in action units (the first observation's last commands)."""
        return action_values(self.sim.fdm, self.controls)

    def _fly_unheld(self) -> None:
        """The autopilot's commands for the controls the agent does not hold."""
        fdm = self.sim.fdm
        s = [g() for g in self._getters]
        north, east = self._kernel.local(s)
        self._autopilot.targets = self.task.autopilot_targets(s, north, east)
        commands = self._autopilot.update(fdm, self._autopilot_dt_s)
        for name, setter in self._autopilot_setters:
            setter(commands[name])

    @staticmethod
    def start_of(task: str, aircraft: PathLike = "c172p") -> Start:
        """The centre of ``task``'s random starts (a name or an ID) for ``aircraft``, by
        the profile an environment would fly it with."""
        cls = task_named(task)
        location = find_aircraft(aircraft)
        return cls(_profile_of(location, (), cls, None)).start()

    @property
    def wind_kts(self) -> float:
        """The strongest steady wind an episode may draw [kt]; set it (a number in kt, or
        a quantity string such as ``"8 m/s"``) for the episodes after the next reset."""
        return self._wind_kts

    @wind_kts.setter
    def wind_kts(self, value: float | str) -> None:
        wind = quantity("wind_kts", value, "KTS")
        if wind > MAX_WIND_KTS:
            raise ConfigError(
                f"wind_kts={value!r}: at most {MAX_WIND_KTS:g} kt, the strongest jet-stream "
                "winds (beyond that every episode would end at its first step, the state "
                "no longer finite); give the strongest steady wind an episode may draw"
            )
        self._wind_kts = wind

    @property
    def turbulence(self) -> str | None:
        """None, or the MIL-F-8785C turbulence of the episodes (:data:`TURBULENCE`); set
        it for the episodes after the next reset."""
        return self._turbulence

    @turbulence.setter
    def turbulence(self, value: str | None) -> None:
        if value is not None and value not in TURBULENCE:
            raise ConfigError(
                f"turbulence {value!r}: choose None or one of {', '.join(TURBULENCE)}."
                + suggest(str(value), TURBULENCE)
            )
        self._turbulence = value

    @property
    def episode_start(self) -> Start:
        """This episode's start (drawn at reset from the episode's seed)."""
        return self._start

    @property
    def started(self) -> bool:
        """True once :meth:`reset` has begun an episode (its targets exist from then); False
        before, and after a reset that failed (a start that did not trim)."""
        return self._started

    @property
    def elapsed_steps(self) -> int:
        """Agent steps taken in this episode."""
        return int(self._kernel.steps)

    @property
    def throttle_properties(self) -> tuple[str, ...]:
        """JSBSim's throttle command property of every engine."""
        return self._throttles

    def local_state(self) -> tuple[list[float], float, float]:
        """The state list (see :data:`STATE_PROPERTIES`) and north, east [ft] from the origin."""
        s = [g() for g in self._getters]
        north, east = self._kernel.local(s)
        return s, north, east

    # -- trajectory, rendering, export --------------------------------------------------------
    def _track_step(self, s: list[float], t: float, north: float, east: float) -> None:
        assert self._track is not None
        self._track.append(track_row(s, t, north, east))

    @property
    def track(self) -> np.ndarray:
        """The episode so far, one row per agent step: time [s], north [ft], east [ft],
        altitude [ft MSL], φ, θ, ψ [rad], KCAS [kt], latitude, longitude [rad] (columns
        named in :mod:`flightsim.envs.track`)."""
        if self._track is None:
            raise ConfigError("no track kept: make the env with record_track=True")
        return np.array(self._track, dtype=np.float64).reshape(-1, TRACK_WIDTH)

    def render(self) -> Any:
        """An instrument panel beside the trajectory (``rgb_array``), or a window (``human``)."""
        if self.render_mode is None:
            return None
        if self._stepper is _CLOSED:
            _CLOSED.refuse()
        if not self._started:  # as Gymnasium's OrderEnforcing refuses it
            raise ConfigError(
                "render() before reset(): reset the environment first (env.reset(seed=...)) "
                "to have an episode to draw"
            )
        from flightsim.envs.rendering import Renderer

        if self._renderer is None:
            self._renderer = Renderer(human=self.render_mode == "human")
        return self._renderer.draw(self)

    def export_acmi(self, path: PathLike) -> None:
        """Write the episode's trajectory as a Tacview ACMI text file, with the task's
        waypoints or runway threshold as static objects (:mod:`flightsim.envs.export`)."""
        from flightsim.envs.export import landmarks, write_acmi

        write_acmi(self.track, path, name=self.sim.aircraft.name, marks=landmarks(self.task))

    def export_kml(self, path: PathLike) -> None:
        """Write the episode's trajectory as a KML line string (Google Earth), with the
        task's waypoints or runway threshold as placemarks."""
        from flightsim.envs.export import landmarks, write_kml

        write_kml(self.track, path, name=self.sim.aircraft.name, marks=landmarks(self.task))

    def close(self) -> None:
        """Release JSBSim and any window; a step afterwards is refused (idempotent)."""
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None
        self._set_step(_CLOSED)
        self.sim.close()


MAX_WIND_KTS = 250.0
"""The strongest ``wind_kts`` taken [kt]: about the fastest jet-stream cores measured."""


IC_WRITES: tuple[str, ...] = (
    "ic/lat-geod-deg",
    "ic/long-gc-deg",
    "ic/h-sl-ft",
    "ic/psi-true-deg",
    "ic/vc-kts",
    "ic/gamma-deg",
)
"""The ``ic/`` properties written at each reset, in this order (after the canonical IC)."""


CANONICAL_IC = Path(__file__).with_name("canonical_ic.xml")
"""A JSBSim initialization file (version 2) giving every IC quantity absolutely: loading it
overwrites JSBSim's IC object whole (ECEF position, local attitude, body velocity and
rates), whatever it held before."""


def _load_canonical_ic(fdm: Any) -> None:
    """Overwrite ``fdm``'s IC object with :data:`CANONICAL_IC`."""
    if not fdm.load_ic(str(CANONICAL_IC), False):
        raise SimulationError(f"JSBSim refused the initialization file {CANONICAL_IC}")


def _profile_of(
    location: AircraftLocation,
    aircraft_dirs: Folders,
    task: type[Task],
    guard: bool | None,
) -> AircraftProfile:
    """The aircraft's profile for ``task``: from :data:`PROFILES` for the bundled aircraft
    themselves, else found by trimming it (:func:`~flightsim.envs.autoprofile.derived_profile`)."""
    known = bundled_profile(location)
    if known is not None:
        return known
    from flightsim.envs.autoprofile import derived_profile

    return derived_profile(location, aircraft_dirs, task=task, guard=guard)


class _Stepping(Protocol):
    """What :meth:`FlightEnv._set_step` takes: a step kernel, or :data:`_CLOSED`."""

    def step(self, action: Any) -> StepResult: ...

    def step_into(
        self,
        action: Any,
        obs_out: np.ndarray,
        table_out: np.ndarray,
        index: int,
        codes: dict[str, float],
        terms: tuple[str, ...],
        /,
    ) -> bool | StepResult: ...


class _Closed:
    """The step kernel of a closed environment: every step (and reset) is refused."""

    @staticmethod
    def refuse() -> NoReturn:
        raise SimulationError("this environment is closed: make a new one to fly again")

    def step(self, action: Any) -> StepResult:
        self.refuse()

    def step_into(self, action: Any, *outputs: Any) -> StepResult:
        self.refuse()


_CLOSED = _Closed()


def _rebuilt(arguments: dict[str, Any]) -> FlightEnv:
    """A :class:`FlightEnv` built from ``arguments`` (:meth:`FlightEnv.__reduce__`)."""
    task = arguments.pop("task")
    return FlightEnv(task, **arguments)


def task_named(name: object) -> type[Task]:
    """The task class of ``name``: a task's name (``"Waypoints"``), its Gymnasium ID
    (``"flightsim/Waypoints-v0"``) or a :class:`Task` subclass itself (one of yours); else a
    :class:`ConfigError` with the closest names."""
    if isinstance(name, type) and issubclass(name, Task):
        return name
    text = str(name)
    short = text.removeprefix("flightsim/").removesuffix("-v0")
    cls = TASKS.get(short) if isinstance(name, str) else None
    if cls is None:
        raise ConfigError(
            f"unknown task {name!r}: choose one of {', '.join(TASKS)} (or their IDs, "
            f"flightsim/<task>-v0)." + suggest(short, TASKS)
        )
    return cls


def _trim_failure(exc: TrimError, start: Start, advice: str) -> TrimError:
    """The environment's TrimError: the simulation's reason and advice, less the glide
    (:data:`~flightsim.sim.trim.GLIDE_ADVICE`: the environment chooses the trim mode), then
    the start and what to do with the env."""
    return exc.advised(less=[GLIDE_ADVICE], more=[f"(start: {start}); {advice}"])


def episode_seed(seed: object) -> int | None:
    """A reset's seed as Gymnasium takes it: None (a fresh random one), or an int >= 0,
    numpy's too (Gymnasium refuses ``np.int64(3)`` and takes ``True``); else ConfigError."""
    if seed is None:
        return None
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and int(seed) >= 0:
        return int(seed)
    raise ConfigError(f"seed={seed!r}: give an int >= 0 (numpy's too), or None for a random one")


def action_values(commands: Any, controls: Sequence[str]) -> list[float]:
    """The ``controls``' values in action units, read from ``commands`` (JSBSim's command
    properties by name: an FGFDMExec, or the autopilot's commands): the surfaces as they
    are, the first engine's throttle from [0, 1] to [-1, 1]."""
    names = {"aileron": AILERON, "elevator": ELEVATOR, "rudder": RUDDER}
    return [
        2.0 * commands[THROTTLE] - 1.0 if c == "throttle" else commands[names[c]] for c in controls
    ]


def _flown_controls(
    sim: Simulation, task: Task, held: tuple[str, ...], by_default: bool
) -> tuple[str, ...]:
    """The controls the agent holds, in :data:`CONTROLS` order: ``held`` (all four
    ``by_default``), less the throttle for an aircraft without engines (a glider), which
    flies only tasks that need no power; ConfigError for a task that does, or a throttle
    asked for."""
    if sim.engine_count:
        return tuple(c for c in CONTROLS if c in held)
    name = sim.aircraft.name
    refuse_task_for_glider(name, type(task))
    if "throttle" in held and not by_default:
        raise ConfigError(
            f"controls {list(held)!r}: {name} has no engine (a glider), so no throttle; "
            "hold among 'aileron', 'elevator', 'rudder'"
        )
    return tuple(c for c in CONTROLS if c in held and c != "throttle")


def _check_types(aircraft: object, profile: object, guard: object, **flags: object) -> None:
    """ConfigError for arguments of the wrong kind (before anything is loaded)."""
    if not isinstance(aircraft, (str, os.PathLike)):
        raise ConfigError(
            f"aircraft={aircraft!r}: give an aircraft name (e.g. 'c172p') or its folder"
        )
    if profile is not None and not isinstance(profile, AircraftProfile):
        raise ConfigError(
            f"profile={profile!r}: give an AircraftProfile(cruise_kcas=..., ...) "
            "(flightsim.envs.profiles), or None for the aircraft's own"
        )
    check_guard(guard)  # before a profile is derived (Simulation's SimOptions checks it too)
    for name, value in flags.items():
        check_flag(name, value)


def _box(n: int) -> spaces.Box:
    return spaces.Box(-OBSERVATION_LIMIT, OBSERVATION_LIMIT, (n,), np.float32)


def _episode_steps(duration_s: float, agent_hz: float) -> int:
    """Agent steps of an episode: the first at or after ``duration_s`` [s] ends it (a time
    limit between two steps had been rounded to the nearer, even, one: 0.25 s at 10 Hz
    ended at 0.2 s)."""
    steps = duration_s * agent_hz
    return max(1, math.ceil(steps - 1e-9 * steps))


def _autopilot_every(substeps: int, sim_dt_s: float) -> int:
    """JSBSim steps between two runs of the autopilot of the unheld controls: the most that
    divides ``substeps`` and keeps its step within :data:`AUTOPILOT_MAX_DT_S` (its loops,
    tuned at 10 Hz, had flown a 1 Hz agent's aircraft into the ground: a one-second zero-order
    hold on the surfaces), else one (every JSBSim step of ``sim_dt_s`` [s])."""
    most = min(substeps, int(AUTOPILOT_MAX_DT_S * (1.0 + 1e-9) / sim_dt_s))
    return next(k for k in range(most, 0, -1) if substeps % k == 0) if most > 1 else 1


def _substeps(agent_hz: float, sim_hz: float) -> int:
    """JSBSim steps per agent step; the ratio must be a whole number."""
    for label, hz in (("agent_hz", agent_hz), ("sim_hz", sim_hz)):
        if not (math.isfinite(hz) and hz > 0.0):
            raise ConfigError(f"{label} must be > 0 Hz, got {hz!r}")
    if agent_hz < MIN_AGENT_HZ:  # a step of 1e-6 Hz had run JSBSim for hours in one call
        raise ConfigError(
            f"agent_hz={agent_hz:g} Hz is too slow: at least {MIN_AGENT_HZ:.3g} Hz (an agent "
            "step of a minute; the default is 10 Hz)"
        )
    if sim_hz * MAX_DT_S < 1.0:  # Simulation's own check, before any aircraft is loaded
        raise ConfigError(
            f"sim_hz={sim_hz:g} Hz is too slow: at least {1.0 / MAX_DT_S:g} Hz (JSBSim's "
            "integrators need small steps; its default is 120 Hz)"
        )
    if sim_hz > MAX_SIM_HZ:
        raise ConfigError(
            f"sim_hz={sim_hz:g} Hz is too fast: at most {MAX_SIM_HZ:g} Hz (JSBSim's default is "
            "120 Hz; a minute of flight at 1 MHz would take it about ten minutes)"
        )
    ratio = sim_hz / agent_hz
    n = round(ratio)
    if n < 1 or abs(ratio - n) > 1e-9 * ratio:
        raise ConfigError(
            f"sim_hz / agent_hz = {sim_hz:g} / {agent_hz:g} = {ratio:g} is not a whole number: "
            "choose rates whose ratio is an integer (e.g. 120 / 10)"
        )
    return n
