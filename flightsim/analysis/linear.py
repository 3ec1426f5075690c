"""Linear state-space models of an aircraft at its trimmed point.

:func:`linearize` returns a :class:`LinearModel` (``x' = A x + B u``,
``y = C x + D u``, every state, input and output named with its unit) of a
trimmed :class:`~flightsim.Simulation`.

Method: JSBSim's own (``FGLinearization``, ``src/initialization/FGLinearization.cpp``
and ``src/math/FGStateSpace.h``, JSBSim 1.3.3), run by
:mod:`flightsim.analysis.perturbation` one perturbation per column. It perturbs
each state through JSBSim's initial-condition object by ±h and ±2h (h = 1e-4),
re-initialises the model, settles the engines, reads the state derivatives and
takes the fourth-order central difference
``(8 (f(h) - f(-h)) - (f(2h) - f(-2h))) / 12h`` (Stevens & Lewis, *Aircraft
Control and Simulation*). Its states are true airspeed, alpha, theta, q, the
propeller speeds (propeller aircraft), beta, phi, p, psi, r, latitude,
longitude and altitude; its inputs the throttle, aileron, elevator and rudder
commands; its outputs the states. The numbers are deterministic (same model,
same trim: the same matrices bit for bit). ``jsbsim.FGLinearization`` itself is
not called: it re-runs each perturbation once per matrix row and can spend 1000
settling rounds on each (see that module), 10-60 s on some aircraft.

Aircraft without an engine (gliders) have no engine to settle: :func:`linearize`
takes them through central differences instead (:func:`_finite_difference`): the
states ``vt``, ``alpha``, ``theta``, ``q``, ``beta``, ``phi``, ``p``, ``r`` and
the inputs ``aileron``, ``elevator``, ``rudder`` are perturbed by ±h through JSBSim's initial
conditions, the model is evaluated without advancing time (``run_ic``) and
the derivatives are the central differences ``(f(h) - f(-h)) / 2h``; vt, alpha
and beta rates follow from the body accelerations, theta and phi rates from the
Euler-angle kinematics (Stevens & Lewis, ch. 2-3; Nelson, ch. 4-5). Outputs are
the states (C = I, D = 0). The model's ``point["method"]`` says which path
made it (``"jsbsim-method"`` or ``"finite-difference"``).

The linearisation re-initialises the FDM it works on, writes its initial-condition
object and leaves its time step at 0. So it runs on a *twin*: a second
Simulation of the same aircraft, initial conditions and configuration (flaps,
gear, speed brake...), trimmed the same way, which is checked to reach the same
trimmed point and then discarded. The user's simulation is never touched: its
state and any run after :func:`linearize` are bit-identical to those of a
simulation that was never linearised.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from flightsim.analysis.perturbation import STATE_PROPERTIES, perturbation_matrices
from flightsim.errors import ConfigError, SimulationError, require_extra, suggest
from flightsim.sim.craft import not_fixed_wing

if TYPE_CHECKING:
    from flightsim.sim.simulation import Simulation

__all__ = [
    "INPUT_PROPERTIES",
    "RIGID_BODY_STATES",
    "STATE_PROPERTIES",
    "LinearModel",
    "linearize",
]

INPUT_PROPERTIES: dict[str, str] = {
    "throttle": "fcs/throttle-cmd-norm",  # every engine's, together
    "aileron": "fcs/aileron-cmd-norm",
    "elevator": "fcs/elevator-cmd-norm",
    "rudder": "fcs/rudder-cmd-norm",
}
"""Our input names -> the JSBSim command each one is (the throttle drives every engine)."""

_JSBSIM_NAMES = {
    "Vt": "vt",
    "Alpha": "alpha",
    "Theta": "theta",
    "Q": "q",
    "Beta": "beta",
    "Phi": "phi",
    "P": "p",
    "Psi": "psi",
    "R": "r",
    "Latitude": "latitude",
    "Longitude": "longitude",
    "Alt": "altitude",
    "ThtlCmd": "throttle",
    "DaCmd": "aileron",
    "DeCmd": "elevator",
    "DrCmd": "rudder",
    **{f"Rpm{i}": f"rpm{i}" for i in range(4)},
}

CONFIGURATION = (
    "fcs/flap-cmd-norm",
    "fcs/speedbrake-cmd-norm",
    "fcs/spoiler-cmd-norm",
    "gear/gear-cmd-norm",
)
"""Settings copied from the simulation to its twin before the twin's trim."""

