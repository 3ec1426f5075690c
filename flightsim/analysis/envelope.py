"""Trim envelopes: trim an aircraft over a grid of altitudes, airspeeds and settings.

:func:`trim_envelope` trims every point of altitude [ft] x calibrated airspeed
[kt] x setting (a setting is a set of property writes made before the trim:
flaps, fuel or payload for weight and CG, ...) and records, for each point,
whether it trimmed, and the angle of attack, pitch attitude, throttle and pitch
command, or the reason it did not (JSBSim's report of the axes that failed).
Points that cannot trim are results, not errors.

Points run in worker processes through flightsim's one executor
(:mod:`flightsim.batch.executors`), one worker or many, one point or more: never
in the caller's process (one worker is kept between calls). Each worker loads the
model once a call and resets it to the point's initial conditions between points.
A worker that dies on a point (JSBSim aborted or segfaulted, or the process was
killed from outside: a user, the system out of memory) costs that point only: it
is recorded untrimmed and ``lost``, its reason saying how the worker ended and
what to do, the other points are trimmed on a new worker, and the caller lives
on. The workers do not import the caller's main module: a
script needs no ``if __name__ == "__main__":`` guard.
The terrain is put :data:`TERRAIN_BELOW_FT` below sea level, so a sea-level
point flies clear of the ground (no gear, no ground effect): the envelope is
that of free air. A point with the CG below that terrain, or the gear in it, is
not trimmed (:func:`flightsim.sim.model.refuse_trim_in_terrain`: JSBSim's trim
can segfault there) but recorded untrimmed with that reason; a grid with every
altitude at or below the terrain is refused (ConfigError).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count, product
from typing import Any, TypeVar

from flightsim.analysis.settings import refuse_impossible, write_setting
from flightsim.batch.executors import KeptWorker, WorkerDeath, run_tasks
from flightsim.errors import ConfigError, FlightsimError, TrimError
from flightsim.paths import AircraftLocation, Folders, PathLike, find_aircraft

__all__ = ["TERRAIN_BELOW_FT", "Envelope", "EnvelopePoint", "trim_envelope"]

TERRAIN_BELOW_FT = -1000.0
"""Terrain elevation [ft] the envelope's points fly over."""

Setting = Mapping[str, float]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class EnvelopePoint:
    """One trimmed (or not) point.

    ``altitude_ft`` [ft MSL], ``kcas`` [kt], ``setting`` the property writes made
    before the trim; ``weight_lbf`` [lbf] and ``cg_x_in`` [in, structural frame]
    as JSBSim computed them; when ``trimmed``: ``alpha_deg``, ``theta_deg``
    [deg], ``throttle`` (largest engine command, 0..1) and ``elevator`` (pitch
    command plus pitch trim, -1..1); otherwise ``reason`` says why (NaN values).
    ``lost``: the point has no trim result, its worker process died on it (``reason``
    says how, and what to do).
    """

    altitude_ft: float
    kcas: float
    setting: dict[str, float]
    trimmed: bool
    weight_lbf: float = float("nan")
    cg_x_in: float = float("nan")
    alpha_deg: float = float("nan")
    theta_deg: float = float("nan")
    throttle: float = float("nan")
    elevator: float = float("nan")
    reason: str = ""
    lost: bool = False


@dataclass(frozen=True)
class Envelope:
    """The points of a trim envelope, with what produced them and the wall time [s]."""

    aircraft: str
    mode: str
    points: tuple[EnvelopePoint, ...]
    wall_s: float
    workers: int
    settings: tuple[dict[str, float], ...] = field(default_factory=tuple)

    @property
    def trimmed(self) -> list[EnvelopePoint]:
        """The points that trimmed."""
        return [p for p in self.points if p.trimmed]

    @property
    def lost(self) -> list[EnvelopePoint]:
        """The points whose worker process died on them (no trim result)."""
        return [p for p in self.points if p.lost]

    def columns(self) -> dict[str, list[float | str]]:
        """Plain columns (one value per point): ``altitude-ft``, ``kcas``, ``setting``,
        ``trimmed`` (1/0), ``weight-lbf``, ``cg-x-in``, ``alpha-deg``, ``theta-deg``,
        ``throttle-norm``, ``elevator-norm``, ``reason``."""
        getters: dict[str, Callable[[EnvelopePoint], float | str]] = {
            "altitude-ft": lambda p: p.altitude_ft,
            "kcas": lambda p: p.kcas,
            "setting": lambda p: _setting_label(p.setting),
            "trimmed": lambda p: float(p.trimmed),
            "weight-lbf": lambda p: p.weight_lbf,
            "cg-x-in": lambda p: p.cg_x_in,
            "alpha-deg": lambda p: p.alpha_deg,
            "theta-deg": lambda p: p.theta_deg,
            "throttle-norm": lambda p: p.throttle,
            "elevator-norm": lambda p: p.elevator,
            "reason": lambda p: p.reason,
        }
        return {name: [get(p) for p in self.points] for name, get in getters.items()}


