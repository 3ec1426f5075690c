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
2. the slowest speed of a ladder from 1 to 4 times that guess at which the
   aircraft trims level at the profile altitude (4000 ft below a 80 kt
   guess, else 10 000 ft): ``V_min``;
3. cruise at 1.7 ``V_min`` (or 1.5, 1.35 when the engines cannot hold it),
   checked at the four corners of the random starts (±6 % of the speed, at
   most 8 kt; ±1000 ft, halved once if a corner fails);
4. the approach: the slowest of 1.3, 1.45, 1.6 ``V_min`` that trims in a 3°
   descent at 1000 ft with full flaps (``fcs/flap-cmd-norm`` 1, when the
   aircraft has it), else clean at 1.3 to 2.3 ``V_min`` (a clean jet may need
   the thrust of a faster descent), and never faster than the cruise.

It takes a few dozen trims (a second or two on a jet); the result is kept
for the process, by aircraft file and modification time. An aircraft without
engines is refused: the tasks hold and change altitude, which an aircraft without power cannot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from flightsim.envs.profiles import FLAPS, FPS_PER_KT, AircraftProfile
from flightsim.errors import ConfigError, TrimError
from flightsim.paths import AircraftLocation, Folders
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

SEA_LEVEL_DENSITY = 0.0023769
"""ISA sea-level air density [slug/ft³]."""
CL_MAX_GUESS = 1.4
"""Clean maximum lift coefficient of the first stall-speed guess (Raymer §12.4)."""
SLOW_LADDER = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
"""Multiples of the stall-speed guess tried, slowest first, for the slowest level trim."""
CRUISE_FACTORS = (1.7, 1.5, 1.35)
"""Cruise candidates, multiples of the slowest level trim."""
FLAPS_APPROACH_FACTORS = (1.3, 1.45, 1.6)
"""Approach candidates with full flaps, multiples of the slowest (clean) level trim."""
APPROACH_FACTORS = (1.3, 1.45, 1.6, 1.8, 2.0, 2.3)
"""Clean approach candidates, multiples of the slowest level trim."""
APPROACH_CHECK_FT = 1000.0
"""Altitude [ft] at which the approach descent is trimmed."""
GLIDE_PATH_DEG = 3.0
"""The approach's descent [deg]."""

_DERIVED: dict[tuple[str, int], tuple[AircraftProfile, bool]] = {}


def derived_profile(
    location: AircraftLocation,
    aircraft_dirs: Folders = (),
    *,
    approach: bool = False,
    guard: bool | None = None,
) -> AircraftProfile:
    """The profile of ``location``'s aircraft, found by trimming it (see the module docstring).

    Raises :class:`ConfigError` when it has no engine, trims nowhere on the
    ladder, or (``approach``: for the landing task) trims in no 3° descent.
    """
    key = (str(location.main_file), location.main_file.stat().st_mtime_ns)
    if key not in _DERIVED:
        _DERIVED[key] = _derive(location, aircraft_dirs, guard)
    profile, approach_trims = _DERIVED[key]
    if approach and not approach_trims:
        raise ConfigError(
            f"{location.name} trims in no {GLIDE_PATH_DEG:g}° descent slower than its cruise "
            f"({profile.cruise_kcas:.0f} KCAS), with or without flaps; give the environment "
            "profile=AircraftProfile(approach_kcas=..., approach_flaps=...) it descends with"
        )
    return profile


def _not_fixed_wing(sim: Simulation) -> str:
    """What ``sim``'s aircraft is, when not an aeroplane: ``"a rotorcraft"`` (JSBSim's
    rotor properties, ``metrics/rotor/`` or a rotor thruster's), ``"lighter than air"`` (gas
    cells, ``buoyant_forces/gas-cell``); else ""."""

    def has(prefix: str) -> bool:
        return any("/" in line for line in sim.fdm.query_property_catalog(prefix).splitlines())

    if has("metrics/rotor/") or has("/rotor-rpm"):
        return "a rotorcraft"
    if has("buoyant_forces/gas-cell"):
        return "lighter than air"
    return ""