_SAME_TRIM_TOLERANCE = 1e-9  # trimmed values of the twin and the original may differ by this


@dataclass(frozen=True, eq=False)  # numpy arrays: compare fields with np.array_equal
class LinearModel:
    """A linear state-space model ``x' = A x + B u``, ``y = C x + D u``.

    ``x``, ``u`` and ``y`` are deviations from the trimmed point ``x0``, ``u0``
    and ``y0``, in the units of ``state_units``, ``input_units`` and
    ``output_units`` (JSBSim's: ft/s, rad, rad/s, rev/min, ft; commands
    normalised, ``norm``). ``properties`` maps each state, input and output
    name to the JSBSim property it stands for; ``point`` describes the trimmed
    point (aircraft, altitude [ft], KCAS [kt], weight [lbf]...).
    """

    A: np.ndarray
    B: np.ndarray
    C: np.ndarray
    D: np.ndarray
    states: tuple[str, ...]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    state_units: tuple[str, ...]
    input_units: tuple[str, ...]
    output_units: tuple[str, ...]
    x0: np.ndarray
    u0: np.ndarray
    y0: np.ndarray
    point: dict[str, float | str]

    @property
    def properties(self) -> dict[str, str]:
        """State/input/output name -> the JSBSim property it stands for."""
        names = (*self.states, *self.inputs, *self.outputs)
        return {n: STATE_PROPERTIES.get(n) or INPUT_PROPERTIES[n] for n in names}

    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of ``A`` [1/s]."""
        values: np.ndarray = np.linalg.eigvals(self.A)
        return values

    def select(
        self,
        states: Sequence[str] | None = None,
        inputs: Sequence[str] | None = None,
        outputs: Sequence[str] | None = None,
    ) -> LinearModel:
        """The model restricted to some states, inputs and outputs (None keeps all;
        outputs default to the chosen states when states are given).

        Dropped states are held at their trimmed values (the usual decoupled
        longitudinal or lateral model): the rows and columns of A, B, C and D
        that remain.
        """
        ix = _indices(states, self.states, "state")
        if outputs is None and states is not None:
            outputs = [self.states[i] for i in ix]
        iu = _indices(inputs, self.inputs, "input")
        iy = _indices(outputs, self.outputs, "output")
        return LinearModel(
            A=self.A[np.ix_(ix, ix)],
            B=self.B[np.ix_(ix, iu)],
            C=self.C[np.ix_(iy, ix)],
            D=self.D[np.ix_(iy, iu)],
            states=tuple(self.states[i] for i in ix),
            inputs=tuple(self.inputs[i] for i in iu),
            outputs=tuple(self.outputs[i] for i in iy),
            state_units=tuple(self.state_units[i] for i in ix),
            input_units=tuple(self.input_units[i] for i in iu),
            output_units=tuple(self.output_units[i] for i in iy),
            x0=self.x0[ix],
            u0=self.u0[iu],
            y0=self.y0[iy],
            point=dict(self.point),
        )

    def to_control(self) -> Any:
        """A python-control ``StateSpace`` with named signals (extra ``analysis``)."""
        control: Any = require_extra("control", "analysis")
        return control.ss(
            self.A,
            self.B,
            self.C,
            self.D,
            states=list(self.states),
            inputs=list(self.inputs),
            outputs=list(self.outputs),
        )

    def to_scipy(self) -> Any:
        """A ``scipy.signal.StateSpace`` (continuous time; extra ``analysis``)."""
        signal: Any = require_extra("scipy.signal", "analysis")
        return signal.StateSpace(self.A, self.B, self.C, self.D)

    def simulate(self, u: np.ndarray, dt_s: float) -> np.ndarray:
        """Output deviations ``y`` [n, outputs] from rest for input deviations ``u`` [n, inputs].

        Classical fourth-order Runge-Kutta with the input held over each step
        of ``dt_s`` [s] (exact enough for a linear model when ``dt_s`` is well
        below the fastest time constant); ``y[0]`` is the response at ``t = 0``.
        """
        u = np.asarray(u, dtype=float).reshape(-1, len(self.inputs))
        x = np.zeros(len(self.states))
        y = np.empty((len(u), len(self.outputs)))
        a, b = self.A, self.B
        for k, uk in enumerate(u):
            y[k] = self.C @ x + self.D @ uk
            bu = b @ uk
            k1 = a @ x + bu
            k2 = a @ (x + 0.5 * dt_s * k1) + bu
            k3 = a @ (x + 0.5 * dt_s * k2) + bu
            k4 = a @ (x + dt_s * k3) + bu
            x = x + dt_s / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        return y


def _indices(wanted: Sequence[str] | None, names: tuple[str, ...], kind: str) -> list[int]:
    if wanted is None:
        return list(range(len(names)))
    if isinstance(wanted, str):
        wanted = [wanted]
    out = []
    for name in wanted:
        key = _JSBSIM_NAMES.get(name, name.lower())
        if key not in names:
            raise ConfigError(
                f"unknown {kind} '{name}': this model has {', '.join(names)}.{suggest(name, names)}"
            )
        out.append(names.index(key))
    return out


def linearize(
    sim: Simulation,
    states: Sequence[str] | None = None,
    inputs: Sequence[str] | None = None,
    outputs: Sequence[str] | None = None,
) -> LinearModel:
    """The linear model of ``sim`` at its trimmed point (see the module docstring).

    ``states``, ``inputs`` and ``outputs`` pick names among ``vt`` [ft/s],
    ``alpha``, ``theta``, ``beta``, ``phi``, ``psi`` [rad], ``q``, ``p``, ``r``
    [rad/s], ``rpm0``... [rev/min] (propeller aircraft), ``latitude``,
    ``longitude`` [rad], ``altitude`` [ft] and ``throttle``, ``aileron``,
    ``elevator``, ``rudder`` (None: all). ``sim`` must have been built with
    :class:`~flightsim.InitialConditions` and trimmed (not on the ground); it
    is left untouched. Raises :class:`~flightsim.errors.SimulationError` otherwise,
    :class:`~flightsim.errors.ConfigError` for an unknown name.
    """
    full = _twin_linearization(sim)
    if states is None and inputs is None and outputs is None:
        return full
    return full.select(states, inputs, outputs)


def require_fixed_wing(sim: Simulation) -> None:
    """Refuse a rotorcraft or a lighter-than-air craft with a :class:`ConfigError`.

    The analysis trims for wing-borne flight, labels the modes of a fixed-wing
    aeroplane (short period, phugoid, Dutch roll, roll, spiral) and judges them by
    MIL-F-8785C, a specification for piloted aeroplanes: none of it fits a
    helicopter, a multirotor or an airship or balloon (:func:`flightsim.sim.craft.not_fixed_wing`).
    """
    kind = not_fixed_wing(sim)
    if kind is None:
        return
    raise ConfigError(
        f"{sim.aircraft.name} is {kind}: flightsim's flight-dynamics analysis is for "
        "fixed-wing aeroplanes (a wing-borne trim, the short period, phugoid, Dutch roll, "
        "roll and spiral modes, MIL-F-8785C levels); fly it with 'flightsim run' instead"
    )


def _twin_linearization(sim: Simulation) -> LinearModel:
    require_fixed_wing(sim)
    engines = sim.engine_count
    twin = trimmed_twin(sim)
    try:
        point = _point(twin)
        if engines == 0:  # JSBSim's method needs an engine to settle
            point["method"] = "finite-difference"
            return _finite_difference(twin, point)
        point["method"] = "jsbsim-method"
        found = perturbation_matrices(twin.fdm, engines)
    finally:
        twin.close()
    units = found.state_units
    return LinearModel(
        A=found.A,
        B=found.B,
        C=found.C,
        D=found.D,
        states=found.states,
        inputs=found.inputs,
        outputs=found.states,
        state_units=units,
        input_units=("norm",) * len(found.inputs),
        output_units=units,
        x0=found.x0,
        u0=found.u0,
        y0=found.x0.copy(),
        point=point,
    )


RIGID_BODY_STATES = ("vt", "alpha", "theta", "q", "beta", "phi", "p", "r")
"""The rigid-body states (no engine speed, heading or position): the states of the
finite-difference path, and ``model.select(RIGID_BODY_STATES)`` of JSBSim's."""
_FD_STATES = RIGID_BODY_STATES
_FD_STATE_UNITS = ("ft/s", "rad", "rad", "rad/s", "rad", "rad", "rad/s", "rad/s")
_FD_INPUTS = ("aileron", "elevator", "rudder")
_FD_STEPS = (0.5, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3)  # [ft/s, rad, rad/s]
_FD_INPUT_STEP = 0.01  # [norm]


