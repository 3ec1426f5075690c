"""JSBSim's linearisation method, one perturbation per column.

The state-space model of a trimmed FDM by the method of JSBSim's
``FGLinearization`` (``src/initialization/FGLinearization.cpp`` and
``src/math/FGStateSpace.h``, JSBSim 1.3.3; Stevens & Lewis, *Aircraft Control
and Simulation*, 2nd ed., §3.7): every state and input is perturbed by ±h and
±2h (h = 1e-4) through JSBSim's initial-condition object; after each
perturbation the model is re-initialised, its engines restarted and settled to
their steady state, and the state derivatives (A, B) and the states themselves
(C, D: the outputs are the states) are read; each column is the fourth-order
central difference ``(8 (f(h) - f(-h)) - (f(2h) - f(-2h))) / 12h``.

Why not ``jsbsim.FGLinearization`` itself: it re-runs the same perturbation for
every *row* of every matrix (``9 n (n + m)`` settled re-initialisations, where
two per perturbation give a whole column: ``8 (n + m)``), and it settles each
re-initialisation until the sum of the states repeats to within a machine
epsilon *in absolute terms*, for at most 1000 rounds of the propulsion's
steady-state search. A propeller whose settled speed alternates by one unit in
the last place between two rounds (the search stops after an odd or an even
number of steps) never meets that test, so each such re-initialisation costs
1000 rounds. That happens on some aircraft and not others (the generated twins
spent 10-60 s where a c172p spends 1-3 s). Here the settling stops when the sum
repeats to within 4 units in its last place (JSBSim's test wherever that one
passes).

As in JSBSim, every perturbation starts from the trimmed point re-settled (the
flight-control filters and the engines carry their state from one
re-initialisation to the next: the matrices depend on that history a little,
JSBSim's as ours); the inputs are perturbed with the states left at trim. With
the same history the numbers are JSBSim's: on the c172p and the generated
twins the modes agree with ``FGLinearization``'s to 4 digits; on the f16, whose
flight-control filters remember more, within a few per cent (and closer to the
nonlinear simulation's step response).

Two details differ from JSBSim 1.3.3 on purpose:

- perturbing alpha keeps beta (JSBSim's ``Alpha`` component writes the beta it
  read in degrees back as radians, so a trimmed sideslip jumps by 57x);
- the propeller speed is not a settable JSBSim property, and the engine is
  restarted and settled after every perturbation anyway (JSBSim's piston engine
  overwrites the speed it was given): its columns of A and C come out zero;
- no fuel is burnt in the one 1/120 s step that gives the propeller speed's
  rate (JSBSim's burns some, and the mass drifts from one perturbation to the
  next).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["STATE_PROPERTIES", "StateSpaceMatrices", "perturbation_matrices", "propeller_count"]

H = 1e-4
"""The perturbation [state or input unit], JSBSim's."""

_SETTLE_ROUNDS = 1000  # JSBSim's bound; a propeller 2-cycle is caught long before
_SETTLE_ULPS = 4.0  # the state sum repeats to this many units in its last place
_RPM_STEP_S = 1.0 / 120.0  # JSBSim's step for the propeller-speed derivative

_IC_OF = {
    "vt": "ic/vt-fps",
    "q": "ic/q-rad_sec",
    "phi": "ic/phi-rad",
    "p": "ic/p-rad_sec",
    "psi": "ic/psi-true-rad",
    "r": "ic/r-rad_sec",
    "latitude": "ic/lat-gc-rad",
    "longitude": "ic/long-gc-rad",
    "altitude": "ic/h-sl-ft",
}
STATE_PROPERTIES: dict[str, str] = {
    "vt": "velocities/vt-fps",
    "alpha": "aero/alpha-rad",
    "theta": "attitude/theta-rad",
    "q": "velocities/q-rad_sec",
    "beta": "aero/beta-rad",
    "phi": "attitude/phi-rad",
    "p": "velocities/p-rad_sec",
    "psi": "attitude/psi-rad",
    "r": "velocities/r-rad_sec",
    "latitude": "position/lat-gc-rad",
    "longitude": "position/long-gc-rad",
    "altitude": "position/h-sl-ft",
    **{f"rpm{i}": f"propulsion/engine[{i}]/propeller-rpm" for i in range(4)},
}
"""Our state names -> the JSBSim property holding the same quantity (same unit); also
:mod:`flightsim.analysis.linear`'s."""
_RATE_OF = {
    "alpha": "aero/alphadot-rad_sec",
    "theta": "velocities/thetadot-rad_sec",
    "q": "accelerations/qdot-rad_sec2",
    "beta": "aero/betadot-rad_sec",
    "phi": "velocities/phidot-rad_sec",
    "p": "accelerations/pdot-rad_sec2",
    "psi": "velocities/psidot-rad_sec",
    "r": "accelerations/rdot-rad_sec2",
    "altitude": "velocities/h-dot-fps",
}
_UNITS = {
    "vt": "ft/s",
    "q": "rad/s",
    "p": "rad/s",
    "r": "rad/s",
    "altitude": "ft",
    **{f"rpm{i}": "rev/min" for i in range(4)},
}  # the others: rad
_ANGLES = {"alpha", "theta", "beta", "phi", "psi", "latitude", "longitude"}


