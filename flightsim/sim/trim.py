"""Trimming: find the controls and attitude for steady flight.

``full``, ``longitudinal`` and ``ground`` use JSBSim's own ``FGTrim``
(``FGFDMExec.do_trim``; see its class documentation: longitudinal trims wdot
with alpha, udot with throttle and qdot with pitch trim; full adds the lateral
axes; ground settles the aircraft on its gear). ``glide`` is ours, for
aircraft without thrust, where JSBSim's trim fails on udot: a Newton solve
(finite-difference Jacobian) of udot = wdot = qdot = 0 over angle of attack,
flight-path angle and elevator at the initial airspeed.

When JSBSim's trim fails on wdot (the angle of attack could not balance the
weight), :func:`most_lift` reads the lift across the angles of attack at the
initial airspeed to say whether it is below the stall, and how fast is enough.
When it fails on udot (the throttle could not balance the drag),
:func:`full_throttle` runs the engines at full throttle at the initial
conditions to say why: engines that do not run, engines that give almost no
thrust, or an airspeed beyond what their thrust can hold level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import jsbsim
import numpy as np

from flightsim.errors import TrimError
from flightsim.logs import logger
from flightsim.sim.logbridge import LogBridge
from flightsim.sim.property_nodes import PropertyCache

LOG = logger("flightsim.sim.trim")

TRIM_MODES: dict[str, int] = {"longitudinal": 0, "full": 1, "ground": 2}
"""Trim mode names handled by JSBSim's FGTrim, with its mode numbers."""
MODES = (*TRIM_MODES, "glide")
"""Every trim mode :func:`trim` accepts."""


def steady_flight_mode(engine_count: int) -> str:
    """The trim mode for steady flight of an aircraft with ``engine_count`` engines: ``full``
    (JSBSim's), or ``glide`` (ours) for one without engines, a glider."""
    return "full" if engine_count else "glide"


RESIDUALS = (
    "accelerations/udot-ft_sec2",
    "accelerations/vdot-ft_sec2",
    "accelerations/wdot-ft_sec2",
    "accelerations/pdot-rad_sec2",
    "accelerations/qdot-rad_sec2",
    "accelerations/rdot-rad_sec2",
)
"""Body accelerations that a trim drives to zero."""

_ATTITUDE = ("aero/alpha-deg", "aero/beta-deg", "attitude/theta-deg", "attitude/phi-deg")
_CONTROLS = (
    "fcs/elevator-cmd-norm",
    "fcs/pitch-trim-cmd-norm",
    "fcs/aileron-cmd-norm",
    "fcs/rudder-cmd-norm",
)
GLIDE_IC = ("ic/alpha-deg", "ic/gamma-deg")
"""The initial conditions the glide trim writes (besides the elevator command)."""
FLIGHT_ADVICE = (
    "Check that the aircraft can fly steadily at this speed and altitude "
    "(weight, flaps, gear, engine running)."
)
"""The first advice of every failed trim of JSBSim's."""
THROTTLE_ADVICE = "The throttle could not balance the drag: try another airspeed."
"""The advice when JSBSim's trim fails on udot; :meth:`FullThrottle.verdict` says more."""
GLIDE_ADVICE = "For a power-off descent, trim with mode='glide'."
"""The advice to glide, given when the throttle could not balance the drag (an environment,
which chooses its trim mode itself, leaves it out)."""
_SHAFT_SPEEDS = ("engine-rpm", "propeller-rpm", "n1", "n2")
"""Engine properties that say the engine turns (rpm, or % of a turbine's spool speed)."""
_ALMOST_NO_THRUST = 0.1
"""Thrust at full throttle below this share of the drag, at the airspeed and at half of it: the
engines develop almost no power."""
_STOPPED = 1.0
"""Below it an engine's thrust [lbf] and shaft speeds [rpm, %] are nil: JSBSim leaves a stopped
piston engine at a few thousandths of an rpm and of a lbf."""
_GLIDE_TOLERANCE = (1e-3, 1e-3, 1e-4)  # udot, wdot [ft/s^2], qdot [rad/s^2], as JSBSim's trim
_BLOWN_UP = 1e4  # a residual [ft/s^2 or rad/s^2, weighted] no aircraft has: the model blew up


