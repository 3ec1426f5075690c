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


def flight_modes(sim: Any) -> tuple[Mode | None, Mode | None, Mode | None]:
    """Short-period, phugoid and Dutch-roll modes of the trimmed ``sim`` (left untouched).

    The linear model and the labels are flightsim.analysis's (JSBSim's perturbation
    method, or finite differences for aircraft without an engine;
    modes labelled by participation factors), on the rigid-body states
    (engine speeds, heading and position held at trim, as the small-perturbation
    models of Nelson, ch. 4-5, do); each labelled mode becomes a :class:`Mode`
    (a split pair of real roots too). None when a mode is not found.
    """
    from flightsim.analysis import linearize, modes
    from flightsim.analysis.linear import RIGID_BODY_STATES

    found = modes(linearize(sim, states=RIGID_BODY_STATES))

    def pick(label: str) -> Mode | None:
        roots = [m.eigenvalue for m in found if m.name == label]
        if len(roots) == 1 and roots[0].imag > 0.0:
            return Mode.from_roots(roots[0], roots[0].conjugate())
        return Mode.from_roots(*roots) if len(roots) == 2 else None

    return pick("short-period"), pick("phugoid"), pick("dutch-roll")


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
    try:  # a search that expects failures: no diagnosis of them
        sim.trim("glide" if glider else "full", diagnose=False)
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
            try:  # before the flight: the linearisation reproduces this trim on a copy
                result.short_period, result.phugoid, result.dutch_roll = flight_modes(sim)
            except FlightsimError as exc:
                result.errors.append(f"modes: {exc}")
            _hands_off(sim, result)
    result.trims_slow = trims(spec.name, dirs, 1.3 * stall_kt, glider)
    result.min_trim_speed_kt = slowest_trim(spec.name, dirs, stall_kt, glider)
    return result


def fly_out_all(
    spec_paths: Sequence[PathLike], workers: int = 1, timeout_s: float | None = None
) -> list[FlyoutResult]:
    """:func:`fly_out` of every spec, in order; ``workers`` > 1 flies them on that many
    processes (:func:`flightsim.batch.executors.run_tasks`, ``timeout_s`` [s] per
    aircraft), where a crash or a timeout is that aircraft's error, not the caller's."""
    from flightsim.batch.executors import run_tasks

    results: list[FlyoutResult | None] = [None] * len(spec_paths)
    executor = "serial" if workers == 1 else "local"
    for task in run_tasks(
        fly_out, spec_paths, executor=executor, workers=workers, timeout_s=timeout_s
    ):
        if task.value is not None:
            results[task.index] = task.value
        else:
            failed = FlyoutResult(Path(spec_paths[task.index]).stem)
            failed.errors.append(f"fly-out {task.status}: {task.reason}")
            results[task.index] = failed
    return [r for r in results if r is not None]


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
