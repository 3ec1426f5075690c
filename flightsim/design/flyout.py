"""Fly a generated aircraft through the checks every generated aircraft must pass.

:func:`fly_out` validates, loads, trims at cruise and at 1.3× the stall speed
(gliders: trimmed glides at the best-glide speed and at 1.3 Vs), flies 60 s
hands-off from the cruise trim, finds the slowest speed that trims in level
flight (gliders: in a glide) at MTOW, and reads the short-period, phugoid and
Dutch-roll modes from JSBSim's linearisation (:func:`modes`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from flightsim.config import Severity, validate
from flightsim.design.generation import default_output_dir
from flightsim.design.spec import AircraftSpec, load_spec
from flightsim.errors import FlightsimError
from flightsim.units import FT_M, KT_M_S

PathLike = str | os.PathLike[str]

SLOW_ALTITUDE_FT = 3000.0
"""Altitude of the slow-flight trims and of the minimum-speed search [ft]."""
HANDS_OFF_S = 60.0
"""Length of the hands-off flight [s]."""
DT_S = 1.0 / 120.0
"""Integration step of every run [s]."""


@dataclass(frozen=True)
class Mode:
    """A second-order mode from a pair of roots: ωn [rad/s], ζ, and the larger real part [1/s].

    A complex pair is an oscillation; two real roots (an overdamped short period,
    a split phugoid) give ζ >= 1 (or ζ < 0 when one root is unstable).
    """

    natural_frequency: float
    damping: float
    growth: float

    @classmethod
    def from_roots(cls, first: complex, second: complex) -> Mode:
        """The mode of the roots ``first`` and ``second`` (ωn² = λ1 λ2, 2ζωn = -(λ1 + λ2))."""
        product = (first * second).real
        wn = math.sqrt(abs(product))
        total = (first + second).real
        zeta = -total / (2.0 * wn) if wn > 0 else 1.0
        return cls(wn, zeta if product >= 0 else -abs(zeta), max(first.real, second.real))

    @property
    def time_to_double_s(self) -> float:
        """Time for an unstable mode to double [s] (inf when stable)."""
        return math.log(2.0) / self.growth if self.growth > 0 else math.inf


@dataclass
class FlyoutResult:
    """The checks of one aircraft; see the module docstring. Speeds in KCAS, heights in ft."""

    name: str
    validates: bool = False
    loads: bool = False
    trims_cruise: bool = False
    trims_slow: bool = False
    hands_off_dh_ft: float | None = None
    hands_off_max_bank_deg: float | None = None
    min_trim_speed_kt: float | None = None
    stall_speed_kt: float = 0.0
    short_period: Mode | None = None
    phugoid: Mode | None = None
    dutch_roll: Mode | None = None
    errors: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        """The checks that failed, as short phrases (empty when all pass)."""
        out = [
            k for k in ("validates", "loads", "trims_cruise", "trims_slow") if not getattr(self, k)
        ]
        if self.hands_off_dh_ft is None or abs(self.hands_off_dh_ft) >= 100.0:
            out.append("hands-off altitude")
        if self.hands_off_max_bank_deg is None or self.hands_off_max_bank_deg >= 10.0:
            out.append("hands-off bank")
        speed = self.min_trim_speed_kt
        if speed is None or abs(speed / self.stall_speed_kt - 1.0) > 0.10:
            out.append("minimum trim speed")
        if self.short_period is None or self.short_period.time_to_double_s < 10.0:
            out.append("short period")
        if self.phugoid is None or self.phugoid.time_to_double_s < 20.0:
            out.append("phugoid")
        if self.dutch_roll is None or self.dutch_roll.damping <= 0.0:
            out.append("dutch roll")
        return out

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict: the issue's keys first, then the modes and failures."""
        data = asdict(self)
        for key in ("short_period", "phugoid", "dutch_roll"):
            mode = getattr(self, key)
            data[key] = (
                None
                if mode is None
                else {"wn_rad_s": round(mode.natural_frequency, 4), "zeta": round(mode.damping, 4)}
            )
        for key in (
            "hands_off_dh_ft",
            "hands_off_max_bank_deg",
            "min_trim_speed_kt",
            "stall_speed_kt",
        ):
            if data[key] is not None:
                data[key] = round(data[key], 2)
        data["passes"] = not self.failures()
        data["failures"] = self.failures()
        return data


_STATES = (
    ("velocities/u-fps", "ic/u-fps", 1.0),
    ("velocities/w-fps", "ic/w-fps", 1.0),
    ("velocities/q-rad_sec", "ic/q-rad_sec", 0.01),
    ("attitude/theta-rad", "ic/theta-rad", 0.01),
    ("velocities/v-fps", "ic/v-fps", 1.0),
    ("velocities/p-rad_sec", "ic/p-rad_sec", 0.01),
    ("velocities/r-rad_sec", "ic/r-rad_sec", 0.01),
    ("attitude/phi-rad", "ic/phi-rad", 0.01),
)
_RATES = tuple(
    f"accelerations/{n}"
    for n in (
        "udot-ft_sec2",
        "wdot-ft_sec2",
        "qdot-rad_sec2",
        "vdot-ft_sec2",
        "pdot-rad_sec2",
        "rdot-rad_sec2",
    )
)


