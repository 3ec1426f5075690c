"""The fixed-rate JSBSim runner: :class:`Simulation`.

One :class:`Simulation` owns one ``jsbsim.FGFDMExec``. It loads an aircraft
(bundled, from the project's ``aircraft/`` folder or a user folder), applies
typed :class:`~flightsim.sim.initial_conditions.InitialConditions`, starts the
engines, trims, and steps at a fixed ``dt_s`` counted in integer steps (time
is ``steps * dt_s``, never a float sum). It records chosen properties into a
:class:`~flightsim.sim.recording.Recording`, optionally streamed to CSV, can
pace itself to the wall clock, stops on divergence, resets without reloading,
and runs JSBSim XML scripts.

JSBSim's own file output and input sockets are off unless asked for: they
slow every step, write into the package folder and, for some aircraft, open
network ports (measured with JSBSim 1.3.3: docs/running.md).

Example::

    from flightsim.sim.simulation import Simulation
    from flightsim.sim.initial_conditions import InitialConditions

    with Simulation("c172p", InitialConditions(altitude_ft=4000, kcas=100)) as sim:
        sim.trim()
        rec = sim.run(10.0, controls={"fcs/aileron-cmd-norm": 0.05})
        print(rec["attitude/phi-deg"][-1])
"""

from __future__ import annotations

import ctypes
import logging
import math
import shlex
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import jsbsim

from flightsim.errors import (
    ConfigError,
    JSBSimCrashError,
    NotFoundError,
    PropertyError,
    SimulationError,
    TrimError,
)
from flightsim.paths import AircraftLocation, PathLike, find_aircraft, find_script, jsbsim_root
from flightsim.sim import logbridge
from flightsim.sim.controls import ControlTable
from flightsim.sim.divergence import GUARD_PROPERTIES, crash_error, divergence_error
from flightsim.sim.gear import rest_height_ft
from flightsim.sim.ground_trim_trial import check_ground_trim
from flightsim.sim.ic_files import ICFile, check_ic_root, find_ic_file, read_ic_file
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.pacing import Pacer, PacingReport
from flightsim.sim.properties import PropertyCache, PropertyInfo, is_finite_number
from flightsim.sim.recorder import (
    FLUSH_INTERVAL_S,
    RECORD_PRESETS,
    Recorder,
    guard_trips,
    make_step_loop,
    resolve_record,
)
from flightsim.sim.recording import MetaValue, Recording
from flightsim.sim.script_files import read_script_header
from flightsim.sim.trim import MODES, TrimResult
from flightsim.sim.trim import trim as run_trim

__all__ = ["RECORD_PRESETS", "ControlTable", "Controls", "Simulation"]

LOG = logging.getLogger("flightsim.sim.simulation")

ControlCallable = Callable[[float, "Simulation"], Mapping[str, float]]
Controls = Mapping[str, float] | ControlTable | ControlCallable | None
"""What ``Simulation.run(controls=...)`` accepts."""

GUARD_PERIOD_S = 0.1
"""Simulated time [s] between two divergence checks in a run."""
MAX_DT_S = 0.05
"""Largest accepted time step [s] (20 Hz). JSBSim's default is 1/120 s; with much
larger steps its explicit integrators and the gear model give numbers that are
no longer the aircraft's dynamics (scripts bundled with JSBSim use 0.02 s at most)."""
DEFAULT_CRASH_SINK_FPS = 20.0
"""Sink rate [ft/s] at ground contact taken as a crash (about 6 m/s)."""
_BATCH_WALL_S = 0.2  # target wall time of one call of the compiled loop

_quarantined: list[Any] = []


def _quarantine(fdm: Any) -> None:
    """Never destroy ``fdm``: JSBSim aborts the process destroying some broken models.

    The extra reference keeps the object alive through interpreter shutdown.
    """
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(fdm))
    _quarantined.append(fdm)


