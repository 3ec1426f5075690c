"""The classical baseline for every task: a PID autopilot toward the task's targets.

The task supplies the targets (:meth:`Task.autopilot_targets`: bank and
pitch commands, heading/altitude/speed, a path-following heading between
waypoints, a localizer heading and a led glide-path altitude), the
:class:`~flightsim.control.Autopilot` turns them into surface and throttle
commands, and this policy hands those back as actions in ``[-1, 1]``.

The autopilot's gains were tuned on the c172p. An aircraft whose elevator or
ailerons pitch or roll it faster per unit of command (a light ultralight's
elevator: 2.2 times) would make the inner loops, run at the agent's 10 Hz,
overshoot from stop to stop; so the pitch and bank loops' gains are divided by
how much faster it responds than the c172p (not raised for a slower one):
classical gain scheduling on control power (Stevens, Lewis & Johnson, *Aircraft
Control and Simulation*, 3rd ed., §4.7). An aircraft that rolls faster may also
have its bank command slewed faster (:func:`scheduled_roll_rate`); one whose
pitch rate keeps building under a held elevator gets a stiffer pitch loop
(:data:`PITCH_STIFFENING`). The response is measured once
per aircraft on a Simulation of its own, trimmed at the profile's cruise
(:func:`control_response`).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, NamedTuple

import gymnasium
import numpy as np

from flightsim.control.autopilot import AILERON, ELEVATOR, Autopilot, AutopilotGains
from flightsim.envs.env import FlightEnv, action_values
from flightsim.envs.profiles import AircraftProfile
from flightsim.errors import ConfigError, TrimError
from flightsim.paths import AircraftLocation, EditionCache
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation
from flightsim.sim.trim import steady_flight_mode


class ControlResponse(NamedTuple):
    """How an aircraft answers its controls, trimmed at a profile's cruise
    (:func:`control_response`)."""

    pitch: float
    """Pitch rate [deg/s per unit of elevator command] 0.1 s after a 0.1 step."""
    roll: float
    """Roll rate [deg/s per unit of aileron command] 0.1 s after a 0.1 step."""
    pitch_builds: bool = False
    """Whether the pitch rate under the held elevator step keeps its sign and is
    :data:`PITCH_BUILD_RATIO` times or more larger 2 s after it than 1 s after it (and at
    1 s at least a fifth of its size at 0.1 s): no steady pitch rate for a steady
    elevator, the mark of an aircraft neutrally stable or unstable in pitch (Stevens, Lewis
    & Johnson, §4.3: the short-period and phugoid modes). Measured: JSBSim's MD-11 1.56,
    Concorde 1.59, XB-70 1.78; a stable one's pitch rate settles or falls back by then
    (c172p 0.96, 737 0.67; the c172r's 1.03, the Camel's 1.08 and t-jumbo's 1.16, whose
    baseline the stiffer loop does not help)."""


REFERENCE_RESPONSE = ControlResponse(45.5, 33.5)
"""Pitch and roll rate [deg/s per unit of command] the gains were tuned for: the c172p's
0.1 s after a 0.1 step of its elevator / aileron command, trimmed at 100 KCAS, 4000 ft
(measured 45.0 and 33.1)."""
STEP = 0.1
"""The probing step of the elevator and aileron commands, and its duration [s]."""

MAX_ROLL_RATE_SCALE = 3.0
"""Most the bank command's slew limit is raised for an aircraft that rolls faster."""
PITCH_BUILD_RATIO = 1.25
"""How much the pitch rate under a held elevator step must grow from 1 s to 2 s after it
for :attr:`ControlResponse.pitch_builds`."""
PITCH_STIFFENING = 2.0
"""What the pitch loop's proportional and derivative gains are multiplied by for an
aircraft whose pitch rate still builds under a held elevator step
(:attr:`ControlResponse.pitch_builds`)."""


MAX_ALTITUDE_GAIN_SCALE = 2.5
"""Most the altitude loop's gains are raised for a slow aircraft (:func:`altitude_gain_scale`):
a little past the slowest powered aircraft measured (the ultralight, 2.2), not beyond what
was flown."""
_TUNED_CRUISE_TAS_FPS = AircraftProfile().cruise_tas_fps
"""The true airspeed [ft/s] of the cruise the altitude loop was tuned at (the c172p's)."""