def _finite_difference(twin: Simulation, point: dict[str, float | str]) -> LinearModel:
    """The linear model of a trimmed ``twin`` by central differences (module docstring).

    The twin is left at its initial conditions, perturbed: discard it afterwards.
    """
    fdm = twin.fdm
    x0 = np.array([twin[STATE_PROPERTIES[n]] for n in _FD_STATES])
    u0 = np.array([twin[INPUT_PROPERTIES[n]] for n in _FD_INPUTS])
    fixed = {"ic/psi-true-rad": twin["attitude/psi-rad"], "ic/h-sl-ft": twin["position/h-sl-ft"]}

    def rates(x: np.ndarray, u: np.ndarray) -> np.ndarray:
        vt, alpha, theta, q, beta, phi, p, r = (float(v) for v in x)
        for name, value in fixed.items():
            fdm[name] = value
        fdm["ic/theta-rad"], fdm["ic/phi-rad"] = theta, phi
        fdm["ic/u-fps"] = vt * math.cos(alpha) * math.cos(beta)
        fdm["ic/v-fps"] = vt * math.sin(beta)
        fdm["ic/w-fps"] = vt * math.sin(alpha) * math.cos(beta)
        fdm["ic/p-rad_sec"], fdm["ic/q-rad_sec"], fdm["ic/r-rad_sec"] = p, q, r
        for name, value in zip(_FD_INPUTS, u, strict=True):
            fdm[INPUT_PROPERTIES[name]] = float(value)
        fdm.run_ic()
        return _state_rates(fdm, theta, phi, p, q, r)

    n, m = len(_FD_STATES), len(_FD_INPUTS)
    a, b = np.empty((n, n)), np.empty((n, m))
    for i, step in enumerate(_FD_STEPS):
        dx = np.zeros(n)
        dx[i] = step
        a[:, i] = (rates(x0 + dx, u0) - rates(x0 - dx, u0)) / (2.0 * step)
    for j in range(m):
        du = np.zeros(m)
        du[j] = _FD_INPUT_STEP
        b[:, j] = (rates(x0, u0 + du) - rates(x0, u0 - du)) / (2.0 * _FD_INPUT_STEP)
    return LinearModel(
        A=a,
        B=b,
        C=np.eye(n),
        D=np.zeros((n, m)),
        states=_FD_STATES,
        inputs=_FD_INPUTS,
        outputs=_FD_STATES,
        state_units=_FD_STATE_UNITS,
        input_units=("norm",) * m,
        output_units=_FD_STATE_UNITS,
        x0=x0,
        u0=u0,
        y0=x0.copy(),
        point=point,
    )