@dataclass(frozen=True)
class TrimResult:
    """The trimmed state: ``values`` maps JSBSim properties to their trimmed values.

    Keys include ``fcs/elevator-cmd-norm``, ``fcs/pitch-trim-cmd-norm``,
    ``fcs/aileron-cmd-norm``, ``fcs/rudder-cmd-norm``, one
    ``fcs/throttle-cmd-norm[i]`` per engine, ``aero/alpha-deg``,
    ``aero/beta-deg``, ``attitude/theta-deg``, ``attitude/phi-deg`` and
    ``flight-path/gamma-deg``; ``residuals`` the body accelerations left
    (ft/s^2, rad/s^2).
    """

    mode: str
    values: dict[str, float] = field(default_factory=dict)
    residuals: dict[str, float] = field(default_factory=dict)

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    @property
    def alpha_deg(self) -> float:
        """Trimmed angle of attack [deg]."""
        return self.values["aero/alpha-deg"]

    @property
    def elevator(self) -> float:
        """Total pitch command: elevator plus pitch trim [-1..1]."""
        return self.values["fcs/elevator-cmd-norm"] + self.values.get(
            "fcs/pitch-trim-cmd-norm", 0.0
        )

    @property
    def throttles(self) -> list[float]:
        """Throttle command of each engine [0..1]."""
        keys = sorted(k for k in self.values if k.startswith("fcs/throttle-cmd-norm["))
        return [self.values[k] for k in keys]

    def meta(self) -> dict[str, float | str]:
        """Recording metadata: ``trim/<property>`` for each value, and ``trim/mode``."""
        out: dict[str, float | str] = {"trim/mode": self.mode}
        out.update({f"trim/{k}": v for k, v in self.values.items()})
        return out


def read_result(mode: str, props: PropertyCache, n_engines: int) -> TrimResult:
    """Collect the trimmed controls, attitude and residual accelerations."""
    names = [*_CONTROLS, *(f"fcs/throttle-cmd-norm[{i}]" for i in range(n_engines)), *_ATTITUDE]
    names.append("flight-path/gamma-deg")
    values = {n: props.get(n) for n in names if _known(props, n)}
    residuals = {n: props.get(n) for n in RESIDUALS}
    return TrimResult(mode, values, residuals)


def _known(props: PropertyCache, name: str) -> bool:
    try:
        props.node(name)
    except KeyError:
        return False
    return True


def trim(
    fdm: jsbsim.FGFDMExec, props: PropertyCache, bridge: LogBridge, mode: str, dt_s: float
) -> TrimResult:
    """Trim ``fdm`` in ``mode``; raise :class:`TrimError` with JSBSim's reason and a hint.

    The integration step is set back to ``dt_s`` afterwards, success or not
    (JSBSim can leave it at 0 after a failure). After a failure the state is
    the trim's last guess: load the model again before flying it
    (``Simulation.trim`` does).
    """
    n_engines = fdm.get_propulsion().get_num_engines()
    try:
        if mode == "glide":
            _glide(fdm, props)
        elif mode in TRIM_MODES:
            _jsbsim_trim(fdm, bridge, mode)
        else:
            raise TrimError(f"unknown trim mode '{mode}': choose one of {', '.join(MODES)}")
    finally:
        fdm.set_dt(dt_s)
    result = read_result(mode, props, n_engines)
    LOG.debug("trimmed (%s): %s", mode, result.values)
    return result


