"""Building the FDM a Simulation steps: load, initial conditions, wind, engines, trim.

:class:`ModelBuilder` owns one ``jsbsim.FGFDMExec`` at a time: it loads the
aircraft (or a JSBSim script), writes the initial conditions (typed, or a
JSBSim initialization file), puts an on-ground start on its gear, refuses an
airborne start below the terrain, gives the atmosphere the wind and starts
the engines. :meth:`ModelBuilder.build` does it all again for a reload (a
reset after a glide trim, a trim in wind, a script).

JSBSim's own file output and input sockets are off unless asked for: they
slow every step, write into the package folder and, for some aircraft, open
network ports (measured with JSBSim 1.3.3: docs/running.md).
"""

from __future__ import annotations

import ctypes
import math
import shutil
import tempfile
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsbsim

from flightsim.errors import (
    ConfigError,
    JSBSimCrashError,
    PropertyError,
    SimulationError,
    TrimError,
)
from flightsim.paths import AircraftLocation, Folders, jsbsim_root
from flightsim.sim import logbridge
from flightsim.sim.divergence import CHECK_PROPERTIES
from flightsim.sim.gear import rest_height_ft
from flightsim.sim.ground_trim_trial import check_ground_trim
from flightsim.sim.ic_files import ICFile, altitude_line, check_running
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.property_nodes import PropertyCache
from flightsim.sim.trim import TrimResult
from flightsim.sim.trim import trim as run_trim

_quarantined: list[Any] = []

_ICWrites = list[tuple[str, float]]
"""Writes to JSBSim's IC object, in order: property name, value."""


def _quarantine(fdm: Any) -> None:
    """Never destroy ``fdm``: JSBSim aborts the process destroying some broken models.

    The extra reference keeps the object alive through interpreter shutdown.
    """
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(fdm))
    _quarantined.append(fdm)


@dataclass(frozen=True)
class ScriptSource:
    """A JSBSim script to load instead of an aircraft: its path, its aircraft, its IC file."""

    path: Path
    aircraft: AircraftLocation
    initialize: Path | None


