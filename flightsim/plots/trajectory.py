"""Where the runs went: a ground track (east/north) and a 3D trajectory.

Positions come from :mod:`flightsim.plots.track` in metres east/north of the
first run's start and are shown in the map units of ``units``: ft, or nautical
miles (nm) when the track spans :data:`NM_FROM_M` or more (``"imperial"``); m, or
km from :data:`KM_FROM_M` (``"si"``). Altitude MSL follows ``units``: ft or m. Start points are
circles, end points squares, waypoints black triangles with their names.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator
from mpl_toolkits.mplot3d import Axes3D, proj3d  # type: ignore[import-untyped]

from flightsim.errors import ConfigError
from flightsim.plots.canvas import (
    FigureLike,
    Recordings,
    add_footnote,
    add_run_legend,
    as_list,
    canvas_of,
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
from flightsim.plots.style import run_color, style_context, with_minus_sign
from flightsim.plots.track import Track, Waypoint, track, track_origin, waypoints_from_meta
from flightsim.recording import Recording

GROUND_TRACK_TITLE = "Ground track"
TRAJECTORY_3D_TITLE = "3D trajectory"
KM_FROM_M = 10_000.0
"""Track extent [m] from which east/north are shown in km instead of m (SI)."""
NM_FROM_M = 1852.0
"""Track extent [m] (1 nm) from which east/north are shown in nm instead of ft (imperial)."""

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
_WHOLE = FuncFormatter(lambda value, _pos: with_minus_sign(f"{value + 0.0:,.0f}"))
_DECIMAL = FuncFormatter(lambda value, _pos: with_minus_sign(f"{value + 0.0:,.6g}"))


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


def _extent_m(tracks: Sequence[Track | None], points: Sequence[tuple[float, float]]) -> float:
    """The larger of the east and north extents [m] of every track and point."""
    east = [tr.east_m for tr in tracks if tr] + [np.array([p[0] for p in points])]
    north = [tr.north_m for tr in tracks if tr] + [np.array([p[1] for p in points])]
    spans = []
    for values in (np.concatenate(east), np.concatenate(north)):
        finite = values[np.isfinite(values)]
        spans.append(float(finite.max() - finite.min()) if finite.size else 0.0)
    return max(spans)


def _map_unit(extent_m: float, units: str) -> str:
    """The unit of map distances for a track of ``extent_m`` [m]: ``"ft"`` or ``"nm"``
    (from :data:`NM_FROM_M`) in imperial units, ``"m"`` or ``"km"`` (from
    :data:`KM_FROM_M`) in SI."""
    if units == "imperial":
        return "nm" if extent_m >= NM_FROM_M else "ft"
    return "km" if extent_m >= KM_FROM_M else "m"


def _map_formatter(unit: str) -> FuncFormatter:
    """Whole numbers for ft and m, significant digits for nm and km."""
    return _WHOLE if unit in ("ft", "m") else _DECIMAL


def _waypoint_positions(
    waypoints: Sequence[Waypoint], origin: tuple[float, float] | None, notes: list[str]
) -> list[tuple[Waypoint, tuple[float, float]]]:
    """Each waypoint with its (east, north) [m]; a lat/lon one without origin is noted."""
    placed = []
    for wp in waypoints:
        local = wp.local_m(origin)
        if local is None:
            notes.append(f"waypoint {wp.name}: given by lat/lon but no run records them")
        else:
            placed.append((wp, local))
    return placed


def _all_waypoints(
    waypoints: Sequence[Waypoint], recordings: Sequence[Recording], notes: list[str]
) -> list[Waypoint]:
    """``waypoints``, then those of the recordings' metadata whose names are new."""
    from_meta, meta_notes = waypoints_from_meta(recordings)
    notes.extend(meta_notes)
    names = {wp.name for wp in waypoints}
    return [*waypoints, *(wp for wp in from_meta if wp.name not in names)]


