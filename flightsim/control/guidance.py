"""Guidance laws: the heading and altitude an autopilot should hold to follow a path.

Straight-line path following after Beard & McLain, *Small Unmanned Aircraft:
Theory and Practice* (2012), section 10.2: with the path's course χ_q and the
aircraft's signed cross-track error e [ft, positive right of the path], the
commanded course is

    χ_c = χ_q − χ_∞ · (2/π) · atan(k · e)

which turns toward the path at up to χ_∞ when far from it and settles on the
path's course close to it. The same law flies a localizer; a glide path is an
altitude target that descends along the track (Kayton & Fried, *Avionics
Navigation Systems*, 2nd ed., 1997, ch. 13: ILS geometry).

Positions are local north/east [ft] on a flat earth, headings true [deg].
"""

from __future__ import annotations

import math

_DEG = 180.0 / math.pi


def bearing_deg(north_ft: float, east_ft: float) -> float:
    """True bearing [deg, 0..360) of a displacement ``(north_ft, east_ft)``."""
    return math.atan2(east_ft, north_ft) * _DEG % 360.0


def track_errors(
    north_ft: float,
    east_ft: float,
    start: tuple[float, float],
    end: tuple[float, float],
) -> tuple[float, float, float]:
    """Along-track distance to go [ft], cross-track error [ft, right positive], course [deg].

    The path runs from ``start`` to ``end`` (north, east [ft]); the distance to
    go is measured along it to ``end`` (negative once past it).
    """
    dn, de = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dn, de)
    if length == 0.0:
        raise ValueError("a path needs two distinct points")
    un, ue = dn / length, de / length
    rn, re_ = north_ft - start[0], east_ft - start[1]
    along = rn * un + re_ * ue
    cross = -rn * ue + re_ * un
    return length - along, cross, bearing_deg(dn, de)


def line_following_heading(
    cross_track_ft: float,
    path_course_deg: float,
    *,
    approach_deg: float = 60.0,
    gain_per_ft: float = 1.0 / 600.0,
) -> float:
    """Heading command [deg] toward and along a straight path (Beard & McLain eq. 10.8).

    ``approach_deg`` is χ_∞, the intercept angle far from the path [deg];
    ``gain_per_ft`` is k [1/ft], how sharply the intercept fades near it.
    """
    correction = approach_deg * 2.0 / math.pi * math.atan(gain_per_ft * cross_track_ft)
    return (path_course_deg - correction) % 360.0


def glide_path_altitude_ft(
    distance_to_go_ft: float,
    threshold_altitude_ft: float,
    glide_path_deg: float = 3.0,
    crossing_height_ft: float = 50.0,
) -> float:
    """Altitude [ft] of a glide path at ``distance_to_go_ft`` before the threshold.

    The path crosses the threshold at ``crossing_height_ft`` above it and rises
    at ``glide_path_deg`` (3° is the ILS standard, ICAO Annex 10).
    """
    rise = math.tan(glide_path_deg / _DEG) * max(distance_to_go_ft, 0.0)
    return threshold_altitude_ft + crossing_height_ft + rise
