"""Where the aircraft went: east/north positions [m] from a recording.

Sources, preferred first:

1. latitude/longitude (``position/lat-geod-deg`` or ``position/lat-gc-deg`` with
   ``position/long-gc-deg``), projected onto a plane tangent at one origin shared
   by every run (the first run's first sample), so several runs overlay where
   they really flew;
2. JSBSim's signed start-relative position ``position/from-start-neu-n-ft`` /
   ``-e-ft`` (each run from its own start);
3. ``position/distance-from-start-lat-mt`` / ``-lon-mt``: JSBSim gives these as
   unsigned distances, so the track is folded into the north-east quadrant; the
   figure says so in a note.

Waypoints come from the caller (:class:`Waypoint`) and from the recordings'
metadata: a key ``waypoint/<name>`` with the text value ``"<lat>,<lon>"`` in
degrees (``"waypoint/KSFO": "37.619,-122.375"``) marks ``<name>`` there.

Projection: a local equirectangular ("flat earth") approximation on the WGS84
ellipsoid, ``north = Δφ·M(φ0)``, ``east = Δλ·N(φ0)·cos φ0`` with the meridian
radius ``M`` and the prime-vertical radius ``N`` (e.g. Stevens, Lewis & Johnson,
*Aircraft Control and Simulation*, 3rd ed., §1.6). Its error grows with the square
of the distance: under 0.1 % within 100 km of the origin at mid latitudes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from flightsim.errors import ConfigError
from flightsim.plots.quantities import (
    ALTITUDE,
    EAST_FT,
    EAST_UNSIGNED,
    LATITUDE,
    LONGITUDE,
    NORTH_FT,
    NORTH_UNSIGNED,
    Quantity,
    to_display,
)
from flightsim.recording import Recording
from flightsim.units import FT_M, property_unit

WGS84_A_M = 6378137.0
"""WGS84 semi-major axis [m]."""
WGS84_E2 = 6.69437999014e-3
"""WGS84 first eccentricity squared [-]."""

TRACK_SOURCES: tuple[tuple[Quantity, Quantity], ...] = (
    (NORTH_FT, EAST_FT),
    (NORTH_UNSIGNED, EAST_UNSIGNED),
)
"""Start-relative (north, east) sources used when a run has no latitude/longitude."""


@dataclass(frozen=True)
class Track:
    """One run's path: time [s], east/north [m] from the track origin, altitude MSL [m]."""

    time_s: np.ndarray
    east_m: np.ndarray
    north_m: np.ndarray
    altitude_m: np.ndarray | None
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Waypoint:
    """A point to mark on a ground track, at ``east_m``/``north_m`` from the track origin.

    Use :meth:`at` for a waypoint given by latitude and longitude [deg].
    """

    name: str
    east_m: float = 0.0
    north_m: float = 0.0
    lat_lon_deg: tuple[float, float] | None = None

    @classmethod
    def at(cls, name: str, latitude_deg: float, longitude_deg: float) -> Waypoint:
        """A waypoint at geodetic latitude/longitude [deg], placed relative to the track origin.

        Latitude must lie in [-90, 90], longitude in [-180, 360]: ConfigError otherwise.
        """
        if not -90.0 <= latitude_deg <= 90.0 or not -180.0 <= longitude_deg <= 360.0:
            raise ConfigError(
                f"waypoint {name}: latitude {latitude_deg:g} / longitude {longitude_deg:g} "
                "deg out of range: latitude -90..90, longitude -180..360"
            )
        return cls(name, lat_lon_deg=(latitude_deg, longitude_deg))

    @classmethod
    def parse(cls, text: str) -> Waypoint:
        """A waypoint from ``"NAME=LAT,LON"`` [deg], as ``flightsim report --waypoint`` takes it."""
        name, sep, position = text.partition("=")
        if not sep or not name.strip():
            raise ConfigError(
                f"waypoint {text!r}: write NAME=LAT,LON in degrees, e.g. KSFO=37.619,-122.375"
            )
        return cls.at(name.strip(), *parse_lat_lon(position, f"waypoint {name.strip()}"))

    def local_m(self, origin_deg: tuple[float, float] | None) -> tuple[float, float] | None:
        """``(east, north)`` [m] from the origin; ``None`` for a lat/lon waypoint without origin."""
        if self.lat_lon_deg is None:
            return self.east_m, self.north_m
        if origin_deg is None:
            return None
        east, north = project(
            np.array([self.lat_lon_deg[0]]), np.array([self.lat_lon_deg[1]]), origin_deg
        )
        return float(east[0]), float(north[0])