def _setting_label(setting: Mapping[str, float]) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in setting.items()) or "as loaded"


def trim_envelope(
    aircraft: PathLike | AircraftLocation,
    altitudes_ft: Iterable[float],
    kcas: Iterable[float],
    *,
    settings: Sequence[Setting] = ({},),
    flaps: Sequence[float] | None = None,
    mode: str = "full",
    workers: int | None = None,
    progress: Callable[[float, float], None] | None = None,
    aircraft_dirs: Folders = (),
) -> Envelope:
    """Trim ``aircraft`` at every altitude [ft MSL] x ``kcas`` [kt] x setting.

    ``settings``: property writes made before each trim (e.g.
    ``{"propulsion/tank[0]/contents-lbs": 20}`` for weight and CG); ``flaps``:
    flap commands (0..1) crossed with the settings (each adds
    ``fcs/flap-cmd-norm``). ``mode``: ``full``, ``longitudinal`` or ``glide``
    (power off, the flight-path angle free: gliders). ``workers``:
    processes (default: the CPU count, at most the number of points; 1 runs every
    point in one child process kept between calls, with the numbers the caller's
    process would give, to the last bit). ``progress(done, total)`` is called as points finish.
    A setting no aircraft can have (a negative tank content, a command beyond its
    range, a tank filled beyond its capacity) is refused: ConfigError.
    """
    if mode not in ("full", "longitudinal", "glide"):
        raise ConfigError(f"envelope trim mode '{mode}': choose full, longitudinal or glide")
    location = (
        aircraft
        if isinstance(aircraft, AircraftLocation)
        else find_aircraft(aircraft, aircraft_dirs)
    )
    _check_aircraft(location, mode)
    grid_settings = [dict(s) for s in settings] or [{}]
    if flaps is not None:
        grid_settings = [{**s, "fcs/flap-cmd-norm": float(f)} for s in grid_settings for f in flaps]
    for setting in grid_settings:
        refuse_impossible(setting, "envelope setting")
    points = [
        (float(a), float(v), s)
        for s, a, v in product(grid_settings, list(altitudes_ft), list(kcas))
    ]
    if not points:
        raise ConfigError("the envelope has no points: give at least one altitude and airspeed")
    for _, speed, _ in points:
        if speed <= 0.0:
            raise ConfigError(f"envelope airspeed {speed:g} kt: give airspeeds above 0")
    highest = max(altitude for altitude, _, _ in points)
    if highest <= TERRAIN_BELOW_FT:
        raise ConfigError(
            f"every envelope altitude (the highest {highest:g} ft MSL) is at or below the "
            f"envelope's terrain, {TERRAIN_BELOW_FT:g} ft MSL (put there so that the envelope "
            f"is that of free air): no point could trim; give altitudes above "
            f"{TERRAIN_BELOW_FT:g} ft"
        )
    n = max(1, min(workers or os.cpu_count() or 1, len(points)))
    start = time.perf_counter()
    results = _run_points(
        _trim_point, points, workers=n, setup=(location, mode), lost=_lost_point, progress=progress
    )
    return Envelope(
        aircraft=location.name,
        mode=mode,
        points=tuple(results),
        wall_s=time.perf_counter() - start,
        workers=n,
        settings=tuple(grid_settings),
    )


def _check_aircraft(location: AircraftLocation, mode: str) -> None:
    """Refuse what no point could trim: a rotorcraft or airship, or a level-flight
    trim of an aircraft without an engine."""
    from flightsim.analysis.linear import require_fixed_wing
    from flightsim.sim.initial_conditions import InitialConditions
    from flightsim.sim.simulation import Simulation

    with Simulation(
        location, InitialConditions(altitude_ft=5000.0, kcas=100.0), record=None
    ) as sim:
        require_fixed_wing(sim)
        if sim.engine_count == 0 and mode != "glide":
            raise ConfigError(
                f"{location.name} has no engine: no point can hold level flight in a "
                f"'{mode}' trim; trim its envelope in a glide (mode='glide')"
            )