def _derive(
    location: AircraftLocation, aircraft_dirs: Folders, guard: bool | None
) -> tuple[AircraftProfile, bool]:
    """The profile, and whether its approach speed trims (else it is the slowest level trim)."""
    name = location.name
    advice = f"give the environment profile=AircraftProfile(...) with speeds {name} flies at"
    ic = InitialConditions(altitude_ft=4000.0, kcas=100.0)
    with Simulation(location, ic=ic, record=None, aircraft_dirs=aircraft_dirs, guard=guard) as sim:
        if sim.fdm.get_propulsion().get_num_engines() == 0:
            raise ConfigError(
                f"{name} has no engine: the environments' tasks hold and change altitude, "
                "which an aircraft without power cannot; fly it with flightsim.Simulation "
                "(a glider: trim mode 'glide')"
            )
        kind = _not_fixed_wing(sim)
        if kind:
            raise ConfigError(
                f"{name} is {kind}: the environments' random starts, trims and tasks are "
                "those of a fixed-wing aircraft flying on its wings; fly it with "
                "flightsim.Simulation, or give the environment profile=AircraftProfile(...) "
                "with the speeds it flies at"
            )
        weight_lbf, area_ft2 = sim["inertia/weight-lbs"], sim["metrics/Sw-sqft"]
        if not (weight_lbf > 0.0 and area_ft2 > 0.0):
            raise ConfigError(  # a broken model: no profile would make it fly
                f"{name}: weight {weight_lbf:g} lbf, wing area {area_ft2:g} ft²: both must be "
                f"positive for it to fly; check it with 'flightsim validate {location.folder}'"
            )
        stall_kcas = (
            math.sqrt(2.0 * weight_lbf / (SEA_LEVEL_DENSITY * area_ft2 * CL_MAX_GUESS)) / FPS_PER_KT
        )
        altitude = 4000.0 if stall_kcas < 80.0 else 10000.0
        slowest = _first(sim, [(altitude, round(k * stall_kcas, 1), 0.0) for k in SLOW_LADDER])
        if slowest is None:
            raise ConfigError(
                f"{name} trims level nowhere between {SLOW_LADDER[0] * stall_kcas:.0f} and "
                f"{SLOW_LADDER[-1] * stall_kcas:.0f} KCAS at {altitude:.0f} ft; {advice}"
            )
        v_min = slowest[1]
        cruise = _first(sim, [(altitude, round(k * v_min, 1), 0.0) for k in CRUISE_FACTORS])
        cruise_kcas = cruise[1] if cruise is not None else v_min
        speed_spread = round(min(8.0, 0.06 * cruise_kcas), 1)
        altitude_spread = 1000.0
        for _ in range(2):
            corners = [
                (altitude + da * altitude_spread, cruise_kcas + dv * speed_spread, 0.0)
                for da in (-1.0, 1.0)
                for dv in (-1.0, 1.0)
            ]
            if all(_trims(sim, *corner) for corner in corners):
                break
            speed_spread, altitude_spread = 0.5 * speed_spread, 0.5 * altitude_spread
        else:
            raise ConfigError(
                f"{name} trims level at {cruise_kcas:.0f} KCAS, {altitude:.0f} ft, but not over "
                f"the box of random starts around it (±{4 * speed_spread:.1f} kt, "
                f"±{4 * altitude_spread:.0f} ft, nor half that); {advice}"
            )
        approach, flaps = _approach(sim, v_min, cruise_kcas)
        approach_kcas = approach if approach is not None else v_min
    profile = AircraftProfile(
        cruise_kcas=cruise_kcas,
        altitude_ft=altitude,
        approach_kcas=approach_kcas,
        approach_flaps=flaps,
        speed_spread_kts=speed_spread,
        altitude_spread_ft=altitude_spread,
    )
    return profile, approach is not None


def _approach(sim: Simulation, v_min: float, cruise_kcas: float) -> tuple[float | None, float]:
    """The approach speed [KCAS] (None: none found) and its flap command (see step 4)."""
    has_flaps = sim.fdm.get_property_manager().get_node(FLAPS) is not None
    ladders = [(1.0, FLAPS_APPROACH_FACTORS)] if has_flaps else []
    for flaps, factors in [*ladders, (0.0, APPROACH_FACTORS)]:
        speeds = [round(k * v_min, 1) for k in factors if k * v_min < cruise_kcas]
        settings = {FLAPS: flaps} if has_flaps else {}
        found = _first(sim, [(APPROACH_CHECK_FT, v, -GLIDE_PATH_DEG) for v in speeds], settings)
        if found is not None:
            return found[1], flaps
    return None, 0.0


def _first(
    sim: Simulation,
    points: Sequence[tuple[float, float, float]],
    settings: Mapping[str, float] | None = None,
) -> tuple[float, float, float] | None:
    """The first point (altitude [ft], KCAS, flight path [deg]) at which ``sim`` trims
    (with ``settings`` written before each trim)."""
    return next((p for p in points if _trims(sim, *p, settings or {})), None)


def _trims(
    sim: Simulation,
    altitude_ft: float,
    kcas: float,
    flight_path_deg: float,
    settings: Mapping[str, float] | None = None,
) -> bool:
    """Whether ``sim`` trims (full) at the point; it is left there, trimmed or not."""
    sim["ic/h-sl-ft"] = altitude_ft
    sim["ic/vc-kts"] = kcas
    sim["ic/gamma-deg"] = flight_path_deg
    try:
        sim.reset(settings, trim="full")  # the IC now holds the point
    except TrimError:
        return False
    return True
