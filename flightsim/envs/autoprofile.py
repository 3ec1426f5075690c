"""Profiles for aircraft without one: where they fly, found with JSBSim's own trim.

The environments draw their starts around a profile's cruise point and
retrim at every reset, so a profile must name speeds and altitudes at which
the aircraft trims: its whole box of random starts, and the approach in a 3°
descent. :func:`derived_profile` finds them for an aircraft not in
:data:`flightsim.envs.profiles.PROFILES` (one of ours in ``aircraft/``, or
anyone's):

1. a first guess of the stall speed from the weight W and wing area S,
   ``V_s = sqrt(2 W / (ρ₀ S C_Lmax))`` with ``C_Lmax`` = 1.4 (the clean
   maximum lift of a conventional wing; Raymer, *Aircraft Design*, §12.4);
   above :data:`MAX_STALL_GUESS_KCAS` the model has no wing to fly on and is
   refused;
2. the slowest speed of a ladder from 1 to 4 times that guess at which the
   aircraft trims level at the profile altitude (4000 ft below a 80 kt
   guess, else 10 000 ft): ``V_min``;
3. cruise at 1.7 ``V_min``, where the aircraft trims level at the four
   corners of the random starts around it (±6 % of the speed, at most 8 kt;
   ±1000 ft, halved once if a corner fails); else the first of 1.5, 1.35,
   1.2, 1.1 and 1 ``V_min`` that does (engines that cannot hold the faster
   speeds, or a model that trims in a narrow band of speeds only);
4. when that cruise is slower than 1.35 ``V_min`` (little power to climb
   with) or there is none, steps 2 and 3 are taken at the other altitude
   too (10 000 or 4000 ft), and the profile flies where the cruise is the
   larger multiple of its ``V_min``;
5. the approach: the slowest of 1.3, 1.45, 1.6 ``V_min`` that trims in a 3°
   descent at 1000 ft and at the corners of LandingApproach's random starts
   (±3 kt, 56 to 84 s of flight from the runway) with full flaps
   (``fcs/flap-cmd-norm`` 1, when the aircraft has it and its flaps change the
   trimmed angle of attack); else clean at 1.3 to
   2.3 ``V_min`` (a clean jet may need the thrust of a faster descent); else
   at 1.2 to 1 ``V_min`` (when ``V_min`` is the slowest the engines hold
   level, not the wing's limit); always slower than the cruise (both rounded
   to 0.1 kt).

It takes a few dozen trims (a second or two on a jet); the result is kept
for the process, by aircraft and the latest change to its XML files
(:attr:`~flightsim.paths.AircraftLocation.edition`).

An aircraft without engines (a glider) is searched the same way with the
``glide`` trim (steady flight on a descending path the trim finds) in place
of the level one: ``V_min`` is its slowest glide, the cruise box must glide-trim, and
the cruise candidates start at 1.5 ``V_min`` (:data:`GLIDE_CRUISE_FACTORS`).
Its approach is the speed at which its glide descends at 3°, on the side of
its flattest glide where the glide steepens with speed (pitching up brings it
back up to the path), among 1 to 3.5 ``V_min`` and interpolated between the
two speeds around it; none when even its flattest glide is steeper, or none
as steep (the refusal says which).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import NamedTuple

from flightsim.envs.kinds import refuse_task_for_glider, refuse_unless_fixed_wing
from flightsim.envs.profiles import FLAPS, FPS_PER_KT, AircraftProfile
from flightsim.envs.tasks import Task
from flightsim.envs.tasks.navigation import LandingApproach
from flightsim.errors import ConfigError, TrimError
from flightsim.paths import AircraftLocation, EditionCache, Folders
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation
from flightsim.sim.trim import steady_flight_mode

SEA_LEVEL_DENSITY = 0.0023769
"""ISA sea-level air density [slug/ft³]."""
CL_MAX_GUESS = 1.4
"""Clean maximum lift coefficient of the first stall-speed guess (Raymer §12.4)."""
MAX_STALL_GUESS_KCAS = 250.0
"""A stall-speed guess faster than this [KCAS] means no wing to fly on (a rocket, a
ballistic shape): heavy fighters and airliners guess 100-175 KCAS (gen-f16 172, the
787-8 159), JSBSim's J246 launcher 2006 and its ball 2055; the mk82 bomb, 204, is
still searched."""
SLOW_LADDER = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
"""Multiples of the stall-speed guess tried, slowest first, for the slowest level trim."""
CRUISE_FACTORS = (1.7, 1.5, 1.35, 1.2, 1.1, 1.0)
"""Cruise candidates, multiples of the slowest level trim, fastest first."""
GLIDE_CRUISE_FACTORS = CRUISE_FACTORS[1:]
"""A glider's cruise candidates, multiples of its slowest glide trim: from 1.5, about its
best-glide speed (a glide steepens fast beyond it, and Waypoints descends by it)."""
MAX_SPEED_SPREAD_KT = 8.0
"""Largest half-width [kt] of the random starts' speeds."""
SPEED_SPREAD_SHARE = 0.06
"""Half-width of the random starts' speeds, as a share of the cruise speed (at most
:data:`MAX_SPEED_SPREAD_KT`)."""
GOOD_CRUISE_FACTOR = 1.35
"""A cruise this many times the slowest level trim, or more, leaves power to climb: the
profile takes it without trying the other altitude."""
PROFILE_ALTITUDES_FT = (4000.0, 10000.0)
"""Profile altitudes [ft], tried in this order below an 80 kt stall-speed guess, else in the
other."""
ALTITUDE_SPREAD_FT = 1000.0
"""Half-width [ft] of the random starts' altitudes."""
FLAPS_APPROACH_FACTORS = (1.3, 1.45, 1.6)
"""Approach candidates with full flaps, multiples of the slowest (clean) level trim."""
APPROACH_FACTORS = (1.3, 1.45, 1.6, 1.8, 2.0, 2.3, 1.2, 1.1, 1.0)
"""Clean approach candidates, multiples of the slowest level trim: from 1.3 up, then the
slower ones, for a ``V_min`` set by the engines' power rather than by the wing's lift."""
GLIDE_APPROACH_FACTORS = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.3, 2.6, 3.0, 3.5)
"""A glider's approach candidates, multiples of its slowest glide trim: its glide angle
against speed, searched for the glide path's."""
APPROACH_CHECK_FT = 1000.0
"""Altitude [ft] at which the approach descent is trimmed."""
GLIDE_PATH_DEG = 3.0
"""The approach's descent [deg]."""