def _state_rates(fdm: Any, theta: float, phi: float, p: float, q: float, r: float) -> np.ndarray:
    """d/dt of (vt, alpha, theta, q, beta, phi, p, r) from JSBSim's body accelerations."""
    u, v, w = (fdm[f"velocities/{c}-fps"] for c in "uvw")
    du, dv, dw = (fdm[f"accelerations/{c}dot-ft_sec2"] for c in "uvw")
    vt = math.sqrt(u * u + v * v + w * w)
    uw = u * u + w * w
    vt_dot = (u * du + v * dv + w * dw) / vt
    return np.array(
        [
            vt_dot,
            (u * dw - w * du) / uw,
            q * math.cos(phi) - r * math.sin(phi),
            fdm["accelerations/qdot-rad_sec2"],
            (vt * dv - v * vt_dot) / (vt * math.sqrt(uw)),
            p + math.tan(theta) * (q * math.sin(phi) + r * math.cos(phi)),
            fdm["accelerations/pdot-rad_sec2"],
            fdm["accelerations/rdot-rad_sec2"],
        ]
    )


def trimmed_twin(sim: Simulation, record: str | Sequence[str] | None = None) -> Simulation:
    """A new Simulation at the same trimmed point as ``sim`` (which is left alone).

    Same aircraft, initial conditions, time step and configuration
    (:data:`CONFIGURATION`), trimmed in the same mode; its trimmed values are
    checked against those of ``sim``. ``record`` is passed to the new
    Simulation. Raises :class:`~flightsim.errors.SimulationError` when ``sim``
    is not trimmed in flight or was not built from InitialConditions.
    """
    from flightsim.sim.simulation import Simulation

    trimmed = sim.trim_result
    if trimmed is None:
        raise SimulationError(
            "linearize needs a trimmed simulation: call sim.trim() first (e.g. mode='full')"
        )
    if trimmed.mode == "ground":
        raise SimulationError("linearize needs a trim in flight, not on the ground")
    if sim.ic is None:
        raise SimulationError(
            "linearize needs a Simulation built with InitialConditions (ic=...), "
            "not an initialization file or a script"
        )
    settings = {name: sim[name] for name in CONFIGURATION if _has(sim, name)}
    twin = Simulation(sim.aircraft, sim.ic, dt_s=sim.dt_s, record=record, guard=False)
    try:
        for name, value in settings.items():
            twin[name] = value
        again = twin.trim(trimmed.mode)
        _check_same_trim(trimmed.values, again.values)
    except BaseException:
        twin.close()
        raise
    return twin