class Simulation:
    """One aircraft in one JSBSim instance, stepped at a fixed ``dt_s``.

    Arguments:
        aircraft: a name (``"c172p"``), an aircraft folder or its main XML file.
        ic: typed initial conditions, or a JSBSim initialization file (a path,
            or a name in the aircraft's folder such as ``"reset01"``) that
            JSBSim reads itself, honouring its ``<running>`` and ``<trim>``;
            None keeps JSBSim's defaults (the aircraft then falls from 0 ft).
        dt_s: integration step [s] (default 1/120, at most :data:`MAX_DT_S`).
        aircraft_dirs: extra folders holding ``<name>/<name>.xml``.
        record: a preset name (see :data:`RECORD_PRESETS`), a comma-separated
            string or list of presets and properties, or None.
        record_every: record one row every this many steps.
        stream_csv: write rows to this CSV while running (flushed at least
            every second of wall time) with a ``.meta.json`` sidecar.
        realtime: pace steps to the wall clock; ``speed`` is the factor
            (``speed=2.0`` alone also paces, at twice real time).
        guard: run :func:`flightsim.sim.guard.load_check` (a child process)
            before loading: None does it for aircraft not bundled with jsbsim.
            Unless False, the first ground trim of an aircraft and initial
            conditions is also tried in a child process first
            (:mod:`flightsim.sim.ground_trim_trial`: JSBSim's ground trim
            segfaults on some aircraft).
        jsbsim_output / jsbsim_input: keep the aircraft's own ``<output>``
            directives (their files written into the current folder) and input
            sockets (both off by default).
        stop_on_crash: stop with :class:`~flightsim.errors.DivergenceError`
            when the aircraft touches down faster than ``crash_sink_fps``
            [ft/s], or its CG goes below the terrain while no wheel carries
            it; NaN/inf in the state always stops.
    """

    _ic_file: ICFile | None
    """The JSBSim initialization file given as ``ic=``, or None."""

    def __init__(
        self,
        aircraft: PathLike | AircraftLocation = "c172p",
        ic: InitialConditions | PathLike | None = None,
        *,
        dt_s: float = 1.0 / 120.0,
        aircraft_dirs: Sequence[PathLike] = (),
        record: str | Sequence[str] | None = "state,flight",
        record_every: int = 1,
        stream_csv: PathLike | None = None,
        realtime: bool = False,
        speed: float = 1.0,
        guard: bool | None = None,
        jsbsim_output: bool = False,
        jsbsim_input: bool = False,
        stop_on_crash: bool = True,
        crash_sink_fps: float = DEFAULT_CRASH_SINK_FPS,
    ):
        _check_dt(dt_s)
        location = (
            aircraft
            if isinstance(aircraft, AircraftLocation)
            else find_aircraft(aircraft, aircraft_dirs)
        )
        self._setup(location, record, record_every, stream_csv, realtime, speed, stop_on_crash)
        if ic is None or isinstance(ic, InitialConditions):
            self.ic = ic
        else:
            self.ic = None
            self._ic_file = read_ic_file(find_ic_file(ic, location.folder))
        self.dt_s = float(dt_s)
        _check_positive("crash_sink_fps", crash_sink_fps)
        self.crash_sink_fps = float(crash_sink_fps)
        self._jsbsim_io = (jsbsim_output, jsbsim_input)
        self._prepare(guard, aircraft_dirs)
        self._build()
        self._new_recorder()
        if self._ic_file is not None and self._ic_file.trim_mode is not None:
            self.trim(self._ic_file.trim_mode)

    # -- construction -----------------------------------------------------------
    def _setup(
        self,
        location: AircraftLocation,
        record: str | Sequence[str] | None,
        record_every: int,
        stream_csv: PathLike | None,
        realtime: bool,
        speed: float,
        stop_on_crash: bool,
    ) -> None:
        """Check and store the settings shared by both constructors."""
        _check_positive("speed", speed)
        self.aircraft: AircraftLocation = location
        self.record_every = _check_every("record_every", record_every)
        self.realtime = bool(realtime) or speed != 1.0
        self.speed = float(speed)
        self.stop_on_crash = stop_on_crash
        self.pacing_report: PacingReport | None = None
        self._pacer: Pacer | None = None  # continues across step() calls
        self.trim_result: TrimResult | None = None
        self.script_path: Path | None = None
        self._ic_file = None
        self._rest_agl_ft = 0.0  # CG height [ft] of an on-ground start on its gear
        self._script_ic: Path | None = None  # a script's <use initialize=...> file
        self._trim_mode: str | None = None
        self._reload_on_reset = False
        self._source = "run"
        self._steps = 0
        if stream_csv is not None and Path(stream_csv).is_dir():
            raise ConfigError(f"stream_csv {stream_csv}: is a folder; give a CSV file path")
        self._stream_csv = stream_csv
        self._record_spec = record
        self._fdm: jsbsim.FGFDMExec | None = None
        self._last_flush = time.perf_counter()

    def _prepare(self, guard: bool | None, aircraft_dirs: Sequence[PathLike]) -> None:
        """Guard check, log bridge, and a scratch folder for JSBSim's file output."""
        self._guard = guard
        if guard or (guard is None and not self.aircraft.is_bundled):
            self._load_check(aircraft_dirs)
        self._bridge = logbridge.install()
        self._scratch: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(
            prefix="flightsim-jsbsim-"
        )

    def _build(self, *, calm: bool = False) -> None:
        """A new FGFDMExec: load the model (or script), initial conditions, engines.

        ``calm`` leaves the wind out (for a trim in wind, see :meth:`_trim_in_wind`).
        """
        jsbsim_output, jsbsim_input = self._jsbsim_io
        fdm = jsbsim.FGFDMExec(str(jsbsim_root()))
        # JSBSim's own output files go to the current folder when asked for (by default
        # into its root, the installed package), else into a scratch folder
        if jsbsim_output:
            fdm.set_output_path(str(Path.cwd()))
        elif self._scratch is not None:
            fdm.set_output_path(self._scratch.name)
        fdm.set_aircraft_path(str(self.aircraft.aircraft_path))
        self._fdm = fdm
        if self.script_path is not None:
            self._load_script(self.script_path)
        else:
            self._load_model()
        if not jsbsim_output:
            fdm.disable_output()
        if not jsbsim_input:
            fdm.disable_input()
        fdm.set_dt(self.dt_s)
        self._props = PropertyCache(fdm)
        self._guard_getters = (
            *(self._props.node(n).get_double_value for n in GUARD_PROPERTIES),
            self._wow_getter(),
        )
        self._apply_ic(calm=calm)
        self._run_ic()
        if self.ic is not None and self.ic.on_ground:
            # on the gear rather than with the CG on the terrain (see flightsim.sim.gear)
            self._rest_agl_ft = rest_height_ft(self.fdm, self._props) or 0.0
            self._apply_ic(calm=calm)
            self._run_ic()
        self._check_above_terrain()
        if not calm:
            self._set_wind()
        self._start_engines()
        if hasattr(self, "_recorder"):  # a rebuild: point the recording at the new nodes
            self._getters = tuple(
                self._props.node(n).get_double_value for n in self._recorder.names
            )

    def _load_check(self, aircraft_dirs: Sequence[PathLike]) -> None:
        try:
            from flightsim.sim.guard import load_check
        except ImportError:  # pragma: no cover - the guard ships with the package
            LOG.warning("flightsim.sim.guard is unavailable: loading without the crash guard")
            return
        result = load_check(self.aircraft, aircraft_dirs=aircraft_dirs)
        if result.crashed or result.timed_out:
            raise JSBSimCrashError(
                f"{result.summary().rstrip('.')}. Loading it here would take this process down; "
                "run 'flightsim validate' on the aircraft to find the fault."
            )
        if not result.ok:
            errors = [str(d) for d in result.diagnostics if d.severity.name == "ERROR"]
            detail = _error_summary(errors) or result.summary().rstrip(".")
            raise SimulationError(
                f"{self.aircraft.name}: JSBSim reported errors: {detail}. Run 'flightsim "
                "validate' for details, or pass guard=False to load it anyway."
            )

    def _load_model(self) -> None:
        self._bridge.drain()
        root = jsbsim_root()
        try:  # from the aircraft's own folder, whatever its name (a main file given directly)
            loaded = self.fdm.load_model_with_paths(
                self.aircraft.name,
                str(self.aircraft.folder),
                str(root / "engine"),
                str(root / "systems"),
                False,
            )
        except jsbsim.BaseError as exc:
            self._fail_load(f"JSBSim could not load '{self.aircraft.name}': {_one_line(exc)}")
        if not loaded:
            self._fail_load(f"JSBSim refused to load '{self.aircraft.name}'")

    def _load_script(self, path: Path) -> None:
        self._bridge.drain()
        try:
            loaded = self.fdm.load_script(str(path))
        except jsbsim.BaseError as exc:
            self._fail_load(f"JSBSim could not load script {path}: {_one_line(exc)}")
        if not loaded:
            self._fail_load(f"JSBSim refused script {path}")
        self.dt_s = self.fdm.get_delta_t() or self.dt_s  # the script sets its own dt

    def _fail_load(self, message: str) -> None:
        errors = [str(m) for m in self._bridge.drain() if m.level != "warning"]
        _quarantine(self._fdm)
        detail = _error_summary(errors)
        detail = f"{detail}. " if detail else ""
        raise SimulationError(
            f"{message} ({self.aircraft.main_file}). {detail}"
            "Run 'flightsim validate' on it for a full list of problems."
        )

    def _wow_getter(self) -> Callable[[], float]:
        try:
            getter: Callable[[], float] = self._props.node("gear/wow").get_double_value
        except PropertyError:
            return float  # no gear: never "on wheels" (float() == 0.0)
        return getter

    def _apply_ic(
        self,
        *,
        calm: bool = False,
        first: Sequence[tuple[str, float]] = (),
        last: Sequence[tuple[str, float]] = (),
    ) -> None:
        """Write the IC between the writes ``first`` and ``last``; add the wind unless ``calm``."""
        if self._ic_file is not None:
            self._load_ic_file(self._ic_file.path)
        if self.ic is None:
            return
        for name, value in (*first, *self.ic.ic_properties(self._rest_agl_ft), *last):
            self._props.set(name, value)
        if not calm and self._windy and not self.ic.parked:
            # ground velocity = air velocity + wind; the atmosphere gets the wind after
            # the next initialisation (_set_wind)
            north, east = self._props.get("ic/vn-fps"), self._props.get("ic/ve-fps")
            self._props.set("ic/vn-fps", north + self.ic.wind_north_fps)
            self._props.set("ic/ve-fps", east + self.ic.wind_east_fps)

    def _load_ic_file(self, path: Path) -> None:
        """Let JSBSim read an initialization file into its IC object."""
        self._bridge.drain()
        try:
            loaded = self.fdm.load_ic(str(path), False)
        except (jsbsim.BaseError, OSError) as exc:
            loaded, reason = False, f": {exc}"
        else:
            reason = ""
        if not loaded:
            errors = [str(m) for m in self._bridge.drain() if m.level != "warning"]
            detail = _error_summary(errors)
            raise ConfigError(
                f"JSBSim could not read the initialization file{reason}"
                + (f" ({detail})" if detail else ""),
                file=path,
            )

    @property
    def _guard_steps(self) -> int:
        """Steps between two divergence checks (about GUARD_PERIOD_S of simulated time)."""
        return max(1, round(GUARD_PERIOD_S / self.dt_s))

    @property
    def _windy(self) -> bool:
        return self.ic is not None and self.ic.wind_speed_kts > 0.0

    def _run_ic(self) -> None:
        try:
            ok = self.fdm.run_ic()
        except jsbsim.BaseError as exc:
            _quarantine(self._fdm)
            raise SimulationError(
                f"JSBSim failed to initialise '{self.aircraft.name}': {_one_line(exc)}"
            ) from None
        finally:
            self.fdm.set_dt(self.dt_s)  # a failed run_ic can leave dt at 0
        if not ok:
            raise SimulationError(
                f"JSBSim refused the initial conditions of '{self.aircraft.name}'"
            )

    def _check_above_terrain(self) -> None:
        """An airborne start below the terrain is refused (the terrain is known after run_ic)."""
        if self.ic is None or self.ic.on_ground or self._props.get("position/h-agl-ft") >= 0.0:
            return
        elevation = self._props.get("position/terrain-elevation-asl-ft")
        altitude = self._props.get("position/h-sl-ft")
        lat = self._props.get("position/lat-geod-deg")
        lon = self._props.get("position/long-gc-deg")
        raise ConfigError(
            f"altitude {altitude:.0f} ft MSL is below the terrain (elevation {elevation:.0f} ft) "
            f"at latitude {lat:.4f} deg, longitude {lon:.4f} deg; give an altitude above "
            "the terrain, or start on the ground"
        )

    def _start_engines(self) -> None:
        if self.ic is not None and self.ic.start_engines():
            self.fdm.get_propulsion().init_running(-1)

    def _new_recorder(self) -> None:
        engines = self.fdm.get_propulsion().get_num_engines()
        names, skipped = resolve_record(self._record_spec, self._known, engines)
        for name in names:
            self._props.node(name)  # unknown -> PropertyError with suggestions
        if skipped:
            LOG.debug("%s lacks %s: not recorded", self.aircraft.name, ", ".join(skipped))
        meta: dict[str, MetaValue] = {
            "aircraft": self.aircraft.name,
            "dt_s": self.dt_s,
            "source": self._source,
            "record_every": self.record_every,
        }
        if self.script_path is not None:
            meta["script"] = str(self.script_path)
        if self._ic_file is not None:
            meta["ic/file"] = str(self._ic_file.path)
        if self.ic is not None:
            meta.update({f"ic/{k}": v for k, v in self.ic.describe().items()})
        if self.trim_result is not None:
            meta.update(self.trim_result.meta())
        old = getattr(self, "_recorder", None)
        if old is not None:
            old.close()
        self._recorder = Recorder(names, self.dt_s, stream_csv=self._stream_csv, meta=meta)
        self._getters = tuple(self._props.node(n).get_double_value for n in names)
        crash = self.stop_on_crash
        self._loop = make_step_loop(self.record_every, self._guard_steps, check_ground=crash)
        self._plain_loop = make_step_loop(1, 1, check_ground=crash)
        self._sink_prev = 0.0

    def _known(self, name: str) -> bool:
        try:
            self._props.node(name)
        except PropertyError:
            return False
        return True

    # -- scripts ------------------------------------------------------------------
    @classmethod
    def from_script(
        cls,
        script: PathLike,
        *,
        aircraft_dirs: Sequence[PathLike] = (),
        record: str | Sequence[str] | None = "state,flight",
        record_every: int = 1,
        stream_csv: PathLike | None = None,
        realtime: bool = False,
        speed: float = 1.0,
        guard: bool | None = None,
        jsbsim_output: bool = False,
        jsbsim_input: bool = False,
        stop_on_crash: bool = False,
    ) -> Simulation:
        """Load a JSBSim XML script (a path, or the name of a bundled script).

        The script's aircraft is loaded as JSBSim does (from ``aircraft_dirs``
        first when given), with the script's own ``dt``. Its ``<output>``
        directives are off unless ``jsbsim_output``. Run it with
        :meth:`run_script`. Ground contact does not stop a script by default
        (scripts end themselves); NaN/inf still does. As in the plain jsbsim
        loop, a ``<trim>`` in the script's initialization file is not carried
        out (only the JSBSim executable does): call :meth:`trim` for one.
        """
        path = find_script(script)
        header = read_script_header(path)
        location = find_aircraft(header.aircraft, aircraft_dirs)
        script_ic = None
        if header.initialize is not None:  # JSBSim fails on a missing one with a cryptic message
            try:
                script_ic = find_ic_file(header.initialize, location.folder, folder_only=True)
            except NotFoundError as exc:
                raise NotFoundError(f"<use initialize=...>: {exc}", file=path) from None
            check_ic_root(script_ic)  # no more: the script runs as in plain jsbsim
        self = cls.__new__(cls)
        self._setup(location, record, record_every, stream_csv, realtime, speed, stop_on_crash)
        self._script_ic = script_ic
        self.ic = None
        self.crash_sink_fps = DEFAULT_CRASH_SINK_FPS
        self._source = "script"
        self.script_path = path
        self.dt_s = header.dt_s
        self._jsbsim_io = (jsbsim_output, jsbsim_input)
        self._prepare(guard, aircraft_dirs)
        self._build()
        self._new_recorder()
        return self

    def run_script(
        self,
        progress: Callable[[float, float], None] | None = None,
        max_duration_s: float | None = None,
    ) -> Recording:
        """Run the loaded script to its end (or ``max_duration_s`` [s]); return the recording.

        Steps exactly like ``while fdm.run(): pass`` after ``run_ic``, so the
        final state is bit-for-bit that of the plain jsbsim loop.
        """
        if self.script_path is None:
            raise SimulationError("run_script needs a Simulation made with Simulation.from_script")
        n = None
        total_s = read_script_header(self.script_path).end_s - self.time_s
        if max_duration_s is not None:
            _check_positive("max_duration_s", max_duration_s)
            n = round(max_duration_s / self.dt_s)
            total_s = min(total_s, max_duration_s)
        self._pacer = None
        self._run_generic(n, None, 1, progress, total_s, stop_at_end=True)
        return self.recording

    # -- properties -----------------------------------------------------------------
    @property
    def fdm(self) -> jsbsim.FGFDMExec:
        """The underlying ``jsbsim.FGFDMExec`` (for what this class does not wrap)."""
        if self._fdm is None:
            raise SimulationError("this Simulation is closed")
        return self._fdm

    @property
    def steps(self) -> int:
        """Steps taken since the initial conditions."""
        return self._steps

    @property
    def time_s(self) -> float:
        """Simulation time [s] = steps x dt_s."""
        return self._steps * self.dt_s

    @property
    def recording(self) -> Recording:
        """Everything recorded so far."""
        return self._recorder.recording()

    @property
    def recorded_names(self) -> list[str]:
        """The recorded properties, in column order."""
        return list(self._recorder.names)

    def __getitem__(self, name: str) -> float:
        return self._props.get(name)

    def __setitem__(self, name: str, value: float) -> None:
        self._props.set(name, value)

    def set(self, name: str, value: float, *, create: bool = False) -> None:
        """Write a property; ``create=True`` makes it when it does not exist."""
        self._props.set(name, value, create=create)

    def properties(self, prefix: str = "") -> list[PropertyInfo]:
        """Every property whose path starts with ``prefix``, with unit and value."""
        return self._props.infos(prefix)

    def annotate(self, facts: Mapping[str, MetaValue]) -> None:
        """Add facts to the recording's metadata (and to the streamed CSV's sidecar)."""
        self._recorder.meta.update(facts)
        self._recorder.write_meta()

    # -- trim -----------------------------------------------------------------------
    def trim(self, mode: str = "full") -> TrimResult:
        """Trim for steady flight (``full``, ``longitudinal``, ``ground`` or ``glide``).

        Raises :class:`~flightsim.errors.TrimError` with JSBSim's reason and a
        hint; the simulation is then back at its initial conditions, untrimmed,
        with an empty recording. The trimmed values go into the recording metadata as
        ``trim/<property>``. With a wind in the initial conditions the model is
        loaded again and trimmed in still air at the same airspeed, then put in
        the wind: property values set before such a trim are lost.
        """
        if mode not in MODES:
            raise ConfigError(f"unknown trim mode '{mode}': choose one of {', '.join(MODES)}")
        # the glide solve, and a trim in wind, write the IC: reset then reloads
        self._reload_on_reset = self._reload_on_reset or mode == "glide" or self._windy
        if mode == "ground" and self._guard is not False:
            ic_file = self._ic_file.path if self._ic_file is not None else self._script_ic
            check_ground_trim(self.aircraft, self.ic, ic_file, self.dt_s)
        try:
            if self._windy:
                result = self._trim_in_wind(mode)
            else:
                result = run_trim(self.fdm, self._props, self._bridge, mode, self.dt_s)
        except TrimError as exc:
            self._untrimmed()
            if self.aircraft.is_bundled:
                raise
            raise TrimError(
                f"{exc} A model of your own may have a fault JSBSim accepts silently: "
                f"check it with 'flightsim validate {shlex.quote(str(self.aircraft.main_file))}'."
            ) from None
        self._trim_mode = mode
        self.trim_result = result
        self._recorder.meta.update(result.meta())
        self._recorder.write_meta()
        return result

    def linearize(
        self,
        states: Sequence[str] | None = None,
        inputs: Sequence[str] | None = None,
        outputs: Sequence[str] | None = None,
    ) -> Any:
        """The linear model (a ``flightsim.analysis.LinearModel``) at the trimmed point,
        this simulation left untouched: :func:`flightsim.analysis.linear.linearize`."""
        from flightsim.analysis.linear import linearize

        return linearize(self, states, inputs, outputs)

    def _untrimmed(self) -> None:
        """After a failed trim: back to the initial conditions, untrimmed, recording cleared.

        A trim that fails leaves JSBSim's IC holding its last guesses (a glide
        solve that blew up leaves a state that turns NaN at the next step).
        """
        self._build()
        self._steps = 0
        self._trim_mode = None
        self.trim_result = None
        self._new_recorder()

    def _trim_in_wind(self, mode: str) -> TrimResult:
        """Trim in still air at the same airspeed, then put the wind back.

        Property values set before this trim (flaps, for instance) are lost:
        set them after trimming. A steady uniform wind does not change the
        trim relative to the air,
        and JSBSim's trim re-initialises the atmosphere's wind from the IC
        object (see :meth:`_apply_ic`). So the model is loaded again without
        wind and trimmed; the trimmed attitude is then written into the IC and
        the aircraft re-initialised in the wind.
        """
        # JSBSim's IC object keeps any wind implicitly (airspeed minus ground velocity)
        # and its setters turn the air or the ground velocity to keep it: start afresh
        self._build(calm=True)
        result = run_trim(self.fdm, self._props, self._bridge, mode, self.dt_s)
        props = self._props
        attitude = [("ic/phi-deg", props.get("attitude/phi-deg"))]
        on_gear = []  # after the IC's flight-path angle, which would turn theta again
        if mode == "ground":  # on the gear: its height and pitch, whatever the air does
            on_gear.append(("ic/h-agl-ft", props.get("position/h-agl-ft")))
            on_gear.append(("ic/theta-deg", props.get("attitude/theta-deg")))
        else:
            attitude.append(("ic/alpha-deg", props.get("aero/alpha-deg")))
            attitude.append(("ic/beta-deg", props.get("aero/beta-deg")))
        self._apply_ic(first=attitude, last=on_gear)
        self._run_ic()
        self._set_wind()
        return result

    def _set_wind(self) -> None:
        """Give the atmosphere the wind of the initial conditions (air velocity, NED)."""
        if self.ic is None or not self._windy:
            return
        self._props.set("atmosphere/wind-north-fps", self.ic.wind_north_fps)
        self._props.set("atmosphere/wind-east-fps", self.ic.wind_east_fps)
        self._props.set("atmosphere/wind-down-fps", 0.0)
        # recompute airspeeds with the new wind without advancing time (as run_ic does)
        self.fdm.suspend_integration()
        try:
            self.fdm.run()
        finally:
            self.fdm.resume_integration()
            self.fdm.set_dt(self.dt_s)

    # -- stepping ---------------------------------------------------------------------
    def step(self, n: int = 1) -> None:
        """Advance ``n`` steps (recording and guarding as in :meth:`run`).

        When paced, successive calls share one schedule of absolute deadlines,
        so a loop of ``step()`` calls keeps real time without drift.
        """
        self._advance(_check_steps(n))

    def run(
        self,
        duration_s: float,
        controls: Controls = None,
        progress: Callable[[float, float], None] | None = None,
        *,
        control_every: int = 1,
    ) -> Recording:
        """Fly ``duration_s`` [s] (rounded to whole steps) and return the recording so far.

        The last row holds the final state, also when the run ends between two
        rows of the ``record_every`` grid.

        ``controls``: a dict written once at the start, a
        :class:`ControlTable`, or a callable ``(t_s, sim) -> {property: value}``
        called every ``control_every`` steps. ``progress(done_s, total_s)`` is
        called about five times per wall second.
        """
        _check_positive("duration_s", duration_s, allow_zero=True)
        n = round(duration_s / self.dt_s)
        self._pacer = None  # each paced run keeps its own schedule and report
        control_every = _check_every("control_every", control_every)
        if controls is None or isinstance(controls, Mapping):
            self._write_controls(controls or {})
            self._advance(n, progress)
        elif isinstance(controls, ControlTable):
            self._run_table(n, controls, progress)
        elif callable(controls):
            hook = self._callable_hook(controls)
            if control_every == 1 or self.realtime:
                self._run_generic(n, hook, control_every, progress, None)
            else:
                self._run_segments(n, hook, control_every, progress)
        else:
            raise ConfigError(
                "controls must be a dict, a ControlTable or a callable (t_s, sim) -> dict"
            )
        self._record_final_row()
        self._recorder.flush()
        return self.recording

    def _write_controls(self, values: Mapping[str, float]) -> None:
        for name, value in values.items():
            self._props.set(name, value)

    def _run_segments(
        self,
        n: int,
        hook: Callable[[int], None],
        every: int,
        progress: Callable[[float, float], None] | None,
    ) -> None:
        """Call ``hook`` then run ``every`` steps on the fast path, until ``n`` steps.

        When segments are whole blocks of the compiled loop, it is called
        directly (a few Python operations per segment instead of a whole
        :meth:`_advance`).
        """
        end = self._steps + n
        start_s, total_s = self.time_s, n * self.dt_s
        last_report = time.perf_counter()
        loop = self._loop
        if every % loop.block_steps == 0 and self._steps % loop.block_steps == 0:
            self._record_initial_row()
            blocks = every // loop.block_steps
            record_every = self.record_every
            run, recorder = self.fdm.run, self._recorder
            getters, guards, sink_fps = self._getters, self._guard_getters, self.crash_sink_fps
            rows_per_call = blocks * loop.rows_per_block
            while end - self._steps >= every:
                hook(self._steps)
                if getters:
                    recorder.room(rows_per_call)
                steps, rows, self._sink_prev, tripped = loop.run_blocks(
                    blocks,
                    run,
                    recorder.chunk,
                    recorder.offset,
                    getters,
                    guards,
                    sink_fps,
                    self._sink_prev,
                )
                if rows and getters:
                    recorder.add_steps(self._steps + record_every, rows, record_every)
                self._steps += steps
                if tripped:
                    self._record_row()
                    self._diverged()
                if self._maybe_flush() and progress is not None:
                    progress(self.time_s - start_s, total_s)
        while self._steps < end:
            hook(self._steps)
            self._advance(min(every, end - self._steps))
            if progress is not None and time.perf_counter() - last_report >= FLUSH_INTERVAL_S:
                last_report = time.perf_counter()
                progress(self.time_s - start_s, total_s)
        if progress is not None:
            progress(self.time_s - start_s, total_s)

    def _callable_hook(self, function: ControlCallable) -> Callable[[int], None]:
        setters: dict[str, Callable[[float], bool]] = {}
        props = self._props
        dt = self.dt_s

        def hook(step: int) -> None:
            values = function(step * dt, self)
            if not values:
                return
            if not isinstance(values, Mapping):
                raise ConfigError(
                    f"the controls callable returned {type(values).__name__} at "
                    f"t = {step * dt:.3f} s: return a dict {{property: value}} (or None)"
                )
            for name, value in values.items():
                setter = setters.get(name)
                if setter is None:
                    setter = setters[name] = props.node(name).set_double_value
                if not is_finite_number(value):
                    raise ConfigError(
                        f"the controls gave {name} = {value!r} at t = {step * dt:.3f} s: "
                        "a control value must be a finite number"
                    )
                if not setter(value):
                    raise PropertyError(
                        f"the controls write {name} at t = {step * dt:.3f} s, a read-only property"
                    )

        return hook

    def _run_table(
        self, n: int, table: ControlTable, progress: Callable[[float, float], None] | None
    ) -> None:
        for name in table.names:
            self._props.node(name)  # fail early on an unknown name
        if table.interpolation == "linear":

            def hook(step: int) -> None:
                self._write_controls(table.at(step * self.dt_s))

            self._run_generic(n, hook, 1, progress, None)
            return
        end = self._steps + n
        breaks = sorted({s for s in table.breakpoint_steps(self.dt_s) if self._steps < s < end})
        self._write_controls(table.at(self.time_s))
        for target in [*breaks, end]:
            self._advance(target - self._steps, progress)
            self._write_controls(table.at(self.time_s))

    # -- the fast path ------------------------------------------------------------------
    def _advance(self, n: int, progress: Callable[[float, float], None] | None = None) -> None:
        """Run ``n`` steps with the compiled loop (or the paced loop)."""
        if self.realtime:
            self._run_generic(n, None, 1, progress, None)
            return
        fdm = self.fdm
        recorder = self._recorder
        every = self.record_every
        self._record_initial_row()
        end = self._steps + n
        total_s = n * self.dt_s
        start_s = self.time_s
        # steps up to the next row boundary
        head = min((-self._steps) % every, n)
        self._plain(head)
        self._record_row()
        loop = self._loop
        block_steps = loop.block_steps
        run = fdm.run
        rows_per_block = loop.rows_per_block
        blocks_per_call = max(1, round(0.05 / self.dt_s / block_steps))
        while end - self._steps >= block_steps:
            blocks = min(blocks_per_call, (end - self._steps) // block_steps)
            if self._getters:
                blocks = min(blocks, recorder.room(rows_per_block) // rows_per_block)
            t0 = time.perf_counter()
            steps, rows, self._sink_prev, tripped = loop.run_blocks(
                blocks,
                run,
                recorder.chunk,
                recorder.offset,
                self._getters,
                self._guard_getters,
                self.crash_sink_fps,
                self._sink_prev,
            )
            if self._getters:
                recorder.add_steps(self._steps + every, rows, every)
            self._steps += steps
            if tripped:
                self._record_row()  # a row completed just before the check that tripped
                self._diverged()
            elapsed = time.perf_counter() - t0
            if elapsed > 0:
                blocks_per_call = max(1, int(blocks * _BATCH_WALL_S / elapsed))
            if self._maybe_flush() and progress is not None:
                progress(self.time_s - start_s, total_s)
        while self._steps < end:
            step_count = min(every - self._steps % every, end - self._steps)
            self._plain(step_count)
            self._record_row()
        self._maybe_flush()
        if progress is not None:
            progress(self.time_s - start_s, total_s)

    def _maybe_flush(self) -> bool:
        """Flush the CSV stream when the last flush is FLUSH_INTERVAL_S of wall time old."""
        now = time.perf_counter()
        if now - self._last_flush < FLUSH_INTERVAL_S:
            return False
        self._last_flush = now
        self._recorder.flush()
        return True

    def _plain(self, n: int) -> None:
        """``n`` single steps with a guard check after each."""
        if n <= 0:
            return
        steps, _, self._sink_prev, tripped = self._plain_loop.run_blocks(
            n, self.fdm.run, None, 0, (), self._guard_getters, self.crash_sink_fps, self._sink_prev
        )
        self._steps += steps
        if tripped:
            self._diverged()

    def _record_final_row(self) -> None:
        """Record the state at the end of a run that stopped between two recording rows."""
        if self._getters and self._recorder.last_step != self._steps:
            self._recorder.append_row(self._getters)
            self._recorder.add_steps(self._steps, 1, self.record_every)

    def _record_initial_row(self) -> None:
        if self._recorder.last_step is None:
            self._record_row()

    def _record_row(self) -> None:
        """Record the current state when the step count is on the recording grid."""
        on_grid = self._steps % self.record_every == 0
        if on_grid and self._getters and self._recorder.last_step != self._steps:
            self._recorder.append_row(self._getters)
            self._recorder.add_steps(self._steps, 1, self.record_every)

    # -- the general path: hooks, pacing, scripts ---------------------------------------------
    def _run_generic(
        self,
        n: int | None,
        hook: Callable[[int], None] | None,
        hook_every: int,
        progress: Callable[[float, float], None] | None,
        total_s: float | None,
        *,
        stop_at_end: bool = False,
    ) -> None:
        """Step one at a time: call ``hook`` every ``hook_every`` steps, pace, record, guard."""
        run = self.fdm.run
        every = self.record_every
        guard_every = self._guard_steps
        if self.realtime and self._pacer is None:
            self._pacer = Pacer(self.dt_s, self.speed)
        pacer = self._pacer if self.realtime else None
        self._record_initial_row()
        start = self._steps
        total = total_s if total_s is not None else (n or 0) * self.dt_s
        try:
            while n is None or self._steps - start < n:
                k = self._steps
                if hook is not None and (k - start) % hook_every == 0:
                    hook(k)
                running = run()
                self._steps = k = k + 1
                if k % every == 0:
                    self._record_row()
                if k % guard_every == 0:
                    self._check_guard()
                if pacer is not None:
                    pacer.tick()
                if self._maybe_flush() and progress is not None:
                    progress((k - start) * self.dt_s, total)
                if stop_at_end and not running:
                    break
            self._check_guard()
        finally:
            self._recorder.flush()
            if pacer is not None:
                self.pacing_report = pacer.report()
        if progress is not None:
            progress((self._steps - start) * self.dt_s, total)

    # -- divergence guard ------------------------------------------------------------------
    def _check_guard(self) -> None:
        tripped, self._sink_prev = guard_trips(
            self._guard_getters, self.crash_sink_fps, self._sink_prev, self.stop_on_crash
        )
        if tripped:
            self._diverged()

    def _diverged(self) -> None:
        """Raise DivergenceError naming what went wrong; flush the data first."""
        self._recorder.flush()
        rec = self.recording
        error = divergence_error(self._props, rec, self.time_s, self._steps)
        if error is None:
            on_wheels = bool(self._guard_getters[3]())
            error = crash_error(
                self._props, rec, self.time_s, self._sink_prev, self.crash_sink_fps, on_wheels
            )
        raise error

    # -- reset and close ---------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the initial conditions: engines restarted, last trim redone, recording cleared.

        Uses ``reset_to_initial_conditions`` (about 30x faster than reloading);
        the state afterwards is bit-identical to that of a fresh Simulation.
        After a glide trim, a trim in wind, and for scripts, the model is
        loaded again instead. A streamed CSV starts over.
        """
        if self.script_path is not None or self._reload_on_reset:
            # a script's events, or the IC written by the glide solve, are not undone by
            # JSBSim's reset: load afresh (a few ms)
            self._build()
        else:
            # the IC object still holds the initial conditions (trims leave it alone):
            # writing them again would change the last bits of the state
            try:
                self.fdm.reset_to_initial_conditions(0)
            finally:
                self.fdm.set_dt(self.dt_s)
            self._set_wind()
            self._start_engines()
        self._steps = 0
        if self._trim_mode is not None:
            self.trim(self._trim_mode)
        self.pacing_report = None
        self._pacer = None
        self._new_recorder()

    def close(self) -> None:
        """Flush the recording and release JSBSim (idempotent).

        JSBSim is released even when the last write fails (a full disk, a
        closed pipe); that error is then raised.
        """
        recorder = getattr(self, "_recorder", None)
        try:
            if recorder is not None:
                recorder.close()
        finally:
            self._fdm = None
            scratch = getattr(self, "_scratch", None)
            if scratch is not None:
                scratch.cleanup()
                self._scratch = None

    def __enter__(self) -> Simulation:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        recorder = getattr(self, "_recorder", None)
        if recorder is None:
            return
        try:
            recorder.close()
        except OSError as exc:  # e.g. a reader of a piped stream went away: nothing to tell
            LOG.debug("closing the recording stream failed: %s", exc)

    def __repr__(self) -> str:
        return f"Simulation({self.aircraft.name!r}, t={self.time_s:.3f} s, dt_s={self.dt_s:g})"


# -- helpers -----------------------------------------------------------------------------------
def _check_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        raise ConfigError(f"{name} must be a finite number > 0, got {value!r}")


_GENERIC_ERRORS = ("No filename given",)
"""JSBSim messages that say less than the ones logged with them (which name the file)."""


def _one_line(exc: BaseException) -> str:
    """An exception's text with its line breaks and runs of spaces folded."""
    return " ".join(str(exc).split())


def _error_summary(errors: Sequence[str], most: int = 3) -> str:
    """JSBSim's error texts on one line: whitespace joined, generic ones dropped when
    others say more, duplicates removed, at most ``most`` of them."""
    lines = list(dict.fromkeys(" ".join(e.split()).rstrip(".") for e in errors))
    specific = [e for e in lines if not any(g in e for g in _GENERIC_ERRORS)]
    return "; ".join((specific or lines)[:most])


def _check_dt(dt_s: float) -> None:
    _check_positive("dt_s", dt_s)
    if dt_s > MAX_DT_S:
        raise ConfigError(
            f"dt_s {dt_s:g} s is too large: at most {MAX_DT_S:g} s; JSBSim's integrators need "
            "small steps (its default is 1/120 s)"
        )


def _check_steps(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ConfigError(f"a step count must be a whole number >= 0, got {n!r}")
    return n


def _check_every(name: str, n: int) -> int:
    """A whole number of steps >= 1 (``record_every``, ``control_every``)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ConfigError(f"{name} must be a whole number of steps >= 1, got {n!r}")
    return n
