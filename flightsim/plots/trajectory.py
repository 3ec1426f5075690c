"""Where the runs went: a ground track (east/north) and a 3D trajectory.

Positions come from :mod:`flightsim.plots.track` in metres east/north of the
first run's start and are shown in m (``units="si"``) or ft (``"imperial"``),
altitude MSL likewise. Start points are circles, end points squares, waypoints
black triangles with their names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter
from mpl_toolkits.mplot3d import Axes3D  # type: ignore[import-untyped]

from flightsim.errors import ConfigError
from flightsim.plots.canvas import (
    Recordings,
    add_run_legend,
    as_list,
    figure_of,
    new_figure,
    owns_title,
    run_labels,
    set_title,
)
from flightsim.plots.decimate import DEFAULT_MAX_POINTS, minmax_indices
from flightsim.plots.handles import MissingProperties, PlotHandle, PlotResult
from flightsim.plots.quantities import (
    ALTITUDE,
    EAST_FT,
    EAST_UNSIGNED,
    LATITUDE,
    LONGITUDE,
    NORTH_FT,
    NORTH_UNSIGNED,
    check_unit_system,
    display_unit,
    to_display,
)
from flightsim.plots.style import run_color, style_context
from flightsim.plots.track import Track, Waypoint, track, track_origin
from flightsim.sim.recording import Recording

GROUND_TRACK_TITLE = "Ground track"
TRAJECTORY_3D_TITLE = "3D trajectory"

_POSITION_NEEDED = (
    (
        "position",
        (
            f"{LATITUDE.properties[0]} + {LONGITUDE.properties[0]}",
            f"{NORTH_FT.properties[0]} + {EAST_FT.properties[0]}",
            f"{NORTH_UNSIGNED.properties[0]} + {EAST_UNSIGNED.properties[0]}",
        ),
    ),
)
_THOUSANDS = FuncFormatter(lambda value, _pos: f"{value:,.0f}")


def _tracks(
    recordings: Sequence[Recording],
) -> tuple[list[Track | None], tuple[float, float] | None]:
    origin = track_origin(recordings)
    return [track(rec, origin) for rec in recordings], origin


def _thin(tr: Track, max_points: int) -> np.ndarray:
    """Indices keeping the extremes of east, north and altitude."""
    keep = [minmax_indices(tr.east_m, max_points), minmax_indices(tr.north_m, max_points)]
    if tr.altitude_m is not None:
        keep.append(minmax_indices(tr.altitude_m, max_points))
    return np.unique(np.concatenate(keep))


def _notes(tracks: Sequence[Track | None], names: Sequence[str]) -> list[str]:
    notes = [f"{names[i]}: {tr.note}" for i, tr in enumerate(tracks) if tr and tr.note]
    lacking = [names[i] for i, tr in enumerate(tracks) if tr is None]
    if lacking:
        notes.append(f"no position recorded in {', '.join(lacking)}")
    return notes


def plot_ground_track(
    recordings: Recordings,
    *,
    units: str = "imperial",
    labels: Sequence[str] | None = None,
    waypoints: Sequence[Waypoint] = (),
    fig: Figure | None = None,
    ax: Axes | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> PlotResult:
    """Ground track: north against east [ft | m] from the first run's start, equal scales.

    Start (circle) and end (square) of each run, and ``waypoints`` (triangles).
    Returns a handle with lines keyed ``("track", run)``, or MissingProperties.
    """
    recs = as_list(recordings)
    system = check_unit_system(units)
    names = run_labels(recs, labels)
    tracks, origin = _tracks(recs)
    if all(tr is None for tr in tracks):
        return MissingProperties(GROUND_TRACK_TITLE, _POSITION_NEEDED)
    unit = display_unit("m", system)
    with style_context():
        axes = ax if ax is not None else (fig or new_figure()).add_subplot()
        handle = PlotHandle(
            GROUND_TRACK_TITLE, figure_of(axes), [axes], notes=_notes(tracks, names)
        )
        for ri, tr in enumerate(tracks):
            if tr is None:
                continue
            keep = _thin(tr, max_points)
            east, north = to_display(tr.east_m, "m", unit), to_display(tr.north_m, "m", unit)
            (line,) = axes.plot(east[keep], north[keep], color=run_color(ri), label=names[ri])
            handle.lines[("track", ri)] = line
            axes.plot(east[0], north[0], "o", color=run_color(ri), ms=8, mec="white")
            axes.plot(east[-1], north[-1], "s", color=run_color(ri), ms=8, mec="white")
        _draw_waypoints(axes, waypoints, origin, unit, handle)
        axes.set_aspect("equal", adjustable="datalim")
        axes.xaxis.set_major_formatter(_THOUSANDS)
        axes.yaxis.set_major_formatter(_THOUSANDS)
        axes.set_xlabel(f"East [{unit}]")
        axes.set_ylabel(f"North [{unit}]")
        axes.legend(handles=_marker_legend(bool(waypoints)), loc="best")
        set_title(handle, ax)
        add_run_legend(handle.figure, axes, names, owns_title(ax))
    return handle


def _marker_legend(with_waypoints: bool) -> list[Line2D]:
    entries = [
        Line2D([], [], marker="o", color="0.3", ls="", ms=7, label="start"),
        Line2D([], [], marker="s", color="0.3", ls="", ms=7, label="end"),
    ]
    if with_waypoints:
        entries.append(Line2D([], [], marker="^", color="black", ls="", ms=7, label="waypoint"))
    return entries


def _draw_waypoints(
    axes: Axes,
    waypoints: Sequence[Waypoint],
    origin: tuple[float, float] | None,
    unit: str,
    handle: PlotHandle,
) -> None:
    for wp in waypoints:
        local = wp.local_m(origin)
        if local is None:
            handle.notes.append(f"waypoint {wp.name}: given by lat/lon but no run records them")
            continue
        east, north = (float(to_display(np.array(v), "m", unit)) for v in local)
        axes.plot(east, north, "^", color="black", ms=9)
        axes.annotate(wp.name, (east, north), xytext=(5, 5), textcoords="offset points")


def plot_trajectory_3d(
    recordings: Recordings,
    *,
    units: str = "imperial",
    labels: Sequence[str] | None = None,
    fig: Figure | None = None,
    ax: Axes | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> PlotResult:
    """3D trajectory: east, north [ft | m] from the first run's start and altitude MSL.

    The ground track is drawn faintly on the floor of the box. East and north
    share one scale; altitude changes are usually small against the distance
    flown, so the vertical is exaggerated by a round factor (1, 2, 5, 10, ...)
    stated in the altitude label (``"Altitude MSL [ft], ×20 vertical"``). ``ax``
    must be a 3D axes (``fig.add_subplot(projection="3d")``). Lines keyed
    ``("trajectory", run)``.
    """
    recs = as_list(recordings)
    system = check_unit_system(units)
    names = run_labels(recs, labels)
    tracks, _origin = _tracks(recs)
    usable = [tr if tr is not None and tr.altitude_m is not None else None for tr in tracks]
    if all(tr is None for tr in usable):
        needed = (*_POSITION_NEEDED, (ALTITUDE.label, ALTITUDE.properties))
        return MissingProperties(TRAJECTORY_3D_TITLE, needed)
    if ax is not None and ax.name != "3d":
        raise ConfigError("plot_trajectory_3d needs a 3D axes: fig.add_subplot(projection='3d')")
    unit = display_unit("m", system)
    with style_context():
        created = ax if ax is not None else (fig or new_figure()).add_subplot(projection="3d")
        axes = cast(Axes3D, created)
        handle = PlotHandle(TRAJECTORY_3D_TITLE, figure_of(axes), [axes])
        handle.notes.extend(_notes(usable, names))
        floor = min(
            float(np.nanmin(tr.altitude_m)) for tr in usable if tr and tr.altitude_m is not None
        )
        for ri, tr in enumerate(usable):
            if tr is None or tr.altitude_m is None:
                continue
            keep = _thin(tr, max_points)
            east = to_display(tr.east_m[keep], "m", unit)
            north = to_display(tr.north_m[keep], "m", unit)
            up = to_display(tr.altitude_m[keep], "m", unit)
            (line,) = axes.plot(east, north, up, color=run_color(ri), label=names[ri])
            handle.lines[("trajectory", ri)] = line
            ground = np.full_like(east, to_display(np.array(floor), "m", unit))
            axes.plot(east, north, ground, color=run_color(ri), alpha=0.25, lw=1.0)
            axes.plot([east[0]], [north[0]], [up[0]], "o", color=run_color(ri), ms=7)
            axes.plot([east[-1]], [north[-1]], [up[-1]], "s", color=run_color(ri), ms=7)
        axes.set_xlabel(f"East [{unit}]")
        axes.set_ylabel(f"North [{unit}]")
        exaggeration = _scale_box(axes)
        note = f", ×{exaggeration:g} vertical" if exaggeration > 1 else ""
        axes.set_zlabel(f"Altitude MSL [{unit}]{note}")
        set_title(handle, ax)
        add_run_legend(handle.figure, axes, names, owns_title(ax))
    return handle


_MIN_BOX_FRACTION = 0.05  # smallest box side, as a fraction of the longest (a straight track)
_VERTICAL_BOX_FRACTION = 0.4  # box height aimed at, as a fraction of the horizontal span


def _scale_box(axes: Axes3D) -> float:
    """Give the 3D box one scale for east and north, and the vertical a round
    exaggeration so the box is at least ~0.4 as tall as it is wide; return it.
    """
    (x0, x1), (y0, y1), (z0, z1) = axes.get_xlim3d(), axes.get_ylim3d(), axes.get_zlim3d()
    dx, dy, dz = x1 - x0, y1 - y0, z1 - z0
    span = max(dx, dy)
    if not (span > 0.0 and dz > 0.0):
        return 1.0
    factor = _round_down_125(_VERTICAL_BOX_FRACTION * span / dz)
    least = _MIN_BOX_FRACTION * span
    axes.set_box_aspect((max(dx, least), max(dy, least), max(dz * factor, least)))
    return factor


def _round_down_125(value: float) -> float:
    """The largest of 1, 2, 5, 10, 20, 50 ... not above ``value`` (1 when ``value`` < 1)."""
    if value < 1.0:
        return 1.0
    decade = 10.0 ** math.floor(math.log10(value))
    return max(step * decade for step in (1.0, 2.0, 5.0) if step * decade <= value)
