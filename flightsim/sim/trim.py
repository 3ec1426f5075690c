"""Trimming: find the controls and attitude for steady flight.

``full``, ``longitudinal`` and ``ground`` use JSBSim's own ``FGTrim``
(``FGFDMExec.do_trim``; see its class documentation: longitudinal trims wdot
with alpha, udot with throttle and qdot with pitch trim; full adds the lateral
axes; ground settles the aircraft on its gear). ``glide`` is ours, for
aircraft without thrust, where JSBSim's trim fails on udot: a Newton solve
(finite-difference Jacobian) of udot = wdot = qdot = 0 over angle of attack,
flight-path angle and elevator at the initial airspeed.
"""

from __future__ import annotations

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
    (JSBSim can leave it at 0 after a failure).
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
        hint = (
            "Check that the aircraft can fly steadily at this speed and altitude "
            "(weight, flaps, gear, engine running)."
        )
        if fdm.get_propulsion().get_num_engines() == 0:
            hint += " An aircraft without engines (a glider) trims with mode='glide'."
        elif any("udot" in ln for ln in report):
            hint += (
                " The throttle could not balance the drag: try another airspeed, or "
                "mode='glide' for a power-off descent."
            )
        if mode == "longitudinal":
            hint += " Try mode='full'."
        raise TrimError(f"trim '{mode}' failed: {reason}. {hint}") from None
    finally:
        fdm.set_debug_level(level)


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
        f"trim 'glide' did not converge (alpha {x[0]:.3g} deg, gamma {x[1]:.3g} deg, "
        f"{control} {x[2]:.3g}; left: {left}). {advice}"
    )