@dataclass(frozen=True, eq=False)
class StateSpaceMatrices:
    """A, B, C, D (outputs: the states) with the states' and inputs' names and trimmed
    values; ``state_units`` the states' units (inputs: norm)."""

    A: np.ndarray
    B: np.ndarray
    C: np.ndarray
    D: np.ndarray
    states: tuple[str, ...]
    inputs: tuple[str, ...]
    x0: np.ndarray
    u0: np.ndarray

    @property
    def state_units(self) -> tuple[str, ...]:
        return tuple(_UNITS.get(s, "rad") for s in self.states)


def propeller_count(fdm: Any, engines: int) -> int:
    """How many propeller-speed states JSBSim's method has: every engine's (up to
    4) when engine 0 drives a propeller, else none."""
    if engines == 0 or not _has(fdm, STATE_PROPERTIES["rpm0"]):
        return 0
    return min(engines, 4)


def perturbation_matrices(fdm: Any, engines: int) -> StateSpaceMatrices:
    """The linear model of the trimmed ``fdm`` (module docstring).

    The states are vt [ft/s], alpha, theta [rad], q [rad/s], the propeller
    speeds [rev/min], beta, phi [rad], p [rad/s], psi [rad], r [rad/s],
    latitude, longitude [rad] and altitude [ft] (JSBSim's order); the inputs the
    throttle of every engine (when there is one), aileron, elevator and rudder
    commands [norm]. ``fdm`` is left re-initialised with its time step 0:
    discard it.
    """
    propellers = propeller_count(fdm, engines)
    states = (
        "vt",
        "alpha",
        "theta",
        "q",
        *(f"rpm{i}" for i in range(propellers)),
        "beta",
        "phi",
        "p",
        "psi",
        "r",
        "latitude",
        "longitude",
        "altitude",
    )
    throttles = [f"fcs/throttle-cmd-norm[{i}]" for i in range(engines)]
    commands = {
        **({"throttle": throttles} if engines else {}),
        "aileron": ["fcs/aileron-cmd-norm"],
        "elevator": ["fcs/elevator-cmd-norm"],
        "rudder": ["fcs/rudder-cmd-norm"],
    }
    inputs = tuple(commands)
    x0 = np.array([fdm[STATE_PROPERTIES[s]] for s in states])
    u0 = np.array([fdm[commands[u][0]] for u in inputs])
    propulsion = fdm.get_propulsion()
    fdm.suspend_integration()  # JSBSim's: time stands still but for the rpm step
    fdm["propulsion/fuel_freeze"] = 1.0  # ... which must not burn fuel (a drift in CG)

    def put_states(x: np.ndarray, only: int | None = None) -> None:
        for k, (name, value) in enumerate(zip(states, x, strict=True)):
            if only is None or k == only:
                _set_state(fdm, name, float(value))
        _settle(fdm, propulsion, engines, states)

    def put_inputs(u: np.ndarray, only: int | None = None) -> None:
        for k, (name, value) in enumerate(zip(inputs, u, strict=True)):
            if only is None or k == only:
                for prop in commands[name]:
                    fdm[prop] = float(value)
        _settle(fdm, propulsion, engines, states)

    def read() -> tuple[np.ndarray, np.ndarray]:
        values = np.array([fdm[STATE_PROPERTIES[s]] for s in states])
        return _rates(fdm, states, values), values

    def state_step(i: int, h: float) -> tuple[np.ndarray, np.ndarray]:
        put_states(x0)  # as JSBSim: every state back to trim, then the one perturbed
        put_states(x0 + h * np.eye(len(states))[i], only=i)
        return read()

    def input_step(j: int, h: float) -> tuple[np.ndarray, np.ndarray]:
        put_inputs(u0)  # the states are left as the last state step put them: at trim
        put_inputs(u0 + h * np.eye(len(inputs))[j], only=j)
        return read()

    def column(
        step: Callable[[int, float], tuple[np.ndarray, np.ndarray]], k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        (r1, y1), (r2, y2) = step(k, H), step(k, 2 * H)
        (rn1, yn1), (rn2, yn2) = step(k, -H), step(k, -2 * H)
        return _difference(r1, rn1, r2, rn2, ()), _difference(y1, yn1, y2, yn2, states)

    n, m = len(states), len(inputs)
    a, c = np.empty((n, n)), np.empty((n, n))
    b, d = np.empty((n, m)), np.empty((n, m))
    for i in range(n):
        a[:, i], c[:, i] = column(state_step, i)
    put_states(x0)
    for j in range(m):
        b[:, j], d[:, j] = column(input_step, j)
    return StateSpaceMatrices(a, b, c, d, states, inputs, x0, u0)


def _set_state(fdm: Any, name: str, value: float) -> None:
    """Write one state into the initial conditions as JSBSim's components do."""
    if name == "alpha":  # keep beta, heading and pitch attitude
        kept = {p: fdm[p] for p in ("ic/beta-rad", "ic/psi-true-rad", "ic/theta-rad")}
        fdm["ic/alpha-rad"] = value
        for prop, old in kept.items():
            fdm[prop] = old
    elif name == "theta":  # through the flight-path angle, keeping alpha
        fdm["ic/gamma-rad"] = value - fdm["ic/alpha-rad"]
    elif name == "beta":  # keep the heading
        psi = fdm["ic/psi-true-rad"]
        fdm["ic/beta-rad"] = value
        fdm["ic/psi-true-rad"] = psi
    elif name in _IC_OF:
        fdm[_IC_OF[name]] = value
    # rpm: read-only in JSBSim; the restart and settling below set it


def _settle(fdm: Any, propulsion: Any, engines: int, states: Sequence[str]) -> None:
    """Re-initialise from the initial conditions, restart the engines and repeat the
    propulsion's steady-state search until the sum of the states repeats."""
    fdm.run_ic()
    for i in range(engines):
        propulsion.get_engine(i).init_running()
    props = [STATE_PROPERTIES[s] for s in states]
    cost = math.fsum(fdm[p] for p in props)
    for _ in range(_SETTLE_ROUNDS):
        propulsion.get_steady_state()
        fdm.set_trim_status(True)
        fdm.suspend_integration()
        fdm.run()
        fdm.set_trim_status(False)
        fdm.resume_integration()
        new = math.fsum(fdm[p] for p in props)
        if abs(new - cost) <= max(_SETTLE_ULPS * math.ulp(new), 2.220446049250313e-16):
            return
        cost = new


def _rates(fdm: Any, states: Sequence[str], values: np.ndarray) -> np.ndarray:
    """The states' time derivatives at the settled point (JSBSim's definitions)."""
    out = np.empty(len(states))
    rpm = []
    for k, name in enumerate(states):
        if name in _RATE_OF:
            out[k] = fdm[_RATE_OF[name]]
        elif name == "vt":
            uvw = [fdm[f"velocities/{c}-fps"] for c in "uvw"]
            dot = [fdm[f"accelerations/{c}dot-ft_sec2"] for c in "uvw"]
            out[k] = sum(v * dv for v, dv in zip(uvw, dot, strict=True)) / values[k]
        elif name == "latitude":
            out[k] = fdm["velocities/v-north-fps"] / fdm["position/radius-to-vehicle-ft"]
        elif name == "longitude":
            radius = fdm["position/radius-to-vehicle-ft"]
            out[k] = fdm["velocities/v-east-fps"] / (math.cos(values[k - 1]) * radius)
        else:
            rpm.append(k)
    if rpm:  # one JSBSim step of 1/120 s, as JSBSim's default derivative
        fdm.set_dt(_RPM_STEP_S)
        fdm.run()
        fdm.set_dt(0.0)
        for k in rpm:
            out[k] = (fdm[STATE_PROPERTIES[states[k]]] - values[k]) / _RPM_STEP_S
    return out


def _difference(
    f1: np.ndarray, fn1: np.ndarray, f2: np.ndarray, fn2: np.ndarray, angles: Sequence[str]
) -> np.ndarray:
    """``(8 (f(h) - f(-h)) - (f(2h) - f(-2h))) / 12h``; the differences of rows named in
    ``angles`` that are angles are wrapped to ±pi."""
    d1, d2 = f1 - fn1, f2 - fn2
    for k, name in enumerate(angles):
        if name in _ANGLES:
            d1[k] = math.remainder(d1[k], 2 * math.pi)
            d2[k] = math.remainder(d2[k], 2 * math.pi)
    result: np.ndarray = (8.0 * d1 - d2) / (12.0 * H)
    return result


def _has(fdm: Any, prop: str) -> bool:
    return bool(fdm.get_property_manager().hasNode(prop))