_RESPONSES: EditionCache[ControlResponse] = EditionCache()


def control_response(location: AircraftLocation, profile: AircraftProfile) -> ControlResponse:
    """How ``location``'s aircraft answers a 0.1 step of its elevator and of its aileron
    command, each from the trim at ``profile``'s cruise, on a Simulation of its own
    (:class:`ControlResponse`); the reference's where it does not trim there. Kept for the
    process (by the aircraft's edition and the cruise)."""
    main_file, edition = location.edition

    def measure() -> ControlResponse:
        ic = InitialConditions(altitude_ft=profile.altitude_ft, kcas=profile.cruise_kcas)
        with Simulation(location, ic=ic, record=None, guard=False) as sim:
            return _probe(sim)

    setup = (main_file, profile.cruise_kcas, profile.altitude_ft)
    return _RESPONSES.get(setup, edition, measure)


def _probe(sim: Simulation) -> ControlResponse:
    """:func:`control_response`'s measurements on ``sim``."""
    mode = steady_flight_mode(sim.engine_count)
    try:
        q = _rates_after_step(sim, mode, ELEVATOR, "velocities/q-rad_sec", (STEP, 1.0, 2.0))
        p = _rates_after_step(sim, mode, AILERON, "velocities/p-rad_sec", (STEP,))
    except TrimError:
        return REFERENCE_RESPONSE
    per_unit = [abs(math.degrees(rate)) / STEP for rate in (q[0], p[0])]
    return ControlResponse(per_unit[0], per_unit[1], _pitch_builds(*q))


def _rates_after_step(
    sim: Simulation, mode: str, command: str, rate: str, times_s: tuple[float, ...]
) -> list[float]:
    """``rate`` [rad/s] at ``times_s`` [s, ascending] after a :data:`STEP` step of
    ``command`` held from the trim in ``mode`` (TrimError where it does not trim)."""
    sim.reset(trim=mode)
    sim[command] = sim[command] + STEP
    rates, elapsed = [], 0.0
    for t in times_s:
        sim.run(t - elapsed)
        elapsed = t
        rates.append(sim[rate])
    return rates


def _pitch_builds(first: float, after_1_s: float, after_2_s: float) -> bool:
    """:attr:`ControlResponse.pitch_builds` from the pitch rate 0.1, 1 and 2 s after the
    step: one way all along, and still of a size at 1 s (a short period that swings through
    zero near 1 s is no build-up), then :data:`PITCH_BUILD_RATIO` times larger at 2 s."""
    return (
        first * after_1_s > 0.0
        and after_1_s * after_2_s > 0.0
        and abs(after_1_s) >= 0.2 * abs(first)
        and abs(after_2_s) >= PITCH_BUILD_RATIO * abs(after_1_s)
    )


def altitude_gain_scale(profile: AircraftProfile, engine_count: int) -> float:
    """What the altitude loop's gains are multiplied by for ``profile``'s aircraft: the
    tuned cruise's true airspeed over its own, from 1 (a faster aircraft) to
    :data:`MAX_ALTITUDE_GAIN_SCALE`; 1 for a glider (``engine_count`` 0).

    The loop commands a pitch change per foot of altitude error, and a pitch change
    Δθ gives a climb rate ḣ ≈ V Δγ (Beard & McLain, *Small Unmanned Aircraft*, §6.5:
    the altitude loop's plant gain is the airspeed). Tuned at the c172p's ~106 KTAS, a
    28 hp ultralight at 47 KTAS got less than half the climb rate per degree and sank
    below a 3° glide path faster than it could correct: scaled, 9 of 10 seeded
    approaches succeed where 7 did (the J3Cub's and t-dimona's approaches and
    altitude holds gain too). A glider has no throttle holding its speed, so a pitch
    change trades speed for height instead: scaled, the bundled gliders' Waypoints
    lost episodes, so their loop keeps its gains."""
    if engine_count == 0:
        return 1.0
    return min(MAX_ALTITUDE_GAIN_SCALE, max(1.0, _TUNED_CRUISE_TAS_FPS / profile.cruise_tas_fps))


