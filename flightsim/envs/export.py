"""Episode trajectories as Tacview ACMI (text, 2.1) and KML files, with the task's marks.

Both take :attr:`flightsim.envs.FlightEnv.track` rows: time [s], north [ft], east [ft],
altitude [ft MSL], φ, θ, ψ [rad], KCAS [kt], latitude, longitude [rad] (read by the
column names of :mod:`flightsim.envs.track`). The environments fly at JSBSim's default
initial position (latitude 0, longitude 0, open sea), so the files place the episode's
origin at ``origin`` (latitude, longitude [deg]; default :data:`EXPORT_ORIGIN`, a
sea-level airfield) and each point at its north/east offset from there, by the
environments' own flat-Earth mapping (:data:`~flightsim.envs.env.EARTH_RADIUS_FT`, the
WGS-84 equatorial radius, north; that radius times cos(latitude) east): the file's
latitude/longitude map back to the track's north/east exactly. The task's
:func:`landmarks` (waypoints, runway threshold) are written as static objects (ACMI) or
placemarks (KML).

ACMI wants degrees and metres (Tacview's "ACMI 2.1 file format" reference:
``T=lon|lat|alt|roll|pitch|yaw``); KML wants degrees and metres in
``lon,lat,alt`` order (OGC KML 2.2, ``<LineString>`` and ``<Point>`` with
``altitudeMode absolute``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

import numpy as np

from flightsim.envs.env import EARTH_RADIUS_FT
from flightsim.envs.tasks.base import H_SL, PHI, PSI, THETA
from flightsim.envs.track import EAST, NORTH, TIME, TRACK_COLUMN
from flightsim.errors import ConfigError
from flightsim.paths import PathLike
from flightsim.units import FT_M

_DEG = 180.0 / math.pi
_POSE = [TIME, *(TRACK_COLUMN[state] for state in (H_SL, PHI, THETA, PSI))]
"""The track columns of an ACMI pose: time [s], altitude [ft MSL], φ, θ, ψ [rad]."""

EXPORT_ORIGIN: tuple[float, float] = (52.3086, 4.7639)
"""Where exported episodes start: latitude, longitude [deg] (Amsterdam Schiphol, at sea
level like the tasks' runway threshold)."""


class Landmark(NamedTuple):
    """A point of the task: ``name``, north and east of the origin [ft], altitude [ft MSL]."""

    name: str
    north_ft: float
    east_ft: float
    altitude_ft: float


def landmarks(task: Any) -> list[Landmark]:
    """The task's waypoints (``waypoint 1`` ...) and runway threshold, if it has them."""
    marks = [
        Landmark(f"waypoint {i + 1}", float(n), float(e), float(h))
        for i, (n, e, h, *_) in enumerate(getattr(task, "waypoints", ()))
    ]
    threshold = getattr(task, "threshold", None)
    if threshold is not None:
        marks.append(Landmark("runway threshold", float(threshold[0]), float(threshold[1]), 0.0))
    return marks


def _lat_lon_deg(
    north_ft: np.ndarray | float, east_ft: np.ndarray | float, origin: tuple[float, float]
) -> tuple[Any, Any]:
    """Latitude, longitude [deg] of points north/east [ft] of ``origin`` [deg].

    The inverse of the environments' mapping (:meth:`StepKernel.local
    <flightsim.envs._stepkernel_pure.StepKernel.local>`) from an origin at ``origin``:
    north = Δlatitude [rad] x R, east = Δlongitude [rad] x R cos(latitude of the
    origin), R = :data:`~flightsim.envs.env.EARTH_RADIUS_FT`.
    """
    lat0, lon0 = math.radians(origin[0]), math.radians(origin[1])
    lat = lat0 + np.asarray(north_ft) / EARTH_RADIUS_FT
    lon = lon0 + np.asarray(east_ft) / (EARTH_RADIUS_FT * math.cos(lat0))
    return lat * _DEG, lon * _DEG


def write_acmi(
    track: np.ndarray,
    path: PathLike,
    *,
    name: str = "aircraft",
    marks: Sequence[Landmark] = (),
    origin: tuple[float, float] = EXPORT_ORIGIN,
) -> None:
    """Write ``track`` (and ``marks`` as static waypoints) as a Tacview ACMI 2.1 text file
    (``path`` ends in ``.acmi``: Tacview opens nothing else)."""
    _check_suffix(path, ".acmi", "Tacview ACMI text", "export_kml writes KML")
    _check_track(track)
    lines = [
        "FileType=text/acmi/tacview",
        "FileVersion=2.1",
        "0,ReferenceTime=2000-01-01T00:00:00Z",
    ]
    lats, lons = _lat_lon_deg(track[:, NORTH], track[:, EAST], origin)
    for i, (t, h, phi, theta, psi) in enumerate(track[:, _POSE]):
        lines.append(f"#{t:.2f}")
        pose = (
            f"{lons[i]:.7f}|{lats[i]:.7f}|{h * FT_M:.1f}|"
            f"{phi * _DEG:.1f}|{theta * _DEG:.1f}|{psi * _DEG % 360:.1f}"
        )
        extra = f",Name={name},Type=Air+FixedWing" if i == 0 else ""
        lines.append(f"1,T={pose}{extra}")
        if i == 0:
            for k, mark in enumerate(marks):
                lat, lon = _lat_lon_deg(mark.north_ft, mark.east_ft, origin)
                lines.append(
                    f"{0x100 + k:x},T={lon:.7f}|{lat:.7f}|{mark.altitude_ft * FT_M:.1f},"
                    f"Name={mark.name},Type=Navaid+Static+Waypoint"
                )
    _write(path, "\n".join(lines) + "\n")


def write_kml(
    track: np.ndarray,
    path: PathLike,
    *,
    name: str = "aircraft",
    marks: Sequence[Landmark] = (),
    origin: tuple[float, float] = EXPORT_ORIGIN,
) -> None:
    """Write ``track`` as a KML document: one absolute-altitude line string, and one
    placemark per landmark in ``marks`` (``path`` ends in ``.kml``)."""
    _check_suffix(path, ".kml", "KML", "export_acmi writes Tacview ACMI")
    _check_track(track)
    lats, lons = _lat_lon_deg(track[:, NORTH], track[:, EAST], origin)
    coords = " ".join(
        f"{lon:.7f},{lat:.7f},{h * FT_M:.1f}"
        for lon, lat, h in zip(lons, lats, track[:, TRACK_COLUMN[H_SL]], strict=True)
    )
    points = []
    for mark in marks:
        lat, lon = _lat_lon_deg(mark.north_ft, mark.east_ft, origin)
        points.append(
            f"<Placemark><name>{escape(mark.name)}</name><Point>"
            "<altitudeMode>absolute</altitudeMode>"
            f"<coordinates>{lon:.7f},{lat:.7f},{mark.altitude_ft * FT_M:.1f}</coordinates>"
            "</Point></Placemark>"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(name)}</name><Placemark><name>{escape(name)} track</name>"
        "<LineString><altitudeMode>absolute</altitudeMode>"
        f"<coordinates>{coords}</coordinates></LineString></Placemark>"
        f"{''.join(points)}</Document></kml>\n"
    )
    _write(path, text)


