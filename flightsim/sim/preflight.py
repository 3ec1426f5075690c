"""Crash-safe load check: load an aircraft in JSBSim in a child process.

JSBSim reacts to some broken files by aborting or segfaulting the whole
process (a function reading an undefined property makes ``run_ic`` raise and
the process then aborts with SIGABRT when the ``FGFDMExec`` is destroyed, see
docs/validation-properties-and-load.md). :func:`load_check` therefore loads the
aircraft, runs ``run_ic`` and destroys the executive in a separate Python
process (``python -m flightsim.sim._load_worker``) with JSBSim's file output and
input sockets off, collects JSBSim's own warnings and errors with their file
and line through the logger bridge, and turns everything into
:class:`~flightsim.config.diagnostics.Diagnostic` records:

========  ==================================================================
FS901     JSBSim refused to load the model (``load_model`` False, or raised)
FS902     ``run_ic`` failed (returned False or raised)
FS903     JSBSim crashed the process (abort, segfault...; the signal is named)
FS904     the load did not finish within ``timeout_s`` (the child is killed)
FS905     a warning JSBSim logged while loading or initialising (warning)
FS906     an error JSBSim logged in a stage it then completed (it carried on)
========  ==================================================================

A crash or hang of JSBSim never crashes or hangs the caller.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from flightsim.config.diagnostics import Diagnostic, Severity, has_errors
from flightsim.config.document import display_path
from flightsim.errors import ConfigError, JSBSimCrashError, NotFoundError, SimulationError
from flightsim.logs import logger
from flightsim.paths import AircraftLocation, Folders, PathLike, find_aircraft, jsbsim_root
from flightsim.sim._load_worker import PROPERTIES_FILE
from flightsim.sim.child_process import DEFAULT_TIMEOUT_S, run_module, signal_name

LOGGER = logger("flightsim.sim.preflight")

LOAD_ERROR = "FS901"
RUN_IC_ERROR = "FS902"
CRASH = "FS903"
TIMEOUT = "FS904"
JSBSIM_WARNING = "FS905"
CARRIED_ON = "FS906"

_STDERR_TAIL_CHARS = 2000


@dataclass(frozen=True)
class LoadCheckResult:
    """What happened when JSBSim loaded the aircraft in a child process.

    ``ok`` is True when the model loaded, ``run_ic`` succeeded, the process
    exited normally and no error diagnostic was produced; :attr:`usable` when
    the model loaded and initialised without a crash or hang, even if JSBSim
    logged errors on the way (what a simulation needs). ``crashed`` is True
    when the child died of a signal (``signal_name``) or exited abnormally;
    ``timed_out`` when it was killed after ``timeout_s``. ``stage`` is the last
    stage the child reached (``"start"``, ``"load"``, ``"run_ic"``,
    ``"destroy"``, ``"done"``). ``duration_s`` is the wall time of the check [s].
    """

    aircraft: AircraftLocation
    ok: bool
    crashed: bool
    timed_out: bool
    stage: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: bool = False
    initialised: bool = False
    signal_name: str | None = None
    exit_code: int | None = None
    duration_s: float = 0.0

    @property
    def verdict(self) -> str:
        """What happened, in a few words: ``c172p: JSBSim loads and initialises it (0.10 s)``."""
        if self.ok:
            what = f"JSBSim loads and initialises it ({self.duration_s:.2f} s)"
        elif self.timed_out:
            what = f"JSBSim hung during {self.stage}"
        elif self.crashed:
            what = f"JSBSim crashed ({self.signal_name or self.exit_code}) during {self.stage}"
        elif self.usable:
            logged = sum(d.severity is Severity.ERROR for d in self.diagnostics)
            what = (
                f"JSBSim loads and initialises it, logging {logged} "
                f"error{'s' if logged != 1 else ''} on the way ({self.duration_s:.2f} s)"
            )
        else:
            what = "JSBSim reported errors"
        return f"{self.aircraft.name}: {what}"

    def summary(self) -> str:
        """One line: the verdict, then the first error when there is one."""
        first = next((d for d in self.diagnostics if d.severity is Severity.ERROR), None)
        return self.verdict + (f"; {first}" if first and not self.ok else "")

    @property
    def usable(self) -> bool:
        """JSBSim loaded and initialised the model, and neither crashed nor hung."""
        return self.loaded and self.initialised and not self.crashed and not self.timed_out

    def raise_if_failed(self, strict: bool = False) -> None:
        """Raise when the aircraft is not :attr:`usable` (``strict``: not :attr:`ok`).

        :class:`~flightsim.errors.JSBSimCrashError` for a crash or a hang,
        :class:`~flightsim.errors.SimulationError` otherwise; the message is
        :meth:`summary` plus the way to see every finding.
        """
        if self.ok or (self.usable and not strict):
            return
        message = (
            f"{self.summary()}. Run 'flightsim validate --load {self.aircraft.main_file}' "
            "for every finding"
        )
        if self.crashed or self.timed_out:
            raise JSBSimCrashError(message)
        raise SimulationError(message)


def load_check(
    location_or_path: AircraftLocation | PathLike,
    root: PathLike | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    aircraft_dirs: Folders = (),
    ic_file: PathLike | None = None,
    properties: Iterable[str] = (),
    aircraft_folder: PathLike | None = None,
    flightgear: bool = False,
) -> LoadCheckResult:
    """Load an aircraft and run ``run_ic`` in a child process; never crash or hang.

    With ``ic_file``, JSBSim reads that initialization file between the load
    and ``run_ic`` (stage ``load_ic``; its failures are FS902). ``properties`` are
    created (value 0) before the model loads, as the property tree of a FlightGear
    session holds them (``flightsim.config.validator.flightgear_properties``). With
    ``aircraft_folder`` the model is loaded from that folder, its main file named relative
    to it (``Models/JSBSim/x``), as FlightGear loads it (``JSBSim.cxx``); with
    ``flightgear`` engines and systems are searched in that folder's ``Engine/`` and
    ``Systems/`` (the main file's folder without ``aircraft_folder``), not in the root's.

    ``location_or_path`` is an :class:`~flightsim.paths.AircraftLocation`, an
    aircraft name, its folder or its main XML file (found with
    :func:`~flightsim.paths.find_aircraft` and ``aircraft_dirs``). ``root`` is
    the JSBSim root whose ``engine/`` and ``systems/`` folders are searched after
    the aircraft's own folders (default: the data bundled with jsbsim).
    ``timeout_s`` [s] bounds the whole check; the child is killed after it.
    Raises :class:`~flightsim.errors.NotFoundError` for an unknown aircraft or root,
    :class:`~flightsim.errors.ConfigError` for a timeout that is not a finite time > 0.
    """
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        raise ConfigError(f"timeout_s={timeout_s!r}: the load check needs a finite time > 0 [s]")
    location = (
        location_or_path
        if isinstance(location_or_path, AircraftLocation)
        else find_aircraft(location_or_path, aircraft_dirs)
    )
    root_dir = Path(root).expanduser().resolve() if root is not None else jsbsim_root()
    if not root_dir.is_dir():
        raise NotFoundError(f"JSBSim root folder {root_dir} does not exist; check --root")
    with tempfile.TemporaryDirectory(prefix="flightsim-load-") as scratch:
        events_path = Path(scratch) / "events.jsonl"
        events_path.touch()
        names = sorted(set(properties))
        if names:
            (Path(scratch) / PROPERTIES_FILE).write_text("\n".join(names) + "\n")
        paths = _model_paths(location, root_dir, aircraft_folder, flightgear)
        args = [str(events_path), *paths, scratch]
        if ic_file is not None:
            args.append(str(Path(ic_file).resolve()))
        started = time.perf_counter()
        exit_code, stderr, timed_out = run_module(
            "flightsim.sim._load_worker", args, scratch, timeout_s
        )
        duration_s = time.perf_counter() - started
        events = _read_events(events_path)
    return _interpret(location, events, exit_code, stderr, timed_out, timeout_s, duration_s)


def _model_paths(
    location: AircraftLocation,
    root_dir: Path,
    aircraft_folder: PathLike | None,
    flightgear: bool,
) -> list[str]:
    """The worker's MODEL FOLDER ROOT ENGINE SYSTEMS: the model named from the aircraft
    folder, engines and systems in the root's folders or, for FlightGear, its own."""
    if aircraft_folder is None:
        folder, model = location.folder, location.main_file.stem
    else:
        folder = Path(aircraft_folder).resolve()
        model = location.main_file.resolve().relative_to(folder).with_suffix("").as_posix()
    shared = (
        (folder / "Engine", folder / "Systems")
        if flightgear
        else (
            root_dir / "engine",
            root_dir / "systems",
        )
    )
    return [model, str(folder), str(root_dir), *map(str, shared)]


def _read_events(path: Path) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut short by a crash
            break
    return events


def _interpret(
    location: AircraftLocation,
    events: list[dict[str, object]],
    exit_code: int | None,
    stderr: str,
    timed_out: bool,
    timeout_s: float,
    duration_s: float,
) -> LoadCheckResult:
    main_file = display_path(location.main_file)
    diagnostics: list[Diagnostic] = []
    stage = "start"
    failed_stage: str | None = None
    loaded = initialised = False
    seen: set[str] = set()
    logged: list[tuple[int, str]] = []  # (index in diagnostics, stage) of logged messages
    completed: set[str] = set()
    for event in events:
        kind = event.get("event")
        event_stage = str(event.get("stage", stage))
        if kind == "stage":
            stage = event_stage
        elif kind == "message":
            text = str(event.get("text", ""))
            seen.add(text)
            logged.append((len(diagnostics), stage))
            diagnostics.append(_message_diagnostic(event, stage, main_file))
        elif kind == "exception":
            failed_stage = failed_stage or event_stage
            text = str(event.get("text", "")).strip()
            if text not in seen:
                code = _stage_code(event_stage)
                what = _STAGE_WORDS.get(event_stage, "initialise (run_ic)")
                diagnostics.append(
                    Diagnostic(
                        Severity.ERROR,
                        code,
                        f"JSBSim failed to {what}: {event.get('kind')}: {text}",
                        main_file,
                    )
                )
        elif kind == "result" and event.get("ok"):
            completed.add(event_stage)
            loaded = loaded or event_stage == "load"
            initialised = initialised or event_stage == "run_ic"
        elif kind == "result":
            failed_stage = failed_stage or event_stage
            if not any(
                d.severity is Severity.ERROR and d.code == _stage_code(event_stage)
                for d in diagnostics
            ):
                diagnostics.append(_refusal(event_stage, main_file))
    for index, logged_stage in logged:
        if logged_stage in completed and diagnostics[index].severity is Severity.ERROR:
            diagnostics[index] = _carried_on(diagnostics[index], logged_stage)
    crash_signal = signal_name(exit_code)
    crashed = not timed_out and exit_code != 0
    if timed_out:
        diagnostics.append(
            Diagnostic(
                Severity.ERROR,
                TIMEOUT,
                f"JSBSim did not finish within {timeout_s:g} s (stuck during {stage}); "
                "the child process was killed",
                main_file,
                hint="look for an endless loop or a huge table in the files read at this "
                "stage; a slow but sound model needs a longer timeout (--timeout, timeout_s=)",
            )
        )
    elif crashed:
        diagnostics.append(_crash(crash_signal, exit_code, stage, failed_stage, stderr, main_file))
    ok = not timed_out and not crashed and stage == "done" and not has_errors(diagnostics)
    result = LoadCheckResult(
        aircraft=location,
        ok=ok,
        crashed=crashed,
        timed_out=timed_out,
        stage=stage,
        diagnostics=diagnostics,
        loaded=loaded,
        initialised=initialised,
        signal_name=crash_signal,
        exit_code=exit_code,
        duration_s=duration_s,
    )
    LOGGER.debug("load check: %s", result.summary())
    return result


_STAGE_WORDS = {"load": "load the model", "load_ic": "read the initialization file"}


def _stage_code(stage: str) -> str:
    return LOAD_ERROR if stage == "load" else RUN_IC_ERROR


def _message_diagnostic(event: dict[str, object], stage: str, main_file: str) -> Diagnostic:
    level = event.get("level")
    text = str(event.get("text", "")).strip()
    file = event.get("file")
    line = event.get("line")
    if level == "warning":
        severity, code = Severity.WARNING, JSBSIM_WARNING
    else:
        severity, code = Severity.ERROR, _stage_code(stage)
    return Diagnostic(
        severity,
        code,
        f"JSBSim ({stage}): {text}",
        display_path(Path(str(file))) if file else main_file,
        line=int(line) if isinstance(line, int) and line > 0 else None,
    )


def _carried_on(logged: Diagnostic, stage: str) -> Diagnostic:
    """An error JSBSim logged in a stage it then completed: it went on, it did not refuse."""
    what = {"load": "loaded the model", "load_ic": "read the initialization file"}.get(
        stage, "initialised the model"
    )
    return replace(
        logged,
        code=CARRIED_ON,
        message=f"JSBSim {what} but logged an error on the way: "
        + logged.message.removeprefix(f"JSBSim ({stage}): "),
        hint="JSBSim goes on without what it could not read; run 'flightsim validate' "
        "for the element at fault",
    )


def _refusal(stage: str, main_file: str) -> Diagnostic:
    if stage == "load":
        return Diagnostic(
            Severity.ERROR,
            LOAD_ERROR,
            "JSBSim refused to load the model (load_model returned False)",
            main_file,
            hint="run 'flightsim validate' on the aircraft for the reason",
        )
    what = (
        "read the initialization file (load_ic"
        if stage == "load_ic"
        else "initialise the model (run_ic"
    )
    return Diagnostic(
        Severity.ERROR,
        RUN_IC_ERROR,
        f"JSBSim could not {what} returned False)",
        main_file,
    )


def _crash(
    signal_name: str | None,
    exit_code: int | None,
    stage: str,
    failed_stage: str | None,
    stderr: str,
    main_file: str,
) -> Diagnostic:
    how = signal_name or f"exit code {exit_code}"
    message = f"JSBSim crashed the process ({how}) during {stage}"
    if stage == "destroy" and failed_stage is not None:
        message += f", after {failed_stage} had failed"
    tail = stderr.strip()[-_STDERR_TAIL_CHARS:]
    if tail:
        message += f"; its last output: {tail}"
    hint = None
    if stage == "destroy" and failed_stage == "run_ic":
        hint = (
            "JSBSim aborts at destruction when a function or component reads a property "
            "nobody defines: run 'flightsim validate' to find it"
        )
    return Diagnostic(Severity.ERROR, CRASH, message, main_file, hint=hint)