def scheduled_gains(response: ControlResponse, altitude_scale: float = 1.0) -> AutopilotGains:
    """The autopilot's gains with the pitch and bank loops' divided by how much faster
    than :data:`REFERENCE_RESPONSE` ``response`` is (pitch, roll [deg/s per unit]), and the pitch
    loop's proportional and derivative gains :data:`PITCH_STIFFENING` times stiffer for an
    aircraft whose pitch rate builds under a held elevator: the c172p's gains let the
    MD-11's pitch swing ±4° past each command, and it failed most episodes of every task
    but Waypoints; stiffened, it succeeds in each of 4 of every task."""
    gains = AutopilotGains()
    reference = REFERENCE_RESPONSE
    pitch = min(1.0, reference.pitch / response.pitch) if response.pitch > 0.0 else 1.0
    roll = min(1.0, reference.roll / response.roll) if response.roll > 0.0 else 1.0
    stiffening = PITCH_STIFFENING if response.pitch_builds else 1.0
    return replace(
        gains,
        altitude_kp=gains.altitude_kp * altitude_scale,
        altitude_ki=gains.altitude_ki * altitude_scale,
        altitude_kd=gains.altitude_kd * altitude_scale,
        pitch_kp=gains.pitch_kp * pitch * stiffening,
        pitch_ki=gains.pitch_ki * pitch,
        pitch_kd=gains.pitch_kd * pitch * stiffening,
        bank_kp=gains.bank_kp * roll,
        bank_ki=gains.bank_ki * roll,
        bank_kd=gains.bank_kd * roll,
    )


def scheduled_roll_rate(response: ControlResponse) -> float:
    """The bank command's slew limit [deg/s]: the autopilot's own (tuned on the c172p) times
    how much faster than :data:`REFERENCE_RESPONSE` the aircraft rolls, from 1 to
    :data:`MAX_ROLL_RATE_SCALE` times. A fighter would otherwise take 7 s to roll from 40° one
    way to 35° the other, longer than AttitudeTracking leaves it."""
    scale = response.roll / REFERENCE_RESPONSE.roll if response.roll > 0.0 else 1.0
    return Autopilot.max_roll_rate_deg_s * min(MAX_ROLL_RATE_SCALE, max(1.0, scale))


def scheduled_autopilot(
    aircraft: AircraftLocation,
    profile: AircraftProfile,
    engine_count: int,
    throttle_properties: tuple[str, ...],
) -> Autopilot:
    """The baseline's autopilot for ``aircraft`` flying ``profile``: its gains scheduled on
    the aircraft's :func:`control_response` (:func:`scheduled_gains`,
    :func:`altitude_gain_scale`, :func:`scheduled_roll_rate`). :class:`BaselinePolicy`
    flies it, and :class:`~flightsim.envs.FlightEnv` flies the controls the agent does not
    hold with it."""
    response = control_response(aircraft, profile)
    return Autopilot(
        gains=scheduled_gains(response, altitude_gain_scale(profile, engine_count)),
        max_bank_deg=profile.max_bank_deg,
        max_roll_rate_deg_s=scheduled_roll_rate(response),
        throttle_properties=throttle_properties,
    )


class BaselinePolicy:
    """``policy(observation) -> action`` flying ``env``'s task with PID loops.

    It reads the aircraft's state from the environment itself (the
    observation is not needed) and engages its autopilot at the first call
    of each episode. Call it once per ``env.step``: each call advances its PID
    loops' integrators and filters by one agent step (two calls per step, as a
    DAgger-style expert query might make, fly a different controller).
    """

    def __init__(self, env: gymnasium.Env[Any, Any]) -> None:
        unwrapped = getattr(env, "unwrapped", env)
        if not isinstance(unwrapped, FlightEnv):
            raise ConfigError(
                f"BaselinePolicy flies a flightsim environment (FlightEnv, or one from "
                f"gymnasium.make('flightsim/...')), not {unwrapped!r}"
            )
        self.env = unwrapped
        self.autopilot = scheduled_autopilot(
            unwrapped.sim.aircraft,
            unwrapped.profile,
            unwrapped.sim.engine_count,
            unwrapped.throttle_properties,
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
        commands = self.autopilot.update(fdm, env.agent_dt_s)
        return np.array(action_values(commands, env.controls), dtype=np.float32)
