"""Typed initial conditions and how they are given to JSBSim.

:class:`InitialConditions` holds where and how the aircraft starts: position,
altitude (above sea level or above ground), one airspeed (KCAS, KTAS or Mach),
heading, flight-path angle, wind, and whether it starts on the ground. Every
field states its unit in its name. :meth:`InitialConditions.ic_properties` lists
the writes to JSBSim's ``ic/`` properties in the order that keeps each value:
location first, then altitude, heading, airspeed, and the flight-path angle
last, as it needs a velocity to act on. JSBSim recomputes the other speeds
from the last one set, using the current altitude: setting the latitude after
``ic/vc-kts`` turns 100 KCAS into 106.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from flightsim.errors import ConfigError
from flightsim.units import FT_M, KT_M_S, as_number, number_or_numeral, parse_quantity

_FT_S_PER_KT = KT_M_S / FT_M

_RANGES: dict[str, tuple[float, float, str]] = {
    "latitude_deg": (-90.0, 90.0, "deg"),
    "longitude_deg": (-360.0, 360.0, "deg"),
    "altitude_ft": (-1500.0, 1.0e6, "ft"),
    "altitude_agl_ft": (0.0, 1.0e6, "ft"),
    "kcas": (0.0, 2000.0, "kt"),
    "ktas": (0.0, 20000.0, "kt"),
    "mach": (0.0, 30.0, ""),
    "heading_deg": (-360.0, 360.0, "deg"),
    "flight_path_deg": (-90.0, 90.0, "deg"),
    "wind_speed_kts": (0.0, 500.0, "kt"),
    "wind_from_deg": (-360.0, 360.0, "deg"),
}
"""Accepted closed interval of every numeric field, and the field's unit."""