class ModelBuilder:
    """One aircraft (or script) in one FGFDMExec, initial conditions applied.

    ``ic`` are typed initial conditions, ``ic_file`` a JSBSim initialization
    file read by JSBSim itself (either, or neither: JSBSim's defaults).
    """

    def __init__(
        self,
        aircraft: AircraftLocation,
        *,
        dt_s: float,
        ic: InitialConditions | None = None,
        ic_file: ICFile | None = None,
        script: ScriptSource | None = None,
        jsbsim_output: bool = False,
        jsbsim_input: bool = False,
    ):
        self.aircraft = aircraft
        self.dt_s = dt_s
        self.ic = ic
        self.ic_file = ic_file
        self.script = script
        self._jsbsim_io = (jsbsim_output, jsbsim_input)
        self.rest_agl_ft = 0.0  # CG height [ft] of an on-ground start on its gear
        self.bridge = logbridge.install()
        # JSBSim's output folder; removed by close(), else silently when the builder is
        # collected or the interpreter exits (a TemporaryDirectory left to its own finalizer
        # had warned: ResourceWarning "Implicitly cleaning up")
        self._scratch = tempfile.mkdtemp(prefix="flightsim-jsbsim-")
        self._remove_scratch = weakref.finalize(
            self, shutil.rmtree, self._scratch, ignore_errors=True
        )
        self._fdm: jsbsim.FGFDMExec | None = None
        self._props: PropertyCache | None = None

    @property
    def fdm(self) -> jsbsim.FGFDMExec:
        """The FGFDMExec (SimulationError once closed)."""
        if self._fdm is None:
            raise SimulationError("this Simulation is closed")
        return self._fdm

    @property
    def props(self) -> PropertyCache:
        """Cached property nodes of the current FGFDMExec."""
        if self._props is None:
            raise SimulationError("this Simulation is closed")
        return self._props

    @property
    def windy(self) -> bool:
        """Whether the initial conditions have a wind."""
        return self.ic is not None and self.ic.wind_speed_kts > 0.0

    # -- building -------------------------------------------------------------------------
    def build(self, *, calm: bool = False) -> None:
        """A new FGFDMExec: load the model (or script), initial conditions, engines.

        ``calm`` leaves the wind out (for a trim in wind: the Simulation trims
        in still air, then calls :meth:`apply_ic`, :meth:`run_ic` and
        :meth:`set_wind`).
        """
        jsbsim_output, jsbsim_input = self._jsbsim_io
        fdm = jsbsim.FGFDMExec(str(jsbsim_root()))
        # JSBSim's own output files go to the current folder when asked for (by default
        # into its root, the installed package), else into a scratch folder
        if jsbsim_output:
            fdm.set_output_path(str(Path.cwd()))
        elif self._remove_scratch.alive:
            fdm.set_output_path(self._scratch)
        fdm.set_aircraft_path(str(self.aircraft.aircraft_path))
        self._fdm = fdm
        if self.script is not None:
            self._load_script(self.script.path)
        else:
            self._load_model()
        if not jsbsim_output:
            fdm.disable_output()
        if not jsbsim_input:
            fdm.disable_input()
        fdm.set_dt(self.dt_s)
        self._props = PropertyCache(fdm)
        self.apply_ic(calm=calm)
        self.run_ic()
        if self.ic is not None and self.ic.on_ground:
            # on the gear rather than with the CG on the terrain (see flightsim.sim.gear)
            self.rest_agl_ft = rest_height_ft(fdm, self._props) or 0.0
            self.apply_ic(calm=calm)
            self.run_ic()
        self._check_above_terrain()
        if not calm:
            self.set_wind()
        self.start_engines()

    def crash_checks(self) -> tuple[Callable[[], float], ...]:
        """The getters the step loop's crash check reads (see flightsim/sim/_steploop.c)."""
        props = self.props
        return (*(props.node(n).get_double_value for n in CHECK_PROPERTIES), self._wow_getter())

    def _wow_getter(self) -> Callable[[], float]:
        try:
            getter: Callable[[], float] = self.props.node("gear/wow").get_double_value
        except PropertyError:
            return float  # no gear: never "on wheels" (float() == 0.0)
        return getter

    def _load_model(self) -> None:
        self.bridge.drain()
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
            self._fail_load(f"JSBSim could not load '{self.aircraft.name}': {one_line(exc)}")
        if not loaded:
            self._fail_load(f"JSBSim refused to load '{self.aircraft.name}'")

    def _load_script(self, path: Path) -> None:
        self.bridge.drain()
        try:
            loaded = self.fdm.load_script(str(path))
        except jsbsim.BaseError as exc:
            self._fail_load(f"JSBSim could not load script {path}: {one_line(exc)}")
        if not loaded:
            self._fail_load(f"JSBSim refused script {path}")
        self.dt_s = self.fdm.get_delta_t() or self.dt_s  # the script sets its own dt

    def _fail_load(self, message: str) -> None:
        errors = [str(m) for m in self.bridge.drain() if m.level != "warning"]
        _quarantine(self._fdm)
        self._fdm = None
        detail = error_summary(errors)
        detail = f"{detail}. " if detail else ""
        raise SimulationError(
            f"{message} ({self.aircraft.main_file}). {detail}"
            "Run 'flightsim validate' on it for a full list of problems."
        )

    # -- initial conditions -------------------------------------------------------------
    def apply_ic(
        self,
        *,
        calm: bool = False,
        first: Sequence[tuple[str, float]] = (),
        last: Sequence[tuple[str, float]] = (),
    ) -> None:
        """Write the IC between the writes ``first`` and ``last``; add the wind unless ``calm``."""
        if self.ic_file is not None:
            self._load_ic_file(self.ic_file.path)
        if self.ic is None:
            return
        props = self.props
        for name, value in (*first, *self.ic.ic_properties(self.rest_agl_ft), *last):
            props.set(name, value)
        if not calm and self.windy and not self.ic.parked:
            # ground velocity = air velocity + wind; the atmosphere gets the wind after
            # the next initialisation (set_wind)
            north, east = props.get("ic/vn-fps"), props.get("ic/ve-fps")
            props.set("ic/vn-fps", north + self.ic.wind_north_fps)
            props.set("ic/ve-fps", east + self.ic.wind_east_fps)

    def _load_ic_file(self, path: Path) -> None:
        """Let JSBSim read an initialization file into its IC object."""
        self.bridge.drain()
        try:
            loaded = self.fdm.load_ic(str(path), False)
        except (jsbsim.BaseError, OSError) as exc:
            loaded, reason = False, f": {exc}"
        else:
            reason = ""
        if not loaded:
            errors = [str(m) for m in self.bridge.drain() if m.level != "warning"]
            detail = error_summary(errors)
            raise ConfigError(
                f"JSBSim could not read the initialization file{reason}"
                + (f" ({detail})" if detail else ""),
                file=path,
            )
        check_running(path, self.fdm.get_propulsion().get_num_engines(), self.aircraft.name)

    def run_ic(self) -> None:
        """JSBSim's ``run_ic`` (the state from the IC object), dt kept."""
        try:
            ok = self.fdm.run_ic()
        except jsbsim.BaseError as exc:
            _quarantine(self._fdm)
            raise SimulationError(
                f"JSBSim failed to initialise '{self.aircraft.name}': {one_line(exc)}. Run "
                f"'flightsim validate {self.aircraft.main_file}' to find the cause in its files"
            ) from None
        finally:
            self.fdm.set_dt(self.dt_s)  # a failed run_ic can leave dt at 0
        if not ok:
            raise SimulationError(
                f"JSBSim refused the initial conditions of '{self.aircraft.name}'"
            )

    def _check_above_terrain(self) -> None:
        """An airborne start below the terrain is refused (the terrain is known after run_ic).

        Typed initial conditions say whether the start is on the ground; an
        initialization file does not, and a ground start may put the CG a little
        below the terrain (p51d/reset00.xml: 0.44 ft, its gear carries it): a file
        is refused when the CG is further below the terrain than it stands above it
        at rest on its gear (no gear: below the terrain at all).
        """
        if self.props.get("ic/h-agl-ft") >= 0.0:  # the usual start: no gear geometry needed
            return
        clearance = terrain_clearance(self.fdm, self.props)
        agl_ft = clearance.agl_ft
        if self.ic is not None:
            if self.ic.on_ground:
                return
            reach, file, line = "", None, None
        elif self.ic_file is not None:
            rest_ft = clearance.rest_ft or 0.0
            if agl_ft >= -rest_ft:
                return
            reach = f": the CG {-agl_ft:.1f} ft below it" + (
                f", more than the {rest_ft:.1f} ft it stands above it on its gear"
                if rest_ft > 0.0
                else ""
            )
            file, line = self.ic_file.path, altitude_line(self.ic_file.path)
        else:
            return
        raise ConfigError(
            f"{clearance.below_terrain()}{reach}; give an altitude above the terrain, or start "
            "on the ground",
            file=file,
            line=line,
        )

    def start_engines(self) -> None:
        """Start the engines when the initial conditions ask for it."""
        if self.ic is not None and self.ic.start_engines():
            self.fdm.get_propulsion().init_running(-1)

    def set_wind(self) -> None:
        """Give the atmosphere the wind of the initial conditions (air velocity, NED)."""
        if self.ic is None or not self.windy:
            return
        self._blow(self.ic.wind_north_fps, self.ic.wind_east_fps)

    def enter_wind(self, north_fps: float, east_fps: float) -> None:
        """After a trim in still air: a steady wind, the air-relative state kept.

        The trimmed attitude (:meth:`_trimmed_attitude`) goes into JSBSim's IC
        object, which still holds the trimmed speed and flight path; its ground
        velocity gains the wind; the aircraft is initialised again from it and
        the atmosphere given the wind (as :meth:`trim` does for initial
        conditions with a wind).
        """
        props = self.props
        attitude, _ = self._trimmed_attitude(on_gear=False)
        for name, value in attitude:
            props.set(name, value)
        props.set("ic/vn-fps", props.get("ic/vn-fps") + north_fps)
        props.set("ic/ve-fps", props.get("ic/ve-fps") + east_fps)
        self.run_ic()
        self._blow(north_fps, east_fps)

    def _blow(self, north_fps: float, east_fps: float) -> None:
        """The atmosphere's wind [ft/s, the air moving north, east], airspeeds recomputed."""
        props = self.props
        props.set("atmosphere/wind-north-fps", north_fps)
        props.set("atmosphere/wind-east-fps", east_fps)
        props.set("atmosphere/wind-down-fps", 0.0)
        # recompute airspeeds with the new wind without advancing time (as run_ic does)
        self.fdm.suspend_integration()
        try:
            self.fdm.run()
        finally:
            self.fdm.resume_integration()
            self.fdm.set_dt(self.dt_s)

    # -- trim -----------------------------------------------------------------------------
    def trim(self, mode: str) -> TrimResult:
        """JSBSim's trim in ``mode`` (:func:`flightsim.sim.trim.trim`); TrimError on failure.

        With a wind in the initial conditions, the model is loaded again and
        trimmed in still air at the same airspeed, then put in the wind (a new
        FGFDMExec: whoever holds its nodes takes them again). A steady uniform
        wind does not change the trim relative to the air, and JSBSim's trim
        re-initialises the atmosphere's wind from the IC object (see
        :meth:`apply_ic`); so the trimmed attitude is written into the IC and
        the aircraft initialised again in the wind. Property values set before
        such a trim (flaps, for instance) are lost. A trim in the air with the gear
        or the CG in the terrain is refused (:func:`refuse_trim_in_terrain`).
        """
        if not self.windy:
            refuse_trim_in_terrain(self.fdm, self.props, mode)
            return run_trim(self.fdm, self.props, self.bridge, mode, self.dt_s)
        # JSBSim's IC object keeps any wind implicitly (airspeed minus ground velocity)
        # and its setters turn the air or the ground velocity to keep it: start afresh
        self.build(calm=True)
        refuse_trim_in_terrain(self.fdm, self.props, mode)
        result = run_trim(self.fdm, self.props, self.bridge, mode, self.dt_s)
        first, last = self._trimmed_attitude(on_gear=mode == "ground")
        self.apply_ic(first=first, last=last)
        self.run_ic()
        self.set_wind()
        return result

    def _trimmed_attitude(self, *, on_gear: bool) -> tuple[_ICWrites, _ICWrites]:
        """The trimmed attitude as writes to JSBSim's IC [deg, ft]: those to make before the
        rest of the initial conditions, and those after them.

        Before: the bank, and in the air the angle of attack and sideslip (with the
        IC's airspeed and flight path they give pitch and heading relative to the
        air, so the trim holds in a wind). After, ``on_gear`` (a ground trim): the
        height and pitch on the gear, whatever the air does, after the IC's
        flight-path angle, which would turn the pitch again.
        """
        props = self.props
        before = [("ic/phi-deg", props.get("attitude/phi-deg"))]
        if on_gear:
            after = [
                ("ic/h-agl-ft", props.get("position/h-agl-ft")),
                ("ic/theta-deg", props.get("attitude/theta-deg")),
            ]
            return before, after
        before.append(("ic/alpha-deg", props.get("aero/alpha-deg")))
        before.append(("ic/beta-deg", props.get("aero/beta-deg")))
        return before, []

    def try_ground_trim(self) -> None:
        """Try this ground trim in a child process first (:mod:`flightsim.sim.ground_trim_trial`:
        JSBSim's ground trim segfaults on some aircraft)."""
        script_ic = self.script.initialize if self.script is not None else None
        ic_file = self.ic_file.path if self.ic_file is not None else script_ic
        check_ground_trim(self.aircraft, self.ic, ic_file, self.dt_s)

    def reset(self) -> None:
        """Back to the initial conditions without reloading (``reset_to_initial_conditions``)."""
        try:
            self.fdm.reset_to_initial_conditions(0)
        except jsbsim.BaseError as exc:
            raise SimulationError(
                f"JSBSim failed to reset '{self.aircraft.name}' to its initial conditions: "
                f"{one_line(exc)}"
            ) from None
        finally:
            self.fdm.set_dt(self.dt_s)
        self.set_wind()
        self.start_engines()

    def close(self) -> None:
        """Release JSBSim and the scratch folder (idempotent)."""
        self._fdm = None
        self._props = None
        self._remove_scratch()  # at once; a finalizer runs once


