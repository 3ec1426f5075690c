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

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import ScalarFormatter

from flightsim.plots import quantities as q
from flightsim.plots.canvas import (
    AxesArg,
    FigureLike,
    Recordings,
    add_footnote,
    add_run_legend,
    as_list,
    canvas_of,
    figure_of,
    owns_title,
    panel_axes,
    run_labels,
    set_title,
)
from flightsim.plots.decimate import DEFAULT_MAX_POINTS, minmax_decimate
from flightsim.plots.handles import MissingProperties, PlotHandle, PlotResult
from flightsim.plots.quantities import (
    Quantity,
    Series,
    UnitSystem,
    check_unit_system,
    plain_text,
    unit_label,
)
from flightsim.plots.style import line_style, run_color, style_context
from flightsim.recording import Recording


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
    "Engine and fuel",
    (_panel(q.ENGINE_RPM, q.N1, q.N2), _panel(q.THRUST), _panel(q.FUEL)),
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
    fig: FigureLike | None = None,
    ax: AxesArg = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> PlotResult:
    """Draw any :class:`TimeFigure` (the figure functions below are this with a spec).

    With ``ax=``, give one Axes per panel of ``spec`` (panels nobody recorded
    get a "not recorded" note on their axes). Per-engine quantities (engine
    speed, thrust, throttle) get one line per engine the recordings hold,
    told apart by line style. A quantity that is NaN throughout counts as not
    recorded, with a note saying so.
    """
    recs = as_list(recordings)
    system = check_unit_system(units)
    names = run_labels(recs, labels)
    data = [
        _PanelData.gather(_for_engines(panel, recs), recs, names, system) for panel in spec.panels
    ]
    if not any(d.present for d in data):
        needed = tuple(
            (plain_text(qt.label), qt.property_names)
            for d in data
            for qt, recorded in zip(d.panel.quantities, d.recorded, strict=True)
            if not recorded
        )
        return MissingProperties(spec.title, needed, tuple(u for d in data for u in d.unusable))
    with style_context():
        count = len(spec.panels) if ax is not None else sum(d.present for d in data)
        axes = panel_axes(count, fig, ax)
        canvas = canvas_of(axes[0], fig)
        handle = PlotHandle(spec.title, figure_of(axes[0]), axes)
        drawn = iter(axes)
        for d in data:
            handle.notes.extend(d.notes)
            if d.present:
                _draw_panel(handle, next(drawn), d, names, max_points)
            elif ax is not None:
                _mark_not_recorded(next(drawn), d.panel)
        t_start = min(float(np.min(rec.time_s)) for rec in recs)
        t_end = max(float(np.max(rec.time_s)) for rec in recs)  # a reset goes back in time
        if t_end > t_start:
            axes[-1].set_xlim(t_start, t_end)
        axes[-1].set_xlabel("Time [s]")
        _mark_phases(axes, recs)
        if ax is None:
            canvas.align_ylabels(axes)
        set_title(handle, canvas, ax)
        add_run_legend(canvas, axes[0], names, owns_title(ax))
        if ax is None:
            add_footnote(canvas, handle.notes)
    return handle


def _for_engines(panel: Panel, recordings: Sequence[Recording]) -> Panel:
    """``panel`` with each per-engine quantity replaced by one per recorded engine."""
    expanded = tuple(
        qt.for_engine(index) if qt.per_engine else qt
        for qt in panel.quantities
        for index in qt.engines(recordings)
    )
    return Panel(panel.label, expanded)


@dataclass
class _PanelData:
    """One panel's series (``series[quantity][run]``, ``None`` when not usable) and notes."""

    panel: Panel
    series: list[list[Series | None]]
    recorded: list[bool]  # per quantity: whether any run holds one of its properties
    unusable: list[str]
    notes: list[str]

    @property
    def present(self) -> bool:
        return any(s is not None for per_run in self.series for s in per_run)

    @classmethod
    def gather(
        cls, panel: Panel, recs: Sequence[Recording], names: Sequence[str], system: UnitSystem
    ) -> _PanelData:
        series: list[list[Series | None]] = []
        recorded: list[bool] = []
        unusable: list[str] = []
        lacking: dict[str, list[str]] = {}
        for quantity in panel.quantities:
            per_run = [q.series(rec, quantity, system) for rec in recs]
            recorded.append(any(s is not None for s in per_run))
            for ri, s in enumerate(per_run):
                if s is not None and not np.isfinite(s.values).any():
                    unusable.append(f"{s.source} (NaN throughout in {names[ri]})")
                    per_run[ri] = None
            series.append(per_run)
        data = cls(panel, series, recorded, unusable, [])
        label = plain_text(panel.label)
        if not data.present:
            if unusable:
                data.notes.append(f"{label}: no finite values: {', '.join(unusable)}")
            else:
                data.notes.append(f"{label}: not recorded ({_props(panel)})")
            return data
        for quantity, per_run in zip(panel.quantities, series, strict=True):
            if any(s is not None for s in per_run):
                for ri, s in enumerate(per_run):
                    if s is None:
                        lacking.setdefault(names[ri], []).append(plain_text(quantity.label))
        data.notes.extend(f"not recorded in {run}: {', '.join(q)}" for run, q in lacking.items())
        data.notes.extend(f"{label}: {u}" for u in unusable)
        return data


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