@dataclass(frozen=True)
class InitialConditions:
    """Where and how a simulation starts.

    Give at most one altitude (``altitude_ft`` above mean sea level, or
    ``altitude_agl_ft`` above the terrain) and at most one airspeed (``kcas``
    calibrated knots, ``ktas`` true knots, or ``mach``). ``heading_deg`` is the
    true heading, ``flight_path_deg`` the climb angle relative to the air
    (positive up; the same as over the ground when there is no wind).
    ``wind_speed_kts`` blows from ``wind_from_deg`` (true, meteorological
    convention: 270 is a westerly wind). ``on_ground`` starts the aircraft on
    its gear at the terrain (its lowest contact touching; no altitude goes with
    it), at rest over the ground whatever the wind unless an airspeed is given.
    ``engines_running`` None means running when airborne, stopped on the ground.
    ``None`` fields keep JSBSim's defaults (position 0°N 0°E).
    Invalid values (NaN, out of range, two altitudes or two speeds) raise
    :class:`~flightsim.errors.ConfigError`.
    """

    latitude_deg: float | None = None
    longitude_deg: float | None = None
    altitude_ft: float | None = None
    altitude_agl_ft: float | None = None
    kcas: float | None = None
    ktas: float | None = None
    mach: float | None = None
    heading_deg: float = 0.0
    flight_path_deg: float = 0.0
    on_ground: bool = False
    wind_speed_kts: float = 0.0
    wind_from_deg: float = 0.0
    engines_running: bool | None = None

    def __post_init__(self) -> None:
        for name, (low, high, unit) in _RANGES.items():
            value = getattr(self, name)
            if value is None:
                continue
            number = as_number(value)
            if number is None:
                raise ConfigError(f"initial condition {name}: expected a number, got {value!r}")
            value = float(number)
            if not math.isfinite(value):
                raise ConfigError(f"initial condition {name} is {value}: give a finite number")
            if not low <= value <= high:
                raise ConfigError(
                    f"initial condition {name} = {value:g} is outside [{low:g}, {high:g}]"
                    + (f" {unit}" if unit else "")
                )
            object.__setattr__(self, name, float(value))
        if self.altitude_ft is not None and self.altitude_agl_ft is not None:
            raise ConfigError("give altitude_ft (MSL) or altitude_agl_ft (AGL), not both")
        speeds = [n for n in ("kcas", "ktas", "mach") if getattr(self, n) is not None]
        if len(speeds) > 1:
            raise ConfigError(f"give one airspeed, not {' and '.join(speeds)}")
        if self.on_ground and self.flight_path_deg != 0.0:
            raise ConfigError("on_ground with a non-zero flight_path_deg: choose one")
        if self.on_ground and (self.altitude_ft is not None or self.altitude_agl_ft is not None):
            raise ConfigError(
                "on_ground puts the aircraft on its gear at the terrain: give no altitude_ft "
                "or altitude_agl_ft with it (or drop on_ground for a start in the air)"
            )

    # -- constructors ---------------------------------------------------------
    @classmethod
    def from_user(
        cls,
        *,
        latitude: float | str | None = None,
        longitude: float | str | None = None,
        altitude: float | str | None = None,
        altitude_agl: float | str | None = None,
        kcas: float | str | None = None,
        ktas: float | str | None = None,
        mach: float | str | None = None,
        heading: float | str = 0.0,
        flight_path: float | str = 0.0,
        on_ground: bool = False,
        wind_speed: float | str = 0.0,
        wind_from: float | str = 0.0,
        engines_running: bool | None = None,
    ) -> InitialConditions:
        """Build from user inputs with units (``altitude="1200 m"``, ``kcas="51 m/s"``).

        Bare numbers are taken in the field's unit: ft for altitudes, kt for
        speeds and wind, degrees for angles. Mach is dimensionless.
        """

        def q(value: float | str | None, unit: str, name: str) -> float | None:
            return None if value is None else parse_quantity(value, unit, name=name)

        def number(value: float | str | None, name: str) -> float | None:
            if value is None:
                return None
            plain = number_or_numeral(value)
            if plain is None:
                raise ConfigError(f"{name}: cannot read {value!r} as a number")
            return plain

        return cls(
            latitude_deg=q(latitude, "DEG", "latitude"),
            longitude_deg=q(longitude, "DEG", "longitude"),
            altitude_ft=q(altitude, "FT", "altitude"),
            altitude_agl_ft=q(altitude_agl, "FT", "altitude_agl"),
            kcas=q(kcas, "KTS", "kcas"),
            ktas=q(ktas, "KTS", "ktas"),
            mach=number(mach, "mach"),
            heading_deg=parse_quantity(heading, "DEG", name="heading"),
            flight_path_deg=parse_quantity(flight_path, "DEG", name="flight_path"),
            on_ground=on_ground,
            wind_speed_kts=parse_quantity(wind_speed, "KTS", name="wind_speed"),
            wind_from_deg=parse_quantity(wind_from, "DEG", name="wind_from"),
            engines_running=engines_running,
        )

    # -- JSBSim ---------------------------------------------------------------
    @property
    def airborne(self) -> bool:
        """True unless the aircraft starts on the ground."""
        return not self.on_ground

    @property
    def parked(self) -> bool:
        """On the ground with no airspeed given: at rest over the ground, whatever the wind."""
        return self.on_ground and self.kcas is None and self.ktas is None and self.mach is None

    @property
    def wind_north_fps(self) -> float:
        """North component of the air's velocity [ft/s] (wind from north blows south)."""
        return -self.wind_speed_kts * _FT_S_PER_KT * math.cos(math.radians(self.wind_from_deg))

    @property
    def wind_east_fps(self) -> float:
        """East component of the air's velocity [ft/s]."""
        return -self.wind_speed_kts * _FT_S_PER_KT * math.sin(math.radians(self.wind_from_deg))

    def ic_properties(self, rest_agl_ft: float = 0.0) -> list[tuple[str, float]]:
        """The ``ic/`` property writes, in the order they must be made.

        ``rest_agl_ft`` [ft] is the height of an on-ground start (the CG height
        at which its gear touches, see :func:`flightsim.sim.gear.rest_height_ft`).

        The wind is not among them: JSBSim 1.3.3's IC object turns the air or the
        heading when a wind is set, and hands the atmosphere a wind of the
        opposite sign to the one it used for the ground speed. ``Simulation``
        adds the wind to the IC's ground velocity instead and gives the
        atmosphere the air's velocity (``wind_north_fps``, ``wind_east_fps``).
        """
        writes: list[tuple[str, float]] = []
        if self.latitude_deg is not None:
            writes.append(("ic/lat-geod-deg", self.latitude_deg))
        if self.longitude_deg is not None:
            writes.append(("ic/long-gc-deg", self.longitude_deg))
        if self.on_ground:
            writes.append(("ic/h-agl-ft", rest_agl_ft))
        elif self.altitude_ft is not None:
            writes.append(("ic/h-sl-ft", self.altitude_ft))
        elif self.altitude_agl_ft is not None:
            writes.append(("ic/h-agl-ft", self.altitude_agl_ft))
        writes.append(("ic/psi-true-deg", self.heading_deg))
        speed = self._speed_write()
        if speed is not None:
            writes.append(speed)
        writes.append(("ic/gamma-deg", self.flight_path_deg))  # needs a speed to act on
        return writes

    def _speed_write(self) -> tuple[str, float] | None:
        if self.kcas is not None:
            return ("ic/vc-kts", self.kcas)
        if self.ktas is not None:
            return ("ic/vt-kts", self.ktas)
        if self.mach is not None:
            return ("ic/mach", self.mach)
        return ("ic/vc-kts", 0.0) if self.on_ground else None

    def start_engines(self) -> bool:
        """Whether the engines should be running at the start."""
        return self.airborne if self.engines_running is None else self.engines_running

    def describe(self) -> dict[str, float | bool | None]:
        """The fields as a plain dict (for recording metadata)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