def _jsbsim_trim(fdm: jsbsim.FGFDMExec, bridge: LogBridge, mode: str) -> None:
    level = fdm.get_debug_level()
    fdm.set_debug_level(1)  # JSBSim reports the failing axes only when debugging
    try:
        with bridge.capture() as lines:
            fdm.do_trim(TRIM_MODES[mode])
    except (jsbsim.TrimFailureError, jsbsim.BaseError) as exc:
        report = [ln for ln in "\n".join(lines).splitlines() if "Failed" in ln or "trimmable" in ln]
        reason = "; ".join(" ".join(ln.split()) for ln in report) or str(exc)
        advice = [FLIGHT_ADVICE]
        if fdm.get_propulsion().get_num_engines() == 0:
            advice.append("An aircraft without engines (a glider) trims with mode='glide'.")
        elif any("udot" in ln for ln in report):
            advice += [THROTTLE_ADVICE, GLIDE_ADVICE]
        if mode == "longitudinal":
            advice.append("Try mode='full'.")
        raise TrimError(reason, mode=mode, advice=advice) from None
    finally:
        fdm.set_debug_level(level)


@dataclass(frozen=True)
class FullThrottle:
    """The engines at full throttle at the initial conditions (:func:`full_throttle`)."""

    thrust_lbf: float
    """All engines' thrust [lbf]."""
    drag_lbf: float
    """The airframe's drag [lbf] (JSBSim's ``forces/fwx-aero-lbs``, positive aft)."""
    alpha_deg: float
    """The angle of attack [deg] of the initial conditions, at which the drag is taken."""
    dead: tuple[int, ...]
    """Engines with no thrust and no shaft speed (below :data:`_STOPPED`)."""
    powerless: bool = False
    """Whether the engines give almost no thrust at half the airspeed too (below
    :data:`_ALMOST_NO_THRUST` of the drag there): no power, rather than too fast a flight."""

    def verdict(self) -> str:
        """Why the throttle could not balance the drag, and what to try (in place of
        :data:`THROTTLE_ADVICE`)."""
        if self.dead:
            which = ", ".join(str(i) for i in self.dead)
            engines = f"Engine {which} gives" if len(self.dead) == 1 else f"Engines {which} give"
            return (
                f"{engines} no thrust and no shaft speed (0 rpm) at full throttle: not running "
                "at these conditions."
            )
        thrust, drag = self.thrust_lbf, self.drag_lbf
        if thrust >= drag:
            return THROTTLE_ADVICE
        give = (
            f"give {thrust:,.0f} lbf of thrust in all"
            if thrust >= _STOPPED
            else f"give no thrust ({min(0.0, round(thrust)):,.0f} lbf in all)"
        )
        against = (
            f"{drag:,.0f} lbf of drag at this airspeed (at {self.alpha_deg:.1f} deg angle of "
            "attack)"
        )
        if self.powerless:
            return (
                f"At full throttle the engines {give}, against {against}, and almost none at "
                "half this airspeed either: they develop almost no power here. Their model may "
                "need systems the aircraft file does not include (an engine start, a propeller "
                "governor, condition levers), or have a fault in the engine or the propeller."
            )
        return (
            f"At full throttle the engines {give}, less than the {against}: the aircraft cannot "
            "fly level this fast at this altitude. Try a slower airspeed."
        )


LIFT_PROBE_ALPHAS_DEG = tuple(float(a) for a in range(31))
"""Angles of attack [deg] at which :func:`most_lift` reads the lift: past every wing's stall,
short of the flat plate's second peak near 45 deg."""


