"""A classical autopilot built from PID loops: bank, heading, pitch, altitude, speed, sideslip.

The structure is successive loop closure (Beard & McLain, *Small Unmanned
Aircraft: Theory and Practice*, 2012, ch. 6; Stevens, Lewis & Johnson,
*Aircraft Control and Simulation*, 3rd ed., 2016, ch. 4): fast inner loops on
attitude, slower outer loops that command them.

Lateral-directional:
    heading error [deg] --P(I)--> bank command [deg] (limited to ±max_bank_deg,
        slewed at most max_roll_rate_deg_s; the slew rate is fed forward)
    bank error [deg], roll rate p --PID--> aileron command [norm]
    sideslip β [deg], its rate β̇ --PID--> rudder command [norm] (turn coordination;
        the β̇ term is the yaw damper: it damps the Dutch roll the PI part excites on
        aircraft with a stronger rudder or more adverse yaw than the c172p's, and
        leaves a steady turn alone, where β̇ = 0)
Longitudinal:
    altitude error [ft], climb rate ḣ --PID--> pitch command [deg] (limited)
    pitch error [deg], pitch rate q --PID--> elevator command [norm]
    airspeed error [KCAS] --PI--> throttle command [norm, 0..1]

Every loop carries the trimmed control value as its bias (feed-forward), so an
autopilot engaged on a trimmed aircraft starts with zero correction. Signs
follow JSBSim: positive aileron rolls right, positive elevator pitches the nose
down, positive rudder yaws the nose left. The default gains were tuned on the
bundled ``c172p`` around 4000 ft / 100 KCAS; other aircraft need their own.

The autopilot reads any object that returns a float for a JSBSim property name
(``obj["attitude/phi-deg"]``): a :class:`flightsim.sim.simulation.Simulation`
or a plain ``jsbsim.FGFDMExec``. It returns a ``{property: value}`` dict of
commands, the form ``Simulation.run(controls=...)`` takes.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Protocol

from flightsim.control.pid import PID, clamp, wrap_180
from flightsim.errors import ConfigError

AILERON = "fcs/aileron-cmd-norm"
ELEVATOR = "fcs/elevator-cmd-norm"
RUDDER = "fcs/rudder-cmd-norm"
THROTTLE = "fcs/throttle-cmd-norm"

_DEG_PER_RAD = 180.0 / math.pi


class PropertyReader(Protocol):
    """Anything that reads a JSBSim property by name as a float (Simulation, FGFDMExec)."""

    def __getitem__(self, name: str) -> float: ...


@dataclass(frozen=True)
class AutopilotGains:
    """Gains of every loop; units are output per unit of error (see :class:`Autopilot`)."""

    heading_kp: float = 1.2
    """Bank command per heading error [deg/deg]."""
    heading_ki: float = 0.0
    """[deg bank /(deg heading · s)]; 0: a heading has no steady disturbance to integrate."""
    bank_kp: float = 0.1
    """Aileron per bank error [1/deg]."""
    bank_ki: float = 0.02
    """[1/(deg · s)]."""
    bank_kd: float = 0.02
    """Aileron per roll rate [1/(deg/s)]."""
    sideslip_kp: float = 0.3
    """Rudder per sideslip [1/deg]."""
    sideslip_ki: float = 0.1
    """[1/(deg · s)]."""
    sideslip_kd: float = 0.05
    """Rudder per sideslip rate [1/(deg/s)]: a yaw damper that leaves a steady turn alone."""
    altitude_kp: float = 0.04
    """Pitch command per altitude error [deg/ft]."""
    altitude_ki: float = 0.004
    """[deg/(ft · s)]."""
    altitude_kd: float = 0.15
    """Pitch command per climb-rate error [deg/(ft/s)]."""
    pitch_kp: float = 0.06
    """Nose-up elevator per pitch error [1/deg]."""
    pitch_ki: float = 0.03
    """[1/(deg · s)]."""
    pitch_kd: float = 0.025
    """Nose-up elevator per pitch rate [1/(deg/s)]."""
    speed_kp: float = 0.05
    """Throttle per airspeed error [1/kt]."""
    speed_ki: float = 0.01
    """[1/(kt · s)]."""


@dataclass
class AutopilotTargets:
    """What the autopilot holds. Change fields between updates to fly a manoeuvre.

    ``bank_deg`` set: hold that bank angle [deg, right wing down positive]
    instead of a heading. ``course_deg`` set: hold that ground track [deg true]
    instead of the heading: the heading held is the course less the drift angle
    (ground track − heading, low-passed over :attr:`Autopilot.drift_time_constant_s`),
    so a crosswind is crabbed into (a path-following law commands a course: Beard &
    McLain §10.2). ``pitch_deg`` set: hold that pitch attitude [deg, nose up
    positive] instead of an altitude (the altitude loop pauses).
    ``elevator_norm`` set: fly the elevator open-loop at that command (doublets,
    manual pitch) and pause the altitude and pitch loops.
    """

    altitude_ft: float
    kcas: float
    heading_deg: float
    bank_deg: float | None = None
    elevator_norm: float | None = None
    pitch_deg: float | None = None
    climb_fps: float = 0.0
    """The altitude target's own rate [ft/s] (a glide path's descent): fed forward."""
    course_deg: float | None = None
    """The ground track [deg true] to hold instead of ``heading_deg``, or None."""


@dataclass
class _Trim:
    aileron: float = 0.0
    elevator: float = 0.0
    rudder: float = 0.0
    throttle: float = 0.0
    theta_deg: float = 0.0


@dataclass
class Autopilot:
    """Heading/bank, altitude and airspeed hold for a fixed-wing JSBSim aircraft.

    Call :meth:`engage` once on a trimmed aircraft (it takes the current
    altitude, airspeed and heading as targets and the current controls as
    trim), then :meth:`update` every control step.

    ``max_bank_deg`` and ``max_pitch_deg`` [deg] limit the commands of the
    outer loops, ``max_roll_rate_deg_s`` [deg/s] the rate of change of the bank
    command (a smooth roll-in keeps the bank loop from overshooting);
    ``throttle_properties`` name one throttle per engine; none for an aircraft without
    engines (a glider), whose airspeed then follows from its pitch: the speed loop is
    not flown and :attr:`AutopilotTargets.kcas` is not held (given none on a powered
    aircraft, its throttles stay where they are).
    """

    gains: AutopilotGains = field(default_factory=AutopilotGains)
    max_bank_deg: float = 30.0
    max_pitch_deg: float = 15.0
    max_roll_rate_deg_s: float = 10.0
    drift_time_constant_s: float = 30.0
    throttle_properties: tuple[str, ...] = (THROTTLE,)
    targets: AutopilotTargets = field(default_factory=lambda: AutopilotTargets(0.0, 0.0, 0.0))

    def __post_init__(self) -> None:
        limits = (("max_bank_deg", self.max_bank_deg), ("max_pitch_deg", self.max_pitch_deg))
        for label, limit in limits:
            if not (_is_finite_number(limit) and 0.0 < limit < 90.0):
                raise ConfigError(f"Autopilot {label} must be in (0, 90) deg, got {limit!r}")
        if not (_is_finite_number(self.max_roll_rate_deg_s) and self.max_roll_rate_deg_s > 0.0):
            raise ConfigError(
                f"Autopilot max_roll_rate_deg_s must be > 0, got {self.max_roll_rate_deg_s!r}"
            )
        g = self.gains
        surface = (-1.0, 1.0)
        self.heading_loop = PID(
            g.heading_kp,
            g.heading_ki,
            output_limits=(-self.max_bank_deg, self.max_bank_deg),
            integrator_limits=(-5.0, 5.0),
        )
        self.bank_loop = PID(g.bank_kp, g.bank_ki, g.bank_kd, output_limits=surface)
        self.sideslip_loop = PID(g.sideslip_kp, g.sideslip_ki, g.sideslip_kd, output_limits=surface)
        self.altitude_loop = PID(
            g.altitude_kp,
            g.altitude_ki,
            g.altitude_kd,
            output_limits=(-self.max_pitch_deg, self.max_pitch_deg),
            integrator_limits=(-8.0, 8.0),
        )
        self.pitch_loop = PID(g.pitch_kp, g.pitch_ki, g.pitch_kd, output_limits=surface)
        self.speed_loop = PID(g.speed_kp, g.speed_ki, output_limits=(0.0, 1.0))
        self._trim = _Trim()
        self._engaged = False
        self._bank_cmd_deg = 0.0
        self._drift_deg = 0.0
        self.last_commands: dict[str, float] = {}
        """The commands of the last :meth:`update` (empty before the first)."""

    @property
    def engaged(self) -> bool:
        """True after :meth:`engage`."""
        return self._engaged

    def engage(self, state: PropertyReader) -> None:
        """Take the current flight condition as targets and the current controls as trim."""
        self._trim = _Trim(
            aileron=state[AILERON],
            elevator=state[ELEVATOR],
            rudder=state[RUDDER],
            throttle=state[self.throttle_properties[0]] if self.throttle_properties else 0.0,
            theta_deg=state["attitude/theta-deg"],
        )
        self.targets = AutopilotTargets(
            altitude_ft=state["position/h-sl-ft"],
            kcas=state["velocities/vc-kts"],
            heading_deg=state["attitude/psi-deg"],
        )
        self.bank_loop.bias = self._trim.aileron
        self.sideslip_loop.bias = self._trim.rudder
        self.pitch_loop.bias = -self._trim.elevator  # the loop computes nose-up elevator
        self.speed_loop.bias = self._trim.throttle
        self.altitude_loop.bias = self._trim.theta_deg
        for loop in self._loops():
            loop.reset()
        self._bank_cmd_deg = state["attitude/phi-deg"]
        self._drift_deg = _drift_deg(state)
        self._engaged = True

    def _loops(self) -> tuple[PID, ...]:
        return (
            self.heading_loop,
            self.bank_loop,
            self.sideslip_loop,
            self.altitude_loop,
            self.pitch_loop,
            self.speed_loop,
        )

    def update(self, state: PropertyReader, dt_s: float) -> dict[str, float]:
        """Run every loop once over ``dt_s`` [s]; return the control commands to write."""
        if not self._engaged:
            raise ConfigError("Autopilot.update() before engage(): engage on a trimmed aircraft")
        t = self.targets
        _check_targets(t)
        phi = state["attitude/phi-deg"]
        p_deg = state["velocities/p-rad_sec"] * _DEG_PER_RAD
        max_bank = self.max_bank_deg
        if t.bank_deg is None:
            heading = t.heading_deg
            if t.course_deg is not None:  # the heading that makes good the course
                share = dt_s / (self.drift_time_constant_s + dt_s)
                self._drift_deg += share * wrap_180(_drift_deg(state) - self._drift_deg)
                heading = t.course_deg - self._drift_deg
            heading_error = wrap_180(heading - state["attitude/psi-deg"])
            self.heading_loop.output_limits = (-max_bank, max_bank)
            wanted = self.heading_loop.update(heading_error, dt_s)
        else:
            wanted = clamp(t.bank_deg, -max_bank, max_bank)
            self.heading_loop.reset()
        max_change = self.max_roll_rate_deg_s * dt_s
        bank_change = clamp(wanted - self._bank_cmd_deg, -max_change, max_change)
        bank_cmd = self._bank_cmd_deg + bank_change
        self._bank_cmd_deg = bank_cmd
        # While the command slews at the rate limit its rate is known: feed it forward in
        # d(bank error)/dt = commanded roll rate - p (no kick from small command steps).
        slewing = abs(bank_change) >= max_change
        bank_error_rate = (bank_change / dt_s if slewing else 0.0) - p_deg
        aileron = self.bank_loop.update(bank_cmd - phi, dt_s, error_rate=bank_error_rate)
        beta_rate_deg = state["aero/betadot-rad_sec"] * _DEG_PER_RAD
        rudder = self.sideslip_loop.update(-state["aero/beta-deg"], dt_s, error_rate=-beta_rate_deg)

        if t.elevator_norm is None:
            if t.pitch_deg is None:
                climb_fps = state["velocities/h-dot-fps"]
                altitude_error = t.altitude_ft - state["position/h-sl-ft"]
                climb_error = t.climb_fps - climb_fps
                pitch_cmd = self.altitude_loop.update(altitude_error, dt_s, error_rate=climb_error)
            else:
                pitch_cmd = t.pitch_deg
                self.altitude_loop.reset()
            q_deg = state["velocities/q-rad_sec"] * _DEG_PER_RAD
            pitch_error = pitch_cmd - state["attitude/theta-deg"]
            elevator = -self.pitch_loop.update(pitch_error, dt_s, error_rate=-q_deg)
        else:
            elevator = clamp(t.elevator_norm, -1.0, 1.0)
        commands = {AILERON: aileron, ELEVATOR: elevator, RUDDER: rudder}
        if self.throttle_properties:
            throttle = self.speed_loop.update(t.kcas - state["velocities/vc-kts"], dt_s)
            for name in self.throttle_properties:
                commands[name] = throttle
        self.last_commands = commands
        return commands


_TARGET_UNITS = {
    "altitude_ft": "ft",
    "kcas": "kt",
    "heading_deg": "deg",
    "bank_deg": "deg",
    "elevator_norm": "-1..1",
    "pitch_deg": "deg",
    "climb_fps": "ft/s",
    "course_deg": "deg",
}


def _drift_deg(state: PropertyReader) -> float:
    """The drift angle [deg]: the ground track (from the ground velocity's north and east
    parts) less the heading, wrapped to ±180."""
    track = math.atan2(state["velocities/v-east-fps"], state["velocities/v-north-fps"])
    return wrap_180(track * _DEG_PER_RAD - state["attitude/psi-deg"])


def _is_finite_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def _check_targets(t: AutopilotTargets) -> None:
    """A ConfigError naming the first target that is not a finite number (None is allowed
    where the field is optional); checked at every update, a NaN target would otherwise
    fly NaN commands into JSBSim. One sum when all is well (NaN and inf stay non-finite
    through a sum; a string makes it a TypeError)."""
    try:
        total = t.altitude_ft + t.kcas + t.heading_deg + t.climb_fps
        for optional in (t.bank_deg, t.elevator_norm, t.pitch_deg, t.course_deg):
            if optional is not None:
                total += optional
        if math.isfinite(total):
            return
    except TypeError:
        pass
    for name, unit in _TARGET_UNITS.items():
        value = getattr(t, name)
        if value is None and name in ("bank_deg", "elevator_norm", "pitch_deg", "course_deg"):
            continue
        if not _is_finite_number(value):
            raise ConfigError(
                f"Autopilot target {name}={value!r} is not a finite number: set "
                f"AutopilotTargets.{name} to a number [{unit}]"
            )