def modes(sim: Any) -> tuple[Mode | None, Mode | None, Mode | None]:
    """Short-period, phugoid and Dutch-roll modes at the current (trimmed) state.

    A finite-difference linearisation of JSBSim's model: each of the body
    states u, w, q, θ (longitudinal) and v, p, r, φ (lateral) is perturbed
    both ways through JSBSim's initial conditions and the body accelerations
    are read after ``run_ic`` (which evaluates the model without advancing
    time); θ̇ and φ̇ follow from the Euler-angle kinematics. Central
    differences give the two 4x4 system matrices (Nelson, Ch. 4-5, small
    perturbations about steady level flight; α̇ terms are left out, which
    understates the short-period damping a little). Of the longitudinal roots
    the two largest in magnitude are the short period, the two smallest the
    phugoid; the lateral complex pair is the Dutch roll (None when there is
    none). JSBSim's own
    ``FGLinearization`` crashes on aircraft without engines, hence this.
    The simulation is left at its initial conditions: re-trim before flying on.
    """
    import numpy as np

    fdm = sim.fdm
    base = [fdm[prop] for prop, _, _ in _STATES]
    extra = {k: fdm[k] for k in ("attitude/psi-rad", "position/h-sl-ft")}

    def derivatives(state: list[float]) -> np.ndarray:
        for (_, ic, _), value in zip(_STATES, state, strict=True):
            fdm[ic] = value
        fdm["ic/psi-true-rad"] = extra["attitude/psi-rad"]
        fdm["ic/h-sl-ft"] = extra["position/h-sl-ft"]
        fdm.run_ic()
        udot, wdot, qdot, vdot, pdot, rdot = (fdm[name] for name in _RATES)
        _, _, q, theta, _, p, r, phi = state
        theta_dot = q * math.cos(phi) - r * math.sin(phi)
        phi_dot = p + math.tan(theta) * (q * math.sin(phi) + r * math.cos(phi))
        return np.array([udot, wdot, qdot, theta_dot, vdot, pdot, rdot, phi_dot])

    try:
        columns = []
        for index, (_, _, step) in enumerate(_STATES):
            plus, minus = list(base), list(base)
            plus[index] += step
            minus[index] -= step
            columns.append((derivatives(plus) - derivatives(minus)) / (2.0 * step))
        derivatives(base)
    finally:
        fdm.set_dt(sim.dt_s)
    matrix = np.array(columns).T

    lon = sorted(np.linalg.eigvals(matrix[:4, :4]), key=abs)
    lat = [e for e in np.linalg.eigvals(matrix[4:, 4:]) if e.imag > 1e-6]
    phugoid, short = Mode.from_roots(*lon[:2]), Mode.from_roots(*lon[2:])
    dutch = Mode.from_roots(lat[0], lat[0].conjugate()) if lat else None
    return short, phugoid, dutch


def _sim(
    name: str,
    dirs: Sequence[PathLike],
    kcas: float | None = None,
    ktas: float | None = None,
    altitude_ft: float = SLOW_ALTITUDE_FT,
    guard: bool = False,
    record: str | None = None,
) -> Any:
    from flightsim import InitialConditions, Simulation

    ic = InitialConditions(altitude_ft=altitude_ft, kcas=kcas, ktas=ktas)
    return Simulation(name, ic=ic, aircraft_dirs=dirs, guard=guard, record=record, dt_s=DT_S)


def trims(
    name: str,
    dirs: Sequence[PathLike],
    kcas: float,
    glider: bool = False,
    weight_lb: float | None = None,
) -> bool:
    """Whether the aircraft trims at ``kcas`` at the slow-flight altitude (gliders: in a
    glide), at its own weight or at ``weight_lb``."""
    sim = _loaded(name, dirs, kcas, SLOW_ALTITUDE_FT, weight_lb)
    try:
        sim.trim("glide" if glider else "full")
        return True
    except FlightsimError:
        return False
    finally:
        sim.close()


def slowest_trim(
    name: str,
    dirs: Sequence[PathLike],
    guess_kt: float,
    glider: bool = False,
    weight_lb: float | None = None,
) -> float | None:
    """The slowest KCAS that trims (see :func:`trims`), by bisection between 0.7 and 1.3 times
    ``guess_kt`` to 0.25 kt; None when it does not trim at 1.3 times, or trims at 0.7 times."""
    low, high = 0.7 * guess_kt, 1.3 * guess_kt
    if not trims(name, dirs, high, glider, weight_lb) or trims(name, dirs, low, glider, weight_lb):
        return None
    while high - low > 0.25:
        middle = 0.5 * (low + high)
        if trims(name, dirs, middle, glider, weight_lb):
            high = middle
        else:
            low = middle
    return high