APPROACH_ADVICE = (
    "give the environment profile=AircraftProfile(approach_kcas=..., approach_flaps=...) "
    "it descends with"
)
"""What to do about an approach the search did not find."""

_DERIVED: EditionCache[tuple[AircraftProfile, str, bool]] = EditionCache()
"""Each aircraft's (profile, why it has no approach or "", whether it glides)."""


def derived_profile(
    location: AircraftLocation,
    aircraft_dirs: Folders = (),
    *,
    task: type[Task] | None = None,
    guard: bool | None = None,
) -> AircraftProfile:
    """The profile of ``location``'s aircraft, found by trimming it (see the module
    docstring), for ``task`` when given.

    Raises :class:`ConfigError` when it is a rotorcraft or lighter than air, a glider and
    ``task`` needs an engine (before any search), trims nowhere on the ladder, trims over
    no cruise box, or (``task`` a landing: the approach) trims in no 3° descent (a
    glider: glides down no 3° path).
    """
    main_file, edition = location.edition
    profile, no_approach, gliding = _DERIVED.get(
        main_file, edition, lambda: _derive(location, aircraft_dirs, guard, task)
    )
    if task is None:
        return profile
    if gliding:
        refuse_task_for_glider(location.name, task)
    if task.landing and no_approach:
        raise ConfigError(f"{location.name} {no_approach}")
    return profile


