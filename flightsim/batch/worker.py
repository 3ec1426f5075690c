"""Running one case in a worker: the model loaded once, reset between cases.

Each worker process (or Ray actor) keeps its last few Simulations, keyed by
what a reset cannot change: aircraft, initial conditions, time step, trim mode
and recorded properties. A case with the same key reuses the Simulation: the
properties that earlier cases wrote go back to their loaded values, the
case's own are written, and :meth:`flightsim.Simulation.reset` puts the
aircraft back at its initial conditions, restarts the engines and trims again
(JSBSim's reset stops the engines and zeroes the controls). A freshly loaded
model goes through the same steps (properties written, reset, trimmed), and a
property that the reset itself overwrites is written again after it, on both.
The state is then bit-identical whichever way the case gets its Simulation, so
a case's result depends only on its parameters and seed, never on which
worker ran it or what it ran before.
"""

from __future__ import annotations

import contextlib
import math
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

from flightsim.batch.cases import Case, call_factory, names_aircraft, resolve_reference
from flightsim.batch.executors import describe_exception
from flightsim.batch.metrics import Metric, metric_properties
from flightsim.errors import DivergenceError, SimulationError
from flightsim.recording import Recording
from flightsim.sim.divergence import FLY_ON
from flightsim.sim.simulation import Simulation

__all__ = ["CaseOutcome", "CaseTask", "run_case", "warm"]

_CACHE_SIZE = 4  # Simulations kept per worker
_cache: OrderedDict[Hashable, _Cached] = OrderedDict()
_aircraft: dict[Hashable, str | Path] = {}  # factory results, per arguments (and seed)


@dataclass(frozen=True)
class CaseTask:
    """What a worker gets: the case, its seed, the metrics, and whether to send the recording."""

    case: Case
    seed: int
    metrics: Mapping[str, Metric]
    keep_recording: bool = False


@dataclass(frozen=True)
class CaseOutcome:
    """What a worker sends back: metric values, and the recording when asked for.

    ``failure`` is the reason of a case whose simulation or metric failed
    (:class:`~flightsim.errors.SimulationError`: a crash, a NaN state, a metric); its
    ``recording`` is then what it flew until the failure (when asked for), which the
    bare exception could not carry back.
    """

    metrics: dict[str, float]
    recording: Recording | None
    failure: str = ""


@dataclass
class _Cached:
    sim: Simulation
    loaded: dict[str, float]  # the loaded value of each property a case has written
    used: bool = False  # a case has been prepared on it (written, trimmed)


def warm(case: Case, metrics: Mapping[str, Metric]) -> None:
    """A worker's initializer: load the base case's model once."""
    _simulation(case, _aircraft_of(case, 0), _record_of(case, metrics))


def run_case(task: CaseTask) -> CaseOutcome:
    """Fly one case and compute its metrics (raises on failure: the executor records it)."""
    case = task.case
    aircraft = _aircraft_of(case, task.seed)
    record = _record_of(case, task.metrics)
    key = _key(case, aircraft, record)
    sim: Simulation | None = None
    try:
        sim = _prepared(case, aircraft, record)
        controls = None
        if case.controller is not None:
            factory = resolve_reference(case.controller, "controller")
            controls = call_factory(factory, case.controller_args, task.seed)
        _write(_cache[key], case.controls)
        sim.run(case.duration_s, controls=controls, control_every=case.control_every)
        recording = sim.recording
        values = {name: _metric(name, metric, recording) for name, metric in task.metrics.items()}
    except SimulationError as exc:
        _drop(key)  # its state is unknown: never reuse it
        kept = sim.recording if task.keep_recording and sim is not None else None
        return CaseOutcome({}, kept, describe_exception(_batch_advice(exc)))
    except BaseException:
        _drop(key)
        raise
    return CaseOutcome(values, recording if task.keep_recording else None)


def _batch_advice(exc: SimulationError) -> SimulationError:
    """``exc`` without the advice a batch case cannot take: a case has no
    ``stop_on_crash`` (the Simulation option that flies on after a crash)."""
    return exc.advised(less=[FLY_ON]) if isinstance(exc, DivergenceError) else exc


def _metric(name: str, metric: Metric, recording: Recording) -> float:
    try:
        value = float(metric(recording))
    except Exception as exc:
        raise SimulationError(f"metric '{name}' failed: {type(exc).__name__}: {exc}") from None
    if not math.isfinite(value):
        raise SimulationError(f"metric '{name}' is {value}")
    return value


def _record_of(case: Case, metrics: Mapping[str, Metric]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*case.record, *metric_properties(metrics))))


def _aircraft_of(case: Case, seed: int) -> str | Path:
    """The aircraft name or folder, from the factory when the case has one."""
    aircraft = case.aircraft
    if names_aircraft(aircraft):
        return aircraft
    assert not isinstance(aircraft, Path)  # names_aircraft takes every Path
    factory = resolve_reference(aircraft, "aircraft")
    args = tuple(sorted((k, repr(v)) for k, v in case.aircraft_args.items()))
    key = (case.aircraft if isinstance(case.aircraft, str) else id(factory), args, seed)
    if key not in _aircraft:
        result = call_factory(factory, case.aircraft_args, seed)
        if not isinstance(result, (str, Path)):
            raise SimulationError(
                f"aircraft factory {case.aircraft!r} returned {type(result).__name__}: "
                "it must return an aircraft name or folder"
            )
        _aircraft[key] = result
    return _aircraft[key]


def _key(case: Case, aircraft: str | Path, record: tuple[str, ...]) -> Hashable:
    return (str(aircraft), case.aircraft_dirs, case.ic, case.dt_s, case.trim, record)


def _simulation(case: Case, aircraft: str | Path, record: tuple[str, ...]) -> _Cached:
    """The worker's Simulation for this case's key (loaded now when it has none)."""
    key = _key(case, aircraft, record)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    sim = Simulation(
        aircraft, case.ic, dt_s=case.dt_s, record=list(record), aircraft_dirs=case.aircraft_dirs
    )
    _cache[key] = _Cached(sim, {})
    while len(_cache) > _CACHE_SIZE:
        _, old = _cache.popitem(last=False)
        old.sim.close()
    return _cache[key]


def _prepared(case: Case, aircraft: str | Path, record: tuple[str, ...]) -> Simulation:
    """The Simulation at the case's initial state: its properties written, trimmed.

    Fresh or reused, the same steps: properties written, reset to the initial
    conditions (so they hold from the start), written again if the reset
    overwrote them, trimmed.
    """
    cached = _simulation(case, aircraft, record)
    sim, reused = cached.sim, cached.used
    cached.used = True
    if reused:  # put back what earlier cases wrote
        for name, value in cached.loaded.items():
            if name not in case.properties:
                sim[name] = value
    _write(cached, case.properties)
    overwritten: dict[str, float] = {}
    if reused or case.properties:
        sim.reset()  # back to the IC, engines restarted, a reused model trimmed again
        overwritten = {n: v for n, v in case.properties.items() if sim[n] != v}
        _write(cached, overwritten)
    if case.trim is not None and (not reused or overwritten):
        sim.trim(case.trim)
    return sim


def _write(cached: _Cached, values: Mapping[str, float]) -> None:
    """Write properties, remembering the value each had when first written."""
    for name, value in values.items():
        if name not in cached.loaded:
            cached.loaded[name] = cached.sim[name]
        cached.sim[name] = value


def _drop(key: Hashable) -> None:
    cached = _cache.pop(key, None)
    if cached is not None:
        with contextlib.suppress(Exception):  # closing must not hide the case's error
            cached.sim.close()
