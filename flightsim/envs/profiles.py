"""Per-aircraft flight envelopes the environments draw their starts and targets from.

The environments are aircraft-agnostic: what changes between a Cessna 172 and
an F-16 is where they cruise, how fast they approach and how hard they may
bank. A profile holds those numbers; tasks scale their distances by the cruise
speed (a waypoint leg is so many seconds of flight, not so many feet).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields

from flightsim.atmosphere import isa
from flightsim.envs.arguments import checked_keywords, quantity
from flightsim.errors import ConfigError
from flightsim.paths import AircraftLocation, jsbsim_root
from flightsim.units import FT_M, KT_M_S

FPS_PER_KT = KT_M_S / FT_M
"""Feet per second in one knot."""
FLAPS = "fcs/flap-cmd-norm"
"""JSBSim's usual flap command property (0 to 1): the approach is flown with the
profile's ``approach_flaps`` on it."""


@dataclass(frozen=True)
class AircraftProfile:
    """Where an aircraft flies: speeds [KCAS], altitude [ft MSL], limits [deg].

    ``cruise_kcas``/``altitude_ft``: the centre of the random starts of the
    cruise tasks; ``approach_kcas``: the landing approach speed;
    ``max_bank_deg``/``max_pitch_deg``: what targets ask for at most;
    ``speed_spread_kts``/``altitude_spread_ft``: half-widths of the random
    starts around the centre; ``approach_flaps``: the flap command
    (``fcs/flap-cmd-norm``, 0 to 1) the landing approach is flown with. Each
    field but the last takes a number in the unit its name ends in, or a
    quantity (``cruise_kcas="51 m/s"``, ``altitude_ft="1200 m"``,
    ``max_bank_deg="0.5 rad"``).
    """

    cruise_kcas: float = 100.0
    altitude_ft: float = 4000.0
    approach_kcas: float = 75.0
    max_bank_deg: float = 30.0
    max_pitch_deg: float = 8.0
    speed_spread_kts: float = 8.0
    altitude_spread_ft: float = 1000.0
    approach_flaps: float = 0.0

    def __post_init__(self) -> None:
        flaps = self.approach_flaps
        if not (isinstance(flaps, (int, float)) and 0.0 <= flaps <= 1.0):
            raise ConfigError(
                f"AircraftProfile.approach_flaps={flaps!r}: give the flap command, 0 to 1"
            )
        for f in fields(self):
            if f.name == "approach_flaps":
                continue
            unit, bound = _FIELDS[f.name]
            value = quantity(f"AircraftProfile.{f.name}", getattr(self, f.name), unit, bound)
            object.__setattr__(self, f.name, value)
        for name, limit in (("max_bank_deg", 90.0), ("max_pitch_deg", 60.0)):
            if not getattr(self, name) < limit:  # beyond, the env ends the episode: "attitude"
                raise ConfigError(
                    f"AircraftProfile.{name}={getattr(self, name):g} deg: must be < {limit:g} "
                    f"deg (an episode ends, failed, beyond {limit:g}°)"
                )
        if not self.speed_spread_kts < self.cruise_kcas:
            raise ConfigError(
                "AircraftProfile: speed_spread_kts must be < cruise_kcas (got "
                f"{self.speed_spread_kts:g} and {self.cruise_kcas:g} kt): starts would be "
                "drawn at no airspeed"
            )
        if not self.altitude_ft - self.altitude_spread_ft >= 1500.0:
            raise ConfigError(
                "AircraftProfile: altitude_ft - altitude_spread_ft must be >= 1500 ft "
                f"(got {self.altitude_ft:g} - {self.altitude_spread_ft:g}): starts stay clear "
                "of the ground"
            )

    @property
    def cruise_fps(self) -> float:
        """Cruise speed [ft/s] (calibrated, a scale for distances)."""
        return self.cruise_kcas * FPS_PER_KT

    @property
    def cruise_tas_fps(self) -> float:
        """True airspeed [ft/s] of the cruise at :attr:`altitude_ft` (ISA): ``V_c / √σ``, the
        equivalent-airspeed relation at low Mach (Anderson, *Introduction to Flight*, §3.12).
        Turns follow it: radius and rate depend on the true airspeed."""
        return self.cruise_fps / math.sqrt(isa(self.altitude_ft * FT_M).sigma)


# a misspelt field (cruise_kts=) is a ConfigError with did-you-mean, as the env's keywords
AircraftProfile.__init__ = checked_keywords(AircraftProfile.__init__)  # type: ignore[method-assign]

_FIELDS: dict[str, tuple[str, str | None]] = {
    "cruise_kcas": ("KTS", ">"),
    "altitude_ft": ("FT", None),
    "approach_kcas": ("KTS", ">"),
    "max_bank_deg": ("DEG", ">"),
    "max_pitch_deg": ("DEG", ">"),
    "speed_spread_kts": ("KTS", ">="),
    "altitude_spread_ft": ("FT", ">="),
}
"""Each :class:`AircraftProfile` field's unit and bound against 0 (None: any finite value)."""

PROFILES: dict[str, AircraftProfile] = {
    "c172p": AircraftProfile(),
    "c172x": AircraftProfile(),
    "f16": AircraftProfile(
        cruise_kcas=300.0,
        altitude_ft=10000.0,
        approach_kcas=160.0,
        max_bank_deg=45.0,
        speed_spread_kts=20.0,
        altitude_spread_ft=2000.0,
    ),
    "737": AircraftProfile(
        cruise_kcas=250.0,
        altitude_ft=10000.0,
        approach_kcas=150.0,
        approach_flaps=1.0,
        max_bank_deg=25.0,
        speed_spread_kts=15.0,
        altitude_spread_ft=2000.0,
    ),
}
"""Profiles of aircraft bundled with JSBSim; an environment finds others' by trimming them
(:mod:`flightsim.envs.autoprofile`). Only those very aircraft get them (:func:`bundled_profile`)."""


def bundled_profile(location: AircraftLocation) -> AircraftProfile | None:
    """The :data:`PROFILES` entry of ``location`` when it is that aircraft as JSBSim ships it
    (its main file is the bundled one, however reached: by name, by path, through a link);
    None for any other aircraft, even in a folder of the same name (a user's edited copy of
    c172p had flown with the Cessna's speeds whatever its wing)."""
    known = PROFILES.get(location.name)
    if known is None:
        return None
    shipped = jsbsim_root() / "aircraft" / location.name / f"{location.name}.xml"
    try:
        same = os.path.samefile(location.main_file, shipped)
    except OSError:  # either file gone
        return None
    return known if same else None