GROUND_TRIM_ADVICE = (
    "To stand on the gear instead, start on the ground and trim with mode='ground'."
)
"""The advice to a trim in the air refused for the terrain, for a caller that can trim on the
ground (one that cannot drops it: ``TrimError.advised(less=...)``)."""


_ROUNDING_FT = 1e-6
"""JSBSim's height above the terrain of a CG put on it can come out a few nanometres below."""


@dataclass(frozen=True)
class TerrainClearance:
    """Where JSBSim's initial conditions put the aircraft over the terrain [ft, deg]."""

    altitude_ft: float
    """Altitude of the CG above sea level [ft]."""
    elevation_ft: float
    """Terrain elevation under it [ft MSL]."""
    agl_ft: float
    """Height of the CG above the terrain [ft] (negative: below it)."""
    lat_deg: float
    lon_deg: float
    rest_ft: float | None
    """Height of the CG above the terrain [ft] at which the lowest wheel or skid touches, at
    the attitude of the initial conditions (:func:`flightsim.sim.gear.rest_height_ft`);
    None: no contact points."""

    def below_terrain(self) -> str:
        """The CG below the terrain, in words."""
        return (
            f"altitude {self.altitude_ft:.0f} ft MSL is below the terrain (elevation "
            f"{self.elevation_ft:.0f} ft) at latitude {self.lat_deg:.4f} deg, longitude "
            f"{self.lon_deg:.4f} deg"
        )

    def contact(self) -> str:
        """Why the aircraft is not clear of the terrain ("" when it is): the CG below it, or
        a wheel or skid touching or in it."""
        if self.agl_ft < -_ROUNDING_FT:
            return self.below_terrain()
        rest_ft = self.rest_ft or 0.0
        if self.agl_ft >= rest_ft:
            return ""
        return (
            f"the gear is in the terrain: at altitude {self.altitude_ft:.0f} ft MSL the CG is "
            f"{max(self.agl_ft, 0.0):.1f} ft above the terrain (elevation "
            f"{self.elevation_ft:.0f} ft), its lowest wheel or skid {rest_ft:.1f} ft below the CG"
        )

    def clear_altitude_ft(self) -> float:
        """The lowest altitude [ft MSL] at which the gear clears the terrain, rounded up to
        the next 10 ft."""
        return math.ceil((self.elevation_ft + (self.rest_ft or 0.0)) / 10.0 + 1e-9) * 10.0


