"""The fixed-rate JSBSim runner: :class:`Simulation`, a façade over its parts.

One :class:`Simulation` owns one ``jsbsim.FGFDMExec``. It is made of:

- :class:`~flightsim.sim.options.SimOptions`: the settings, checked once and
  shared by both constructors;
- :class:`~flightsim.sim.model.ModelBuilder`: load the aircraft (or a script),
  initial conditions, wind, engines, trim (in still air when windy);
- :class:`~flightsim.sim.stepping.Stepper`: every way of stepping (plain,
  paced, with a controls hook, a script to its end), with the crash check
  after every step;
- :class:`~flightsim.sim.recorder.Recorder`: the rows recorded, optionally
  streamed to CSV;
- :mod:`flightsim.sim.controls`: the controls adapter.

Steps are counted in integers (time is ``steps * dt_s``, never a float sum).

Example::

    from flightsim import InitialConditions, Simulation

    with Simulation("c172p", InitialConditions(altitude_ft=4000, kcas=100)) as sim:
        sim.trim()
        rec = sim.run(10.0, controls={"fcs/aileron-cmd-norm": 0.05})
        print(rec["attitude/phi-deg"][-1])
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import jsbsim
import numpy as np

from flightsim.errors import ConfigError, NotFoundError, PropertyError, SimulationError, TrimError
from flightsim.logs import logger
from flightsim.paths import (
    AircraftLocation,
    Folders,
    PathLike,
    find_aircraft,
    find_script,
    find_script_aircraft,
    folder_list,
)
from flightsim.recording import RESETS_KEY, MetaValue, Recording, reset_rows
from flightsim.sim.controls import (
    ControlTable,
    callable_hook,
    table_hook,
)
from flightsim.sim.divergence import crash_error, divergence_error, impact_summary
from flightsim.sim.file_checks import (
    check_ic_file,
    check_ic_load,
    check_script,
    needs_load_check,
)
from flightsim.sim.ic_files import check_ic_root, find_ic_file, read_ic_file
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.limits import PASSABLE, refuse_out_of_range, write_within
from flightsim.sim.model import GROUND_TRIM_ADVICE, ModelBuilder, ScriptSource, one_line, preflight
from flightsim.sim.options import (
    DEFAULT_CRASH_SINK_FPS,
    DEFAULT_DT_S,
    MAX_DT_S,
    SimOptions,
    check_every,
    check_flag,
    check_guard,
    check_positive,
    check_steps,
)
from flightsim.sim.output_functions import refuse_stale
from flightsim.sim.pacing import Pacer, PacingReport
from flightsim.sim.property_nodes import PropertyInfo
from flightsim.sim.recorder import RECORD_PRESETS, Recorder, resolve_record
from flightsim.sim.script_files import read_script_header, script_line
from flightsim.sim.stepping import DIVERGED, Stepper
from flightsim.sim.trim import (
    GLIDE_ADVICE,
    MODES,
    THROTTLE_ADVICE,
    FullThrottle,
    MostLift,
    TrimResult,
    full_throttle,
    lift_failed,
    most_lift,
)

__all__ = ["MAX_DT_S", "RECORD_PRESETS", "ControlTable", "Controls", "Simulation"]

LOG = logger("flightsim.sim.simulation")

TIME_PROPERTY = "simulation/sim-time-sec"
"""JSBSim's clock [s], recorded as the time column (it goes back to 0 when a script
resets the simulation)."""

ControlCallable = Callable[[float, "Simulation"], Mapping[str, float] | None]
Controls = Mapping[str, float] | ControlTable | ControlCallable | None
"""What ``Simulation.run(controls=...)`` accepts."""


class Simulation:
    """One aircraft in one JSBSim instance, stepped at a fixed ``dt_s``.

    Arguments:
        aircraft: a name (``"c172p"``), an aircraft folder or its main XML file.
        ic: typed initial conditions, or a JSBSim initialization file (a path,
            or a name in the aircraft's folder such as ``"reset01"``) that
            JSBSim reads itself, honouring its ``<running>`` and ``<trim>``;
            None keeps JSBSim's defaults (the aircraft then falls from 0 ft).
        dt_s: integration step [s] (default 1/120, at most :data:`MAX_DT_S`).
        aircraft_dirs: extra folders holding ``<name>/<name>.xml`` (one folder, or a list).
        record: a preset name (see :data:`RECORD_PRESETS`), a comma-separated
            string or list of presets and properties, or None.
        record_every: record one row every this many steps.
        stream_csv: write rows to this CSV while running (flushed at least
            every second of wall time) with a ``.meta.json`` sidecar. Nothing
            is written before the first step: a start that fails (a failed
            trim) leaves an existing file untouched.
        realtime: pace steps to the wall clock; ``speed`` is the factor
            (``speed=2.0`` alone also paces, at twice real time).
        guard: run the preflight check, :func:`flightsim.sim.preflight.load_check`
            (a child process), before loading: None does it for aircraft not
            bundled with jsbsim. Unless False, the first ground trim of an
            aircraft and initial conditions is also tried in a child process
            first (:mod:`flightsim.sim.ground_trim_trial`: JSBSim's ground
            trim segfaults on some aircraft), and an initialization file (or a
            script, with the initialization file it names) is checked by the
            validator before JSBSim reads it (:mod:`flightsim.sim.file_checks`:
            JSBSim aborts the process on an unknown unit, for instance); a file
            with an error is refused with the validator's ``file:line``
            message; an initialization file that does not ship with jsbsim
            (any, with True) is first read by JSBSim in a child process
            (:func:`~flightsim.sim.file_checks.check_ic_load`). False skips
            every check. Anything but True, False or None
            is a :class:`~flightsim.errors.ConfigError`.
        jsbsim_output / jsbsim_input: keep the aircraft's own ``<output>``
            directives (their files written into the current folder) and input
            sockets (both off by default).
        stop_on_crash: stop with :class:`~flightsim.errors.DivergenceError`
            on the step the aircraft touches down faster than ``crash_sink_fps``
            [ft/s], or its CG goes below the terrain while no wheel carries
            it; when False each such impact is logged as a warning and noted
            in the recording's metadata (``impacts``, ``impact/<n>``). NaN/inf
            in the state always stops.
    """

    def __init__(
        self,
        aircraft: PathLike | AircraftLocation | ScriptSource = "c172p",
        ic: InitialConditions | PathLike | None = None,
        *,
        dt_s: float = DEFAULT_DT_S,
        aircraft_dirs: Folders = (),
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
        options = SimOptions(
            dt_s=dt_s,
            aircraft_dirs=tuple(folder_list(aircraft_dirs)),
            record=record,
            record_every=record_every,
            stream_csv=stream_csv,
            realtime=realtime,
            speed=speed,
            guard=guard,
            jsbsim_output=jsbsim_output,
            jsbsim_input=jsbsim_input,
            stop_on_crash=stop_on_crash,
            crash_sink_fps=crash_sink_fps,
        )
        script = None
        if isinstance(aircraft, ScriptSource):
            script, location = aircraft, aircraft.aircraft
        elif isinstance(aircraft, AircraftLocation):
            location = aircraft
        else:
            location = find_aircraft(aircraft, options.aircraft_dirs)
        if ic is None or isinstance(ic, InitialConditions):
            typed, ic_file = ic, None
        else:
            typed, ic_file = None, read_ic_file(find_ic_file(ic, location.folder))
            if options.guard is not False:
                check_ic_file(ic_file.path)
        self.options = options
        self.aircraft: AircraftLocation = location
        self.ic: InitialConditions | None = typed
        self.script_path: Path | None = script.path if script is not None else None
        self.record_every = options.record_every
        self.realtime = options.paced
        self.speed = options.speed
        self.stop_on_crash = options.stop_on_crash
        self.crash_sink_fps = options.crash_sink_fps
        self.trim_result: TrimResult | None = None
        self.pacing_report: PacingReport | None = None
        self._pacer: Pacer | None = None  # continues across step() calls
        self._trim_mode: str | None = None
        self._reload_on_reset = False
        self._history: Recording | None = None
        if options.guard or (options.guard is None and not location.is_bundled):
            preflight(location, options.aircraft_dirs)
        ic_path = ic_file.path if ic_file is not None else None
        if script is not None:
            ic_path = script.initialize
        if ic_path is not None and needs_load_check(ic_path, options.guard):
            check_ic_load(location, ic_path)
        self._model = ModelBuilder(
            location,
            dt_s=options.dt_s,
            ic=typed,
            ic_file=ic_file,
            script=script,
            jsbsim_output=options.jsbsim_output,
            jsbsim_input=options.jsbsim_input,
        )
        self._model.build()
        self._impacts = 0
        self._clock_before: float | None = None  # JSBSim's clock at the last row of a run
        self._recorder = self._new_recorder()
        self._stepper = self._bind(0)
        if ic_file is not None and ic_file.trim_mode is not None:
            self.trim(ic_file.trim_mode)

    @classmethod
    def from_script(
        cls,
        script: PathLike,
        *,
        aircraft_dirs: Folders = (),
        stop_on_crash: bool = False,
        **settings: Any,
    ) -> Simulation:
        """Load a JSBSim XML script (a path, or the name of a bundled script).

        ``settings`` are the keyword arguments of :class:`Simulation` (``record``,
        ``record_every``, ``stream_csv``, ``realtime``, ``speed``, ``guard``,
        ``jsbsim_output``, ``jsbsim_input``, ``crash_sink_fps``); the script
        sets its own ``dt``. The script's aircraft is loaded as JSBSim does
        (from ``aircraft_dirs`` first when given). Its ``<output>`` directives
        are off unless ``jsbsim_output``. Run it with :meth:`run_script`.
        Ground impacts do not stop a script by default (scripts end
        themselves, as in plain JSBSim): each is logged as a warning and noted
        in the recording's metadata; NaN/inf still stops. As in the plain
        jsbsim loop, a ``<trim>`` in the script's initialization file is not
        carried out (only the JSBSim executable does): call :meth:`trim`.
        """
        aircraft_dirs = folder_list(aircraft_dirs)  # an iterator too: used twice
        path = find_script(script)
        header = read_script_header(path)
        try:
            location = find_script_aircraft(header.aircraft, aircraft_dirs)
        except NotFoundError as exc:
            raise NotFoundError(
                f"<use aircraft=...>: {exc}", file=path, line=header.use_line
            ) from None
        script_ic = None
        if header.initialize is not None:  # JSBSim fails on a missing one with a cryptic message
            try:
                script_ic = find_ic_file(header.initialize, location.folder, folder_only=True)
            except NotFoundError as exc:
                raise NotFoundError(
                    f"<use initialize=...>: {exc}", file=path, line=header.use_line
                ) from None
            check_ic_root(script_ic)  # no more: the script runs as in plain jsbsim
        check_guard(settings.get("guard"))
        if settings.get("guard") is not False:
            check_script(path, aircraft_dirs)  # its initialization file too
        source = ScriptSource(path, location, script_ic)
        return cls(
            source, None, aircraft_dirs=aircraft_dirs, stop_on_crash=stop_on_crash, **settings
        )

    # -- parts --------------------------------------------------------------------------------
    def _new_recorder(self) -> Recorder:
        """A new, empty recorder for the current model and settings."""
        props = self._model.props
        engines = self.engine_count
        names, skipped = resolve_record(self.options.record, self._known, engines)
        for name in names:
            props.node(name)  # unknown -> PropertyError with suggestions
        refuse_stale(self.aircraft.main_file, names)
        if skipped:
            LOG.debug("%s lacks %s: not recorded", self.aircraft.name, ", ".join(skipped))
        meta: dict[str, MetaValue] = {
            "aircraft": self.aircraft.name,
            "aircraft/file": str(self.aircraft.main_file),
            "dt_s": self.dt_s,
            "source": "script" if self.script_path is not None else "run",
            "record_every": self.record_every,
        }
        if self.script_path is not None:
            meta["script"] = str(self.script_path)
        if self._model.ic_file is not None:
            meta["ic/file"] = str(self._model.ic_file.path)
        if self.ic is not None:
            meta.update({f"ic/{k}": v for k, v in self.ic.describe().items()})
        if self.trim_result is not None:
            meta.update(self.trim_result.meta())
        return Recorder(names, self.dt_s, stream_csv=self.options.stream_csv, meta=meta, clock=True)

    def _restart_recording(self) -> None:
        """Close the recording, start an empty one at step 0 (after a reset or failed trim)."""
        self._recorder.close()
        self._recorder = self._new_recorder()
        self._history = None
        self._impacts = 0
        self._clock_before = None
        self._bind(0)

    def _bind(self, steps: int) -> Stepper:
        """A stepper on the current FDM (after a build) and recorder, at ``steps``."""
        props = self._model.props
        names = self._recorder.names
        clock = (TIME_PROPERTY,) if self._recorder.clock else ()
        self._stepper = Stepper(
            self.fdm.run,
            self._recorder,
            tuple(props.node(n).get_double_value for n in (*clock, *names)),
            self._model.crash_checks(),
            dt_s=self.dt_s,
            record_every=self.record_every,
            sink_limit_fps=self.crash_sink_fps,
            on_trip=self._tripped,
            steps=steps,
        )
        return self._stepper

    def _known(self, name: str) -> bool:
        try:
            self._model.props.node(name)
        except PropertyError:
            return False
        return True

    # -- state ----------------------------------------------------------------------------------
    @property
    def fdm(self) -> jsbsim.FGFDMExec:
        """The underlying ``jsbsim.FGFDMExec`` (for what this class does not wrap)."""
        return self._model.fdm

    @property
    def dt_s(self) -> float:
        """The integration step [s] (a script's own)."""
        return self._model.dt_s

    @property
    def steps(self) -> int:
        """Steps taken since the initial conditions (JSBSim's, also after a failed step)."""
        return self._stepper.steps

    @property
    def time_s(self) -> float:
        """Simulation time [s] = steps x dt_s."""
        return self._stepper.steps * self.dt_s

    @property
    def recording(self) -> Recording:
        """Everything recorded since the start (or the last reset).

        Built when asked for and kept until more is recorded: asking twice
        costs nothing, and the arrays are shared between those answers.
        """
        history = self._history
        recorder = self._recorder
        if history is None or len(history) != len(recorder) or history.meta != recorder.meta:
            history = self._history = recorder.recording()
        return history

    @property
    def recorded_names(self) -> list[str]:
        """The recorded properties, in column order."""
        return list(self._recorder.names)

    def __getitem__(self, name: str) -> float:
        return self._model.props.get(name)

    def __setitem__(self, name: str, value: float) -> None:
        """Write a property (see :meth:`set`)."""
        # the hot path: a name looked up before (limits.PASSABLE) with a value within its
        # bounds, which are finite (so the value is a finite number): straight to its setter
        bounds = PASSABLE.get(name)
        try:
            passable = bounds is not None and bounds[0] <= value <= bounds[1]
        except (TypeError, ValueError):  # not a number: refused by write_within
            passable = False
        props = self._model.props
        if not passable:
            write_within(props, name, value)
        elif not props.writer(name)(value):
            props.set(name, value)  # read-only: raises PropertyError

    def set(self, name: str, value: float, *, create: bool = False) -> None:
        """Write a property; ``create=True`` makes it when it does not exist.

        A value no aircraft can have (a negative tank content, a command beyond its
        range, a tank filled beyond its capacity: :mod:`flightsim.sim.limits`), or
        one that is not a finite number, raises :class:`~flightsim.errors.ConfigError`
        and leaves the property as it was.
        """
        write_within(self._model.props, name, value, create=create)

    def properties(self, prefix: str = "") -> list[PropertyInfo]:
        """Every property whose path starts with ``prefix``, with unit and value."""
        return self._model.props.infos(prefix)

    def annotate(self, facts: Mapping[str, MetaValue]) -> None:
        """Add facts to the recording's metadata (and to the streamed CSV's sidecar)."""
        self._recorder.meta.update(facts)
        self._recorder.write_meta()

    @property
    def engine_count(self) -> int:
        """Number of engines of the loaded model (0: a glider)."""
        return int(self.fdm.get_propulsion().get_num_engines())

    # -- trim -----------------------------------------------------------------------------------
    def trim(self, mode: str = "full", *, diagnose: bool = True) -> TrimResult:
        """Trim for steady flight (``full``, ``longitudinal``, ``ground`` or ``glide``).

        Raises :class:`~flightsim.errors.TrimError` with JSBSim's reason and a
        hint; the simulation is then back at its initial conditions, untrimmed,
        with an empty recording (a streamed CSV not yet written is left alone).
        When the angle of attack could not balance the weight below the stall,
        the hint says so, with the most lift against the weight [lbf] and the
        slowest airspeed that could be flown (:func:`flightsim.sim.trim.most_lift`);
        when the throttle could not balance the drag, it says why: the
        engines' thrust at full throttle against the drag [lbf], or the engines
        that do not run (:func:`flightsim.sim.trim.full_throttle`; each loads the
        model once more: ``diagnose=False`` skips them, for a search that expects
        failures).
        The trimmed values go into the recording metadata as
        ``trim/<property>``. With a wind in the initial conditions the model is
        loaded again and trimmed in still air at the same airspeed, then put in
        the wind: property values set before such a trim are lost.
        """
        if mode not in MODES:
            raise ConfigError(f"unknown trim mode '{mode}': choose one of {', '.join(MODES)}")
        check_flag("trim: diagnose", diagnose)
        model = self._model
        # the glide solve, and a trim in wind, write the IC: reset then reloads
        self._reload_on_reset = self._reload_on_reset or mode == "glide" or model.windy
        if mode == "ground" and self.options.guard is not False:
            model.try_ground_trim()
        try:
            result = model.trim(mode)
        except TrimError as exc:
            self._untrimmed()
            raise self._explained(exc, diagnose) from None
        if model.windy:  # trimmed in a model loaded again: the stepper follows it
            self._bind(self.steps)
        self._trim_mode = mode
        self.trim_result = result
        self.annotate(result.meta())
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

    def _explained(self, exc: TrimError, diagnose: bool) -> TrimError:
        """``exc`` with what the model as loaded says of it: its engines at full throttle
        (``diagnose``, when the throttle could not balance the drag; the model is loaded
        again afterwards), and how to check a model of the user's own."""
        instead, dead, less, more = {}, exc.dead_engines, [], []
        powerless = exc.powerless
        stalled = None
        if diagnose and exc.mode != "ground" and lift_failed(exc.reason):  # in the air
            stalled = self._most_lift().verdict()
        if stalled is not None and THROTTLE_ADVICE in exc.advice:
            instead[THROTTLE_ADVICE] = stalled
            less.append(GLIDE_ADVICE)  # no glide either, below the stall
        elif stalled is not None:
            more.append(stalled)
        elif diagnose and THROTTLE_ADVICE in exc.advice:
            probe = self.full_throttle()
            instead[THROTTLE_ADVICE], dead = probe.verdict(), probe.dead
            powerless = probe.powerless
        if not self.aircraft.is_bundled and GROUND_TRIM_ADVICE not in exc.advice:
            more.append(
                "A model of your own may have a fault JSBSim accepts silently: check it with "
                f"'flightsim validate {shlex.quote(str(self.aircraft.main_file))}'."
            )
        elif dead:
            name = shlex.quote(self.aircraft.name)
            more.append(f"Check its engine model with 'flightsim validate {name}'.")
        return exc.advised(
            more=more, less=less, instead=instead, dead_engines=dead, powerless=powerless
        )

    def full_throttle(self) -> FullThrottle:
        """Every engine's thrust and the drag [lbf] with the throttles full, at JSBSim's
        initial conditions as they stand (``ic/`` properties written since the last reset
        count), the engines settled, and whether any does not run
        (:func:`flightsim.sim.trim.full_throttle`). The simulation is then back at its own
        initial conditions, untrimmed, with an empty recording."""
        try:
            return full_throttle(self.fdm, self._model.props)
        finally:
            self._untrimmed()

    def _most_lift(self) -> MostLift:
        """The most lift against the weight of the model as loaded, not of a failed trim's
        last guess (:func:`flightsim.sim.trim.most_lift`); the simulation is then back at
        its initial conditions, untrimmed."""
        self._untrimmed()
        try:
            return most_lift(self.fdm, self._model.props)
        finally:
            self._untrimmed()

    def _untrimmed(self) -> None:
        """After a failed trim: back to the initial conditions, untrimmed, recording cleared.

        A trim that fails leaves JSBSim's IC holding its last guesses (a glide
        solve that blew up leaves a state that turns NaN at the next step).
        """
        self._model.build()
        self._trim_mode = None
        self.trim_result = None
        self._restart_recording()

    # -- stepping -------------------------------------------------------------------------------
    def step(self, n: int = 1) -> None:
        """Advance ``n`` steps (recording and checking as in :meth:`run`).

        When paced, successive calls share one schedule of absolute deadlines,
        so a loop of ``step()`` calls keeps real time without drift.
        """
        n = check_steps(n)
        if self.realtime and self._pacer is None:
            self._pacer = Pacer(self.dt_s, self.speed)
        self._advance(n)

    def run(
        self,
        duration_s: float,
        controls: Controls = None,
        progress: Callable[[float, float], None] | None = None,
        *,
        control_every: int = 1,
    ) -> Recording:
        """Fly ``duration_s`` [s] (rounded to whole steps); return the segment just flown.

        A duration that rounds to no step (shorter than half a step, but not 0)
        is a ConfigError rather than a run that silently flies nothing.

        The returned :class:`~flightsim.recording.Recording` holds the rows
        recorded by this call only (the first call's includes the initial
        row); its last row is the final state, also when the run ends between
        two rows of the ``record_every`` grid. The whole history since the
        start (or the last reset) is :attr:`recording`. A run costs what its
        own segment holds, so many short runs cost about what one long run
        costs.

        ``controls``: a dict written once at the start, a
        :class:`ControlTable`, or a callable ``(t_s, sim) -> {property: value}``
        called every ``control_every`` steps. ``progress(done_s, total_s)`` is
        called about twice per wall second.
        """
        check_positive("duration_s", duration_s, allow_zero=True)
        n = round(duration_s / self.dt_s)
        if n == 0 and duration_s > 0:
            raise ConfigError(
                f"duration_s={duration_s!r} is shorter than half a step (dt_s = "
                f"{self.dt_s:g} s): it rounds to no step, so nothing would be flown; give "
                f"at least {self.dt_s / 2:g} s, or step(1) for one step"
            )
        control_every = check_every("control_every", control_every)
        props = self._model.props
        first_row, first_step = len(self._recorder), self.steps
        self._pacer = Pacer(self.dt_s, self.speed) if self.realtime else None
        if controls is None or isinstance(controls, Mapping):
            for name, value in (controls or {}).items():
                self[name] = value
            if progress is None and self._pacer is None and self._recorder.stream_path is None:
                try:  # nothing to stream, pace or report: straight on
                    self._stepper.advance(n)
                except jsbsim.BaseError as exc:
                    raise self._stopped_by_jsbsim(exc) from None
            else:
                self._advance(n, progress=progress)
        elif isinstance(controls, ControlTable):
            for name, column in controls.values.items():
                for value in (float(np.min(column)), float(np.max(column))):
                    refuse_out_of_range(name, value)
            self._run_table(n, controls, progress)
        elif callable(controls):
            hook = callable_hook(controls, props, self.dt_s, self)
            self._advance(n, hook=hook, hook_every=control_every, progress=progress)
        else:
            raise ConfigError(
                "controls must be a dict, a ControlTable or a callable (t_s, sim) -> dict"
            )
        return self._segment(first_row, first_step)

    def _segment(self, first_row: int, first_step: int) -> Recording:
        """The final row, the resets of JSBSim's clock noted, the rows from ``first_row`` on."""
        self._stepper.record_row()
        recorder = self._recorder
        if len(recorder) > first_row:
            last, before = recorder.last_time(), self._clock_before
            flown_s = (self._stepper.steps - first_step) * self.dt_s
            # the clock moved on by the steps flown: no reset (skips the scan for most runs)
            if before is None or abs(last - before - flown_s) >= 1e-6:
                notes = self._reset_notes(recorder.times(first_row), first_row)
                if notes:
                    self.annotate(notes)
            self._clock_before = last
        recorder.flush()
        return recorder.recording(first_row)

    def _reset_notes(self, time_s: np.ndarray, first_row: int) -> dict[str, MetaValue]:
        """The rows where JSBSim's clock went back (a script that sets ``simulation/reset``),
        as :data:`~flightsim.recording.RESETS_KEY` (every such row so far) and a note
        ``reset/<n>`` each: the time column restarts there."""
        before = self._clock_before
        times = time_s if before is None else np.concatenate(([before], time_s))
        start = first_row if before is None else first_row - 1
        notes: dict[str, MetaValue] = {}
        rows = reset_rows(self._recorder.meta)
        for i in np.flatnonzero(np.diff(times) < 0) + 1:
            rows = [*rows, int(start + i)]
            notes[RESETS_KEY] = rows
            notes[f"reset/{len(rows)}"] = (
                f"row {start + i}: the clock went back from {times[i - 1]:.4f} s "
                f"to {times[i]:.4f} s"
            )
        return notes

    def _run_table(
        self, n: int, table: ControlTable, progress: Callable[[float, float], None] | None
    ) -> None:
        hook = table_hook(table, self._model.props, self.dt_s)
        if table.interpolation == "linear":
            self._advance(n, hook=hook, progress=progress)
            return
        end = self.steps + n
        breaks = sorted({s for s in table.breakpoint_steps(self.dt_s) if self.steps < s < end})
        hook(self.steps)
        for target in [*breaks, end]:
            self._advance(target - self.steps, progress=progress)
            hook(self.steps)

    def _advance(self, n: int | None, **how: Any) -> bool:
        """The stepper's advance, paced when asked; the pacing report kept."""
        pacer = self._pacer
        self._recorder.begin()
        try:
            return self._stepper.advance(n, pacer=pacer, **how)
        except jsbsim.BaseError as exc:
            raise self._stopped_by_jsbsim(exc) from None
        finally:
            self._recorder.flush()
            if pacer is not None:
                self.pacing_report = pacer.report()

    def _stopped_by_jsbsim(self, exc: jsbsim.BaseError) -> SimulationError:
        """JSBSim's own exception in a step (a script's event setting a property nobody
        defines, a trim a script asks for that fails) as a flightsim error: when, where,
        what JSBSim said, what to do. The recording until then is kept."""
        said = f"{type(exc).__name__}: {one_line(exc).rstrip('.')}"
        when = f"at t = {self.time_s:.3f} s"
        trim = isinstance(exc, jsbsim.TrimFailureError)
        if self.script_path is not None:
            where = script_line(self.script_path, exc)
            check = (
                "The trim it asks for does not converge from the state there: change its "
                "trim mode, or the initial conditions"
                if trim
                else "Check the script with "
                f"'flightsim validate {shlex.quote(str(self.script_path))}'"
            )
            message = f"JSBSim stopped the script {where} {when}: {said}. {check}"
        else:
            main = shlex.quote(str(self.aircraft.main_file))
            message = (
                f"JSBSim stopped {self.aircraft.name} {when}: {said}. Check the model with "
                f"'flightsim validate {main}' and the properties written"
            )
        message += "; the data recorded until then is kept."
        return (TrimError if trim else SimulationError)(message, time_s=self.time_s)

    def run_script(
        self,
        progress: Callable[[float, float], None] | None = None,
        max_duration_s: float | None = None,
    ) -> Recording:
        """Run the loaded script to its end (or ``max_duration_s`` [s]); return what it flew.

        Steps exactly like ``while fdm.run(): pass`` after ``run_ic``, so the
        final state is bit-for-bit that of the plain jsbsim loop, on the same
        stepper and recorder as :meth:`run`. The last state is always
        recorded, whatever ``record_every``.
        """
        if self.script_path is None:
            raise SimulationError("run_script needs a Simulation made with Simulation.from_script")
        n = None
        total_s = read_script_header(self.script_path).end_s - self.time_s
        if max_duration_s is not None:
            check_positive("max_duration_s", max_duration_s)
            n = round(max_duration_s / self.dt_s)
            total_s = min(total_s, max_duration_s)
        first_row, first_step = len(self._recorder), self.steps
        self._pacer = Pacer(self.dt_s, self.speed) if self.realtime else None
        self._advance(n, progress=progress, total_s=total_s, stop_at_end=True)
        return self._segment(first_row, first_step)

    # -- the crash check ------------------------------------------------------------------------
    def _tripped(self, code: int, sink_fps: float) -> None:
        """After a step that diverged or hit the ground: raise, or note the impact."""
        props = self._model.props
        if code != DIVERGED and not self.stop_on_crash:
            self._impacts += 1
            summary = f"t = {self.time_s:.3f} s, {impact_summary(props, sink_fps)}"
            LOG.warning("%s: ground impact at %s", self.aircraft.name, summary)
            self.annotate({"impacts": self._impacts, f"impact/{self._impacts}": summary})
            return
        self._recorder.flush()
        rec = self.recording
        error = divergence_error(props, rec, self.time_s, self.steps)
        if error is None:
            on_wheels = bool(self._model.crash_checks()[-1]())
            error = crash_error(props, rec, self.time_s, sink_fps, self.crash_sink_fps, on_wheels)
        raise error

    # -- reset and close ------------------------------------------------------------------------
    def enter_wind(self, north_fps: float, east_fps: float) -> None:
        """A steady uniform wind [ft/s: the air moving north, east], air-relative state kept.

        For a trim in still air followed by a wind: the aircraft's ground
        velocity gains the wind, its airspeed, attitude and controls stay as
        trimmed, so the trim still holds and no gust starts the flight.
        """
        for label, value in (("north_fps", north_fps), ("east_fps", east_fps)):
            if not math.isfinite(value):
                raise ConfigError(
                    f"enter_wind: {label} must be a finite speed [ft/s], got {value!r}"
                )
        self._model.enter_wind(north_fps, east_fps)

    def reset(
        self,
        settings: Mapping[str, float] | None = None,
        *,
        trim: str | None = None,
        reuse_model: bool = False,
        diagnose: bool = True,
    ) -> None:
        """Back to the initial conditions: engines restarted, trimmed again, recording cleared.

        ``settings`` (property name -> value, e.g. ``{"fcs/flap-cmd-norm": 1.0}``)
        are written after JSBSim's reset, which zeroes the control commands, and
        before the trim: the trim holds with them.

        ``trim`` is the trim mode after the reset (``full``, ``longitudinal``,
        ``ground`` or ``glide``: see :meth:`trim`), whatever the last trim was
        or whether it held; later resets redo it. None (the default) redoes
        the last trim that held, if any: after a trim that failed, none (the
        reset is then untrimmed). Any other value raises ConfigError before
        anything is reset.

        When the trim fails it raises :class:`~flightsim.errors.TrimError`, as
        :meth:`trim` does: the simulation is then at its initial conditions,
        untrimmed (``trim_result`` is None), with an empty recording, in the
        model loaded again (a new FGFDMExec: property nodes taken from the old
        one are stale; ``settings`` and ``ic/`` properties written since the
        Simulation was made are gone). ``reset(trim=...)`` trims afresh from
        there. ``diagnose=False`` skips the failed trim's diagnosis, as :meth:`trim`'s
        does (for a search that expects failures).

        Uses ``reset_to_initial_conditions`` (about 30x faster than reloading);
        the state afterwards is bit-identical to that of a fresh Simulation
        (JSBSim's ``simulation/frame`` counter alone is not reset by JSBSim).
        After a glide trim, a trim in wind, and for scripts, the model is
        loaded again instead, as these write JSBSim's initial conditions;
        ``reuse_model=True`` resets the loaded model even after a glide trim,
        for a caller that writes the initial conditions it needs again before
        each reset (the environments load them whole from a file, then write
        the start); it is refused for a script, whose events JSBSim's reset
        does not undo, and with a wind in the initial conditions, whose trim
        loads the model again whatever.
        A streamed CSV starts over.
        """
        if trim is not None and trim not in MODES:
            raise ConfigError(
                f"reset: unknown trim mode {trim!r}: give one of {', '.join(MODES)}, "
                "or None to redo the last trim that held"
            )
        check_flag("reset: reuse_model", reuse_model)
        if reuse_model and self.script_path is not None:
            raise ConfigError(
                "reset(reuse_model=True) on a Simulation that runs a script: its events are "
                "not undone by JSBSim's reset; reset without reuse_model"
            )
        if reuse_model and self._model.windy:
            raise ConfigError(
                "reset(reuse_model=True) with a wind in the initial conditions: its trim loads "
                "the model again whatever (it trims in still air, then puts it in the wind); "
                "reset without reuse_model, or give the wind after the trim (enter_wind)"
            )
        if self.script_path is not None or (self._reload_on_reset and not reuse_model):
            # a script's events, or the IC written by the glide solve, are not undone by
            # JSBSim's reset: load afresh (a few ms)
            self._model.build()
        else:
            # the IC object still holds the initial conditions (trims leave it alone):
            # writing them again would change the last bits of the state
            self._model.reset()
        self._restart_recording()
        self.pacing_report = None
        self._pacer = None
        for name, value in (settings or {}).items():
            self[name] = value
        check_flag("reset: diagnose", diagnose)
        mode = trim if trim is not None else self._trim_mode
        if mode is not None:
            self.trim(mode, diagnose=diagnose)

    def close(self) -> None:
        """Flush the recording and release JSBSim (idempotent).

        JSBSim is released even when the last write fails (a full disk, a
        closed pipe); that error is then raised.
        """
        try:
            self._recorder.close()
        finally:
            self._stepper.release()
            self._model.close()

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
        recorder: Recorder | None = self.__dict__.get("_recorder")
        if recorder is None:  # the constructor failed before recording began
            return
        try:
            recorder.close()
        except OSError as exc:  # e.g. a reader of a piped stream went away: nothing to tell
            LOG.debug("closing the recording stream failed: %s", exc)

    def __repr__(self) -> str:
        return f"Simulation({self.aircraft.name!r}, t={self.time_s:.3f} s, dt_s={self.dt_s:g})"