def _check_suffix(path: PathLike, suffix: str, written: str, other: str) -> None:
    """ConfigError unless ``path`` ends in ``suffix`` (any case): a KML document named
    ``.acmi``, or the reverse, opens in neither program."""
    if not str(path).lower().endswith(suffix):
        raise ConfigError(
            f"cannot write the track {str(path)!r}: this writes {written}, whose files end in "
            f"{suffix}; name the file ...{suffix} ({other})"
        )


def _check_track(track: np.ndarray) -> None:
    """ConfigError for a track without a row (an environment not reset yet): the file would
    hold no aircraft."""
    if len(track) == 0:
        raise ConfigError(
            "the track is empty: reset() the environment (and step it) before exporting its episode"
        )


def _write(path: PathLike, text: str) -> None:
    """Write ``text`` to ``path``, making its folder first (``out/episode.kml``); a
    ConfigError naming the path when it cannot be written."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise unwritable("the track", path, exc) from None


def unwritable(what: str, path: PathLike, exc: OSError) -> ConfigError:
    """The error for ``what`` (``"the report"``) that cannot be written at ``path``."""
    why = (
        f"{exc.filename} is a file, not a folder"  # mkdir's error for a file on the way
        if isinstance(exc, FileExistsError)
        else f"{exc.strerror or exc} ({exc.filename})"
    )
    return ConfigError(
        f"cannot write {what} {str(path)!r}: {why}; choose a file in a folder you can write to"
    )