def terrain_clearance(fdm: jsbsim.FGFDMExec, props: PropertyCache) -> TerrainClearance:
    """Where JSBSim's initial conditions (its IC object, from which run_ic and a trim start)
    put the aircraft over the terrain; the gear from the model's CG and attitude (call
    after run_ic or a reset)."""
    return TerrainClearance(
        altitude_ft=props.get("ic/h-sl-ft"),
        elevation_ft=props.get("ic/terrain-elevation-ft"),
        agl_ft=props.get("ic/h-agl-ft"),
        lat_deg=props.get("ic/lat-geod-deg"),
        lon_deg=props.get("ic/long-gc-deg"),
        rest_ft=rest_height_ft(fdm, props),
    )


def refuse_trim_in_terrain(fdm: jsbsim.FGFDMExec, props: PropertyCache, mode: str) -> None:
    """Raise :class:`TrimError` when a trim in the air (any ``mode`` but ``ground``) would
    start with the CG below the terrain or the gear in it.

    No such trim can hold free flight, and JSBSim's trim with the gear deep in
    the terrain can segfault (generated aircraft 1,500-2,000 ft below it, measured
    with JSBSim 1.3.3): it is not run.
    """
    if mode == "ground":
        return
    clearance = terrain_clearance(fdm, props)
    reason = clearance.contact()
    if reason:
        higher = (
            f"Trim higher: the gear clears the terrain from {clearance.clear_altitude_ft():.0f} "
            "ft MSL (free air well above that, out of ground effect)."
        )
        raise TrimError(reason, mode=mode, advice=[higher, GROUND_TRIM_ADVICE])