def _has(sim: Simulation, name: str) -> bool:
    try:
        sim[name]
    except KeyError:
        return False
    return True


def _check_same_trim(first: dict[str, float], again: dict[str, float]) -> None:
    for name, value in first.items():
        other = again.get(name, math.nan)
        if not abs(other - value) <= _SAME_TRIM_TOLERANCE * max(1.0, abs(value)):
            raise SimulationError(
                f"linearize could not reproduce the trimmed point ({name}: {value:.6g} "
                f"trimmed, {other:.6g} in a fresh copy): the simulation was changed before "
                "its trim in a way a copy cannot repeat; set the initial conditions, flaps "
                "and gear, then trim, then linearize"
            )


def _point(sim: Simulation) -> dict[str, float | str]:
    return {
        "aircraft": sim.aircraft.name,
        "trim_mode": sim.trim_result.mode if sim.trim_result is not None else "",
        "altitude_ft": sim["position/h-sl-ft"],
        "kcas": sim["velocities/vc-kts"],
        "ktas": sim["velocities/vtrue-kts"],
        "mach": sim["velocities/mach"],
        "weight_lbf": sim["inertia/weight-lbs"],
        "cg_x_in": sim["inertia/cg-x-in"],
        "flaps_deg": sim["fcs/flap-pos-deg"] if _has(sim, "fcs/flap-pos-deg") else 0.0,
    }
