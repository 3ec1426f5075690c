"""What every task shares: the state it reads, its starts, and its interface to the env.

The environment reads :data:`STATE_PROPERTIES` once per agent step into a list
``s`` (indices :data:`PHI` ... :data:`LON`) and passes it, with the local
position (north, east [ft] from the episode's origin), to :meth:`Task.step`.
"""

from __future__ import annotations

import abc
import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from flightsim.control.autopilot import AutopilotTargets
from flightsim.envs.arguments import quantity
from flightsim.envs.profiles import AircraftProfile

STATE_PROPERTIES: tuple[str, ...] = (
    "attitude/phi-rad",
    "attitude/theta-rad",
    "attitude/psi-rad",
    "velocities/p-rad_sec",
    "velocities/q-rad_sec",
    "velocities/r-rad_sec",
    "aero/alpha-rad",
    "aero/beta-rad",
    "velocities/vc-kts",
    "position/h-sl-ft",
    "velocities/h-dot-fps",
    "position/h-agl-ft",
    "position/lat-geod-rad",
    "position/long-gc-rad",
)
"""JSBSim properties read every agent step, in the order of the indices below."""
PHI, THETA, PSI, P, Q, R, ALPHA, BETA, VC, H_SL, HDOT, H_AGL, LAT, LON = range(14)

DEG = math.pi / 180.0
"""Radians per degree."""


def wrap_pi(angle_rad: float) -> float:
    """An angle [rad] wrapped into [-π, π)."""
    return (angle_rad + math.pi) % (2.0 * math.pi) - math.pi


def error_term(error: float, scale: float) -> float:
    """``|error| / scale`` capped at 1: a tracking error's share of a reward term."""
    e = abs(error) / scale
    return 1.0 if e > 1.0 else e


@dataclass(frozen=True)
class Start:
    """An episode's initial condition: altitude [ft MSL], airspeed [KCAS], heading [deg true],
    flight-path angle [deg, climb positive] the aircraft is trimmed on."""

    altitude_ft: float
    kcas: float
    heading_deg: float
    flight_path_deg: float = 0.0


StepResult = tuple[list[float], float, dict[str, float], bool, str]
"""What :meth:`Task.step` returns: (task observations, reward, reward terms, success,
failure reason or ""). A plain tuple: it is built every agent step."""


class Task(abc.ABC):
    """A flying task: random starts and targets, observations, reward, success.

    Subclasses set the class attributes and implement the abstract methods;
    ``duration_s`` [s] is the episode's time limit (a number of seconds or a
    time such as ``"2 min"``), ``floor_agl_ft`` [ft] the height under which the
    aircraft has crashed.
    """

    name: ClassVar[str]
    observation_table: ClassVar[tuple[tuple[str, str, str], ...]]
    """(name, unit, scaling) of each task observation, in order."""
    default_duration_s: ClassVar[float]
    floor_agl_ft: ClassVar[float] = 300.0
    needs_engine: ClassVar[bool] = True
    """The task holds or climbs to altitudes, which an aircraft without engines (a glider)
    cannot: such an aircraft flies only the tasks that set this False, in a glide (trimmed
    with the ``glide`` mode at every reset; :attr:`gliding` set)."""
    landing: ClassVar[bool] = False
    """Flown in the approach configuration: the profile's ``approach_kcas`` and flaps."""
    area_radius_s: ClassVar[float] = 600.0
    """The flying area's radius, in seconds of cruise flight from the origin."""
    reward_terms: ClassVar[tuple[str, ...]] = ()
    """The names of the reward terms :meth:`step` returns, in order (the environment adds
    ``"failure"``). Vector environments batch declared terms fastest; others still reach
    the infos."""
    failures: ClassVar[tuple[str, ...]] = ()
    """The failure reasons :meth:`step` may return besides "" (the environment has its own:
    crash, attitude, left area, non-finite state)."""

    def __init__(self, profile: AircraftProfile, duration_s: float | str | None = None) -> None:
        self.profile = profile
        given = self.default_duration_s if duration_s is None else duration_s
        self.duration_s = quantity("duration_s", given, "s", ">")
        self.tracking_error = 0.0
        """The latest tracking error (dimensionless, the task's documented combination)."""
        self.gliding = False
        """Flown by an aircraft without engines, in a glide (set by the environment): a task
        that takes gliders may set its targets otherwise then."""

    @property
    def area_radius_ft(self) -> float:
        """Leaving this horizontal distance [ft] from the origin ends the episode."""
        return self.area_radius_s * self.profile.cruise_fps

    def start(self, rng: np.random.Generator | None = None) -> Start:
        """The episode's trimmed start: cruise at the profile's altitude and speed.

        Without ``rng``: the centre of the random starts (profile altitude and
        speed, heading north). With ``rng``: altitude and airspeed drawn
        uniformly within the profile's spreads (``altitude_spread_ft``,
        ``speed_spread_kts``) of the centre, heading uniform in [0, 360) deg.
        """
        p = self.profile
        if rng is None:
            return Start(p.altitude_ft, p.cruise_kcas, 0.0)
        altitude = p.altitude_ft + float(rng.uniform(-1.0, 1.0)) * p.altitude_spread_ft
        kcas = p.cruise_kcas + float(rng.uniform(-1.0, 1.0)) * p.speed_spread_kts
        return Start(altitude, kcas, float(rng.uniform(0.0, 360.0)))

    @abc.abstractmethod
    def reset(self, rng: np.random.Generator, s: list[float], start: Start) -> list[float]:
        """Draw the episode's targets from the trimmed state; return the first task observation."""

    @abc.abstractmethod
    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> StepResult:
        """Score the state after an agent step at sim time ``t_s`` [s]."""

    @abc.abstractmethod
    def autopilot_targets(
        self, s: list[float], north_ft: float, east_ft: float
    ) -> AutopilotTargets:
        """What a classical autopilot should hold now to fly this task (the baseline)."""

    def finish(self) -> bool:
        """At the time limit: did the episode succeed? (tracking tasks judge here)."""
        return False

    @property
    def observation_size(self) -> int:
        """Number of task observations."""
        return len(self.observation_table)