def preflight(aircraft: AircraftLocation, aircraft_dirs: Folders) -> None:
    """Load the aircraft in a child process first (:func:`flightsim.sim.preflight.load_check`).

    Raises JSBSimCrashError when JSBSim crashed or hung there, SimulationError
    when it reported errors.
    """
    from flightsim.sim.preflight import load_check

    result = load_check(aircraft, aircraft_dirs=aircraft_dirs)
    if result.crashed or result.timed_out:
        raise JSBSimCrashError(
            f"{result.summary().rstrip('.')}. Loading it here would take this process down; "
            "run 'flightsim validate' on the aircraft to find the fault."
        )
    if not result.ok:
        errors = [str(d) for d in result.diagnostics if d.severity.name == "ERROR"]
        detail = error_summary(errors) or result.summary().rstrip(".")
        raise SimulationError(
            f"{aircraft.name}: JSBSim reported errors: {detail}. Run 'flightsim "
            "validate' for details, or pass guard=False to load it anyway."
        )


_GENERIC_ERRORS = ("No filename given",)
"""JSBSim messages that say less than the ones logged with them (which name the file)."""


def one_line(exc: BaseException) -> str:
    """An exception's text with its line breaks and runs of spaces folded."""
    return " ".join(str(exc).split())


def error_summary(errors: Sequence[str], most: int = 3) -> str:
    """JSBSim's error texts on one line: whitespace joined, generic ones dropped when
    others say more, duplicates removed, at most ``most`` of them."""
    lines = list(dict.fromkeys(" ".join(e.split()).rstrip(".") for e in errors))
    specific = [e for e in lines if not any(g in e for g in _GENERIC_ERRORS)]
    return "; ".join((specific or lines)[:most])