def plot_ground_track(
    recordings: Recordings,
    *,
    units: str = "imperial",
    labels: Sequence[str] | None = None,
    waypoints: Sequence[Waypoint] = (),
    fig: FigureLike | None = None,
    ax: Axes | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> PlotResult:
    """Ground track: north against east from the first run's start, equal scales.

    Distances are in ft or nm (``units="imperial"``, nm from :data:`NM_FROM_M` of
    extent), m or km (``"si"``, km from :data:`KM_FROM_M`). Start (circle) and
    end (square) of each run, and waypoints (triangles): ``waypoints`` plus those of
    the recordings' ``waypoint/<name>`` metadata. Returns a handle with lines keyed
    ``("track", run)``, or MissingProperties.
    """
    recs = as_list(recordings)
    system = check_unit_system(units)
    names = run_labels(recs, labels)
    tracks, origin = _tracks(recs)
    if all(tr is None for tr in tracks):
        return MissingProperties(GROUND_TRACK_TITLE, _POSITION_NEEDED)
    notes = _notes(tracks, names)
    placed = _waypoint_positions(_all_waypoints(waypoints, recs, notes), origin, notes)
    unit = _map_unit(_extent_m(tracks, [pos for _, pos in placed]), system)
    with style_context():
        axes = ax if ax is not None else (fig or new_figure()).add_subplot()
        canvas = canvas_of(axes, fig)
        handle = PlotHandle(GROUND_TRACK_TITLE, figure_of(axes), [axes], notes=notes)
        for ri, tr in enumerate(tracks):
            if tr is None:
                continue
            keep = _thin(tr, max_points)
            east, north = to_display(tr.east_m, "m", unit), to_display(tr.north_m, "m", unit)
            (line,) = axes.plot(east[keep], north[keep], color=run_color(ri), label=names[ri])
            handle.lines[("track", ri)] = line
            first, last = _finite_ends(east, north)
            axes.plot(east[first], north[first], "o", color=run_color(ri), ms=8, mec="white")
            axes.plot(east[last], north[last], "s", color=run_color(ri), ms=8, mec="white")
        _draw_waypoints(axes, placed, unit)
        axes.set_aspect("equal", adjustable="datalim")
        axes.margins(0.06)
        axes.xaxis.set_major_formatter(_map_formatter(unit))
        axes.yaxis.set_major_formatter(_map_formatter(unit))
        axes.set_xlabel(f"East [{unit}]")
        axes.set_ylabel(f"North [{unit}]")
        axes.legend(handles=_marker_legend(bool(placed)), loc="best")
        set_title(handle, canvas, ax)
        add_run_legend(canvas, axes, names, owns_title(ax))
        if ax is None:
            add_footnote(canvas, handle.notes)
    return handle


def _finite_ends(*columns: np.ndarray) -> tuple[int, int]:
    """Indices of the first and last sample where every column is finite."""
    finite = np.flatnonzero(np.logical_and.reduce([np.isfinite(c) for c in columns]))
    return int(finite[0]), int(finite[-1])


def _marker_legend(with_waypoints: bool) -> list[Line2D]:
    entries = [
        Line2D([], [], marker="o", color="0.3", ls="", ms=7, label="start"),
        Line2D([], [], marker="s", color="0.3", ls="", ms=7, label="end"),
    ]
    if with_waypoints:
        entries.append(Line2D([], [], marker="^", color="black", ls="", ms=7, label="waypoint"))
    return entries


def _draw_waypoints(
    axes: Axes, placed: Sequence[tuple[Waypoint, tuple[float, float]]], unit: str
) -> None:
    """Triangles with names; a name goes on the side of its marker facing the middle of
    the map, so names near an edge stay inside the axes."""
    if not placed:
        return
    east = [float(to_display(np.array(pos[0]), "m", unit)) for _, pos in placed]
    north = [float(to_display(np.array(pos[1]), "m", unit)) for _, pos in placed]
    axes.plot(east, north, "^", color="black", ms=9, ls="")
    data_e = np.concatenate([ln.get_xdata() for ln in axes.get_lines()]).astype(float)
    data_n = np.concatenate([ln.get_ydata() for ln in axes.get_lines()]).astype(float)
    mid_e, mid_n = (
        np.nanmean([np.nanmin(data_e), np.nanmax(data_e)]),
        np.nanmean([np.nanmin(data_n), np.nanmax(data_n)]),
    )
    for (wp, _), e, n in zip(placed, east, north, strict=True):
        right, above = e <= mid_e, n <= mid_n
        axes.annotate(
            wp.name,
            (e, n),
            xytext=(6 if right else -6, 6 if above else -6),
            textcoords="offset points",
            ha="left" if right else "right",
            va="bottom" if above else "top",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )


def plot_trajectory_3d(
    recordings: Recordings,
    *,
    units: str = "imperial",
    labels: Sequence[str] | None = None,
    fig: FigureLike | None = None,
    ax: Axes | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> PlotResult:
    """3D trajectory: east, north from the first run's start and altitude MSL, in the
    units of ``units`` (ft or nm and ft; m or km and m, as :func:`plot_ground_track`).

    The ground track is drawn faintly on the floor of the box. East and north
    share one scale, the shorter side at least :data:`MIN_SIDE_FRACTION` of the
    longer (a straight track still gets a readable box). Altitude changes are
    usually small against the distance flown, so the vertical is exaggerated by a
    round factor (1, 2, 5, 10, 20, 50 at most) stated in the altitude label
    (``"Altitude MSL [ft], ×20 vertical"``); a flight whose altitude varies less
    than :data:`LEVEL_BELOW_M` is level and drawn at true scale. ``ax`` must be a
    3D axes (``fig.add_subplot(projection="3d")``). Lines keyed ``("trajectory", run)``.
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
    drawn = [tr for tr in usable if tr is not None]
    box = _box(drawn)
    unit = _map_unit(max(box.east_m[1] - box.east_m[0], box.north_m[1] - box.north_m[0]), system)
    up_unit = display_unit("m", system)
    with style_context():
        created = ax if ax is not None else (fig or new_figure()).add_subplot(projection="3d")
        axes = cast(Axes3D, created)
        canvas = canvas_of(axes, fig)
        handle = PlotHandle(TRAJECTORY_3D_TITLE, figure_of(axes), [axes])
        handle.notes.extend(_notes(usable, names))
        floor = float(to_display(np.array(box.up_m[0]), "m", up_unit))
        for ri, tr in enumerate(usable):
            if tr is None or tr.altitude_m is None:
                continue
            keep = _thin(tr, max_points)
            east = to_display(tr.east_m[keep], "m", unit)
            north = to_display(tr.north_m[keep], "m", unit)
            up = to_display(tr.altitude_m[keep], "m", up_unit)
            (line,) = axes.plot(east, north, up, color=run_color(ri), label=names[ri])
            handle.lines[("trajectory", ri)] = line
            axes.plot(east, north, np.full_like(east, floor), color=run_color(ri), alpha=0.3, lw=1)
            first, last = _finite_ends(east, north, up)
            axes.plot([east[first]], [north[first]], [up[first]], "o", color=run_color(ri), ms=7)
            axes.plot([east[last]], [north[last]], [up[last]], "s", color=run_color(ri), ms=7)
        _apply_box(axes, box, unit, up_unit)
        note = f", ×{box.exaggeration:g} vertical" if box.exaggeration > 1 else ""
        axes.set_xlabel(f"East [{unit}]", labelpad=18)
        axes.set_ylabel(f"North [{unit}]", labelpad=18)
        axes.set_zlabel(f"Altitude MSL [{up_unit}]{note}", labelpad=_ZLABEL_PAD)
        set_title(handle, canvas, ax)
        add_run_legend(canvas, axes, names, owns_title(ax))
        if ax is None:
            reserved = add_footnote(canvas, handle.notes)
            if isinstance(canvas, Figure):
                top = 0.9 if len(recs) < 2 else 0.86
                _fit_box(axes, (0.0, reserved, 1.0, top))
    return handle


MIN_SIDE_FRACTION = 0.3
"""Shortest horizontal side of the 3D box, as a fraction of the longest."""
MIN_HORIZONTAL_M = 200.0
"""Smallest horizontal side of the 3D box [m] (a run that barely moved)."""
LEVEL_BELOW_M = 3.0
"""Altitude range [m] (about 10 ft) under which a flight is level: no exaggeration."""
MAX_EXAGGERATION = 50.0
"""Largest vertical exaggeration of the 3D box."""
_BOX_HEIGHT = (0.15, 0.4)  # box height aimed at, fraction of the longest horizontal side


@dataclass(frozen=True)
class _Box:
    """Limits of the 3D box [m] and its vertical exaggeration."""

    east_m: tuple[float, float]
    north_m: tuple[float, float]
    up_m: tuple[float, float]
    exaggeration: float


def _centred(low: float, high: float, span: float) -> tuple[float, float]:
    middle = 0.5 * (low + high)
    return middle - 0.5 * span, middle + 0.5 * span


def _box(tracks: Sequence[Track]) -> _Box:
    """Box limits: equal horizontal scale, the short side at least MIN_SIDE_FRACTION of
    the long one, and the vertical range widened so the box is 0.15..0.4 as tall as
    long at a round exaggeration (1 for level flight)."""

    def limits(values: list[np.ndarray]) -> tuple[float, float]:
        joined = np.concatenate(values)
        finite = joined[np.isfinite(joined)]
        return float(finite.min()), float(finite.max())

    e0, e1 = limits([tr.east_m for tr in tracks])
    n0, n1 = limits([tr.north_m for tr in tracks])
    z0, z1 = limits([tr.altitude_m for tr in tracks if tr.altitude_m is not None])
    longest = max(e1 - e0, n1 - n0, MIN_HORIZONTAL_M) * 1.04
    side = MIN_SIDE_FRACTION * longest
    east = _centred(e0, e1, max(e1 - e0, side) * 1.04)
    north = _centred(n0, n1, max(n1 - n0, side) * 1.04)
    climb = z1 - z0
    if climb < LEVEL_BELOW_M:
        factor = 1.0
    else:
        factor = min(_round_down_125(_BOX_HEIGHT[1] * longest / climb), MAX_EXAGGERATION)
    height = max(climb * 1.1, _BOX_HEIGHT[0] * longest / factor)
    up = _centred(z0, z1, height)
    if up[0] < 0.0 <= z0:  # level flight at true scale: keep the box above sea level
        up = (0.0, height)
    return _Box(east, north, up, factor)


def _apply_box(axes: Axes3D, box: _Box, unit: str, up_unit: str) -> None:
    """Set the limits (in display units), one scale for east/north, the exaggerated
    vertical, and tick locators that keep labels apart."""
    axes.set_xlim3d(*(float(to_display(np.array(v), "m", unit)) for v in box.east_m))
    axes.set_ylim3d(*(float(to_display(np.array(v), "m", unit)) for v in box.north_m))
    axes.set_zlim3d(*(float(to_display(np.array(v), "m", up_unit)) for v in box.up_m))
    dx = box.east_m[1] - box.east_m[0]
    dy = box.north_m[1] - box.north_m[0]
    dz = (box.up_m[1] - box.up_m[0]) * box.exaggeration
    axes.set_box_aspect((dx, dy, dz), zoom=1.15)
    longest = max(dx, dy)
    for axis, span in ((axes.xaxis, dx), (axes.yaxis, dy)):
        axis.set_major_locator(MaxNLocator(max(3, round(6 * span / longest))))
    axes.xaxis.set_major_formatter(_map_formatter(unit))
    axes.yaxis.set_major_formatter(_clear_of_altitude(_map_formatter(unit), axes.get_ylim3d()))
    axes.zaxis.set_major_locator(MaxNLocator(4))


CORNER_CLEAR = 0.12
"""Fraction of the north axis, at its altitude-axis end, left without tick labels."""


def _clear_of_altitude(
    formatter: FuncFormatter, north_limits: tuple[float, float]
) -> FuncFormatter:
    """North tick labels, none near the north maximum: in the default view the altitude
    axis stands at that corner, and a north tick there reads as one more altitude tick
    (a "0" under "3992")."""
    low, high = north_limits
    clear = CORNER_CLEAR * (high - low)
    return FuncFormatter(lambda value, pos: "" if high - value < clear else formatter(value, pos))


_ZLABEL_PAD = 4.0  # [pt]: the altitude label next to its tick labels, not floating off

_LABEL_ROOM_PX = (140.0, 70.0)  # room kept round the box for tick and axis labels (x, y)


def _fit_box(axes: Axes3D, rect: tuple[float, float, float, float]) -> None:
    """Zoom and place the 3D box so it fills ``rect`` (left, bottom, right, top; figure
    fractions) with room for its labels.

    mplot3d draws in a square axes and keeps a wide empty margin round the box;
    on a landscape page that leaves the box in the middle ~45 %. Here the zoom is
    set from the projected corners of the box, the axes is moved so the box is
    centred in ``rect``, and artists are not clipped to the square.
    """
    figure = axes.get_figure(root=True)
    if figure is None:
        return
    left, bottom, right, top = rect
    axes.set_position((left, bottom, right - left, top - bottom))
    size_px = figure.get_size_inches() * figure.dpi
    room = size_px * (right - left, top - bottom) - 2 * np.array(_LABEL_ROOM_PX)
    aspect = axes.get_box_aspect()
    limits = (axes.get_xlim3d(), axes.get_ylim3d(), axes.get_zlim3d())
    corners = np.array(list(itertools.product(*limits))).T
    zoom = 1.0

    def drawn_extent() -> tuple[np.ndarray, np.ndarray]:
        axes.set_box_aspect(aspect, zoom=zoom)
        axes.apply_aspect()
        xs, ys, _zs = proj3d.proj_transform(*corners, axes.get_proj())
        drawn = axes.transData.transform(np.column_stack([xs, ys]))
        return drawn.min(axis=0), drawn.max(axis=0)

    for _ in range(3):  # the perspective makes the size slightly non-linear in the zoom
        low, high = drawn_extent()
        zoom *= float(np.min(room / (high - low)))
    low, high = drawn_extent()
    shift = (size_px * ((left + right) / 2, (bottom + top) / 2) - (low + high) / 2) / size_px
    position = axes.get_position(original=True)
    axes.set_position(
        (position.x0 + shift[0], position.y0 + shift[1], position.width, position.height)
    )
    for artist in axes.get_children():
        artist.set_clip_on(False)


def _round_down_125(value: float) -> float:
    """The largest of 1, 2, 5, 10, 20, 50 ... not above ``value`` (1 when ``value`` < 1)."""
    if value < 1.0:
        return 1.0
    decade = 10.0 ** math.floor(math.log10(value))
    return max(step * decade for step in (1.0, 2.0, 5.0) if step * decade <= value)