def _derive(
    location: AircraftLocation,
    aircraft_dirs: Folders,
    guard: bool | None,
    task: type[Task] | None,
) -> tuple[AircraftProfile, str, bool]:
    """The profile, why it has no approach and what to do ("" when its approach speed
    trims; else the approach speed is the slowest level trim), and whether the aircraft
    is a glider. A glider asked for a ``task`` that needs an engine is refused first."""
    name = location.name
    advice = f"give the environment profile=AircraftProfile(...) with speeds {name} flies at"
    ic = InitialConditions(altitude_ft=4000.0, kcas=100.0)
    with Simulation(location, ic=ic, record=None, aircraft_dirs=aircraft_dirs, guard=guard) as sim:
        refuse_unless_fixed_wing(sim)
        weight_lbf, area_ft2 = sim["inertia/weight-lbs"], sim["metrics/Sw-sqft"]
        if not (weight_lbf > 0.0 and area_ft2 > 0.0):
            raise ConfigError(  # a broken model: no profile would make it fly
                f"{name}: weight {weight_lbf:g} lbf, wing area {area_ft2:g} ft²: both must be "
                f"positive for it to fly; check it with 'flightsim validate {location.folder}'"
            )
        stall_kcas = (
            math.sqrt(2.0 * weight_lbf / (SEA_LEVEL_DENSITY * area_ft2 * CL_MAX_GUESS)) / FPS_PER_KT
        )
        if stall_kcas > MAX_STALL_GUESS_KCAS:
            raise ConfigError(  # no profile would make it fly
                f"{name}: weight {weight_lbf:.0f} lbf on {area_ft2:g} ft² of wing would stall "
                f"near {stall_kcas:.0f} KCAS (C_L {CL_MAX_GUESS:g}), faster than any aeroplane "
                "lands: it has no wing to fly on (a rocket, a bomb, a ballistic shape); the "
                "environments' tasks are flown on the wings; fly it with flightsim.Simulation"
            )
        gliding = sim.engine_count == 0
        if gliding and task is not None:
            refuse_task_for_glider(name, task)
        steady = "in a glide" if gliding else "level"
        altitudes = PROFILE_ALTITUDES_FT[::-1] if stall_kcas >= 80.0 else PROFILE_ALTITUDES_FT
        factors = GLIDE_CRUISE_FACTORS if gliding else CRUISE_FACTORS
        slowest: dict[float, float] = {}  # altitude [ft]: V_min [KCAS], where it trims level
        cruises: list[LevelCruise] = []
        for altitude in altitudes:
            v_min = _slowest_level_trim(sim, altitude, stall_kcas)
            if v_min is None:
                continue
            slowest[altitude] = v_min
            cruise = _cruise_box(sim, altitude, v_min, factors)
            if cruise is not None:
                cruises.append(cruise)
                if cruise.factor >= GOOD_CRUISE_FACTOR:
                    break
        if not slowest:
            middle = round(SLOW_LADDER[len(SLOW_LADDER) // 2] * stall_kcas, 1)
            engines = "" if gliding else _engine_failure(sim, altitudes[0], middle)
            raise ConfigError(
                f"{name} trims {steady} nowhere between {SLOW_LADDER[0] * stall_kcas:.0f} and "
                f"{SLOW_LADDER[-1] * stall_kcas:.0f} KCAS at "
                f"{' or '.join(f'{a:.0f}' for a in altitudes)} ft; "
                + (
                    f"{engines}: no profile makes it fly. Its engine model may need systems the "
                    "aircraft file does not include (an engine start, a propeller governor, "
                    "condition levers) or have a fault; check it with "
                    f"'flightsim validate {location.folder}'"
                    if engines
                    else advice
                )
            )
        if not cruises:
            where = ", ".join(f"from {v:.0f} KCAS at {a:.0f} ft" for a, v in slowest.items())
            raise ConfigError(
                f"{name} trims {steady} ({where}), but at no cruise speed up to "
                f"{factors[0]:g} times that over the box of random starts around it "
                f"(±{SPEED_SPREAD_SHARE:.0%} of the speed, at most ±{MAX_SPEED_SPREAD_KT:g} kt; "
                f"±{ALTITUDE_SPREAD_FT:.0f} ft; nor half that); {advice}"
            )
        best = max(cruises, key=lambda c: c.factor)  # the first of equals: the first altitude
        v_min = slowest[best.altitude_ft]
        if gliding:
            approach, no_approach = _glide_approach(sim, v_min)
            flaps = 0.0
        else:
            approach, flaps = _approach(sim, v_min, best.kcas)
            no_approach = (
                ""
                if approach is not None
                else f"trims in no {GLIDE_PATH_DEG:g}° descent slower than its cruise "
                f"({best.kcas:.0f} KCAS), with or without flaps; {APPROACH_ADVICE}"
            )
    profile = AircraftProfile(
        cruise_kcas=best.kcas,
        altitude_ft=best.altitude_ft,
        approach_kcas=approach if approach is not None else v_min,
        approach_flaps=flaps,
        speed_spread_kts=best.speed_spread_kts,
        altitude_spread_ft=best.altitude_spread_ft,
    )
    return profile, no_approach, gliding


class LevelCruise(NamedTuple):
    """A cruise point where the aircraft trims level over the whole box of random starts."""

    kcas: float
    altitude_ft: float
    speed_spread_kts: float
    altitude_spread_ft: float
    factor: float
    """The candidate of :data:`CRUISE_FACTORS` (a glider's: :data:`GLIDE_CRUISE_FACTORS`) it
    is: ``kcas`` is that times ``V_min``, rounded to 0.1 kt (so compared by this, not by
    ``kcas / V_min``)."""


def _engine_failure(sim: Simulation, altitude_ft: float, kcas: float) -> str:
    """How ``sim``'s engines fail at the point at full throttle
    (:meth:`Simulation.full_throttle`, level flight there), when they give no thrust and no
    shaft speed, or almost no thrust at the airspeed and at half of it; "" otherwise (they
    run, and the aircraft fails to trim for another reason)."""
    _place(sim, altitude_ft, kcas, 0.0)
    probe = sim.full_throttle()
    where = f"at {kcas:.0f} KCAS and {altitude_ft:.0f} ft at full throttle"
    if probe.dead:
        which = ", ".join(str(i) for i in probe.dead)
        engines = f"engines {which} give" if len(probe.dead) > 1 else f"engine {which} gives"
        return f"{where}, {engines} no thrust and no shaft speed"
    if probe.powerless:
        return f"{where}, its engines give almost no thrust (nor at half that airspeed)"
    return ""


def _slowest_level_trim(sim: Simulation, altitude_ft: float, stall_kcas: float) -> float | None:
    """The slowest speed [KCAS] of :data:`SLOW_LADDER` times ``stall_kcas`` at which ``sim``
    trims level at ``altitude_ft`` (step 2 of the module docstring); None: nowhere."""
    speeds = [round(k * stall_kcas, 1) for k in SLOW_LADDER]
    return next((v for v in speeds if _trims(sim, altitude_ft, v, 0.0)), None)


def _cruise_box(
    sim: Simulation, altitude_ft: float, v_min: float, factors: tuple[float, ...]
) -> LevelCruise | None:
    """The fastest cruise candidate of ``factors`` (times ``v_min``) at which ``sim`` trims
    level (a glider: glides) over the whole box of random starts around it, the box's
    half-widths full or else halved once (step 3 of the module docstring); None when no
    candidate does.

    A candidate at the top of the speeds the aircraft trims at fails the box's fast corners,
    so slower ones are tried in turn."""
    for factor in factors:
        cruise_kcas = round(factor * v_min, 1)
        if not _trims(sim, altitude_ft, cruise_kcas, 0.0):
            continue
        speed_spread = round(min(MAX_SPEED_SPREAD_KT, SPEED_SPREAD_SHARE * cruise_kcas), 1)
        altitude_spread = ALTITUDE_SPREAD_FT
        for _ in range(2):
            corners = [
                (altitude_ft + da * altitude_spread, cruise_kcas + dv * speed_spread, 0.0)
                for da in (-1.0, 1.0)
                for dv in (-1.0, 1.0)
            ]
            if all(_trims(sim, *corner) for corner in corners):
                return LevelCruise(cruise_kcas, altitude_ft, speed_spread, altitude_spread, factor)
            speed_spread, altitude_spread = 0.5 * speed_spread, 0.5 * altitude_spread
    return None


def _approach(sim: Simulation, v_min: float, cruise_kcas: float) -> tuple[float | None, float]:
    """The approach speed [KCAS] (None: none found) and its flap command (module doc, step 5)."""
    has_flaps = sim.fdm.get_property_manager().get_node(FLAPS) is not None
    ladders = [(1.0, FLAPS_APPROACH_FACTORS)] if has_flaps and _flaps_act(sim, v_min) else []
    for flaps, factors in [*ladders, (0.0, APPROACH_FACTORS)]:
        settings = {FLAPS: flaps} if has_flaps else {}
        for kcas in (round(k * v_min, 1) for k in factors):
            if kcas >= cruise_kcas:
                continue
            points = [(APPROACH_CHECK_FT, kcas, -GLIDE_PATH_DEG), *_approach_starts(kcas)]
            if all(_trims(sim, *point, settings) for point in points):
                return kcas, flaps
    return None, 0.0


def _flaps_act(sim: Simulation, v_min: float) -> bool:
    """Whether full flaps change the angle of attack the approach descent trims at (1.3
    ``v_min``, :data:`APPROACH_CHECK_FT`) by more than 0.01°: a model may have the flap
    command and its actuator but no aerodynamics that read them (our generated aircraft),
    and a profile saying it flies with full flaps would mislead. True when either trim
    fails (the flaps then change something)."""
    point = (APPROACH_CHECK_FT, round(FLAPS_APPROACH_FACTORS[0] * v_min, 1), -GLIDE_PATH_DEG)
    alphas = []
    for flaps in (0.0, 1.0):
        if not _trims(sim, *point, {FLAPS: flaps}):
            return True
        alphas.append(sim["aero/alpha-deg"])
    return abs(alphas[1] - alphas[0]) > 0.01


def _glide_approach(sim: Simulation, v_min: float) -> tuple[float | None, str]:
    """A glider's approach speed [KCAS]: where its glide, trimmed at
    :data:`APPROACH_CHECK_FT`, descends at the glide path's :data:`GLIDE_PATH_DEG`, found on
    :data:`GLIDE_APPROACH_FACTORS` times ``v_min`` beyond its flattest glide (where the
    glide steepens with speed, so pitching up brings it back up to the path) and
    interpolated linearly between the two speeds around it; the corners of
    LandingApproach's random starts must glide-trim too. None, why and what to do, when
    even its flattest glide is steeper, or none is as steep."""
    glides: list[tuple[float, float]] = []  # (KCAS, flight path [deg])
    for kcas in (round(k * v_min, 1) for k in GLIDE_APPROACH_FACTORS):
        if _trims(sim, APPROACH_CHECK_FT, kcas, 0.0) and sim.trim_result is not None:
            glides.append((kcas, sim.trim_result.values["flight-path/gamma-deg"]))
    path = f"the {GLIDE_PATH_DEG:g}° glide path"
    if not glides:
        return None, (
            f"glide-trims at no speed from {v_min:.0f} KCAS at {APPROACH_CHECK_FT:.0f} ft; "
            f"{APPROACH_ADVICE}"
        )
    flattest = max(range(len(glides)), key=lambda i: glides[i][1])
    v_flat, g_flat = glides[flattest]
    if g_flat <= -GLIDE_PATH_DEG:
        return None, (
            f"glides at {-g_flat:.1f}° at its flattest ({v_flat:.0f} KCAS), steeper than {path} "
            "it would have to fly down; no approach speed brings it down the path: fly it in "
            "AttitudeTracking or Waypoints"
        )
    for (v0, g0), (v1, g1) in itertools.pairwise(glides[flattest:]):
        if g0 > -GLIDE_PATH_DEG >= g1:
            kcas = round(v0 + (v1 - v0) * (g0 + GLIDE_PATH_DEG) / (g0 - g1), 1)
            if all(_trims(sim, *point) for point in _approach_starts(kcas)):
                return kcas, ""
            return None, (
                f"glides at {GLIDE_PATH_DEG:g}° at {kcas:.0f} KCAS, but fails to glide-trim "
                f"over LandingApproach's random starts around it (±3 kt); {APPROACH_ADVICE}"
            )
    v_last, g_last = glides[-1]
    return None, (
        f"glides flatter than {path} from its flattest glide ({-g_flat:.1f}° at "
        f"{v_flat:.0f} KCAS) up to the fastest it glide-trims at ({-g_last:.1f}° at "
        f"{v_last:.0f} KCAS; slower, it glides steeper, but on the back of its polar, where "
        f"pitching up to regain the path steepens it), and has no engine to descend on it "
        f"otherwise; {APPROACH_ADVICE} (flaps or airbrakes that steepen its glide)"
    )


def _approach_starts(kcas: float) -> list[tuple[float, float, float]]:
    """The corners (altitude [ft], KCAS, flight path [deg]) of LandingApproach's random
    starts for an approach at ``kcas``: nearest and farthest, slowest and fastest."""
    task = LandingApproach
    points = []
    for near_or_far in (-1.0, 1.0):
        for slow_or_fast in (-1.0, 1.0):
            start = task.on_glide_path(
                task.start_distance_s * (1.0 + near_or_far * task.start_distance_spread),
                kcas + slow_or_fast * task.start_speed_spread_kts,
            )
            points.append((start.altitude_ft, start.kcas, start.flight_path_deg))
    return points


def _trims(
    sim: Simulation,
    altitude_ft: float,
    kcas: float,
    flight_path_deg: float,
    settings: Mapping[str, float] | None = None,
) -> bool:
    """Whether ``sim`` trims for steady flight at the point (``full``, or ``glide`` without
    engines: then at the flight path the glide takes); it is left there, trimmed or not."""
    _place(sim, altitude_ft, kcas, flight_path_deg)
    try:
        # the IC now holds the point (the glide solve's writes are overwritten or solved anew)
        mode = steady_flight_mode(sim.engine_count)  # a search: its failures not diagnosed
        sim.reset(settings, trim=mode, reuse_model=True, diagnose=False)
    except TrimError:
        return False
    return True


def _place(sim: Simulation, altitude_ft: float, kcas: float, flight_path_deg: float) -> None:
    """Write the point into JSBSim's initial conditions: altitude [ft], calibrated
    airspeed [kt] and flight path angle [deg]."""
    sim["ic/h-sl-ft"] = altitude_ft
    sim["ic/vc-kts"] = kcas
    sim["ic/gamma-deg"] = flight_path_deg