WAYPOINT_PREFIX = "waypoint/"
"""Metadata keys ``waypoint/<name>`` = ``"<lat>,<lon>"`` [deg] name waypoints of a run."""


def parse_lat_lon(text: str, what: str) -> tuple[float, float]:
    """``(latitude, longitude)`` [deg] from ``"LAT,LON"``; ConfigError naming ``what``."""
    parts = text.split(",")
    try:
        lat, lon = (float(part) for part in parts)
    except ValueError:
        raise ConfigError(
            f"{what}: cannot read {text!r} as LAT,LON in degrees, e.g. 37.619,-122.375"
        ) from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ConfigError(f"{what}: {text!r} is not a finite latitude and longitude")
    return lat, lon


def waypoints_from_meta(recordings: Sequence[Recording]) -> tuple[list[Waypoint], list[str]]:
    """The waypoints named in the recordings' metadata (first run first, each name once),
    and notes for ``waypoint/`` keys whose value cannot be read (they are left out)."""
    found: dict[str, Waypoint] = {}
    notes: list[str] = []
    for rec in recordings:
        for key, value in rec.meta.items():
            if not key.startswith(WAYPOINT_PREFIX) or key[len(WAYPOINT_PREFIX) :] in found:
                continue
            name = key[len(WAYPOINT_PREFIX) :]
            try:
                found[name] = Waypoint.at(name, *parse_lat_lon(str(value), f"metadata {key}"))
            except ConfigError as exc:
                notes.append(f"{exc}; left out")
    return list(found.values()), notes


def project(
    latitude_deg: np.ndarray, longitude_deg: np.ndarray, origin_deg: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """``(east, north)`` [m] of lat/lon points [deg] on the plane tangent at ``origin_deg``."""
    lat0 = math.radians(origin_deg[0])
    s2 = WGS84_E2 * math.sin(lat0) ** 2
    meridian_m = WGS84_A_M * (1.0 - WGS84_E2) / (1.0 - s2) ** 1.5
    prime_vertical_m = WGS84_A_M / math.sqrt(1.0 - s2)
    dlon = (longitude_deg - origin_deg[1] + 180.0) % 360.0 - 180.0  # across the date line
    north = np.radians(latitude_deg - origin_deg[0]) * meridian_m
    east = np.radians(dlon) * prime_vertical_m * math.cos(lat0)
    return east, north


def _finite(values: np.ndarray | None) -> bool:
    return values is not None and bool(np.isfinite(values).any())


def track_origin(recordings: Sequence[Recording]) -> tuple[float, float] | None:
    """Latitude/longitude [deg] of the first finite sample of the first run that records them."""
    for rec in recordings:
        lat, lon = LATITUDE.source_property(rec), LONGITUDE.source_property(rec)
        if lat and lon:
            both = np.flatnonzero(np.isfinite(rec[lat]) & np.isfinite(rec[lon]))
            if both.size:
                return float(rec[lat][both[0]]), float(rec[lon][both[0]])
    return None


def track(recording: Recording, origin_deg: tuple[float, float] | None) -> Track | None:
    """The path of one run (``None`` when it records no position with a finite value)."""
    altitude = ALTITUDE.source_property(recording)
    altitude_m = to_display(recording[altitude], property_unit(altitude), "m") if altitude else None
    if not _finite(altitude_m):
        altitude_m = None
    lat, lon = LATITUDE.source_property(recording), LONGITUDE.source_property(recording)
    if lat and lon and origin_deg is not None:
        east, north = project(recording[lat], recording[lon], origin_deg)
        if _finite(east) and _finite(north):
            return Track(recording.time_s, east, north, altitude_m, f"{lat}, {lon}")
    for north_q, east_q in TRACK_SOURCES:
        north_p, east_p = north_q.source_property(recording), east_q.source_property(recording)
        if north_p and east_p and _finite(recording[north_p]) and _finite(recording[east_p]):
            scale = FT_M if north_p.endswith("-ft") else 1.0
            note = None
            if north_q is NORTH_UNSIGNED:
                note = (
                    "position from JSBSim's unsigned distance-from-start-lat/lon-mt: "
                    "directions are folded into north-east; record latitude/longitude "
                    "for a true track"
                )
            return Track(
                recording.time_s,
                recording[east_p] * scale,
                recording[north_p] * scale,
                altitude_m,
                f"{north_p}, {east_p}",
                note,
            )
    return None
