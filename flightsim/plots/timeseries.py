"""Time-history figures: stacked panels of quantities against simulation time.

Every function takes one recording or several (overlaid, one colour per run),
``units="imperial"|"si"``, optional ``labels``, and where to draw: ``fig=`` (a
Figure to fill with the panels), ``ax=`` (one Axes per panel) or neither (a new
figure). It returns a :class:`~flightsim.plots.handles.PlotHandle`, or
:class:`~flightsim.plots.handles.MissingProperties` when no run recorded any of
the figure's quantities (nothing is drawn then). A panel that no run recorded is
left out and named in ``handle.notes``. Series longer than ``max_points`` are
thinned by :func:`~flightsim.plots.decimate.minmax_decimate` (peaks kept).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from flightsim.plots import quantities as q
from flightsim.plots.canvas import (
    AxesArg,
    Recordings,
    add_run_legend,
    as_list,
    figure_of,
    owns_title,
    panel_axes,
    run_labels,
    set_title,
)
from flightsim.plots.decimate import DEFAULT_MAX_POINTS, minmax_decimate
from flightsim.plots.handles import MissingProperties, PlotHandle, PlotResult
from flightsim.plots.quantities import Quantity, Series, check_unit_system, unit_label
from flightsim.plots.style import line_style, run_color, style_context
from flightsim.sim.recording import Recording


@dataclass(frozen=True)
class Panel:
    """One axes of a time-history figure: quantities sharing a y axis (and a unit)."""

    label: str
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True)
class TimeFigure:
    """A time-history figure: a title and its panels, top to bottom."""

    title: str
    panels: tuple[Panel, ...]


def _panel(*quantities: Quantity, label: str | None = None) -> Panel:
    return Panel(label or quantities[0].label, quantities)


ALTITUDE_FIGURE = TimeFigure(
    "Altitude and vertical speed", (_panel(q.ALTITUDE), _panel(q.VERTICAL_SPEED))
)
AIRSPEED_FIGURE = TimeFigure(
    "Airspeed and Mach number", (_panel(q.KCAS, q.KTAS, label="Airspeed"), _panel(q.MACH))
)
ATTITUDE_FIGURE = TimeFigure(
    "Attitude (Euler angles)", (_panel(q.ROLL), _panel(q.PITCH), _panel(q.HEADING))
)
BODY_RATES_FIGURE = TimeFigure(
    "Body angular rates", (_panel(q.ROLL_RATE), _panel(q.PITCH_RATE), _panel(q.YAW_RATE))
)
AERO_ANGLES_FIGURE = TimeFigure("Angle of attack and sideslip", (_panel(q.ALPHA), _panel(q.BETA)))
LOAD_FACTOR_FIGURE = TimeFigure("Load factor", (_panel(q.LOAD_FACTOR),))
CONTROLS_FIGURE = TimeFigure(
    "Control surfaces and throttle",
    (_panel(q.ELEVATOR), _panel(q.AILERON), _panel(q.RUDDER), _panel(q.THROTTLE)),
)
ENGINE_FIGURE = TimeFigure(
    "Engine and fuel", (_panel(q.ENGINE_RPM), _panel(q.THRUST), _panel(q.FUEL))
)
TIME_FIGURES: tuple[TimeFigure, ...] = (
    ALTITUDE_FIGURE,
    AIRSPEED_FIGURE,
    ATTITUDE_FIGURE,
    BODY_RATES_FIGURE,
    AERO_ANGLES_FIGURE,
    LOAD_FACTOR_FIGURE,
    CONTROLS_FIGURE,
    ENGINE_FIGURE,
)
"""The standard time-history figures, in report order."""


def plot_time_figure(
    spec: TimeFigure,
    recordings: Recordings,
    *,
    units: str = "imperial",
    labels: Sequence[str] | None = None,
    fig: Figure | None = None,
    ax: AxesArg = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> PlotResult:
    """Draw any :class:`TimeFigure` (the figure functions below are this with a spec).

    With ``ax=``, give one Axes per panel of ``spec`` (panels nobody recorded
    get a "not recorded" note on their axes).
    """
    recs = as_list(recordings)
    system = check_unit_system(units)
    names = run_labels(recs, labels)
    found = [
        [[q.series(rec, quantity, system) for rec in recs] for quantity in panel.quantities]
        for panel in spec.panels
    ]
    present = [any(s is not None for per_q in panel for s in per_q) for panel in found]
    if not any(present):
        needed = tuple((qt.label, qt.properties) for p in spec.panels for qt in p.quantities)
        return MissingProperties(spec.title, needed)
    with style_context():
        count = len(spec.panels) if ax is not None else sum(present)
        axes = panel_axes(count, fig, ax)
        handle = PlotHandle(spec.title, figure_of(axes[0]), axes)
        drawn = iter(axes)
        missing: dict[str, list[str]] = {}
        for panel, per_quantity, is_present in zip(spec.panels, found, present, strict=True):
            if not is_present:
                handle.notes.append(f"{panel.label}: not recorded ({_props(panel)})")
                if ax is not None:
                    _mark_not_recorded(next(drawn), panel)
                continue
            _draw_panel(handle, next(drawn), panel, per_quantity, names, max_points, missing)
        for run, lacking in missing.items():
            handle.notes.append(f"not recorded in {run}: {', '.join(lacking)}")
        t_start = min(float(rec.time_s[0]) for rec in recs)
        t_end = max(float(rec.time_s[-1]) for rec in recs)
        if t_end > t_start:
            axes[-1].set_xlim(t_start, t_end)
        axes[-1].set_xlabel("Time [s]")
        if len(recs) == 1:
            _mark_phases(axes, recs[0])
        if ax is None:
            handle.figure.align_ylabels(axes)
        set_title(handle, ax)
        add_run_legend(handle.figure, axes[0], names, owns_title(ax))
    return handle


PHASE_KEY = re.compile(r"^[\w-]+/([\w-]+)-start-s$")
"""Metadata keys of phase starts [s], e.g. ``demo/turn-start-s`` written by the demo."""


def phase_starts(meta: Mapping[str, object]) -> list[tuple[float, str]]:
    """``(start time [s], phase name)`` of every ``<source>/<phase>-start-s`` key, by time."""
    found = []
    for key, value in meta.items():
        match = PHASE_KEY.match(key)
        if match and isinstance(value, (int, float)) and not isinstance(value, bool):
            found.append((float(value), match.group(1)))
    return sorted(found)


def _mark_phases(axes: Sequence[Axes], rec: Recording) -> None:
    """Dotted vertical lines at the phase starts of ``rec``, named (upright text, so
    close starts stay readable) on the top panel."""
    for t_s, name in phase_starts(rec.meta):
        for panel in axes:
            panel.axvline(t_s, color="0.6", lw=0.8, ls=":", zorder=0)
        axes[0].annotate(
            name,
            (t_s, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            rotation=90,
            ha="left",
            va="top",
            fontsize="small",
            color="0.4",
        )


def _props(panel: Panel) -> str:
    return " or ".join(p for quantity in panel.quantities for p in quantity.properties)


def _mark_not_recorded(axes: Axes, panel: Panel) -> None:
    axes.text(
        0.5,
        0.5,
        f"{panel.label}: not recorded",
        ha="center",
        va="center",
        transform=axes.transAxes,
        color="0.4",
    )
    axes.set_ylabel(panel.label)


def _draw_panel(
    handle: PlotHandle,
    axes: Axes,
    panel: Panel,
    per_quantity: list[list[Series | None]],
    names: Sequence[str],
    max_points: int,
    missing: dict[str, list[str]],
) -> None:
    """Draw one panel; quantities some runs lack go into ``missing[run label]``."""
    units_seen: list[str] = []
    style_handles: list[Line2D] = []
    for qi, (quantity, per_run) in enumerate(zip(panel.quantities, per_quantity, strict=True)):
        if any(s is not None for s in per_run):
            for ri, s in enumerate(per_run):
                if s is None:
                    missing.setdefault(names[ri], []).append(quantity.label)
        for ri, s in enumerate(per_run):
            if s is None:
                continue
            if s.unit not in units_seen:
                units_seen.append(s.unit)
            t, y = minmax_decimate(s.time_s, s.values, max_points)
            (line,) = axes.plot(t, y, color=run_color(ri), linestyle=line_style(qi))
            line.set_label(f"{quantity.label} — {names[ri]}")
            handle.lines[(quantity.key, ri)] = line
        if len(panel.quantities) > 1 and any(s is not None for s in per_run):
            style_handles.append(
                Line2D([], [], color="0.25", linestyle=line_style(qi), label=quantity.label)
            )
    unit_text = ", ".join(unit_label(u) for u in units_seen)
    axes.set_ylabel(f"{panel.label} [{unit_text}]")
    if style_handles:
        axes.legend(handles=style_handles, loc="best")


class TimeFigureFunction(Protocol):
    """Signature shared by the time-history figure functions."""

    def __call__(
        self,
        recordings: Recordings,
        *,
        units: str = "imperial",
        labels: Sequence[str] | None = None,
        fig: Figure | None = None,
        ax: AxesArg = None,
        max_points: int = DEFAULT_MAX_POINTS,
    ) -> PlotResult: ...


def _figure_function(spec: TimeFigure, name: str, doc: str) -> TimeFigureFunction:
    def plot(
        recordings: Recordings,
        *,
        units: str = "imperial",
        labels: Sequence[str] | None = None,
        fig: Figure | None = None,
        ax: AxesArg = None,
        max_points: int = DEFAULT_MAX_POINTS,
    ) -> PlotResult:
        return plot_time_figure(
            spec, recordings, units=units, labels=labels, fig=fig, ax=ax, max_points=max_points
        )

    plot.__name__ = plot.__qualname__ = name
    plot.__doc__ = f"{doc}\n\nPanels: {', '.join(p.label for p in spec.panels)}. {_COMMON_DOC}"
    return plot


_COMMON_DOC = (
    "Options as in plot_time_figure: units='imperial'|'si', labels, fig=, ax= "
    "(one Axes per panel), max_points."
)

plot_altitude = _figure_function(
    ALTITUDE_FIGURE,
    "plot_altitude",
    "Altitude above sea level [ft | m] and vertical speed [ft/min | m/s] against time [s].",
)
plot_airspeed = _figure_function(
    AIRSPEED_FIGURE,
    "plot_airspeed",
    "Calibrated and true airspeed [kt | m/s] (solid, dashed) and Mach number against time [s].",
)
plot_attitude = _figure_function(
    ATTITUDE_FIGURE, "plot_attitude", "Roll φ, pitch θ and heading ψ [deg] against time [s]."
)
plot_body_rates = _figure_function(
    BODY_RATES_FIGURE,
    "plot_body_rates",
    "Body-axis roll, pitch and yaw rates p, q, r [deg/s] against time [s].",
)
plot_aero_angles = _figure_function(
    AERO_ANGLES_FIGURE,
    "plot_aero_angles",
    "Angle of attack α and sideslip β [deg] against time [s].",
)
plot_load_factor = _figure_function(
    LOAD_FACTOR_FIGURE,
    "plot_load_factor",
    "Normal load factor n_z [g] (1 in level flight) against time [s].",
)
plot_controls = _figure_function(
    CONTROLS_FIGURE,
    "plot_controls",
    "Elevator, left aileron and rudder positions [deg] (commands [norm.] when positions are "
    "not recorded) and throttle [norm.] against time [s].",
)
plot_engine = _figure_function(
    ENGINE_FIGURE,
    "plot_engine",
    "Engine speed [rpm], thrust [lbf | N] and fuel on board [lb | kg] against time [s].",
)