def fly_out(spec_path: PathLike) -> FlyoutResult:
    """Run every check on the aircraft generated from ``spec_path`` where ``generate`` puts it."""
    path = Path(spec_path)
    spec: AircraftSpec = load_spec(path)
    folder = default_output_dir(path, spec.name) / spec.name
    dirs = [folder.parent]
    glider = spec.aircraft_class == "glider"
    stall_kt = spec.performance.stall_speed / KT_M_S
    result = FlyoutResult(spec.name, stall_speed_kt=stall_kt)
    diagnostics = validate(folder)
    result.validates = not any(d.severity is Severity.ERROR for d in diagnostics)
    result.errors += [str(d) for d in diagnostics if d.severity is Severity.ERROR][:5]
    try:
        if glider:
            given = spec.performance.best_glide_speed
            best_kt = given / KT_M_S if given is not None else _best_glide(spec)
            sim = _sim(spec.name, dirs, kcas=best_kt, guard=True, record="flight")
        else:
            cruise = spec.performance
            sim = _sim(
                spec.name,
                dirs,
                ktas=cruise.cruise_speed / KT_M_S,
                altitude_ft=cruise.cruise_altitude / FT_M,
                guard=True,
                record="flight",
            )
    except FlightsimError as exc:
        result.errors.append(f"load: {exc}")
        return result
    result.loads = True
    with sim:
        try:
            sim.trim("glide" if glider else "full")
            result.trims_cruise = True
        except FlightsimError as exc:
            result.errors.append(f"cruise trim: {exc}")
        if result.trims_cruise:
            _hands_off(sim, result)
            sim.reset()
            sim.trim("glide" if glider else "full")
            result.short_period, result.phugoid, result.dutch_roll = modes(sim)
    result.trims_slow = trims(spec.name, dirs, 1.3 * stall_kt, glider)
    result.min_trim_speed_kt = slowest_trim(spec.name, dirs, stall_kt, glider)
    return result


def _best_glide(spec: AircraftSpec) -> float:
    from flightsim.design.estimation import estimate

    return estimate(spec).best_glide_speed / KT_M_S


def _hands_off(sim: Any, result: FlyoutResult) -> None:
    """60 s with the controls held at trim: altitude off the trimmed path [ft], peak bank [deg]."""
    fdm = sim.fdm
    h0 = fdm["position/h-sl-ft"]
    climb0 = fdm["velocities/h-dot-fps"]
    bank = 0.0
    steps = round(1.0 / sim.dt_s)
    try:
        for _ in range(round(HANDS_OFF_S)):
            sim.step(steps)
            bank = max(bank, abs(fdm["attitude/phi-deg"]))
    except FlightsimError as exc:
        result.errors.append(f"hands-off: {exc}")
        return
    dh = fdm["position/h-sl-ft"] - h0 - climb0 * HANDS_OFF_S
    if math.isfinite(dh) and math.isfinite(bank):
        result.hands_off_dh_ft = dh
        result.hands_off_max_bank_deg = bank


@dataclass(frozen=True)
class TrimPoint:
    """A level trim: alpha [deg], throttle [0..1], elevator deflection [deg], weight [lb]."""

    alpha_deg: float
    throttle: float
    elevator_deg: float
    weight_lb: float


def _loaded(
    name: str, dirs: Sequence[PathLike], kcas: float, altitude_ft: float, weight_lb: float | None
) -> Any:
    """A simulation whose weight is brought to ``weight_lb`` through its first point mass."""
    sim = _sim(name, dirs, kcas=kcas, altitude_ft=altitude_ft)
    if weight_lb is not None:
        fdm = sim.fdm
        fdm["inertia/pointmass-weight-lbs[0]"] += weight_lb - fdm["inertia/weight-lbs"]
        fdm.run_ic()
    return sim


def trim_point(
    name: str,
    dirs: Sequence[PathLike] = (),
    kcas: float = 100.0,
    altitude_ft: float = 4000.0,
    weight_lb: float | None = None,
) -> TrimPoint:
    """Trim level at ``kcas`` and ``altitude_ft`` (optionally at ``weight_lb``) and read it."""
    sim = _loaded(name, dirs, kcas, altitude_ft, weight_lb)
    with sim:
        sim.trim("full")
        sim.step(1)
        fdm = sim.fdm
        return TrimPoint(
            fdm["aero/alpha-deg"],
            fdm["fcs/throttle-cmd-norm[0]"],
            fdm["fcs/elevator-pos-deg"],
            fdm["inertia/weight-lbs"],
        )