@dataclass(frozen=True)
class MostLift:
    """The most lift the airframe gives at the initial airspeed (:func:`most_lift`)."""

    lift_lbf: float
    """The largest aerodynamic lift [lbf] over :data:`LIFT_PROBE_ALPHAS_DEG`."""
    alpha_deg: float
    """The angle of attack [deg] where it is."""
    weight_lbf: float
    """The aircraft's weight [lbf]."""
    kcas: float
    """The initial calibrated airspeed [kt]."""

    def verdict(self) -> str | None:
        """Why the angle of attack could not balance the weight (the airspeed is below the
        stall), with the slowest airspeed that could: lift grows with the square of the
        airspeed at a given angle of attack; None when the lift can carry the weight."""
        if self.lift_lbf >= self.weight_lbf:
            return None
        needed = (
            f"level flight here needs at least about "
            f"{self.kcas * math.sqrt(self.weight_lbf / self.lift_lbf):.0f} KCAS (lift grows "
            "with the square of the airspeed)"
            if self.lift_lbf > 0.0
            else "it gives no lift at this airspeed"
        )
        return (
            f"The wings cannot carry the weight at {self.kcas:.0f} KCAS, below the stall: at "
            f"any angle of attack from {LIFT_PROBE_ALPHAS_DEG[0]:.0f} to "
            f"{LIFT_PROBE_ALPHAS_DEG[-1]:.0f} deg their lift is at most {self.lift_lbf:,.0f} "
            f"lbf (at {self.alpha_deg:.0f} deg), against {self.weight_lbf:,.0f} lbf of "
            f"weight; {needed}. Try a faster airspeed."
        )


def lift_failed(reason: str) -> bool:
    """Whether JSBSim's trim failure ``reason`` names wdot: the angle of attack could not
    balance the weight."""
    return "wdot" in reason


def most_lift(fdm: jsbsim.FGFDMExec, props: PropertyCache) -> MostLift:
    """The most lift [lbf] at the initial airspeed over :data:`LIFT_PROBE_ALPHAS_DEG`
    (JSBSim's ``forces/fwz-aero-lbs``, positive up), set as the initial angle of attack.

    Call it on a model as loaded; the state is left so: load the model again before
    flying it.
    """
    best_lift, best_alpha = -math.inf, 0.0
    for alpha in LIFT_PROBE_ALPHAS_DEG:
        props.set("ic/alpha-deg", alpha)
        fdm.run_ic()
        lift = props.get("forces/fwz-aero-lbs")
        if lift > best_lift:
            best_lift, best_alpha = lift, alpha
    return MostLift(best_lift, best_alpha, props.get("inertia/weight-lbs"), props.get("ic/vc-kts"))


def full_throttle(fdm: jsbsim.FGFDMExec, props: PropertyCache) -> FullThrottle:
    """Thrust and drag [lbf] with every throttle full, at JSBSim's initial conditions.

    Call it on a model as loaded (a failed trim can stop the engines it
    tried at idle): the throttles go full and the engines settle to a steady
    state, as JSBSim's trim settles them (``FGPropulsion::GetSteadyState``).
    When the thrust is below :data:`_ALMOST_NO_THRUST` of the drag, it is
    measured again at half the calibrated airspeed: a propeller far beyond its
    speed gives little thrust too (the c172p at 250 KCAS: 104 lbf against
    1,179), but much more slower down, where an engine that does not run
    still gives none. The state is left so: load the model again before
    flying it.
    """
    n_engines = fdm.get_propulsion().get_num_engines()
    for i in range(n_engines):
        props.set(f"fcs/throttle-cmd-norm[{i}]", 1.0)
    thrusts, drag = _settled(fdm, props, n_engines)
    thrust = sum(thrusts)
    dead = tuple(i for i, t in enumerate(thrusts) if abs(t) < _STOPPED and _stopped(props, i))
    alpha_deg = props.get("aero/alpha-deg")
    powerless = False
    if not dead and thrust < _ALMOST_NO_THRUST * drag:
        props.set("ic/vc-kts", 0.5 * props.get("ic/vc-kts"))
        slow_thrusts, slow_drag = _settled(fdm, props, n_engines)
        powerless = sum(slow_thrusts) < _ALMOST_NO_THRUST * slow_drag
    return FullThrottle(thrust, drag, alpha_deg, dead, powerless)