_PHASE_FONT_PT = 8.0
_PHASE_ROW_PT = 10.0  # height of one row of phase names above the top panel
_PHASE_ROWS = 3


def _mark_phases(axes: Sequence[Axes], recs: Sequence[Recording]) -> None:
    """Dotted vertical lines at the phase starts of every run, named in a strip above the
    top panel (never over the data); names that would touch go one row up.

    With several runs each run's phases are drawn in its colour; a phase that every
    run starts at the same time is drawn once, in grey.
    """
    phases = _phases_by_colour(recs)
    if not phases:
        return
    top = axes[0]
    t0, t1 = top.get_xlim()
    figure = top.get_figure(root=True)
    width_pt = top.get_position().width * (figure.get_size_inches()[0] if figure else 11.0) * 72
    row_end = [-math.inf] * _PHASE_ROWS
    for t_s, name, line_color, text_color in phases:
        for panel in axes:
            panel.axvline(t_s, color=line_color, lw=0.8, ls=":", zorder=0)
        if not t0 <= t_s <= t1:
            continue
        start_pt = (t_s - t0) / (t1 - t0) * width_pt if t1 > t0 else 0.0
        row = next((r for r, end in enumerate(row_end) if end < start_pt), _PHASE_ROWS - 1)
        row_end[row] = start_pt + 0.62 * _PHASE_FONT_PT * len(name) + 6.0
        top.annotate(
            name,
            (t_s, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, 2 + row * _PHASE_ROW_PT),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=_PHASE_FONT_PT,
            color=text_color,
            annotation_clip=False,
        )


_PHASE_GREY = ("0.6", "0.35")  # (line, text) of a phase shared by every run


def _phases_by_colour(recs: Sequence[Recording]) -> list[tuple[float, str, str, str]]:
    """``(start [s], name, line colour, text colour)`` of every run's phases, by time."""
    per_run = [set(phase_starts(rec.meta)) for rec in recs]
    shared = set.intersection(*per_run) if per_run else set()
    found = [(t_s, name, *_PHASE_GREY) for t_s, name in shared]
    for ri, phases in enumerate(per_run):
        color = run_color(ri)
        found += [(t_s, name, color, color) for t_s, name in phases - shared]
    return sorted(found)


def _props(panel: Panel) -> str:
    names = dict.fromkeys(p for quantity in panel.quantities for p in quantity.property_names)
    return " or ".join(names)


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
    handle: PlotHandle, axes: Axes, data: _PanelData, names: Sequence[str], max_points: int
) -> None:
    """Draw one panel: a line per quantity and run, a style legend when it holds several
    quantities, a y range of at least the quantities' minimum span."""
    units_seen: list[str] = []
    style_handles: list[Line2D] = []
    drawn = [
        (quantity, per_run)
        for quantity, per_run in zip(data.panel.quantities, data.series, strict=True)
        if any(s is not None for s in per_run)
    ]
    engines = {quantity.engine for quantity, _ in drawn if quantity.engine is not None}
    floor = 0.0
    lows: list[float] = []
    highs: list[float] = []
    wrapped_low: float | None = None
    for qi, (quantity, per_run) in enumerate(drawn):
        runs = [(ri, s) for ri, s in enumerate(per_run) if s is not None]
        low = _wrap_low([s.values for _, s in runs], quantity.period_deg)
        if low is not None:
            wrapped_low = low
        name = _legend_name(quantity, data.panel, multi_engine=len(engines) > 1)
        for ri, s in runs:
            if s.unit not in units_seen:
                units_seen.append(s.unit)
            values = s.values
            if low is not None and quantity.period_deg is not None:
                values = (values - low) % quantity.period_deg + low
            t, y = minmax_decimate(s.time_s, values, max_points)
            if quantity.period_deg is not None:
                t, y = _break_wraps(t, y, quantity.period_deg)
            t, y = _break_resets(t, y)
            (line,) = axes.plot(t, y, color=run_color(ri), linestyle=line_style(qi))
            line.set_label(f"{name} — {names[ri]}")
            handle.lines[(quantity.key, ri)] = line
            finite = y[np.isfinite(y)]
            lows.append(float(finite.min()))
            highs.append(float(finite.max()))
            floor = max(floor, quantity.span_floor(s.unit, finite))
        if len(drawn) > 1:
            style_handles.append(Line2D([], [], color="0.25", linestyle=line_style(qi), label=name))
    unit_text = ", ".join(unit_label(u) for u in units_seen)
    axes.set_ylabel(f"{data.panel.label} [{unit_text}]")
    if style_handles:
        axes.legend(handles=style_handles, loc="best", ncols=1 if len(style_handles) < 5 else 2)
    _ensure_span(axes, min(lows), max(highs), floor)
    if wrapped_low is not None and wrapped_low < 0.0:
        axes.yaxis.set_major_formatter(_CompassFormatter())