def _run_points(
    function: Callable[[T], R | FlightsimError],
    items: Sequence[T],
    *,
    workers: int,
    setup: tuple[AircraftLocation, str],
    lost: Callable[[T, WorkerDeath | None, str], R],
    progress: Callable[[float, float], None] | None = None,
) -> list[R]:
    """``[function(item) for item in items]`` in child processes, in order.

    Each worker loads the model with ``_load_worker(*setup)`` before its first item of
    this call (:func:`_in_setup`), in a child process whatever ``workers``: a JSBSim
    crash never ends the caller's process. One worker is the process kept between
    calls (:data:`_KEPT`: its start, ~0.4 s, is paid once); more are started for the
    call (:func:`run_tasks`). The setup (~0.3 kB) travels with each item, also to
    those workers, rather than as :func:`run_tasks`' initializer, whose failure is only
    logged in the worker: a load that fails is then the point's error with JSBSim's
    reason. A :class:`FlightsimError` the function returns (the user's error, e.g. an
    unknown property) is raised here; an item whose worker dies (or times out) is
    ``lost(item, death, reason)`` (``death`` None for a timeout), and the others go on.
    """
    done = 0
    if progress is not None:
        progress(0, len(items))
    results: list[Any] = [None] * len(items)
    call = (os.getpid(), next(_CALLS))
    work = [(function, setup, call, item) for item in items]
    tasks: Iterator[Any]
    if workers == 1:
        tasks = _KEPT.run(work)
    else:  # flightsim's own functions: no `if __name__ == "__main__":` needed
        tasks = run_tasks(_in_setup, work, workers=workers, import_main=False)
    try:
        for task in tasks:
            if task.status in ("crashed", "timeout"):
                results[task.index] = lost(items[task.index], task.death, task.reason)
            elif task.status == "failed":
                raise FlightsimError(
                    f"envelope point {_point_label(items[task.index])}: {task.reason}"
                )
            elif isinstance(task.value, FlightsimError):
                raise task.value
            else:
                results[task.index] = task.value
            done += 1
            if progress is not None:
                progress(done, len(items))
    finally:
        tasks.close()  # type: ignore[attr-defined]
    return results


def _lost_point(
    point: tuple[float, float, Setting], death: WorkerDeath | None, reason: str
) -> EnvelopePoint:
    """The record of a point whose worker process died on it: untrimmed, ``lost``, its
    reason how the worker ended and what to do (no death: ``reason`` as it is)."""
    altitude, kcas, setting = point
    if death is None:
        why = reason
    elif death.killed:
        why = f"not trimmed: {death.describe('point')}; trim it again"
    else:
        why = (
            f"not trimmed: {death.describe('point')}; check the aircraft with "
            "'flightsim validate', and leave this point out of the grid"
        )
    return EnvelopePoint(altitude, kcas, dict(setting), False, reason=why, lost=True)


def _point_label(item: object) -> str:
    """An envelope point ``(altitude, kcas, setting)`` in words (anything else as it prints)."""
    if isinstance(item, tuple) and len(item) == 3:
        altitude, kcas, setting = item
        return f"{altitude:g} ft, {kcas:g} KCAS, {_setting_label(setting)}"
    return repr(item)


_worker: dict[str, Any] = {}


def _in_setup(work: tuple[Callable[[T], R], tuple[AircraftLocation, str], object, T]) -> R:
    """``function(item)`` for ``work = (function, setup, call, item)``, the model loaded
    (:func:`_load_worker`) at this worker's first item of the call: each call starts
    from a model just loaded, as it would in a worker of its own."""
    function, setup, call, item = work
    if _worker.get("call") != call:
        _worker.pop("call", None)
        _load_worker(*setup)
        _worker["call"] = call
    return function(item)


_KEPT = KeptWorker(_in_setup, import_main=False)
"""The worker process of the envelopes run with one worker, kept between calls."""
_CALLS = count()


def _load_worker(location: AircraftLocation, mode: str) -> None:
    """Load the model in this worker process (the one loaded before released)."""
    from flightsim.sim.initial_conditions import InitialConditions
    from flightsim.sim.simulation import Simulation

    old = _worker.pop("sim", None)
    if old is not None:
        old.close()
    ic = InitialConditions(altitude_ft=5000.0, kcas=100.0)
    _worker["sim"] = Simulation(location, ic, record=None, guard=False)
    _worker["mode"] = mode


def _trim_point(point: tuple[float, float, Setting]) -> EnvelopePoint | FlightsimError:
    """The point's trim, or the user's error (returned: raised by the caller's process)."""
    try:
        return _trim(*point)
    except FlightsimError as exc:
        return exc


def _trim(altitude: float, kcas: float, setting: Setting) -> EnvelopePoint:
    """Reset the worker's model to the point's initial conditions, apply the setting, trim."""
    sim = _worker["sim"]
    fdm = sim.fdm
    # location, then altitude, then speed: JSBSim recomputes speeds from the last one set
    sim["ic/terrain-elevation-ft"] = TERRAIN_BELOW_FT
    sim["ic/h-sl-ft"] = altitude
    sim["ic/vc-kts"] = kcas
    sim["ic/gamma-deg"] = 0.0
    fdm.reset_to_initial_conditions(0)
    fdm.set_dt(sim.dt_s)  # a reset after a failed trim can leave it at 0
    fdm.get_propulsion().init_running(-1)
    write_setting(sim, setting, "envelope setting")  # the user's errors: raised
    try:
        result = sim.trim(_worker["mode"], diagnose=False)  # reasons only: no probe
    except TrimError as exc:
        return EnvelopePoint(altitude, kcas, dict(setting), False, reason=exc.reason)
    throttles = result.throttles
    return EnvelopePoint(
        altitude,
        kcas,
        dict(setting),
        True,
        weight_lbf=sim["inertia/weight-lbs"],
        cg_x_in=sim["inertia/cg-x-in"],
        alpha_deg=result.alpha_deg,
        theta_deg=result.values["attitude/theta-deg"],
        throttle=max(throttles) if throttles else float("nan"),
        elevator=result.elevator,
    )