def _settled(
    fdm: jsbsim.FGFDMExec, props: PropertyCache, n_engines: int
) -> tuple[list[float], float]:
    """Each engine's thrust and the drag [lbf] at the initial conditions, the engines settled."""
    fdm.run_ic()  # the flight controls carry the commands to the engines
    fdm.get_propulsion().get_steady_state()
    fdm.run_ic()
    thrusts = [props.get(f"propulsion/engine[{i}]/thrust-lbs") for i in range(n_engines)]
    return thrusts, props.get("forces/fwx-aero-lbs")


def _stopped(props: PropertyCache, engine: int) -> bool:
    """Whether engine ``engine``'s shafts stand still (below :data:`_STOPPED` rpm, or % of a
    turbine's spool speed)."""
    speeds = (f"propulsion/engine[{engine}]/{name}" for name in _SHAFT_SPEEDS)
    return all(abs(props.get(name)) < _STOPPED for name in speeds if _known(props, name))


def _glide(fdm: jsbsim.FGFDMExec, props: PropertyCache) -> None:
    """Newton iteration on (alpha, gamma, elevator) for udot = wdot = qdot = 0."""
    control = "fcs/elevator-cmd-norm"  # pitch trim alone lacks authority on gliders
    propulsion = fdm.get_propulsion()
    n_engines = propulsion.get_num_engines()
    names = (*GLIDE_IC, control)
    targets = (RESIDUALS[0], RESIDUALS[2], RESIDUALS[4])  # udot, wdot, qdot
    steps = np.array([0.01, 0.01, 0.001])
    scale = np.array([1.0, 1.0, 10.0])  # weigh qdot like the linear accelerations

    def residual(x: np.ndarray) -> np.ndarray:
        for name, value in zip(names, x, strict=True):
            props.set(name, float(value))
        fdm.run_ic()
        if n_engines:
            propulsion.get_steady_state()  # settle engine speed and thrust, as FGTrim does
            fdm.run_ic()
        values: np.ndarray = np.array([props.get(t) for t in targets]) * scale
        return values

    x = np.array([2.0, -3.0, 0.0])  # a fixed start keeps re-trims after reset identical
    fdm.set_trim_status(True)
    try:
        r = residual(x)
        for _ in range(50):
            if np.all(np.abs(r / scale) < _GLIDE_TOLERANCE):
                return
            jac = np.empty((3, 3))
            for j in range(3):
                xp = x.copy()
                xp[j] += steps[j]
                jac[:, j] = (residual(xp) - r) / steps[j]
            try:
                dx = np.linalg.solve(jac, -r)
            except np.linalg.LinAlgError:
                break
            # damp: at most 2 deg of angle or 0.1 of control per iteration
            limit = np.array([2.0, 2.0, 0.1])
            factor = float(np.min(np.minimum(1.0, limit / np.maximum(np.abs(dx), 1e-12))))
            x = x + factor * dx
            x[2] = min(1.0, max(-1.0, x[2]))
            if not np.all(np.isfinite(x)) or abs(x[1]) > 45.0:
                break
            r = residual(x)
    finally:
        fdm.set_trim_status(False)
    pairs = zip(targets, r / scale, strict=True)
    left = ", ".join(f"{t.split('/')[1]} = {v:.3g}" for t, v in pairs)
    advice = "The airspeed may be below stall or beyond the elevator's authority: try another kcas."
    if not np.all(np.abs(r) < _BLOWN_UP):
        advice = (
            "The model's accelerations blew up during the solve: it may have no steady "
            "glide at all (JSBSim's own trim fails on it too when it has internal dynamics "
            "such as a pendulum pilot); fly it untrimmed from a reasonable attitude instead."
        )
    raise TrimError(
        f"did not converge (alpha {x[0]:.3g} deg, gamma {x[1]:.3g} deg, "
        f"{control} {x[2]:.3g}; left: {left})",
        mode="glide",
        advice=[advice],
    )