class _CompassFormatter(ScalarFormatter):
    """Tick labels of a heading shown in -180..180 deg, written as compass headings
    (-10 -> 350), with the decimals the default formatter would give."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        heading = round(x, 9) % 360.0
        return str(super().__call__(0.0 if heading >= 360.0 - 1e-9 else heading, pos))


def _legend_name(quantity: Quantity, panel: Panel, *, multi_engine: bool) -> str:
    """A line's name in a panel legend: the quantity, with its engine when there are several."""
    if not multi_engine or quantity.engine is None:
        return quantity.label
    engine = f"engine {quantity.engine + 1}"
    return engine if quantity.label == panel.label else f"{quantity.label}, {engine}"


def _ensure_span(axes: Axes, low: float, high: float, floor: float) -> None:
    """Widen the y range around the data to at least ``floor`` (a near-constant signal
    is drawn flat in the middle, not magnified into apparent motion)."""
    if high - low < floor:
        middle, half = 0.5 * (low + high), 0.55 * floor
        axes.set_ylim(middle - half, middle + half)


def _wrap_low(values: Sequence[np.ndarray], period_deg: float | None) -> float | None:
    """Lower end of the window [deg] an angle is shown in: 0 (0..360), or -180 (-180..180)
    when that gives the runs a clearly smaller range (a flight around north stays in
    one piece). ``None`` for quantities that do not wrap."""
    if period_deg is None:
        return None

    def span(low: float) -> float:
        shown = [(v - low) % period_deg + low for v in values]
        finite = np.concatenate([s[np.isfinite(s)] for s in shown])
        return float(finite.max() - finite.min()) if finite.size else 0.0

    return -0.5 * period_deg if span(-0.5 * period_deg) < span(0.0) - 1.0 else 0.0


def _break_wraps(t: np.ndarray, y: np.ndarray, period_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Insert a NaN where the angle jumps by more than half a period (359 -> 0 deg), so
    the line breaks there instead of crossing the panel."""
    jumps = np.flatnonzero(np.abs(np.diff(y)) > 0.5 * period_deg)
    if not jumps.size:
        return t, y
    middle = 0.5 * (t[jumps] + t[jumps + 1])
    return np.insert(t, jumps + 1, middle), np.insert(y, jumps + 1, np.nan)


def _break_resets(t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Insert a NaN where the time goes back (a reset set the clock back to 0), so the
    flight after each reset is drawn as its own segment, not joined to the one before."""
    resets = np.flatnonzero(np.diff(t) < 0.0)
    if not resets.size:
        return t, y
    return np.insert(t, resets + 1, np.nan), np.insert(y, resets + 1, np.nan)


class TimeFigureFunction(Protocol):
    """Signature shared by the time-history figure functions."""

    def __call__(
        self,
        recordings: Recordings,
        *,
        units: str = "imperial",
        labels: Sequence[str] | None = None,
        fig: FigureLike | None = None,
        ax: AxesArg = None,
        max_points: int = DEFAULT_MAX_POINTS,
    ) -> PlotResult: ...


def _figure_function(spec: TimeFigure, name: str, doc: str) -> TimeFigureFunction:
    def plot(
        recordings: Recordings,
        *,
        units: str = "imperial",
        labels: Sequence[str] | None = None,
        fig: FigureLike | None = None,
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
